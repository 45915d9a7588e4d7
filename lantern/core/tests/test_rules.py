"""The rule catalogue, the council rule book and first deadlines."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lantern.core import facts
from lantern.core.calendar import LONDON
from lantern.core.rules import (
    CATALOGUE,
    Area,
    NoFixedDeadline,
    Recurrence,
    RuleBook,
    RuleChangeRefused,
    Status,
    UnknownRule,
    Verification,
    due_date,
    get_rule,
)
from lantern.core.units import Period, Unit

TABLE_IDS = (
    [f"F{i}" for i in range(1, 6)]
    + [f"A{i}" for i in range(1, 5)]
    + [f"CP{i}" for i in range(1, 16)]
    + [f"CIN{i}" for i in range(1, 5)]
    + [f"LA{i}" for i in range(1, 22)]
    + [f"H{i}" for i in range(1, 6)]
    + [f"E{i}" for i in range(1, 4)]
    + [f"M{i}" for i in range(1, 5)]
    + [f"L{i}" for i in range(1, 10)]
    + [f"AD{i}" for i in range(1, 11)]
    + [f"CL{i}" for i in range(1, 7)]
    + [f"PF{i}" for i in range(1, 6)]
    + [f"IR{i}" for i in range(1, 9)]
    + [f"W{i}" for i in range(1, 5)]
)


def test_every_row_of_the_timescales_table_is_in_the_catalogue():
    ids = [rule.id for rule in CATALOGUE]
    assert len(ids) == len(set(ids))
    assert set(TABLE_IDS) <= set(ids)
    # Additions beyond the table: the DfE ICPC measure, the checks clock, the extended court
    # timetable and pre-proceedings review meetings.
    assert set(ids) - set(TABLE_IDS) == {"CP2-DFE", "F6", "L10", "L11"}


def test_every_row_has_status_verification_source_and_area():
    for rule in CATALOGUE:
        assert isinstance(rule.status, Status), rule.id
        assert isinstance(rule.verification, Verification), rule.id
        assert isinstance(rule.area, Area), rule.id
        assert rule.source.strip(), rule.id
        assert rule.title.strip(), rule.id


def test_catalogue_uses_only_known_fact_kinds():
    known = facts.all_kinds()
    for rule in CATALOGUE:
        for kind in rule.starts_on + rule.satisfied_by + rule.ends_on + rule.ends_on_any_scope:
            assert kind in known, (rule.id, kind)


def test_engine_rules_have_what_the_engine_needs():
    for rule in CATALOGUE:
        if rule.engine_supported:
            assert rule.period is not None, rule.id
            assert rule.starts_on and rule.satisfied_by, rule.id


def test_cadence_groups_share_their_clock():
    groups: dict[str, list] = {}
    for rule in CATALOGUE:
        if rule.cadence_group:
            groups.setdefault(rule.cadence_group, []).append(rule)
    assert set(groups) == {"reg28", "rha", "pf_visits"}
    for rules in groups.values():
        head = rules[0]
        for rule in rules:
            assert rule.recurrence is Recurrence.ROLLING
            assert rule.engine_supported, rule.id
            assert (rule.starts_on, rule.satisfied_by, rule.ends_on, rule.anchor_occurrence,
                    rule.ends_on_any_scope, rule.episode_start) == (
                head.starts_on, head.satisfied_by, head.ends_on, head.anchor_occurrence,
                head.ends_on_any_scope, head.episode_start,
            )


def test_reg28_group_special_rows_outrank_the_general_ones():
    reg28 = [rule for rule in CATALOGUE if rule.cadence_group == "reg28"]
    assert [rule.id for rule in reg28] == ["LA5", "LA6", "LA7", "LA8"]  # LA5 is the head
    assert {rule.id: rule.rank for rule in reg28} == {"LA5": 0, "LA6": 0, "LA7": 1, "LA8": 1}
    assert get_rule("LA7").period == Period(1, Unit.WEEKS)
    assert get_rule("LA8").period == Period(1, Unit.WEEKS)
    assert [p for _, p in get_rule("LA8").period_when] == [Period(4, Unit.WEEKS)]


def test_care_rows_once_rules():
    for rule_id in ("LA9", "LA17", "LA18", "IR2"):
        rule = get_rule(rule_id)
        assert rule.engine_supported and rule.recurrence is Recurrence.ONCE, rule_id
        assert rule.then_period is None, rule_id
    assert get_rule("LA9").start_filter == (("at_home", True),)
    assert get_rule("LA18").starts_on == (facts.TEMPORARY_APPROVAL_EXTENDED,)
    assert set(get_rule("LA17").satisfied_by) == {
        facts.CONNECTED_PERSON_APPROVED, facts.TEMPORARY_APPROVAL_EXTENDED,
    }


@pytest.mark.parametrize(
    ("rule_id", "status", "verification"),
    [
        ("F1", Status.STAT_GUID, Verification.SECONDARY),
        ("A1", Status.STAT_GUID, Verification.SECONDARY),
        ("CP2", Status.STAT_GUID, Verification.SECONDARY),
        ("CP9", Status.LOCAL, Verification.UNVERIFIED),
        ("LA1", Status.STAT_REG, Verification.PRIMARY),
        ("LA12", Status.STAT_REG, Verification.SECONDARY),
        ("M1", Status.STAT_GUID, Verification.SECONDARY),
        ("CP15", Status.KPI, Verification.SECONDARY),
        ("W3", Status.LOCAL, Verification.UNVERIFIED),
    ],
)
def test_status_and_verification_of_key_rows(rule_id, status, verification):
    rule = get_rule(rule_id)
    assert (rule.status, rule.verification) == (status, verification)


def test_local_and_unverified_guidance_rows_are_configurable_regulations_are_not():
    assert get_rule("CP9").configurable
    assert get_rule("F4").configurable
    assert get_rule("L3").configurable  # STAT-GUID, number unverified
    assert not get_rule("A1").configurable
    assert not get_rule("LA20").configurable  # STAT-REG even though unverified


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("F4", Period(24, Unit.HOURS)),
        ("CP5", Period(4, Unit.WEEKS)),
        ("CP9", Period(10, Unit.WORKING_DAYS)),
        ("CIN2", Period(3, Unit.MONTHS)),
        ("CIN3", Period(4, Unit.WEEKS)),
        ("L3", Period(16, Unit.WEEKS)),
        ("W1", Period(4, Unit.WEEKS)),
        ("W3", Period(1, Unit.WORKING_DAYS)),
    ],
)
def test_documented_local_defaults(rule_id, expected):
    assert get_rule(rule_id).period == expected


def test_a3_is_historical_only():
    a1, a3 = get_rule("A1"), get_rule("A3")
    assert a3.effective_to is not None and a1.effective_from is not None
    assert a3.effective_to < a1.effective_from
    assert not a3.in_effect(date(2025, 1, 1))
    assert a1.in_effect(date(2025, 1, 1))


def test_unknown_rule():
    with pytest.raises(UnknownRule) as err:
        get_rule("ZZ9")
    assert isinstance(err.value, KeyError)
    assert "ZZ9" in str(err.value)


# --- worked first deadlines ------------------------------------------------------------


def test_due_a1():
    assert due_date("A1", date(2025, 11, 3)) == date(2026, 1, 8)


def test_due_f1_state_funeral():
    assert due_date("F1", date(2022, 9, 16)) == date(2022, 9, 20)


def test_due_f1_christmas_2023():
    assert due_date("F1", date(2023, 12, 22)) == date(2023, 12, 27)


def test_due_cp2_coronation():
    assert due_date("CP2", date(2023, 4, 28)) == date(2023, 5, 23)


def test_due_la12_christmas_2024():
    assert due_date("LA12", date(2024, 12, 20)) == date(2025, 1, 22)


def test_due_cp7_month_end():
    assert due_date("CP7", date(2025, 11, 30)) == date(2026, 2, 28)


def test_due_m1_across_bst_start():
    due = due_date("M1", datetime(2026, 3, 28, 20, 0, tzinfo=LONDON))
    assert due == datetime(2026, 3, 31, 21, 0, tzinfo=LONDON)
    assert due.isoformat() == "2026-03-31T21:00:00+01:00"


def test_due_la4_one_calendar_week():
    assert due_date("LA4", date(2025, 12, 22)) == date(2025, 12, 29)


def test_no_fixed_deadline():
    with pytest.raises(NoFixedDeadline):
        due_date("F3", date(2025, 1, 6))
    with pytest.raises(NoFixedDeadline):
        due_date("E3", date(2025, 1, 6))


def test_due_date_uses_the_rulebook():
    book = RuleBook().with_override("CP9", period=Period(4, Unit.WEEKS))
    assert due_date("CP9", date(2025, 1, 6), rulebook=book) == date(2025, 2, 3)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from([r.id for r in CATALOGUE if r.period is not None]),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)),  # noqa: DTZ001
)
def test_due_is_never_before_start(rule_id, naive):
    start = naive.replace(tzinfo=LONDON)
    rule = get_rule(rule_id)
    if rule.period.unit is Unit.HOURS:
        assert due_date(rule_id, start) > start
    else:
        assert due_date(rule_id, start.date()) >= start.date()
        assert due_date(rule_id, start) >= start.astimezone(LONDON).date()


# --- council overrides ------------------------------------------------------------------


def test_local_rules_change_freely_and_books_are_immutable():
    book = RuleBook()
    changed = book.with_override("CP9", period=Period(4, Unit.WEEKS))
    assert changed.rule("CP9").period == Period(4, Unit.WEEKS)
    assert book.rule("CP9").period == Period(10, Unit.WORKING_DAYS)
    assert changed.override_for("CP9").reason == ""


def test_local_rule_can_be_disabled():
    book = RuleBook().with_override("W1", enabled=False)
    assert not book.is_enabled("W1")
    assert "W1" not in {r.id for r in book.active()}
    assert "W1" in {r.id for r in RuleBook().active()}


def test_guidance_rule_needs_a_reason():
    with pytest.raises(RuleChangeRefused):
        RuleBook().with_override("A1", period=Period(40, Unit.WORKING_DAYS))
    with pytest.raises(RuleChangeRefused):
        RuleBook().with_override("A1", period=Period(40, Unit.WORKING_DAYS), reason="   ")
    book = RuleBook().with_override(
        "A1", period=Period(40, Unit.WORKING_DAYS), reason="Partnership agreed 40 WD target"
    )
    assert book.rule("A1").period == Period(40, Unit.WORKING_DAYS)
    assert book.override_for("A1").reason == "Partnership agreed 40 WD target"


def test_kpi_rule_needs_a_reason():
    with pytest.raises(RuleChangeRefused):
        RuleBook().with_override("CP2-DFE", enabled=False)


@pytest.mark.parametrize("rule_id", ["LA12", "LA5", "H2", "L1"])
def test_regulation_rules_cannot_be_changed_or_disabled(rule_id):
    with pytest.raises(RuleChangeRefused):
        RuleBook().with_override(rule_id, period=Period(30, Unit.WORKING_DAYS), reason="because")
    with pytest.raises(RuleChangeRefused):
        RuleBook().with_override(rule_id, enabled=False, reason="because")


def test_override_validation():
    with pytest.raises(UnknownRule):
        RuleBook().with_override("NOPE", enabled=False)
    with pytest.raises(RuleChangeRefused):
        RuleBook().with_override("CP9", period=Period(0, Unit.WEEKS))
    with pytest.raises(RuleChangeRefused):
        RuleBook().with_override("M4", period=Period(1, Unit.WEEKS))  # LOCAL, no numeric deadline


def test_later_override_replaces_earlier():
    book = (
        RuleBook()
        .with_override("CP9", period=Period(4, Unit.WEEKS))
        .with_override("CP9", period=Period(2, Unit.WEEKS))
    )
    assert book.rule("CP9").period == Period(2, Unit.WEEKS)
    assert len(book.overrides) == 1


def test_rulebook_equality_is_by_value():
    assert RuleBook() == RuleBook()
    assert RuleBook().with_override("W1", enabled=False) == RuleBook().with_override(
        "W1", enabled=False
    )


def test_a_council_sets_one_rag_colour_s_target_without_touching_the_others():
    from datetime import datetime

    from lantern.core.calendar import LONDON
    from lantern.core.engine import ChildFacts, Fact, evaluate
    from lantern.core.rules import RuleBook
    from lantern.core.units import Period, Unit

    book = RuleBook().with_override("F4", period=Period(2, Unit.HOURS), when=("rag", "red"))
    arrived = datetime(2026, 11, 27, 17, 30, tzinfo=LONDON)  # a Friday evening
    facts = tuple(
        Fact("contact_received", f"contact:{i}", arrived, f"contact:{i}", (("rag", rag),))
        for i, rag in enumerate(["red", "amber", "green"])
    )
    dues = {ob.scope: ob.due for ob in evaluate(ChildFacts("1", None, facts), rulebook=book)
            if ob.rule_id == "F4"}
    assert dues == {
        "contact:0": datetime(2026, 11, 27, 19, 30, tzinfo=LONDON),
        "contact:1": datetime(2026, 11, 28, 17, 30, tzinfo=LONDON),
        "contact:2": datetime(2026, 11, 30, 17, 30, tzinfo=LONDON),
    }


def test_a_variant_that_does_not_exist_is_refused():
    import pytest

    from lantern.core.rules import RuleBook, RuleChangeRefused
    from lantern.core.units import Period, Unit

    with pytest.raises(RuleChangeRefused, match="no variant"):
        RuleBook().with_override("F4", period=Period(2, Unit.HOURS), when=("rag", "purple"))
