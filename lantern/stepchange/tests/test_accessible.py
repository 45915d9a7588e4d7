"""The level-of-need pages, the step-down measure and the Team page's list of step downs
awaiting a decision pass axe-core's WCAG 2.2 AA checks, with and without errors."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import allocate
from lantern.people.factories import ChildFactory
from lantern.stepchange.services import step_down_propose
from lantern.web.testing.axe import (
    chromium_page,
    format_violations,
    requires_chromium,
    run_axe,
    session_cookie,
)

from .conftest import CIN_TO_EH_TICKED

pytestmark = [pytest.mark.browser, requires_chromium]

SUBMIT = "main form button[type=submit]"


@pytest.mark.django_db(transaction=True)
def test_level_of_need_pages_are_accessible(live_server, world, refer, stepped_down):
    today = timezone.localdate()
    stepped_down(today - timedelta(days=100))  # in the measure, still within the window
    second = ChildFactory(date_of_birth=today - timedelta(days=3000))
    allocate(second, world.users["social_worker"], start=today - timedelta(days=200))
    refer(today - timedelta(days=40), child=second, open_cin=True)
    step = step_down_propose(actor=world.users["social_worker"], today=today, child=second, kind="cin_to_eh",
                             on=today, reason="Needs met.", checklist=CIN_TO_EH_TICKED,
                             lead_practitioner="Jo Bell, Family Hub")
    third = ChildFactory(date_of_birth=today - timedelta(days=3000))
    allocate(third, world.users["social_worker"], start=today - timedelta(days=200))
    refer(today - timedelta(days=40), child=third, open_cin=True)
    client = Client()
    client.force_login(world.users["team_manager"])
    base, other = f"/children/{world.child.pk}/level-of-need/", f"/children/{third.pk}/level-of-need/"
    pages = ((base, None), (f"/children/{second.pk}/level-of-need/", None),
             (f"/children/{second.pk}/level-of-need/{step.pk}/", SUBMIT),
             (f"{other}step-down/", SUBMIT), (f"{other}step-down/?kind=cin_to_eh", SUBMIT),
             (f"{other}step-up/", SUBMIT), ("/step-downs/", None), ("/step-downs/?months=0", None),
             ("/work/team/", None))
    found = {}
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        for path, submit in pages:
            response = page.goto(live_server.url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            if submit:
                page.click(submit)
                page.wait_for_load_state("load")
            if submit or "months=0" in path:
                assert page.title().startswith("Error: "), path
            violations = run_axe(page)
            if violations:
                found[path] = format_violations(violations)
    assert not found, found
