"""Writes for data protection: recording a subject access export, placing and lifting legal holds.

Every subject access export leaves three traces: an export on the child's access log (it
shows under "who viewed the record"), an audit event on the child's trail and a security
event for senior leaders and administrators.
"""

from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.audit.models import AccessKind
from lantern.audit.services import access_record, audit_event, export_event_record

from .models import LegalHold
from .selectors import is_data_protection, subject_by_council_id
from .subject_access import Document, build


class NotDataProtection(Exception):
    """The actor does not hold a data-protection role."""


def _require(actor) -> None:
    if not is_data_protection(actor):
        raise NotDataProtection("Only senior leaders and system administrators may do this")


def subject_access_export(*, actor, now: datetime, council_id: str, out: str,
                          deliver: Callable[[Document], None] | None = None, request=None) -> Document:
    """The subject access document for the child with ``council_id``, recorded as an export.
    ``deliver(document)`` (writing the file) runs inside the same transaction: when it fails
    nothing is recorded. ``out`` says where the document went, for the security event."""
    _require(actor)
    child = subject_by_council_id(actor, council_id)
    document = build(child, actor=actor, now=now)
    with transaction.atomic():
        access_record(user=actor, child=child, page="privacy:subject-access", kind=AccessKind.EXPORT)
        audit_event(actor=actor, at=now, action=f"Subject access export made of the record "
                    f"({document.redactions} passages marked for redaction)", obj=child, child=child)
        export_event_record(what=f"Subject access export of {child.council_id}", out=out, user=actor,
                            request=request)
        if deliver is not None:
            deliver(document)
    return document


def legal_hold_place(*, actor, now: datetime, child, reason: str) -> LegalHold:
    _require(actor)
    reason = (reason or "").strip()
    with transaction.atomic():
        if not reason:
            raise ValidationError({"reason": "Enter why the record must be kept"})
        if LegalHold.objects.select_for_update().filter(child=child, lifted_at__isnull=True).exists():
            raise ValidationError({"reason": "The record is already under a legal hold"})
        hold = LegalHold(child=child, reason=reason, placed_by=actor, placed_at=now)
        hold.full_clean()
        hold.save()
        audit_event(actor=actor, at=now, action="Legal hold placed on the record: it is kept whatever the "
                    "retention schedule says", obj=hold, child=child, after={"reason": reason}, reason=reason)
    return hold


def legal_hold_lift(*, actor, now: datetime, child, reason: str) -> LegalHold:
    _require(actor)
    reason = (reason or "").strip()
    with transaction.atomic():
        hold = LegalHold.objects.select_for_update().filter(child=child, lifted_at__isnull=True).first()
        if hold is None:
            raise ValidationError({"reason": "The record is not under a legal hold"})
        if not reason:
            raise ValidationError({"reason": "Enter why the hold is lifted"})
        hold.lifted_at, hold.lifted_by, hold.lift_reason = now, actor, reason
        hold.full_clean()
        hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
        audit_event(actor=actor, at=now, action="Legal hold lifted: the retention schedule applies again",
                    obj=hold, child=child, before={"reason": hold.reason}, after={"lift_reason": reason},
                    reason=reason)
    return hold
