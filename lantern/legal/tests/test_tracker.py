"""The legal tracker and a family's legal page, through the pages, with the families built by
the legal factories and children's care through the care services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import allocate
from lantern.care.services import care_start
from lantern.care.services.journey import PlacementDetails
from lantern.legal import factories as f
from lantern.legal.models import (
    FamilyGroupConference,
    HearingKind,
    LegalCase,
    PermanencePlan,
    ProceedingsExtension,
)
from lantern.legal.selectors import Flag, tracker
from lantern.obligations.services import obligations_refresh_many
from lantern.people.factories import ChildFactory

pytestmark = pytest.mark.django_db

HULL = "HU1 2AA"
FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")
WITH_AUNT = PlacementDetails(placement_type="U1", provider="PR1", carer_kind="connected_person",
                             carer_name="Synthetic aunt", postcode="HU5 3JA")


def today():
    return timezone.localdate()


def child_of(world, worker="social_worker", **names):
    child = ChildFactory(**names)
    allocate(child, world.users[worker], start=today() - timedelta(days=400))
    return child


def in_pre_proceedings(world, name, *, weeks_ago, reviews=0, children=None, owner="social_worker"):
    """A family in pre-proceedings for ``weeks_ago`` weeks, with the ledger refreshed."""
    children = children or [child_of(world, last_name=name.split()[1])]
    case = f.legal_case(children, world.users[owner], opened_on=today() - timedelta(weeks=weeks_ago + 1),
                        at=timezone.now(), family_name=name)
    f.pre_proceedings(case, started_on=today() - timedelta(weeks=weeks_ago), at=timezone.now(),
                      reviews=reviews)
    obligations_refresh_many(child_ids=[c.pk for c in children])
    return case


def in_proceedings(world, name, *, weeks_ago, hearings=(), children=None, owner="social_worker"):
    children = children or [child_of(world, last_name=name.split()[1])]
    case = f.legal_case(children, world.users[owner], opened_on=today() - timedelta(weeks=weeks_ago + 20),
                        at=timezone.now(), family_name=name)
    f.proceedings(case, issued_on=today() - timedelta(weeks=weeks_ago), at=timezone.now(),
                  hearings=hearings)
    obligations_refresh_many(child_ids=[c.pk for c in children])
    return case


def looked_after(world, child, placement=FOSTER, weeks_ago=10):
    return care_start(actor=world.users["team_manager"], now=timezone.now(), child=child,
                      start=today() - timedelta(weeks=weeks_ago), legal_status="C1",
                      category_of_need="N1", placement=placement, home_postcode=HULL)


def rows_for(world, role="social_worker"):
    return {r.family_name: r for r in tracker(world.users[role], today=today())}


def families(response) -> list[str]:
    return [r.family_name for r in response.context["rows"]]


def test_pre_proceedings_weeks_against_the_l3_target_next_review_and_drift(world):
    late = in_pre_proceedings(world, "The Ashworth family", weeks_ago=20, reviews=1)
    fresh = in_pre_proceedings(world, "The Brook family", weeks_ago=3)
    rows = rows_for(world)
    row = rows["The Ashworth family"]
    assert (row.stage, row.weeks_elapsed, row.target_weeks) == ("pre-proceedings", 20, 16)
    pp = late.pre_proceedings.get()
    assert row.target_on == pp.started_on + timedelta(weeks=16)  # the L3 due date in the ledger
    # The initial meeting 10 days in, one review 6 weeks later: more than 6 weeks ago now.
    assert row.last_meeting_on == pp.started_on + timedelta(days=10 + 42)
    assert row.flags == [Flag.NO_REVIEW, Flag.PAST_TARGET]
    assert row.next_on == row.last_meeting_on + timedelta(weeks=6)  # L11: the next review due
    assert rows["The Brook family"].flags == [] and rows["The Brook family"].weeks_elapsed == 3
    assert fresh.pre_proceedings.get().is_open


def test_the_l3_target_is_read_from_the_ledger(world):
    from lantern.obligations.models import Obligation

    case = in_pre_proceedings(world, "The Carver family", weeks_ago=13)
    pp = case.pre_proceedings.get()
    Obligation.objects.filter(rule_id="L3", scope=pp.scope).update(due_on=pp.started_on + timedelta(weeks=12))
    row = rows_for(world)["The Carver family"]
    assert row.target_weeks == 12 and Flag.PAST_TARGET in row.flags


def test_proceedings_weeks_timetable_with_extensions_next_hearing_and_final_without_plan(world):
    child = child_of(world, last_name="Dale")
    looked_after(world, child)
    case = in_proceedings(world, "The Dale family", weeks_ago=28, children=[child], hearings=(
        (HearingKind.CASE_MANAGEMENT, today() - timedelta(weeks=25)),
        (HearingKind.ISSUES_RESOLUTION, today() + timedelta(days=3)),
        (HearingKind.FINAL, today() + timedelta(weeks=4))))
    proc = case.proceedings.get()
    ProceedingsExtension.objects.create(proceedings=proc, granted_on=today() - timedelta(weeks=3), weeks=8,
                                        reason="Synthetic: expert report late", recorded_by=case.owner,
                                        recorded_at=timezone.now())
    row = rows_for(world)["The Dale family"]
    assert (row.stage, row.weeks_elapsed, row.target_weeks) == ("proceedings", 28, 26)
    assert row.application == "Care order (s31)"
    assert row.timetable_ends == proc.issued_on + timedelta(weeks=34)
    assert (row.next_on, row.next_label) == (today() + timedelta(days=3), "Issues resolution hearing")
    assert row.flags == [Flag.PAST_26, Flag.FINAL_NO_PLAN]
    PermanencePlan.objects.create(child=child, period=child.care_periods.get(), agreed_on=today(),
                                  plan="family_friends", recorded_by=case.owner, recorded_at=timezone.now())
    assert rows_for(world)["The Dale family"].flags == [Flag.PAST_26]


def test_alternatives_explored(world):
    case = in_pre_proceedings(world, "The Ellis family", weeks_ago=4)
    on = today() - timedelta(weeks=3)
    f.connected_person(case, identified_on=on, at=timezone.now(), name="Aunt", viability="positive",
                       completed_on=on + timedelta(days=7))
    f.connected_person(case, identified_on=on, at=timezone.now(), name="Uncle", viability="negative",
                       completed_on=on + timedelta(days=7))
    f.connected_person(case, identified_on=on, at=timezone.now(), name="Friend", viability="requested")
    f.connected_person(case, identified_on=on, at=timezone.now(), name="Cousin")
    FamilyGroupConference.objects.create(case=case, offered_on=on, held_on=on + timedelta(days=5),
                                         outcome="Family plan", recorded_by=case.owner, recorded_at=timezone.now())
    FamilyGroupConference.objects.create(case=case, offered_on=on, declined=True,
                                         recorded_by=case.owner, recorded_at=timezone.now())
    alt = rows_for(world)["The Ellis family"].alternatives
    assert (alt.people, alt.positive, alt.negative, alt.awaited, alt.fgcs_held) == (4, 1, 1, 1, 1)


def test_connected_person_not_assessed_on_the_tracker_and_family_page(client, world):
    child = child_of(world, last_name="Fox")
    looked_after(world, child, placement=WITH_AUNT)
    case = in_pre_proceedings(world, "The Fox family", weeks_ago=2, children=[child])
    assert rows_for(world)["The Fox family"].flags == [Flag.UNASSESSED]
    client.force_login(world.users["social_worker"])
    html = client.get("/legal/").content.decode()
    assert "Connected person not assessed" in html
    assert "Connected person not assessed" in client.get(f"/legal/{case.pk}/").content.decode()


def test_closed_work_is_not_tracked(world):
    case = in_pre_proceedings(world, "The Gray family", weeks_ago=10)
    case.pre_proceedings.update(decision="step_down", decision_on=today(), decision_rationale="Better",
                                outcome="child_in_need")
    assert "The Gray family" not in rows_for(world)


def test_sorting_and_filters_by_get_parameters(client, world):
    in_pre_proceedings(world, "The Hale family", weeks_ago=20)
    in_pre_proceedings(world, "The Irwin family", weeks_ago=2, owner="colleague")
    in_proceedings(world, "The Jones family", weeks_ago=10,
                   hearings=((HearingKind.CASE_MANAGEMENT, today() + timedelta(days=1)),))
    client.force_login(world.users["team_manager"])
    assert families(client.get("/legal/")) == ["The Hale family", "The Jones family", "The Irwin family"]
    assert families(client.get("/legal/?sort=weeks&order=asc")) == [
        "The Irwin family", "The Jones family", "The Hale family"]
    assert families(client.get("/legal/?sort=family")) == [
        "The Hale family", "The Irwin family", "The Jones family"]
    assert families(client.get("/legal/?sort=family&order=desc"))[0] == "The Jones family"
    assert families(client.get("/legal/?sort=stage"))[-1] == "The Jones family"
    # Hale's review meeting was due weeks ago, Jones has a hearing tomorrow, Irwin's review is
    # due in about 5 weeks.
    assert families(client.get("/legal/?sort=next")) == [
        "The Hale family", "The Jones family", "The Irwin family"]
    assert families(client.get("/legal/?stage=proceedings")) == ["The Jones family"]
    assert families(client.get(f"/legal/?owner={world.users['colleague'].pk}")) == ["The Irwin family"]
    assert families(client.get(f"/legal/?flag={Flag.PAST_TARGET}")) == ["The Hale family"]
    assert families(client.get("/legal/?stage=nonsense&sort=nonsense&owner=x")) == [
        "The Hale family", "The Jones family", "The Irwin family"]
    html = client.get("/legal/?sort=family").content.decode()
    assert 'aria-sort="ascending"' in html and "sort=weeks" in html


def test_a_social_worker_sees_only_families_with_children_they_may_see(client, world):
    from lantern.access.tests.helpers import restrict

    in_pre_proceedings(world, "The Quillfeather family", weeks_ago=5, children=[world.other_child], owner="stranger")
    sibling = child_of(world, worker="colleague", first_name="Restricted", last_name="Lowe")
    mine = child_of(world, first_name="Seen", last_name="Lowe")
    case = in_pre_proceedings(world, "The Lowe family", weeks_ago=5, children=[mine, sibling])
    restrict(world, sibling)
    client.force_login(world.users["social_worker"])
    response = client.get("/legal/")
    assert families(response) == ["The Lowe family"]
    html = response.content.decode()
    assert "Seen Lowe" in html and "Restricted" not in html and "Quillfeather" not in html
    page = client.get(f"/legal/{case.pk}/").content.decode()
    assert "Seen Lowe" in page and "Restricted" not in page
    other = LegalCase.objects.get(family_name="The Quillfeather family")
    assert client.get(f"/legal/{other.pk}/").status_code == 404
    client.force_login(world.users["stranger"])
    assert families(client.get("/legal/")) == ["The Quillfeather family"]


def test_the_tracker_reads_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for i in range(30):
        child = child_of(world, last_name=f"Family{i}")
        if i % 3 == 0:
            looked_after(world, child, placement=WITH_AUNT if i % 2 else FOSTER)
            case = in_proceedings(world, f"The Family{i:02d} family", weeks_ago=10 + i, children=[child],
                                  hearings=((HearingKind.FINAL, today() + timedelta(days=i + 1)),))
        else:
            case = in_pre_proceedings(world, f"The Family{i:02d} family", weeks_ago=i, reviews=i % 3,
                                      children=[child])
        f.connected_person(case, identified_on=today() - timedelta(days=3), at=timezone.now(),
                           viability="requested")
    client.force_login(world.users["senior_leader"])
    with django_assert_max_num_queries(20):
        response = client.get("/legal/?sort=next")
    assert len(response.context["rows"]) == 30


def test_the_family_page_shows_the_timeline_and_clocks_in_bounded_queries(client, world,
                                                                        django_assert_max_num_queries):
    child = child_of(world, first_name="Mia", last_name="Moss")
    looked_after(world, child)
    case = f.legal_case([child], world.users["social_worker"], opened_on=today() - timedelta(weeks=40),
                        at=timezone.now(), family_name="The Moss family")
    meeting = f.gateway(case, world.users["team_manager"], held_on=today() - timedelta(weeks=40),
                        at=timezone.now())
    from lantern.legal.models import GatewayAction

    GatewayAction.objects.create(meeting=meeting, description="Send the letter before proceedings",
                                 owner=world.users["social_worker"], due_on=today() - timedelta(weeks=39))
    pp = f.pre_proceedings(case, started_on=today() - timedelta(weeks=39), at=timezone.now(), reviews=2,
                           gateway_meeting=meeting)
    pp.decision, pp.decision_on, pp.decision_rationale = "issue", today() - timedelta(weeks=27), "No change"
    pp.outcome = "issued"
    pp.save()
    f.connected_person(case, identified_on=today() - timedelta(weeks=35), at=timezone.now(),
                       name="Grandmother Moss", viability="positive", completed_on=today() - timedelta(weeks=33))
    f.proceedings(case, issued_on=today() - timedelta(weeks=26), at=timezone.now(), hearings=(
        (HearingKind.CASE_MANAGEMENT, today() - timedelta(weeks=24)),
        (HearingKind.FINAL, today() + timedelta(weeks=2))))
    obligations_refresh_many(child_ids=[child.pk])
    client.force_login(world.users["senior_leader"])
    with django_assert_max_num_queries(20):
        response = client.get(f"/legal/{case.pk}/")
    html = response.content.decode()
    titles = [e.title for e in response.context["timeline"].entries]
    assert titles.index("Legal gateway meeting: Enter pre-proceedings") < titles.index(
        "Pre-proceedings started") < titles.index("Letter before proceedings sent") < titles.index(
        "Pre-proceedings decision: Issue care proceedings") < titles.index("Care order (s31) issued")
    assert "Send the letter before proceedings" in html and "Grandmother Moss" in html
    assert "Viability assessment of Grandmother Moss: Positive: proceed to full assessment" in titles
    assert "Final hearing (listed)" in titles
    rules = {c.obligation.rule_id for c in response.context["timeline"].clocks}
    assert {"L3", "L11", "L1"} <= rules
    assert response.context["timeline"].flags == [Flag.FINAL_NO_PLAN]
    assert "Final hearing listed with no permanence plan" in html
    assert response.context["timeline"].next_on == today() + timedelta(weeks=2)
