"""Lantern's real pages pass axe-core's WCAG 2.2 AA checks in headless Chromium."""

from datetime import date

import pytest
from django.test import Client

from lantern.obligations.models import Obligation
from lantern.people.models import Involvement, Level
from lantern.web.testing.axe import (
    chromium_page,
    format_violations,
    requires_chromium,
    run_axe,
    session_cookie,
)

pytestmark = [pytest.mark.browser, requires_chromium]


def _check(live_server, user, paths, *, post=None):
    client = Client()
    client.force_login(user)
    found = {}
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        for path in paths:
            response = page.goto(live_server.url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            if post and path in post:
                for selector, value in post[path].items():
                    page.fill(selector, value)
                page.click("main button[type=submit]")
                page.wait_for_load_state("load")
                assert page.title().startswith("Error: "), path
            violations = run_axe(page)
            if violations:
                found[path] = format_violations(violations)
    assert not found, found


@pytest.mark.django_db(transaction=True)
def test_case_pages_are_accessible(live_server, world):
    child = world.child
    Involvement.objects.create(child=child, level=Level.CHILD_IN_NEED, start=date(2025, 5, 1))
    Obligation.objects.create(child=child, rule_id="A1", scope="cin:1", started_by="referral:1",
                              start_on=date(2025, 5, 1), due_on=date(2025, 7, 3))
    _check(live_server, world.users["team_manager"], [
        "/children/?q=amelia",
        f"/children/{child.pk}/",
        f"/children/{child.pk}/viewed-by/",
        f"/children/{child.pk}/allocate/",
        "/children/new/",
        "/work/",
        "/work/team/",
    ], post={
        "/children/new/": {"#id_first_name": "Isla", "#id_date_of_birth_day": "31",
                           "#id_date_of_birth_month": "2", "#id_date_of_birth_year": "2019"},
    })


@pytest.mark.django_db(transaction=True)
def test_front_door_pages_are_accessible(live_server, world):
    from django.utils import timezone

    from lantern.frontdoor.services import check_request, contact_record, decision_record

    now = timezone.now()
    actor = world.users["front_door"]
    waiting = contact_record(actor=actor, now=now, submission_key="axe-1", received_at=now - timezone.timedelta(hours=30),
                             method="police_notification", source="3E", concerns="Incident at home",
                             categories=["domestic_abuse"], consent="not_informed",
                             no_consent_reason="Telling the father would put the mother at risk",
                             children=[world.child])
    check_request(actor=actor, now=now, contact=waiting, agency="police", asked="Police public protection",
                  requested_at=now - timezone.timedelta(hours=1))
    decided = contact_record(actor=actor, now=now, submission_key="axe-2", received_at=now - timezone.timedelta(hours=5),
                             method="phone", source="5A", concerns="Hungry", categories=["neglect"],
                             consent="consent_given", children=[world.child])
    decision_record(actor=actor, now=now, contact=decided, outcome="advice", rationale="Advice",
                    decided_at=now - timezone.timedelta(hours=1))
    _check(live_server, actor, [
        "/front-door/",
        "/front-door/contacts/new/",
        f"/front-door/contacts/{waiting.pk}/",
        f"/front-door/contacts/{decided.pk}/",
        "/front-door/timeliness/",
        "/work/rules/",
    ])
