"""The ledger follows the records: services refresh it, worklists read it."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from lantern.core.engine import ObligationStatus
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import status, team_worklist, worklist
from lantern.obligations.services import obligations_rebuild_all
from lantern.people.factories import ChildFactory
from lantern.people.models import Level
from lantern.people.services import involvement_end, involvement_start
from lantern.staff.models import AllocationKind
from lantern.staff.services import allocation_change

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)  # a Thursday
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=timezone.get_default_timezone())


def _w3(child):
    return list(Obligation.objects.filter(child=child, rule_id="W3").order_by("start_on"))


def test_opening_a_service_without_a_worker_owes_an_allocation_next_working_day(world):
    child = ChildFactory(date_of_birth=date(2018, 1, 1))
    involvement_start(actor=world.users["front_door"], today=TODAY, child=child,
                      level=Level.CHILD_IN_NEED, start=date(2026, 11, 20))  # a Friday
    (ob,) = _w3(child)
    assert (ob.start_on, ob.due_on) == (date(2026, 11, 20), date(2026, 11, 23))
    assert status(ob, today=TODAY, now=NOW) == ObligationStatus.OVERDUE


def test_allocating_a_worker_meets_it_late_and_the_record_says_by_what(world):
    child = ChildFactory(date_of_birth=date(2018, 1, 1))
    involvement_start(actor=world.users["front_door"], today=TODAY, child=child,
                      level=Level.CHILD_IN_NEED, start=date(2026, 11, 20))
    allocation = allocation_change(actor=world.users["team_manager"], today=TODAY, child=child,
                                   kind=AllocationKind.SOCIAL_WORKER, team=world.team,
                                   worker=world.users["social_worker"], start=date(2026, 11, 24))
    (ob,) = _w3(child)
    assert ob.met_on == date(2026, 11, 24) and ob.met_by == f"allocation:{allocation.pk}"
    assert status(ob, today=TODAY, now=NOW) == ObligationStatus.MET_LATE


def test_a_worker_already_allocated_when_the_service_opens_meets_it_at_once(world):
    child = world.child  # allocated 30 days ago
    involvement_start(actor=world.users["social_worker"], today=TODAY, child=child,
                      level=Level.CHILD_IN_NEED, start=TODAY - timedelta(days=3))
    (ob,) = _w3(child)
    assert ob.met_on == ob.start_on


def test_closing_the_service_means_it_is_no_longer_required(world):
    child = ChildFactory(date_of_birth=date(2018, 1, 1))
    actor = world.users["front_door"]
    involvement_start(actor=actor, today=TODAY, child=child, level=Level.CHILD_IN_NEED,
                      start=date(2026, 11, 2))
    involvement_end(actor=actor, today=TODAY, child=child, end=date(2026, 11, 2),
                    reason="No further action after screening")
    (ob,) = _w3(child)
    assert ob.ended_on == date(2026, 11, 2)
    assert status(ob, today=TODAY) == ObligationStatus.NO_LONGER_REQUIRED


def test_rules_nothing_can_yet_meet_are_left_out_of_the_ledger(world):
    involvement_start(actor=world.users["social_worker"], today=TODAY, child=world.child,
                      level=Level.CHILD_IN_NEED, start=date(2026, 10, 1))
    assert not Obligation.objects.filter(rule_id="W1").exists()  # supervision not recorded yet


def test_my_work_and_team_list_what_is_overdue_for_the_workers_children(world, client):
    child, worker = world.child, world.users["social_worker"]
    old = child.allocations.get()
    old.start = date(2026, 1, 5)
    old.end = date(2026, 6, 1)
    old.save()
    involvement_start(actor=world.users["front_door"], today=TODAY, child=child, level=Level.CHILD_IN_NEED,
                      start=date(2026, 3, 2))
    # the allocation ended with nobody taking over: W3 starts again on 1 June
    allocation_change(actor=world.users["team_manager"], today=TODAY, child=child,
                      kind=AllocationKind.SOCIAL_WORKER, team=world.team, worker=worker,
                      start=date(2026, 11, 25))
    overdue_then_met = _w3(child)
    assert [o.start_on for o in overdue_then_met] == [date(2026, 3, 2), date(2026, 6, 1)]
    assert overdue_then_met[1].met_on == date(2026, 11, 25)

    other = ChildFactory(date_of_birth=date(2016, 5, 5))
    allocation_change(actor=world.users["team_manager"], today=TODAY, child=other,
                      kind=AllocationKind.SOCIAL_WORKER, team=world.team, worker=worker,
                      start=date(2026, 11, 20))
    involvement_start(actor=worker, today=TODAY, child=other, level=Level.CHILD_IN_NEED,
                      start=date(2026, 11, 24))
    Obligation.objects.create(child=other, rule_id="A1", scope="cin:1", started_by="referral:1",
                              start_on=date(2026, 9, 1), due_on=date(2026, 11, 3))
    lines = worklist(worker, today=TODAY, now=NOW)
    assert [(line.obligation.child, line.obligation.rule_id, line.status) for line in lines] == [
        (other, "A1", ObligationStatus.OVERDUE)]
    assert [line.obligation.rule_id for line in team_worklist(world.team, today=TODAY, now=NOW)] == ["A1"]
    assert team_worklist(world.other_team, today=TODAY, now=NOW) == []

    client.force_login(worker)
    page = client.get("/work/").content.decode()
    assert other.full_name in page and "Overdue" in page


def test_rebuilding_everything_changes_nothing_when_the_ledger_is_current(world):
    involvement_start(actor=world.users["social_worker"], today=TODAY, child=world.child,
                      level=Level.CHILD_IN_NEED, start=date(2026, 10, 1))
    before = list(Obligation.objects.values_list("pk", flat=True))
    assert obligations_rebuild_all() == 0
    assert list(Obligation.objects.values_list("pk", flat=True)) == before


def test_team_page_lets_a_manager_choose_only_their_own_teams(world, client):
    client.force_login(world.users["service_manager"])
    assert client.get("/work/team/", {"team": world.other_team.pk}).status_code == 200
    client.force_login(world.users["team_manager"])
    assert client.get("/work/team/", {"team": world.other_team.pk}).status_code == 404
    assert b"Safeguarding A" in client.get("/work/team/").content


def test_caseloads_count_each_child_s_overdue_work(world, client):
    from lantern.obligations.selectors import caseload

    worker, child = world.users["social_worker"], world.child
    involvement_start(actor=worker, today=TODAY, child=child, level=Level.CHILD_PROTECTION,
                      start=date(2026, 10, 1))
    for due in (date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 30)):
        Obligation.objects.create(child=child, rule_id="CP9", scope="cp:1", started_by=f"visit:{due}",
                                  start_on=date(2026, 10, 1), due_on=due)
    (mine,) = caseload(today=TODAY, viewer=worker, worker=worker)
    assert (mine, mine.overdue, mine.due_soon, mine.level_label) == (child, 2, 1, "Child protection")
    assert caseload(today=TODAY, viewer=world.users["senior_leader"], team=world.team) == [child]
    assert caseload(today=TODAY, viewer=world.users["senior_leader"], team=world.other_team) == [
        world.other_child]
    client.force_login(world.users["team_manager"])
    body = client.get("/work/team/").content.decode()
    assert "Children allocated in the team (1)" in body and child.full_name in body


def test_an_hour_clock_ending_in_the_repeated_october_hour_is_stable(world):
    """72 hours from 00:55 UTC on Thu 22 Oct 2026 ends at 01:55 BST on 25 Oct, the hour the
    clocks repeat: the ledger must see the same row twice as unchanged, not churn it."""
    from lantern.core.calendar import LONDON
    from lantern.frontdoor.services import check_request, contact_record

    arrived = datetime(2026, 10, 22, 0, 50, tzinfo=UTC)
    contact = contact_record(actor=world.users["front_door"], now=arrived + timedelta(hours=1),
                             submission_key="fold", received_at=arrived, method="phone", source="5A",
                             concerns="x", categories=["neglect"], consent="consent_given",
                             children=[world.child])
    contact.rag = "green"
    contact.save()
    check_request(actor=world.users["front_door"], now=arrived + timedelta(hours=1), contact=contact,
                  agency="health", asked="Health visitor", requested_at=datetime(2026, 10, 22, 0, 55, tzinfo=UTC))
    f6 = Obligation.objects.get(rule_id="F6")
    assert f6.due_at == datetime(2026, 10, 25, 0, 55, tzinfo=UTC)
    local = f6.due_at.astimezone(LONDON)
    assert (local.hour, local.minute, local.fold) == (1, 55, 0)  # BST: the first 01:55
    assert obligations_rebuild_all() == 0
