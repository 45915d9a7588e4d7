"""Writes to people records: permission, validation, save, audit, obligations, in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.obligations.services import obligations_refresh
from lantern.staff.models import Role

from .models import Address, Adult, Child, Involvement, Level, Relationship

# Who may bring a new child onto the system.
CHILD_CREATORS = frozenset(
    {Role.FRONT_DOOR, Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
     Role.OUT_OF_HOURS, Role.ADMIN}
)


class PeopleError(Exception):
    """A change to a person's record was refused; the message says why."""


def _child_snapshot(child: Child) -> dict:
    return {
        "council_id": child.council_id,
        "name": child.full_name,
        "date_of_birth": child.date_of_birth,
        "expected_date_of_birth": child.expected_date_of_birth,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "nhs_number": child.nhs_number,
        "upn": child.upn,
        "uasc": child.uasc,
        "disabilities": child.disabilities,
    }


def _check_not_future(value: date | None, label: str, today: date) -> None:
    if value and value > today:
        raise ValidationError(f"{label} must be today or in the past")


def next_council_id() -> str:
    """The next free council id ("LAN" and seven digits). Unique in the database."""
    last = (Child.objects.filter(council_id__regex=r"^LAN[0-9]{7}$")
            .order_by("-council_id").values_list("council_id", flat=True).first())
    return f"LAN{int(last[3:]) + 1 if last else 1:07d}"


@transaction.atomic
def child_create(*, actor, today: date, first_name: str, last_name: str, council_id: str = "",
                 date_of_birth: date | None = None, expected_date_of_birth: date | None = None,
                 sex: str = "U", middle_names: str = "", preferred_name: str = "", gender: str = "",
                 ethnicity: str = "", nhs_number: str = "", upn: str = "", uasc: bool = False,
                 disabilities: list[str] | None = None) -> Child:
    if actor.role not in CHILD_CREATORS:
        raise NotPermitted("Your role cannot add children to the record")
    _check_not_future(date_of_birth, "Date of birth", today)
    if date_of_birth is None and expected_date_of_birth is None:
        raise ValidationError("Enter a date of birth, or an expected date of birth for an unborn child")
    child = Child(
        council_id=council_id or next_council_id(), first_name=first_name.strip(), middle_names=middle_names.strip(),
        last_name=last_name.strip(), preferred_name=preferred_name.strip(),
        date_of_birth=date_of_birth, expected_date_of_birth=expected_date_of_birth, sex=sex,
        gender=gender, ethnicity=ethnicity, nhs_number=nhs_number.replace(" ", ""), upn=upn.upper(),
        uasc=uasc, disabilities=disabilities or [],
    )
    child.full_clean()
    child.save()
    audit_event(actor=actor, at=timezone.now(), action=f"Child {child.full_name} added to the record",
                obj=child, child=child, after=_child_snapshot(child))
    obligations_refresh(child=child)
    return child


@transaction.atomic
def child_details_correct(*, actor, today: date, child: Child, reason: str, **changes) -> Child:
    """Correct a child's identifying details; the old values stay in the audit trail."""
    require_can_act(actor, child)
    if not reason.strip():
        raise ValidationError("Give the reason for the correction")
    allowed = {"first_name", "middle_names", "last_name", "preferred_name", "date_of_birth",
               "expected_date_of_birth", "sex", "gender", "ethnicity", "nhs_number", "upn",
               "uasc", "uasc_ceased", "disabilities"}
    unknown = set(changes) - allowed
    if unknown:
        raise PeopleError(f"These details cannot be corrected here: {', '.join(sorted(unknown))}")
    child = Child.objects.select_for_update().get(pk=child.pk)
    before = _child_snapshot(child)
    _check_not_future(changes.get("date_of_birth"), "Date of birth", today)
    for field, value in changes.items():
        setattr(child, field, value)
    child.full_clean()
    child.save()
    after = _child_snapshot(child)
    changed = [k for k in after if before[k] != after[k]]
    audit_event(actor=actor, at=timezone.now(),
                action=f"Details corrected for {child.full_name}: {', '.join(changed) or 'no change'}",
                obj=child, child=child, before=before, after=after, reason=reason)
    obligations_refresh(child=child)
    return child


@transaction.atomic
def address_move(*, actor, today: date, child: Child, line1: str, town: str, postcode: str,
                 start: date, line2: str = "") -> Address:
    """Record that the child moved to a new address on ``start``; the old one ends that day."""
    require_can_act(actor, child)
    _check_not_future(start, "The date of the move", today)
    if child.date_of_birth and start < child.date_of_birth:
        raise ValidationError("The date of the move cannot be before the child was born")
    current = child.addresses.filter(end__isnull=True).first()
    if current and start <= current.start:
        raise ValidationError("The move must be after the start of the current address")
    address = Address(child=child, line1=line1, line2=line2, town=town, postcode=postcode, start=start)
    address.full_clean()
    if current:
        current.end = start
        current.save(update_fields=["end"])
    address.save()
    audit_event(actor=actor, at=timezone.now(),
                action=f"Address changed to {address.line1}, {address.postcode} from {start:%d %B %Y}",
                obj=address, child=child, after={"postcode": address.postcode, "start": start})
    return address


@transaction.atomic
def relationship_add(*, actor, child: Child, kind: str, adult: Adult | None = None,
                     other_child: Child | None = None, parental_responsibility: bool = False,
                     lives_with_child: bool = False, start: date | None = None) -> Relationship:
    require_can_act(actor, child)
    rel = Relationship(child=child, adult=adult, other_child=other_child, kind=kind,
                       parental_responsibility=parental_responsibility,
                       lives_with_child=lives_with_child, start=start)
    rel.full_clean()
    rel.save()
    who = adult or other_child
    now = timezone.now()
    audit_event(actor=actor, at=now,
                action=f"{who} recorded as {rel.get_kind_display().lower()} of {child.full_name}",
                obj=rel, child=child, after={"kind": kind, "parental_responsibility": parental_responsibility})
    from lantern.access.services import staff_links_on_relationship

    staff_links_on_relationship(actor=actor, child=child, adult=adult, now=now)
    return rel


@transaction.atomic
def involvement_start(*, actor, today: date, child: Child, level: str, start: date,
                      reason: str = "") -> Involvement:
    """Open a period at a level of need; an open period at another level ends that day."""
    require_can_act(actor, child)
    if level not in Level.values:
        raise PeopleError(f"Unknown level of need {level!r}")
    _check_not_future(start, "The start date", today)
    if child.date_of_birth and start < child.date_of_birth and level != Level.CHILD_PROTECTION:
        raise ValidationError("The start date cannot be before the child was born")
    current = child.involvements.filter(end__isnull=True).first()
    if current and current.level == level:
        raise PeopleError(f"{child.full_name} is already at {current.get_level_display().lower()}")
    if current and start < current.start:
        raise ValidationError("The start date cannot be before the current period began")
    if current:
        current.end = start
        current.end_reason = reason or f"Moved to {Level(level).label.lower()}"
        current.save(update_fields=["end", "end_reason"])
    inv = Involvement(child=child, level=level, start=start)
    inv.full_clean()
    inv.save()
    audit_event(actor=actor, at=timezone.now(),
                action=f"{child.full_name} open to {inv.get_level_display().lower()} from {start:%d %B %Y}",
                obj=inv, child=child, after={"level": level, "start": start}, reason=reason)
    obligations_refresh(child=child)
    return inv


@transaction.atomic
def involvement_end(*, actor, today: date, child: Child, end: date, reason: str) -> Involvement:
    require_can_act(actor, child)
    _check_not_future(end, "The end date", today)
    current = child.involvements.filter(end__isnull=True).first()
    if current is None:
        raise PeopleError(f"{child.full_name} has no open involvement to close")
    if end < current.start:
        raise ValidationError("The end date cannot be before the period began")
    if not reason.strip():
        raise ValidationError("Give the reason for closing")
    current.end, current.end_reason = end, reason
    current.save(update_fields=["end", "end_reason"])
    audit_event(actor=actor, at=timezone.now(),
                action=f"{child.full_name} closed to {current.get_level_display().lower()} on {end:%d %B %Y}",
                obj=current, child=child, after={"end": end}, reason=reason)
    obligations_refresh(child=child)
    return current
