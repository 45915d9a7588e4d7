"""Working days in England.

A *working day* is Monday to Friday, excluding England and Wales bank
holidays, Christmas Day and Good Friday (the usual statutory definition).
Bank holidays come from the pinned ``holidays`` package (which includes
substitute days and one-off days such as the 2022 State Funeral and the 2023
Coronation), plus a project-owned table of one-off days announced after that
release, plus any council-specific additions held on the calendar itself.

Counting convention (TIMESCALES.md, pitfalls 1 and 2): the day of the event is
day 0, and the deadline is the Nth working day after it. An event on a
weekend or bank holiday is still day 0, so the first working day after it is
day 1.

Local office closures (e.g. 27-31 December shutdowns) are not working-day
exclusions in law; keep them out of this calendar unless a council
deliberately chooses otherwise via ``extra_holidays``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")

#: One-off England & Wales bank holidays proclaimed after the pinned
#: ``holidays`` release, as (date, name). Add a row when a new one is
#: announced (and recompute open deadlines). Empty while the library is
#: up to date.
ONE_OFF_HOLIDAYS: tuple[tuple[date, str], ...] = ()


@lru_cache(maxsize=512)
def library_bank_holidays(year: int) -> frozenset[date]:
    """England bank holidays in ``year`` from the pinned ``holidays`` package
    (includes Christmas Day, Good Friday, substitute and one-off days)."""
    library = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(d for d in library if d.year == year)


def one_off_holidays(year: int) -> frozenset[date]:
    """Days from the project's ``ONE_OFF_HOLIDAYS`` table falling in ``year``."""
    return frozenset(d for d, _name in ONE_OFF_HOLIDAYS if d.year == year)


def _plain_date(d: date) -> date:
    """Refuse datetimes: working-day arithmetic is on practice dates."""
    if not isinstance(d, date):
        raise TypeError(f"expected a date, got {type(d).__name__}")
    if hasattr(d, "hour"):  # a datetime is a date subclass
        raise TypeError("expected a date, got a datetime; pass its Europe/London date")
    return d


@dataclass(frozen=True)
class WorkingDayCalendar:
    """England working-day calendar with optional council adjustments.

    ``extra_holidays`` adds non-working days (e.g. a newly proclaimed bank
    holiday before the table is updated); ``removed_holidays`` removes days
    the library lists in error.
    """

    extra_holidays: frozenset[date] = frozenset()
    removed_holidays: frozenset[date] = frozenset()

    def holidays_in(self, year: int) -> frozenset[date]:
        """All non-weekend non-working days in ``year``."""
        extra = {d for d in self.extra_holidays if d.year == year}
        days = library_bank_holidays(year) | one_off_holidays(year) | extra
        return days - self.removed_holidays

    def is_working_day(self, d: date) -> bool:
        d = _plain_date(d)
        if d.weekday() >= 5:
            return False
        if d in self.removed_holidays:
            return True
        return not (
            d in library_bank_holidays(d.year)
            or d in self.extra_holidays
            or any(d == one_off for one_off, _name in ONE_OFF_HOLIDAYS)
        )

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``th working day after ``d`` (before it if ``n`` < 0).

        ``d`` itself is day 0 whether or not it is a working day; ``n == 0``
        returns ``d`` unchanged.
        """
        d = _plain_date(d)
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        current = d
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end``.

        Negative when ``end`` is before ``start`` (minus the working days
        after ``end`` up to and including ``start``), so that
        ``working_days_between(d, add_working_days(d, n)) == n`` for a
        working day ``d``.
        """
        start, end = _plain_date(start), _plain_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        current = start
        one = timedelta(days=1)
        while current < end:
            current += one
            if self.is_working_day(current):
                count += 1
        return count


ENGLAND = WorkingDayCalendar()
