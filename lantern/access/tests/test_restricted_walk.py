# ruff: noqa: F811  (the URL walk's fixtures are imported from its module)
"""The URL walk again, on a restricted child, a child with a staff member in its family and a
record opened in an emergency, as every role: outside the circle every page of the child is
404 exactly as if it did not exist; inside it, each role gets what the main table says."""

import re

import pytest
from django.urls import get_resolver
from django.utils import timezone

from lantern.access.models import Grant
from lantern.access.services import break_glass_open, grant_give, grant_revoke, staff_link_record
from lantern.people.factories import AdultFactory
from lantern.people.models import Relationship

from .helpers import restrict
from .test_url_access import (  # noqa: F401  (fixtures)
    ALL_ROLES,
    EXPECTED,
    _url,
    _walk,
    assessment,
    contact,
    flag,
    plans,
    step_down,
)

pytestmark = pytest.mark.django_db


def _child_routes(world, contact, assessment, step_down, plans, flag):
    """Every route of one child's record with a sample value for each parameter."""
    for name, route in _walk(get_resolver().url_patterns):
        if "<int:child_id>" not in route:
            continue
        try:
            yield name, _url(route, world, world.child, contact, assessment, step_down=step_down, plans=plans,
                             flag=flag)
        except AssertionError:  # a new route this walk has no sample value for
            continue


def _walk_as(client, world, routes, circle: dict[str, str]):
    """``circle``: role -> the role whose row of the main table it should get."""
    for role in ALL_ROLES:
        client.force_login(world.users[role])
        for name, url in routes:
            status = client.get(url).status_code
            if role in circle:
                if name in EXPECTED:
                    assert status == EXPECTED[name][circle[role]], f"{role} on {name}"
            else:
                assert status == 404, f"{role} on {name} must not see the restricted child"


@pytest.fixture
def routes(world, contact, assessment, step_down, plans, flag):
    return list(_child_routes(world, contact, assessment, step_down, plans, flag))


def test_a_restricted_child_is_404_outside_its_circle_and_open_to_a_grant(client, world, routes):
    now = timezone.now()
    restrict(world, owner=world.users["senior_leader"], now=now)
    for grant in Grant.objects.filter(child=world.child, kind="involved_worker"):
        grant_revoke(actor=world.users["senior_leader"], grant=grant, reason="Testing the walk", now=now)
    grant_give(actor=world.users["senior_leader"], child=world.child, user=world.users["stranger"],
               reason="Covering a visit", kind="task", now=now)
    # the stranger (a social worker in team B) now sees the record as a social worker of its team
    _walk_as(client, world, routes, {"senior_leader": "senior_leader", "stranger": "colleague"})


def test_the_involved_workers_keep_the_record_when_it_is_restricted(client, world, routes):
    restrict(world, by="service_manager")
    _walk_as(client, world, routes, {"senior_leader": "senior_leader", "service_manager": "service_manager",
                                     "social_worker": "social_worker", "team_manager": "team_manager"})


def test_a_staff_member_in_the_family_never_sees_the_child_even_as_a_senior_leader(client, world, routes):
    adult = AdultFactory()
    Relationship.objects.create(child=world.child, adult=adult, kind="grandparent")
    staff_link_record(actor=world.users["service_manager"], user=world.users["senior_leader"], adult=adult,
                      reason="Declared on joining", today=timezone.localdate(), now=timezone.now())
    # the service manager who recorded the link owns the restriction; the worker and manager keep access
    _walk_as(client, world, routes, {"service_manager": "service_manager", "social_worker": "social_worker",
                                     "team_manager": "team_manager"})


def test_emergency_access_opens_every_page_a_practitioner_of_the_team_would_see(client, world, routes):
    break_glass_open(actor=world.users["stranger"], identifier=world.child.council_id,
                     reason="Police called about the child tonight.", now=timezone.now())
    circle = {role: role for role in ("social_worker", "colleague", "team_manager", "service_manager",
                                      "senior_leader", "front_door", "out_of_hours", "iro", "performance")}
    _walk_as(client, world, routes, {**circle, "stranger": "colleague"})


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_access_pages_get_what_the_table_says(client, world, contact, assessment, step_down, plans, flag,
                                                  role):
    client.force_login(world.users[role])
    for name, route in _walk(get_resolver().url_patterns):
        if not name.startswith("access:"):
            continue
        response = client.get(_url(route, world, world.child, contact, assessment, step_down=step_down,
                                   plans=plans, flag=flag))
        assert response.status_code == EXPECTED[name][role], f"{role} on {name}"
        if response.status_code == 200:
            html = response.content.decode()
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert "<" not in title and title.endswith("– Lantern – Hull"), f"{name}: {title}"
            assert html.count("<h1") == 1, f"{name} must have exactly one h1"
