"""Planning who held each synthetic child's case, and when (plain Python).

A child's levels of need become spells with one service (assessment for the first
weeks of a referral, then safeguarding; children in care; leaving care; early
help). Each spell has a team allocation and a run of workers, changing now and
then as workers move on. Siblings share teams and workers: the choices are drawn
from a random generator keyed by the family and the spell.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from lantern.staff.models import AllocationKind, Service

from .families import ChildPlan, FamilyPlan
from .staffing import Staffing, TeamPlan
from .timelines import CIN, CP, EH, LAC, Stage

LONDON = ZoneInfo("Europe/London")
ASSESSMENT_DAYS = 45
UNALLOCATED_SHARE = 0.015
# Expected changes of worker a year, by service.
TURNOVER = {
    Service.ASSESSMENT: 0.3, Service.SAFEGUARDING: 1.0, Service.CHILDREN_IN_CARE: 0.7,
    Service.LEAVING_CARE: 0.4, Service.EARLY_HELP: 0.3, Service.REVIEWING: 0.15,
}
CHANGE_REASONS = (
    "Social worker left the authority",
    "Caseload rebalanced within the team",
    "Social worker moved to another team",
    "Social worker on long-term leave",
)


@dataclass
class AllocationPlan:
    child: ChildPlan
    kind: str
    worker: int | None  # staff key
    team: int  # team key
    start: date
    end: date | None
    end_reason: str
    recorded_by: int  # staff key
    recorded_at: datetime


@dataclass
class Spell:
    service: str
    start: date
    end: date | None
    end_reason: str


def spells(stages: list[Stage], today: date) -> list[Spell]:
    out: list[Spell] = []
    previous: Stage | None = None
    for s in stages:
        follows = previous is not None and previous.end == s.start
        if s.level == EH:
            parts = [(Service.EARLY_HELP, s.start, s.end)]
        elif s.level == CIN and not (follows and previous.level in (CP, LAC)):
            switch = s.start + timedelta(days=ASSESSMENT_DAYS)
            if s.end is not None and (s.end - s.start).days < 10:
                parts = [(Service.FRONT_DOOR, s.start, s.end)]  # screened out at the front door
            elif (s.end is not None and s.end <= switch) or switch > today:
                parts = [(Service.ASSESSMENT, s.start, s.end)]  # still being assessed
            else:
                parts = [(Service.ASSESSMENT, s.start, switch), (Service.SAFEGUARDING, switch, s.end)]
        elif s.level in (CIN, CP):
            parts = [(Service.SAFEGUARDING, s.start, s.end)]
        elif s.level == LAC:
            parts = [(Service.CHILDREN_IN_CARE, s.start, s.end)]
        else:
            parts = [(Service.LEAVING_CARE, s.start, s.end)]
        for service, start, end in parts:
            if out and out[-1].service == service and out[-1].end == start:
                out[-1] = Spell(service, out[-1].start, end, s.end_reason)
            else:
                out.append(Spell(service, start, end, s.end_reason))
        previous = s
    return out


class Allocator:
    def __init__(self, staffing: Staffing, *, today: date):
        self.staffing = staffing
        self.today = today
        self.teams = {s: staffing.teams_of(s) for s in TEAM_SERVICES}
        self.demo_worker = staffing.demo["demo.social_worker"]

    def _recorded_at(self, rng: random.Random, start: date) -> datetime:
        day = min(start + timedelta(days=rng.choice((0, 0, 0, 1, 2))), self.today)
        minutes = rng.randrange(8 * 60)
        return datetime.combine(day, time(9, 0), LONDON) + timedelta(minutes=minutes)

    def _pick_team(self, rng, service) -> TeamPlan:
        return rng.choice(self.teams[service])

    def _pick_worker(self, rng, team: TeamPlan, avoid: int | None) -> int:
        choices = [m for m in team.members if m != avoid] or team.members
        return rng.choice(choices)

    def plan(self, family: FamilyPlan, child: ChildPlan) -> list[AllocationPlan]:
        out: list[AllocationPlan] = []
        all_spells = spells(child.stages, self.today)
        for i, spell in enumerate(all_spells):
            rng = random.Random(f"{family.seed}|{spell.service}|{spell.start.toordinal()}")
            team = self._pick_team(rng, spell.service)
            manager = team.manager
            nxt = all_spells[i + 1] if i + 1 < len(all_spells) else None
            if spell.end is None:
                reason = ""
            elif nxt is not None and nxt.start == spell.end:
                reason = f"Transferred to the {nxt.service.replace('_', ' ')} service"
            else:
                reason = "Case closed"
            team_start = spell.start
            out.append(AllocationPlan(child, AllocationKind.TEAM, None, team.key, team_start,
                                      spell.end, reason, manager,
                                      self._recorded_at(rng, team_start)))
            if spell.service == Service.FRONT_DOOR:
                continue
            kind = (AllocationKind.PERSONAL_ADVISER if spell.service == Service.LEAVING_CARE
                    else AllocationKind.SOCIAL_WORKER)
            start = spell.start
            if kind == AllocationKind.PERSONAL_ADVISER:
                # Personal advisers start before the 18th birthday, while still in care.
                lac = [s for s in child.stages if s.level == LAC and s.end == spell.start]
                earliest = lac[0].start if lac else spell.start
                start = max(earliest, spell.start - timedelta(days=rng.randint(0, 120)))
            out += self._workers(rng, child, team, kind, start, spell.end, reason)
            if spell.service == Service.CHILDREN_IN_CARE:
                iro_start = min(spell.start + timedelta(days=rng.randint(0, 5)), self.today)
                if spell.end is None or spell.end > iro_start:
                    iro_team = self._pick_team(rng, Service.REVIEWING)
                    out += self._workers(rng, child, iro_team, AllocationKind.IRO, iro_start,
                                         spell.end, reason or "Ceased to be looked after")
        return out

    def _workers(self, rng, child, team, kind, start, end, final_reason) -> list[AllocationPlan]:
        stop = end or self.today
        years = max(0, (stop - start).days) / 365.25
        rate = TURNOVER.get(team.service, 0.5) * years
        changes = sorted({start + timedelta(days=rng.randrange(1, max(2, (stop - start).days)))
                          for _ in range(_poisson(rng, rate))})
        cuts = [start, *[c for c in changes if start < c < stop]]
        out: list[AllocationPlan] = []
        worker = None
        for j, when in enumerate(cuts):
            until = cuts[j + 1] if j + 1 < len(cuts) else end
            worker = self._pick_worker(rng, team, worker)
            reason = rng.choice(CHANGE_REASONS) if until is not None and j + 1 < len(cuts) else (
                final_reason if until is not None else "")
            out.append(AllocationPlan(child, kind, worker, team.key, when, until, reason,
                                      team.manager, self._recorded_at(rng, when)))
        if (end is None and kind == AllocationKind.SOCIAL_WORKER
                and team.service in (Service.ASSESSMENT, Service.SAFEGUARDING, Service.CHILDREN_IN_CARE)
                and rng.random() < UNALLOCATED_SHARE / 0.98):
            # The worker left and the case waits in the team for reallocation.
            last = out[-1]
            left = self.today - timedelta(days=rng.randint(2, 40))
            if left > last.start:
                last.end = left
                last.end_reason = "Social worker left the authority; awaiting reallocation"
            else:
                out.pop()
        return out


TEAM_SERVICES = (
    Service.FRONT_DOOR, Service.ASSESSMENT, Service.SAFEGUARDING, Service.CHILDREN_IN_CARE,
    Service.LEAVING_CARE, Service.REVIEWING, Service.EARLY_HELP,
)


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method is fine for the small means used here.
    limit, k, p = pow(2.718281828459045, -mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def balance_demo_caseload(allocations: list[AllocationPlan], staffing: Staffing, today: date,
                          low: int = 15, high: int = 19) -> int:
    """Give the demo social worker a realistic caseload in their team: between ``low``
    and ``high`` children with a current allocation, moving current allocations
    between the demo worker and their colleagues (whole sibling groups stay together
    only approximately; the point is a believable list)."""
    demo = staffing.demo["demo.social_worker"]
    team = next(t for t in staffing.teams if demo in t.members)
    current = [a for a in allocations if a.kind == AllocationKind.SOCIAL_WORKER
               and a.team == team.key and a.end is None]
    mine = [a for a in current if a.worker == demo]
    others = [a for a in current if a.worker != demo]
    colleagues = [m for m in team.members if m != demo] or [demo]
    rng = random.Random(f"demo-caseload|{today.isoformat()}")
    while len(mine) > high:
        a = mine.pop()
        a.worker = rng.choice(colleagues)
    # Prefer cases on a plan (CIN or CP) so the demo list has work on it.
    others.sort(key=lambda a: (a.child.open_level != "cp", a.child.council_id))
    while len(mine) < low and others:
        a = others.pop(0)
        a.worker = demo
        mine.append(a)
    return len(mine)
