"""Shared test scenario: a small service with one child and people in every role."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from lantern.core.calendar import LONDON
from lantern.people.factories import ChildFactory
from lantern.people.models import Child
from lantern.staff.factories import TeamFactory, UserFactory
from lantern.staff.models import Allocation, AllocationKind, Role, Service, Team, User


@dataclass
class World:
    child: Child
    other_child: Child
    team: Team
    other_team: Team
    users: dict[str, User]


def allocate(child, worker, *, start, team=None, kind=AllocationKind.SOCIAL_WORKER):
    return Allocation.objects.create(
        child=child, kind=kind, worker=worker, team=team or worker.team, start=start,
        recorded_by=worker, recorded_at=timezone.now())


@pytest.fixture
def world(db) -> World:
    """Team A holds the child; team B holds another child. Every role is present."""
    today = timezone.localdate()
    head = UserFactory(username="head", role=Role.SENIOR_LEADER, team=None)
    service_manager = UserFactory(username="sm", role=Role.SERVICE_MANAGER, team=None, line_manager=head)
    manager = UserFactory(username="tm", role=Role.TEAM_MANAGER, team=None, line_manager=service_manager)
    team = TeamFactory(name="Safeguarding A", service=Service.SAFEGUARDING, manager=manager)
    other_manager = UserFactory(username="tm2", role=Role.TEAM_MANAGER, team=None, line_manager=service_manager)
    other_team = TeamFactory(name="Safeguarding B", service=Service.SAFEGUARDING, manager=other_manager)
    manager.team = team
    manager.save()
    worker = UserFactory(username="sw", team=team, line_manager=manager)
    colleague = UserFactory(username="colleague", team=team, line_manager=manager)
    stranger = UserFactory(username="stranger", team=other_team, line_manager=other_manager)
    users = {
        "social_worker": worker,
        "colleague": colleague,
        "stranger": stranger,
        "team_manager": manager,
        "other_team_manager": other_manager,
        "service_manager": service_manager,
        "senior_leader": head,
        "front_door": UserFactory(username="fd", role=Role.FRONT_DOOR, team=None),
        "out_of_hours": UserFactory(username="ooh", role=Role.OUT_OF_HOURS, team=None),
        "iro": UserFactory(username="iro", role=Role.IRO, team=None),
        "performance": UserFactory(username="analyst", role=Role.PERFORMANCE, team=None),
        "personal_adviser": UserFactory(username="pa", role=Role.PERSONAL_ADVISER, team=None),
        "admin": UserFactory(username="admin", role=Role.ADMIN, team=None),
    }
    child = ChildFactory(first_name="Amelia", last_name="Hartley", council_id="LAN0000001",
                         date_of_birth=date(2015, 3, 14))
    other_child = ChildFactory(first_name="Oliver", last_name="Brennan", council_id="LAN0000002")
    allocate(child, worker, start=today - timedelta(days=30))
    allocate(other_child, stranger, start=today - timedelta(days=30))
    return World(child, other_child, team, other_team, users)


@pytest.fixture
def refer(world):
    """A referral for the child received on ``on`` (by default Mon 3 Nov 2025, the A1 worked
    example), as the front door would leave it: a contact, then a referral (and, with
    ``open_cin``, the child open as a child in need from that day)."""
    counter = iter(range(1, 10_000))

    def make(on=date(2025, 11, 3), *, child=None, nfa=False, open_cin=False):
        child = child or world.child
        arrived = datetime.combine(on, datetime.min.time(), LONDON).replace(hour=10)
        from lantern.frontdoor.models import Referral
        from lantern.frontdoor.services import contact_record
        from lantern.obligations.services import obligations_refresh

        contact = contact_record(actor=world.users["front_door"], now=arrived,
                                 submission_key=f"assessment-test-{next(counter)}", received_at=arrived,
                                 method="phone", source="2A", concerns="Shouting heard, child crying",
                                 categories=["domestic_abuse"], consent="consent_given",
                                 children=[child])
        referral = Referral.objects.create(contact=contact, child=child, referral_date=on, source="2A",
                                           primary_need="N1", nfa=nfa,
                                           created_by=world.users["front_door"], created_at=timezone.now())
        if open_cin and not child.involvements.filter(end__isnull=True).exists():
            from lantern.people.models import Involvement

            Involvement.objects.create(child=child, level="cin", start=on)
        obligations_refresh(child=child)
        return referral

    return make
