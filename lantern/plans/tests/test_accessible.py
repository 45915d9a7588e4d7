"""The child protection, child in need and plan quality pages pass axe-core's WCAG 2.2 AA
checks, with and without errors on their forms."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from lantern.childinneed.services import cin_plan_end, cin_plan_start
from lantern.plans.services import action_add, visit_record
from lantern.protection.tests.test_path import discuss, on_plan
from lantern.web.testing.axe import (
    chromium_page,
    format_violations,
    requires_chromium,
    run_axe,
    session_cookie,
)

pytestmark = [pytest.mark.browser, requires_chromium]


def _in(summary: str) -> tuple[str, str]:
    """Open the details with this summary, then submit the form inside it."""
    details = f"details:has(> summary:has-text('{summary}'))"
    return f"{details} > summary", f"{details} button[type=submit]"


@pytest.mark.django_db(transaction=True)
def test_protection_child_in_need_and_quality_pages_are_accessible(live_server, world, refer):
    sw, today = world.users["social_worker"], timezone.localdate()
    old = refer(date(2022, 1, 10), open_cin=True)
    cin = cin_plan_start(actor=sw, today=today, referral=old, start=date(2022, 1, 20))
    action_add(actor=sw, today=today, plan=cin, what="Attend the parenting course")
    visit_record(actor=sw, today=today, plan=cin, visited_on=date(2022, 2, 1), seen=True, seen_alone=True,
                 child_said="Fine", worker=sw)
    cin_plan_end(actor=sw, today=today, plan=cin, end=date(2022, 6, 1), reason="moved_away")
    _, discussion, plan = on_plan(world, refer)
    action_add(actor=sw, today=today, plan=plan, what="Things to improve")
    open_enquiry = discuss(world, refer(date(2024, 3, 4)), date(2024, 3, 5)).enquiry
    client = Client()
    client.force_login(world.users["team_manager"])
    child = f"/children/{world.child.pk}"
    pages = [
        (f"{child}/protection/", ()),
        (f"{child}/protection/strategy-discussions/new/", ("main form button[type=submit]",)),
        (f"{child}/protection/enquiries/{discussion.enquiry.pk}/", ()),
        (f"{child}/protection/enquiries/{open_enquiry.pk}/", ("#outcome ~ form button[type=submit]",)),
        (f"{child}/protection/plans/{plan.pk}/", ()),
        (f"{child}/protection/plans/{plan.pk}/", _in("Record a visit")),
        (f"{child}/protection/plans/{plan.pk}/", _in("Record a review conference")),
        (f"{child}/protection/plans/{plan.pk}/", _in("Review action 1")),
        (f"{child}/child-in-need/", ()),
        (f"{child}/child-in-need/plans/{cin.pk}/", ()),
        ("/plans/quality/", ()),
    ]
    found = {}
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        for path, clicks in pages:
            response = page.goto(live_server.url + path, wait_until="load")
            assert response is not None and response.status == 200, path
            for selector in clicks:
                page.click(selector)
            if clicks:
                page.wait_for_load_state("load")
                assert page.title().startswith("Error: "), (path, clicks)
            violations = run_axe(page)
            if violations:
                found[f"{path} {clicks}"] = format_violations(violations)
    assert not found, found
