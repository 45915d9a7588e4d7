"""Reads of legal work, scoped to the reader.

A family's case is visible to a reader who may see at least one of its children; the
children they may not see are left out of everything shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404

from lantern.access.policy import visible_child_ids
from lantern.core.calendar import ENGLAND
from lantern.core.rules import get_rule
from lantern.core.units import add_period
from lantern.people.models import Child

from .facts import L1_WEEKS, timetable_ends
from .models import (
    Application,
    ConnectedPerson,
    FamilyGroupConference,
    Hearing,
    HearingKind,
    LegalCase,
    LegalCaseChild,
    PermanencePlan,
    PreProceedings,
    PreProceedingsMeeting,
    Proceedings,
    ProceedingsExtension,
    ViabilityAssessment,
)


def case_for(user, case_id) -> LegalCase:
    """The case with this id if the user may see one of its children; otherwise 404, as if
    it did not exist. ``case.visible_children`` holds the children the user may see."""
    try:
        case = LegalCase.objects.select_related("owner").get(pk=int(case_id))
    except (LegalCase.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case") from None
    children = list(Child.objects.filter(legal_memberships__case=case, pk__in=visible_child_ids(user))
                    .order_by("date_of_birth", "pk"))
    if not children:
        raise Http404("No such case")
    case.visible_children = children
    return case


# --- The tracker: every family with open pre-proceedings or proceedings -----------------

# The figures come from the rule catalogue; the ledger's due dates (which follow the council's
# own settings) win wherever a clock is running.
L3_DEFAULT = get_rule("L3").period
REVIEW_PERIOD = get_rule("L11").period


class Flag:
    """The drift flags of a family's legal work (key, words)."""

    NO_REVIEW = "no-review"
    PAST_TARGET = "past-target"
    PAST_26 = "past-26"
    FINAL_NO_PLAN = "final-no-plan"
    UNASSESSED = "unassessed"


FLAGS = {
    Flag.NO_REVIEW: f"No review meeting for {REVIEW_PERIOD}",
    Flag.PAST_TARGET: "Past the pre-proceedings target with no decision",
    Flag.PAST_26: f"Proceedings past {L1_WEEKS} weeks",
    Flag.FINAL_NO_PLAN: "Final hearing listed with no permanence plan",
    Flag.UNASSESSED: "Connected person not assessed",
}

PRE_PROCEEDINGS, PROCEEDINGS = "pre-proceedings", "proceedings"
STAGES = {PRE_PROCEEDINGS: "Pre-proceedings", PROCEEDINGS: "Proceedings"}


def unassessed_placements():
    """Open placements with a connected person who is not assessed (no positive viability
    assessment, no temporary or full approval) and not resolved: ``Placement.unassessed``
    (and ``resolved_on is None``) as one filter, for reads across many children."""
    from lantern.care.models import CarerKind, Placement

    return (Placement.objects.filter(end__isnull=True, period__end__isnull=True,
                                     carer_kind=CarerKind.CONNECTED_PERSON, temporary_approval=False,
                                     approved_on__isnull=True, resolved_on__isnull=True)
            .filter(Q(connected_person__isnull=True) | Q(connected_person__assessed_on__isnull=True)))


def unassessed_child_ids(child_ids) -> set[int]:
    """Of these children, those placed with a connected person not assessed (one query)."""
    return set(unassessed_placements().filter(child_id__in=child_ids).values_list("child_id", flat=True))


@dataclass
class TrackedChild:
    pk: int
    name: str
    unassessed: bool = False
    in_care: bool = False
    has_plan: bool = False


@dataclass
class Alternatives:
    people: int = 0
    positive: int = 0
    negative: int = 0
    awaited: int = 0
    fgcs_held: int = 0


@dataclass
class TrackerRow:
    case_id: int
    reference: str
    family_name: str
    owner_id: int
    owner_name: str
    children: list[TrackedChild]
    stage: str
    started_on: date
    weeks_elapsed: int
    target_weeks: int
    target_on: date
    application: str = ""
    timetable_ends: date | None = None
    next_on: date | None = None
    next_label: str = ""
    last_meeting_on: date | None = None
    alternatives: Alternatives = field(default_factory=Alternatives)
    flags: list[str] = field(default_factory=list)

    @property
    def stage_label(self) -> str:
        return STAGES[self.stage]

    @property
    def flag_labels(self) -> list[str]:
        return [FLAGS[f] for f in self.flags]

    @property
    def past_target(self) -> bool:
        return self.weeks_elapsed > self.target_weeks


def _weeks(start: date, today: date) -> int:
    return max(0, (today - start).days // 7)


def pre_proceedings_flags(started: date, *, today: date, last_meeting: date | None,
                          target_on: date, review_due: date | None = None) -> list[str]:
    """Open pre-proceedings: the next review meeting overdue (the ledger's L11 due date; with
    no clock running, the rule's interval from the last meeting, or the start before the
    first); past the target (the L3 due date) with no decision."""
    flags = []
    due = review_due or add_period(last_meeting or started, REVIEW_PERIOD, ENGLAND)
    if today > due:
        flags.append(Flag.NO_REVIEW)
    if today > target_on:
        flags.append(Flag.PAST_TARGET)
    return flags


def proceedings_flags(issued: date, *, today: date, final_listed: bool, children) -> list[str]:
    """Open proceedings: more than 26 weeks since issue (extensions or not: the timetable's
    end is shown beside it); a final hearing listed while a child of the family is in care
    with no plan for permanence."""
    flags = []
    if today > issued + timedelta(weeks=L1_WEEKS):
        flags.append(Flag.PAST_26)
    if final_listed and any(k.in_care and not k.has_plan for k in children):
        flags.append(Flag.FINAL_NO_PLAN)
    return flags


def care_and_flag(tracked: dict[int, list[TrackedChild]]) -> None:
    """Mark each tracked child in care (an open period of care), with or without a plan for
    permanence for that period, and placed with a connected person not assessed (one query:
    an unassessed placement is an open one, in an open period)."""
    from lantern.care.models import PeriodOfCare

    for child_id, has_plan, unassessed in PeriodOfCare.objects.filter(
            child_id__in=list(tracked), end__isnull=True).annotate(
            planned=Exists(PermanencePlan.objects.filter(period=OuterRef("pk"))),
            unassessed=Exists(unassessed_placements().filter(period=OuterRef("pk")))).values_list(
            "child_id", "planned", "unassessed"):
        for kid in tracked[child_id]:
            kid.in_care, kid.has_plan, kid.unassessed = True, has_plan, unassessed or kid.unassessed


def tracker(user, *, today: date, case_ids=None) -> list[TrackerRow]:
    """The families with open pre-proceedings or open proceedings that have a child ``user``
    may see (only those children shown), with the stage, the weeks against the target, the
    next meeting or hearing, the alternatives to care explored and the drift flags; in
    family order. A fixed number of queries (14) whatever the number of families;
    ``case_ids`` narrows it to some families (a family's page)."""
    from lantern.obligations.models import Obligation
    from lantern.obligations.selectors import OPEN

    open_pp = PreProceedings.objects.filter(decision_on__isnull=True)
    open_proc = Proceedings.objects.filter(concluded_on__isnull=True)
    members = LegalCaseChild.objects.filter(
        Q(case_id__in=open_pp.values("case_id")) | Q(case_id__in=open_proc.values("case_id")),
        child_id__in=visible_child_ids(user), case__closed_on__isnull=True)
    if case_ids is not None:
        members = members.filter(case_id__in=case_ids)
    children: dict[int, list[TrackedChild]] = defaultdict(list)
    by_child: dict[int, list[TrackedChild]] = defaultdict(list)
    for case_id, child_id, first, last in members.order_by(
            "child__date_of_birth", "child_id").values_list(
            "case_id", "child_id", "child__first_name", "child__last_name"):
        tracked = TrackedChild(child_id, f"{first} {last}")
        children[case_id].append(tracked)
        by_child[child_id].append(tracked)
    if not children:
        return []
    ids = list(children)
    child_ids = list(by_child)
    cases = list(LegalCase.objects.filter(pk__in=ids).values_list(
        "pk", "reference", "family_name", "owner_id", "owner__first_name", "owner__last_name"))
    pps = {case_id: (pk, started) for pk, case_id, started in open_pp.filter(case_id__in=ids).order_by(
        "started_on", "pk").values_list("pk", "case_id", "started_on")}
    procs = {case_id: (pk, application, issued) for pk, case_id, application, issued in open_proc.filter(
        case_id__in=ids).order_by("issued_on", "pk").values_list("pk", "case_id", "application", "issued_on")}
    proc_ids = [pk for pk, _a, _i in procs.values()]
    pp_ids = [pk for pk, _s in pps.values()]
    extensions: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for proc_id, granted, weeks in ProceedingsExtension.objects.filter(
            proceedings_id__in=proc_ids).values_list("proceedings_id", "granted_on", "weeks"):
        extensions[proc_id].append((granted, weeks))
    next_hearing: dict[int, tuple[date, str]] = {}
    final_listed: set[int] = set()
    kinds = dict(HearingKind.choices)
    for proc_id, kind, listed in Hearing.objects.filter(
            proceedings_id__in=proc_ids, held=False, adjourned=False, listed_for__gte=today).order_by(
            "listed_for", "pk").values_list("proceedings_id", "kind", "listed_for"):
        next_hearing.setdefault(proc_id, (listed, kinds.get(kind, kind)))
        if kind == HearingKind.FINAL:
            final_listed.add(proc_id)
    last_meeting = dict(PreProceedingsMeeting.objects.filter(pre_proceedings_id__in=pp_ids).values(
        "pre_proceedings_id").annotate(last=Max("held_on")).values_list("pre_proceedings_id", "last"))
    targets: dict[str, date] = {}
    reviews: dict[str, date] = {}
    for scope, due in Obligation.objects.filter(
            rule_id="L3", scope__in=[f"preproceedings:{pk}" for pk in pp_ids],
            child_id__in=child_ids).order_by("start_on").values_list("scope", "due_on"):
        targets.setdefault(scope, due)
    for scope, due in Obligation.objects.filter(
            OPEN, rule_id="L11", scope__in=[f"preproceedings:{pk}" for pk in pp_ids],
            child_id__in=child_ids).order_by("due_on").values_list("scope", "due_on"):
        reviews.setdefault(scope, due)
    alternatives: dict[int, Alternatives] = defaultdict(Alternatives)
    latest: dict[int, tuple[int, str, bool]] = {}
    people = dict(ConnectedPerson.objects.filter(case_id__in=ids).values_list("pk", "case_id"))
    for person_id, outcome, done in ViabilityAssessment.objects.filter(
            person_id__in=list(people)).order_by("requested_on", "pk").values_list(
            "person_id", "outcome", "completed_on"):
        latest[person_id] = (person_id, outcome, done is not None)
    for person_id, case_id in people.items():
        alt = alternatives[case_id]
        alt.people += 1
        _p, outcome, done = latest.get(person_id, (person_id, "", False))
        if outcome == "positive":
            alt.positive += 1
        elif outcome == "negative":
            alt.negative += 1
        elif person_id in latest and not done:
            alt.awaited += 1
    for case_id, held in FamilyGroupConference.objects.filter(
            case_id__in=ids, held_on__isnull=False).values("case_id").annotate(
            n=Count("pk")).values_list("case_id", "n"):
        alternatives[case_id].fgcs_held = held
    care_and_flag(by_child)
    applications = dict(Application.choices)
    rows = []
    for case_id, reference, family, owner_id, owner_first, owner_last in cases:
        kids = children[case_id]
        common = {"case_id": case_id, "reference": reference, "family_name": family,
                  "owner_id": owner_id, "owner_name": f"{owner_first} {owner_last}", "children": kids,
                  "alternatives": alternatives[case_id]}
        if case_id in procs:
            proc_id, application, issued = procs[case_id]
            listed = next_hearing.get(proc_id)
            row = TrackerRow(**common, stage=PROCEEDINGS, started_on=issued,
                             weeks_elapsed=_weeks(issued, today), target_weeks=L1_WEEKS,
                             target_on=issued + timedelta(weeks=L1_WEEKS),
                             application=applications.get(application, application),
                             timetable_ends=timetable_ends(issued, extensions.get(proc_id, [])),
                             next_on=listed[0] if listed else None, next_label=listed[1] if listed else "")
            row.flags += proceedings_flags(issued, today=today, final_listed=proc_id in final_listed,
                                           children=kids)
        else:
            pp_id, started = pps[case_id]
            scope = f"preproceedings:{pp_id}"
            target_on = targets.get(scope) or add_period(started, L3_DEFAULT, ENGLAND)
            row = TrackerRow(**common, stage=PRE_PROCEEDINGS, started_on=started,
                             weeks_elapsed=_weeks(started, today),
                             target_weeks=(target_on - started).days // 7, target_on=target_on,
                             next_on=reviews.get(scope), next_label="Review meeting due" if scope in reviews else "",
                             last_meeting_on=last_meeting.get(pp_id))
            row.flags += pre_proceedings_flags(started, today=today, last_meeting=row.last_meeting_on,
                                               target_on=target_on, review_due=reviews.get(scope))
        if any(k.unassessed for k in kids):
            row.flags.append(Flag.UNASSESSED)
        rows.append(row)
    rows.sort(key=lambda r: (r.family_name, r.case_id))
    return rows


SORTS = {
    "weeks": lambda r: (r.weeks_elapsed, r.family_name),
    "family": lambda r: (r.family_name.lower(), r.case_id),
    "stage": lambda r: (r.stage, r.family_name.lower()),
    "next": lambda r: (r.next_on is None, r.next_on or date.max, r.family_name.lower()),
}


def sort_and_filter(rows: list[TrackerRow], *, sort: str = "weeks", descending: bool = True,
                    stage: str = "", owner: int | None = None, flag: str = "") -> list[TrackerRow]:
    """The tracker's rows as the reader asked (unknown values leave the rows as they are)."""
    if stage in STAGES:
        rows = [r for r in rows if r.stage == stage]
    if owner is not None:
        rows = [r for r in rows if r.owner_id == owner]
    if flag in FLAGS:
        rows = [r for r in rows if flag in r.flags]
    key = SORTS.get(sort, SORTS["weeks"])
    if sort == "next":  # families with nothing listed stay last either way
        listed = sorted((r for r in rows if r.next_on), key=key, reverse=descending)
        return listed + [r for r in rows if not r.next_on]
    return sorted(rows, key=key, reverse=descending)


# --- A family's page: the whole legal timeline ------------------------------------------

CLOCK_RULES = ("L3", "L11", "L1", "L10")


@dataclass
class Entry:
    """One thing on a family's legal timeline."""

    on: date
    title: str
    lines: list[str] = field(default_factory=list)
    by: str = ""
    tag: str = ""
    order: int = 0


@dataclass
class Clock:
    obligation: object
    title: str
    status: str
    children: list[str]


@dataclass
class CaseTimeline:
    case: LegalCase
    entries: list[Entry]
    clocks: list[Clock]
    flags: list[str]
    open_stage: str = ""
    next_on: date | None = None
    next_label: str = ""
    children: list[TrackedChild] = field(default_factory=list)

    @property
    def flag_labels(self) -> list[str]:
        return [FLAGS[f] for f in self.flags]


def _d(on) -> str:
    return f"{on:%-d %B %Y}" if on else ""


def case_timeline(case: LegalCase, *, today: date) -> CaseTimeline:
    """Everything recorded in a family's legal work, in date order, with the children the
    reader may not see left out (``case`` from :func:`case_for`); the legal clocks of the
    children shown and the drift flags. A fixed number of queries (17)."""
    from lantern.obligations.models import Obligation
    from lantern.obligations.selectors import rule_title, status

    from .models import AdoptionJourney, CourtOrder, GatewayAction, GatewayMeeting

    kids = {c.pk: c for c in case.visible_children}
    tracked = {pk: [TrackedChild(pk, c.full_name)] for pk, c in kids.items()}
    entries: list[Entry] = []

    def add(on, title, *lines, by="", tag=""):
        if on is not None:
            entries.append(Entry(on, title, [x for x in lines if x], by, tag, len(entries)))

    prefetch_related_objects(
        [case],
        Prefetch("gateway_meetings", queryset=GatewayMeeting.objects.select_related(
            "chair", "social_worker").prefetch_related(
            Prefetch("actions", queryset=GatewayAction.objects.select_related("owner")))),
        Prefetch("pre_proceedings", queryset=PreProceedings.objects.prefetch_related("meetings")),
        "conferences", "assessments",
        Prefetch("connected_people", queryset=ConnectedPerson.objects.prefetch_related(
            "viability_assessments")),
        Prefetch("proceedings", queryset=Proceedings.objects.prefetch_related(
            "hearings", "extensions",
            Prefetch("orders", queryset=CourtOrder.objects.filter(child_id__in=list(kids))))))
    for m in case.gateway_meetings.all():
        attending = [f"{m.chair} (chair)", f"{m.legal_adviser} (legal adviser)"]
        if m.social_worker:
            attending.append(f"{m.social_worker} (social worker)")
        if m.others:
            attending.append(m.others)
        add(m.held_on, f"Legal gateway meeting: {m.get_decision_display()}",
            "Attending: " + "; ".join(attending), m.get_threshold_display() + ".",
            f"Rationale: {m.rationale}",
            *[f"Action: {a.description} ({a.owner}, by {_d(a.due_on)}"
              + (f"; done {_d(a.done_on)})" if a.done_on else ")") for a in m.actions.all()],
            by=str(m.chair))
    pps = list(case.pre_proceedings.all())
    for pp in pps:
        add(pp.started_on, "Pre-proceedings started", "Decision to enter pre-proceedings.")
        add(pp.letter_sent_on, "Letter before proceedings sent",
            {True: "The parents had legal representation.",
             False: "The parents did not have legal representation."}.get(pp.parents_represented, ""))
        for meeting in pp.meetings.all():
            add(meeting.held_on, meeting.get_kind_display(),
                {True: "The parents attended.", False: "The parents did not attend."}.get(
                    meeting.parents_attended, ""), meeting.notes)
        if pp.decision:
            add(pp.decision_on, f"Pre-proceedings decision: {pp.get_decision_display()}",
                f"Rationale: {pp.decision_rationale}",
                f"Outcome: {pp.get_outcome_display()}" if pp.outcome else "", tag="Decision")
        add(pp.court_application_on, "Court application made")
    for fgc in case.conferences.all():
        add(fgc.offered_on, "Family group conference offered",
            "Declined by the family." if fgc.declined else "", fgc.outcome if fgc.declined else "")
        add(fgc.held_on, "Family group conference held", fgc.outcome)
    for a in case.assessments.all():
        add(a.commissioned_on, f"{a.get_kind_display()} commissioned",
            f"Of {a.subject}" + (f", by {a.provider}" if a.provider else ""),
            f"Due {_d(a.due_on)}" if a.due_on else "")
        add(a.completed_on, f"{a.get_kind_display()} completed", f"Of {a.subject}", a.findings)
    for person in case.connected_people.all():
        add(person.identified_on, f"Connected person identified: {person}")
        for v in person.viability_assessments.all():
            add(v.requested_on, f"Viability assessment of {person.name} requested",
                f"By {v.by_whom}" if v.by_whom else "")
            add(v.completed_on, f"Viability assessment of {person.name}: {v.get_outcome_display()}",
                v.summary, tag="Positive" if v.outcome == "positive" else "Negative")
        add(person.ruled_out_on, f"{person.name} ruled out", person.ruled_out_reason)
    procs = list(case.proceedings.all())
    final_listed: dict[int, bool] = {}
    upcoming: dict[int, tuple[date, str]] = {}
    for proc in procs:
        add(proc.issued_on, f"{proc.get_application_display()} issued",
            f"{proc.court}, case number {proc.case_number}",
            "Short notice application." if proc.short_notice else "")
        granted = []
        for ext in proc.extensions.all():
            granted.append((ext.granted_on, ext.weeks))
            add(ext.granted_on, f"Timetable extended by {ext.weeks} weeks",
                f"The timetable now ends {_d(timetable_ends(proc.issued_on, granted))}.", ext.reason)
        for h in proc.hearings.all():
            state = "held" if h.held else "adjourned" if h.adjourned else "listed"
            add(h.listed_for, f"{h.get_kind_display()} ({state})", h.outcome)
            if not h.held and not h.adjourned and h.listed_for >= today:
                upcoming.setdefault(proc.pk, (h.listed_for, h.get_kind_display()))
                if h.kind == HearingKind.FINAL:
                    final_listed[proc.pk] = True
        for order in proc.orders.all():
            add(order.made_on, f"{order.get_kind_display()}: {kids[order.child_id].full_name}",
                f"Ends {_d(order.ends_on)}" if order.ends_on else "")
        add(proc.concluded_on, "Proceedings concluded", tag="Concluded")
    for plan in PermanencePlan.objects.filter(child_id__in=list(kids)):
        add(plan.agreed_on, f"Plan for permanence for {kids[plan.child_id].full_name}: {plan.get_plan_display()}",
            f"Parallel plan: {plan.get_parallel_plan_display()}" if plan.parallel_plan else "", plan.notes)
    for j in AdoptionJourney.objects.filter(child_id__in=list(kids)).prefetch_related("reviews"):
        name = kids[j.child_id].full_name
        add(j.decision_on, f"Decision that {name} should be placed for adoption")
        add(j.ffa_on, f"{name} placed in a fostering for adoption or concurrent planning placement")
        add(j.placement_order_on, f"Placement order: {name}")
        add(j.matched_on, f"{name} matched with adopters")
        add(j.placed_on, f"{name} placed for adoption")
        add(j.order_on, f"Adoption order: {name}")
        add(j.ceased_on, f"Decision that {name} should no longer be placed for adoption",
            j.get_ceased_reason_display() if j.ceased_reason else "")
        for review in j.reviews.all():
            add(review.held_on, f"Adoption review for {name}")
    entries.sort(key=lambda e: (e.on, e.order))
    scopes = [pp.scope for pp in pps] + [proc.scope for proc in procs]
    grouped: dict[tuple, Clock] = {}
    targets: dict[str, date] = {}
    reviews: dict[str, date] = {}
    for ob in Obligation.objects.filter(child_id__in=list(kids), rule_id__in=CLOCK_RULES,
                                        scope__in=scopes).order_by("start_on", "due_on", "rule_id", "pk"):
        key = (ob.rule_id, ob.scope, ob.start_on, ob.due_on, ob.met_on, ob.ended_on)
        if key not in grouped:
            grouped[key] = Clock(ob, rule_title(ob.rule_id), str(status(ob, today=today)), [])
        grouped[key].children.append(kids[ob.child_id].full_name)
        if ob.rule_id == "L3":
            targets.setdefault(ob.scope, ob.due_on)
        if ob.rule_id == "L11" and ob.is_open:
            reviews.setdefault(ob.scope, ob.due_on)
    timeline = CaseTimeline(case, entries, list(grouped.values()), [])
    care_and_flag(tracked)
    timeline.children = [t[0] for t in tracked.values()]
    open_procs = [p for p in procs if p.is_open]
    open_pps = [pp for pp in pps if pp.is_open]
    if open_procs:
        proc = open_procs[0]
        timeline.open_stage = PROCEEDINGS
        timeline.next_on, timeline.next_label = upcoming.get(proc.pk, (None, ""))
        timeline.flags += proceedings_flags(proc.issued_on, today=today,
                                            final_listed=final_listed.get(proc.pk, False),
                                            children=timeline.children)
    elif open_pps:
        pp = open_pps[0]
        timeline.open_stage = PRE_PROCEEDINGS
        if pp.scope in reviews:
            timeline.next_on, timeline.next_label = reviews[pp.scope], "Review meeting due"
        held = [m.held_on for m in pp.meetings.all()]
        timeline.flags += pre_proceedings_flags(
            pp.started_on, today=today, last_meeting=max(held) if held else None,
            target_on=targets.get(pp.scope) or add_period(pp.started_on, L3_DEFAULT, ENGLAND),
            review_due=reviews.get(pp.scope))
    if any(k.unassessed for k in timeline.children):
        timeline.flags.append(Flag.UNASSESSED)
    return timeline
