"""The data-quality page passes axe-core's WCAG 2.2 AA checks, before and after a check."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lantern.people.models import Child
from lantern.returns.services import data_quality_check
from lantern.web.testing.axe import (
    chromium_page,
    format_violations,
    requires_chromium,
    run_axe,
    session_cookie,
)

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.mark.django_db(transaction=True)
def test_the_data_quality_page_is_accessible(live_server, world, refer):
    client = Client()
    client.force_login(world.users["team_manager"])
    found = {}
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        page.goto(live_server.url + "/returns/data-quality/", wait_until="load")
        found["before"] = run_axe(page)
    refer(timezone.localdate() - timedelta(days=30), open_cin=True)
    Child.objects.filter(pk=world.child.pk).update(ethnicity="")
    data_quality_check(actor=world.users["team_manager"], today=timezone.localdate())
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        page.goto(live_server.url + "/returns/data-quality/", wait_until="load")
        assert "Amelia Hartley" in page.content()
        found["after"] = run_axe(page)
    for name, violations in found.items():
        assert not violations, f"{name}: {format_violations(violations)}"
