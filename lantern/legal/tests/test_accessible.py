"""The legal pages pass axe-core's WCAG 2.2 AA checks: the tracker, a family's page with its
timeline, the measures, the child's permanence page and a form showing its errors."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantern.legal import factories as make
from lantern.legal.models import HearingKind
from lantern.web.testing.axe import (
    chromium_page,
    format_violations,
    requires_chromium,
    run_axe,
    session_cookie,
)

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.mark.django_db(transaction=True)
def test_the_legal_pages_are_accessible(live_server, world):
    now = timezone.now()
    today = timezone.localdate(now)
    sw, manager = world.users["social_worker"], world.users["team_manager"]
    case = make.legal_case([world.child], sw, opened_on=today - timedelta(days=300), at=now,
                           family_name="The Hartley family")
    meeting = make.gateway(case, manager, held_on=today - timedelta(days=290), at=now)
    make.pre_proceedings(case, started_on=today - timedelta(days=290), at=now, reviews=2, gateway_meeting=meeting)
    make.connected_person(case, identified_on=today - timedelta(days=250), at=now, viability="positive",
                          completed_on=today - timedelta(days=230))
    other = make.legal_case([world.other_child], world.users["stranger"], opened_on=today - timedelta(days=60),
                            at=now, family_name="The Marsh family")
    make.proceedings(other, issued_on=today - timedelta(days=40), at=now,
                     hearings=((HearingKind.CASE_MANAGEMENT, today - timedelta(days=28)),
                               (HearingKind.ISSUES_RESOLUTION, today + timedelta(days=30))))
    client = Client()
    client.force_login(world.users["senior_leader"])  # sees both families
    pages = {
        "tracker": reverse("legal:tracker"),
        "family": reverse("legal:case", args=[case.pk]),
        "measures": reverse("legal:measures"),
        "permanence": reverse("legal:permanence", args=[world.child.pk]),
    }
    found = {}
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        for name, path in pages.items():
            page.goto(live_server.url + path, wait_until="load")
            assert "<h1" in page.content(), name
            found[name] = run_axe(page)
        page.goto(live_server.url + reverse("legal:gateway", args=[case.pk]), wait_until="load")
        page.click("button.govuk-button")  # nothing filled in: the error summary
        page.wait_for_load_state("load")
        assert "govuk-error-summary" in page.content()
        found["gateway form with errors"] = run_axe(page)
    for name, violations in found.items():
        assert not violations, f"{name}: {format_violations(violations)}"
