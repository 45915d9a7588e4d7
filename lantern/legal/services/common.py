"""What every legal write shares: who may record, the case lock, the audit entry on each
child's trail and the refresh of each child's obligations.

A family's case is written under a lock on the case row, so two people recording at once
cannot interleave. Decisions (the gateway meeting's, the decision to issue or step down,
an extension) need a manager; social workers record the rest. A write needs the right to
act on every child of the case.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.core.text import long_date
from lantern.obligations.services import obligations_refresh
from lantern.staff.models import MANAGER_ROLES, Role, User

from ..models import LegalCase

RECORDERS = MANAGER_ROLES | {Role.SOCIAL_WORKER}
DECIDERS = MANAGER_ROLES


def require_recorder(actor: User, case: LegalCase, *, decision: bool = False) -> None:
    """Refuse unless ``actor`` records legal work (or, for a decision, is a manager) and may
    act on every child of the case."""
    if decision and actor.role not in DECIDERS:
        raise NotPermitted("Only a team manager, service manager or senior leader records this decision")
    if actor.role not in RECORDERS:
        raise NotPermitted("Only social workers and managers record legal work")
    for child in case.children.all():
        require_can_act(actor, child)


def lock_case(case: LegalCase) -> LegalCase:
    return LegalCase.objects.select_for_update().get(pk=case.pk)


def audit_case(*, actor: User, now: datetime, case: LegalCase, action: str, obj, before=None,
               after=None, reason: str = "") -> None:
    """One audit entry per child of the case, so each child's trail shows the decision."""
    for child in case.children.all():
        audit_event(actor=actor, at=now, action=f"{case.family_name}: {action}", obj=obj, child=child,
                    before=before, after=after, reason=reason)


def refresh_case(case: LegalCase) -> None:
    for child in case.children.all():
        obligations_refresh(child=child)


def day_errors(errors: dict[str, str], field: str, day: date | None, *, today: date, label: str,
               required: bool = True, not_before: tuple[date, str] | None = None) -> None:
    """Add ``field``'s error when ``day`` is missing (if required), in the future, or before
    ``not_before`` (a date and what it is, e.g. "the application was issued")."""
    if day is None:
        if required:
            errors.setdefault(field, f"Enter {label}")
        return
    if day > today:
        errors.setdefault(field, f"{label[:1].upper()}{label[1:]} cannot be in the future")
    elif not_before is not None and day < not_before[0]:
        errors.setdefault(field, f"{label[:1].upper()}{label[1:]} cannot be before {not_before[1]} "
                                 f"({long_date(not_before[0])})")


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)
