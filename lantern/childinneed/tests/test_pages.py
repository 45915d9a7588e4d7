"""Child in need through its pages: the plans and the CIN1 clock read from the ledger,
starting a plan on one of the child's referrals, recording reviews (CIN2 clock), errors
shown with nothing saved, access, and the plan page's query budget."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from lantern.assessment.services import assessment_complete, assessment_start
from lantern.audit.models import AuditEvent
from lantern.childinneed.models import Plan, Review
from lantern.childinneed.services import cin_plan_start
from lantern.obligations.models import Obligation
from lantern.obligations.services import obligations_refresh
from lantern.plans.models import Action, Visit
from lantern.protection.tests.test_path import on_plan

pytestmark = pytest.mark.django_db


def day(prefix, on):
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(page, element_id, end="</table>"):
    part = page[page.index(f'id="{element_id}"'):]
    return part[:part.index(end)]


def _assessed_in_need(world, referral, completed):
    sw, today = world.users["social_worker"], timezone.localdate()
    a = assessment_start(actor=sw, today=today, referral=referral, start=referral.referral_date, worker=sw)
    assessment_complete(actor=sw, today=today, assessment=a, completed=completed, factors=["3A"],
                        analysis="Needs help with routines", outcome="cin_plan")


def test_starting_a_plan_after_an_assessment_meets_cin1(client, world, refer):
    referral = refer(date(2025, 11, 3), open_cin=True)
    _assessed_in_need(world, referral, date(2025, 12, 1))
    cin1 = Obligation.objects.get(child=world.child, rule_id="CIN1")
    client.force_login(world.users["social_worker"])
    url = f"/children/{world.child.pk}/child-in-need/"
    page = client.get(url).content.decode()
    due = f"{cin1.due_on.day} {cin1.due_on:%B %Y}"
    assert due == "15 December 2025"  # 10 working days from Mon 1 Dec 2025
    assert f"{due} Overdue CIN1" in text(section(page, "cin1-table"))
    assert "has not had a child in need plan" in page and "Start a child in need plan" in page
    events = AuditEvent.objects.count()
    body = client.post(url, {"action": "start", "start-referral": str(referral.pk),
                             **day("start-start", date(2025, 10, 1))}).content.decode()
    assert "<title>Error: " in body and "cannot start before the referral was received" in body
    assert not Plan.objects.exists() and AuditEvent.objects.count() == events
    response = client.post(url, {"action": "start", "start-referral": str(referral.pk),
                                 **day("start-start", date(2025, 12, 12))})
    plan = Plan.objects.get()
    assert response["Location"] == f"/children/{world.child.pk}/child-in-need/plans/{plan.pk}/"
    page = client.get(url).content.decode()
    assert "15 December 2025 (met 12 December 2025) Met in time CIN1" in text(section(page, "cin1-table"))
    assert f"/child-in-need/plans/{plan.pk}/" in section(page, "plans-table")
    assert "Start a child in need plan" not in page  # one open plan at a time


def test_no_plan_can_start_while_the_child_is_on_a_protection_plan(client, world, refer):
    on_plan(world, refer)
    client.force_login(world.users["social_worker"])
    page = client.get(f"/children/{world.child.pk}/child-in-need/").content.decode()
    assert "Start a child in need plan" not in page
    assert "is on a child protection plan: the protection plan carries the work" in page
    response = client.post(f"/children/{world.child.pk}/child-in-need/", {"action": "start"})
    assert response.status_code == 200 and not Plan.objects.exists()


def _plan(world, refer, start=date(2023, 5, 22)):
    referral = refer(date(2023, 4, 27), open_cin=True)
    return cin_plan_start(actor=world.users["social_worker"], today=timezone.localdate(),
                          referral=referral, start=start)


def test_recording_a_review_moves_the_cin2_clock(client, world, refer):
    plan = _plan(world, refer)
    client.force_login(world.users["team_manager"])
    url = f"/children/{world.child.pk}/child-in-need/plans/{plan.pk}/"
    page = client.get(url).content.decode()
    assert text(section(page, "clock-review", "</dd>")).endswith("22 August 2023 Overdue CIN2")
    assert text(section(page, "clock-visit", "</dd>")).endswith("19 June 2023 Overdue CIN3")  # 4 weeks
    body = client.post(url, {"action": "review", **day("review-held_on", date(2023, 8, 14)),
                             "review-summary": ""}).content.decode()
    assert "Record the progress, the child's views and what was decided" in unescape(body)
    assert "govuk-error-summary" in body and not Review.objects.exists()
    response = client.post(url, {"action": "review", **day("review-held_on", date(2023, 8, 14)),
                                 "review-summary": "Routines better; Amelia says home is calmer."})
    assert response["Location"] == f"{url}#review"
    page = client.get(url).content.decode()
    assert "Routines better; Amelia says home is calmer." in section(page, "reviews-table")
    assert text(section(page, "clock-review", "</dd>")).endswith("14 November 2023 Overdue CIN2")


def test_a_stranger_and_another_childs_plan_are_not_found(client, world, refer):
    plan = _plan(world, refer)
    client.force_login(world.users["social_worker"])
    assert client.get(f"/children/{world.other_child.pk}/child-in-need/plans/{plan.pk}/").status_code == 404
    client.force_login(world.users["stranger"])
    for path in ("", f"plans/{plan.pk}/"):
        assert client.get(f"/children/{world.child.pk}/child-in-need/{path}").status_code == 404, path


@pytest.mark.parametrize("size", [0, 1])
def test_the_plan_page_stays_within_its_query_budget(client, world, refer, size, django_assert_max_num_queries):
    plan = _plan(world, refer)
    sw, now = world.users["social_worker"], timezone.now()
    Review.objects.bulk_create([Review(plan=plan, held_on=plan.start + timedelta(days=90 * (i + 1)),
                                       summary=f"Review {i}", recorded_by=sw, recorded_at=now)
                                for i in range(6 * size)])
    Visit.objects.bulk_create([
        Visit(child=world.child, cin_plan=plan, visited_on=plan.start + timedelta(days=7 * (i + 1)), seen=True,
              seen_alone=True, child_said=f"Visit {i}", worker=sw, recorded_by=sw, recorded_at=now)
        for i in range(80 * size)])
    Action.objects.bulk_create([Action(child=world.child, cin_plan=plan, what=f"Action {i}", added_on=plan.start,
                                       recorded_by=sw, recorded_at=now) for i in range(12 * size)])
    obligations_refresh(child=world.child)
    client.force_login(sw)
    with django_assert_max_num_queries(17):
        page = client.get(f"/children/{world.child.pk}/child-in-need/plans/{plan.pk}/").content.decode()
    assert len(re.findall(r'id="visit-\d+"', page)) == 80 * size
    assert len(re.findall(r'id="review-\d+"', page)) == 6 * size
    with django_assert_max_num_queries(14):
        assert client.get(f"/children/{world.child.pk}/child-in-need/").status_code == 200
