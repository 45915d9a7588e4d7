"""Each reason to see a child, shown with the same setup allowed and denied."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import allocate
from lantern.access.models import Grant
from lantern.access.policy import can_see_child
from lantern.people.models import Child
from lantern.staff.factories import UserFactory
from lantern.staff.models import Role

pytestmark = pytest.mark.django_db


def test_allocated_worker_sees_the_child_until_the_allocation_ends(world):
    worker, child = world.users["social_worker"], world.child
    assert can_see_child(worker, child)
    allocation = child.allocations.get(worker=worker)
    allocation.end = timezone.localdate()
    allocation.save()
    assert not can_see_child(worker, child)


def test_team_members_see_the_team_s_children_but_not_other_teams(world):
    assert can_see_child(world.users["colleague"], world.child)
    assert not can_see_child(world.users["colleague"], world.other_child)


def test_management_line_reaches_three_levels_up_and_no_further(world):
    top = UserFactory(username="ceo", role=Role.TEAM_MANAGER, team=None)
    world.users["senior_leader"].line_manager = top
    world.users["senior_leader"].role = Role.SERVICE_MANAGER  # no longer service-wide
    world.users["senior_leader"].save()
    assert can_see_child(world.users["team_manager"], world.child)  # level 1
    assert can_see_child(world.users["service_manager"], world.child)  # level 2
    assert can_see_child(world.users["senior_leader"], world.child)  # level 3
    assert not can_see_child(top, world.child)  # level 4


def test_service_wide_roles_see_every_child(world):
    for role in ("front_door", "out_of_hours", "iro", "senior_leader", "performance"):
        assert can_see_child(world.users[role], world.other_child), role
    assert not can_see_child(world.users["personal_adviser"], world.other_child)


def test_a_grant_gives_access_only_while_it_lasts(world):
    pa, child = world.users["personal_adviser"], world.child
    now = timezone.now()
    grant = Grant.objects.create(user=pa, child=child, reason="Covering a visit", starts=now - timedelta(hours=1),
                                 expires=now + timedelta(hours=1), granted_by=world.users["team_manager"])
    assert can_see_child(pa, child)
    grant.expires = now - timedelta(minutes=1)
    grant.starts = now - timedelta(hours=2)
    grant.save()
    assert not can_see_child(pa, child)


def test_inactive_users_see_nothing(world):
    worker = world.users["social_worker"]
    worker.is_active = False
    worker.save()
    assert not Child.objects.visible_to(worker).exists()


def test_a_new_allocation_opens_the_record_to_the_new_worker(world):
    pa, child = world.users["personal_adviser"], world.other_child
    assert not can_see_child(pa, child)
    allocate(child, pa, start=timezone.localdate(), team=world.other_team, kind="personal_adviser")
    assert can_see_child(pa, child)


@pytest.mark.django_db
def test_the_id_subquery_for_lists_gives_the_same_children_as_the_record_check(world):
    from datetime import timedelta

    from django.utils import timezone

    from lantern.access.models import Grant
    from lantern.access.policy import visible_child_ids
    from lantern.people.factories import ChildFactory
    from lantern.people.models import Child

    now = timezone.now()
    granted, expired = ChildFactory(), ChildFactory()
    Grant.objects.create(user=world.users["personal_adviser"], child=granted, reason="Task",
                         starts=now - timedelta(days=1), expires=now + timedelta(days=13),
                         granted_by=world.users["team_manager"])
    Grant.objects.create(user=world.users["personal_adviser"], child=expired, reason="Task",
                         starts=now - timedelta(days=20), expires=now - timedelta(days=6),
                         granted_by=world.users["team_manager"])
    every = set(Child.objects.values_list("pk", flat=True))
    for role, user in world.users.items():
        expected = set(Child.objects.visible_to(user).values_list("pk", flat=True))
        ids = visible_child_ids(user)
        got = every if ids is None else set(Child.objects.filter(pk__in=ids).values_list("pk", flat=True))
        assert got == expected, role
    assert granted.pk in expected_for(world.users["personal_adviser"])
    assert expired.pk not in expected_for(world.users["personal_adviser"])


def expected_for(user):
    from lantern.access.policy import visible_child_ids
    from lantern.people.models import Child

    return set(Child.objects.filter(pk__in=visible_child_ids(user)).values_list("pk", flat=True))
