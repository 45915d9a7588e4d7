"""Reads that every plan page shares: the plan's actions and visits (prefetched with the plan),
its clocks from the obligations ledger (never recomputed here), and the plan quality measure.

A plan is fetched by its own area (protection or childinneed) through the access module;
``PLAN_PARTS`` is the prefetch that brings its visits and actions in two more queries
whatever the plan's history.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Prefetch, Q, Subquery
from django.http import Http404

from lantern.access.policy import only_visible
from lantern.core.engine import ObligationStatus
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import status
from lantern.staff.models import Allocation, AllocationKind, Team, User

from .models import Action, ActionReview, Visit
from .services import PRACTITIONERS

PLAN_PARTS = (
    Prefetch("visits", queryset=Visit.objects.select_related("worker").order_by("-visited_on", "-id")),
    Prefetch("actions", queryset=Action.objects.order_by("added_on", "id").prefetch_related(
        Prefetch("reviews", queryset=ActionReview.objects.order_by("reviewed_on", "id")))),
)

# How each clock reads on a plan page, by its status today.
CLOCK_TAGS = {
    ObligationStatus.UPCOMING: ("blue", "In time"),
    ObligationStatus.DUE_SOON: ("orange", "Due soon"),
    ObligationStatus.OVERDUE: ("red", "Overdue"),
    ObligationStatus.MET: ("green", "Met in time"),
    ObligationStatus.MET_LATE: ("red", "Met late"),
    ObligationStatus.NO_LONGER_REQUIRED: ("grey", "Not required"),
}


@dataclass(frozen=True)
class Clock:
    """One clock as a page shows it: the ledger row (if any) and its status today."""

    obligation: Obligation | None
    status: ObligationStatus | None = None

    @property
    def due(self) -> date | None:
        return self.obligation.due_on if self.obligation else None

    @property
    def met(self) -> date | None:
        return self.obligation.met_on if self.obligation else None

    @property
    def tag(self) -> tuple[str, str] | None:
        return CLOCK_TAGS.get(self.status) if self.status else None

    @property
    def rule_id(self) -> str:
        return self.obligation.rule_id if self.obligation else ""


def clock_of(rows, rule_ids, *, today: date) -> Clock:
    """The clock a reader wants from ``rows`` (ledger rows of one scope): the earliest open
    one of these rules; when none is open, the latest one (met or no longer required)."""
    mine = [ob for ob in rows if ob.rule_id in rule_ids]
    open_rows = sorted((ob for ob in mine if ob.is_open), key=lambda ob: (ob.due_on, ob.pk))
    if open_rows:
        chosen = open_rows[0]
    elif mine:
        chosen = max(mine, key=lambda ob: (ob.start_on, ob.due_on, ob.pk))
    else:
        return Clock(None)
    return Clock(chosen, status(chosen, today=today))


def plan_or_404(plans, child, plan_id):
    """The plan with this id if it is this child's (the child already came through the access
    module); otherwise 404, as if it did not exist."""
    try:
        plan = plans.get(child=child, pk=int(plan_id))
    except (plans.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such plan") from None
    plan.child = child
    return plan


def ledger_rows(child_id: int, scopes, rule_ids) -> list[Obligation]:
    """Ledger rows of a child for these scopes and rules, in one query."""
    return list(Obligation.objects.filter(child_id=child_id, scope__in=list(scopes),
                                          rule_id__in=list(rule_ids)).order_by("due_on", "id"))


def visitors(actor, child):
    """Who may be recorded as visiting: the actor, the child's allocated worker and the
    actor's team, among the roles that record visits."""
    allocated = child.social_worker.worker_id if child.social_worker else None
    who = Q(pk=actor.pk) | Q(pk=allocated)
    if actor.team_id:
        who |= Q(team_id=actor.team_id)
    return User.objects.filter(who, is_active=True, role__in=PRACTITIONERS).order_by(
        "last_name", "first_name")


@dataclass
class ActionRow:
    """An action with the form that reviews it (None where the user cannot review)."""

    action: Action
    form: object = None

    @property
    def name(self) -> str:
        return f"progress-{self.action.pk}"

    @property
    def anchor(self) -> str:
        return f"action-{self.action.pk}"


# Plan quality ------------------------------------------------------------------------------

# The same tests as Action.no_owner, no_date and no_measure, in SQL (services strip text).
NO_OWNER = Q(owner_agency="", owner_name="")
NO_DATE = Q(due__isnull=True)
NO_MEASURE = Q(measure="")
FLAGS = (("no_owner", "No owner"), ("no_date", "No date"), ("no_measure", "No measurable outcome"))
ON_OPEN_PLAN = (Q(cp_plan__isnull=False, cp_plan__end__isnull=True)
                | Q(cin_plan__isnull=False, cin_plan__end__isnull=True))


@dataclass
class Counts:
    """Actions counted: all of them, those with any flag, and each flag."""

    actions: int = 0
    flagged: int = 0
    no_owner: int = 0
    no_date: int = 0
    no_measure: int = 0

    def add(self, no_owner: bool, no_date: bool, no_measure: bool) -> None:
        self.actions += 1
        self.flagged += no_owner or no_date or no_measure
        self.no_owner += no_owner
        self.no_date += no_date
        self.no_measure += no_measure

    def count(self, flag: str) -> int:
        return getattr(self, flag)


@dataclass
class QualityLine(Counts):
    """One row of the measure: the whole service, or one team (``key`` is its id or "none")."""

    key: str = ""
    label: str = ""

    def share(self, flag: str) -> int | None:
        """The percentage of the actions with this flag ("flagged": any of them)."""
        return round(100 * self.count(flag) / self.actions) if self.actions else None


@dataclass
class QualityChild(Counts):
    """A child's open plan with its actions counted, for the lists behind the numbers."""

    child_id: int = 0
    name: str = ""
    plan_kind: str = ""  # "cp" or "cin"
    plan_id: int = 0
    team_key: str = ""
    team: str = ""


@dataclass
class Quality:
    total: QualityLine
    teams: list[QualityLine]
    children: list[QualityChild] = field(default_factory=list)


def _bool(q: Q) -> ExpressionWrapper:
    return ExpressionWrapper(q, output_field=BooleanField())


def plan_quality(user, *, today: date) -> Quality:
    """Actions on open plans (child protection and child in need) of the children the user
    may see, flagged for no owner, no date or no measurable outcome, for the service and by
    the team of each child's current social worker. Two queries whatever the numbers."""
    team = Allocation.objects.current(today).filter(
        child=OuterRef("child_id"), kind=AllocationKind.SOCIAL_WORKER).order_by("-start", "-id")
    rows = (only_visible(Action.objects.filter(ON_OPEN_PLAN), user)
            .annotate(team_id=Subquery(team.values("team_id")[:1]), f_no_owner=_bool(NO_OWNER),
                      f_no_date=_bool(NO_DATE), f_no_measure=_bool(NO_MEASURE))
            .values_list("child_id", "child__first_name", "child__last_name", "cp_plan_id",
                         "cin_plan_id", "team_id", "f_no_owner", "f_no_date", "f_no_measure"))
    rows = list(rows)
    names = dict(Team.objects.filter(pk__in={r[5] for r in rows if r[5]}).values_list("pk", "name"))
    total = QualityLine(key="all", label="All teams")
    teams: dict[str, QualityLine] = {}
    children: dict[tuple[str, int], QualityChild] = {}
    for child_id, first, last, cp_id, cin_id, team_id, no_owner, no_date, no_measure in rows:
        key = str(team_id) if team_id else "none"
        line = teams.setdefault(key, QualityLine(key=key, label=names.get(team_id, "No allocated social worker")))
        kind, plan_id = ("cp", cp_id) if cp_id else ("cin", cin_id)
        child = children.setdefault((kind, plan_id), QualityChild(
            child_id=child_id, name=f"{first} {last}", plan_kind=kind, plan_id=plan_id, team_key=key,
            team=line.label))
        for counted in (total, line, child):
            counted.add(bool(no_owner), bool(no_date), bool(no_measure))
    ordered = sorted(teams.values(), key=lambda t: (t.key == "none", t.label))
    return Quality(total, ordered, sorted(children.values(), key=lambda c: (c.team, c.name, c.plan_id)))
