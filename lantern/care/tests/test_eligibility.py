"""Care leaver categories (CL1) on real dates."""

from datetime import date

from lantern.care.eligibility import Category, Span, status

DOB = date(2008, 6, 10)  # 14 on 10 June 2022, 16 on 10 June 2024, 18 on 10 June 2026


def test_thirteen_weeks_after_14_and_still_in_care_after_16_makes_an_eligible_child():
    spans = [Span(date(2024, 1, 8), None)]
    assert status(DOB, spans, on=date(2024, 7, 1)).category is Category.ELIGIBLE
    assert status(DOB, spans, on=date(2024, 6, 1)).category is Category.NONE  # not yet 16


def test_leaving_at_17_is_relevant_then_former_relevant_at_18():
    spans = [Span(date(2023, 9, 1), date(2025, 2, 1))]
    assert status(DOB, spans, on=date(2025, 2, 1)).category is Category.RELEVANT
    assert status(DOB, spans, on=date(2026, 6, 10)).category is Category.FORMER_RELEVANT
    assert status(DOB, spans, on=date(2033, 6, 10)).category is Category.NONE  # 25


def test_twelve_weeks_is_not_enough_but_qualifies():
    spans = [Span(date(2024, 5, 1), date(2024, 7, 24))]  # 84 days, past the 16th birthday
    result = status(DOB, spans, on=date(2024, 8, 1))
    assert (result.category, result.days_since_14) == (Category.QUALIFYING, 84)
    longer = [Span(date(2024, 5, 1), date(2024, 7, 31))]  # 91 days = 13 weeks
    assert status(DOB, longer, on=date(2024, 8, 1)).category is Category.RELEVANT


def test_time_before_14_and_short_breaks_do_not_count():
    spans = [Span(date(2015, 1, 1), date(2022, 6, 1)), Span(date(2024, 1, 1), date(2024, 9, 1),
                                                          short_break=True)]
    assert status(DOB, spans, on=date(2024, 10, 1)).category is Category.QUALIFYING


def test_leaving_before_16_is_not_a_care_leaver():
    spans = [Span(date(2022, 7, 1), date(2024, 3, 1))]
    assert status(DOB, spans, on=date(2024, 8, 1)).category is Category.NONE
