"""Periods: month clamping, weeks, elapsed hours across BST changes."""

from datetime import UTC, date, datetime

import pytest

from lantern.core.calendar import LONDON
from lantern.core.units import Period, Unit, add_period


def test_31_august_plus_3_months_is_30_november():
    assert add_period(date(2025, 8, 31), Period(3, Unit.MONTHS)) == date(2025, 11, 30)


def test_30_november_plus_3_months_is_28_february():
    assert add_period(date(2025, 11, 30), Period(3, Unit.MONTHS)) == date(2026, 2, 28)


def test_months_into_a_leap_february():
    assert add_period(date(2027, 11, 30), Period(3, Unit.MONTHS)) == date(2028, 2, 29)


def test_72_hours_across_the_spring_bst_change():
    start = datetime(2026, 3, 28, 20, 0, tzinfo=LONDON)  # GMT; BST starts 29 March 2026
    due = add_period(start, Period(72, Unit.HOURS))
    assert due == datetime(2026, 3, 31, 21, 0, tzinfo=LONDON)
    assert due.utcoffset().total_seconds() == 3600
    assert (due.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 72 * 3600


def test_72_hours_across_the_autumn_bst_change():
    start = datetime(2025, 10, 24, 20, 0, tzinfo=LONDON)  # BST; GMT from 26 October 2025
    due = add_period(start, Period(72, Unit.HOURS))
    assert due == datetime(2025, 10, 27, 19, 0, tzinfo=LONDON)
    assert due.utcoffset().total_seconds() == 0
    assert (due.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 72 * 3600


def test_hours_need_an_aware_datetime():
    with pytest.raises(ValueError):
        add_period(date(2026, 3, 28), Period(72, Unit.HOURS))
    with pytest.raises(ValueError):
        add_period(datetime(2026, 3, 28, 20, 0), Period(72, Unit.HOURS))  # noqa: DTZ001


def test_hours_result_is_in_london_whatever_the_input_zone():
    start = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    due = add_period(start, Period(4, Unit.HOURS))
    assert due.tzinfo is LONDON
    assert due.hour == 17


def test_weeks_are_seven_calendar_days():
    assert add_period(date(2025, 12, 22), Period(1, Unit.WEEKS)) == date(2025, 12, 29)
    assert add_period(date(2025, 1, 1), Period(26, Unit.WEEKS)) == date(2025, 7, 2)


def test_working_days_unit():
    assert add_period(date(2025, 11, 3), Period(45, Unit.WORKING_DAYS)) == date(2026, 1, 8)


def test_datetime_start_uses_its_london_date():
    late_evening_utc = datetime(2025, 6, 30, 23, 30, tzinfo=UTC)  # 1 July 00:30 BST
    assert add_period(late_evening_utc, Period(1, Unit.CALENDAR_DAYS)) == date(2025, 7, 2)


def test_period_str():
    assert str(Period(45, Unit.WORKING_DAYS)) == "45 working days"
    assert str(Period(1, Unit.WEEKS)) == "1 week"
    assert str(Period(72, Unit.HOURS)) == "72 hours"
    assert str(Period(3, Unit.MONTHS)) == "3 months"
    assert str(Period(10, Unit.CALENDAR_DAYS)) == "10 days"
