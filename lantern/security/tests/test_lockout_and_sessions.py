"""Lockout after repeated failures; idle and absolute session timeouts; the session key."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from lantern.audit.models import SecurityEvent, SecurityKind
from lantern.security.models import StaffSession
from lantern.staff.factories import UserFactory

from .helpers import sign_in

pytestmark = pytest.mark.django_db
START = timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0))


@override_settings(AXES_FAILURE_LIMIT=5, AXES_COOLOFF_TIME=timedelta(minutes=30))
def test_five_failures_lock_the_username_for_thirty_minutes_and_are_recorded(client):
    worker = UserFactory(username="worker")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(4):
            assert sign_in(client, "worker", "not-the-password-at-all").status_code == 200
        fifth = sign_in(client, "worker", "not-the-password-at-all")
        assert fifth.status_code == 429
        assert "Sign-in locked" in fifth.content.decode()
        assert "try again in 30 minutes" in fifth.content.decode()

        right_password = sign_in(client, "worker")
        assert right_password.status_code == 429  # locked even with the right password
        assert "_auth_user_id" not in client.session

        lock, again = SecurityEvent.objects.filter(kind=SecurityKind.LOCKED_OUT).order_by("id")
        assert lock.user == worker and lock.username == "worker"
        assert lock.detail == "Locked for 30 minutes after 5 failed sign-ins"
        assert again.detail == "Tried again while locked: locked for 30 minutes from now"
        assert SecurityEvent.objects.filter(kind=SecurityKind.SIGN_IN_FAILED, user=worker).count() == 6

        clock.shift(timedelta(minutes=31))
        assert sign_in(client, "worker").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_an_unknown_username_is_locked_the_same_way(client):
    for _ in range(5):
        response = sign_in(client, "nobody-has-this-name", "not-the-password-at-all")
    assert response.status_code == 429
    assert SecurityEvent.objects.get(kind=SecurityKind.LOCKED_OUT).user is None


def test_sign_in_success_and_failure_are_security_events(client):
    worker = UserFactory(username="worker")
    sign_in(client, "worker", "not-the-password-at-all")
    sign_in(client, "nobody-has-this-name", "whatever-it-is-here")
    sign_in(client, "worker", REMOTE_ADDR="192.0.2.7")

    kinds = list(SecurityEvent.objects.order_by("id").values_list("kind", "username", "detail"))
    assert kinds == [
        ("sign_in_failed", "worker", "Wrong password"),
        ("sign_in_failed", "nobody-has-this-name", "No account has this username"),
        ("sign_in", "worker", "Signed in with a password"),
    ]
    assert SecurityEvent.objects.get(kind="sign_in").ip == "192.0.2.7"
    assert SecurityEvent.objects.get(kind="sign_in").user == worker


def test_the_session_key_changes_at_sign_in(client):
    UserFactory(username="worker")
    client.get("/sign-in/")
    client.session.save()
    before = client.session.session_key
    sign_in(client, "worker")
    assert client.session.session_key != before


@override_settings(LANTERN_SESSION_IDLE_MINUTES=30, LANTERN_SESSION_ABSOLUTE_HOURS=10)
def test_thirty_minutes_without_a_request_signs_the_user_out(client):
    worker = UserFactory(username="worker")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "worker")
        clock.shift(timedelta(minutes=29))
        assert client.get("/work/").status_code == 200
        clock.shift(timedelta(minutes=29))  # 58 minutes in, but only 29 since the last page
        assert client.get("/work/").status_code == 200
        clock.shift(timedelta(minutes=30))
        response = client.get("/work/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/?next=/work/"
    assert "_auth_user_id" not in client.session
    event = SecurityEvent.objects.get(kind=SecurityKind.SESSION_EXPIRED)
    assert event.user == worker and event.detail == "after 30 minutes without activity"
    page = client.get("/sign-in/").content.decode()
    assert "You were signed out after 30 minutes without activity" in page


@override_settings(LANTERN_SESSION_IDLE_MINUTES=30, LANTERN_SESSION_ABSOLUTE_HOURS=10)
def test_ten_hours_after_sign_in_the_session_ends_however_busy(client):
    UserFactory(username="worker")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "worker")
        for _ in range(39):  # a page every 15 minutes for 9 h 45 min
            clock.shift(timedelta(minutes=15))
            assert client.get("/work/").status_code == 200
        clock.shift(timedelta(minutes=15))
        response = client.get("/work/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert SecurityEvent.objects.get(kind=SecurityKind.SESSION_EXPIRED).detail == "10 hours after signing in"


@override_settings(LANTERN_SESSION_IDLE_MINUTES=5)
def test_the_idle_timeout_is_a_setting(client):
    UserFactory(username="worker")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "worker")
        clock.shift(timedelta(minutes=6))
        assert client.get("/work/").status_code == 302


def test_sessions_are_stored_with_their_user(client):
    worker = UserFactory(username="worker")
    sign_in(client, "worker")
    assert StaffSession.objects.get(session_key=client.session.session_key).user_id == worker.pk
