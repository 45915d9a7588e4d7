"""Recording missing episodes, returns and return home interviews through the services:
good input saved and audited with the M1 clock in the ledger, refused input saving nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted
from lantern.audit.models import AuditEvent
from lantern.care.services import PlacementDetails, care_start
from lantern.missing.models import MissingEpisode, ReturnInterview
from lantern.missing.services import (
    missing_episode_record,
    missing_return_record,
    return_interview_record,
)
from lantern.obligations.models import Obligation

from .helpers import NOW, at, interviewed, went_missing

pytestmark = pytest.mark.django_db


def m1(child):
    return list(Obligation.objects.filter(child=child, rule_id="M1").order_by("start_at"))


def refused(call, **kwargs) -> dict:
    episodes, interviews = MissingEpisode.objects.count(), ReturnInterview.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as raised:
        call(**kwargs)
    assert (MissingEpisode.objects.count(), ReturnInterview.objects.count(),
            AuditEvent.objects.count()) == (episodes, interviews, events)
    return {field: messages[0] for field, messages in raised.value.message_dict.items()}


def test_an_episode_and_its_return_start_the_72_hour_clock(world):
    episode = went_missing(world, at(2025, 11, 20, 21, 15), reported_to_police_at=at(2025, 11, 20, 22),
                           risk_notes="Older males seen near the home")
    assert (episode.kind, episode.returned_at, episode.period) == ("M", None, None)
    assert m1(world.child) == []
    assert AuditEvent.objects.filter(
        child=world.child, action__contains="went missing from Foster home at 21:15 on 20 November 2025"
    ).exists()
    missing_return_record(actor=world.users["social_worker"], now=NOW, episode=episode,
                          returned_at=at(2025, 11, 21, 9, 30), where_found="  Bus station ")
    episode.refresh_from_db()
    assert (episode.returned_at, episode.where_found) == (at(2025, 11, 21, 9, 30), "Bus station")
    [clock] = m1(world.child)
    assert (clock.scope, clock.start_at, clock.due_at, clock.met_at) == (
        f"missing:{episode.pk}", at(2025, 11, 21, 9, 30), at(2025, 11, 24, 9, 30), None)
    assert AuditEvent.objects.filter(action__startswith=f"{world.child.full_name} returned at 09:30").exists()


def test_the_interview_held_within_72_hours_meets_the_clock(world):
    episode = went_missing(world, at(2025, 11, 20, 21), at(2025, 11, 21, 9))
    interview = interviewed(world, episode, at(2025, 11, 24, 8, 59), offered_at=at(2025, 11, 21, 12),
                            child_said="Went to see friends", push_pull_factors="Rows about phone use",
                            exploitation_concerns=False, actions="Safety plan reviewed")
    assert (interview.accepted, interview.by_whom) == (True, "Independent return interview service")
    [clock] = m1(world.child)
    assert clock.met_at == at(2025, 11, 24, 8, 59) and clock.met_by == f"rhi:{interview.pk}"
    assert AuditEvent.objects.filter(action__contains="(within 72 hours of the return)").exists()


def test_an_interview_offered_first_can_be_recorded_again_when_held(world):
    episode = went_missing(world, at(2025, 11, 20, 21), at(2025, 11, 21, 9))
    actor = world.users["social_worker"]
    first = return_interview_record(actor=actor, now=NOW, episode=episode, offered_at=at(2025, 11, 21, 12),
                                    accepted=True)
    assert first.held_at is None and m1(world.child)[0].met_at is None
    held = return_interview_record(actor=actor, now=NOW, episode=episode, offered_at=at(2025, 11, 21, 12),
                                   accepted=True, held_at=at(2025, 11, 25, 10), by_whom="Barnardo's")
    assert held.pk == first.pk
    clock = m1(world.child)[0]
    assert clock.met_at == at(2025, 11, 25, 10) and clock.met_at > clock.due_at  # met late
    assert refused(return_interview_record, actor=actor, now=NOW, episode=episode,
                   offered_at=at(2025, 11, 21, 12), accepted=True, held_at=at(2025, 11, 26, 10),
                   by_whom="Someone else") == {"offered_at": "The return home interview has already been recorded"}


def test_a_declined_interview_needs_its_reason(world):
    episode = went_missing(world, at(2025, 11, 20, 21), at(2025, 11, 21, 9))
    actor = world.users["social_worker"]
    assert refused(return_interview_record, actor=actor, now=NOW, episode=episode,
                   offered_at=at(2025, 11, 21, 12), accepted=False) == {
        "declined_reason": "Enter why the child declined the interview"}
    interview = return_interview_record(actor=actor, now=NOW, episode=episode, offered_at=at(2025, 11, 21, 12),
                                        accepted=False, declined_reason="Did not want to talk")
    assert interview.declined_reason == "Did not want to talk"
    assert AuditEvent.objects.filter(action__contains="declined the return home interview").exists()


def test_the_episode_of_a_looked_after_child_belongs_to_the_period_of_care(world):
    period = care_start(actor=world.users["social_worker"], now=NOW, child=world.child,
                        start=date(2025, 6, 2), legal_status="C2", category_of_need="N1",
                        placement=PlacementDetails(placement_type="U1", provider="PR1",
                                                   carer_kind="in_house_foster", carer_name="Synthetic carers",
                                                   postcode="HU5 3JA"),
                        home_postcode="HU1 2AA")
    before = went_missing(world, at(2025, 6, 1, 20), at(2025, 6, 1, 23), kind="A")
    during = went_missing(world, at(2025, 6, 2, 20), at(2025, 6, 3, 1))
    assert (before.period, during.period) == (None, period)


def test_refusals_say_why_and_save_nothing(world):
    actor, child = world.users["social_worker"], world.child
    base = dict(actor=actor, now=NOW, child=child, kind="M", started_at=at(2025, 11, 20, 21),
                missing_from="Home")
    assert refused(missing_episode_record, **{**base, "kind": "X"}) == {
        "kind": "Choose whether the child was missing or away without authorisation"}
    assert refused(missing_episode_record, **{**base, "started_at": NOW + timedelta(minutes=1)}) == {
        "started_at": "When the child went missing cannot be in the future"}
    assert refused(missing_episode_record, **{**base, "returned_at": at(2025, 11, 20, 20)}) == {
        "returned_at": "The return cannot be before the child went missing"}
    assert refused(missing_episode_record, **{**base, "returned_at": NOW + timedelta(hours=1)}) == {
        "returned_at": "When the child returned cannot be in the future"}
    assert refused(missing_episode_record, **{**base, "missing_from": "  "}) == {
        "missing_from": "Enter where the child went missing from"}
    assert "reported_to_police_at" in refused(missing_episode_record,
                                              **{**base, "reported_to_police_at": at(2025, 11, 20, 20)})
    naive = datetime(2025, 11, 20, 21)  # noqa: DTZ001 (a time without its zone is refused)
    assert refused(missing_episode_record, **{**base, "started_at": naive}) == {
        "started_at": "Enter when the child went missing with its time"}


def test_episodes_of_one_child_may_not_overlap(world):
    actor, child = world.users["social_worker"], world.child
    went_missing(world, at(2025, 11, 10, 20), at(2025, 11, 11, 8))
    base = dict(actor=actor, now=NOW, child=child, kind="M", missing_from="Home")
    errors = refused(missing_episode_record, **base, started_at=at(2025, 11, 11, 7),
                     returned_at=at(2025, 11, 11, 10))
    assert errors == {"started_at": "This overlaps the episode from 20:00 on 10 November 2025 to "
                                    "08:00 on 11 November 2025"}
    assert "started_at" in refused(missing_episode_record, **base, started_at=at(2025, 11, 9, 20))
    # One ending when the next starts is fine; another child's episodes do not count.
    went_missing(world, at(2025, 11, 11, 8), at(2025, 11, 11, 9))
    world.other_child.date_of_birth = date(2012, 5, 1)  # the factory's may fall after these days
    world.other_child.save()
    went_missing(world, at(2025, 11, 10, 21), child=world.other_child, actor=world.users["stranger"])
    still_out = went_missing(world, at(2025, 11, 20, 20))
    assert refused(missing_episode_record, **base, started_at=at(2025, 11, 25, 20)) == {
        "started_at": "Missing since 20:00 on 20 November 2025 is still open: record that return first"}
    assert refused(missing_return_record, actor=actor, now=NOW, episode=still_out,
                   returned_at=at(2025, 11, 20, 19), where_found="") == {
        "returned_at": "The return cannot be before the child went missing (20:00 on 20 November 2025)"}
    missing_return_record(actor=actor, now=NOW, episode=still_out, returned_at=at(2025, 11, 21, 1),
                          where_found="")
    assert "already recorded" in refused(missing_return_record, actor=actor, now=NOW, episode=still_out,
                                         returned_at=at(2025, 11, 21, 2), where_found="")["returned_at"]


def test_a_return_may_not_run_into_a_later_episode(world):
    actor = world.users["social_worker"]
    open_one = went_missing(world, at(2025, 11, 1, 20))
    MissingEpisode.objects.create(child=world.child, kind="M", started_at=at(2025, 11, 5, 20),
                                  returned_at=at(2025, 11, 6, 1), missing_from="Home", recorded_by=actor,
                                  recorded_at=NOW)  # an earlier record of a later episode
    assert refused(missing_return_record, actor=actor, now=NOW, episode=open_one,
                   returned_at=at(2025, 11, 7, 9), where_found="")["returned_at"].startswith("This overlaps")


def test_interview_refusals(world):
    actor = world.users["social_worker"]
    out = went_missing(world, at(2025, 11, 20, 21))
    base = dict(actor=actor, now=NOW, accepted=True, offered_at=at(2025, 11, 21, 12))
    assert refused(return_interview_record, **base, episode=out) == {
        "offered_at": "Record the child's return before the return home interview"}
    missing_return_record(actor=actor, now=NOW, episode=out, returned_at=at(2025, 11, 21, 9), where_found="")
    assert refused(return_interview_record, **{**base, "offered_at": at(2025, 11, 21, 8)}, episode=out) == {
        "offered_at": "The interview cannot be offered before the return (09:00 on 21 November 2025)"}
    assert refused(return_interview_record, **base, episode=out, held_at=at(2025, 11, 21, 8),
                   by_whom="Service") == {
        "held_at": "The interview cannot be held before the return (09:00 on 21 November 2025)"}
    assert refused(return_interview_record, **base, episode=out, held_at=at(2025, 11, 21, 10),
                   by_whom="Service") == {"held_at": "The interview cannot be held before it was offered"}
    assert refused(return_interview_record, **base, episode=out, held_at=at(2025, 11, 22, 10)) == {
        "by_whom": "Enter who held the interview (the independent person or organisation)"}
    assert refused(return_interview_record, **base, episode=out, held_at=NOW + timedelta(hours=2),
                   by_whom="Service") == {"held_at": "When the interview was held cannot be in the future"}
    assert refused(return_interview_record, **{**base, "offered_at": NOW + timedelta(hours=2)},
                   episode=out) == {"offered_at": "When the interview was offered cannot be in the future"}
    assert "accepted" in refused(return_interview_record, **{**base, "accepted": False}, episode=out,
                                 held_at=at(2025, 11, 22, 10), by_whom="Service", declined_reason="No")


def test_only_those_who_may_act_on_the_child_record(world):
    episode = went_missing(world, at(2025, 11, 20, 21), at(2025, 11, 21, 9))
    for who in ("stranger", "personal_adviser", "performance"):
        with pytest.raises(NotPermitted):
            went_missing(world, at(2025, 11, 22, 21), actor=world.users[who])
        with pytest.raises(NotPermitted):
            return_interview_record(actor=world.users[who], now=NOW, episode=episode,
                                    offered_at=at(2025, 11, 21, 12), accepted=True)
    assert MissingEpisode.objects.count() == 1 and not ReturnInterview.objects.exists()
    # Out of hours records an episode for any child it can see.
    went_missing(world, at(2025, 11, 22, 21), actor=world.users["out_of_hours"])


def test_times_are_stored_as_instants(world):
    episode = went_missing(world, at(2025, 10, 26, 1, 30), at(2025, 10, 26, 3))
    episode.refresh_from_db()
    assert episode.started_at == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert episode.duration == timedelta(hours=2, minutes=30)
