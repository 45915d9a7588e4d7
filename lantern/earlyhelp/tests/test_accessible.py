"""The early help page passes axe-core's WCAG 2.2 AA checks: with its tables, its start form
with errors, and its completion form."""

from datetime import date

import pytest
from django.test import Client

from lantern.people.models import Involvement
from lantern.web.testing.axe import (
    chromium_page,
    format_violations,
    requires_chromium,
    run_axe,
    session_cookie,
)

pytestmark = [pytest.mark.browser, requires_chromium]
SUBMIT = "main form button[type=submit]"


@pytest.mark.django_db(transaction=True)
def test_the_early_help_page_is_accessible(live_server, world):
    from django.utils import timezone

    from lantern.earlyhelp.services import early_help_assessment_start

    Involvement.objects.create(child=world.child, level="early_help", start=date(2025, 9, 1))
    Involvement.objects.create(child=world.other_child, level="early_help", start=date(2025, 9, 1))
    early_help_assessment_start(actor=world.users["stranger"], now=timezone.now(), child=world.other_child,
                                started_on=date(2025, 9, 3), organisation="family_hub",
                                lead_practitioner="Family hub key worker")
    found = {}
    for user, child in ((world.users["social_worker"], world.child), (world.users["stranger"], world.other_child)):
        client = Client()
        client.force_login(user)
        with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
            response = page.goto(f"{live_server.url}/children/{child.pk}/early-help/", wait_until="load")
            assert response is not None and response.status == 200
            for state in ("blank", "errors"):
                violations = run_axe(page)
                if violations:
                    found[f"{child.first_name} {state}"] = format_violations(violations)
                page.click(SUBMIT)
                page.wait_for_load_state("load")
            assert page.title().startswith("Error: ")
    assert not found, found
