"""The premature step-down measure, read directly with dates: what follows a step down
within the window (a step back up to a higher level, or a new referral), what does not,
and step downs whose window is still open."""

from datetime import date

import pytest
from django.utils import timezone

from conftest import allocate
from lantern.people.factories import ChildFactory
from lantern.people.services import involvement_end, involvement_start
from lantern.stepchange.selectors import premature_step_downs
from lantern.stepchange.services import step_down_authorise, step_down_propose

from .conftest import CIN_TO_EH_TICKED, CP_TO_CIN_TICKED

pytestmark = pytest.mark.django_db

STEPPED = date(2024, 1, 15)
YEAR_2024 = {"start": date(2024, 1, 1), "end": date(2024, 12, 31)}
LATER = date(2025, 6, 1)  # every 2024 window has closed by then
BORN = date(2016, 5, 1)


def measure(world, months=6, today=LATER, user="team_manager", **period):
    return premature_step_downs(world.users[user], months=months, today=today, **(period or YEAR_2024))


def only(result):
    outcome, = result.outcomes
    return outcome


def test_a_referral_five_months_after_counts(world, refer, stepped_down):
    stepped_down(STEPPED)
    refer(date(2024, 6, 15))
    outcome = only(measure(world))
    assert outcome.followed and outcome.followed_on == date(2024, 6, 15)
    assert outcome.followed_by == "New referral"
    counts = {c.kind: c for c in measure(world).by_kind}
    assert (counts["cin_to_eh"].followed, counts["cin_to_eh"].share) == (1, 100)


def test_a_referral_seven_months_after_counts_with_a_nine_month_window_only(world, refer, stepped_down):
    stepped_down(STEPPED)
    refer(date(2024, 8, 15))
    six = measure(world)
    assert not only(six).followed and not only(six).still_within
    assert (six.overall.not_followed, six.overall.share) == (1, 0)
    nine = only(measure(world, months=9))
    assert nine.followed and nine.followed_on == date(2024, 8, 15)


def test_the_last_day_of_the_window_is_inside_it(world, refer, stepped_down):
    stepped_down(STEPPED)
    refer(date(2024, 7, 15))
    assert only(measure(world)).followed
    assert not only(measure(world, months=5)).followed


def test_a_step_down_two_months_ago_with_nothing_after_is_still_within_the_window(world, stepped_down):
    stepped_down(STEPPED)
    result = measure(world, today=date(2024, 3, 15))
    assert only(result).still_within and only(result).window_end == date(2024, 7, 15)
    assert (result.overall.authorised, result.overall.still_within, result.overall.counted) == (1, 1, 0)
    assert result.overall.share is None  # left out of the share
    closed = measure(world, today=date(2024, 7, 16))
    assert not only(closed).still_within and closed.overall.not_followed == 1


def test_a_follow_up_inside_an_open_window_already_counts(world, refer, stepped_down):
    stepped_down(STEPPED)
    refer(date(2024, 2, 20))
    result = measure(world, today=date(2024, 3, 15))
    assert only(result).followed and result.overall.still_within == 0 and result.overall.share == 100


def test_a_step_back_up_to_a_higher_level_counts(world, stepped_down):
    stepped_down(STEPPED)
    involvement_start(actor=world.users["social_worker"], today=timezone.localdate(), child=world.child,
                      level="cin", start=date(2024, 4, 2), reason="Stepped up: school concerns")
    outcome = only(measure(world))
    assert outcome.followed_on == date(2024, 4, 2) and outcome.followed_by == "Stepped up to child in need"


def test_the_same_level_again_does_not_count(world, stepped_down):
    stepped_down(STEPPED)
    sw, today = world.users["social_worker"], timezone.localdate()
    involvement_end(actor=sw, today=today, child=world.child, end=date(2024, 3, 1), reason="Early help ended")
    involvement_start(actor=sw, today=today, child=world.child, level="early_help", start=date(2024, 4, 2))
    outcome = only(measure(world))
    assert not outcome.followed


def test_a_lower_level_after_a_step_down_from_child_protection_does_not_count(world, on_cp_plan):
    on_cp_plan(date(2023, 11, 1), review=STEPPED)
    sw, tm, today = world.users["social_worker"], world.users["team_manager"], timezone.localdate()
    step = step_down_propose(actor=sw, today=today, child=world.child, kind="cp_to_cin", on=STEPPED,
                             reason="Risks reduced.", checklist=CP_TO_CIN_TICKED, evidence="Safety plan held.")
    step_down_authorise(actor=tm, today=today, step=step, decided_on=STEPPED, rationale="Agreed.")
    later = step_down_propose(actor=sw, today=today, child=world.child, kind="cin_to_eh",
                              on=date(2024, 3, 1), reason="Needs met.", checklist=CIN_TO_EH_TICKED,
                              lead_practitioner="Jo Bell, Family Hub")
    step_down_authorise(actor=tm, today=today, step=later, decided_on=date(2024, 3, 1), rationale="Agreed.")
    result = measure(world)
    by_kind = {o.step.kind: o for o in result.outcomes}
    assert set(by_kind) == {"cp_to_cin", "cin_to_eh"}
    assert not by_kind["cp_to_cin"].followed  # early help (lower) then nothing
    counts = {c.kind: c for c in result.by_kind}
    assert counts["cp_to_cin"].not_followed == 1 and counts["cin_to_eh"].not_followed == 1


def test_only_step_downs_in_the_period_and_children_the_user_may_see(world, stepped_down):
    mine = stepped_down(STEPPED)
    other = ChildFactory(date_of_birth=BORN)
    allocate(other, world.users["stranger"], start=date(2023, 1, 1))
    theirs = stepped_down(date(2024, 2, 1), child=other, proposer="stranger", manager="other_team_manager")
    assert [o.step for o in measure(world).outcomes] == [mine]
    assert [o.step for o in measure(world, user="other_team_manager").outcomes] == [theirs]
    assert [o.step for o in measure(world, user="senior_leader").outcomes] == [mine, theirs]
    assert measure(world, user="senior_leader", start=date(2024, 1, 16), end=date(2024, 1, 31)).outcomes == []


def test_the_measure_is_a_fixed_number_of_queries(world, refer, stepped_down, django_assert_num_queries):
    children = [world.child]
    for _ in range(3):
        child = ChildFactory(date_of_birth=BORN)
        allocate(child, world.users["social_worker"], start=date(2023, 1, 1))
        children.append(child)
    for i, child in enumerate(children):
        stepped_down(date(2024, 1 + i, 10), child=child)
        refer(date(2024, 3 + i, 12), child=child)
    with django_assert_num_queries(3):
        result = measure(world)
        assert len(result.followed) == 4
