"""Reads that every plan page shares: the plan's actions and visits (prefetched with the plan)
and its clocks from the obligations ledger (never recomputed here).

A plan is fetched by its own area (protection or childinneed) through the access module;
``PLAN_PARTS`` is the prefetch that brings its visits and actions in two more queries
whatever the plan's history.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.http import Http404

from lantern.core.engine import ObligationStatus
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import status
from lantern.staff.models import User

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
