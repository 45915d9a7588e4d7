"""Writes to leaving care: the keeping-in-touch record at each birthday from 17 to 21."""

from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.care.eligibility import birthday as nth_birthday
from lantern.care.selectors import leaving_care_status
from lantern.core import codes
from lantern.core.text import long_date
from lantern.staff.models import Role, User

from .models import BIRTHDAYS, KeepingInTouch

RECORDERS = frozenset({Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.TEAM_MANAGER,
                       Role.SERVICE_MANAGER, Role.SENIOR_LEADER})
IN_TOUCH = "YES"
# "On or around" the birthday: from a month before to two months after.
BEFORE, AFTER = relativedelta(months=1), relativedelta(months=2)


def contact_window(born: date, age: int) -> tuple[date, date]:
    day = nth_birthday(born, age)
    return day - BEFORE, day + AFTER


@transaction.atomic
def keeping_in_touch_record(*, actor: User, now: datetime, child, birthday: int, contact_on: date,
                            in_touch: str, activity: str, accommodation: str = "",
                            suitable: bool | None = None, note: str = "") -> KeepingInTouch:
    """What the council knew of a care leaver on or around their 17th to 21st birthday."""
    if actor.role not in RECORDERS:
        raise NotPermitted("Only social workers, personal advisers and managers record this")
    require_can_act(actor, child)
    errors: dict[str, str] = {}
    if birthday not in dict(BIRTHDAYS):
        errors["birthday"] = "Choose which birthday (17th to 21st) this is about"
    if contact_on is None:
        errors["contact_on"] = "Enter the date of contact"
    elif contact_on > now.date():
        errors["contact_on"] = "The date of contact cannot be in the future"
    elif child.date_of_birth and "birthday" not in errors:
        first, last = contact_window(child.date_of_birth, birthday)
        if not first <= contact_on <= last:
            errors["contact_on"] = (f"The contact must be around the {birthday}th birthday: "
                                    f"between {long_date(first)} and {long_date(last)}")
        else:
            status = leaving_care_status(child, on=nth_birthday(child.date_of_birth, birthday))
            if not status.eligible:
                errors["birthday"] = (f"{child.first_name} was not a care leaver on their "
                                      f"{birthday}th birthday ({status.label.lower()})")
    if in_touch not in codes.CARE_LEAVER_IN_TOUCH:
        errors["in_touch"] = "Choose whether the council is in touch"
    if activity not in codes.CARE_LEAVER_ACTIVITY:
        errors["activity"] = "Choose the young person's main activity"
    if accommodation and accommodation not in codes.CARE_LEAVER_ACCOMMODATION:
        errors["accommodation"] = "Choose the type of accommodation from the list"
    if in_touch == IN_TOUCH:
        if not accommodation:
            errors["accommodation"] = "Choose the type of accommodation"
        elif suitable is None:
            errors["suitable"] = "Say whether the accommodation is suitable"
        if activity == "0":
            errors["activity"] = "The council is in touch: choose the main activity"
    if accommodation == "Z" and birthday == 17:
        errors["accommodation"] = "Staying put (with former foster carers) is from 18"
    if KeepingInTouch.objects.filter(child=child, birthday=birthday).exists():
        errors["birthday"] = f"The {birthday}th birthday is already recorded"
    if errors:
        raise ValidationError(errors)
    record = KeepingInTouch(child=child, birthday=birthday, contact_on=contact_on,
                            in_touch=in_touch, activity=activity, accommodation=accommodation,
                            suitable=suitable if accommodation else None, note=note.strip(),
                            recorded_by=actor, recorded_at=now)
    record.full_clean()
    record.save()
    audit_event(actor=actor, at=now,
                action=f"Keeping in touch with {child.full_name} at their {birthday}th birthday: "
                f"{record.get_in_touch_display().lower()}; {record.get_activity_display().lower()}"
                + (f"; {record.get_accommodation_display().lower()} "
                   f"({'suitable' if record.suitable else 'not suitable'})" if accommodation else ""),
                obj=record, child=child,
                after={"birthday": birthday, "in_touch": in_touch, "activity": activity,
                       "accommodation": record.oc3_accommodation})
    return record
