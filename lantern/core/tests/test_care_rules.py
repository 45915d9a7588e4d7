"""Children in care: the reg 28 visit rows, temporary approval and its
extension, and IRO dispute stages, as worked examples with real dates."""

from datetime import date

from lantern.core import facts as k
from lantern.core.engine import ObligationStatus, catalogue_only_rules, status_of
from lantern.core.rules import RuleBook, get_rule
from lantern.core.units import Period, Unit

from .scenarios import (
    fact,
    lac_review,
    obligations,
    of_rule,
    period_of_care,
    placement,
    summary,
    visits,
)

D = date
REG28 = ("LA5", "LA6", "LA7", "LA8")


def test_the_care_rows_are_evaluated():
    assert {"LA7", "LA8", "LA9", "LA18", "IR2"}.isdisjoint(catalogue_only_rules())


# --- reg 28(3): placed with a parent before the reg 19 assessment ------------------------------


def test_placed_with_parent_weekly_until_the_first_review_then_six_weekly():
    obs = obligations(
        period_of_care(12, D(2025, 3, 3)),
        placement(1, D(2025, 3, 3), period=12, reg28="parent_assessment", kind="P1"),
        *visits(1, D(2025, 3, 6), D(2025, 3, 12), D(2025, 3, 19), D(2025, 3, 26)),
        lac_review(12, D(2025, 3, 25)),
    )
    [la4] = of_rule(obs, "LA4")
    assert (la4.due, la4.met_at) == (D(2025, 3, 10), D(2025, 3, 6))
    assert summary(of_rule(obs, *REG28)) == [
        ("LA7", D(2025, 3, 6), D(2025, 3, 13), D(2025, 3, 12), None),
        ("LA7", D(2025, 3, 12), D(2025, 3, 19), D(2025, 3, 19), None),
        # started before the review on 25 March, so still weekly
        ("LA7", D(2025, 3, 19), D(2025, 3, 26), D(2025, 3, 26), None),
        ("LA5", D(2025, 3, 26), D(2025, 5, 7), None, None),
    ]


def test_a_review_on_the_day_of_a_visit_makes_the_next_interval_six_weekly():
    obs = obligations(
        placement(1, D(2025, 3, 3), period=12, reg28="parent_assessment"),
        *visits(1, D(2025, 3, 6), D(2025, 3, 13)),
        lac_review(12, D(2025, 3, 13)),
    )
    assert [(o.rule_id, o.due) for o in of_rule(obs, *REG28)] == [
        ("LA7", D(2025, 3, 13)),
        ("LA5", D(2025, 4, 24)),
    ]


def test_a_review_in_another_period_of_care_does_not_end_weekly_visits():
    obs = obligations(
        placement(1, D(2025, 3, 3), period=12, reg28="parent_assessment"),
        *visits(1, D(2025, 3, 6), D(2025, 3, 13)),
        lac_review(11, D(2025, 3, 10)),
    )
    assert [o.rule_id for o in of_rule(obs, *REG28)] == ["LA7", "LA7"]


def test_placed_with_parent_after_the_first_review_of_the_period_is_six_weekly():
    # The first review of this period of care was held before this placement.
    obs = obligations(
        lac_review(12, D(2025, 3, 25)),
        placement(2, D(2025, 5, 1), period=12, reg28="parent_assessment"),
        *visits(2, D(2025, 5, 6)),
    )
    assert [(o.rule_id, o.due) for o in of_rule(obs, *REG28)] == [("LA5", D(2025, 6, 17))]


def test_missed_weekly_visit_is_overdue_after_a_week():
    obs = obligations(
        placement(1, D(2025, 3, 3), period=12, reg28="parent_assessment"),
        *visits(1, D(2025, 3, 6)),
    )
    [la7] = of_rule(obs, *REG28)
    assert (la7.rule_id, la7.due) == ("LA7", D(2025, 3, 13))
    assert status_of(la7, today=D(2025, 3, 14)) is ObligationStatus.OVERDUE


# --- reg 28(4): temporary approval of a connected person ----------------------------------------


def test_temporary_approval_weekly_then_four_weekly_then_six_weekly_once_approved():
    obs = obligations(
        period_of_care(7, D(2025, 1, 6)),
        placement(2, D(2025, 1, 6), period=7, reg28="temporary_approval",
                  kind="connected_person_temporary"),
        *visits(2, D(2025, 1, 10), D(2025, 1, 17), D(2025, 1, 24), D(2025, 1, 31),
                D(2025, 2, 25), D(2025, 3, 20)),
        lac_review(7, D(2025, 1, 30)),
        fact(k.CONNECTED_PERSON_APPROVED, "placement:2:approved", D(2025, 3, 10), "placement:2"),
    )
    assert summary(of_rule(obs, *REG28)) == [
        ("LA8", D(2025, 1, 10), D(2025, 1, 17), D(2025, 1, 17), None),
        ("LA8", D(2025, 1, 17), D(2025, 1, 24), D(2025, 1, 24), None),
        ("LA8", D(2025, 1, 24), D(2025, 1, 31), D(2025, 1, 31), None),
        # first review held 30 January: 4-weekly
        ("LA8", D(2025, 1, 31), D(2025, 2, 28), D(2025, 2, 25), None),
        # started before the approval on 10 March, so still 4-weekly
        ("LA8", D(2025, 2, 25), D(2025, 3, 25), D(2025, 3, 20), None),
        # fully approved: the general reg 28(2) rows
        ("LA5", D(2025, 3, 20), D(2025, 5, 1), None, None),
    ]
    [la17] = of_rule(obs, "LA17")
    assert (la17.due, la17.met_at) == (D(2025, 4, 28), D(2025, 3, 10))


def test_approval_before_the_first_review_ends_the_weekly_visits():
    obs = obligations(
        placement(2, D(2025, 1, 6), period=7, reg28="temporary_approval",
                  kind="connected_person_temporary"),
        *visits(2, D(2025, 1, 10), D(2025, 1, 17)),
        fact(k.CONNECTED_PERSON_APPROVED, "placement:2:approved", D(2025, 1, 15), "placement:2"),
    )
    assert [(o.rule_id, o.due) for o in of_rule(obs, *REG28)] == [
        ("LA8", D(2025, 1, 17)),
        ("LA5", D(2025, 2, 28)),
    ]


def test_interim_care_order_at_home_four_weekly_until_the_full_order():
    obs = obligations(
        placement(3, D(2025, 1, 6), period=7, reg28="temporary_approval", kind="P1"),
        lac_review(7, D(2025, 1, 30)),
        *visits(3, D(2025, 1, 10), D(2025, 2, 3), D(2025, 3, 3)),
        fact(k.CARE_ORDER_MADE, "legalstatus:1", D(2025, 2, 24), "placement:3", at_home=True),
    )
    assert [(o.rule_id, o.start, o.due) for o in of_rule(obs, *REG28)] == [
        ("LA8", D(2025, 1, 10), D(2025, 1, 17)),  # missed: the visit on 3 Feb was late
        ("LA8", D(2025, 2, 3), D(2025, 3, 3)),
        ("LA5", D(2025, 3, 3), D(2025, 4, 14)),  # reg 28(5): 6-weekly after the full order
    ]
    [la9] = of_rule(obs, "LA9")
    assert (la9.start, la9.due, la9.met_at) == (D(2025, 2, 24), D(2025, 3, 3), D(2025, 3, 3))


# --- reg 28(2): an ordinary placement is unchanged ------------------------------------------


def _ordinary(long_term: bool) -> tuple:
    return obligations(
        period_of_care(3, D(2024, 1, 10)),
        placement(1, D(2024, 1, 10), period=3, long_term=long_term),
        lac_review(3, D(2024, 2, 1)),
        *visits(1, D(2024, 1, 15), D(2024, 2, 20), D(2024, 12, 20), D(2025, 1, 15)),
    )


def test_ordinary_placement_first_visit_six_weekly_then_three_monthly_if_long_term():
    obs = _ordinary(long_term=True)
    [la4] = of_rule(obs, "LA4")
    assert (la4.due, la4.met_at) == (D(2024, 1, 17), D(2024, 1, 15))
    assert summary(of_rule(obs, *REG28)) == [
        ("LA5", D(2024, 1, 15), D(2024, 2, 26), D(2024, 2, 20), None),
        ("LA5", D(2024, 2, 20), D(2024, 4, 2), D(2024, 12, 20), None),
        ("LA5", D(2024, 12, 20), D(2025, 1, 31), D(2025, 1, 15), None),
        ("LA6", D(2025, 1, 15), D(2025, 4, 15), None, None),
    ]


def test_ordinary_placement_not_long_term_stays_six_weekly():
    assert [(o.rule_id, o.due) for o in of_rule(_ordinary(long_term=False), *REG28)][-1] == (
        "LA5", D(2025, 2, 26),
    )


# --- reg 28(5): full care order while living with a parent ------------------------------------


def test_full_care_order_at_home_visit_due_a_week_after_the_order():
    obs = obligations(
        placement(4, D(2025, 1, 6), period=8, kind="P1"),
        *visits(4, D(2025, 1, 9), D(2025, 2, 14), D(2025, 6, 5)),
        fact(k.CARE_ORDER_MADE, "legalstatus:9", D(2025, 6, 2), "placement:4", at_home=True),
    )
    [la9] = of_rule(obs, "LA9")
    assert (la9.start, la9.due, la9.met_at, la9.met_by) == (
        D(2025, 6, 2), D(2025, 6, 9), D(2025, 6, 5), "visit:4:3",
    )
    assert (la9.scope, la9.started_by) == ("placement:4", "legalstatus:9")
    # the 6-weekly visits after it are the placement's LA5 chain
    last = of_rule(obs, *REG28)[-1]
    assert (last.rule_id, last.start, last.due) == ("LA5", D(2025, 6, 5), D(2025, 7, 17))


def test_la9_overdue_without_a_visit_and_ended_when_the_placement_ends():
    order = fact(k.CARE_ORDER_MADE, "legalstatus:9", D(2025, 6, 2), "placement:4", at_home=True)
    [open_one] = of_rule(obligations(placement(4, D(2025, 1, 6), period=8), order), "LA9")
    assert status_of(open_one, today=D(2025, 6, 10)) is ObligationStatus.OVERDUE
    [ended] = of_rule(obligations(
        placement(4, D(2025, 1, 6), period=8), order,
        fact(k.PLACEMENT_ENDED, "placement:4:end", D(2025, 6, 4), "placement:4"),
    ), "LA9")
    assert (ended.ended_at, ended.ended_by) == (D(2025, 6, 4), "placement:4:end")


def test_care_order_not_at_home_starts_no_la9_clock():
    obs = obligations(
        placement(4, D(2025, 1, 6), period=8),
        fact(k.CARE_ORDER_MADE, "legalstatus:9", D(2025, 6, 2), "placement:4"),
    )
    assert of_rule(obs, "LA9") == []


# --- reg 24 and 25: temporary approval and its one extension ----------------------------------


def _temporary(*extra) -> tuple:
    return obligations(
        period_of_care(5, D(2025, 3, 3)),
        placement(6, D(2025, 3, 3), period=5, reg28="temporary_approval",
                  kind="connected_person_temporary"),
        *extra,
    )


def test_extension_meets_la17_and_la18_is_met_by_full_approval():
    # Extension decided 10 June; it takes effect at the end of the 16 weeks, 23 June.
    obs = _temporary(
        fact(k.TEMPORARY_APPROVAL_EXTENDED, "placement:6:extended", D(2025, 6, 23), "placement:6"),
        fact(k.CONNECTED_PERSON_APPROVED, "placement:6:approved", D(2025, 8, 11), "placement:6"),
    )
    [la17] = of_rule(obs, "LA17")
    assert (la17.due, la17.met_at, la17.met_by) == (
        D(2025, 6, 23), D(2025, 6, 23), "placement:6:extended",
    )
    [la18] = of_rule(obs, "LA18")
    assert (la18.start, la18.due, la18.met_at, la18.met_by) == (
        D(2025, 6, 23), D(2025, 8, 18), D(2025, 8, 11), "placement:6:approved",
    )
    today = D(2025, 9, 1)
    assert status_of(la17, today=today) is ObligationStatus.MET
    assert status_of(la18, today=today) is ObligationStatus.MET


def test_la18_overdue_when_the_extension_runs_out():
    obs = _temporary(
        fact(k.TEMPORARY_APPROVAL_EXTENDED, "placement:6:extended", D(2025, 6, 23), "placement:6"),
    )
    [la18] = of_rule(obs, "LA18")
    assert status_of(la18, today=D(2025, 8, 18)) is ObligationStatus.DUE_SOON
    assert status_of(la18, today=D(2025, 8, 19)) is ObligationStatus.OVERDUE


def test_la18_no_longer_required_when_the_child_ceases_to_be_looked_after():
    obs = _temporary(
        fact(k.TEMPORARY_APPROVAL_EXTENDED, "placement:6:extended", D(2025, 6, 23), "placement:6"),
        fact(k.CEASED_LOOKED_AFTER, "period:5:end", D(2025, 7, 1), "period:5"),
    )
    [la18] = of_rule(obs, "LA18")
    assert (la18.ended_at, la18.ended_by) == (D(2025, 7, 1), "period:5:end")


def test_extension_decided_late_meets_la17_late():
    obs = _temporary(
        fact(k.TEMPORARY_APPROVAL_EXTENDED, "placement:6:extended", D(2025, 6, 30), "placement:6"),
    )
    [la17] = of_rule(obs, "LA17")
    assert status_of(la17, today=D(2025, 7, 1)) is ObligationStatus.MET_LATE
    [la18] = of_rule(obs, "LA18")
    assert la18.due == D(2025, 8, 25)


def test_la17_overdue_with_no_extension():
    obs = _temporary()
    [la17] = of_rule(obs, "LA17")
    assert (la17.due, la17.met_at) == (D(2025, 6, 23), None)
    assert status_of(la17, today=D(2025, 6, 23)) is ObligationStatus.DUE_SOON
    assert status_of(la17, today=D(2025, 6, 24)) is ObligationStatus.OVERDUE
    assert of_rule(obs, "LA18") == []


# --- IRO dispute resolution stages ---------------------------------------------------------------


def _stage(n: int, opened: date, days: int | None = None):
    attrs = {} if days is None else {"interval_working_days": days}
    return fact(k.IRO_DISPUTE_STAGE, f"disputestage:{n}", opened, "dispute:5", **attrs)


def _response(n: int, on: date):
    return fact(k.IRO_DISPUTE_RESPONSE, f"disputestage:{n}:response", on, "dispute:5")


def test_each_stage_runs_to_its_own_response_time_and_resolution_ends_the_last():
    obs = obligations(
        fact(k.IRO_DISPUTE_RAISED, "dispute:5", D(2025, 11, 3), "dispute:5"),
        _stage(1, D(2025, 11, 3), 5),  # team manager: 5 working days
        _response(1, D(2025, 11, 10)),
        _stage(2, D(2025, 11, 10), 10),  # escalated the day the answer came
        _response(2, D(2025, 11, 20)),
        _stage(3, D(2025, 12, 19), 5),  # across Christmas and Boxing Day
        fact(k.IRO_DISPUTE_RESOLVED, "dispute:5:closed", D(2025, 12, 23), "dispute:5"),
    )
    assert [(o.started_by, o.due, o.met_by, o.ended_at) for o in of_rule(obs, "IR2")] == [
        ("disputestage:1", D(2025, 11, 10), "disputestage:1:response", None),
        ("disputestage:2", D(2025, 11, 24), "disputestage:2:response", None),
        ("disputestage:3", D(2025, 12, 30), None, D(2025, 12, 23)),
    ]
    [ir1] = of_rule(obs, "IR1")
    assert (ir1.due, ir1.met_at) == (D(2025, 12, 1), D(2025, 12, 23))


def test_a_stage_with_no_response_time_of_its_own_takes_the_default_or_the_councils():
    stages = (_stage(1, D(2025, 11, 3)), _stage(2, D(2025, 11, 24), 3))
    assert [o.due for o in of_rule(obligations(*stages), "IR2")] == [
        D(2025, 11, 17), D(2025, 11, 27),
    ]
    book = RuleBook().with_override("IR2", period=Period(7, Unit.WORKING_DAYS))
    assert [o.due for o in of_rule(obligations(*stages, book=book), "IR2")] == [
        D(2025, 11, 12), D(2025, 11, 27),
    ]


def test_escalating_an_unanswered_stage_moves_the_clock_to_the_next_stage():
    obs = obligations(
        _stage(1, D(2025, 11, 3), 5),
        _stage(2, D(2025, 11, 12), 10),
        _response(2, D(2025, 11, 19)),
    )
    [first, second] = of_rule(obs, "IR2")
    assert (first.due, first.met_at, first.ended_at) == (D(2025, 11, 10), None, D(2025, 11, 12))
    assert status_of(first, today=D(2025, 12, 1)) is ObligationStatus.NO_LONGER_REQUIRED
    assert (second.due, second.met_at) == (D(2025, 11, 26), D(2025, 11, 19))


def test_ir2_is_local_and_keeps_its_default():
    rule = get_rule("IR2")
    assert rule.configurable and rule.period == Period(10, Unit.WORKING_DAYS)
