"""Stability and sufficiency of care, measured over the children the reader may see.

Each measure is a count of children over a denominator, as the service and Ofsted read
them, with the children behind it:

- three or more placements in the last 12 months (temporary moves T0-T4 not counted),
  of the children looked after today;
- long-term stability: of the children under 16 looked after for 2.5 years or more,
  those in the same placement for the last 2 years;
- children under 12 living in residential care (children's homes, residential schools);
- placed out of the council's area, and out of area more than 20 miles from home;
- placements not regulated, or with a connected person not assessed, and not resolved;
- three or more changes of social worker in the last 12 months.

Four queries whatever the size of the service.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from lantern.access.policy import only_visible
from lantern.core.engine import ObligationStatus
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import OPEN, status
from lantern.people.selectors import age_on

from .models import RESIDENTIAL_TYPES, CareVisit, PeriodOfCare, Placement
from .selectors import social_worker_changes

TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
FAR_MILES = 20


@dataclass
class Child:
    child_id: int
    name: str
    age: int | None
    in_care_since: date
    placement: Placement
    placements_12m: int = 0
    sw_changes: int = 0


@dataclass
class Measure:
    key: str
    label: str
    of: str
    children: list[Child] = field(default_factory=list)
    denominator: int = 0

    @property
    def count(self) -> int:
        return len(self.children)

    @property
    def share(self) -> int:
        return round(100 * self.count / self.denominator) if self.denominator else 0


def care_measures(user, *, today: date) -> list[Measure]:
    year_ago = today - relativedelta(years=1)
    periods = list(only_visible(PeriodOfCare.objects.filter(start__lte=today), user)
                   .exclude(end__lte=today)
                   .values_list("pk", "child_id", "child__first_name", "child__last_name",
                                "child__date_of_birth", "start"))
    period_ids = [row[0] for row in periods]
    placements = defaultdict(list)
    for placement in Placement.objects.filter(period_id__in=period_ids, start__lte=today).select_related(
            "connected_person").exclude(
            end__lte=year_ago).order_by("start", "id"):
        placements[placement.period_id].append(placement)
    changes = social_worker_changes([row[1] for row in periods], today=today)
    children = []
    for pk, child_id, first, last, born, start in periods:
        stays = placements.get(pk, [])
        current = next((p for p in reversed(stays) if p.end is None or p.end > today), None)
        if current is None:
            continue
        children.append(Child(child_id, f"{first} {last}", age_on(born, today), start, current,
                              sum(1 for p in stays if p.placement_type not in TEMPORARY),
                              changes.get(child_id, 0)))
    children.sort(key=lambda c: c.name)
    everyone = len(children)
    moves = Measure("three-placements", "Three or more placements in the last 12 months",
                    "children looked after today", [c for c in children if c.placements_12m >= 3],
                    everyone)
    settled_group = [c for c in children if c.age is not None and c.age < 16
                     and c.in_care_since <= today - relativedelta(years=2, months=6)]
    settled = Measure("long-term-stability",
                      "In the same placement for 2 years (under 16, in care 2.5 years or more)",
                      "children under 16 looked after for 2.5 years or more",
                      [c for c in settled_group
                       if c.placement.start <= today - relativedelta(years=2)], len(settled_group))
    under_12 = Measure("under-12-residential", "Under 12 and living in residential care",
                       "children looked after today",
                       [c for c in children if c.age is not None and c.age < 12
                        and c.placement.placement_type in RESIDENTIAL_TYPES], everyone)
    away = Measure("out-of-area", "Placed out of the council's area", "children looked after today",
                   [c for c in children if not c.placement.in_area], everyone)
    far = Measure("far-from-home", f"Out of area and more than {FAR_MILES} miles from home",
                  "children looked after today",
                  [c for c in children if not c.placement.in_area
                   and (c.placement.miles_from_home or 0) > FAR_MILES], everyone)
    unresolved = Measure("unregulated", "Placement not regulated or carer not assessed",
                         "children looked after today",
                         [c for c in children if c.placement.unresolved], everyone)
    workers = Measure("social-worker-changes",
                      "Three or more changes of social worker in the last 12 months",
                      "children looked after today", [c for c in children if c.sw_changes >= 3],
                      everyone)
    return [moves, settled, under_12, away, far, unresolved, workers]


VISIT_RULES = ("LA4", "LA5", "LA6", "LA7", "LA8", "LA9")


@dataclass
class AwayChild:
    placement: Placement
    last_seen: date | None
    next_visit: Obligation | None
    visit_status: ObligationStatus | None

    @property
    def overdue(self) -> bool:
        return self.visit_status is ObligationStatus.OVERDUE


def placed_out_of_area(user, *, today: date, far_only: bool = False,
                       overdue_only: bool = False) -> list[AwayChild]:
    """Children whose placement today is outside the council's area, furthest first, with
    the last visit where they were seen and the next statutory visit from the ledger
    (three queries)."""
    placements = (only_visible(Placement.objects.filter(start__lte=today, in_area=False), user)
                  .exclude(end__lte=today).select_related("child", "connected_person"))
    if far_only:
        placements = placements.filter(miles_from_home__gt=FAR_MILES)
    placements = list(placements)
    ids = [p.child_id for p in placements]
    last_seen: dict[int, date] = {}
    for child_id, on in (CareVisit.objects.filter(child_id__in=ids, seen=True, visited_on__lte=today)
                         .order_by("child_id", "visited_on").values_list("child_id", "visited_on")):
        last_seen[child_id] = on
    due: dict[int, Obligation] = {}
    for ob in Obligation.objects.filter(OPEN, child_id__in=ids, rule_id__in=VISIT_RULES).order_by(
            "-due_on"):
        due[ob.child_id] = ob  # the earliest open visit clock wins
    out = []
    for p in placements:
        ob = due.get(p.child_id)
        row = AwayChild(p, last_seen.get(p.child_id), ob, status(ob, today=today) if ob else None)
        if not overdue_only or row.overdue:
            out.append(row)
    out.sort(key=lambda r: (-(r.placement.miles_from_home or 0), r.placement.child.last_name))
    return out
