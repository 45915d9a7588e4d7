"""Ofsted's Annex A child-level lists, written from the live record as one workbook.

The lists, their sheet names, how far back each looks and their columns are data
(``annex_a.toml``): each column names a field that one of the builders below gives for a
row. A list whose area Lantern does not hold yet is written with its headings only.
Text that a spreadsheet would read as a formula is neutralised.
"""

from __future__ import annotations

import time
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta

from lantern.core import codes
from lantern.core.calendar import LONDON
from lantern.people.selectors import age_on

DEFINITIONS = Path(__file__).with_name("annex_a.toml")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEX = {"M": "Male", "F": "Female", "U": "Not known"}
SOURCES = dict(codes.choices("referral_source"))
YES_NO = {True: "Yes", False: "No", None: ""}


@dataclass(frozen=True)
class ListSpec:
    number: int
    sheet: str
    source: str
    months: int
    columns: tuple[tuple[str, str], ...]


@dataclass
class AnnexSummary:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def __str__(self) -> str:
        listed = ", ".join(f"{sheet}: {n}" for sheet, n in self.rows.items())
        return f"Annex A written in {self.seconds:.1f} s ({listed})"


def load_lists(path: Path = DEFINITIONS) -> list[ListSpec]:
    data = tomllib.loads(path.read_text())
    prefix = [tuple(c) for c in data["prefix"]]
    out = []
    for item in data["list"]:
        columns = [tuple(c) for c in item["columns"]]
        if not item.get("no_prefix"):
            columns = prefix + columns
        out.append(ListSpec(item["number"], item["sheet"], item["source"], item["months"], tuple(columns)))
    return out


def safe(value):
    """A cell's value with spreadsheet formula injection neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _People:
    """The common columns (identity, disability) and each child's allocation on the as-of date."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.children: dict[int, dict] = {}
        self.allocated: dict[int, tuple[str, str]] = {}

    def load(self, ids) -> None:
        from lantern.people.models import Child
        from lantern.staff.models import Allocation, AllocationKind

        wanted = [i for i in set(ids) if i not in self.children]
        for pk, council_id, sex, ethnicity, born, disabilities in Child.objects.filter(pk__in=wanted).values_list(
                "pk", "council_id", "sex", "ethnicity", "date_of_birth", "disabilities"):
            self.children[pk] = {
                "child_id": council_id, "gender": SEX.get(sex, ""), "ethnicity": ethnicity,
                "date_of_birth": born, "age": age_on(born, self.as_of),
                "disability": "Yes" if disabilities and disabilities != ["NONE"] else "No"}
        for child_id, team, first, last in (Allocation.objects.current(self.as_of)
                                            .filter(child_id__in=wanted, kind=AllocationKind.SOCIAL_WORKER)
                                            .values_list("child_id", "team__name", "worker__first_name",
                                                         "worker__last_name")):
            self.allocated[child_id] = (team or "", f"{first or ''} {last or ''}".strip())

    def row(self, child_id: int, **fields) -> dict:
        team, worker = self.allocated.get(child_id, ("", "Unallocated"))
        return {**self.children[child_id], "team": team, "worker": worker, **fields}


def _contacts(people: _People, since: date, as_of: date) -> list[dict]:
    from lantern.frontdoor.models import ContactChild

    rows = list(ContactChild.objects.filter(contact__received_at__date__gte=since,
                                            contact__received_at__date__lte=as_of)
                .order_by("contact__received_at", "pk")
                .values_list("child_id", "contact__received_at", "contact__source"))
    people.load(r[0] for r in rows)
    return [people.row(child, contact_date=at.astimezone(LONDON).date(),
                       contact_source=f"{source} {SOURCES.get(source, '')}".strip())
            for child, at, source in rows]


def _counts_in_year(pairs, as_of: date) -> Counter:
    year_ago = as_of - relativedelta(months=12)
    return Counter(child for child, day in pairs if day is not None and year_ago < day <= as_of)


def _referrals(people: _People, since: date, as_of: date) -> list[dict]:
    from lantern.frontdoor.models import Referral

    rows = list(Referral.objects.filter(referral_date__gte=since, referral_date__lte=as_of)
                .order_by("referral_date", "pk").values_list("child_id", "referral_date", "source", "nfa"))
    ids = {r[0] for r in rows}
    people.load(ids)
    counts = _counts_in_year(Referral.objects.filter(child_id__in=ids).values_list("child_id", "referral_date"),
                             as_of)
    return [people.row(child, referral_date=day, referral_source=f"{source} {SOURCES.get(source, '')}".strip(),
                       referral_nfa=YES_NO[nfa], referrals_12_months=counts[child])
            for child, day, source, nfa in rows]


def _assessments(people: _People, since: date, as_of: date) -> list[dict]:
    from django.db.models import Q

    from lantern.assessment.models import Assessment, Outcome

    rows = list(Assessment.objects.filter(start__lte=as_of).filter(
        Q(start__gte=since) | Q(authorised__gte=since) | Q(authorised__isnull=True) | Q(authorised__gt=as_of))
        .order_by("start", "pk").values_list("pk", "child_id", "start", "authorised", "outcome"))
    seen = set(Assessment.objects.filter(pk__in=[r[0] for r in rows], seen__seen_on__lte=as_of)
               .values_list("pk", flat=True))
    people.load(r[1] for r in rows)
    out = []
    for pk, child, start, authorised, outcome in rows:
        done = authorised if authorised is not None and authorised <= as_of else None
        support = None if done is None else outcome not in (Outcome.NFA, Outcome.EARLY_HELP)
        out.append(people.row(child, assessment_start=start, assessment_seen=YES_NO[pk in seen],
                              assessment_authorised=done, needs_support=YES_NO[support]))
    return out


def _early_help(people: _People, since: date, as_of: date) -> list[dict]:
    """List 2: early help assessments open at any time in the period (started by the as-of
    date and not completed before the period began), the completion left blank when it
    came after the as-of date."""
    from django.db.models import Q

    from lantern.earlyhelp.models import EarlyHelpAssessment

    rows = list(EarlyHelpAssessment.objects.filter(started_on__lte=as_of)
                .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=since))
                .order_by("started_on", "pk"))
    people.load(a.child_id for a in rows)
    return [people.row(a.child_id, early_help_start=a.started_on,
                       early_help_completed=a.completed_on if a.completed_on and a.completed_on <= as_of else None,
                       early_help_organisation=a.organisation_label)
            for a in rows]


def _enquiries(people: _People, since: date, as_of: date) -> list[dict]:
    from lantern.protection.models import Conference, ConferenceKind, Enquiry

    rows = list(Enquiry.objects.filter(start__gte=since, start__lte=as_of).select_related("strategy")
                .order_by("start", "pk"))
    ids = {e.child_id for e in rows}
    people.load(ids)
    icpcs = {c.enquiry_id: c for c in Conference.objects.filter(kind=ConferenceKind.INITIAL, child_id__in=ids,
                                                                held_on__lte=as_of)}
    s47s = _counts_in_year(Enquiry.objects.filter(child_id__in=ids).values_list("child_id", "start"), as_of)
    held = _counts_in_year(((c.child_id, c.held_on) for c in icpcs.values()), as_of)
    out = []
    for e in rows:
        icpc = icpcs.get(e.pk)
        concluded = e.completed is not None and e.completed <= as_of
        out.append(people.row(
            e.child_id, strategy_date=e.strategy.held_at.astimezone(LONDON).date(),
            icpc_not_required=YES_NO[concluded and e.outcome != "icpc" if concluded else None],
            icpc_date=icpc.held_on if icpc else None,
            icpc_plan=YES_NO[icpc.plan_id is not None] if icpc else "",
            s47_12_months=s47s[e.child_id], icpc_12_months=held[e.child_id]))
    return out


def _last_seen(child_ids, as_of: date) -> dict[int, date]:
    from django.db.models import Max

    from lantern.assessment.models import AssessmentSeen
    from lantern.plans.models import Visit

    last: dict[int, date] = {}
    for child, day in (AssessmentSeen.objects.filter(assessment__child_id__in=child_ids, seen_on__lte=as_of)
                       .values_list("assessment__child_id").annotate(Max("seen_on"))):
        last[child] = day
    for child, day in (Visit.objects.filter(child_id__in=child_ids, seen=True, visited_on__lte=as_of)
                       .values_list("child_id").annotate(Max("visited_on"))):
        last[child] = max(day, last.get(child, day))
    return last


def _children_in_need(people: _People, since: date, as_of: date) -> list[dict]:
    from lantern.returns.cin import load_episodes

    episodes, records = load_episodes(reference=as_of)
    wanted = [(child, e) for child, items in episodes.items() for e in items
              if e.start <= as_of and (e.closed is None or e.closed >= since)]
    ids = {child for child, _ in wanted}
    people.load(ids)
    last = _last_seen(list(ids), as_of)
    out = []
    for child, e in sorted(wanted, key=lambda pair: (pair[1].start, pair[0])):
        status = "Closed" if e.closed else _case_status(e, records)
        out.append(people.row(child, cin_start=e.start, primary_need=e.need, last_seen=last.get(child),
                              cin_closed=e.closed, closure_reason=e.closure_reason(records) if e.closed else "",
                              case_status=status))
    return out


def _case_status(episode, records) -> str:
    held = [records.get(pk, {}) for pk in episode.referral_ids]
    if any(p.end is None for r in held for p in r.get("cp_plans", ())):
        return "Child protection plan"
    if episode.chain and episode.chain[-1][0] == "lac":
        return "Looked after"
    if any(p.end is None for r in held for p in r.get("cin_plans", ())):
        return "Child in need plan"
    if any(a.authorised is None for r in held for a in r.get("assessments", ())):
        return "Assessment in progress"
    return "Open"


def _protection_plans(people: _People, since: date, as_of: date) -> list[dict]:
    from django.db.models import Q

    from lantern.plans.models import Visit
    from lantern.protection.models import Conference, ConferenceKind, Plan

    plans = list(Plan.objects.filter(start__lte=as_of).filter(Q(end__isnull=True) | Q(end__gte=since))
                 .order_by("start", "pk"))
    ids = {p.child_id for p in plans}
    people.load(ids)
    starts = defaultdict(list)
    for child, start in Plan.objects.filter(child_id__in=ids).values_list("child_id", "start"):
        starts[child].append(start)
    visits: dict[int, tuple[date, bool]] = {}
    for plan, day, alone in (Visit.objects.filter(cp_plan__in=plans, seen=True, visited_on__lte=as_of)
                             .order_by("visited_on", "pk").values_list("cp_plan_id", "visited_on", "seen_alone")):
        visits[plan] = (day, alone)
    reviews: dict[int, date] = {}
    for plan, day in (Conference.objects.filter(plan__in=plans, kind=ConferenceKind.REVIEW, held_on__lte=as_of)
                      .order_by("held_on").values_list("plan_id", "held_on")):
        reviews[plan] = day
    emergency = _emergency_protection(ids, as_of - relativedelta(months=6), as_of)
    out = []
    for p in plans:
        day, alone = visits.get(p.pk, (None, None))
        out.append(people.row(
            p.child_id, cpp_start=p.start, initial_category=p.initial_category,
            latest_category=p.latest_category, last_visit=day, seen_alone=YES_NO[alone],
            latest_review=reviews.get(p.pk), cpp_end=p.end if p.end and p.end <= as_of else None,
            emergency=YES_NO[p.child_id in emergency],
            previous_plans=sum(1 for s in starts[p.child_id] if s < p.start)))
    return out


def _emergency_protection(ids, since: date, as_of: date) -> set[int]:
    """Children under an emergency protection order (made by the court, in legal work) or
    police protection or an EPO as a looked-after legal status (L1, L2) at any time from
    ``since`` to the as-of date."""
    from django.db.models import Q

    from lantern.care.models import LegalStatus
    from lantern.legal.models import CourtOrder, OrderKind

    orders = (CourtOrder.objects.filter(child_id__in=ids, kind=OrderKind.EMERGENCY_PROTECTION,
                                        made_on__lte=as_of)
              .filter(Q(ends_on__isnull=True, made_on__gte=since) | Q(ends_on__gte=since))
              .values_list("child_id", flat=True))
    found = set(orders)
    rows = list(LegalStatus.objects.filter(child_id__in=ids, start__lte=as_of)
                .order_by("child_id", "period_id", "start")
                .values_list("child_id", "period_id", "status", "start", "period__end"))
    for (child, period, status, _start, period_end), following in zip(rows, [*rows[1:], None], strict=False):
        if status not in ("L1", "L2"):
            continue
        same = following is not None and following[:2] == (child, period)
        until = following[3] if same else period_end
        if until is None or until > since:
            found.add(child)
    return found


def _latest(rows) -> dict:
    """{child: the latest value} from (child, value) rows ordered by date."""
    return dict(rows)


def _looked_after(people: _People, since: date, as_of: date) -> list[dict]:
    """List 8: every child looked after at any time in the period, one row each (their
    latest period of care), with the placement, reviews, visits and missing episodes."""
    from django.db.models import Q

    from lantern.care.episodes import urn_for
    from lantern.care.models import (
        CareVisit,
        HealthKind,
        HealthRecord,
        IroContact,
        LegalStatus,
        PeriodOfCare,
        Placement,
        Review,
    )
    from lantern.people.models import Child

    periods = {}
    for period in (PeriodOfCare.objects.filter(start__lte=as_of)
                   .filter(Q(end__isnull=True) | Q(end__gte=since)).order_by("start", "pk")):
        periods[period.child_id] = period  # the latest one
    ids = set(periods)
    people.load(ids)
    earlier = set(PeriodOfCare.objects.filter(child_id__in=ids, end__gte=as_of - relativedelta(
        months=12), end__lte=as_of).values_list("child_id", flat=True))
    uasc = dict(Child.objects.filter(pk__in=ids).values_list("pk", "uasc"))
    in_range = {"child_id__in": ids}
    statuses = {}
    for status in LegalStatus.objects.filter(**in_range, start__lte=as_of).order_by("start", "pk"):
        if status.period_id == periods[status.child_id].pk:
            statuses[status.child_id] = status
    placements, counts = {}, Counter()
    for placement in (Placement.objects.filter(**in_range, start__lte=as_of)
                      .order_by("start", "pk")):
        if placement.end is None or placement.end > as_of - relativedelta(months=12):
            counts[placement.child_id] += 1
        if placement.period_id == periods[placement.child_id].pk:
            placements[placement.child_id] = placement
    reviews = {}
    for child, held, plan in (Review.objects.filter(**in_range, held_on__lte=as_of)
                              .order_by("held_on", "pk")
                              .values_list("child_id", "held_on", "permanence_plan")):
        reviews[child] = (held, plan)
    visits = _latest(CareVisit.objects.filter(**in_range, seen=True, visited_on__lte=as_of)
                     .order_by("visited_on", "pk").values_list("child_id", "visited_on"))
    iro = _latest(IroContact.objects.filter(**in_range, on__lte=as_of).order_by("on", "pk")
                  .values_list("child_id", "on"))
    health = _latest(HealthRecord.objects.filter(
        **in_range, on__lte=as_of, kind__in=[HealthKind.INITIAL, HealthKind.REVIEW])
        .order_by("on", "pk").values_list("child_id", "on"))
    dental = _latest(HealthRecord.objects.filter(**in_range, on__lte=as_of, kind=HealthKind.DENTAL)
                     .order_by("on", "pk").values_list("child_id", "on"))
    missing = _missing_in_year(ids, as_of)
    plans = _permanence_plans({p.pk for p in periods.values()}, as_of)
    out = []
    for child, period in sorted(periods.items(), key=lambda pair: (pair[1].start, pair[0])):
        status, placement = statuses.get(child), placements.get(child)
        review, plan = reviews.get(child, (None, ""))
        plan = plans.get(period.pk) or plan
        ended = period.end if period.end and period.end <= as_of else None
        m = missing.get(child, {})
        out.append(people.row(
            child, uasc=YES_NO[bool(uasc.get(child))], lac_start=period.start,
            category_of_need=period.category_of_need, second_period=YES_NO[child in earlier],
            legal_status_start=status.start if status else None,
            legal_status=status.status if status else "", latest_review=review,
            last_visit=visits.get(child), permanence_plan=plan, last_iro_contact=iro.get(child),
            last_health_assessment=health.get(child), last_dental=dental.get(child),
            placements_12_months=counts[child], lac_end=ended,
            reason_ceased=period.end_reason if ended else "",
            placement_start=placement.start if placement else None,
            placement_type=placement.placement_type if placement else "",
            placement_provider=placement.provider if placement else "",
            placement_postcode=placement.postcode if placement else "",
            placement_urn=urn_for(placement.placement_type, placement.urn) if placement else "",
            placement_location=("In LA boundary" if placement.in_area else "Out of LA boundary")
            if placement else "", placement_la=placement.area_code if placement else "",
            missing_12_months=m.get("M", 0), absent_12_months=m.get("A", 0),
            rhi_offered=YES_NO[m["offered"]] if "offered" in m else "",
            rhi_accepted=YES_NO[m["accepted"]] if "accepted" in m else ""))
    return out


def _permanence_plans(period_ids, as_of: date) -> dict[int, str]:
    """The plan for permanence in force on the as-of date for each period of care (the
    latest agreed), in words."""
    from lantern.legal.models import PermanencePlan

    out = {}
    for plan in PermanencePlan.objects.filter(period_id__in=period_ids, agreed_on__lte=as_of).order_by(
            "agreed_on", "pk"):
        out[plan.period_id] = plan.get_plan_display()
    return out


def _adoption(people: _People, since: date, as_of: date) -> list[dict]:
    """List 10: every child with a decision that they should be placed for adoption made by
    the as-of date whose adoption was not settled (an order, or the decision reversed) before
    the period began: one row per adoption timeline, with the family's legal case reference."""
    from django.db.models import Q

    from lantern.legal.models import AdoptionJourney, LegalCaseChild

    journeys = list(AdoptionJourney.objects.filter(decision_on__lte=as_of)
                    .filter(Q(order_on__isnull=True) | Q(order_on__gte=since))
                    .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gte=since))
                    .select_related("period").order_by("decision_on", "pk"))
    people.load(j.child_id for j in journeys)
    families = {}
    for child_id, reference in (LegalCaseChild.objects.filter(child_id__in={j.child_id for j in journeys})
                                .order_by("case__opened_on", "pk")
                                .values_list("child_id", "case__reference")):
        families[child_id] = reference  # the latest case

    def upto(day):
        return day if day is not None and day <= as_of else None

    out = []
    for j in journeys:
        ceased = upto(j.ceased_on)
        out.append(people.row(
            j.child_id, family=families.get(j.child_id, ""), entered_care=j.period.start,
            decision=j.decision_on, placement_order=upto(j.placement_order_on), matched=upto(j.matched_on),
            placed=upto(j.placed_on), adoption_order=upto(j.order_on), no_longer=ceased,
            no_longer_reason=j.get_ceased_reason_display() if ceased else "", ffa=upto(j.ffa_on)))
    return out


def _missing_in_year(ids, as_of: date) -> dict[int, dict]:
    """Missing and absent episodes starting in the 12 months to ``as_of``, per child: counts
    by kind and whether a return interview was offered and accepted (for any of them)."""
    from lantern.missing.models import MissingEpisode

    out: dict[int, dict] = defaultdict(dict)
    year_ago = as_of - relativedelta(months=12)
    rows = (MissingEpisode.objects.filter(child_id__in=ids, started_at__date__gt=year_ago,
                                          started_at__date__lte=as_of)
            .values_list("child_id", "kind", "interview__offered_at", "interview__accepted"))
    for child, kind, offered, accepted in rows:
        counts = out[child]
        counts[kind] = counts.get(kind, 0) + 1
        counts["offered"] = counts.get("offered", False) or offered is not None
        counts["accepted"] = counts.get("accepted", False) or bool(accepted)
    return out


def _care_leavers(people: _People, since: date, as_of: date) -> list[dict]:
    """List 9: relevant and former relevant care leavers aged 17 to 21 on the as-of date,
    with their category and what was known at the latest keeping-in-touch contact."""
    from lantern.care.eligibility import Span, status
    from lantern.care.models import LegalStatus, PeriodOfCare
    from lantern.leavingcare.models import KeepingInTouch
    from lantern.people.models import Child

    short = set(LegalStatus.objects.filter(status__in=("V3", "V4"))
                .values_list("period_id", flat=True))
    spans = defaultdict(list)
    for pk, child, start, end in (PeriodOfCare.objects.filter(start__lte=as_of)
                                  .order_by("child_id", "start")
                                  .values_list("pk", "child_id", "start", "end")):
        spans[child].append(Span(start, end, pk in short))
    born = dict(Child.objects.filter(pk__in=spans).values_list("pk", "date_of_birth"))
    leavers = {}
    for child, child_spans in spans.items():
        age = age_on(born.get(child), as_of)
        if age is not None and 17 <= age <= 21:
            found = status(born[child], child_spans, on=as_of)
            if found.eligible:
                leavers[child] = found
    people.load(leavers)
    touch = {}
    for record in (KeepingInTouch.objects.filter(child_id__in=leavers, contact_on__lte=as_of)
                   .order_by("contact_on", "pk")):
        touch[record.child_id] = record
    out = []
    for child in sorted(leavers, key=lambda c: people.children[c]["child_id"]):
        record = touch.get(child)
        suitable = "" if record is None or not record.accommodation else (
            "Suitable" if record.suitable else "Unsuitable")
        out.append(people.row(
            child, eligibility=leavers[child].label,
            in_touch=record.get_in_touch_display() if record else "",
            accommodation=record.get_accommodation_display() if record and record.accommodation
            else "", suitability=suitable,
            activity=record.get_activity_display() if record else ""))
    return out


BUILDERS = {
    "contacts": _contacts,
    "early_help": _early_help,
    "referrals": _referrals,
    "assessments": _assessments,
    "enquiries": _enquiries,
    "children_in_need": _children_in_need,
    "protection_plans": _protection_plans,
    "looked_after": _looked_after,
    "care_leavers": _care_leavers,
    "adoption": _adoption,
}


def write_annex_a(*, as_of: date, out: Path, lists: list[ListSpec] | None = None) -> AnnexSummary:
    """Write every list to one workbook, a sheet each, for the months before ``as_of``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    began = time.perf_counter()
    lists = lists or load_lists()
    people = _People(as_of)
    book = Workbook(write_only=True)
    summary = AnnexSummary()
    for spec in lists:
        sheet = book.create_sheet(spec.sheet[:31])
        sheet.append([heading for heading, _ in spec.columns])
        rows = BUILDERS[spec.source](people, as_of - relativedelta(months=spec.months), as_of) if spec.source else []
        keys = [key for _heading, key in spec.columns]
        for record in rows:
            cells = []
            for key in keys:
                value = safe(record.get(key, "")) if key else ""
                if isinstance(value, date):  # only dates need a cell of their own (the format)
                    value = WriteOnlyCell(sheet, value=value)
                    value.number_format = "DD/MM/YYYY"
                cells.append(value)
            sheet.append(cells)
        summary.rows[spec.sheet] = len(rows)
    book.save(str(out))
    summary.seconds = time.perf_counter() - began
    return summary
