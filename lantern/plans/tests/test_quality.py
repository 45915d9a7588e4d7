"""The plan quality measure: actions on open plans with no owner, no date or no measurable
outcome, counted for the service and by the team of each child's social worker, scoped to
the children the reader may see, with the children behind each number; only for managers,
senior leaders and performance analysts; a bounded number of queries."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from conftest import allocate
from lantern.childinneed.services import cin_plan_start
from lantern.people.factories import ChildFactory
from lantern.plans.services import action_add
from lantern.protection.services import conference_initial_record, enquiry_complete
from lantern.protection.tests.test_path import discuss

pytestmark = pytest.mark.django_db
URL = "/plans/quality/"


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def row(page, element_id):
    """The text of the table row with this id."""
    part = page[page.index(f'id="{element_id}"'):].split(">", 1)[1]
    return text(part[:part.index("</tr>")])


@pytest.fixture
def plans(world, refer):
    """Amelia (team A): a child in need plan that ended when she went on a protection plan, with
    a vague action left on it; the protection plan has a vague, an undated and a good action.
    Oliver (team B): a child in need plan with one action nobody owns."""
    sw, today = world.users["social_worker"], timezone.localdate()
    referral = refer(date(2023, 4, 27), open_cin=True)
    old = cin_plan_start(actor=sw, today=today, referral=referral, start=date(2023, 4, 27))
    action_add(actor=sw, today=today, plan=old, what="Left on the old plan")
    enquiry = enquiry_complete(actor=sw, today=today, enquiry=discuss(world, referral, date(2023, 4, 28)).enquiry,
                               completed=date(2023, 5, 19), outcome="icpc", findings="Substantiated")
    cp = conference_initial_record(actor=world.users["iro"], today=today, enquiry=enquiry,
                                   held_on=date(2023, 5, 22), outcome="plan", category="NEG",
                                   decisions="Plan under neglect.", chair=world.users["iro"]).plan
    action_add(actor=sw, today=today, plan=cp, what="Things to improve")
    action_add(actor=sw, today=today, plan=cp, what="Mother to attend the parenting course",
               owner_name="Mother", measure="Completes all six sessions")
    action_add(actor=sw, today=today, plan=cp, what="School to report attendance", owner_agency="school",
               due=today + timedelta(days=20), measure="Attendance above 95%")
    other = refer(today - timedelta(days=20), child=world.other_child, open_cin=True)
    cin = cin_plan_start(actor=world.users["stranger"], today=today, referral=other,
                         start=today - timedelta(days=15))
    action_add(actor=world.users["stranger"], today=today, plan=cin, what="Housing to find a bigger flat",
               due=today + timedelta(days=60), measure="Family moved")
    return cp, cin


def test_a_senior_leader_sees_the_service_and_each_team(client, world, plans):
    cp, cin = plans
    client.force_login(world.users["senior_leader"])
    page = client.get(URL).content.decode()
    assert text(page[page.index('id="headline"'):page.index("</p>", page.index('id="headline"'))]).endswith(
        "3 of 4 actions flagged (75%)")
    # Columns: actions, any flag, no owner, no date, no measurable outcome (count and share).
    assert row(page, f"team-{world.team.pk}") == (
        "Safeguarding A 3 2 (Safeguarding A: any flag) 67% 1 (Safeguarding A: no owner) 33% "
        "2 (Safeguarding A: no date) 67% 1 (Safeguarding A: no measurable outcome) 33%")
    assert row(page, f"team-{world.other_team.pk}") == (
        "Safeguarding B 1 1 (Safeguarding B: any flag) 100% 1 (Safeguarding B: no owner) 100% 0 0% 0 0%")
    assert row(page, "team-all").startswith("All teams 4 3 (All teams: any flag) 75%")
    assert "Left on the old plan" not in page  # an ended plan's actions do not count
    children = page[page.index('id="children"'):]
    assert f'href="/children/{world.child.pk}/protection/plans/{cp.pk}/#actions"' in children
    assert f'href="/children/{world.other_child.pk}/child-in-need/plans/{cin.pk}/#actions"' in children


def test_each_number_lists_the_children_behind_it(client, world, plans):
    cp, cin = plans
    client.force_login(world.users["performance"])
    page = client.get(URL).content.decode()
    assert f'href="?team={world.other_team.pk}&amp;flag=no_owner#children"' in page
    page = client.get(URL, {"team": world.other_team.pk, "flag": "no_owner"}).content.decode()
    children = page[page.index('id="children"'):]
    assert "Children: no owner, Safeguarding B" in text(children)
    assert row(children, f"child-cin-{cin.pk}") == "Oliver Brennan : Child in need plan Safeguarding B 1 1 1 0 0"
    assert f"child-cp-{cp.pk}" not in children
    page = client.get(URL, {"flag": "no_date"}).content.decode()
    children = page[page.index('id="children"'):]
    assert row(children, f"child-cp-{cp.pk}") == "Amelia Hartley : Child protection plan Safeguarding A 3 2 1 2 1"
    assert f"child-cin-{cin.pk}" not in children


def test_a_team_manager_counts_only_the_children_they_may_see(client, world, plans):
    client.force_login(world.users["team_manager"])
    page = client.get(URL).content.decode()
    assert "2 of 3 actions flagged (67%)" in text(page)
    assert "Safeguarding B" not in page and "Oliver" not in page


@pytest.mark.parametrize("role", ["social_worker", "front_door", "iro", "admin", "stranger"])
def test_others_get_not_found(client, world, role):
    client.force_login(world.users[role])
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("children", [1, 8])
def test_the_queries_do_not_grow_with_the_number_of_plans(client, world, refer, children,
                                                          django_assert_max_num_queries):
    sw, today = world.users["social_worker"], timezone.localdate()
    for _ in range(children):
        child = ChildFactory()
        allocate(child, sw, start=today - timedelta(days=30))
        plan = cin_plan_start(actor=sw, today=today, referral=refer(today - timedelta(days=20), child=child),
                              start=today - timedelta(days=15))
        action_add(actor=sw, today=today, plan=plan, what="Vague")
        for j in range(2):
            action_add(actor=sw, today=today, plan=plan, what=f"Action {j}", owner_name="Mother",
                       due=today + timedelta(days=9), measure="Seen to be done")
    client.force_login(world.users["team_manager"])
    with django_assert_max_num_queries(6):
        page = client.get(URL).content.decode()
    assert f"{children} of {3 * children} actions flagged (33%)" in text(page)
    assert len(re.findall(r'id="child-cin-\d+"', page)) == children
