"""The child protection plan page: its clocks from the ledger, recording review conferences
and core groups through their forms (errors shown, nothing saved), and a query count that
does not grow with the plan's history."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from lantern.obligations.models import Obligation
from lantern.obligations.services import obligations_refresh
from lantern.plans.models import Action, Visit
from lantern.protection.models import Conference, CoreGroup, Plan
from lantern.protection.tests.test_path import on_plan

pytestmark = pytest.mark.django_db


def day(prefix, on):
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


def cell(page, element_id):
    """The text of the summary value with this id."""
    part = page[page.index(f'id="{element_id}"'):]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", part[:part.index("</dd>")].split(">", 1)[1])).split())


def long(on):
    return f"{on.day} {on:%B %Y}"


def test_the_plans_clocks_come_from_the_ledger(client, world, refer):
    _, _, plan = on_plan(world, refer, interval=5)
    client.force_login(world.users["team_manager"])
    page = client.get(f"/children/{world.child.pk}/protection/plans/{plan.pk}/").content.decode()
    assert cell(page, "clock-core-group") == "6 June 2023 Overdue CP4"  # 10 working days, 29 May skipped
    assert cell(page, "clock-review") == "22 August 2023 Overdue CP7"
    assert cell(page, "clock-visit") == "30 May 2023 Overdue CP9"  # every 5 working days, set by conference
    assert "Every 5 working days, set by conference" in page and "Physical abuse" in page


def test_recording_a_review_conference_that_changes_the_category(client, world, refer):
    _, _, plan = on_plan(world, refer)
    client.force_login(world.users["iro"])
    url = f"/children/{world.child.pk}/protection/plans/{plan.pk}/"
    review = {"action": "review", **day("review-held_on", date(2023, 8, 21)), "review-outcome": "continue",
              "review-category": "EMO", "review-visit_interval_days": "ten",
              "review-decisions": "Plan continues under emotional abuse.",
              "review-chair": world.users["iro"].pk}
    body = client.post(url, review).content.decode()
    assert "<title>Error: " in body and "Enter the visiting frequency as a number of working days" in body
    body = client.post(url, {**review, "review-visit_interval_days": "90"}).content.decode()
    assert "Visits must be between every 1 and every 60 working days" in body
    assert Conference.objects.filter(kind="review").count() == 0
    assert Plan.objects.get().latest_category == "PHY"
    response = client.post(url, {**review, "review-visit_interval_days": "15"})
    assert response.status_code == 302 and response["Location"] == f"{url}#review"
    plan.refresh_from_db()
    assert plan.latest_category == "EMO" and plan.initial_category == "PHY" and plan.visit_interval_days == 15
    page = client.get(url).content.decode()
    assert "Emotional abuse (initially physical abuse)" in page
    nxt = Obligation.objects.get(scope=plan.scope, rule_id="CP8", met_on__isnull=True, ended_on__isnull=True)
    assert nxt.due_on == date(2024, 2, 21)  # six months from the review held
    assert cell(page, "clock-review").startswith(long(nxt.due_on)) and "CP8" in cell(page, "clock-review")


def test_recording_a_core_group(client, world, refer):
    _, _, plan = on_plan(world, refer)
    client.force_login(world.users["social_worker"])
    url = f"/children/{world.child.pk}/protection/plans/{plan.pk}/"
    body = client.post(url, {"action": "coregroup", **day("coregroup-held_on", date(2023, 6, 1)),
                             "coregroup-notes": "Safety plan agreed."}).content.decode()
    assert "govuk-error-summary" in body and "Select the agencies that attended" in body
    body = client.post(url, {"action": "coregroup", **day("coregroup-held_on", date(2023, 5, 1)),
                             "coregroup-agencies": ["police"], "coregroup-notes": "x"}).content.decode()
    assert "A core group cannot be before the plan started (22 May 2023)" in body
    assert not CoreGroup.objects.exists()
    client.post(url, {"action": "coregroup", **day("coregroup-held_on", date(2023, 6, 1)),
                      "coregroup-agencies": ["police", "education", "social_care"],
                      "coregroup-notes": "Safety plan agreed."})
    group = CoreGroup.objects.get()
    assert group.agencies == ["police", "education", "social_care"]
    page = client.get(url).content.decode()
    line = page[page.index(f'id="core-group-{group.pk}"'):]
    assert "Police, Education (school or nursery), Children&#x27;s social care" in line[:line.index("</tr>")]
    assert cell(page, "clock-core-group") == "29 June 2023 Overdue CP5"  # four weeks from the meeting


def _history(world, plan, *, core_groups, visits, reviews, actions):
    """A long plan, bulk-created, then the ledger refreshed once."""
    sw, iro, now = world.users["social_worker"], world.users["iro"], timezone.now()
    CoreGroup.objects.bulk_create([
        CoreGroup(plan=plan, held_on=plan.start + timedelta(days=28 * (i + 1)), agencies=["police", "health"],
                  notes=f"Core group {i}", recorded_by=sw, recorded_at=now) for i in range(core_groups)])
    Visit.objects.bulk_create([
        Visit(child=world.child, cp_plan=plan, visited_on=plan.start + timedelta(days=7 * (i + 1)), seen=True,
              seen_alone=i % 3 != 0, not_alone_reason="" if i % 3 else "Asleep", child_said=f"Visit {i}",
              worker=sw, recorded_by=sw, recorded_at=now) for i in range(visits)])
    Conference.objects.bulk_create([
        Conference(child=world.child, referral=plan.referral, kind="review", plan=plan,
                   held_on=plan.start + timedelta(days=90 + 180 * i), outcome="continue", category="PHY",
                   decisions=f"Review {i}", chair=iro, recorded_by=iro, recorded_at=now)
        for i in range(reviews)])
    Action.objects.bulk_create([
        Action(child=world.child, cp_plan=plan, what=f"Action {i}", owner_agency="parent" if i % 2 else "",
               added_on=plan.start, recorded_by=sw, recorded_at=now) for i in range(actions)])
    obligations_refresh(child=world.child)


@pytest.mark.parametrize("size", [0, 1])
def test_the_plan_page_stays_within_its_query_budget(client, world, refer, size, django_assert_max_num_queries):
    _, _, plan = on_plan(world, refer)
    _history(world, plan, core_groups=20 * size, visits=80 * size, reviews=6 * size, actions=12 * size)
    client.force_login(world.users["social_worker"])
    with django_assert_max_num_queries(18):
        page = client.get(f"/children/{world.child.pk}/protection/plans/{plan.pk}/").content.decode()
    rows = {kind: len(re.findall(rf'id="{kind}-\d+"', page)) for kind in ("visit", "core-group", "conference", "action")}
    assert rows == {"visit": 80 * size, "core-group": 20 * size, "conference": 1 + 6 * size, "action": 12 * size}
    with django_assert_max_num_queries(16):
        assert client.get(f"/children/{world.child.pk}/protection/").status_code == 200
