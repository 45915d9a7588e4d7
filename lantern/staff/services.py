"""Writes to staffing: allocations keep their history."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.services import audit_event
from lantern.obligations.services import obligations_refresh

from .models import MANAGER_ROLES, Allocation, AllocationKind, Role, Team, User

ALLOCATORS = MANAGER_ROLES | {Role.FRONT_DOOR, Role.ADMIN}


class AllocationError(Exception):
    pass


@transaction.atomic
def allocation_change(*, actor: User, today: date, child, kind: str, start: date,
                      team: Team, worker: User | None = None, reason: str = "") -> Allocation:
    """Allocate the child's case from ``start``; the current allocation of that kind ends then."""
    if actor.role not in ALLOCATORS:
        raise NotPermitted("Only managers and the front door can allocate cases")
    if start > today:
        raise ValidationError("The allocation cannot start in the future")
    if kind != AllocationKind.TEAM and worker is None:
        raise ValidationError("Choose the worker to allocate")
    if worker is not None and not worker.is_active:
        raise AllocationError(f"{worker} is not an active member of staff")
    current = Allocation.objects.select_for_update().filter(child=child, kind=kind, end__isnull=True).first()
    if current and start <= current.start:
        raise ValidationError("The new allocation must start after the current one began")
    if current and current.worker_id == (worker.pk if worker else None) and current.team_id == team.pk:
        raise AllocationError("The case is already allocated that way")
    now = timezone.now()
    if current:
        current.end, current.end_reason = start, reason or "Reallocated"
        current.save(update_fields=["end", "end_reason"])
    allocation = Allocation(child=child, kind=kind, worker=worker, team=team, start=start,
                            recorded_by=actor, recorded_at=now)
    allocation.full_clean()
    allocation.save()
    who = worker or team
    previous = f" (was {current.worker or current.team})" if current else ""
    audit_event(actor=actor, at=now,
                action=f"{AllocationKind(kind).label} for {child.full_name} allocated to {who} from {start:%d %B %Y}{previous}",
                obj=allocation, child=child,
                before={"worker": current.worker_id, "team": current.team_id} if current else None,
                after={"worker": worker.pk if worker else None, "team": team.pk, "start": start},
                reason=reason)
    obligations_refresh(child=child)
    return allocation


@transaction.atomic
def allocation_end(*, actor: User, today: date, allocation: Allocation, end: date, reason: str) -> Allocation:
    if actor.role not in ALLOCATORS:
        raise NotPermitted("Only managers and the front door can end allocations")
    if end > today:
        raise ValidationError("The allocation cannot end in the future")
    if end <= allocation.start:
        raise ValidationError("The end must be after the allocation started")
    allocation.end, allocation.end_reason = end, reason
    allocation.save(update_fields=["end", "end_reason"])
    audit_event(actor=actor, at=timezone.now(),
                action=f"{allocation.get_kind_display()} allocation for {allocation.child.full_name} ended on {end:%d %B %Y}",
                obj=allocation, child=allocation.child, after={"end": end}, reason=reason)
    obligations_refresh(child=allocation.child)
    return allocation
