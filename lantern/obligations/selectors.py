"""Reads of the obligations ledger: every timeliness figure comes from here."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import OuterRef, Q

from lantern.core.engine import ObligationStatus, status_of
from lantern.core.rules import CATALOGUE, Area, UnknownRule, get_rule
from lantern.people.models import Child
from lantern.staff.models import Allocation, AllocationKind

from .models import Obligation


def rule_title(rule_id: str) -> str:
    try:
        return get_rule(rule_id).title
    except UnknownRule:
        return rule_id


def status(ob: Obligation, *, today: date, now: datetime | None = None) -> ObligationStatus:
    """An obligation's status today, as the rules core defines it."""
    return status_of(ob.as_core(), today=today, now=now,
                     due_soon_days=settings.LANTERN_DUE_SOON_DAYS)


@dataclass(frozen=True)
class Line:
    obligation: Obligation
    title: str
    status: ObligationStatus


def _lines(rows, today, now) -> list[Line]:
    return [Line(ob, rule_title(ob.rule_id), status(ob, today=today, now=now)) for ob in rows]


OPEN = Q(met_on__isnull=True, ended_on__isnull=True)

# The front door's clocks (screening, decision, feedback, agency checks) are the front
# door's work, shown on its queue; they are not the allocated worker's to-do list.
FRONT_DOOR_RULES = tuple(rule.id for rule in CATALOGUE if rule.area is Area.FRONT_DOOR)
WORKER_OWNED = ~Q(rule_id__in=FRONT_DOOR_RULES)


def child_panel(child: Child, *, today: date, now: datetime, limit: int = 30) -> dict[str, list[Line]]:
    """Open obligations for a child's record page, grouped overdue / due soon / upcoming."""
    rows = Obligation.objects.filter(OPEN, child=child).order_by("due_on", "id")[:limit]
    groups: dict[str, list[Line]] = {"overdue": [], "due_soon": [], "upcoming": []}
    for line in _lines(rows, today, now):
        key = {ObligationStatus.OVERDUE: "overdue", ObligationStatus.DUE_SOON: "due_soon"}.get(
            line.status, "upcoming")
        groups[key].append(line)
    return groups


def _allocated(today, **worker_filter):
    """Children currently allocated (social worker) as the filter says: a subquery of ids."""
    return Allocation.objects.current(today).filter(
        kind=AllocationKind.SOCIAL_WORKER, **worker_filter).values("child_id")


def worklist(user, *, today: date, now: datetime, horizon_days: int | None = None,
             limit: int = 200) -> list[Line]:
    """The user's own overdue and due-soon obligations across their allocated children."""
    horizon = today + timedelta(days=horizon_days or settings.LANTERN_DUE_SOON_DAYS)
    rows = (Obligation.objects.filter(OPEN, WORKER_OWNED, due_on__lte=horizon)
            .filter(child_id__in=_allocated(today, worker=user))
            .select_related("child").order_by("due_on", "id")[:limit])
    return _lines(rows, today, now)


def team_worklist(team, *, today: date, now: datetime, horizon_days: int | None = None,
                  limit: int = 500) -> list[Line]:
    """Overdue and due-soon obligations across every child allocated within a team."""
    horizon = today + timedelta(days=horizon_days or settings.LANTERN_DUE_SOON_DAYS)
    rows = list(Obligation.objects.filter(OPEN, WORKER_OWNED, due_on__lte=horizon)
                .filter(child_id__in=_allocated(today, worker__team=team))
                .select_related("child").order_by("due_on", "id")[:limit])
    names = {
        a.child_id: str(a.worker)
        for a in Allocation.objects.current(today)
        .filter(child_id__in={r.child_id for r in rows}, kind=AllocationKind.SOCIAL_WORKER)
        .select_related("worker")
    }
    for r in rows:
        r.worker_name = names.get(r.child_id, "Unallocated")
    return _lines(rows, today, now)


def caseload(*, today: date, viewer, worker=None, team=None, limit: int = 300,
             out_of_area: bool = False) -> list[Child]:
    """Children currently allocated to a worker (or within a team) that ``viewer`` may see,
    with their level of need and counts of overdue and due-soon obligations, in one query.
    An allocation alone does not show a child: a restricted child whose grant has ended is
    not named, even to their allocated worker. ``out_of_area`` keeps the children whose open
    placement is outside the council's area, with its miles from home and the next statutory
    visit due."""
    from django.db.models import Count, Exists, Min, Subquery

    from lantern.access.policy import only_visible
    from lantern.care.measures import VISIT_RULES
    from lantern.care.models import Placement
    from lantern.legal.selectors import unassessed_placements
    from lantern.people.models import Involvement, Level

    horizon = today + timedelta(days=settings.LANTERN_DUE_SOON_DAYS)
    mine = Allocation.objects.current(today).filter(kind=AllocationKind.SOCIAL_WORKER)
    mine = mine.filter(worker=worker) if worker is not None else mine.filter(worker__team=team)
    level = (Involvement.objects.filter(child=OuterRef("pk"), start__lte=today)
             .filter(Q(end__isnull=True) | Q(end__gt=today)).order_by("-start").values("level")[:1])
    worker_name = (Allocation.objects.current(today)
                   .filter(child=OuterRef("pk"), kind=AllocationKind.SOCIAL_WORKER)
                   .order_by("-start").values("worker__last_name")[:1])
    open_q = Q(obligations__met_on__isnull=True, obligations__ended_on__isnull=True) & ~Q(
        obligations__rule_id__in=FRONT_DOOR_RULES)
    children = only_visible(Child.objects.filter(pk__in=mine.values("child_id")), viewer, field="pk")
    if out_of_area:
        away = Placement.objects.filter(end__isnull=True, period__end__isnull=True, in_area=False)
        children = children.filter(pk__in=away.values("child_id")).annotate(
            miles_from_home=Subquery(away.filter(child=OuterRef("pk")).order_by("-start")
                                     .values("miles_from_home")[:1]),
            next_visit_due=Min("obligations__due_on",
                               filter=open_q & Q(obligations__rule_id__in=VISIT_RULES)))
    children = list(
        children
        .annotate(
            level=Subquery(level),
            worker_last_name=Subquery(worker_name),
            overdue=Count("obligations", filter=open_q & Q(obligations__due_on__lt=today)),
            due_soon=Count("obligations", filter=open_q & Q(obligations__due_on__gte=today,
                                                            obligations__due_on__lte=horizon)),
            next_due=Min("obligations__due_on", filter=open_q),
            unassessed=Exists(unassessed_placements().filter(child=OuterRef("pk"))),
        )
        .order_by("-overdue", "next_due", "last_name", "first_name")[:limit]
    )
    labels = dict(Level.choices)
    for child in children:
        child.level_label = labels.get(child.level, "Not open to a service")
    return children
