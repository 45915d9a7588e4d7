"""Working-day calendar: the worked examples in TIMESCALES.md and invariants."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.core import calendar as cal
from lantern.core.calendar import ENGLAND, LONDON, WorkingDayCalendar

SETTINGS = settings(max_examples=60, deadline=None)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


# --- worked examples from "Working days and the Python holidays package" -------------


def test_referral_friday_before_state_funeral_due_tuesday():
    assert ENGLAND.add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)


def test_referral_friday_before_christmas_2023_due_wednesday_27th():
    assert ENGLAND.add_working_days(date(2023, 12, 22), 1) == date(2023, 12, 27)


def test_strategy_discussion_skips_may_day_and_coronation_2023():
    assert ENGLAND.add_working_days(date(2023, 4, 28), 15) == date(2023, 5, 23)


def test_referral_3_nov_2025_plus_45_working_days_is_8_jan_2026():
    assert ENGLAND.add_working_days(date(2025, 11, 3), 45) == date(2026, 1, 8)


def test_looked_after_20_dec_2024_plus_20_working_days_is_22_jan_2025():
    assert ENGLAND.add_working_days(date(2024, 12, 20), 20) == date(2025, 1, 22)


# --- which days are holidays ---------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 28),  # Boxing Day (substitute)
        date(2021, 12, 27),  # Christmas Day (substitute)
        date(2021, 12, 28),  # Boxing Day (substitute)
        date(2022, 1, 3),  # New Year's Day (substitute)
        date(2023, 1, 2),  # New Year's Day (substitute)
        date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
        date(2023, 5, 8),  # Coronation of Charles III
        date(2020, 5, 8),  # early May bank holiday moved to VE Day
        date(2022, 6, 3),  # Platinum Jubilee
        date(2022, 6, 2),  # spring bank holiday moved to Thursday
        date(2012, 6, 5),  # Diamond Jubilee
        date(2011, 4, 29),  # royal wedding
        date(1999, 12, 31),  # Millennium
        date(2026, 4, 3),  # Good Friday
        date(2025, 12, 25),  # Christmas Day
    ],
)
def test_bank_holidays_substitute_and_one_off_days_are_not_working_days(day):
    assert day in ENGLAND.holidays_in(day.year)
    assert not ENGLAND.is_working_day(day)


def test_moved_days_are_working_days():
    assert ENGLAND.is_working_day(date(2020, 5, 4))  # first Monday of May 2020, moved to 8th
    assert ENGLAND.is_working_day(date(2022, 5, 30))  # spring bank holiday 2022 moved to 2 June


def test_northern_ireland_only_days_are_working_days_in_england():
    assert ENGLAND.is_working_day(date(2025, 3, 17))  # St Patrick's Day (Monday)
    assert ENGLAND.is_working_day(date(2024, 7, 12))  # Battle of the Boyne (Friday)


def test_weekends_are_not_working_days():
    assert not ENGLAND.is_working_day(date(2025, 11, 8))
    assert not ENGLAND.is_working_day(date(2025, 11, 9))


def test_one_off_holiday_table_is_honoured(monkeypatch):
    new_day = date(2031, 6, 10)  # an ordinary Tuesday
    assert ENGLAND.is_working_day(new_day)
    monkeypatch.setattr(cal, "ONE_OFF_HOLIDAYS", ((new_day, "Proclaimed bank holiday"),))
    assert not ENGLAND.is_working_day(new_day)
    assert new_day in ENGLAND.holidays_in(2031)
    assert ENGLAND.add_working_days(date(2031, 6, 9), 1) == date(2031, 6, 11)


def test_council_extra_and_removed_holidays():
    extra = WorkingDayCalendar(extra_holidays=frozenset({date(2025, 12, 24)}))
    assert not extra.is_working_day(date(2025, 12, 24))
    assert ENGLAND.is_working_day(date(2025, 12, 24))
    removed = WorkingDayCalendar(removed_holidays=frozenset({date(2023, 5, 8)}))
    assert removed.is_working_day(date(2023, 5, 8))
    assert date(2023, 5, 8) not in removed.holidays_in(2023)


# --- counting conventions ---------------------------------------------------------------


def test_day_of_event_is_day_zero():
    assert ENGLAND.add_working_days(date(2025, 11, 3), 0) == date(2025, 11, 3)
    assert ENGLAND.add_working_days(date(2025, 11, 3), 1) == date(2025, 11, 4)


def test_event_on_saturday_first_working_day_after_is_day_one():
    assert ENGLAND.add_working_days(date(2025, 11, 8), 1) == date(2025, 11, 10)


def test_event_on_bank_holiday_first_working_day_after_is_day_one():
    assert ENGLAND.add_working_days(date(2025, 12, 25), 1) == date(2025, 12, 29)


def test_backwards():
    assert ENGLAND.add_working_days(date(2023, 5, 9), -1) == date(2023, 5, 5)
    assert ENGLAND.add_working_days(date(2026, 1, 8), -45) == date(2025, 11, 3)


def test_working_days_between():
    assert ENGLAND.working_days_between(date(2025, 11, 3), date(2026, 1, 8)) == 45
    assert ENGLAND.working_days_between(date(2026, 1, 8), date(2025, 11, 3)) == -45
    assert ENGLAND.working_days_between(date(2025, 11, 3), date(2025, 11, 3)) == 0
    assert ENGLAND.working_days_between(date(2025, 11, 7), date(2025, 11, 9)) == 0


def test_datetimes_are_refused():
    with pytest.raises(TypeError):
        ENGLAND.add_working_days(datetime(2025, 11, 3, 9, tzinfo=LONDON), 1)


# --- properties ------------------------------------------------------------------------


@SETTINGS
@given(dates, st.integers(min_value=-80, max_value=80))
def test_add_then_subtract_returns_to_a_working_day(start, n):
    while not ENGLAND.is_working_day(start):
        start += timedelta(days=1)
    assert ENGLAND.add_working_days(ENGLAND.add_working_days(start, n), -n) == start


@SETTINGS
@given(dates, st.integers(min_value=-80, max_value=80))
def test_working_days_between_inverts_add(start, n):
    while not ENGLAND.is_working_day(start):
        start += timedelta(days=1)
    assert ENGLAND.working_days_between(start, ENGLAND.add_working_days(start, n)) == n


@SETTINGS
@given(dates, st.integers(min_value=1, max_value=80))
def test_result_is_a_working_day_after_start(start, n):
    result = ENGLAND.add_working_days(start, n)
    assert result > start
    assert ENGLAND.is_working_day(result)
