"""Reads of leaving care for a child the reader may see."""

from dataclasses import dataclass
from datetime import date

from lantern.care.eligibility import birthday as nth_birthday
from lantern.care.selectors import care_spans, leaving_care_status

from .models import BIRTHDAYS, KeepingInTouch
from .services import contact_window


@dataclass(frozen=True)
class Birthday:
    age: int
    day: date
    window: tuple[date, date]
    record: KeepingInTouch | None
    status_label: str
    due: bool  # a care leaver on that day whose window has opened, with nothing recorded


def leaving_care(child, *, today: date) -> dict:
    """The child's care leaver category today and each birthday from 17 to 21."""
    spans = care_spans(child)
    status = leaving_care_status(child, on=today, spans=spans)
    records = {r.birthday: r for r in KeepingInTouch.objects.filter(child=child)}
    birthdays = []
    if child.date_of_birth:
        for age, _label in BIRTHDAYS:
            day = nth_birthday(child.date_of_birth, age)
            then = leaving_care_status(child, on=day, spans=spans) if day <= today else status
            window = contact_window(child.date_of_birth, age)
            birthdays.append(Birthday(age, day, window, records.get(age), then.label,
                                      then.eligible and window[0] <= today
                                      and age not in records))
    return {"status": status, "birthdays": birthdays}
