"""The assessment pages pass axe-core's WCAG 2.2 AA checks, with and without errors."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lantern.assessment.services import assessment_start
from lantern.web.testing.axe import (
    chromium_page,
    format_violations,
    requires_chromium,
    run_axe,
    session_cookie,
)

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.mark.django_db(transaction=True)
def test_assessment_pages_are_accessible(live_server, world, refer):
    today = timezone.localdate()
    referral = refer(today - timedelta(days=20))
    refer(today - timedelta(days=3))  # one still waiting for an assessment
    sw = world.users["social_worker"]
    a = assessment_start(actor=sw, today=today, referral=referral, start=referral.referral_date, worker=sw)
    client = Client()
    client.force_login(sw)
    base = f"/children/{world.child.pk}/assessments/"
    found = {}
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        for path, submit in ((base, None), (f"{base}new/", "main form button[type=submit]"),
                             (f"{base}{a.pk}/", "#complete ~ form button[type=submit]")):
            response = page.goto(live_server.url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            if submit:
                page.click(submit)
                page.wait_for_load_state("load")
                assert page.title().startswith("Error: "), path
            violations = run_axe(page)
            if violations:
                found[path] = format_violations(violations)
    assert not found, found
