"""Assessments for the synthetic council's referrals, written in bulk.

Read back from what the front door wrote (referrals, levels of need, allocations),
so it runs after ``write_front_door`` and before the obligations are rebuilt:

* every referral that opened child in need or above (not screened out with no
  further action) gets an assessment, started 0-5 working days after the
  referral by the social worker then holding the case; a few of the last fortnight's
  referrals are still waiting for one to start;
* the child is seen 1-4 times, alone where their age allows;
* about 83% are completed within 45 working days of the referral (A1), the rest
  late, each with a recorded reason; recent ones are still open;
* the outcome follows the child's story (a child in need plan, a strategy
  discussion where child protection followed, looked after, early help, or no
  further action where the episode closed), and the factors follow the contact's
  concerns (domestic abuse 3A/3B/3C and so on);
* every completed assessment is authorised within a few working days by the worker's team
  manager, except some of the last fortnight's, still awaiting a manager;
* a late assessment is never still unfinished at a census reference date (31 March) more
  than 45 working days after it started: the council's returns are clean by construction
  (DfE CIN rule 8670Q), so such a one is concluded in time instead.

One ``random.Random`` keyed by the seed, used in a fixed order over referrals in
date order, so the same seed and ``today`` give the same assessments.
"""

from __future__ import annotations

import bisect
import random
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from lantern.assessment.models import Assessment, AssessmentSeen, Outcome
from lantern.audit.chain import append_many
from lantern.core import codes
from lantern.core.calendar import ENGLAND
from lantern.frontdoor.models import Referral
from lantern.people.models import Child, Involvement
from lantern.staff.models import Allocation, AllocationKind, Role, Team, User

from .timelines import CIN, CP, EH, LAC

LONDON = ZoneInfo("Europe/London")
BATCH = 2000
LATE_SHARE = 0.18
AUTHORISED_SHARE = 0.94
START_DELAY = ((0, 1, 2, 3, 4, 5), (28, 30, 18, 11, 8, 5))
TIMES_SEEN = ((1, 2, 3, 4), (22, 38, 26, 14))
AUTHORISE_DELAY = ((0, 1, 2, 3, 4, 5, 7, 10), (14, 26, 20, 14, 10, 7, 5, 4))
FACTOR_LABELS = dict(codes.choices("assessment_factor"))

# The contact's concern categories (frontdoor.models.Concern) -> CIN census factors, weighted.
CONCERN_FACTORS = {
    "domestic_abuse": (("3B", 6), ("3A", 3), ("3C", 1)),
    "neglect": (("16A", 1),),
    "physical": (("18C", 5), ("18B", 1)),
    "sexual": (("19C", 4), ("19B", 1)),
    "emotional": (("17A", 1),),
    "exploitation": (("24A", 3), ("11A", 2)),
    "missing": (("10A", 1),),
    "mental_health": (("4B", 3), ("4A", 1)),
    "substance_misuse": (("2B", 1), ("1B", 1)),
    "other": (("20", 1),),
}
ALSO_FOUND = (("4B", 5), ("1B", 3), ("2B", 3), ("3B", 3), ("17A", 3), ("16A", 2), ("6B", 1),
              ("5B", 1), ("7A", 1), ("2C", 1), ("1C", 1))
TEEN_FACTORS = (("15A", 2), ("14A", 2), ("10A", 2), ("4A", 2), ("24A", 1), ("13A", 1), ("2A", 1))

LATE_REASONS = (
    "Waiting for the police disclosure and the health visitor's information before concluding.",
    "The family missed two planned visits; the child was seen at school and the assessment "
    "concluded once the parents engaged.",
    "Allocated worker on sick leave for three weeks; reallocated within the team.",
    "Interpreter needed for the mother's interview; the earliest booking was in week eight.",
    "New information from school in week six (a disclosure) widened the assessment.",
    "Father's views needed: he lives out of area and was only seen in week nine.",
    "Manager asked for a specialist parenting assessment before concluding.",
    "Team caseloads high over the holiday period; assessment paused for ten days.",
)
NOT_ALONE_YOUNG = (
    "Too young to be seen alone: seen at home with mother.",
    "Too young to be seen alone: seen with father and observed at play.",
    "Pre-verbal: observed with the main carer at home.",
)
NOT_ALONE_OLDER = (
    "Child asked for mother to stay in the room.",
    "Seen at school with the designated safeguarding lead present, at the child's request.",
    "Child would only talk with grandmother present.",
    "Seen with an interpreter present.",
    "Home visit: the child did not want to speak away from the family.",
)
CONCLUSIONS = {
    Outcome.NFA: "Needs are being met by the family with universal services; no further action.",
    Outcome.CIN_PLAN: "The child is in need under section 17: a child in need plan will set out "
                      "the support and who provides it.",
    Outcome.STRATEGY: "Reasonable cause to suspect significant harm: strategy discussion convened "
                      "with police and health.",
    Outcome.EARLY_HELP: "Needs can be met with early help: the family agreed to a step down with a "
                        "named lead practitioner.",
    Outcome.LOOKED_AFTER: "The child cannot safely remain at home: accommodated, with the care plan "
                          "to follow.",
    Outcome.OTHER: "Case transferred to the disabled children's team for a specialist assessment.",
}
PROTECTIVE = (
    "Mother is open with professionals and has accepted support.",
    "Grandparents nearby offer regular care and are a strong support.",
    "School attendance is good and staff know the child well.",
    "Father has engaged with the domestic abuse perpetrator programme.",
    "The child has a trusted adult at school and talks about feeling safe at nan's.",
    "Parents recognise the concerns and have kept to the safety plan agreed.",
)


class WorkingDays:
    """England's working days over a range, as a list: adding n working days is an index."""

    def __init__(self, first: date, last: date) -> None:
        self.days: list[date] = []
        d = first - timedelta(days=10)
        while d <= last + timedelta(days=200):
            if ENGLAND.is_working_day(d):
                self.days.append(d)
            d += timedelta(days=1)

    def add(self, day: date, n: int) -> date:
        """As ``ENGLAND.add_working_days`` for n >= 0."""
        if n == 0:
            return day
        return self.days[bisect.bisect_right(self.days, day) + n - 1]

    def between(self, start: date, end: date) -> int:
        """As ``ENGLAND.working_days_between`` for end >= start."""
        return bisect.bisect_right(self.days, end) - bisect.bisect_right(self.days, start)


def _open_at_census(days: WorkingDays, start: date, finished: date) -> bool:
    """Whether a census reference date (31 March) falls while the assessment is more than 45
    working days past its start and not yet authorised (``finished``)."""
    overdue = days.add(start, 44)  # the validator's count includes the start day
    return any(overdue < date(year, 3, 31) < finished for year in range(overdue.year, finished.year + 1))


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([c for c, _ in pairs], [w for _, w in pairs])[0]


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _outcome(rng: random.Random, stages: list, i: int, referred: date) -> str:
    level, _start, end, _reason = stages[i]
    if level == LAC:
        return Outcome.LOOKED_AFTER
    if level == CP:
        return Outcome.STRATEGY
    nxt = stages[i + 1] if i + 1 < len(stages) else None
    if nxt is not None and end is not None and nxt[1] == end:
        return {CP: Outcome.STRATEGY, LAC: Outcome.LOOKED_AFTER, EH: Outcome.EARLY_HELP}.get(
            nxt[0], Outcome.CIN_PLAN)
    if end is not None and (end - referred).days <= 80:
        return Outcome.NFA
    return Outcome.OTHER if rng.random() < 0.01 else Outcome.CIN_PLAN


def _factors(rng: random.Random, categories, outcome: str, age: int | None) -> list[str]:
    if outcome == Outcome.NFA and rng.random() < 0.3:
        return ["21"]
    found = [_weighted(rng, CONCERN_FACTORS.get(c, (("20", 1),))) for c in categories or ("other",)]
    if rng.random() < 0.55:
        found.append(_weighted(rng, ALSO_FOUND))
    if age is not None and age >= 12 and rng.random() < 0.35:
        found.append(_weighted(rng, TEEN_FACTORS))
    if "3B" in found and rng.random() < 0.4:
        found.append("3A")  # the child living with domestic abuse is its subject too
    return sorted(dict.fromkeys(found), key=lambda c: list(FACTOR_LABELS).index(c))


def _analysis(rng: random.Random, factors: list[str], outcome: str) -> str:
    worries = "; ".join(FACTOR_LABELS[c].lower() for c in factors if c != "21")
    parts = [f"What we are worried about: {worries}." if worries else
             "No factors identified: the concerns in the referral were not substantiated.",
             f"What is working well: {rng.choice(PROTECTIVE)}",
             f"Analysis and decision: {CONCLUSIONS[outcome]}"]
    return "\n\n".join(parts)


def write_assessments(*, seed: int, today: date, admin, at: datetime, reporter,
                      summary) -> dict[str, int]:
    """Plan and write the assessments; returns counts (assessments, completed, late ...)."""
    rng = random.Random(f"assessment:{seed}")
    referrals = list(Referral.objects.filter(nfa=False, referral_date__lte=today)
                     .order_by("referral_date", "pk")
                     .values_list("pk", "child_id", "referral_date", "contact__categories"))
    if not referrals:
        summary.rows.update({"assessments": 0, "children seen (assessments)": 0})
        return {}
    days = WorkingDays(referrals[0][2], today)
    child_ids = {r[1] for r in referrals}
    stages: dict[int, list] = defaultdict(list)
    for row in (Involvement.objects.filter(child_id__in=child_ids)
                .order_by("child_id", "start", "pk").values_list("child_id", "level", "start", "end",
                                                                   "end_reason")):
        stages[row[0]].append(row[1:])
    held: dict[int, list] = defaultdict(list)
    for row in (Allocation.objects.filter(child_id__in=child_ids, kind=AllocationKind.SOCIAL_WORKER,
                                          worker__isnull=False)
                .order_by("child_id", "start", "pk").values_list("child_id", "start", "end", "worker_id")):
        held[row[0]].append(row[1:])
    born = dict(Child.objects.filter(pk__in=child_ids).values_list("pk", "date_of_birth"))
    managers = dict(Team.objects.values_list("pk", "manager_id"))
    staff = {pk: (team, line) for pk, team, line in User.objects.values_list("pk", "team_id",
                                                                             "line_manager_id")}
    spare = list(User.objects.filter(role=Role.SOCIAL_WORKER, team__service="assessment")
                 .order_by("pk").values_list("pk", flat=True))
    recent = days.days[max(0, bisect.bisect_right(days.days, today) - 10)]

    planned: list[tuple[Assessment, list[AssessmentSeen]]] = []
    counts: Counter[str] = Counter()
    with reporter.stage("Assessments", len(referrals)) as advance:
        for pk, child_id, referred, categories in referrals:
            history = stages.get(child_id, [])
            i = next((n for n, s in enumerate(history) if s[1] == referred and s[0] in (CIN, CP, LAC)),
                     None)
            if i is None:
                counts["no episode"] += 1
                continue
            protection_follows = history[i][0] == CP or (
                i + 1 < len(history) and history[i + 1][0] == CP and history[i][2] == history[i + 1][1])
            if referred >= recent and not protection_follows and rng.random() < 0.3:
                counts["awaiting start"] += 1
                continue
            episode_end = history[i][2]
            start = days.add(referred, rng.choices(*START_DELAY)[0])
            if episode_end is not None and start > episode_end:
                start = referred
            if start > today:
                counts["awaiting start"] += 1
                continue
            outcome = _outcome(rng, history, i, referred)
            closes = outcome in (Outcome.NFA, Outcome.EARLY_HELP)  # the episode ends with it
            due = days.add(referred, 45)
            late = rng.random() < LATE_SHARE
            n = rng.randint(46, 72) if late else int(rng.triangular(10, 45, 38))
            if late and _open_at_census(days, start, days.add(days.add(referred, n), 10)):
                late, n = False, int(rng.triangular(10, 45, 38))
            completed: date | None = max(days.add(referred, n), start)
            if episode_end is not None and completed > episode_end and (closes or not late):
                completed = max(start, episode_end)  # concluded when the episode moved on
            if _open_at_census(days, start, days.add(completed, 10)):
                completed = max(start, min(completed, days.add(start, 40)))
            if completed > today:
                completed = None
            worker = next((w for s, e, w in held.get(child_id, ())
                           if s <= start and (e is None or e > start)), None)
            if worker is None:
                worker = next((w for s, _e, w in held.get(child_id, ()) if s > start), None)
            if worker is None:
                worker = rng.choice(spare) if spare else admin.pk
            age = _age(born.get(child_id), start)
            assessment = Assessment(
                child_id=child_id, referral_id=pk, start=start, worker_id=worker,
                recorded_by_id=worker,
                recorded_at=datetime.combine(start, time(17, 0), LONDON).astimezone(UTC))
            if completed is not None:
                assessment.completed, assessment.outcome = completed, outcome
                assessment.factors = _factors(rng, categories, outcome, age)
                assessment.analysis = _analysis(rng, assessment.factors, outcome)
                if completed > due:
                    assessment.late_reason = rng.choice(LATE_REASONS)
                    counts["late"] += 1
                team, line = staff.get(worker, (None, None))
                boss = managers.get(team) if team else None
                boss = boss if boss and boss != worker else line
                if boss and (completed < recent or rng.random() < AUTHORISED_SHARE):
                    when = days.add(completed, rng.choices(*AUTHORISE_DELAY)[0])
                    if when > today and completed < recent:
                        when = today
                    if _open_at_census(days, start, when):
                        when = completed  # signed off the same day rather than over 31 March
                    if closes and episode_end is not None and completed <= episode_end < when:
                        when = episode_end  # the case closes once the manager has signed it off
                    if when <= today:
                        assessment.authorised, assessment.authorised_by_id = when, boss
                counts["completed"] += 1
            seen_until = completed or today
            span = days.between(start, seen_until)
            visits = {days.add(start, rng.randint(0, min(5, span)))}
            for _ in range(rng.choices(*TIMES_SEEN)[0] - 1):
                visits.add(days.add(start, rng.randint(0, span)))
            seen = []
            for day in sorted(v for v in visits if v <= seen_until):
                old = _age(born.get(child_id), day)
                alone = old is not None and old >= 4 and rng.random() < 0.75
                why = "" if alone else rng.choice(NOT_ALONE_YOUNG if old is None or old < 4
                                                   else NOT_ALONE_OLDER)
                seen.append(AssessmentSeen(
                    seen_on=day, alone=alone, not_alone_reason=why, recorded_by_id=worker,
                    recorded_at=datetime.combine(day, time(18, 0), LONDON).astimezone(UTC)))
            planned.append((assessment, seen))
        advance(len(referrals))

    for i in range(0, len(planned), BATCH):
        chunk = planned[i:i + BATCH]
        Assessment.objects.bulk_create([a for a, _ in chunk], batch_size=BATCH)
        visits = []
        for a, seen in chunk:
            for s in seen:
                s.assessment_id = a.pk
                visits.append(s)
        AssessmentSeen.objects.bulk_create(visits, batch_size=BATCH)
        counts["seen"] += len(visits)
        append_many([{
            "actor": admin, "at": at, "obj": None,
            "action": f"Assessments added (synthetic council): {len(chunk)} assessments started "
                      f"{_first_day(chunk)} to {_last_day(chunk)}",
            "after": {"assessments": len(chunk), "children seen": len(visits)},
        }])
        counts["batches"] += 1
    summary.rows.update({"assessments": len(planned), "children seen (assessments)": counts["seen"]})
    summary.rows["audit events"] = summary.rows.get("audit events", 0) + counts["batches"]
    return {"assessments": len(planned), "completed": counts["completed"], "late": counts["late"],
            "awaiting start": counts["awaiting start"], "no episode": counts["no episode"]}


def _first_day(chunk) -> str:
    return f"{min(a.start for a, _ in chunk):%-d %B %Y}"


def _last_day(chunk) -> str:
    return f"{max(a.start for a, _ in chunk):%-d %B %Y}"
