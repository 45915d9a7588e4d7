"""Periods of time as the statutory texts state them.

Each rule keeps the unit its source uses (TIMESCALES.md pitfall 5): working
days, calendar days, weeks, calendar months or elapsed hours. They are never
converted into one another ("3 months" is not 90 days; "every 2 months" is
not "every 8 weeks").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from lantern.core.calendar import ENGLAND, LONDON, WorkingDayCalendar


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"


_LABELS = {
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.CALENDAR_DAYS: ("day", "days"),
    Unit.WEEKS: ("week", "weeks"),
    Unit.MONTHS: ("month", "months"),
    Unit.HOURS: ("hour", "hours"),
}


@dataclass(frozen=True)
class Period:
    """An amount of one unit, e.g. ``Period(45, Unit.WORKING_DAYS)``."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if not isinstance(self.unit, Unit):
            object.__setattr__(self, "unit", Unit(self.unit))

    def __str__(self) -> str:
        singular, plural = _LABELS[self.unit]
        return f"{self.amount} {singular if abs(self.amount) == 1 else plural}"


def london_date(moment: date) -> date:
    """The Europe/London calendar date of a date or an aware datetime."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("datetimes must be timezone-aware")
        return moment.astimezone(LONDON).date()
    return moment


def add_period(
    start: date | datetime,
    period: Period,
    calendar: WorkingDayCalendar = ENGLAND,
) -> date | datetime:
    """The deadline ``period`` after ``start`` (``start`` is day/hour 0).

    - HOURS: ``start`` must be an aware datetime; the result is elapsed time
      (computed in UTC, so BST changes neither add nor lose an hour) expressed
      in Europe/London.
    - Other units work on dates; an aware datetime is reduced to its
      Europe/London date first. MONTHS clamp to the end of a shorter month
      (31 Aug + 3 months = 30 Nov; 30 Nov + 3 months = 28 Feb).
    """
    if period.unit is Unit.HOURS:
        if not isinstance(start, datetime) or start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("an hour-based period needs a timezone-aware datetime start")
        return (start.astimezone(UTC) + timedelta(hours=period.amount)).astimezone(LONDON)
    day = london_date(start)
    if period.unit is Unit.WORKING_DAYS:
        return calendar.add_working_days(day, period.amount)
    if period.unit is Unit.CALENDAR_DAYS:
        return day + timedelta(days=period.amount)
    if period.unit is Unit.WEEKS:
        return day + timedelta(days=7 * period.amount)
    if period.unit is Unit.MONTHS:
        result: date = day + relativedelta(months=period.amount)
        return result
    raise ValueError(f"unknown unit {period.unit!r}")  # pragma: no cover
