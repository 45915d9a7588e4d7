"""Restricted records, grants and staff links through their services: who may change them,
who sees a restricted child, grants ending by themselves, refused input saving nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.access.models import Grant, GrantKind, Restriction, RestrictionKind
from lantern.access.policy import NotPermitted, can_see_child
from lantern.access.services import (
    grant_give,
    grant_revoke,
    restriction_end,
    restriction_review,
    restriction_set,
    staff_link_record,
)
from lantern.audit.models import AuditEvent
from lantern.people.factories import AdultFactory, ChildFactory
from lantern.people.models import Child, Relationship
from lantern.staff.factories import UserFactory
from lantern.staff.models import Role

from .helpers import restrict

pytestmark = pytest.mark.django_db

OUTSIDE = ("colleague", "stranger", "other_team_manager", "service_manager", "front_door", "out_of_hours",
           "iro", "performance", "personal_adviser", "admin")


def test_a_restricted_child_is_seen_only_by_senior_leaders_the_owner_and_grants(world):
    restriction = restrict(world, by="service_manager")
    assert restriction.owner == world.users["service_manager"]
    assert can_see_child(world.users["senior_leader"], world.child)
    assert can_see_child(world.users["service_manager"], world.child)  # the owner
    # the allocated worker and their manager hold involved-worker grants
    assert can_see_child(world.users["social_worker"], world.child)
    assert can_see_child(world.users["team_manager"], world.child)
    for role in OUTSIDE:
        if role != "service_manager":
            assert not can_see_child(world.users[role], world.child), role
    # the other child is untouched
    for role in ("stranger", "front_door", "iro", "other_team_manager"):
        assert can_see_child(world.users[role], world.other_child), role


def test_setting_a_restriction_gives_the_involved_workers_six_months(world):
    now = timezone.now()
    restrict(world, now=now)
    grants = {g.user.username: g for g in Grant.objects.filter(child=world.child)}
    assert set(grants) == {"sw", "tm"}
    for grant in grants.values():
        assert grant.kind == GrantKind.INVOLVED_WORKER
        assert grant.expires.date() in {(now + timedelta(days=d)).date() for d in range(181, 185)}
    actions = list(AuditEvent.objects.filter(child=world.child).values_list("action", flat=True))
    assert any("restricted (high profile)" in a for a in actions)
    assert sum("Involved worker access" in a for a in actions) == 2


def test_the_named_roles_come_from_the_setting(world, settings):
    restrict(world)
    assert not can_see_child(world.users["iro"], world.child)
    settings.LANTERN_RESTRICTED_ROLES = {"senior_leader", "iro"}
    assert can_see_child(world.users["iro"], world.child)


def test_only_senior_leaders_service_managers_and_the_owner_change_restrictions(world):
    today, now = timezone.localdate(), timezone.now()
    for role in ("social_worker", "team_manager", "front_door", "iro", "admin"):
        with pytest.raises(NotPermitted):
            restrict(world, by=role)
    assert not Restriction.objects.exists()
    restriction = restrict(world, by="senior_leader", owner=world.users["team_manager"], now=now)
    with pytest.raises(NotPermitted):  # a service manager who can no longer see the record
        restriction_review(actor=world.users["service_manager"], restriction=restriction,
                           review_by=today + timedelta(days=30), note="Still reported.", today=today, now=now)
    restriction_review(actor=world.users["team_manager"], restriction=restriction,
                       review_by=today + timedelta(days=30), note="Still reported.", today=today, now=now)
    with pytest.raises(NotPermitted):
        restriction_end(actor=world.users["social_worker"], restriction=restriction, reason="Over", now=now)
    restriction_end(actor=world.users["team_manager"], restriction=restriction, reason="Press interest over.",
                    now=now)
    assert can_see_child(world.users["stranger"], world.child) is False  # team B: never its circle
    assert can_see_child(world.users["colleague"], world.child)


def test_review_dates_are_at_most_90_days_ahead_and_refused_input_saves_nothing(world):
    today, now = timezone.localdate(), timezone.now()
    events = AuditEvent.objects.count()
    for review_by, message in ((today + timedelta(days=91), "within 90 days"), (today, "in the future")):
        with pytest.raises(ValidationError) as error:
            restriction_set(actor=world.users["senior_leader"], child=world.child, kind="adoption",
                            reason="Placed for adoption.", review_by=review_by, today=today, now=now)
        assert message in str(error.value.message_dict["review_by"])
    with pytest.raises(ValidationError) as error:
        restriction_set(actor=world.users["senior_leader"], child=world.child, kind="adoption", reason=" ",
                        review_by=today + timedelta(days=10), today=today, now=now)
    assert "reason" in error.value.message_dict
    assert not Restriction.objects.exists() and not Grant.objects.exists()
    assert AuditEvent.objects.count() == events
    restriction = restrict(world)
    with pytest.raises(ValidationError):
        restriction_review(actor=world.users["senior_leader"], restriction=restriction,
                           review_by=today + timedelta(days=91), note="Still needed.", today=today, now=now)
    with pytest.raises(ValidationError):
        restriction_review(actor=world.users["senior_leader"], restriction=restriction,
                           review_by=today + timedelta(days=60), note="", today=today, now=now)
    later = today + timedelta(days=80)
    restriction_review(actor=world.users["senior_leader"], restriction=restriction,
                       review_by=later + timedelta(days=90), note="Still needed.", today=later, now=now)
    restriction.refresh_from_db()
    assert (restriction.last_reviewed_on, restriction.review_by) == (later, later + timedelta(days=90))
    assert restriction.reviews.get().note == "Still needed."


def test_a_task_grant_lasts_two_weeks_and_ends_by_itself(world):
    restrict(world)
    pa = world.users["personal_adviser"]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        grant = grant_give(actor=world.users["senior_leader"], child=world.child, user=pa, reason="Covering a visit",
                           kind=GrantKind.TASK, now=timezone.now())
        assert can_see_child(pa, world.child)
    assert grant.expires - grant.starts == timedelta(weeks=2)
    with time_machine.travel(start + timedelta(days=13, hours=23), tick=False):
        assert can_see_child(pa, world.child)
    with time_machine.travel(start + timedelta(days=14), tick=False):
        assert not can_see_child(pa, world.child)
        assert not Child.objects.visible_to(pa).filter(pk=world.child.pk).exists()


def test_a_revoked_grant_ends_at_once_and_only_the_allowed_may_give_or_revoke(world):
    restrict(world)
    pa, now = world.users["personal_adviser"], timezone.now()
    for role in ("social_worker", "team_manager", "front_door"):
        with pytest.raises(NotPermitted):
            grant_give(actor=world.users[role], child=world.child, user=pa, reason="Visit", kind="task", now=now)
    with pytest.raises(NotPermitted):  # a service manager outside the circle of a restricted record
        grant_give(actor=world.users["service_manager"], child=world.child, user=pa, reason="Visit",
                   kind="task", now=now)
    grant = grant_give(actor=world.users["senior_leader"], child=world.child, user=pa, reason="Visit",
                       kind="task", now=now)
    with pytest.raises(NotPermitted):
        grant_revoke(actor=world.users["social_worker"], grant=grant, reason="Done", now=now)
    grant_revoke(actor=world.users["senior_leader"], grant=grant, reason="Visit done", now=now)
    assert not can_see_child(pa, world.child)
    with pytest.raises(ValidationError):
        grant_revoke(actor=world.users["senior_leader"], grant=grant, reason="Again", now=now)
    assert AuditEvent.objects.filter(child=world.child, action__contains="ended early").count() == 1


def test_a_service_manager_gives_grants_on_ordinary_children_they_see(world):
    pa = world.users["personal_adviser"]
    grant_give(actor=world.users["service_manager"], child=world.other_child, user=pa, reason="Cover",
               kind="involved_worker", now=timezone.now())
    assert can_see_child(pa, world.other_child)


def test_a_staff_member_linked_to_a_child_never_sees_it_and_it_is_restricted(world):
    sw = world.users["social_worker"]  # allocated to the child, in its team
    now, today = timezone.now(), timezone.localdate()
    staff_link_record(actor=world.users["senior_leader"], user=sw, child=world.child,
                      reason="Told us at supervision", today=today, now=now)
    restriction = Restriction.objects.get(child=world.child)
    assert restriction.kind == RestrictionKind.STAFF_MEMBER
    assert restriction.owner == world.users["senior_leader"]
    assert not can_see_child(sw, world.child)
    assert not Grant.objects.filter(user=sw).exists()  # no involved-worker grant for the linked worker
    with pytest.raises(ValidationError):
        grant_give(actor=world.users["senior_leader"], child=world.child, user=sw, reason="Please",
                   kind="task", now=now)
    with pytest.raises(ValidationError):  # the automatic restriction stands while the link does
        restriction_end(actor=world.users["senior_leader"], restriction=restriction, reason="x", now=now)


def test_a_staff_member_in_a_family_network_never_sees_its_children_whatever_the_role(world):
    adult = AdultFactory()
    sibling = ChildFactory()
    for child in (world.child, sibling):
        Relationship.objects.create(child=child, adult=adult, kind="mother")
    fd = world.users["front_door"]
    now, today = timezone.now(), timezone.localdate()
    staff_link_record(actor=world.users["service_manager"], user=fd, adult=adult, reason="HR told us",
                      today=today, now=now)
    assert set(Restriction.objects.values_list("child_id", "kind")) == {
        (world.child.pk, "relative_of_staff"), (sibling.pk, "relative_of_staff")}
    assert not can_see_child(fd, world.child) and not can_see_child(fd, sibling)
    assert can_see_child(fd, world.other_child)
    leader = world.users["senior_leader"]
    staff_link_record(actor=world.users["service_manager"], user=leader, adult=adult, reason="HR told us",
                      today=today, now=now)
    assert not can_see_child(leader, world.child)
    assert can_see_child(leader, world.other_child)


def test_only_senior_leaders_and_service_managers_link_accounts_and_never_their_own(world):
    now, today = timezone.now(), timezone.localdate()
    with pytest.raises(NotPermitted):
        staff_link_record(actor=world.users["team_manager"], user=world.users["colleague"], child=world.child,
                          reason="x", today=today, now=now)
    with pytest.raises(NotPermitted):
        staff_link_record(actor=world.users["senior_leader"], user=world.users["senior_leader"],
                          child=world.child, reason="x", today=today, now=now)
    assert not Restriction.objects.exists()


def test_an_owner_outside_the_usual_circle_sees_the_record(world):
    owner = UserFactory(username="owner", role=Role.SOCIAL_WORKER)
    restrict(world, owner=owner)
    assert can_see_child(owner, world.child)


def test_a_child_related_later_to_a_linked_adult_is_restricted_too(world):
    from lantern.people.services import relationship_add

    adult = AdultFactory()
    fd = world.users["front_door"]
    staff_link_record(actor=world.users["service_manager"], user=fd, adult=adult, reason="HR told us",
                      today=timezone.localdate(), now=timezone.now())
    assert not Restriction.objects.exists()  # no child in the network yet
    relationship_add(actor=world.users["social_worker"], child=world.child, kind="mother", adult=adult)
    assert list(Restriction.objects.values_list("child_id", "kind")) == [
        (world.child.pk, "relative_of_staff")]
    assert not can_see_child(fd, world.child)


def test_my_work_and_team_stop_naming_a_restricted_child_when_the_grant_ends(client, world):
    from django.urls import reverse

    from lantern.obligations.selectors import caseload

    now = timezone.now()
    restrict(world, now=now)
    worker, today = world.users["social_worker"], timezone.localdate(now)
    assert [c.pk for c in caseload(today=today, viewer=worker, worker=worker)] == [world.child.pk]
    with time_machine.travel(now + timedelta(days=200)):  # the six-month grants have ended
        later = timezone.localdate()
        assert caseload(today=later, viewer=worker, worker=worker) == []
        assert caseload(today=later, viewer=world.users["team_manager"], team=world.team) == []
        client.force_login(worker)
        assert world.child.full_name not in client.get(reverse("obligations:my-work")).content.decode()
        client.force_login(world.users["team_manager"])
        assert world.child.full_name not in client.get(reverse("obligations:team")).content.decode()
        # A senior leader still sees the child on the team's list.
        assert [c.pk for c in caseload(today=later, viewer=world.users["senior_leader"],
                                       team=world.team)] == [world.child.pk]
