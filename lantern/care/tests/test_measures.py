"""Stability and sufficiency measures, and the out-of-area list, on a small built council."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from conftest import allocate
from lantern.care.measures import care_measures, placed_out_of_area
from lantern.care.services import PlacementDetails, care_start, placement_change, visit_record
from lantern.core.calendar import LONDON
from lantern.people.factories import ChildFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = datetime.combine(TODAY, datetime.min.time(), LONDON).replace(hour=12)
HOME = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                        carer_name="Synthetic foster family", postcode="HU5 3JA")
LEEDS = PlacementDetails(placement_type="K2", provider="PR4", carer_kind="childrens_home",
                         carer_name="Synthetic House", postcode="LS1 4AP", urn="SC999999")


def into_care(world, child, on, placement=HOME):
    return care_start(actor=world.users["social_worker"], now=NOW, child=child, start=on,
                      legal_status="C2", category_of_need="N1", placement=placement,
                      home_postcode="HU1 2AA")


def by_key(user):
    return {m.key: m for m in care_measures(user, today=TODAY)}


def test_measures_count_the_children_behind_them(world):
    worker, manager = world.users["social_worker"], world.users["team_manager"]
    settled = world.child  # born 2015, in care for 3 years in one placement
    into_care(world, settled, TODAY - timedelta(days=3 * 365))
    mover = ChildFactory(first_name="Mover", date_of_birth=date(2016, 1, 5))
    allocate(mover, worker, start=TODAY - timedelta(days=400))
    into_care(world, mover, TODAY - timedelta(days=300))
    for days_ago, details in ((200, LEEDS), (100, HOME), (20, LEEDS)):
        placement_change(actor=worker, now=NOW, child=mover, on=TODAY - timedelta(days=days_ago),
                         reason="CREQB", details=details)
    measures = by_key(manager)
    assert [c.name for c in measures["three-placements"].children] == [mover.full_name]
    assert measures["three-placements"].denominator == 2
    assert [c.child_id for c in measures["long-term-stability"].children] == [settled.pk]
    assert [c.child_id for c in measures["under-12-residential"].children] == [mover.pk]
    assert [c.child_id for c in measures["far-from-home"].children] == [mover.pk]
    assert measures["unregulated"].count == 0
    assert by_key(world.users["stranger"])["out-of-area"].denominator == 0


def test_out_of_area_list_shows_the_next_visit_from_the_ledger(world, client):
    worker = world.users["social_worker"]
    into_care(world, world.child, TODAY - timedelta(days=60), placement=LEEDS)
    visit_record(actor=worker, now=NOW, child=world.child, visited_on=TODAY - timedelta(days=58),
                 seen=True, seen_alone=True)
    [row] = placed_out_of_area(world.users["team_manager"], today=TODAY)
    assert row.last_seen == TODAY - timedelta(days=58)
    assert row.next_visit.rule_id == "LA5" and row.overdue  # six weeks passed with no visit
    assert placed_out_of_area(world.users["team_manager"], today=TODAY, overdue_only=True)
    client.force_login(world.users["team_manager"])
    page = client.get("/care/out-of-area/?overdue=1")
    assert page.status_code == 200 and world.child.full_name in page.content.decode()
    assert "Overdue" in page.content.decode()
    client.force_login(worker)
    assert client.get("/care/out-of-area/").status_code == 404


def test_measures_page_lists_children_with_a_bounded_number_of_queries(world, client,
                                                                       django_assert_max_num_queries):
    into_care(world, world.child, TODAY - timedelta(days=30), placement=LEEDS)
    client.force_login(world.users["team_manager"])
    with django_assert_max_num_queries(10):
        page = client.get("/care/measures/?measure=out-of-area")
    assert page.status_code == 200
    assert world.child.full_name in page.content.decode()
