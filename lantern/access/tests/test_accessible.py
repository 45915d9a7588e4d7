"""The security, access and data-protection pages pass axe-core's WCAG 2.2 AA checks, with
something on each: the security events, the access reports (restrictions past review,
access ending soon, emergency access and its review, every emergency use, staff links), a
restricted child's access page, the emergency access form showing its errors, the page not
found, the subject access form and its export, the retention review and a legal hold."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantern.access.models import Restriction
from lantern.access.services import break_glass_open, grant_give, staff_link_record
from lantern.audit.models import SecurityKind
from lantern.audit.services import security_event_record
from lantern.care.models import PeriodOfCare
from lantern.people.factories import ChildFactory
from lantern.people.models import Adult, Relationship
from lantern.web.testing.axe import (
    chromium_page,
    format_violations,
    requires_chromium,
    run_axe,
    session_cookie,
)

from .helpers import restrict

pytestmark = [pytest.mark.browser, requires_chromium]


@pytest.mark.django_db(transaction=True)
def test_the_security_access_and_privacy_pages_are_accessible(live_server, world):
    now = timezone.now()
    head, pa = world.users["senior_leader"], world.users["personal_adviser"]
    flag = break_glass_open(actor=pa, identifier=world.other_child.council_id,
                            reason="The young person rang the duty line in crisis.", now=now).flag
    restriction = restrict(world, world.other_child, owner=head, now=now - timedelta(days=100))
    Restriction.objects.filter(pk=restriction.pk).update(review_by=timezone.localdate() - timedelta(days=3))
    grant_give(actor=head, child=world.other_child, user=world.users["iro"], reason="Review cover",
               kind="task", now=now)
    mother = Adult.objects.create(first_name="Joanne", last_name="Hartley")
    Relationship.objects.create(child=world.child, adult=mother, kind="mother")
    staff_link_record(actor=head, user=world.users["colleague"], adult=mother, reason="Declared on joining",
                      today=timezone.localdate(now), now=now)
    security_event_record(kind=SecurityKind.SIGN_IN_FAILED, at=now, username="nobody",
                          detail="Wrong username or password")
    old = ChildFactory(first_name="Edith", last_name="Crossley", date_of_birth=date(1950, 6, 1))
    PeriodOfCare.objects.create(child=old, start=date(1958, 1, 6), end=date(1960, 1, 6), end_reason="E4A",
                                category_of_need="N1", recorded_by=world.users["social_worker"], recorded_at=now)
    client = Client()
    client.force_login(head)
    export = client.post(reverse("privacy:subject-access"), {"council_id": world.child.council_id})
    assert export.status_code == 200
    # Each page with something on it that the test put there.
    pages = {
        "security events": (reverse("security:events"), "nobody"),
        "restrictions past review": (reverse("access:restrictions"), world.other_child.full_name),
        "access ending soon": (reverse("access:grants"), str(world.users["iro"])),
        "emergency access flags": (reverse("access:flags"), world.other_child.full_name),
        "emergency access review": (reverse("access:flag", args=[flag.pk]), "duty line in crisis"),
        "every emergency use": (reverse("access:break-glass"), "duty line in crisis"),
        "staff links": (reverse("access:staff-links"), "Declared on joining"),
        "a restricted child's access page": (reverse("access:child", args=[world.child.pk]), "Linked account"),
        "subject access": (reverse("privacy:subject-access"), "<form"),
        "retention review": (reverse("privacy:retention"), "Crossley"),
        "legal hold": (reverse("privacy:hold", args=[old.pk]), "Crossley"),
    }
    found = {}
    with chromium_page(live_server.url, session_cookie=session_cookie(client)) as page:
        for name, (path, shown) in pages.items():
            response = page.goto(live_server.url + path, wait_until="load")
            assert response is not None and response.ok, name
            assert "<h1" in page.content() and shown in page.content(), name
            found[name] = run_axe(page)
        page.goto(live_server.url + reverse("access:emergency"), wait_until="load")
        page.click("button.govuk-button")  # nothing filled in: the error summary
        page.wait_for_load_state("load")
        assert "govuk-error-summary" in page.content()
        found["emergency access with errors"] = run_axe(page)
        missing = page.goto(live_server.url + "/children/999999/", wait_until="load")
        assert missing is not None and missing.status == 404 and "Page not found" in page.content()
        found["page not found"] = run_axe(page)
        page.set_content(export.content.decode())
        assert "Subject access" in page.content()
        found["subject access export"] = run_axe(page)
    for name, violations in found.items():
        assert not violations, f"{name}: {format_violations(violations)}"
