"""The obligations engine: one test per semantic the rules rely on."""

from datetime import date, datetime, timedelta

from lantern.core import facts as k
from lantern.core.calendar import LONDON
from lantern.core.engine import Fact, ObligationStatus, catalogue_only_rules, status_of
from lantern.core.rules import RuleBook
from lantern.core.units import Period, Unit

from .scenarios import fact, obligations, of_rule, summary

D = date

# --- one-shot duties ---------------------------------------------------------------------


def test_a1_met_within_45_working_days():
    obs = obligations(
        fact(k.REFERRAL_RECEIVED, "referral:1", D(2025, 11, 3), "cin:1"),
        fact(k.ASSESSMENT_COMPLETED, "assessment:1", D(2026, 1, 8), "cin:1"),
    )
    [a1] = of_rule(obs, "A1")
    assert (a1.due, a1.met_at, a1.met_by, a1.started_by) == (
        D(2026, 1, 8), D(2026, 1, 8), "assessment:1", "referral:1",
    )
    assert status_of(a1, today=D(2026, 3, 1)) is ObligationStatus.MET


def test_a1_met_late_carries_the_late_reason():
    obs = obligations(
        fact(k.REFERRAL_RECEIVED, "referral:1", D(2025, 11, 3), "cin:1"),
        fact(k.ASSESSMENT_COMPLETED, "assessment:1", D(2026, 1, 9), "cin:1",
             late_reason="Father's interpreter unavailable"),
    )
    [a1] = of_rule(obs, "A1")
    assert a1.late_reason == "Father's interpreter unavailable"
    assert status_of(a1, today=D(2026, 1, 9)) is ObligationStatus.MET_LATE


def test_a1_assessment_in_another_episode_does_not_count():
    obs = obligations(
        fact(k.REFERRAL_RECEIVED, "referral:1", D(2025, 11, 3), "cin:1"),
        fact(k.ASSESSMENT_COMPLETED, "assessment:9", D(2025, 11, 10), "cin:2"),
    )
    [a1] = of_rule(obs, "A1")
    assert a1.met_at is None


def test_open_obligation_status_depends_on_today_only_when_read():
    [a1] = of_rule(
        obligations(fact(k.REFERRAL_RECEIVED, "referral:1", D(2025, 11, 3), "cin:1")), "A1"
    )
    assert status_of(a1, today=D(2025, 12, 1)) is ObligationStatus.UPCOMING
    assert status_of(a1, today=D(2026, 1, 1)) is ObligationStatus.DUE_SOON
    assert status_of(a1, today=D(2026, 1, 8)) is ObligationStatus.DUE_SOON
    assert status_of(a1, today=D(2026, 1, 9)) is ObligationStatus.OVERDUE
    assert status_of(a1, today=D(2025, 12, 20), due_soon_days=20) is ObligationStatus.DUE_SOON


def test_a1_no_longer_required_after_nfa():
    obs = obligations(
        fact(k.REFERRAL_RECEIVED, "referral:1", D(2025, 11, 3), "cin:1"),
        fact(k.REFERRAL_NFA, "referral:1:nfa", D(2025, 11, 4), "cin:1"),
    )
    [a1] = of_rule(obs, "A1")
    assert (a1.ended_at, a1.ended_by) == (D(2025, 11, 4), "referral:1:nfa")
    assert status_of(a1, today=D(2026, 6, 1)) is ObligationStatus.NO_LONGER_REQUIRED


def test_f1_and_f2_front_door():
    obs = obligations(
        fact(k.CONTACT_RECEIVED, "contact:1", D(2022, 9, 16), "contact:1"),
        fact(k.CONTACT_DECISION, "decision:1", D(2022, 9, 20), "contact:1", professional=True),
    )
    [f1] = of_rule(obs, "F1")
    [f2] = of_rule(obs, "F2")
    assert (f1.due, f1.met_at) == (D(2022, 9, 20), D(2022, 9, 20))
    assert (f2.start, f2.due, f2.met_at) == (D(2022, 9, 20), D(2022, 9, 21), None)


def test_rules_in_force_only_from_their_effective_date():
    obs = obligations(fact(k.REFERRAL_RECEIVED, "referral:1", D(2012, 5, 1), "cin:1"))
    assert of_rule(obs, "A1") == []


def test_f4_rag_rating_sets_the_hour_clock():
    red = datetime(2025, 11, 3, 9, 30, tzinfo=LONDON)
    obs = obligations(
        fact(k.CONTACT_RECEIVED, "contact:1", red, "contact:1", rag="red"),
        fact(k.CONTACT_RECEIVED, "contact:2", red, "contact:2"),
    )
    dues = {o.started_by: o.due for o in of_rule(obs, "F4")}
    assert dues == {"contact:1": red + timedelta(hours=4), "contact:2": red + timedelta(hours=24)}


# --- anchors -------------------------------------------------------------------------------


def test_cp2_runs_from_the_strategy_discussion_that_started_s47():
    obs = obligations(
        fact(k.STRATEGY_DISCUSSION, "sd:1", D(2023, 4, 20), "cin:1", s47=False),
        fact(k.STRATEGY_DISCUSSION, "sd:2", D(2023, 4, 28), "cin:1", s47=True),
        fact(k.STRATEGY_DISCUSSION, "sd:3", D(2023, 5, 10), "cin:1", s47=True),
        fact(k.S47_STARTED, "s47:1", D(2023, 5, 2), "cin:1"),
        fact(k.ICPC, "icpc:1", D(2023, 5, 23), "cin:1"),
    )
    [cp2] = of_rule(obs, "CP2")
    assert (cp2.started_by, cp2.due, cp2.met_by) == ("sd:2", D(2023, 5, 23), "icpc:1")
    [dfe] = of_rule(obs, "CP2-DFE")  # DfE's measure runs from the s47 start date
    assert (dfe.started_by, dfe.due, dfe.met_at) == ("s47:1", D(2023, 5, 24), D(2023, 5, 23))


def test_cp2_without_s47_strategy_discussion_produces_nothing():
    obs = obligations(fact(k.STRATEGY_DISCUSSION, "sd:1", D(2023, 4, 20), "cin:1", s47=False))
    assert of_rule(obs, "CP2") == []


def test_lac_review_clock_is_not_reset_by_placement_moves():
    obs = obligations(
        fact(k.BECAME_LOOKED_AFTER, "period:1", D(2024, 12, 20), "period:1"),
        fact(k.PLACEMENT_STARTED, "placement:1", D(2024, 12, 20), "placement:1"),
        fact(k.PLACEMENT_ENDED, "placement:1:end", D(2025, 1, 6), "placement:1"),
        fact(k.PLACEMENT_STARTED, "placement:2", D(2025, 1, 6), "placement:2"),
    )
    [la12] = of_rule(obs, "LA12")
    assert (la12.start, la12.due) == (D(2024, 12, 20), D(2025, 1, 22))


# --- recurring duties ------------------------------------------------------------------------


def _cp_plan(*extra: Fact, **plan_attrs: object) -> tuple:
    return obligations(
        fact(k.CP_PLAN_STARTED, "cpp:1", D(2025, 1, 6), "cp:1", **plan_attrs), *extra
    )


def test_cp9_visits_roll_from_the_last_actual_visit():
    obs = _cp_plan(
        fact(k.CP_VISIT, "visit:1", D(2025, 1, 14), "cp:1"),  # early: pulls the next one forward
        fact(k.CP_VISIT, "visit:2", D(2025, 1, 30), "cp:1"),  # late
    )
    assert summary(of_rule(obs, "CP9")) == [
        ("CP9", D(2025, 1, 6), D(2025, 1, 20), D(2025, 1, 14), None),
        ("CP9", D(2025, 1, 14), D(2025, 1, 28), D(2025, 1, 30), None),
        ("CP9", D(2025, 1, 30), D(2025, 2, 13), None, None),
    ]
    assert [o.started_by for o in of_rule(obs, "CP9")] == ["cpp:1", "visit:1", "visit:2"]
    assert sum(1 for o in of_rule(obs, "CP9") if o.is_open) == 1


def test_two_visits_on_one_day_count_once():
    obs = _cp_plan(
        fact(k.CP_VISIT, "visit:1", D(2025, 1, 14), "cp:1"),
        fact(k.CP_VISIT, "visit:2", D(2025, 1, 14), "cp:1"),
    )
    assert len(of_rule(obs, "CP9")) == 2


def test_plan_ending_stops_visits_core_groups_and_reviews():
    obs = _cp_plan(
        fact(k.CP_VISIT, "visit:1", D(2025, 1, 14), "cp:1"),
        fact(k.CORE_GROUP, "cg:1", D(2025, 1, 15), "cp:1"),
        fact(k.CP_PLAN_ENDED, "cpp:1:end", D(2025, 1, 24), "cp:1"),
        fact(k.CP_VISIT, "visit:9", D(2025, 2, 20), "cp:1"),  # recorded after the end: ignored
    )
    cp9 = of_rule(obs, "CP9")
    assert [o.ended_at for o in cp9] == [None, D(2025, 1, 24)]
    assert cp9[-1].ended_by == "cpp:1:end"
    for rule_id in ("CP5", "CP7"):
        [open_one] = of_rule(obs, rule_id)
        assert open_one.ended_at == D(2025, 1, 24)
        assert status_of(open_one, today=D(2025, 6, 1)) is ObligationStatus.NO_LONGER_REQUIRED
    assert of_rule(obs, "CP8") == []


def test_conference_sets_the_visit_interval_for_this_child():
    obs = _cp_plan(fact(k.CP_VISIT, "visit:1", D(2025, 1, 10), "cp:1"), interval_days=7)
    assert [o.due for o in of_rule(obs, "CP9")] == [D(2025, 1, 13), D(2025, 1, 17)]


def test_review_conference_can_change_the_visit_interval():
    obs = _cp_plan(
        fact(k.RCPC, "rcpc:1", D(2025, 4, 1), "cp:1", interval_working_days=5),
        fact(k.CP_VISIT, "visit:1", D(2025, 4, 2), "cp:1"),
    )
    # the first interval (6 Jan) keeps 10 WD; the one starting 2 Apr uses 5 WD
    assert [o.due for o in of_rule(obs, "CP9")] == [D(2025, 1, 20), D(2025, 4, 9)]


def test_council_override_of_local_visit_interval():
    book = RuleBook().with_override("CP9", period=Period(4, Unit.WEEKS))
    obs = obligations(fact(k.CP_PLAN_STARTED, "cpp:1", D(2025, 1, 6), "cp:1"), book=book)
    assert [o.due for o in of_rule(obs, "CP9")] == [D(2025, 2, 3)]


def test_first_then_subsequent_cp_reviews():
    obs = obligations(
        fact(k.CP_PLAN_STARTED, "cpp:1", D(2025, 11, 30), "cp:1"),
        fact(k.RCPC, "rcpc:1", D(2026, 2, 20), "cp:1"),
        fact(k.RCPC, "rcpc:2", D(2026, 8, 1), "cp:1"),
    )
    assert summary(of_rule(obs, "CP7", "CP8")) == [
        ("CP7", D(2025, 11, 30), D(2026, 2, 28), D(2026, 2, 20), None),
        ("CP8", D(2026, 2, 20), D(2026, 8, 20), D(2026, 8, 1), None),
        ("CP8", D(2026, 8, 1), D(2027, 2, 1), None, None),
    ]


def test_first_core_group_then_four_weekly():
    obs = _cp_plan(
        fact(k.CORE_GROUP, "cg:1", D(2025, 1, 17), "cp:1"),
        fact(k.CORE_GROUP, "cg:2", D(2025, 2, 10), "cp:1"),
    )
    assert summary(of_rule(obs, "CP4", "CP5")) == [
        ("CP4", D(2025, 1, 6), D(2025, 1, 20), D(2025, 1, 17), None),
        ("CP5", D(2025, 1, 17), D(2025, 2, 14), D(2025, 2, 10), None),
        ("CP5", D(2025, 2, 10), D(2025, 3, 10), None, None),
    ]


def test_lac_reviews_20_wd_then_3_months_then_6_months():
    obs = obligations(
        fact(k.BECAME_LOOKED_AFTER, "period:1", D(2024, 12, 20), "period:1"),
        fact(k.LAC_REVIEW, "review:1", D(2025, 1, 15), "period:1"),
        fact(k.LAC_REVIEW, "review:2", D(2025, 4, 10), "period:1"),
        fact(k.LAC_REVIEW, "review:3", D(2025, 10, 1), "period:1"),
    )
    assert summary(of_rule(obs, "LA12", "LA13", "LA14")) == [
        ("LA12", D(2024, 12, 20), D(2025, 1, 22), D(2025, 1, 15), None),
        ("LA13", D(2025, 1, 15), D(2025, 4, 15), D(2025, 4, 10), None),
        ("LA14", D(2025, 4, 10), D(2025, 10, 10), D(2025, 10, 1), None),
        ("LA14", D(2025, 10, 1), D(2026, 4, 1), None, None),
    ]


def test_ceasing_to_be_looked_after_ends_lac_duties():
    obs = obligations(
        fact(k.BECAME_LOOKED_AFTER, "period:1", D(2025, 1, 6), "period:1"),
        fact(k.PLACEMENT_STARTED, "placement:1", D(2025, 1, 6), "placement:1"),
        fact(k.LAC_VISIT, "visit:1", D(2025, 1, 10), "placement:1"),
        fact(k.CEASED_LOOKED_AFTER, "period:1:end", D(2025, 1, 20), "period:1"),
    )
    open_after = [o for o in obs if o.met_at is None]
    assert {o.rule_id for o in open_after} >= {"LA5", "LA12", "H1", "LA1", "E1"}
    for ob in open_after:
        if ob.rule_id in {"LA5", "LA12", "H1", "LA1", "E1"}:
            assert ob.ended_at == D(2025, 1, 20), ob.rule_id


# --- reg 28 visits: per placement, first year, long-term --------------------------------------


def _placement(long_term: bool, *extra: Fact) -> tuple:
    attrs = {"long_term": True} if long_term else {}
    return obligations(
        fact(k.PLACEMENT_STARTED, "placement:1", D(2024, 1, 10), "placement:1", **attrs),
        fact(k.LAC_VISIT, "visit:1", D(2024, 1, 15), "placement:1"),
        fact(k.LAC_VISIT, "visit:2", D(2024, 2, 20), "placement:1"),
        fact(k.LAC_VISIT, "visit:3", D(2024, 12, 20), "placement:1"),
        fact(k.LAC_VISIT, "visit:4", D(2025, 1, 15), "placement:1"),
        *extra,
    )


def test_first_visit_within_a_week_then_six_weekly_in_first_year():
    obs = _placement(long_term=True)
    [la4] = of_rule(obs, "LA4")
    assert (la4.due, la4.met_at) == (D(2024, 1, 17), D(2024, 1, 15))
    assert summary(of_rule(obs, "LA5", "LA6")) == [
        ("LA5", D(2024, 1, 15), D(2024, 2, 26), D(2024, 2, 20), None),
        ("LA5", D(2024, 2, 20), D(2024, 4, 2), D(2024, 12, 20), None),
        ("LA5", D(2024, 12, 20), D(2025, 1, 31), D(2025, 1, 15), None),
        ("LA6", D(2025, 1, 15), D(2025, 4, 15), None, None),
    ]


def test_after_first_year_not_long_term_stays_six_weekly():
    obs = _placement(long_term=False)
    last = of_rule(obs, "LA5", "LA6")[-1]
    assert (last.rule_id, last.due) == ("LA5", D(2025, 2, 26))


def test_long_term_designation_applies_from_its_date():
    obs = _placement(
        False,
        fact(k.PLACEMENT_LONG_TERM, "placement:1:lt", D(2025, 2, 1), "placement:1"),
        fact(k.LAC_VISIT, "visit:5", D(2025, 2, 20), "placement:1"),
    )
    assert [(o.rule_id, o.due) for o in of_rule(obs, "LA5", "LA6")][-2:] == [
        ("LA5", D(2025, 2, 26)),
        ("LA6", D(2025, 5, 20)),
    ]


def test_placement_ended_ends_that_placements_visits_only():
    obs = obligations(
        fact(k.PLACEMENT_STARTED, "placement:1", D(2025, 3, 3), "placement:1"),
        fact(k.PLACEMENT_ENDED, "placement:1:end", D(2025, 3, 5), "placement:1"),
        fact(k.PLACEMENT_STARTED, "placement:2", D(2025, 3, 5), "placement:2"),
    )
    la4 = {o.scope: o for o in of_rule(obs, "LA4")}
    assert la4["placement:1"].ended_at == D(2025, 3, 5)
    assert la4["placement:2"].is_open and la4["placement:2"].due == D(2025, 3, 12)


def test_plan_made_before_placement_counts():
    obs = obligations(
        fact(k.PLACEMENT_PLAN, "pp:1", D(2025, 3, 1), "placement:1"),
        fact(k.PLACEMENT_STARTED, "placement:1", D(2025, 3, 3), "placement:1"),
    )
    [la2] = of_rule(obs, "LA2")
    assert la2.met_at == D(2025, 3, 1)
    assert status_of(la2, today=D(2025, 4, 1)) is ObligationStatus.MET


def test_temporary_connected_person_approval_16_weeks():
    obs = obligations(
        fact(k.PLACEMENT_STARTED, "placement:1", D(2025, 3, 3), "placement:1",
             kind="connected_person_temporary"),
        fact(k.PLACEMENT_STARTED, "placement:2", D(2025, 3, 3), "placement:2"),
    )
    [la17] = of_rule(obs, "LA17")
    assert (la17.scope, la17.due) == ("placement:1", D(2025, 6, 23))


# --- age changes: review health assessments ----------------------------------------------------


def _health(*extra: Fact, dob: date | None) -> list:
    obs = obligations(
        fact(k.BECAME_LOOKED_AFTER, "period:1", D(2025, 2, 3), "period:1"),
        fact(k.HEALTH_ASSESSMENT_INITIAL, "iha:1", D(2025, 3, 1), "period:1"),
        *extra,
        dob=dob,
    )
    return [(o.rule_id, o.start, o.due) for o in of_rule(obs, "H2", "H3")]


def test_health_reviews_six_monthly_under_five_then_yearly():
    dob = D(2020, 9, 1)  # fifth birthday 1 Sep 2025
    assert _health(
        fact(k.HEALTH_ASSESSMENT_REVIEW, "rha:1", D(2025, 8, 15), "period:1"),
        fact(k.HEALTH_ASSESSMENT_REVIEW, "rha:2", D(2026, 2, 1), "period:1"),
        dob=dob,
    ) == [
        ("H2", D(2025, 3, 1), D(2025, 9, 1)),
        # under 5 at this review, so 6 months even though the child turns 5 first
        ("H2", D(2025, 8, 15), D(2026, 2, 15)),
        ("H3", D(2026, 2, 1), D(2027, 2, 1)),
    ]


def test_health_review_on_the_fifth_birthday_is_yearly():
    assert _health(
        fact(k.HEALTH_ASSESSMENT_REVIEW, "rha:1", D(2025, 9, 1), "period:1"), dob=D(2020, 9, 1)
    )[-1] == ("H3", D(2025, 9, 1), D(2026, 9, 1))


def test_leap_day_birthday_reaches_five_on_1_march():
    dob = D(2020, 2, 29)
    assert _health(dob=dob)[0] == ("H3", D(2025, 3, 1), D(2026, 3, 1))
    obs = obligations(
        fact(k.HEALTH_ASSESSMENT_INITIAL, "iha:1", D(2025, 2, 28), "period:1"), dob=dob
    )
    assert of_rule(obs, "H2", "H3")[0].rule_id == "H2"


def test_unknown_date_of_birth_uses_six_months():
    assert _health(dob=None) == [("H2", D(2025, 3, 1), D(2025, 9, 1))]


# --- hour clocks ---------------------------------------------------------------------------------


def test_return_home_interview_72_hours_across_bst_start():
    back = datetime(2026, 3, 28, 20, 0, tzinfo=LONDON)
    obs = obligations(
        fact(k.MISSING_RETURNED, "missing:1:return", back, "missing:1"),
        fact(k.RHI_HELD, "rhi:1", datetime(2026, 3, 31, 20, 30, tzinfo=LONDON), "missing:1"),
    )
    [m1] = of_rule(obs, "M1")
    assert m1.due == datetime(2026, 3, 31, 21, 0, tzinfo=LONDON)
    assert status_of(m1, today=D(2026, 4, 5)) is ObligationStatus.MET


def test_return_home_interview_late_by_half_an_hour_on_the_due_day():
    back = datetime(2025, 10, 24, 20, 0, tzinfo=LONDON)
    obs = obligations(
        fact(k.MISSING_RETURNED, "missing:1:return", back, "missing:1"),
        fact(k.RHI_HELD, "rhi:1", datetime(2025, 10, 27, 19, 30, tzinfo=LONDON), "missing:1"),
    )
    [m1] = of_rule(obs, "M1")
    assert m1.due == datetime(2025, 10, 27, 19, 0, tzinfo=LONDON)
    assert status_of(m1, today=D(2025, 10, 27)) is ObligationStatus.MET_LATE


def test_hour_clock_status_uses_now():
    back = datetime(2026, 3, 28, 20, 0, tzinfo=LONDON)
    [m1] = of_rule(obligations(fact(k.MISSING_RETURNED, "r:1", back, "missing:1")), "M1")
    today = D(2026, 3, 31)
    assert status_of(m1, today=today, now=back + timedelta(hours=1)) is ObligationStatus.UPCOMING
    assert status_of(m1, today=today, now=m1.due - timedelta(hours=1)) is ObligationStatus.DUE_SOON
    assert status_of(m1, today=today, now=m1.due + timedelta(minutes=1)) is ObligationStatus.OVERDUE
    assert status_of(m1, today=D(2026, 4, 1)) is ObligationStatus.OVERDUE


def test_hour_clock_started_by_a_date_starts_at_midnight():
    [m1] = of_rule(obligations(fact(k.MISSING_RETURNED, "r:1", D(2025, 7, 1), "missing:1")), "M1")
    assert m1.due == datetime(2025, 7, 4, 0, 0, tzinfo=LONDON)


# --- allocation ----------------------------------------------------------------------------------


def test_w3_allocation_and_unallocated_flag():
    obs = obligations(
        fact(k.SERVICE_STARTED, "service:1", D(2025, 3, 3), "service:1"),
        fact(k.WORKER_ALLOCATED, "alloc:1", D(2025, 3, 4), "service:1"),
        fact(k.WORKER_UNALLOCATED, "alloc:1:end", D(2025, 5, 9), "service:1"),
    )
    w3 = of_rule(obs, "W3")
    assert [(o.started_by, o.due, o.met_at) for o in w3] == [
        ("service:1", D(2025, 3, 4), D(2025, 3, 4)),
        ("alloc:1:end", D(2025, 5, 12), None),
    ]
    assert status_of(w3[1], today=D(2025, 5, 13)) is ObligationStatus.OVERDUE


def test_w3_closing_the_service_clears_the_flag():
    obs = obligations(
        fact(k.SERVICE_STARTED, "service:1", D(2025, 3, 3), "service:1"),
        fact(k.SERVICE_ENDED, "service:1:end", D(2025, 3, 10), "service:1"),
    )
    [w3] = of_rule(obs, "W3")
    assert status_of(w3, today=D(2025, 4, 1)) is ObligationStatus.NO_LONGER_REQUIRED


def test_w3_period_is_configurable_per_council():
    book = RuleBook().with_override("W3", period=Period(3, Unit.WORKING_DAYS))
    obs = obligations(fact(k.SERVICE_STARTED, "service:1", D(2025, 3, 3), "service:1"), book=book)
    assert [o.due for o in of_rule(obs, "W3")] == [D(2025, 3, 6)]


# --- other cadences ----------------------------------------------------------------------------------


def test_adoption_reviews_three_months_then_six():
    obs = obligations(
        fact(k.AUTHORITY_TO_PLACE, "po:1", D(2025, 1, 31), "adoption:1"),
        fact(k.ADOPTION_REVIEW, "ar:1", D(2025, 4, 20), "adoption:1"),
    )
    assert [(o.start, o.due) for o in of_rule(obs, "AD1")] == [
        (D(2025, 1, 31), D(2025, 4, 30)),
        (D(2025, 4, 20), D(2025, 10, 20)),
    ]


def test_authority_to_place_ends_lac_reviews():
    obs = obligations(
        fact(k.BECAME_LOOKED_AFTER, "period:1", D(2024, 1, 8), "period:1"),
        fact(k.LAC_REVIEW, "review:1", D(2024, 2, 1), "period:1"),
        fact(k.LAC_REVIEW, "review:2", D(2024, 5, 1), "period:1"),
        fact(k.AUTHORITY_TO_PLACE, "po:1", D(2024, 6, 3), "adoption:1"),
    )
    [la14] = of_rule(obs, "LA14")
    assert la14.ended_at == D(2024, 6, 3)


def test_private_fostering_visits_six_weekly_then_twelve_weekly():
    obs = obligations(
        fact(k.PF_NOTIFICATION_RECEIVED, "pf:1", D(2024, 3, 1), "pf:1"),
        fact(k.PF_VISIT, "pfv:1", D(2024, 3, 8), "pf:1"),
        fact(k.PF_VISIT, "pfv:2", D(2025, 3, 3), "pf:1"),
    )
    [pf2] = of_rule(obs, "PF2")
    assert pf2.met_at == D(2024, 3, 8)
    assert [(o.rule_id, o.due) for o in of_rule(obs, "PF3", "PF4")] == [
        ("PF3", D(2024, 4, 19)),
        ("PF4", D(2025, 5, 26)),
    ]


# --- what produces nothing ------------------------------------------------------------------------


def test_no_facts_no_obligations():
    assert obligations() == ()


def test_disabled_rule_produces_nothing():
    book = RuleBook().with_override("CP9", enabled=False)
    obs = obligations(fact(k.CP_PLAN_STARTED, "cpp:1", D(2025, 1, 6), "cp:1"), book=book)
    assert of_rule(obs, "CP9") == []
    assert of_rule(obs, "CP7")


def test_catalogue_only_rules_are_ignored():
    assert {"F3", "E3", "IR4", "CL1", "LA20"} <= set(catalogue_only_rules())
    obs = obligations(fact(k.IMMEDIATE_PROTECTION_NEEDED, "x:1", D(2025, 1, 6), "cin:1"))
    assert obs == ()


def test_output_is_sorted_and_deterministic():
    facts = (
        fact(k.REFERRAL_RECEIVED, "referral:1", D(2025, 11, 3), "cin:1"),
        fact(k.CP_PLAN_STARTED, "cpp:1", D(2025, 1, 6), "cp:1"),
        fact(k.SERVICE_STARTED, "service:1", D(2025, 1, 6), "service:1"),
    )
    obs = obligations(*facts)
    assert obs == obligations(*reversed(facts))
    assert [o.start for o in obs] == sorted(o.start for o in obs)


def test_naive_datetimes_are_refused():
    import pytest

    with pytest.raises(ValueError):
        Fact(k.MISSING_RETURNED, "r:1", datetime(2025, 1, 1, 12, 0))  # noqa: DTZ001
