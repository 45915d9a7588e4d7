"""The security events page, and exports as security events."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from lantern.audit.models import SecurityEvent, SecurityKind
from lantern.audit.services import security_event_record
from lantern.staff.factories import UserFactory
from lantern.staff.models import Role

from .helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    worker = UserFactory(username="worker")
    now = timezone.now()
    for minutes, kind, user, username in [
        (5, SecurityKind.SIGN_IN_FAILED, worker, "worker"),
        (4, SecurityKind.SIGN_IN_FAILED, None, "guessed-name"),
        (3, SecurityKind.LOCKED_OUT, worker, "worker"),
        (2, SecurityKind.SECOND_FACTOR_FAILED, worker, "worker"),
        (1, SecurityKind.EXPORT, None, ""),
    ]:
        security_event_record(kind=kind, at=now - timedelta(minutes=minutes), user=user,
                              username=username, detail=f"{kind} detail")
    return worker


def rows(response):
    """What happened, row by row, on the events page."""
    import re

    body = response.content.decode().split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return [re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row, re.S)[1].strip()
            for row in re.findall(r"<tr .*?</tr>", body, re.S)]


@pytest.mark.parametrize("role", [Role.SENIOR_LEADER, Role.ADMIN])
def test_senior_leaders_and_administrators_see_every_event_newest_first(client, events, role,
                                                                       django_assert_max_num_queries):
    client.force_login(UserFactory(role=role, team=None))
    with django_assert_max_num_queries(8):
        response = client.get("/security/events/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "<title>Security events" in html
    # the reader's own sign-in (force_login) comes first, then the fixture's, newest first
    assert rows(response)[1:] == ["Exported", "Security code refused", "Locked out", "Sign-in failed",
                                  "Sign-in failed"]


def test_filtering_by_kind_and_by_username(client, events):
    client.force_login(UserFactory(role=Role.SENIOR_LEADER, team=None))
    assert rows(client.get("/security/events/?kind=sign_in_failed")) == ["Sign-in failed"] * 2
    assert rows(client.get("/security/events/?user=guessed-name")) == ["Sign-in failed"]
    assert rows(client.get("/security/events/?kind=locked_out&user=WORKER")) == ["Locked out"]
    assert rows(client.get("/security/events/?kind=not-a-kind")) != []  # a bad filter shows everything


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                                  Role.PERFORMANCE, Role.IRO])
def test_nobody_else_finds_the_page(client, events, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/security/events/").status_code == 404


def test_a_real_failure_then_sign_in_appears_on_the_page(client):
    UserFactory(username="leader", role=Role.SENIOR_LEADER, team=None)
    sign_in(client, "leader", "not-the-password-at-all")
    sign_in(client, "leader")
    response = client.get("/security/events/?user=leader")
    assert rows(response) == ["Signed in", "Sign-in failed"]
    assert "Wrong password" in response.content.decode()


def test_annex_a_written_from_the_command_line_is_an_export_event(tmp_path, monkeypatch):
    import importlib

    command = importlib.import_module("lantern.returns.management.commands.annex-a")
    monkeypatch.setattr(command, "write_annex_a", lambda *, as_of, out: out.write_bytes(b"") or "written")
    out = tmp_path / "annex-a.xlsx"
    call_command("annex-a", "--as-of", "2026-03-31", "--out", str(out), stdout=io.StringIO())
    event = SecurityEvent.objects.get(kind=SecurityKind.EXPORT)
    assert event.detail.startswith(f"Annex A lists as of 31 March 2026 written to {out}")
    assert event.detail.endswith("on the command line")


def test_the_cin_census_written_from_the_command_line_is_an_export_event(tmp_path, monkeypatch):
    import lantern.returns.cin

    monkeypatch.setattr(lantern.returns.cin, "write_cin_census", lambda *, year, out: "written")
    out = tmp_path / "cin.xml"
    call_command("returns", "cin", "--year", "2026", "--out", str(out), stdout=io.StringIO())
    assert SecurityEvent.objects.get(kind=SecurityKind.EXPORT).detail.startswith(
        f"CIN census 2025-26 written to {out}")
