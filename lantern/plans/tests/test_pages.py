"""Visits, actions and ending a plan through the plan pages, the same on a child protection
plan and a child in need plan: recording each through its form, each form's errors (GOV.UK
error summary, nothing saved), vague actions flagged and counted, the next visit read from
the ledger."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.childinneed.services import cin_plan_start
from lantern.obligations.models import Obligation
from lantern.plans.models import Action, ActionReview, Visit
from lantern.protection.tests.test_path import on_plan

pytestmark = pytest.mark.django_db


def plain(html):
    """The text of some HTML, tags dropped and white space collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def tags(html):
    """The texts of the GOV.UK tags in some HTML."""
    return [" ".join(t.split()) for t in re.findall(r'<strong class="govuk-tag[^"]*">(.*?)</strong>', html, re.S)]


def day(prefix, on):
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


@pytest.fixture(params=["cp", "cin"])
def plan_page(request, world, refer):
    """(plan, its page's URL, its visiting rule) for a child protection or a child in need plan."""
    if request.param == "cp":
        _, _, plan = on_plan(world, refer)
        return plan, f"/children/{world.child.pk}/protection/plans/{plan.pk}/", "CP9"
    referral = refer(date(2023, 4, 27), open_cin=True)
    plan = cin_plan_start(actor=world.users["social_worker"], today=timezone.localdate(),
                          referral=referral, start=date(2023, 5, 22))
    return plan, f"/children/{world.child.pk}/child-in-need/plans/{plan.pk}/", "CIN3"


def _open_clock(plan, rule):
    return Obligation.objects.get(scope=plan.scope, rule_id=rule, met_on__isnull=True, ended_on__isnull=True)


def test_recording_a_visit_with_the_childs_voice(client, world, plan_page):
    plan, url, rule = plan_page
    client.force_login(world.users["social_worker"])
    visit = {"action": "visit", **day("visit-visited_on", date(2023, 5, 30)),
             "visit-worker": world.users["social_worker"].pk, "visit-seen": "yes", "visit-seen_alone": "no",
             "visit-bedroom_seen": "yes", "visit-child_said": "Said she likes her new bed.",
             "visit-child_seemed": "Relaxed and chatty", "visit-others_present": "Mother"}
    events = AuditEvent.objects.count()
    body = client.post(url, visit).content.decode()
    assert "<title>Error: " in body and "govuk-error-summary" in body
    assert "Say why Amelia was not seen alone" in body
    assert not Visit.objects.exists() and AuditEvent.objects.count() == events
    response = client.post(url, {**visit, "visit-not_alone_reason": "She asked for her mother to stay."})
    assert response.status_code == 302 and response["Location"] == f"{url}#visits"
    saved = Visit.objects.get()
    assert (saved.seen, saved.seen_alone, saved.bedroom_seen) == (True, False, True)
    assert getattr(saved, f"{'cp' if rule == 'CP9' else 'cin'}_plan") == plan
    page = client.get(url).content.decode()
    line = page[page.index(f'id="visit-{saved.pk}"'):]
    line = line[:line.index("</tr>")]
    for text in ("30 May 2023", "She asked for her mother to stay.", "Said she likes her new bed.",
                 "Relaxed and chatty", "Mother"):
        assert text in line, text
    due = _open_clock(plan, rule).due_on
    clock = page[page.index('id="clock-visit"'):]
    assert f"{due.day} {due:%B %Y}" in clock[:clock.index("</dd>")] and rule in clock[:clock.index("</dd>")]


def test_a_visit_where_the_child_was_not_seen_needs_a_reason(client, world, plan_page):
    plan, url, _ = plan_page
    client.force_login(world.users["social_worker"])
    visit = {"action": "visit", **day("visit-visited_on", date(2023, 6, 2)),
             "visit-worker": world.users["social_worker"].pk, "visit-seen": "no"}
    body = client.post(url, visit).content.decode()
    assert "Say why Amelia was not seen" in body and not Visit.objects.exists()
    client.post(url, {**visit, "visit-not_seen_reason": "Nobody answered the door."})
    assert Visit.objects.get().not_seen_reason == "Nobody answered the door."
    assert "Not seen" in client.get(url).content.decode()


def test_vague_actions_are_flagged_and_counted(client, world, plan_page):
    plan, url, _ = plan_page
    client.force_login(world.users["social_worker"])
    body = client.post(url, {"action": "action", "action-what": " "}).content.decode()
    assert "Say what will be done" in body and "govuk-error-summary" in body and not Action.objects.exists()
    assert client.post(url, {"action": "action", "action-what": "Mother to engage with services"}
                       ).status_code == 302
    client.post(url, {"action": "action", "action-what": "School to report attendance weekly",
                      "action-owner_name": "Ms Khan, DSL", "action-owner_agency": "school",
                      **day("action-due", timezone.localdate() + timedelta(days=30)),
                      "action-measure": "Attendance above 95% for six weeks"})
    client.post(url, {"action": "action", "action-what": "Health visitor to weigh the baby",
                      "action-owner_agency": "health"})
    page = client.get(url).content.decode()
    vague, specific, undated = Action.objects.order_by("id")
    assert vague.flags == ["No owner", "No date", "No measurable outcome"] and specific.flags == []
    summary = page[page.index('id="flagged-summary"'):]
    summary = summary[:summary.index("</dd>")]
    assert tags(summary) == ["2"] and plain(summary).endswith("2 of 3")
    assert "2 of the plan's 3 actions have no owner, no date or no measurable outcome" in plain(page)
    card = page[page.index(f'id="action-{vague.pk}"'):page.index(f'id="action-{specific.pk}"')]
    assert tags(card) == ["No owner", "No date", "No measurable outcome"]
    card = page[page.index(f'id="action-{specific.pk}"'):page.index(f'id="action-{undated.pk}"')]
    assert tags(card) == [] and "Ms Khan, DSL, School or nursery" in card
    card = page[page.index(f'id="action-{undated.pk}"'):page.index('id="end"')]
    assert tags(card) == ["No date", "No measurable outcome"]


def test_reviewing_an_action(client, world, plan_page):
    plan, url, _ = plan_page
    client.force_login(world.users["social_worker"])
    client.post(url, {"action": "action", "action-what": "Mother to attend the parenting course"})
    action = Action.objects.get()
    name = f"progress-{action.pk}"
    today = timezone.localdate()
    body = client.post(url, {"action": name, **day(f"{name}-reviewed_on", today),
                             f"{name}-progress": "partly"}).content.decode()
    assert "Say what is in the way and what happens next" in body and "<title>Error: " in body
    assert not ActionReview.objects.exists()
    response = client.post(url, {"action": name, **day(f"{name}-reviewed_on", today),
                                 f"{name}-progress": "partly",
                                 f"{name}-note": "Went to two of six sessions; childcare arranged."})
    assert response["Location"] == f"{url}#actions"
    action.refresh_from_db()
    assert action.progress == "partly" and action.reviewed_on == today
    page = client.get(url).content.decode()
    assert f"Partly done ({today.day} {today:%B %Y})" in page
    assert "Went to two of six sessions; childcare arranged." in page


def test_ending_the_plan_directly_only_for_the_direct_reasons(client, world, plan_page):
    plan, url, _ = plan_page
    client.force_login(world.users["social_worker"])
    page = client.get(url).content.decode()
    assert f'href="/children/{world.child.pk}/level-of-need/"' in page
    assert 'value="stepped_down"' not in page and 'value="moved_away"' in page
    end = {"action": "end", **day("end-end", date(2023, 9, 1)), "end-reason": "stepped_down"}
    body = client.post(url, end).content.decode()
    assert "govuk-error-summary" in body and "a step down is made on the level of need page" in body
    body = client.post(url, {**end, **day("end-end", date(2023, 5, 1)),
                             "end-reason": "moved_away"}).content.decode()
    assert "cannot end before it started" in body
    plan.refresh_from_db()
    assert plan.end is None
    assert client.post(url, {**end, "end-reason": "moved_away"}).status_code == 302
    plan.refresh_from_db()
    assert plan.end == date(2023, 9, 1) and plan.end_reason == "moved_away"
    page = client.get(url).content.decode()
    assert "Moved to another local authority" in page and "Record a visit" not in page
    assert "Add an action" not in page and "End the plan for another reason" not in page


def test_those_who_only_read_see_the_plan_without_its_forms(client, world, plan_page):
    plan, url, _ = plan_page
    client.force_login(world.users["performance"])
    page = client.get(url).content.decode()
    assert "Visits" in page and "Plan actions" in page
    assert "Record a visit" not in page and "Add an action" not in page
    client.post(url, {"action": "action", "action-what": "Posted anyway"})
    assert not Action.objects.exists()
    client.force_login(world.users["stranger"])
    assert client.get(url).status_code == 404
