"""Shared test scenario: a small service with one child and people in every role."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

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
