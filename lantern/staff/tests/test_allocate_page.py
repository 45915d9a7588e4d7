from datetime import timedelta

import pytest
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.staff.models import Allocation

pytestmark = pytest.mark.django_db


def _date_fields(day):
    return {"start_day": day.day, "start_month": day.month, "start_year": day.year}


def test_a_manager_reallocates_and_the_old_allocation_ends_that_day(client, world):
    today = timezone.localdate()
    client.force_login(world.users["team_manager"])
    colleague = world.users["colleague"]
    response = client.post(f"/children/{world.child.pk}/allocate/",
                           {"worker": colleague.pk, "reason": "Worker leaving", **_date_fields(today)})
    assert response.status_code == 302
    current = Allocation.objects.get(child=world.child, end__isnull=True)
    previous = Allocation.objects.get(child=world.child, end=today)
    assert current.worker == colleague and previous.worker == world.users["social_worker"]
    event = AuditEvent.objects.filter(child=world.child).latest("seq")
    assert "allocated to" in event.action and event.reason == "Worker leaving"


def test_a_change_of_worker_needs_a_reason_and_a_date_not_in_the_future(client, world):
    client.force_login(world.users["team_manager"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(f"/children/{world.child.pk}/allocate/",
                           {"worker": world.users["colleague"].pk, "reason": "", **_date_fields(tomorrow)})
    body = response.content.decode()
    assert "Enter the reason for changing the social worker" in body
    assert "must be today or in the past" in body
    assert Allocation.objects.filter(child=world.child).count() == 1


def test_a_manager_cannot_allocate_to_another_team_s_worker(client, world):
    client.force_login(world.users["team_manager"])
    response = client.post(f"/children/{world.child.pk}/allocate/",
                           {"worker": world.users["stranger"].pk, "reason": "x",
                            **_date_fields(timezone.localdate())})
    assert "Choose a social worker from the list" in response.content.decode()
