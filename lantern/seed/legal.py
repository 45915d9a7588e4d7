"""Legal work with families for the synthetic council, written in bulk.

Runs after the children in care are written, and reads their histories back (periods of
care, legal statuses, placements, looked-after reviews, child protection plans, sibling
links, social worker allocations) so that the legal record tells the same story:

* a family's case (PLO family ID ``LF-YYYY-NNNN``) for siblings who came into care on the
  same day, owned by the social worker allocated then, with the council's solicitor;
* legal gateway meetings chaired by the worker's manager before pre-proceedings or
  proceedings, with actions (most done), and some for children on child protection plans
  that decided on no legal action or further assessment;
* pre-proceedings for about two thirds of the families whose children came into care on an
  interim care order (C1) in the last three years, the others issued directly (some at
  short notice); families in pre-proceedings who stepped down without coming into care
  (about 45% of the concluded ones); letters, an initial meeting, review meetings about
  every 6 weeks (some drift), family group conferences, commissioned assessments; enough
  open pre-proceedings that about 14 families are active for every 100 children looked
  after (about 120 for Hull), some past 16 weeks without a decision;
* connected people with viability assessments; each connected-person placement names its
  carer as a connected person of the child's case, most with a positive viability
  completed before the child moved in, a few left unassessed;
* care proceedings issued on or just before the interim care order (the first hearing),
  a case management hearing about day 12, an issues resolution hearing and the final
  hearing; extensions of 8 weeks for the longer ones; final orders as the care history
  has them (C2 care order, E1 placement order, E45-E48 special guardianship, E41 child
  arrangements, home on a supervision order or no order); open proceedings for children
  still on C1;
* plans for permanence (most by the second review, some late, a few missing) and adoption
  journeys (agency decision, placement order, match, move, order; a few reversed) with
  adoption reviews.

Nothing is dated after ``today``. One ``random.Random`` keyed by the seed, over the families
in a fixed order, so the same seed and ``today`` give the same records.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings

from lantern.audit.chain import append_many
from lantern.care.models import CarerKind, LegalStatus, PeriodOfCare, Placement, Review
from lantern.legal.models import (
    AdoptionJourney,
    AdoptionReview,
    Application,
    AssessmentKind,
    CommissionedAssessment,
    ConnectedPerson,
    CourtOrder,
    FamilyGroupConference,
    GatewayAction,
    GatewayDecision,
    GatewayMeeting,
    Hearing,
    HearingKind,
    LegalCase,
    LegalCaseChild,
    MeetingKind,
    OrderKind,
    PermanenceKind,
    PermanencePlan,
    PreProceedings,
    PreProceedingsDecision,
    PreProceedingsMeeting,
    PreProceedingsOutcome,
    Proceedings,
    ProceedingsExtension,
    Threshold,
    ViabilityAssessment,
    ViabilityOutcome,
)
from lantern.people.models import Child, Relationship
from lantern.protection.models import Plan as CPPlan
from lantern.staff.models import Allocation, AllocationKind, Role, User

from .assessments import LONDON, _age, _weighted
from .legal_text import (
    ACTIONS,
    ADVISERS,
    ASSESSORS,
    EMERGENCY_RATIONALE,
    EXTENSION_REASONS,
    EXTRA_CONNECTED,
    FGC_DECLINED,
    FGC_PLANS,
    FINDINGS,
    FIRST_NAMES,
    FURTHER_RATIONALE,
    HEARING_OUTCOMES,
    ISSUE_RATIONALE,
    KINSHIP,
    NO_ACTION_RATIONALE,
    PERMANENCE_NOTES,
    PP_RATIONALE,
    STEP_DOWN_RATIONALE,
    SURNAMES,
    VIABILITY_NEGATIVE,
    VIABILITY_POSITIVE,
)

BATCH = 2000
ACTIVE_PER_LOOKED_AFTER = 120 / 870  # Hull: about 120 families in pre-proceedings or proceedings
PRE_PROCEEDINGS_FIRST = 0.66  # of families issued in the last three years (not in an emergency)
STEP_DOWN_PER_ISSUED = 0.85  # step-downs for each family issued after pre-proceedings (~46%)
RECENT = timedelta(days=3 * 365)
EMERGENCY_STATUSES = ("L1", "L2")
SGO_EXITS = ("E45", "E46", "E47", "E48")
# Of the connected-person placements the care record left unassessed (no temporary or full
# approval), those left without a completed viability assessment: ended, and still open.
UNASSESSED_KEPT, UNASSESSED_KEPT_OPEN = 0.3, 0.9

@dataclass
class Spell:
    """A period of care as the care stage wrote it."""

    pk: int
    child: int
    start: date
    end: date | None
    end_reason: str
    statuses: list[tuple[date, str]] = field(default_factory=list)
    placements: list[tuple] = field(default_factory=list)  # (pk, start, end, type, kind, carer, temp, approved)
    reviews: list[date] = field(default_factory=list)

    def first(self, code: str) -> date | None:
        return next((d for d, c in self.statuses if c == code), None)

    def codes(self) -> set[str]:
        return {c for _d, c in self.statuses}


@dataclass
class Rows:
    cases: list[LegalCase] = field(default_factory=list)
    members: list[LegalCaseChild] = field(default_factory=list)
    gateways: list[GatewayMeeting] = field(default_factory=list)
    actions: list[GatewayAction] = field(default_factory=list)
    pre: list[PreProceedings] = field(default_factory=list)
    meetings: list[PreProceedingsMeeting] = field(default_factory=list)
    conferences: list[FamilyGroupConference] = field(default_factory=list)
    assessments: list[CommissionedAssessment] = field(default_factory=list)
    people: list[ConnectedPerson] = field(default_factory=list)
    viabilities: list[ViabilityAssessment] = field(default_factory=list)
    proceedings: list[Proceedings] = field(default_factory=list)
    hearings: list[Hearing] = field(default_factory=list)
    extensions: list[ProceedingsExtension] = field(default_factory=list)
    orders: list[CourtOrder] = field(default_factory=list)
    plans: list[PermanencePlan] = field(default_factory=list)
    journeys: list[AdoptionJourney] = field(default_factory=list)
    reviews: list[AdoptionReview] = field(default_factory=list)
    links: list[tuple[int, ConnectedPerson]] = field(default_factory=list)  # placement pk


ORDER = (("cases", "legal cases"), ("members", "legal case children"),
         ("gateways", "legal gateway meetings"), ("actions", "legal gateway actions"),
         ("pre", "pre-proceedings"), ("meetings", "pre-proceedings meetings"),
         ("conferences", "family group conferences"), ("assessments", "commissioned assessments"),
         ("people", "connected people"), ("viabilities", "viability assessments"),
         ("proceedings", "proceedings"), ("hearings", "hearings"),
         ("extensions", "proceedings extensions"), ("orders", "court orders"),
         ("plans", "permanence plans"), ("journeys", "adoption journeys"),
         ("reviews", "adoption reviews"))


class Planner:
    def __init__(self, *, rng: random.Random, today: date, found: dict, admin) -> None:
        self.rng, self.today, self.found, self.admin = rng, today, found, admin
        self.rows = Rows()
        self.counts: Counter[str] = Counter()
        self.court = settings.LANTERN_COUNCIL.get("short_name", "Hull")
        self.case_seq: Counter[int] = Counter()
        self.case_kids: dict[int, list[int]] = {}
        self.open_cases: set[int] = set()
        self.unassessed_pool: list[tuple] = []

    # --- Days and people ----------------------------------------------------------------

    def _at(self, day: date, hour: int = 16) -> datetime:
        return datetime.combine(min(day, self.today), time(hour, 0), LONDON).astimezone(UTC)

    def _worker(self, child_id: int, day: date) -> int:
        spells = self.found["held"].get(child_id, ())
        for start, end, worker in spells:
            if start <= day and (end is None or end > day):
                return worker
        later = [w for s, _e, w in spells if s > day]
        if later:
            return later[0]
        if spells:
            return spells[-1][2]
        spare = self.found["spare"]
        return spare[child_id % len(spare)]

    def _manager(self, worker: int) -> int:
        managers = self.found["managers"]
        if worker in managers:
            return managers[worker]
        chairs = self.found["chairs"]
        return chairs[worker % len(chairs)]

    def _days(self, lo: int, hi: int) -> timedelta:
        return timedelta(days=self.rng.randint(lo, hi))

    # --- A family's case ----------------------------------------------------------------

    def _case(self, children: list[int], opened_on: date, closed_on: date | None) -> LegalCase:
        kids = self.found["kids"]
        eldest = min(children, key=lambda c: (kids[c][2] or self.today, c))
        owner = self._worker(eldest, opened_on)
        adviser = self.rng.choice(ADVISERS)
        case = LegalCase(family_name=f"The {kids[eldest][1]} family", owner_id=owner,
                         legal_adviser=adviser, opened_on=opened_on, closed_on=closed_on,
                         recorded_by_id=owner, recorded_at=self._at(opened_on))
        self.rows.cases.append(case)
        self.case_kids[id(case)] = sorted(children)
        for child in sorted(children):
            self.rows.members.append(LegalCaseChild(case=case, child_id=child, added_on=opened_on))
        return case

    def _gateway(self, case: LegalCase, held_on: date, decision: str, threshold: str,
                 rationale: str) -> GatewayMeeting:
        rng = self.rng
        worker = case.owner_id
        chair = self._manager(worker)
        meeting = GatewayMeeting(
            case=case, held_on=held_on, chair_id=chair, legal_adviser=case.legal_adviser,
            social_worker_id=worker, others="Team manager; child protection chair" if
            rng.random() < 0.3 else "", threshold=threshold, decision=decision,
            rationale=rationale, recorded_by_id=chair, recorded_at=self._at(held_on))
        self.rows.gateways.append(meeting)
        for description in rng.sample(ACTIONS, rng.choice((1, 2, 2, 3))):
            due = min(held_on + self._days(5, 21), self.today)
            done = None
            if rng.random() < 0.85:
                done = min(max(held_on, due + self._days(-4, 6)), self.today)
            self.rows.actions.append(GatewayAction(
                meeting=meeting, description=description,
                owner_id=worker if rng.random() < 0.8 else chair, due_on=due, done_on=done))
        self.counts["gateway meetings"] += 1
        return meeting

    # --- Pre-proceedings ----------------------------------------------------------------

    def _pre_proceedings(self, case: LegalCase, start: date, decision_on: date | None,
                         outcome: str, issued_on: date | None = None) -> PreProceedings:
        """Pre-proceedings from ``start``; decided on ``decision_on`` (or still open)."""
        rng = self.rng
        worker = case.owner_id
        gateway = self._gateway(case, start, GatewayDecision.PRE_PROCEEDINGS, Threshold.MET,
                                rng.choice(PP_RATIONALE))
        until = decision_on or self.today
        letter = min(start + self._days(1, 8), until)
        initial = min(letter + self._days(7, 14), until)
        decision = ""
        rationale = ""
        if decision_on is not None:
            decision = (PreProceedingsDecision.ISSUE if outcome == PreProceedingsOutcome.ISSUED
                        else PreProceedingsDecision.STEP_DOWN)
            rationale = rng.choice(ISSUE_RATIONALE if decision == PreProceedingsDecision.ISSUE
                                   else STEP_DOWN_RATIONALE)
        pp = PreProceedings(
            case=case, gateway=gateway, started_on=start, letter_sent_on=letter,
            parents_represented=rng.random() < 0.9, decision=decision, decision_on=decision_on,
            decision_rationale=rationale, outcome=outcome if decision_on else "",
            court_application_on=issued_on, recorded_by_id=worker, recorded_at=self._at(start))
        self.rows.pre.append(pp)
        self.counts["pre-proceedings"] += 1
        self.rows.meetings.append(PreProceedingsMeeting(
            pre_proceedings=pp, kind=MeetingKind.INITIAL, held_on=initial,
            parents_attended=rng.random() < 0.85, notes="Letter before proceedings explained; "
            "the plan and the assessments agreed with the parents and their solicitors.",
            recorded_by_id=worker, recorded_at=self._at(initial)))
        day = initial
        while True:
            day += self._days(56, 84) if rng.random() < 0.18 else self._days(35, 45)
            if day >= until or day > self.today:
                break
            self.rows.meetings.append(PreProceedingsMeeting(
                pre_proceedings=pp, kind=MeetingKind.REVIEW, held_on=day,
                parents_attended=rng.random() < 0.78,
                notes="Progress against the plan reviewed.", recorded_by_id=worker,
                recorded_at=self._at(day)))
        if rng.random() < 0.87:
            offered = min(start + self._days(3, 21), until)
            roll = rng.random()
            held = None
            declined = roll < 0.2
            if not declined and roll < 0.89:
                held = offered + self._days(14, 42)
                if held > self.today:
                    held = None
            self.rows.conferences.append(FamilyGroupConference(
                case=case, pre_proceedings=pp, offered_on=offered, declined=declined,
                held_on=held, outcome=(rng.choice(FGC_DECLINED) if declined else
                                       rng.choice(FGC_PLANS) if held else ""),
                recorded_by_id=worker, recorded_at=self._at(held or offered)))
        parents = self.found["parents"].get(self.case_kids[id(case)][0], [])
        kinds = [AssessmentKind.PARENTING] if rng.random() < 0.85 else []
        if rng.random() < 0.3:
            kinds.append(AssessmentKind.COGNITIVE)
        if rng.random() < 0.35:
            kinds.append(AssessmentKind.SUBSTANCE)
        if rng.random() < 0.08:
            kinds.append(AssessmentKind.PSYCHOLOGICAL)
        for kind in kinds:
            commissioned = initial + self._days(0, 21)
            if commissioned > self.today:
                continue
            planned = commissioned + self._days(42, 84)
            due = min(planned, self.today)
            completed = planned + self._days(-14, 21)
            if completed > self.today or rng.random() < 0.06:
                completed = None
            who = rng.choice(parents) if parents else ("Mother", "the mother")
            self.rows.assessments.append(CommissionedAssessment(
                case=case, pre_proceedings=pp, kind=kind, subject=f"{who[0]}, {who[1]}",
                provider=rng.choice(ASSESSORS), commissioned_on=commissioned, due_on=due,
                completed_on=completed, findings=rng.choice(FINDINGS) if completed else "",
                recorded_by_id=worker, recorded_at=self._at(completed or commissioned)))
        return pp

    def _pp_length(self) -> timedelta:
        weeks = math.exp(self.rng.gauss(math.log(15.5), 0.38))
        return timedelta(days=int(max(6.0, min(40.0, weeks)) * 7))

    # --- Connected people ---------------------------------------------------------------

    def _person(self, case: LegalCase, name: str, relationship: str, identified: date
                ) -> ConnectedPerson:
        person = ConnectedPerson(case=case, name=name, relationship=relationship,
                                 identified_on=identified, recorded_by_id=case.owner_id,
                                 recorded_at=self._at(identified))
        self.rows.people.append(person)
        return person

    def _viability(self, person: ConnectedPerson, requested: date, completed: date | None,
                   outcome: str) -> None:
        rng = self.rng
        if completed is not None and completed > self.today:
            completed, outcome = None, ""
        self.rows.viabilities.append(ViabilityAssessment(
            person=person, requested_on=requested, completed_on=completed,
            outcome=outcome if completed else "", by_whom=rng.choice(KINSHIP),
            summary=(rng.choice(VIABILITY_POSITIVE if outcome == ViabilityOutcome.POSITIVE
                                else VIABILITY_NEGATIVE) if completed else ""),
            recorded_by_id=person.recorded_by_id, recorded_at=self._at(completed or requested)))
        if completed is not None and outcome == ViabilityOutcome.POSITIVE:
            person.assessed_on = completed
        if completed is not None and outcome == ViabilityOutcome.NEGATIVE:
            person.ruled_out_on = completed
            person.ruled_out_reason = "Negative viability assessment."

    def _placed_people(self, case: LegalCase, spells: list[Spell]) -> None:
        """A connected person for each family member or friend the children were placed with."""
        people: dict[str, ConnectedPerson] = {}
        for spell in spells:
            for pk, start, end, _type, kind, carer, temp, approved, resolved in spell.placements:
                if kind != CarerKind.CONNECTED_PERSON:
                    continue
                person = people.get(carer)
                if person is None:
                    relationship, _, name = carer.partition(", ")
                    unassessed = not temp and approved is None and resolved is None
                    if approved is not None and approved <= start and not temp:
                        identified = start - self._days(70, 160)
                        completed = start - self._days(30, 60)
                    else:
                        identified = start - self._days(1, 10)
                        completed = start - self._days(0, 1)
                    identified = min(identified, completed)
                    person = self._person(case, name or carer, relationship or "Family member",
                                          identified)
                    people[carer] = person
                    if unassessed:  # decided once every family is planned (``unassessed``)
                        self.unassessed_pool.append((person, start, end, identified, completed))
                    else:
                        self._viability(person, identified, completed, ViabilityOutcome.POSITIVE)
                self.rows.links.append((pk, person))

    def _more_people(self, case: LegalCase, since: date, until: date) -> None:
        rng = self.rng
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            identified = since + self._days(0, max(0, min(60, (until - since).days)))
            if identified > self.today:
                continue
            relationship = _weighted(rng, EXTRA_CONNECTED)
            person = self._person(case, f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                                  relationship, identified)
            requested = identified + self._days(0, 7)
            if requested > self.today:
                continue
            roll = rng.random()
            outcome = ViabilityOutcome.POSITIVE if roll < 0.4 else ViabilityOutcome.NEGATIVE
            completed = requested + self._days(14, 42)
            if rng.random() < 0.06:
                completed = None  # still awaited, long after it was asked for
            self._viability(person, requested, completed, outcome)

    def unassessed(self) -> None:
        """Of the connected-person placements the care record left without temporary or full
        approval, most had a positive viability assessment before the child moved in; a few
        (nearly all the open ones, and at least three where there are that many) have none
        completed: the unassessed placements the tracker shows."""
        rng = self.rng
        pool = self.unassessed_pool
        keep = [rng.random() < (UNASSESSED_KEPT if end is not None else UNASSESSED_KEPT_OPEN)
                for _p, _s, end, _i, _c in pool]
        for i in range(len(pool)):
            if sum(keep) >= min(3, len(pool)):
                break
            keep[i] = True
        for kept, (person, start, _end, identified, completed) in zip(keep, pool, strict=True):
            if not kept:
                self._viability(person, identified, completed, ViabilityOutcome.POSITIVE)
                continue
            self.counts["connected placements left unassessed"] += 1
            if rng.random() < 0.6:  # asked for once the child was there: still awaited
                self._viability(person, min(start + self._days(3, 20), self.today), None, "")

    # --- Proceedings --------------------------------------------------------------------

    def _number(self, issued: date) -> str:
        self.case_seq[issued.year] += 1
        return f"HU{issued:%y}C{self.case_seq[issued.year]:05d}"

    def _proceedings(self, case: LegalCase, pp: PreProceedings | None, application: str,
                     issued: date, concluded: date | None, short: bool, worker: int
                     ) -> Proceedings:
        proc = Proceedings(
            case=case, pre_proceedings=pp, application=application, issued_on=issued,
            court=f"Family Court sitting at {self.court}", case_number=self._number(issued),
            short_notice=short, concluded_on=concluded, recorded_by_id=worker,
            recorded_at=self._at(issued))
        self.rows.proceedings.append(proc)
        self.counts[f"proceedings {application}"] += 1
        return proc

    def _hearing(self, proc: Proceedings, kind: str, on: date, outcome: str,
                 adjourned: bool = False) -> None:
        self.rows.hearings.append(Hearing(
            proceedings=proc, kind=kind, listed_for=on, held=True, adjourned=adjourned,
            outcome=outcome if not adjourned else "Adjourned: the report was not ready.",
            recorded_by_id=proc.recorded_by_id, recorded_at=self._at(on)))

    def _order(self, proc: Proceedings, child: int, kind: str, made: date,
               ends: date | None = None) -> None:
        self.rows.orders.append(CourtOrder(proceedings=proc, child_id=child, kind=kind,
                                           made_on=made, ends_on=ends,
                                           recorded_by_id=proc.recorded_by_id,
                                           recorded_at=self._at(made)))

    def _extensions(self, proc: Proceedings) -> None:
        rng = self.rng
        issued, concluded = proc.issued_on, proc.concluded_on
        ends = issued + timedelta(weeks=26)
        target = concluded or self.today
        while ends < target or (concluded is None and ends <= self.today + timedelta(days=14)):
            granted = ends - self._days(3, 14)
            if granted > self.today or granted < issued:
                break
            if concluded is None and rng.random() < 0.1:
                self.counts["proceedings past their timetable"] += 1
                break  # drift: no extension sought in time
            weeks = 8
            if concluded is not None and (concluded - ends).days < 56:
                weeks = max(1, min(8, math.ceil((concluded - ends).days / 7) + rng.choice((0, 1))))
            self.rows.extensions.append(ProceedingsExtension(
                proceedings=proc, granted_on=granted, weeks=weeks,
                reason=rng.choice(EXTENSION_REASONS), recorded_by_id=proc.recorded_by_id,
                recorded_at=self._at(granted)))
            ends += timedelta(weeks=weeks)

    def _final(self, spell: Spell) -> tuple[str, date] | None:
        """The final order of the care proceedings for a child on an interim care order."""
        c2 = spell.first("C2")
        if c2 is not None:
            return OrderKind.CARE, c2
        if spell.end is None:
            return None
        reason = spell.end_reason
        if reason in SGO_EXITS:
            return OrderKind.SPECIAL_GUARDIANSHIP, spell.end
        if reason == "E41":
            return OrderKind.CHILD_ARRANGEMENTS, spell.end
        if reason in ("E4A", "E4B") and self.rng.random() < 0.45:
            return OrderKind.SUPERVISION, spell.end
        return OrderKind.NO_ORDER, spell.end

    def _care_proceedings(self, case: LegalCase, cluster: list[Spell]) -> None:
        rng = self.rng
        c1 = min(s.first("C1") for s in cluster)
        worker = case.owner_id
        epo = [s.first("L2") for s in cluster if s.statuses[0][1] == "L2" and s.first("L2")]
        police = any(s.statuses[0][1] == "L1" for s in cluster)
        emergency = bool(epo) or police
        if epo:
            issued = min(epo)
        elif police:
            issued = max(c1 - self._days(0, 1), min(s.start for s in cluster))
        else:
            issued = c1 - self._days(0, 7)
        recent = c1 >= self.today - RECENT
        pp = None
        short = emergency
        if recent and not emergency and rng.random() < PRE_PROCEEDINGS_FIRST:
            decision = issued - self._days(0, 14)
            start = decision - self._pp_length()
            pp = self._pre_proceedings(case, start, decision, PreProceedingsOutcome.ISSUED, issued)
            self.counts["pre-proceedings issued"] += 1
            if rng.random() < 0.7:
                self._gateway(case, decision, GatewayDecision.ISSUE, Threshold.MET,
                              rng.choice(ISSUE_RATIONALE))
        else:
            short = short or rng.random() < 0.25
            held = issued - (self._days(0, 2) if short else self._days(3, 14))
            self._gateway(case, held, GatewayDecision.EMERGENCY if short else GatewayDecision.ISSUE,
                          Threshold.MET, rng.choice(EMERGENCY_RATIONALE if short
                                                    else ISSUE_RATIONALE))
            self.counts["issued without pre-proceedings"] += 1
        finals = {s.pk: self._final(s) for s in cluster}
        concluded = (max(f[1] for f in finals.values() if f) if all(finals.values()) else None)
        proc = self._proceedings(case, pp, Application.CARE, issued, concluded, short, worker)
        if epo:
            self._hearing(proc, HearingKind.OTHER, issued, HEARING_OUTCOMES["epo"])
        self._hearing(proc, HearingKind.OTHER, max(c1, issued), HEARING_OUTCOMES["first"])
        end = concluded or self.today
        cmh = issued + self._days(10, 14)
        if cmh < end:
            self._hearing(proc, HearingKind.CASE_MANAGEMENT, cmh,
                          HEARING_OUTCOMES[HearingKind.CASE_MANAGEMENT])
        further = issued + self._days(56, 84)
        if rng.random() < 0.35 and further < end:
            self._hearing(proc, HearingKind.FURTHER_CASE_MANAGEMENT, further,
                          HEARING_OUTCOMES[HearingKind.FURTHER_CASE_MANAGEMENT],
                          adjourned=rng.random() < 0.08)
        irh = (concluded - self._days(21, 42)) if concluded else issued + self._days(140, 170)
        if cmh < irh < end:
            self._hearing(proc, HearingKind.ISSUES_RESOLUTION, irh,
                          HEARING_OUTCOMES[HearingKind.ISSUES_RESOLUTION])
        if concluded is not None:
            self._hearing(proc, HearingKind.FINAL, concluded, HEARING_OUTCOMES[HearingKind.FINAL])
        self._extensions(proc)
        for spell in cluster:
            start_c1 = spell.first("C1")
            final = finals[spell.pk]
            l2 = spell.first("L2")
            if l2 is not None and spell.statuses[0][1] == "L2":
                self._order(proc, spell.child, OrderKind.EMERGENCY_PROTECTION, l2, start_c1)
            self._order(proc, spell.child, OrderKind.INTERIM_CARE, start_c1,
                        final[1] if final else None)
            if final is not None:
                self._order(proc, spell.child, final[0], final[1])
                self.counts[f"final {final[0]}"] += 1
        if concluded is None:
            self.counts["open proceedings"] += 1
            self.open_cases.add(id(case))
        self._more_people(case, (pp.started_on if pp else issued), end)

    def _later_proceedings(self, case: LegalCase, spell: Spell) -> None:
        """A placement order after the care order, or special guardianship that discharges it."""
        worker = case.owner_id
        e1 = spell.first("E1")
        if e1 is not None:
            issued = e1 - self._days(42, 84)
            issued = max(issued, spell.first("C1") or spell.start, spell.start)
            proc = self._proceedings(case, None, Application.PLACEMENT, issued, e1, False, worker)
            self._hearing(proc, HearingKind.FINAL, e1, "Placement order made.")
            self._order(proc, spell.child, OrderKind.PLACEMENT, e1)
            self.counts["final placement"] += 1
        c2 = spell.first("C2")
        if c2 is not None and spell.end is not None and spell.end_reason in SGO_EXITS + ("E41",):
            issued = max(c2 + timedelta(days=1), spell.end - self._days(84, 140))
            proc = self._proceedings(case, None, Application.DISCHARGE, issued, spell.end, False,
                                     worker)
            self._hearing(proc, HearingKind.FINAL, spell.end, "Final orders made.")
            kind = (OrderKind.SPECIAL_GUARDIANSHIP if spell.end_reason in SGO_EXITS
                    else OrderKind.CHILD_ARRANGEMENTS)
            self._order(proc, spell.child, kind, spell.end)
            self._order(proc, spell.child, OrderKind.DISCHARGED, spell.end)
            self.counts[f"final {kind}"] += 1

    # --- Families in care ---------------------------------------------------------------

    def care_family(self, spells: list[Spell]) -> None:
        rng = self.rng
        court = [s for s in spells if s.codes() & {"C1", "E1"}]
        connected = any(p[4] == CarerKind.CONNECTED_PERSON for s in spells for p in s.placements)
        if not court and not connected:
            return
        children = sorted({s.child for s in spells})
        start = min(s.start for s in spells)
        case = self._case(children, start, None)
        marks = (len(self.rows.proceedings), len(self.rows.pre), len(self.rows.gateways),
                 len(self.rows.people))
        clusters: list[list[Spell]] = []
        for spell in sorted((s for s in court if s.first("C1")), key=lambda s: s.first("C1")):
            if clusters and (spell.first("C1") - clusters[-1][0].first("C1")).days <= 14:
                clusters[-1].append(spell)
            else:
                clusters.append([spell])
        for cluster in clusters:
            self._care_proceedings(case, cluster)
        for spell in court:
            self._later_proceedings(case, spell)
        if not clusters:
            held = start - self._days(0, 10)
            self._gateway(case, held, GatewayDecision.FURTHER_ASSESSMENT, Threshold.UNCLEAR,
                          rng.choice(FURTHER_RATIONALE))
        self._placed_people(case, spells)
        procs = self.rows.proceedings[marks[0]:]
        dates = ([g.held_on for g in self.rows.gateways[marks[2]:]]
                 + [p.started_on for p in self.rows.pre[marks[1]:]]
                 + [p.issued_on for p in procs]
                 + [p.identified_on for p in self.rows.people[marks[3]:]])
        case.opened_on = min(dates)
        case.recorded_at = self._at(case.opened_on)
        for member in self.rows.members[-len(children):]:
            member.added_on = case.opened_on
        if procs and all(p.concluded_on for p in procs):
            case.closed_on = max(p.concluded_on for p in procs)
        elif not procs:
            ended = [s.end for s in spells]
            case.closed_on = max(ended) if all(ended) else None
        self.counts["families in care"] += 1

    # --- Families on child protection plans ---------------------------------------------

    def step_down(self, group: list[tuple]) -> bool:
        """Pre-proceedings during a child protection plan that ended in a step-down."""
        rng = self.rng
        start_cp = group[0][1]
        end_cp = min((g[2] for g in group if g[2]), default=None)
        start = start_cp + self._days(30, 200)
        decision = start + self._pp_length()
        if decision > self.today or (end_cp is not None and start >= end_cp - timedelta(days=14)):
            return False
        if end_cp is None or end_cp > decision:
            outcome = PreProceedingsOutcome.CHILD_PROTECTION
        else:
            outcome = _weighted(rng, ((PreProceedingsOutcome.CHILD_IN_NEED, 64),
                                      (PreProceedingsOutcome.FAMILY_ARRANGEMENT, 14),
                                      (PreProceedingsOutcome.NO_FURTHER_ACTION, 10),
                                      (PreProceedingsOutcome.MOVED_AWAY, 6),
                                      (PreProceedingsOutcome.OTHER, 6)))
        case = self._case(sorted({g[0] for g in group}), start, decision)
        self._pre_proceedings(case, start, decision, outcome)
        self._more_people(case, start, decision)
        self.counts["pre-proceedings stepped down"] += 1
        self.counts[f"step down {outcome}"] += 1
        return True

    def open_pre_proceedings(self, group: list[tuple]) -> bool:
        rng = self.rng
        start_cp = group[0][1]
        # Past the 16 weeks without a decision: some of the families on older plans.
        age = (self.today - start_cp).days
        drift = age > 140 and rng.random() < 0.6
        ago = rng.randint(113, max(114, min(210, age - 21))) if drift else rng.randint(7, 112)
        earliest = start_cp + self._days(21, 60)
        start = self.today - timedelta(days=ago)
        if start < earliest:
            start = earliest
        if start > self.today:
            return False
        case = self._case(sorted({g[0] for g in group}), start, None)
        self._pre_proceedings(case, start, None, "")
        self._more_people(case, start, self.today)
        self.counts["pre-proceedings open"] += 1
        self.counts["pre-proceedings open past 16 weeks"] += (self.today - start).days > 112
        return True

    def gateway_only(self, group: list[tuple]) -> bool:
        rng = self.rng
        start_cp, end_cp = group[0][1], group[0][2]
        held = start_cp + self._days(30, 300)
        if held > self.today or (end_cp is not None and held >= end_cp):
            return False
        no_action = rng.random() < 0.55
        closed = held if no_action else held + self._days(56, 84)
        case = self._case(sorted({g[0] for g in group}), held,
                          closed if closed <= self.today else None)
        if no_action:
            self._gateway(case, held, GatewayDecision.NO_ACTION, Threshold.NOT_MET,
                          rng.choice(NO_ACTION_RATIONALE))
        else:
            self._gateway(case, held, GatewayDecision.FURTHER_ASSESSMENT, Threshold.UNCLEAR,
                          rng.choice(FURTHER_RATIONALE))
        self.counts["gateway only"] += 1
        return True

    # --- Permanence ---------------------------------------------------------------------

    def permanence(self, spell: Spell) -> None:
        rng = self.rng
        if not spell.reviews:
            return
        first = spell.reviews[0]
        due = first + relativedelta(months=3)
        stop = spell.end or self.today + timedelta(days=1)
        roll = rng.random()
        if roll < 0.8:
            earliest = max(spell.start + timedelta(days=7), first - timedelta(days=20))
            latest = min(due, spell.reviews[1] if len(spell.reviews) > 1 else due)
            agreed = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
        elif roll < 0.93:
            agreed = due + self._days(10, 100)
            self.counts["permanence plans late"] += 1
        else:
            self.counts["permanence plans missing"] += 1
            return
        if agreed > self.today or agreed >= stop:
            return
        plan, parallel = self._plan_kind(spell, agreed)
        worker = self._worker(spell.child, agreed)
        self.rows.plans.append(PermanencePlan(
            child_id=spell.child, period_id=spell.pk, agreed_on=agreed, plan=plan,
            parallel_plan=parallel, notes=PERMANENCE_NOTES.get(plan, ""),
            recorded_by_id=worker, recorded_at=self._at(agreed)))

    def _plan_kind(self, spell: Spell, agreed: date) -> tuple[str, str]:
        rng = self.rng
        codes = spell.codes()
        types = [p[3] for p in spell.placements]
        last = types[-1] if types else ""
        born = self.found["kids"][spell.child][2]
        age = _age(born, agreed) or 0
        if spell.end_reason in ("E11", "E12") or "E1" in codes or "A6" in types:
            return PermanenceKind.ADOPTION, ""
        if spell.end_reason in SGO_EXITS + ("E41",):
            return PermanenceKind.FAMILY_FRIENDS, (PermanenceKind.LONG_TERM_FOSTERING
                                                   if rng.random() < 0.5 else "")
        if spell.end_reason in ("E4A", "E4B") or last == "P1":
            return PermanenceKind.RETURN_HOME, ""
        if last in ("U1", "U3"):
            return PermanenceKind.FAMILY_FRIENDS, ""
        if last == "K2":
            return PermanenceKind.RESIDENTIAL, ""
        if last == "K3" or age >= 16:
            return PermanenceKind.INDEPENDENCE, ""
        if spell.end is None and codes == {"C1"} and age < 5:
            return PermanenceKind.RETURN_HOME, PermanenceKind.ADOPTION
        return PermanenceKind.LONG_TERM_FOSTERING, ""

    # --- Adoption -----------------------------------------------------------------------

    def adoption(self, spell: Spell) -> None:
        rng = self.rng
        e1 = spell.first("E1")
        adopted = spell.end_reason in ("E11", "E12")
        if e1 is None:
            c2 = spell.first("C2")
            born = self.found["kids"][spell.child][2]
            if c2 is not None and born and _age(born, c2) < 3 and rng.random() < 0.08:
                # Decided for adoption, but the court made a care order only (RD2).
                decision = max(spell.start, c2 - self._days(40, 90))
                self._journey(spell, decision, None, None, None, None, c2, "RD2")
            return
        decision = max(spell.start, spell.first("C1") or spell.start, e1 - self._days(28, 90))
        decision = min(decision, e1)
        placed = next((p[1] for p in spell.placements if p[3] in ("A3", "A4", "A5", "A6")), None)
        if placed is not None and placed < e1:
            placed = None
        matched = max(e1, placed - self._days(14, 42)) if placed else None
        order = spell.end if adopted else None
        ceased = reason = None
        if not adopted and spell.end is not None:
            ceased = max(e1 + timedelta(days=1), spell.end - self._days(30, 120))
            ceased = min(ceased, spell.end)
            reason = _weighted(rng, (("RD1", 40), ("RD3", 35), ("RD4", 25)))
        elif not adopted and placed is None and (self.today - e1).days > 420 and rng.random() < 0.3:
            ceased = e1 + self._days(360, 420)
            reason = "RD3"
        if ceased is not None and placed is not None and ceased < placed:
            placed = matched = None
        if ceased is not None and matched is not None and matched > ceased:
            matched = None
        self._journey(spell, decision, e1, matched, placed, order, ceased, reason)

    def _journey(self, spell: Spell, decision: date, authority: date | None, matched,
                 placed, order, ceased, reason) -> None:
        rng = self.rng
        worker = self._worker(spell.child, decision)
        journey = AdoptionJourney(
            child_id=spell.child, period_id=spell.pk, decision_on=decision,
            placement_order_on=authority, matched_on=matched, placed_on=placed, order_on=order,
            ceased_on=ceased, ceased_reason=reason or "", recorded_by_id=worker,
            recorded_at=self._at(decision))
        if placed is not None:
            journey.adopted_by_foster_carer = False
            status = _weighted(rng, (("L11", 52), ("L3", 10), ("L12", 6), ("L2", 6), ("L4", 4),
                                     ("L0", 22)))
            journey.adopters_legal_status = status
            if status == "L0":
                journey.adopters_count, journey.adopters_sex = 1, rng.choice(("F1", "F1", "F1", "M1"))
            else:
                journey.adopters_count = 2
                journey.adopters_sex = ("MF" if status in ("L11", "L3") else
                                        rng.choice(("MM", "FF")) if status in ("L12", "L4") else
                                        rng.choice(("MF", "MM", "FF")))
        self.rows.journeys.append(journey)
        self.counts["adoption journeys"] += 1
        self.counts["adoption decisions reversed"] += ceased is not None
        if authority is None:
            return
        stop = min(d for d in (order, ceased, self.today + timedelta(days=1)) if d is not None)
        day, n = authority, 0
        while True:  # before placement: 3 months after authority, then 6-monthly (AD1)
            gap = relativedelta(months=3 if n == 0 else 6)
            held = day + gap - self._days(0, 20) if rng.random() < 0.85 else day + gap + self._days(1, 40)
            if held >= stop or (placed is not None and held >= placed):
                break
            self._review(journey, held, worker)
            day, n = held, n + 1
        if placed is None:
            return
        held = placed + (self._days(10, 28) if rng.random() < 0.85 else self._days(29, 45))
        n = 0
        while held < stop:  # placed: 4 weeks, then 3 months, then 6-monthly (AD2, AD3)
            self._review(journey, held, worker)
            gap = relativedelta(months=3 if n == 0 else 6)
            held = held + gap - self._days(0, 20) if rng.random() < 0.85 else held + gap + self._days(1, 30)
            n += 1

    def _review(self, journey: AdoptionJourney, held: date, worker: int) -> None:
        self.rows.reviews.append(AdoptionReview(journey=journey, held_on=held,
                                                recorded_by_id=worker, recorded_at=self._at(held)))


def _read(today: date) -> dict:
    """What the earlier stages wrote, in a fixed number of queries."""
    spells: dict[int, Spell] = {}
    for pk, child, start, end, reason in (PeriodOfCare.objects.filter(start__lte=today)
                                          .order_by("child_id", "start", "pk")
                                          .values_list("pk", "child_id", "start", "end",
                                                       "end_reason")):
        spells[pk] = Spell(pk, child, start, end, reason)
    for period, code, start in (LegalStatus.objects.order_by("period_id", "start", "pk")
                                .values_list("period_id", "status", "start")):
        if period in spells:
            spells[period].statuses.append((start, code))
    for row in (Placement.objects.order_by("period_id", "start", "pk").values_list(
            "period_id", "pk", "start", "end", "placement_type", "carer_kind", "carer_name",
            "temporary_approval", "approved_on", "resolved_on")):
        if row[0] in spells:
            spells[row[0]].placements.append(row[1:])
    for period, held in Review.objects.order_by("period_id", "held_on").values_list(
            "period_id", "held_on"):
        if period in spells:
            spells[period].reviews.append(held)
    siblings: dict[int, set[int]] = defaultdict(set)
    for child, other in Relationship.objects.filter(kind="sibling", other_child__isnull=False
                                                    ).values_list("child_id", "other_child_id"):
        siblings[child].add(other)
    cp = list(CPPlan.objects.filter(start__lte=today).order_by("start", "child_id", "pk")
              .values_list("child_id", "start", "end"))
    ids = {s.child for s in spells.values()} | {row[0] for row in cp}
    kids = {pk: (first, last, born) for pk, first, last, born in Child.objects.filter(
        pk__in=ids).values_list("pk", "first_name", "last_name", "date_of_birth")}
    parents: dict[int, list] = defaultdict(list)
    for child, kind, first, last in (Relationship.objects.filter(
            child_id__in=ids, adult__isnull=False, kind__in=("mother", "father"))
            .order_by("child_id", "kind", "pk")
            .values_list("child_id", "kind", "adult__first_name", "adult__last_name")):
        parents[child].append((kind.capitalize(), f"{first} {last}"))
    held: dict[int, list] = defaultdict(list)
    for child, start, end, worker in (Allocation.objects.filter(
            child_id__in=ids, worker__isnull=False, kind=AllocationKind.SOCIAL_WORKER)
            .order_by("child_id", "start", "pk").values_list("child_id", "start", "end",
                                                             "worker_id")):
        held[child].append((start, end, worker))
    managers = dict(User.objects.exclude(line_manager__isnull=True).values_list(
        "pk", "line_manager_id"))
    chairs = list(User.objects.filter(role=Role.TEAM_MANAGER).order_by("pk")
                  .values_list("pk", flat=True))
    spare = list(User.objects.filter(role=Role.SOCIAL_WORKER).order_by("pk")
                 .values_list("pk", flat=True)[:50])
    return {"spells": spells, "siblings": siblings, "cp": cp, "kids": kids, "parents": parents,
            "held": held, "managers": managers, "chairs": chairs, "spare": spare}


def _groups(items: list, day, child, siblings) -> list[list]:
    """Items (periods or plans) of siblings that start on the same day, grouped."""
    by_day: dict[date, list] = defaultdict(list)
    for item in items:
        by_day[day(item)].append(item)
    out = []
    for d in sorted(by_day):
        pending = list(by_day[d])
        while pending:
            group = [pending.pop(0)]
            kin = set(siblings.get(child(group[0]), ())) | {child(group[0])}
            rest = []
            for item in pending:
                if child(item) in kin:
                    group.append(item)
                    kin |= siblings.get(child(item), set())
                else:
                    rest.append(item)
            pending = rest
            out.append(group)
    return out


def write_legal(*, seed: int, today: date, admin, at: datetime, summary) -> dict[str, int]:
    """Plan and write the families' legal work; returns counts (also in ``summary.legal``)."""
    rng = random.Random(f"legal:{seed}")
    found = _read(today)
    if not found["chairs"]:
        found["chairs"] = [admin.pk]
    if not found["spare"]:
        found["spare"] = [admin.pk]
    planner = Planner(rng=rng, today=today, found=found, admin=admin)
    spells = found["spells"]
    siblings = found["siblings"]
    in_care = [s for s in spells.values() if s.child in found["kids"]]
    for group in _groups(sorted(in_care, key=lambda s: (s.start, s.child)),
                         lambda s: s.start, lambda s: s.child, siblings):
        planner.care_family(group)
    for spell in sorted(in_care, key=lambda s: s.pk):
        planner.permanence(spell)
        if spell.codes() & {"E1", "C2"} or spell.end_reason in ("E11", "E12"):
            planner.adoption(spell)

    # Families on child protection plans who did not come into care then.
    care_starts: dict[int, list[date]] = defaultdict(list)
    open_care = set()
    for s in spells.values():
        care_starts[s.child].append(s.start)
        if s.end is None:
            open_care.add(s.child)
    taken = {m.child_id for m in planner.rows.members}
    candidates = []
    for group in _groups(found["cp"], lambda p: p[1], lambda p: p[0], siblings):
        kids = {g[0] for g in group}
        if kids & taken or any(d >= group[0][1] - timedelta(days=30)
                               for k in kids for d in care_starts.get(k, ())):
            continue
        candidates.append(group)
    rng.shuffle(candidates)
    issued_after_pp = planner.counts["pre-proceedings issued"]
    open_lac = sum(1 for s in spells.values() if s.end is None)
    target = max(1, round(open_lac * ACTIVE_PER_LOOKED_AFTER))
    need_open = max(1, target - len(planner.open_cases))
    need_step = round(issued_after_pp * STEP_DOWN_PER_ISSUED)
    need_gateway = max(1, round(need_step * 0.6))
    used: set[int] = set()
    for group in candidates:
        if need_open <= 0:
            break
        if all(g[2] is None for g in group) and not ({g[0] for g in group} & (used | open_care)):
            if planner.open_pre_proceedings(group):
                used |= {g[0] for g in group}
                need_open -= 1
    for group in candidates:
        kids = {g[0] for g in group}
        if kids & used:
            continue
        if need_step > 0 and planner.step_down(group):
            need_step -= 1
            used |= kids
        elif need_gateway > 0 and planner.gateway_only(group):
            need_gateway -= 1
            used |= kids
        if need_step <= 0 and need_gateway <= 0:
            break

    planner.unassessed()
    counts = _write(planner, admin=admin, at=at)
    unassessed = sum(1 for p in Placement.objects.filter(
        carer_kind=CarerKind.CONNECTED_PERSON, end__isnull=True).select_related(
        "connected_person") if p.unassessed)
    active = len({p.case_id for p in PreProceedings.objects.filter(decision_on__isnull=True)}
                 | {p.case_id for p in Proceedings.objects.filter(concluded_on__isnull=True)})
    summary.rows.update({label: counts[name] for name, label in ORDER})
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + 1
    legal = {
        "families active": active,
        "pre-proceedings": counts["pre"],
        "pre-proceedings open": planner.counts["pre-proceedings open"],
        "stepped down": planner.counts["pre-proceedings stepped down"],
        "proceedings": counts["proceedings"],
        "proceedings open": planner.counts["open proceedings"],
        "unassessed connected-person placements open": unassessed,
    }
    if hasattr(summary, "legal"):
        summary.legal = legal
    return {**legal, **planner.counts}


def _write(planner: Planner, *, admin, at: datetime) -> Counter[str]:
    rows = planner.rows
    cases = sorted(rows.cases, key=lambda c: (c.opened_on, c.family_name))
    seq: Counter[int] = Counter()
    for case in cases:
        seq[case.opened_on.year] += 1
        case.reference = f"LF-{case.opened_on.year}-{seq[case.opened_on.year]:04d}"
    counts: Counter[str] = Counter()
    for name, _label in ORDER:
        objs = getattr(rows, name)
        model = type(objs[0]) if objs else None
        if model is not None:
            model.objects.bulk_create(objs, batch_size=BATCH)
        counts[name] = len(objs)
    links = [Placement(pk=pk, connected_person_id=person.pk) for pk, person in rows.links]
    Placement.objects.bulk_update(links, ["connected_person"], batch_size=500)
    counts["linked placements"] = len(links)
    append_many([{
        "actor": admin, "at": at, "obj": None,
        "action": f"Legal work added (synthetic council): {len(rows.cases)} families, "
                  f"{len(rows.pre)} pre-proceedings, {len(rows.proceedings)} proceedings, "
                  f"{len(rows.plans)} plans for permanence, {len(rows.journeys)} adoption "
                  f"journeys",
        "after": {label: len(getattr(rows, name)) for name, label in ORDER},
    }])
    return counts
