"""The clocks of missing episodes: M1 counts 72 elapsed hours from the moment of return
(weekends and the clocks going back included), and the repeat-missing flag (M3, local)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from lantern.core import facts as kinds
from lantern.missing.facts import missing_facts
from lantern.missing.selectors import REPEAT_FLAG, repeat_missing, repeat_missing_of, repeat_windows
from lantern.obligations.models import Obligation
from lantern.people.factories import ChildFactory

from .helpers import NOW, at, interviewed, went_missing

pytestmark = pytest.mark.django_db


def test_m1_across_the_end_of_british_summer_time(world):
    # Returned Sat 25 Oct 2025 20:00 BST; the clocks go back at 02:00 on Sun 26 Oct. 72 elapsed
    # hours later is Tue 28 Oct 2025 19:00 GMT: the wall clock says 19:00, not 20:00.
    episode = went_missing(world, at(2025, 10, 24, 22), at(2025, 10, 25, 20))
    [clock] = Obligation.objects.filter(child=world.child, rule_id="M1")
    assert clock.start_at == datetime(2025, 10, 25, 19, 0, tzinfo=UTC)
    assert clock.due_at == at(2025, 10, 28, 19, 0) == datetime(2025, 10, 28, 19, 0, tzinfo=UTC)
    assert clock.due_at - clock.start_at == timedelta(hours=72)
    assert clock.due_on.isoformat() == "2025-10-28"
    # Held at 19:30 on the Tuesday: 72.5 elapsed hours, so late, though it is within 72
    # hours by the wall clock.
    interviewed(world, episode, at(2025, 10, 28, 19, 30))
    [clock] = Obligation.objects.filter(child=world.child, rule_id="M1")
    assert clock.met_at == at(2025, 10, 28, 19, 30) and clock.met_at > clock.due_at


def test_m1_across_the_start_of_british_summer_time(world):
    # Returned Sat 28 Mar 2026 20:00 GMT; the clocks go forward on Sun 29 Mar: due Tue 31 Mar
    # 21:00 BST (20:00 UTC), as `lantern due M1 2026-03-28T20:00` says.
    went_missing(world, at(2026, 3, 28, 1), at(2026, 3, 28, 20), now=at(2026, 4, 1, 12))
    [clock] = Obligation.objects.filter(child=world.child, rule_id="M1")
    assert clock.due_at == at(2026, 3, 31, 21, 0) == datetime(2026, 3, 31, 20, 0, tzinfo=UTC)


def test_facts_are_aware_datetimes_in_the_episode_scope(world):
    episode = went_missing(world, at(2025, 11, 20, 21), at(2025, 11, 21, 9))
    interview = interviewed(world, episode, at(2025, 11, 22, 10))
    open_one = went_missing(world, at(2025, 11, 25, 22))
    facts = sorted(missing_facts([world.child.pk])[world.child.pk], key=lambda f: f.on)
    assert [(f.kind, f.ref, f.on, f.scope) for f in facts] == [
        (kinds.MISSING_STARTED, f"missing:{episode.pk}", at(2025, 11, 20, 21), f"missing:{episode.pk}"),
        (kinds.MISSING_RETURNED, f"missing:{episode.pk}:return", at(2025, 11, 21, 9), f"missing:{episode.pk}"),
        (kinds.RHI_HELD, f"rhi:{interview.pk}", at(2025, 11, 22, 10), f"missing:{episode.pk}"),
        (kinds.MISSING_STARTED, f"missing:{open_one.pk}", at(2025, 11, 25, 22), f"missing:{open_one.pk}"),
    ]
    assert all(f.on.tzinfo is not None for f in facts)
    assert {f.kind for f in facts} <= missing_facts.produces


def test_repeat_window_is_three_starts_within_thirty_days():
    starts = [at(2025, 9, 1, 20), at(2025, 9, 15, 20), at(2025, 9, 30, 23, 30)]  # 29 days apart
    flag = repeat_windows(starts, child_id=1, now=NOW, rule=(3, 30))
    assert (flag.episodes, flag.first.isoformat(), flag.last.isoformat()) == (3, "2025-09-01", "2025-09-30")
    assert flag.label == REPEAT_FLAG == "Repeat missing: consider a strategy discussion"
    later = [at(2025, 9, 1, 20), at(2025, 9, 15, 20), at(2025, 10, 1, 0, 30)]  # the 31st day
    assert repeat_windows(later, child_id=1, now=NOW, rule=(3, 30)) is None
    assert repeat_windows(later[:2], child_id=1, now=NOW, rule=(2, 30)).episodes == 2
    # Only the last 12 months count; the latest window is the one reported, widened to fit.
    old = [at(2024, 10, 1, 20), at(2024, 10, 2, 20), at(2024, 10, 3, 20)]
    assert repeat_windows(old, child_id=1, now=NOW, rule=(3, 30)) is None
    recent = old + starts + [at(2025, 11, 1, 20), at(2025, 11, 2, 20), at(2025, 11, 3, 20), at(2025, 11, 4, 1)]
    flag = repeat_windows(recent, child_id=1, now=NOW, rule=(3, 30))
    assert (flag.episodes, flag.first.isoformat(), flag.last.isoformat()) == (4, "2025-11-01", "2025-11-04")


def test_repeat_missing_for_many_children_in_one_query(world, django_assert_num_queries):
    for day in (3, 10, 20):
        went_missing(world, at(2025, 11, day, 20), at(2025, 11, day, 23))
    other = ChildFactory()
    for day in (3, 20):
        went_missing(world, at(2025, 11, day, 20), at(2025, 11, day, 23), child=other,
                     actor=world.users["senior_leader"])
    with django_assert_num_queries(1):
        flags = repeat_missing([world.child.pk, other.pk, world.other_child.pk], now=NOW)
    assert list(flags) == [world.child.pk]
    assert flags[world.child.pk].description == (
        "3 episodes between 3 November 2025 and 20 November 2025 (3 or more within 30 days)")
    with override_settings(LANTERN_MISSING_REPEAT={"episodes": 2, "days": 30}):
        assert set(repeat_missing([world.child.pk, other.pk], now=NOW)) == {world.child.pk, other.pk}
    with override_settings(LANTERN_MISSING_REPEAT={"episodes": 3, "days": 10}):
        assert repeat_missing_of(world.child, now=NOW) is None


def test_an_interview_offered_and_declined_ends_the_clock(world):
    from lantern.missing.services import return_interview_record

    episode = went_missing(world, at(2025, 11, 20, 21), at(2025, 11, 21, 9))
    return_interview_record(actor=world.users["social_worker"], now=NOW, episode=episode,
                            offered_at=at(2025, 11, 21, 15), accepted=False,
                            declined_reason="Did not want to talk")
    [clock] = Obligation.objects.filter(child=world.child, rule_id="M1")
    assert clock.met_at is None and clock.ended_on == at(2025, 11, 21, 15).date()
