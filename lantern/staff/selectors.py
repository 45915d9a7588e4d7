"""Reads of staff, scoped to what the requesting user manages."""

from django.db.models import Q

from .models import Role, User

CASE_HOLDING_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)


def allocatable_workers(actor):
    """Social workers this user may allocate cases to: their own teams' for team managers,
    their management line's for service managers, everyone's for the front door and leaders."""
    workers = User.objects.filter(is_active=True, role__in=CASE_HOLDING_ROLES, team__isnull=False)
    if actor.role == Role.TEAM_MANAGER:
        workers = workers.filter(Q(team__manager=actor) | Q(line_manager=actor))
    elif actor.role == Role.SERVICE_MANAGER:
        workers = workers.filter(Q(team__manager__line_manager=actor) | Q(line_manager__line_manager=actor))
    return workers.select_related("team").order_by("last_name", "first_name")
