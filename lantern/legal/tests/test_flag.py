"""'Connected person not assessed' wherever the child appears: every page of the child's
record (the identity bar), My work and Team, the care measures and the out-of-area list,
with no query per child."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lantern.care.measures import care_measures, placed_out_of_area
from lantern.care.models import Placement
from lantern.care.services.journey import PlacementDetails
from lantern.legal import factories as f
from lantern.legal.selectors import unassessed_child_ids
from lantern.legal.tests.test_tracker import FOSTER, WITH_AUNT, child_of, looked_after, today

pytestmark = pytest.mark.django_db

FLAG = "Connected person not assessed"
AWAY_WITH_AUNT = PlacementDetails(placement_type="U1", provider="PR1", carer_kind="connected_person",
                                  carer_name="Synthetic aunt in Leeds", postcode="LS1 4AP")


def test_the_flag_follows_placement_unassessed(world):
    """The one filter used across many children says what Placement.unassessed says."""
    aunt = child_of(world, last_name="Aunt")
    looked_after(world, aunt, placement=WITH_AUNT)
    foster = child_of(world, last_name="Foster")
    looked_after(world, foster, placement=FOSTER)
    approved = child_of(world, last_name="Temporary")
    looked_after(world, approved, placement=PlacementDetails(
        placement_type="U1", provider="PR1", carer_kind="connected_person", carer_name="Synthetic uncle",
        postcode="HU5 3JA", temporary_approval=True))
    assessed = child_of(world, last_name="Assessed")
    looked_after(world, assessed, placement=WITH_AUNT)
    case = f.legal_case([assessed], world.users["social_worker"], opened_on=today() - timedelta(weeks=20),
                        at=timezone.now())
    person = f.connected_person(case, identified_on=today() - timedelta(weeks=12), at=timezone.now(),
                                viability="positive", completed_on=today() - timedelta(weeks=11))
    Placement.objects.filter(child=assessed).update(connected_person=person)
    resolved = child_of(world, last_name="Resolved")
    looked_after(world, resolved, placement=WITH_AUNT)
    Placement.objects.filter(child=resolved).update(resolved_on=today(), resolved_how="Assessed")
    kids = [aunt, foster, approved, assessed, resolved]
    assert unassessed_child_ids([k.pk for k in kids]) == {aunt.pk}
    for p in Placement.objects.filter(child__in=kids).select_related("connected_person"):
        assert (p.unassessed and p.resolved_on is None) == (p.child_id == aunt.pk)


def test_every_page_of_the_record_shows_it_without_another_query(client, world, django_assert_num_queries):
    from lantern.people.frame import _warnings

    child = child_of(world, first_name="Nia", last_name="Shaw")
    looked_after(world, child, placement=WITH_AUNT)
    client.force_login(world.users["social_worker"])
    for url in (f"/children/{child.pk}/", f"/children/{child.pk}/care/",
                f"/children/{child.pk}/missing/", f"/children/{child.pk}/assessments/"):
        html = client.get(url).content.decode()
        assert FLAG in html, url
    from lantern.people.selectors import child_record

    with django_assert_num_queries(1):  # a child read on its own
        assert _warnings(child) == [FLAG]
    read = child_record(world.users["social_worker"], child.pk, today=today())
    with django_assert_num_queries(0):  # read with the record
        assert _warnings(read) == [FLAG]
    other = child_of(world, first_name="Ora", last_name="Shaw")
    looked_after(world, other, placement=FOSTER)
    assert FLAG not in client.get(f"/children/{other.pk}/").content.decode()


def test_my_work_and_team_rows_tag_the_child(client, world):
    child = child_of(world, first_name="Pia", last_name="Quinn")
    looked_after(world, child, placement=WITH_AUNT)
    settled = child_of(world, first_name="Rhys", last_name="Quinn")
    looked_after(world, settled, placement=FOSTER)
    client.force_login(world.users["social_worker"])
    response = client.get("/work/")
    tagged = {c.pk for c in response.context["children"] if c.unassessed}
    assert tagged == {child.pk}
    assert response.content.decode().count(FLAG) == 1
    client.force_login(world.users["team_manager"])
    response = client.get("/work/team/")
    assert {c.pk for c in response.context["children"] if c.unassessed} == {child.pk}
    assert FLAG in response.content.decode()


def test_care_measures_and_out_of_area_read_connected_people_without_a_query_each(
        world, django_assert_max_num_queries):
    for i in range(4):
        looked_after(world, child_of(world, last_name=f"Away{i}"), placement=AWAY_WITH_AUNT)
    leader = world.users["senior_leader"]
    with django_assert_max_num_queries(4):
        measures = care_measures(leader, today=today())
        unresolved = next(m for m in measures if m.key == "unregulated")
        assert unresolved.count == 4 and all(c.placement.unassessed for c in unresolved.children)
    with django_assert_max_num_queries(3):
        rows = placed_out_of_area(leader, today=today())
        assert len(rows) == 4 and all(r.placement.unresolved for r in rows)
