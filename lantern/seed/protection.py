"""Child protection and child in need records for the synthetic council, written in bulk.

Read back from what earlier stages wrote (referrals, levels of need, allocations,
assessments), so it runs after ``write_assessments`` and before the obligations are
rebuilt. A child's social care episode is the run of child in need, child protection
and care stages that starts at a referral; within it:

* every child protection stage gets the path the services record: a strategy
  discussion (police, health, the school, social care; some schools not invited, with
  the reason; some enquiries by social care alone, with the rationale), a section 47
  enquiry from that day, an initial conference on the stage's first day that makes the
  plan (about 78% within 15 working days of the discussion) and records the step up,
  review conferences, core groups, visits, plan actions and their reviews, and an
  ending that follows the next stage: an authorised step down to a child in need plan
  (after a review conference decided the plan should end), looked after, moved away,
  18, or closure;
* a share of child in need referrals get a strategy discussion and an enquiry that
  ends without a plan (not substantiated, substantiated with no conference, or a
  conference that decides no plan), so that there are about 0.35 enquiries per
  referral, as in England;
* every child in need stage whose story has a plan (its assessment found the child in
  need, or it follows a step down from protection or a return home from care) gets a
  child in need plan with reviews, visits and actions, ending with the stage: a step
  down to early help or a closure (each authorised, with its checklist), a step up at
  the initial conference, looked after, or 18.

Open stages on ``today`` leave their plans open with the latest events up to today.
One ``random.Random`` keyed by the seed, used in a fixed order over children and their
stages, so the same seed and ``today`` give the same records.
"""

from __future__ import annotations

import bisect
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from lantern.assessment.models import Assessment, Outcome
from lantern.audit.chain import append_many
from lantern.childinneed.models import EndReason as CINEnd
from lantern.childinneed.models import Plan as CINPlan
from lantern.childinneed.models import Review
from lantern.core.text import long_date
from lantern.frontdoor.models import Referral
from lantern.people.models import Child, Involvement
from lantern.plans.models import Action, ActionReview, Progress, Visit
from lantern.protection.models import (
    CATEGORY_LABELS,
    Agency,
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    CoreGroup,
    Enquiry,
    EnquiryOutcome,
    Participant,
    StrategyDecision,
    StrategyDiscussion,
)
from lantern.protection.models import EndReason as CPEnd
from lantern.protection.models import Plan as CPPlan
from lantern.staff.models import Allocation, AllocationKind, Role, Team, User
from lantern.stepchange.checklists import CHECKLISTS
from lantern.stepchange.models import Direction, Kind, State, StepChange

from . import protection_text as words
from .assessments import LONDON, NOT_ALONE_OLDER, NOT_ALONE_YOUNG, WorkingDays, _age, _weighted
from .frontdoor_write import _insert as insert
from .timelines import CIN, CL, CP, EH, LAC, birthday

BATCH = 2000  # episodes planned before a write (and one audit event)
S47_PER_REFERRAL = 0.35
ICPC_IN_TIME = 0.66  # drawn; a conference soon after the referral cannot be late (~78% in all)
CATEGORY_MIX = (("NEG", 50), ("EMO", 38), ("PHY", 7), ("SAB", 4), ("MUL", 2))
CONCERN_CATEGORY = {"neglect": "NEG", "emotional": "EMO", "domestic_abuse": "EMO",
                    "physical": "PHY", "sexual": "SAB"}
# An episode that stepped down to early help this long after its referral had a plan first
# (shorter ones stepped down at the assessment, as assessments.py decides its outcomes).
LONG_EPISODE_DAYS = 80
SINGLE_AGENCY = 0.15
SCHOOL_NOT_INVITED = 0.08
VISIT_SEEN = 0.96
SEEN_ALONE = 0.70
ON_TIME = {"visit": 0.86, "core group": 0.85, "review": 0.90, "cin review": 0.88}
FLAGGED_ACTIONS = 0.12
PROGRESS_FIRST = ((Progress.DONE, 30), (Progress.PARTLY, 45), (Progress.NOT_DONE, 25))
PROGRESS_LATER = ((Progress.DONE, 55), (Progress.PARTLY, 35), (Progress.NOT_DONE, 10))
PROGRESS_NOTES = {
    Progress.PARTLY: "Started but not finished; the owner agreed a new date at the meeting.",
    Progress.NOT_DONE: "Not started: the family missed the appointments. The worker will book "
                       "them with mother this week.",
}


@dataclass(frozen=True)
class Referred:
    pk: int
    day: date
    nfa: bool
    categories: tuple[str, ...]
    decision: str


@dataclass
class Rows:
    """Planned rows of one batch, in the order they are written (parents first)."""

    strategies: list[StrategyDiscussion] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)
    cp_plans: list[CPPlan] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    core_groups: list[CoreGroup] = field(default_factory=list)
    cin_plans: list[CINPlan] = field(default_factory=list)
    cin_reviews: list[Review] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    action_reviews: list[ActionReview] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    steps: list[StepChange] = field(default_factory=list)

    def episodes(self) -> int:
        return len(self.strategies) + len(self.cin_plans)


@dataclass(frozen=True)
class Table:
    model: type
    label: str  # in the summary and the audit event
    links: tuple[str, ...] = ()  # parents, set as objects while planning and written first
    # Rows that others point at go in with ``bulk_create``, so that their keys come back; the
    # rest through one ``executemany`` each, without the SQL compiler's per-row work.
    keyed: bool = False


TABLES = {  # in the order of ``Rows``
    "strategies": Table(StrategyDiscussion, "strategy discussions", keyed=True),
    "participants": Table(Participant, "strategy participants", ("discussion",)),
    "enquiries": Table(Enquiry, "s47 enquiries", ("strategy",), keyed=True),
    "cp_plans": Table(CPPlan, "CP plans", keyed=True),
    "conferences": Table(Conference, "CP conferences", ("enquiry", "plan")),
    "core_groups": Table(CoreGroup, "core groups", ("plan",)),
    "cin_plans": Table(CINPlan, "CIN plans", ("from_cp_plan",), keyed=True),
    "cin_reviews": Table(Review, "CIN reviews", ("plan",)),
    "actions": Table(Action, "plan actions", ("cp_plan", "cin_plan"), keyed=True),
    "action_reviews": Table(ActionReview, "plan action reviews", ("action",)),
    "visits": Table(Visit, "plan visits", ("cp_plan", "cin_plan")),
    "steps": Table(StepChange, "step changes", ("cp_plan", "cin_plan")),
}


def episode_stages(stages: list, referrals: dict) -> list[tuple[int, Referred]]:
    """The child in need and protection stages of one child that belong to an episode with a
    referral, as (stage index, the episode's referral)."""
    out = []
    ref: Referred | None = None
    for i, (level, start, _end, _reason) in enumerate(stages):
        if level not in (CIN, CP, LAC):
            ref = None
            continue
        prev = stages[i - 1] if i else None
        if prev is None or prev[2] != start or prev[0] in (EH, CL):
            ref = referrals.get(start)
        if ref is not None and not ref.nfa and level in (CIN, CP):
            out.append((i, ref))
    return out


def _contiguous(stages: list, i: int, level: str) -> bool:
    """Whether stage i is followed on its last day by a stage at ``level``."""
    nxt = stages[i + 1] if i + 1 < len(stages) else None
    return nxt is not None and stages[i][2] is not None and nxt[1] == stages[i][2] and nxt[0] == level


def _preceded(stages: list, i: int, level: str) -> bool:
    prev = stages[i - 1] if i else None
    return prev is not None and prev[2] == stages[i][1] and prev[0] == level


def _late_over_census(days: WorkingDays, s47: date, icpc: date) -> bool:
    """Whether a 31 March falls while the enquiry is more than 15 working days old and its
    initial conference not yet held."""
    late = days.add(s47, 15)
    return any(late < date(year, 3, 31) < icpc for year in range(late.year, icpc.year + 1))


def _s47_weight(ref: Referred) -> float:
    """How likely a child in need referral is to need a strategy discussion, relatively."""
    if ref.decision == "strategy":
        return 4.0
    if {"physical", "sexual"} & set(ref.categories):
        return 2.5
    if {"domestic_abuse", "neglect", "emotional"} & set(ref.categories):
        return 1.2
    return 0.6


class Planner:
    """Plans one child's protection and child in need records into ``rows``."""

    def __init__(self, *, rng: random.Random, days: WorkingDays, today: date, born: dict,
                 held: dict, assessments: dict, managers: dict, staff: dict, iros: list,
                 spare: list, leads: list, s47_scale: float) -> None:
        self.rng, self.days, self.today = rng, days, today
        self.born, self.held, self.assessments = born, held, assessments
        self.managers, self.staff, self.iros, self.spare, self.leads = (
            managers, staff, iros, spare, leads)
        self.s47_scale = s47_scale
        self.rows = Rows()
        self.counts: Counter[str] = Counter()
        self._stepped_down: dict[tuple[int, date], tuple[CPPlan, StepChange]] = {}

    # --- Days, people and times ------------------------------------------------------

    def _back(self, day: date, n: int) -> date:
        """n working days before ``day`` (``day`` itself for 0)."""
        if n == 0:
            return day
        return self.days.days[max(0, bisect.bisect_left(self.days.days, day) - n)]

    def _on_or_before(self, day: date) -> date:
        return self.days.days[bisect.bisect_right(self.days.days, day) - 1]

    def _on_or_after(self, day: date) -> date:
        return self.days.days[bisect.bisect_left(self.days.days, day)]

    def _at(self, day: date, hour: int = 17, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), LONDON).astimezone(UTC)

    def _worker(self, child_id: int, day: date) -> int:
        """The social worker holding the case on ``day`` (or next, or last, or a spare)."""
        spells = self.held.get(child_id, ())
        for start, end, worker in spells:
            if start <= day and (end is None or end > day):
                return worker
        later = [w for s, _e, w in spells if s > day]
        if later:
            return later[0]
        if spells:
            return spells[-1][2]
        return self.rng.choice(self.spare)

    def _manager(self, worker: int) -> int:
        team, line = self.staff.get(worker, (None, None))
        boss = self.managers.get(team) if team else None
        if boss and boss != worker:
            return boss
        if line and line != worker:
            return line
        return next(m for m in self.managers.values() if m and m != worker)

    def _chair(self) -> int:
        return self.rng.choice(self.iros)

    # --- One child ---------------------------------------------------------------------

    def child(self, child_id: int, stages: list, referrals: dict) -> None:
        for i, ref in episode_stages(stages, referrals):
            if stages[i][0] == CP:
                self._protection(child_id, ref, stages, i)
            else:
                self._child_in_need(child_id, ref, stages, i)

    # --- Strategy discussions and enquiries ----------------------------------------------

    def _strategy(self, child_id: int, ref: Referred, day: date, worker: int, category: str
                  ) -> Enquiry:
        rng = self.rng
        born = self.born.get(child_id)
        years = _age(born, day)
        school_age = years is not None and 4 <= years <= 17
        single = rng.random() < SINGLE_AGENCY
        held_at = self._at(day, rng.randint(9, 15), rng.choice((0, 15, 30, 45)))
        school_reason = ""
        discussion = StrategyDiscussion(
            child_id=child_id, referral_id=ref.pk, held_at=held_at,
            decision=StrategyDecision.S47_SINGLE if single else StrategyDecision.S47_JOINT,
            single_agency_rationale=rng.choice(words.SINGLE_AGENCY_RATIONALES) if single else "",
            school_age=school_age, summary=rng.choice(words.STRATEGY_SUMMARIES[category]),
            chair_id=self._manager(worker), recorded_by_id=worker,
            recorded_at=held_at + timedelta(hours=2))
        young = years is None or years < 5
        police_invited = not single or rng.random() < 0.85
        police_came = not single or (police_invited and rng.random() < 0.4)
        invited = [(Agency.POLICE, rng.choice(words.POLICE_NAMES), police_invited, police_came)]
        if rng.random() < 0.97:
            names = words.HEALTH_NAMES_YOUNG if young else words.HEALTH_NAMES_OLDER
            invited.append((Agency.HEALTH, rng.choice(names), True, rng.random() < 0.87))
        if school_age:
            if rng.random() < SCHOOL_NOT_INVITED:
                school_reason = rng.choice(words.SCHOOL_NOT_INVITED)
                invited.append((Agency.EDUCATION, "", False, False))
            else:
                invited.append((Agency.EDUCATION, rng.choice(words.SCHOOL_NAMES_OLDER), True,
                                rng.random() < 0.85))
        elif years is not None and 2 <= years and rng.random() < 0.4:
            invited.append((Agency.EDUCATION, rng.choice(words.SCHOOL_NAMES_YOUNG), True,
                            rng.random() < 0.7))
        invited.append((Agency.SOCIAL_CARE, rng.choice(words.SOCIAL_CARE_NAMES), True, True))
        discussion.school_not_invited_reason = school_reason
        self.rows.strategies.append(discussion)
        self.rows.participants += [
            Participant(discussion=discussion, agency=agency, name=name, invited=asked,
                        attended=asked and came)
            for agency, name, asked, came in invited if asked or agency == Agency.EDUCATION]
        enquiry = Enquiry(child_id=child_id, referral_id=ref.pk, strategy=discussion, start=day,
                          joint=not single, worker_id=worker, recorded_by_id=worker,
                          recorded_at=held_at + timedelta(hours=3))
        self.rows.enquiries.append(enquiry)
        self.counts["school not invited"] += bool(school_reason)
        return enquiry

    def _enquiry_only(self, child_id: int, ref: Referred, stages: list, i: int) -> None:
        """A strategy discussion and an enquiry in a child in need episode, without a plan."""
        rng = self.rng
        _level, start, end, _reason = stages[i]
        last = min(end, self.today) if end is not None else self.today
        first = self._on_or_after(ref.day)
        assessment = self.assessments.get(ref.pk)
        if assessment is None or list(assessment[3] or ()) == ["21"]:
            # an enquiry sits within an assessment, and one that found nothing had none
            self.counts["s47 skipped (no assessment to hold it)"] += 1
            return
        if rng.random() < 0.75:
            day = self.days.add(first, rng.randint(0, 3))
        else:  # during the assessment
            done = assessment[1] or self.today
            day = self._on_or_after(assessment[0] + timedelta(days=rng.randint(
                0, max(0, (done - assessment[0]).days))))
        if day >= last:
            day = first if first < last else ref.day
        if day > self.today or (end is not None and day >= end):
            self.counts["s47 skipped (no time)"] += 1
            return
        worker = self._worker(child_id, day)
        category = next((CONCERN_CATEGORY[c] for c in ref.categories if c in CONCERN_CATEGORY),
                        "NEG")
        enquiry = self._strategy(child_id, ref, day, worker, category)
        completed = self.days.add(day, rng.randint(5, 15))  # concluded within 15 working days
        if end is not None and completed > end:
            completed = max(day, min(end, self.today))
        if completed > self.today:
            self.counts["s47 open"] += 1
            return
        if rng.random() < 0.08:
            gap = rng.randint(8, 15) if rng.random() < 0.78 else rng.randint(16, 24)
            held = self.days.add(day, gap)
            if held <= self.today and (end is None or held <= end):
                enquiry.completed = min(completed, held)
                enquiry.outcome = EnquiryOutcome.CONFERENCE
                enquiry.findings = rng.choice(words.FINDINGS["icpc"])
                chair = self._chair()
                self.rows.conferences.append(Conference(
                    child_id=child_id, referral_id=ref.pk, kind=ConferenceKind.INITIAL,
                    held_on=held, enquiry=enquiry, plan=None, outcome=ConferenceOutcome.NO_PLAN,
                    decisions=rng.choice(words.ICPC_NO_PLAN), chair_id=chair, recorded_by_id=chair,
                    recorded_at=self._at(held)))
                self.counts["ICPC no plan"] += 1
                return
        outcome = (EnquiryOutcome.SUBSTANTIATED_NO_CONFERENCE if rng.random() < 0.35
                   else EnquiryOutcome.NOT_SUBSTANTIATED)
        enquiry.completed, enquiry.outcome = completed, outcome
        enquiry.findings = rng.choice(words.FINDINGS[outcome])

    # --- Child protection ----------------------------------------------------------------

    def _cp_ending(self, stages: list, i: int, born: date | None) -> str:
        _level, _start, end, reason = stages[i]
        if end is None:
            return ""
        if _contiguous(stages, i, CIN):
            return CPEnd.STEPPED_DOWN
        if _contiguous(stages, i, LAC):
            return CPEnd.LOOKED_AFTER
        if "moved" in reason.lower():
            return CPEnd.MOVED_AWAY
        if "18" in reason or (born is not None and end >= birthday(born, 18)):
            return CPEnd.EIGHTEEN
        return CPEnd.NO_LONGER_NEEDED

    def _protection(self, child_id: int, ref: Referred, stages: list, i: int) -> None:
        rng = self.rng
        _level, start, end, _reason = stages[i]
        window = stages[i - 1][1] if _preceded(stages, i, CIN) else start
        first = min(self._on_or_after(max(window, ref.day)), start)
        gap = int(rng.triangular(2, 15, 12)) if rng.random() < ICPC_IN_TIME else rng.randint(16, 32)
        day = min(max(self._back(start, gap), first), start)
        if _late_over_census(self.days, day, start):
            # never an enquiry waiting for its conference more than 15 working days at a
            # census date (DfE rule 8675Q): that conference was held in time
            day = min(max(self._back(start, int(rng.triangular(2, 15, 12))), first), start)
        worker = self._worker(child_id, day)
        category = _weighted(rng, CATEGORY_MIX)
        enquiry = self._strategy(child_id, ref, day, worker, category)
        enquiry.completed = min(start, max(day, self._back(start, rng.randint(0, 3))))
        enquiry.outcome = EnquiryOutcome.CONFERENCE
        enquiry.findings = rng.choice(words.FINDINGS["icpc"])
        ending = self._cp_ending(stages, i, self.born.get(child_id))
        interval = 5 if rng.random() < 0.1 else None
        chair = self._chair()
        plan = CPPlan(child_id=child_id, referral_id=ref.pk, start=start, initial_category=category,
                      latest_category=category, visit_interval_days=interval, end=end,
                      end_reason=ending, recorded_by_id=chair, recorded_at=self._at(start))
        label = CATEGORY_LABELS[category].lower()
        visits = "five working days" if interval else "ten working days"
        self.rows.cp_plans.append(plan)
        self.rows.conferences.append(Conference(
            child_id=child_id, referral_id=ref.pk, kind=ConferenceKind.INITIAL, held_on=start,
            enquiry=enquiry, plan=plan, outcome=ConferenceOutcome.PLAN, category=category,
            visit_interval_days=interval,
            decisions=rng.choice(words.ICPC_DECISIONS).format(category=label, visits=visits),
            chair_id=chair, recorded_by_id=chair, recorded_at=self._at(start)))
        self.rows.steps.append(StepChange(
            child_id=child_id, direction=Direction.UP, kind=Kind.CIN_TO_CP, on=start,
            trigger=f"Initial child protection conference on {long_date(start)} decided a child "
                    f"protection plan ({label})",
            state=State.RECORDED, proposed_by_id=chair, proposed_at=self._at(start), cp_plan=plan))
        stop = end if end is not None else self.today + timedelta(days=1)
        actions = self._actions(child_id, start, worker, cp_plan=plan)
        self._core_groups(plan, child_id, start, stop, worker)
        self._visits(child_id, start, stop, cp_plan=plan, interval=interval or 10)
        by_review = ending in (CPEnd.STEPPED_DOWN, CPEnd.NO_LONGER_NEEDED)
        last = self._reviews(plan, child_id, ref, actions, chair,
                             stop - timedelta(days=10) if by_review else stop)
        if not by_review:
            return
        final = max(self._back(end, rng.randint(0, 5)), self.days.add(last, 1) if last else start)
        final = end if final <= start else min(final, end)
        self._conference_review(plan, child_id, ref, final, chair, actions, ends=True)
        kind = Kind.CP_TO_CIN if ending == CPEnd.STEPPED_DOWN else Kind.CSC_TO_UNIVERSAL
        step = self._step_down(child_id, kind, end, final, self._worker(child_id, final),
                               cp_plan=plan)
        if kind == Kind.CP_TO_CIN:
            self._stepped_down[(child_id, end)] = (plan, step)

    def _reviews(self, plan: CPPlan, child_id: int, ref: Referred, actions: list[Action],
                 chair: int, stop: date) -> date | None:
        """Review conferences before ``stop``: the first within 3 months, then every 6."""
        rng, last = self.rng, None
        due = plan.start + relativedelta(months=3)
        while True:
            if rng.random() < ON_TIME["review"]:
                held = due - timedelta(days=rng.randint(0, 20))
            else:
                held = due + timedelta(days=rng.randint(1, 35))
            held = self._on_or_before(held)
            if held <= (last or plan.start):
                held = self.days.add(last or plan.start, 1)
            if held >= stop or held > self.today:
                return last
            self._conference_review(plan, child_id, ref, held, chair if rng.random() < 0.85
                                    else self._chair(), actions, ends=False)
            last, due = held, held + relativedelta(months=6)

    def _conference_review(self, plan: CPPlan, child_id: int, ref: Referred, held: date,
                           chair: int, actions: list[Action], *, ends: bool) -> None:
        rng = self.rng
        category = plan.latest_category
        if not ends and rng.random() < 0.06:
            category = _weighted(rng, [(c, w) for c, w in CATEGORY_MIX if c != category])
            self.counts["category changed"] += 1
        plan.latest_category = category
        label = CATEGORY_LABELS[category].lower()
        decisions = (rng.choice(words.REVIEW_END) if ends
                     else rng.choice(words.REVIEW_CONTINUE).format(category=label))
        self.rows.conferences.append(Conference(
            child_id=child_id, referral_id=ref.pk, kind=ConferenceKind.REVIEW, held_on=held,
            plan=plan, outcome=ConferenceOutcome.END if ends else ConferenceOutcome.CONTINUE,
            category=category, decisions=decisions, chair_id=chair, recorded_by_id=chair,
            recorded_at=self._at(held)))
        self._review_actions(actions, held, chair)

    def _core_groups(self, plan: CPPlan, child_id: int, start: date, stop: date,
                     worker: int) -> None:
        rng = self.rng
        years = _age(self.born.get(child_id), start)
        day = self.days.add(start, rng.randint(2, 10) if rng.random() < ON_TIME["core group"]
                            else rng.randint(11, 18))
        while day < stop and day <= self.today:
            agencies = ["social_care", "health"]
            if years is not None and (years >= 4 or rng.random() < 0.3) and rng.random() < 0.9:
                agencies.append("education")
            if rng.random() < 0.3:
                agencies.append("police")
            self.rows.core_groups.append(CoreGroup(
                plan=plan, held_on=day, agencies=agencies, notes=rng.choice(words.CORE_GROUP_NOTES),
                recorded_by_id=worker, recorded_at=self._at(day)))
            gap = (28 - rng.randint(0, 8) if rng.random() < ON_TIME["core group"]
                   else rng.randint(29, 45))
            day = max(self._on_or_before(day + timedelta(days=gap)), self.days.add(day, 1))

    # --- Child in need -------------------------------------------------------------------

    def _cin_ending(self, stages: list, i: int, born: date | None) -> str:
        _level, _start, end, reason = stages[i]
        if end is None:
            return ""
        if _contiguous(stages, i, EH):
            return CINEnd.STEPPED_DOWN
        if _contiguous(stages, i, CP):
            return CINEnd.STEPPED_UP
        if _contiguous(stages, i, LAC):
            return CINEnd.LOOKED_AFTER
        if "18" in reason or (born is not None and end >= birthday(born, 18)):
            return CINEnd.EIGHTEEN
        if "moved" in reason.lower():
            return CINEnd.MOVED_AWAY
        return CINEnd.NEEDS_MET

    def _child_in_need(self, child_id: int, ref: Referred, stages: list, i: int) -> None:
        rng = self.rng
        _level, start, end, _reason = stages[i]
        from_cp: tuple[CPPlan, StepChange] | None = None
        plan_start: date | None = None
        if _preceded(stages, i, CP):
            from_cp = self._stepped_down.get((child_id, start))
            plan_start = start if from_cp else None
        elif _preceded(stages, i, LAC):
            plan_start = start  # home from care, with a child in need plan
        else:
            if not _contiguous(stages, i, CP) and rng.random() < self.s47_scale * _s47_weight(ref):
                self._enquiry_only(child_id, ref, stages, i)
            assessment = self.assessments.get(ref.pk)
            if assessment is not None and assessment[1] and self._has_plan(stages, i, ref,
                                                                           assessment[2]):
                completed = assessment[1]
                wait = rng.randint(1, 10) if rng.random() < 0.85 else rng.randint(11, 25)
                plan_start = self.days.add(completed, wait)
                if end is not None and plan_start >= end:
                    plan_start = completed if completed < end else None
                    self.counts["CIN plan: assessment at the episode's end"] += plan_start is None
                if plan_start is not None and plan_start > self.today:
                    plan_start = None
                    self.counts["CIN plan awaited"] += 1
        if plan_start is None:
            if _contiguous(stages, i, EH):  # stepped down without a plan
                worker = self._worker(child_id, end - timedelta(days=1))
                self._step_down(child_id, Kind.CIN_TO_EARLY_HELP, end, start, worker)
            return
        self._cin_plan(child_id, ref, stages, i, plan_start, from_cp)

    @staticmethod
    def _has_plan(stages: list, i: int, ref: Referred, outcome: str) -> bool:
        """Whether the episode's story has a child in need plan after its assessment: the
        assessment found the child in need, or the episode ran for months on a plan before
        stepping down to early help."""
        end = stages[i][2]
        return outcome == Outcome.CIN_PLAN or (
            outcome == Outcome.EARLY_HELP and _contiguous(stages, i, EH)
            and (end - ref.day).days > LONG_EPISODE_DAYS)

    def _cin_plan(self, child_id: int, ref: Referred, stages: list, i: int, start: date,
                  from_cp: tuple[CPPlan, StepChange] | None) -> None:
        rng = self.rng
        end = stages[i][2]
        ending = self._cin_ending(stages, i, self.born.get(child_id))
        worker = self._worker(child_id, start)
        plan = CINPlan(child_id=child_id, referral_id=ref.pk, start=start, end=end,
                       end_reason=ending, recorded_by_id=worker, recorded_at=self._at(start))
        if from_cp is not None:
            plan.from_cp_plan = from_cp[0]
            from_cp[1].cin_plan = plan
        self.rows.cin_plans.append(plan)
        stop = end if end is not None else self.today + timedelta(days=1)
        actions = self._actions(child_id, start, worker, cin_plan=plan)
        due = start + relativedelta(months=3)
        last = start
        while True:
            if rng.random() < ON_TIME["cin review"]:
                held = due - timedelta(days=rng.randint(0, 21))
            else:
                held = due + timedelta(days=rng.randint(1, 30))
            held = max(self._on_or_before(held), self.days.add(last, 1))
            if held >= stop or held > self.today:
                break
            self.rows.cin_reviews.append(Review(
                plan=plan, held_on=held, summary=rng.choice(words.CIN_REVIEWS),
                recorded_by_id=worker, recorded_at=self._at(held)))
            self._review_actions(actions, held, worker)
            last, due = held, held + relativedelta(months=3)
        self._visits(child_id, start, stop, cin_plan=plan, interval=0)
        if ending == CINEnd.STEPPED_DOWN:
            self._step_down(child_id, Kind.CIN_TO_EARLY_HELP, end, last,
                            self._worker(child_id, last), cin_plan=plan)
        elif ending == CINEnd.NEEDS_MET:
            self._step_down(child_id, Kind.CSC_TO_UNIVERSAL, end, last,
                            self._worker(child_id, last), cin_plan=plan)

    # --- What every plan holds -----------------------------------------------------------

    def _actions(self, child_id: int, start: date, worker: int, **plan) -> list[Action]:
        rng = self.rng
        out = []
        for what, agency, name, weeks, measure in rng.sample(words.ACTIONS, rng.randint(3, 6)):
            due: date | None = start + timedelta(weeks=weeks + rng.randint(-1, 2))
            if rng.random() < FLAGGED_ACTIONS:
                gap = rng.choice(("owner", "due", "measure"))
                agency, name = ("", "") if gap == "owner" else (agency, name)
                due = None if gap == "due" else due
                measure = "" if gap == "measure" else measure
                self.counts["actions flagged"] += 1
            out.append(Action(child_id=child_id, **plan, what=what, owner_agency=agency,
                              owner_name=name, due=due, measure=measure, added_on=start,
                              recorded_by_id=worker, recorded_at=self._at(start, 18)))
        self.rows.actions += out
        return out

    def _review_actions(self, actions: list[Action], day: date, by: int) -> None:
        rng = self.rng
        for action in actions:
            if action.progress == Progress.DONE or action.added_on > day:
                continue
            progress = _weighted(rng, PROGRESS_LATER if action.reviewed_on else PROGRESS_FIRST)
            self.rows.action_reviews.append(ActionReview(
                action=action, reviewed_on=day, progress=progress,
                note=PROGRESS_NOTES.get(progress, ""), recorded_by_id=by,
                recorded_at=self._at(day, 17, 30)))
            action.progress, action.reviewed_on = progress, day

    def _visits(self, child_id: int, start: date, stop: date, *, interval: int, **plan) -> None:
        """Visits from the plan's start until before ``stop``: every ``interval`` working days
        (child protection), or every 4 weeks when ``interval`` is 0 (child in need)."""
        rng = self.rng
        born = self.born.get(child_id)
        day, seen = start, True
        while True:
            on_time = rng.random() < ON_TIME["visit"]
            if interval and not seen:
                day = self.days.add(day, rng.randint(1, 3))
            elif interval:
                day = self.days.add(day, rng.randint(max(1, interval - 3), interval) if on_time
                                    else rng.randint(interval + 1, interval + 6))
            else:
                gap = (rng.randint(1, 5) if not seen else rng.randint(18, 28) if on_time
                       else rng.randint(29, 40))
                day = max(self._on_or_before(day + timedelta(days=gap)), self.days.add(day, 1))
            if day >= stop or day > self.today:
                return
            seen = rng.random() < VISIT_SEEN
            self.rows.visits.append(self._visit(child_id, born, day, seen, plan))

    def _visit(self, child_id: int, born: date | None, day: date, seen: bool, plan: dict) -> Visit:
        rng = self.rng
        worker = self._worker(child_id, day)
        visit = Visit(child_id=child_id, **plan, visited_on=day, seen=seen, worker_id=worker,
                      recorded_by_id=worker, recorded_at=self._at(day, 18))
        if not seen:
            visit.not_seen_reason = rng.choice(words.NOT_SEEN)
            return visit
        years = _age(born, day)
        if born is None or day < born:  # a pre-birth plan: the visit is to the mother
            visit.not_alone_reason = "Unborn baby: visited mother at home"
            visit.child_seemed = "Mother well; preparations for the baby seen."
            visit.bedroom_seen = rng.random() < 0.8
            visit.others_present = "Mother"
            return visit
        visit.seen_alone = years is not None and years >= 4 and rng.random() < SEEN_ALONE
        if not visit.seen_alone:
            visit.not_alone_reason = rng.choice(NOT_ALONE_YOUNG if years < 4 else NOT_ALONE_OLDER)
            visit.others_present = rng.choice(words.OTHERS_PRESENT)
        roll = rng.random()
        visit.bedroom_seen = True if roll < 0.85 else (False if roll < 0.93 else None)
        visit.child_said = rng.choice(words.SAID_YOUNG if years < 4 else words.SAID_OLDER)
        visit.child_seemed = rng.choice(words.SEEMED)
        return visit

    def _step_down(self, child_id: int, kind: str, on: date, earliest: date, worker: int,
                   **plan) -> StepChange:
        """An authorised step down: proposed by the worker on or after ``earliest``, agreed by
        their manager on or before ``on``, the day it takes effect."""
        rng = self.rng
        proposed = min(on, max(earliest, self._back(on, rng.randint(0, 4))))
        decided = min(on, self.days.add(proposed, rng.randint(0, 2)))
        reasons = {Kind.CP_TO_CIN: words.CP_TO_CIN_REASONS,
                   Kind.CIN_TO_EARLY_HELP: words.CIN_TO_EH_REASONS}.get(
            kind, words.CP_CLOSE_REASONS if "cp_plan" in plan else words.CIN_CLOSE_REASONS)
        step = StepChange(
            child_id=child_id, direction=Direction.DOWN, kind=kind, on=on,
            reason=rng.choice(reasons), checklist={key: True for key, _ in CHECKLISTS[kind]},
            evidence=rng.choice(words.CP_TO_CIN_EVIDENCE) if "cp_plan" in plan else "",
            lead_practitioner=rng.choice(self.leads) if kind == Kind.CIN_TO_EARLY_HELP else "",
            state=State.AUTHORISED, proposed_by_id=worker, proposed_at=self._at(proposed, 15),
            decided_by_id=self._manager(worker), decided_on=decided,
            rationale=rng.choice(words.RATIONALES), **plan)
        self.rows.steps.append(step)
        return step


def _link(objs: list, names: tuple[str, ...]) -> None:
    """Copy the keys of the parents (written since they were planned) into the rows."""
    for obj in objs:
        for name in names:
            parent = getattr(obj, name)
            if parent is not None:
                setattr(obj, f"{name}_id", parent.pk)


def _write(rows: Rows, *, admin, at: datetime, counts: Counter) -> None:
    for name, table in TABLES.items():
        objs = getattr(rows, name)
        _link(objs, table.links)
        if table.keyed:
            table.model.objects.bulk_create(objs, batch_size=BATCH)
        else:
            insert(table.model, objs)
        counts[name] += len(objs)
    first = min((p.start for p in rows.cp_plans), default=None)
    append_many([{
        "actor": admin, "at": at, "obj": None,
        "action": f"Child protection and child in need records added (synthetic council): "
                  f"{len(rows.enquiries)} section 47 enquiries, {len(rows.cp_plans)} child "
                  f"protection plans, {len(rows.cin_plans)} child in need plans, "
                  f"{len(rows.visits)} visits" + (f", plans from {long_date(first)}" if first else ""),
        "after": {t.label: len(getattr(rows, name)) for name, t in TABLES.items()},
    }])
    counts["batches"] += 1


def _read(today: date) -> dict:
    """What the earlier stages wrote, in a fixed number of queries."""
    referrals: dict[int, dict[date, Referred]] = defaultdict(dict)
    rows = (Referral.objects.filter(referral_date__lte=today).order_by("referral_date", "pk")
            .values_list("pk", "child_id", "referral_date", "nfa", "contact__categories",
                         "contact__decision__outcome"))
    for pk, child_id, day, nfa, categories, decision in rows:
        referrals[child_id].setdefault(day, Referred(pk, day, nfa, tuple(categories or ()),
                                                     decision or ""))
    everyone: dict[int, list] = defaultdict(list)
    for row in (Involvement.objects.order_by("child_id", "start", "pk")
                .values_list("child_id", "level", "start", "end", "end_reason")):
        everyone[row[0]].append(row[1:])
    stages = {child_id: history for child_id, history in everyone.items()
              if any(level in (CIN, CP) for level, *_ in history)}
    held: dict[int, list] = defaultdict(list)
    for row in (Allocation.objects.filter(kind=AllocationKind.SOCIAL_WORKER, worker__isnull=False)
                .order_by("child_id", "start", "pk").values_list("child_id", "start", "end",
                                                                   "worker_id")):
        held[row[0]].append(row[1:])
    assessments = {r[0]: r[1:] for r in Assessment.objects.order_by("pk").values_list(
        "referral_id", "start", "completed", "outcome", "factors")}
    return {"referrals": referrals, "stages": stages, "held": held, "assessments": assessments}


def write_protection(*, seed: int, today: date, admin, at: datetime, reporter,
                     summary) -> dict[str, int]:
    """Plan and write the child protection and child in need records; returns counts."""
    rng = random.Random(f"protection:{seed}")
    found = _read(today)
    referrals, stages = found["referrals"], found["stages"]
    total = sum(len(r) for r in referrals.values())
    if not total or not stages:
        summary.rows.update({t.label: 0 for t in TABLES.values()})
        return {}
    # Enquiries on child in need referrals make up the national rate with those that led to plans.
    cp_enquiries, weights = 0, 0.0
    for child_id, history in stages.items():
        for i, ref in episode_stages(history, referrals.get(child_id, {})):
            if history[i][0] == CP:
                cp_enquiries += 1
            elif not (_preceded(history, i, CP) or _preceded(history, i, LAC)
                      or _contiguous(history, i, CP)):
                weights += _s47_weight(ref)
    wanted = max(0.0, S47_PER_REFERRAL * total - cp_enquiries)
    teams = list(Team.objects.order_by("pk").values_list("pk", "manager_id", "service"))
    managers = {pk: manager for pk, manager, _service in teams}
    staff = {pk: (team, line) for pk, team, line in User.objects.values_list("pk", "team_id",
                                                                             "line_manager_id")}
    iros = list(User.objects.filter(role=Role.IRO).order_by("pk").values_list("pk", flat=True))
    spare = list(User.objects.filter(role=Role.SOCIAL_WORKER, team__service="safeguarding")
                 .order_by("pk").values_list("pk", flat=True)) or [admin.pk]
    leads = [f"{first} {last}, {title}" for first, last, title in User.objects.filter(
        team__service="early_help", role=Role.SOCIAL_WORKER).order_by("pk").values_list(
        "first_name", "last_name", "job_title")] or ["Early help lead practitioner"]
    first_day = min(d for r in referrals.values() for d in r)
    planner = Planner(
        rng=rng, days=WorkingDays(first_day - timedelta(days=60), today), today=today,
        born=dict(Child.objects.filter(pk__in=list(stages)).values_list("pk", "date_of_birth")),
        held=found["held"], assessments=found["assessments"], managers=managers, staff=staff,
        iros=iros or [admin.pk], spare=spare, leads=leads,
        s47_scale=wanted / weights if weights else 0.0)
    counts: Counter[str] = Counter()
    with reporter.stage("Protection and CIN", len(stages)) as advance:
        for child_id, history in stages.items():
            planner.child(child_id, history, referrals.get(child_id, {}))
            advance(1)
            if planner.rows.episodes() >= BATCH:
                _write(planner.rows, admin=admin, at=at, counts=counts)
                planner.rows = Rows()
        if planner.rows.episodes():
            _write(planner.rows, admin=admin, at=at, counts=counts)
    written = {t.label: counts[name] for name, t in TABLES.items()}
    summary.rows.update(written)
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + counts["batches"]
    return {**written, **planner.counts}
