"""Bad input over HTTP: every URL, with garbage in its query string and its form fields, as a
role that can reach the most pages and as a social worker. Nothing may fail with a server
error, and nothing may be saved. A body too large, or with too many fields, is refused with
a 400 page and a security event before any view sees it; a file sent anyway is dropped."""

import pytest
from django.apps import apps
from django.test import RequestFactory
from django.urls import get_resolver

from lantern.audit.models import AuditEvent, SecurityEvent

from .test_url_access import (  # noqa: F401  (the walk's fixtures, used by name)
    _url,
    _walk,
    assessment,
    contact,
    flag,
    legal_case,
    plans,
    step_down,
)

pytestmark = pytest.mark.django_db

# What a hand-edited link or a tampered form sends: ids that are not numbers or name nothing,
# dates that do not exist, sort keys and filters no page offers, control characters (a NUL
# byte cannot be stored in PostgreSQL text), markup and an over-long search.
GARBAGE = {
    "child": "abc", "child_id": "-1", "case": "1e9", "person": "adult-x", "restriction": "0x10",
    "grant": "9" * 30, "sort": "'; drop table people_child; --", "order": "sideways", "page": "-5",
    "flag": "nul\x00byte", "stage": "<script>alert(1)</script>", "owner": "x", "team": "abc",
    "worker": "[]", "kind": "zz", "show": "everything", "months": "many", "year": "20x6",
    "as_of": "2026-02-31", "on": "31/02/2026", "from": "yesterday", "to": "\x00",
    "q": "%_" * 200, "identifier": "\x00", "username": "a" * 500, "action": "nonsense\x00",
    "next": "https://evil.example/", "date_day": "31", "date_month": "2", "date_year": "20x6",
    "review_by_day": "99", "review_by_month": "13", "review_by_year": "-1",
}
NULS = dict.fromkeys(GARBAGE, "\x00")
# Rows that change on every request without anything being saved: who looked, refusals,
# sign-in sessions and the second factor's throttling.
BOOKKEEPING = {"audit.accessevent", "audit.securityevent", "security.staffsession", "sessions.session",
               "otp_totp.totpdevice", "axes.accessattempt", "axes.accesslog"}

# Pages whose POST does its work whatever it is sent: signing out, and running the data-quality
# check (the validators, with nothing saved but the run's own audit line).
ACTIONS = {"web:sign-out", "returns:quality"}


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in apps.get_models()
            if m._meta.label_lower not in BOOKKEEPING and not m._meta.proxy}


@pytest.mark.parametrize("role", ["senior_leader", "social_worker"])
def test_garbage_in_every_url_s_query_and_form_is_refused_and_saves_nothing(
        client, world, contact, assessment, step_down, plans, flag, legal_case, role):  # noqa: F811
    before, audit = _counts(), AuditEvent.objects.count()
    for name, route in _walk(get_resolver().url_patterns):
        if name in ACTIONS:
            continue
        url = _url(route, world, world.child, contact, assessment, step_down=step_down, plans=plans,
                   flag=flag, case=legal_case)
        client.force_login(world.users[role])
        for query in (GARBAGE, NULS):
            got = client.get(url, query)
            assert got.status_code in (200, 302, 404, 405), f"GET {name}: {got.status_code}"
        sent = client.post(url, GARBAGE)
        assert sent.status_code in (200, 302, 400, 404, 405), f"POST {name}: {sent.status_code}"
        if sent.status_code == 302:
            assert "evil.example" not in sent["Location"], f"POST {name} followed ?next= off the site"
        assert AuditEvent.objects.count() == audit, (
            f"POST {name} changed the record: {AuditEvent.objects.order_by('-id').first().action}")
    assert _counts() == before


def test_a_body_over_the_limit_is_refused_with_a_400_and_a_security_event(client, world, settings):
    from lantern.access.models import BreakGlass

    client.force_login(world.users["personal_adviser"])
    reason = "x" * (settings.LANTERN_MAX_REQUEST_BYTES + 1)
    refused = client.post("/emergency-access/", {"identifier": world.other_child.council_id, "reason": reason})
    assert refused.status_code == 400
    assert "Sorry, there is a problem with what was sent" in refused.content.decode()
    assert refused["Cache-Control"] == "no-store" and "Content-Security-Policy" in refused
    assert not BreakGlass.objects.exists()
    event = SecurityEvent.objects.get(kind="bad_request")
    assert event.user == world.users["personal_adviser"]
    assert event.detail == "RequestDataTooBig: POST /emergency-access/"


def test_form_fields_over_django_s_own_limits_are_refused_the_same_way(client, world, settings):
    from lantern.access.models import BreakGlass

    client.force_login(world.users["personal_adviser"])
    # Under the request limit but over the form-data limit, as a plain urlencoded form.
    body = f"identifier={world.other_child.council_id}&reason=" + "y" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert len(body) < settings.LANTERN_MAX_REQUEST_BYTES
    too_big = client.post("/emergency-access/", body, content_type="application/x-www-form-urlencoded")
    # More fields than any form has.
    fields = {f"field{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    too_many = client.post("/emergency-access/", {"identifier": world.other_child.council_id,
                                                  "reason": "A crisis call tonight about the child", **fields})
    assert too_big.status_code == too_many.status_code == 400
    assert not BreakGlass.objects.exists()
    assert sorted(SecurityEvent.objects.filter(kind="bad_request").values_list("detail", flat=True)) == [
        "RequestDataTooBig: POST /emergency-access/", "TooManyFieldsSent: POST /emergency-access/"]


def test_a_malformed_declared_length_reads_as_an_empty_body(client, world):
    from lantern.access.models import BreakGlass

    client.force_login(world.users["personal_adviser"])
    answer = client.post("/emergency-access/", {"identifier": world.other_child.council_id,
                                                "reason": "A crisis call tonight about the child"},
                         CONTENT_LENGTH="lots")
    assert answer.status_code == 200 and "<title>Emergency access" in answer.content.decode()
    assert not BreakGlass.objects.exists()


def test_a_file_sent_to_a_form_is_dropped_unread(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request = RequestFactory().post("/emergency-access/", {
        "identifier": "LAN0000002", "upload": SimpleUploadedFile("notes.exe", b"MZ" + b"\0" * 4096)})
    assert request.POST["identifier"] == "LAN0000002"
    assert len(request.FILES) == 0


@pytest.mark.parametrize("token", [None, "forged" * 8])
def test_a_form_without_its_token_or_with_a_forged_one_is_refused_logged_and_saves_nothing(world, token):
    from django.test import Client

    from lantern.access.models import BreakGlass

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["personal_adviser"])
    data = {"identifier": world.other_child.council_id, "reason": "A crisis call tonight about the child"}
    if token:
        data["csrfmiddlewaretoken"] = token
    refused = client.post("/emergency-access/", data)
    assert refused.status_code == 403 and "Sorry, this form could not be sent" in refused.content.decode()
    assert not BreakGlass.objects.exists()
    event = SecurityEvent.objects.get(kind="bad_request")
    assert event.user == world.users["personal_adviser"] and event.detail.startswith("Form token refused")
    # With the page's own token the same form goes through.
    page = client.get("/emergency-access/")
    data["csrfmiddlewaretoken"] = page.context["csrf_token"]
    assert client.post("/emergency-access/", data).status_code == 302
    assert BreakGlass.objects.count() == 1
