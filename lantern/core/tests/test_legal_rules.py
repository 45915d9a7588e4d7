"""Court work and permanence in the rules core: the 26-week timetable with court-approved
extensions (L1, L10), pre-proceedings and their review meetings (L3, L11), the plan for
permanence by the second review (LA15) and adoption reviews (AD1, AD2)."""

from datetime import date as D

from lantern.core import facts as k
from lantern.core.rules import RuleBook
from lantern.core.units import Period, Unit

from .scenarios import fact, obligations, of_rule, summary

ISSUED = fact(k.PROCEEDINGS_ISSUED, "proceedings:1", D(2026, 1, 5), "proceedings:1")


def extension(pk: int, granted: D, new_end: D):
    return fact(k.PROCEEDINGS_EXTENDED, f"extension:{pk}", granted, "proceedings:1",
                interval_days=(new_end - granted).days)


def test_l1_twenty_six_weeks_from_issue():
    # Issued Monday 5 January 2026: the timetable ends Monday 6 July 2026 (26 calendar weeks).
    assert summary(of_rule(obligations(ISSUED), "L1", "L10")) == [
        ("L1", D(2026, 1, 5), D(2026, 7, 6), None, None)]


def test_disposal_meets_l1():
    disposed = fact(k.PROCEEDINGS_DISPOSED, "proceedings:1:disposed", D(2026, 6, 1), "proceedings:1")
    assert summary(of_rule(obligations(ISSUED, disposed), "L1", "L10")) == [
        ("L1", D(2026, 1, 5), D(2026, 7, 6), D(2026, 6, 1), None)]


def test_extensions_meet_the_timetable_in_force_and_start_the_next():
    # 8 weeks granted 1 July (ends 31 August), then 4 more granted 20 August (ends 28 September).
    first = extension(1, D(2026, 7, 1), D(2026, 8, 31))
    second = extension(2, D(2026, 8, 20), D(2026, 9, 28))
    disposed = fact(k.PROCEEDINGS_DISPOSED, "proceedings:1:disposed", D(2026, 9, 21), "proceedings:1")
    assert summary(of_rule(obligations(ISSUED, first, second, disposed), "L1", "L10")) == [
        ("L1", D(2026, 1, 5), D(2026, 7, 6), D(2026, 7, 1), None),
        ("L10", D(2026, 7, 1), D(2026, 8, 31), D(2026, 8, 20), None),
        ("L10", D(2026, 8, 20), D(2026, 9, 28), D(2026, 9, 21), None),
    ]


def test_an_extension_granted_after_the_timetable_ran_out_meets_it_late():
    late = extension(1, D(2026, 7, 20), D(2026, 8, 31))
    (l1, l10) = of_rule(obligations(ISSUED, late), "L1", "L10")
    assert (l1.due, l1.met_at) == (D(2026, 7, 6), D(2026, 7, 20))
    assert (l10.start, l10.due, l10.met_at) == (D(2026, 7, 20), D(2026, 8, 31), None)


def test_pre_proceedings_decision_within_sixteen_weeks_and_reviews_every_six():
    scope = "preproceedings:1"
    obs = obligations(
        fact(k.PRE_PROCEEDINGS_STARTED, scope, D(2026, 2, 2), scope),
        fact(k.PRE_PROCEEDINGS_MEETING, "ppmeeting:1", D(2026, 2, 12), scope),
        fact(k.PRE_PROCEEDINGS_MEETING, "ppmeeting:2", D(2026, 3, 26), scope),
        fact(k.PRE_PROCEEDINGS_DECISION, f"{scope}:decision", D(2026, 5, 14), scope),
    )
    assert summary(of_rule(obs, "L3", "L11")) == [
        ("L3", D(2026, 2, 2), D(2026, 5, 25), D(2026, 5, 14), None),
        ("L11", D(2026, 2, 12), D(2026, 3, 26), D(2026, 3, 26), None),
        # No review meeting after 26 March: the decision ends the clock it left open.
        ("L11", D(2026, 3, 26), D(2026, 5, 7), None, D(2026, 5, 14)),
    ]


def test_council_sets_its_own_pre_proceedings_target():
    scope = "preproceedings:1"
    book = RuleBook().with_override("L3", period=Period(12, Unit.WEEKS), reason="Local PLO protocol")
    (l3,) = of_rule(obligations(fact(k.PRE_PROCEEDINGS_STARTED, scope, D(2026, 2, 2), scope), book=book), "L3")
    assert l3.due == D(2026, 4, 27)


def test_permanence_plan_due_at_the_second_review():
    period = "period:1"
    start = fact(k.BECAME_LOOKED_AFTER, period, D(2024, 12, 20), period)
    first_review = fact(k.LAC_REVIEW, "review:1", D(2025, 1, 15), period)
    plan = fact(k.PERMANENCE_PLAN, "permanence:1", D(2025, 4, 1), period)
    assert summary(of_rule(obligations(start, first_review, plan), "LA15")) == [
        ("LA15", D(2025, 1, 15), D(2025, 4, 15), D(2025, 4, 1), None)]
    # Without a plan it stays open; ceasing care ends it.
    ceased = fact(k.CEASED_LOOKED_AFTER, "period:1:end", D(2025, 6, 1), period)
    assert summary(of_rule(obligations(start, first_review, ceased), "LA15")) == [
        ("LA15", D(2025, 1, 15), D(2025, 4, 15), None, D(2025, 6, 1))]


def test_a_plan_agreed_before_the_first_review_counts():
    period = "period:1"
    obs = obligations(
        fact(k.BECAME_LOOKED_AFTER, period, D(2024, 12, 20), period),
        fact(k.PERMANENCE_PLAN, "permanence:1", D(2025, 1, 10), period),
        fact(k.LAC_REVIEW, "review:1", D(2025, 1, 15), period),
    )
    (la15,) = of_rule(obs, "LA15")
    assert la15.met_at == D(2025, 1, 10)


def test_adoption_reviews_before_and_after_placement():
    scope, placed = "adoption:1", "adoption:1:placed"
    obs = obligations(
        fact(k.AUTHORITY_TO_PLACE, "adoption:1:authority", D(2025, 3, 3), scope),
        fact(k.ADOPTION_REVIEW, "adoptionreview:1", D(2025, 5, 20), scope),
        fact(k.PLACED_FOR_ADOPTION, "adoption:1:placed", D(2025, 9, 1), placed),
        fact(k.ADOPTION_REVIEW, "adoptionreview:2", D(2025, 9, 22), placed),
    )
    assert summary(of_rule(obs, "AD1", "AD2")) == [
        ("AD1", D(2025, 3, 3), D(2025, 6, 3), D(2025, 5, 20), None),
        ("AD1", D(2025, 5, 20), D(2025, 11, 20), None, D(2025, 9, 1)),
        ("AD2", D(2025, 9, 1), D(2025, 9, 29), D(2025, 9, 22), None),
    ]


def test_a_reversed_adoption_decision_ends_the_reviews_before_placement():
    scope = "adoption:1"
    obs = obligations(
        fact(k.AUTHORITY_TO_PLACE, "adoption:1:authority", D(2025, 3, 3), scope),
        fact(k.ADOPTIVE_PLACEMENT_ENDED, "adoption:1:ceased", D(2025, 4, 1), scope),
    )
    assert summary(of_rule(obs, "AD1")) == [("AD1", D(2025, 3, 3), D(2025, 6, 3), None, D(2025, 4, 1))]
