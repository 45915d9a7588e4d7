"""Every event of a child's care shows in their chronology, read with the other areas' parts
in one shared query whatever the history, and the "care" kind filters to them alone."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from lantern.care.services import (
    PlacementDetails,
    approval_extend,
    care_cease,
    care_start,
    carer_approve,
    legal_status_change,
    placement_change,
    placement_resolve,
    review_record,
    visit_record,
)
from lantern.core.calendar import LONDON
from lantern.web.chronology import _shared_entries, chronology_for

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = datetime.combine(TODAY, datetime.min.time(), LONDON).replace(hour=12)
HOME = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                        carer_name="Synthetic foster family", postcode="HU5 3JA")
LEEDS = PlacementDetails(placement_type="K2", provider="PR4", carer_kind="childrens_home",
                         carer_name="Synthetic House", postcode="LS1 4AP", urn="SC999999",
                         planned=False, regulated=False)
KIN = PlacementDetails(placement_type="U3", provider="PR1", carer_kind="connected_person",
                       carer_name="Synthetic aunt", postcode="HU5 3JA", temporary_approval=True)


def _care(world, visits=2):
    sw, iro, manager = world.users["social_worker"], world.users["iro"], world.users["team_manager"]
    child = world.child
    start = TODAY - timedelta(weeks=40)
    care_start(actor=sw, now=NOW, child=child, start=start, legal_status="V2",
               category_of_need="N1", placement=HOME, home_postcode="HU1 2AA",
               reason="Neglect at home")
    legal_status_change(actor=sw, now=NOW, child=child, on=start + timedelta(days=20), status="C1")
    for i in range(visits):
        visit_record(actor=sw, now=NOW, child=child, visited_on=start + timedelta(days=3 + i),
                     seen=True, seen_alone=i % 2 == 0, not_alone_reason="Carer in the room",
                     child_said=f"Likes the new school {i}")
    review_record(actor=sw, now=NOW, child=child, held_on=start + timedelta(days=25),
                  participation="PN1", iro=iro, permanence_plan="Return home",
                  decisions="Family time weekly")
    leeds = placement_change(actor=sw, now=NOW, child=child, on=start + timedelta(weeks=8),
                             reason="CREQB", details=LEEDS, detail="Carers gave notice")
    placement_resolve(actor=sw, now=NOW, placement=leeds, on=start + timedelta(weeks=10),
                      how="Registered with Ofsted")
    kin = placement_change(actor=sw, now=NOW, child=child, on=start + timedelta(weeks=12),
                           reason="CARPL", details=KIN)
    approval_extend(actor=manager, now=NOW, placement=kin, decided_on=start + timedelta(weeks=27),
                    reason="Panel next month")
    carer_approve(actor=sw, now=NOW, placement=kin, on=start + timedelta(weeks=30))
    care_cease(actor=sw, now=NOW, child=child, on=start + timedelta(weeks=35), reason="E4A")
    return start


def test_every_event_of_a_childs_care_is_in_the_chronology(world):
    start = _care(world)
    entries = [e for e in chronology_for(world.child, limit=200) if e.kind == "care"]
    titles = [e.title for e in entries]
    for expected in ("Became looked after", "Legal status: single period of accommodation under "
                     "section 20 (V2)", "Legal status: interim care order (C1)",
                     "Placed with Synthetic foster family", "Statutory visit: child seen alone",
                     "Statutory visit: child seen, not alone", "Looked-after review",
                     "Placement with Synthetic foster family ended", "Placed with Synthetic House",
                     "Placement with Synthetic House resolved", "Placed with Synthetic aunt",
                     "Temporary approval of Synthetic aunt extended by up to 8 weeks",
                     "Synthetic aunt approved as a foster carer", "Ceased to be looked after"):
        assert expected in titles, expected
    by_title = {e.title: e for e in entries}
    began = by_title["Became looked after"]
    assert began.on == start and began.by
    assert began.detail == "Category of need N1: abuse or neglect; Neglect at home"
    far = by_title["Placed with Synthetic House"].detail
    assert far.startswith("K2: children's home") and "out of area, 5" in far
    assert far.endswith("miles from home (emergency)")
    assert "in the council's area" in by_title["Placed with Synthetic foster family"].detail
    moved = by_title["Placement with Synthetic foster family ended"].detail
    assert moved == ("CREQB: carer(s) requests placement end due to child's behaviour; "
                     "Carers gave notice")
    review = by_title["Looked-after review"]
    assert review.detail == ("PN1: Child attends and speaks for themselves; Plan for permanence: "
                             "Return home; Family time weekly")
    assert "The child said: Likes the new school 0" in by_title[
        "Statutory visit: child seen alone"].detail
    assert by_title["Ceased to be looked after"].detail.startswith("E4A: Returned home")


def test_the_care_parts_share_the_one_query_and_filter_by_kind(world, django_assert_num_queries):
    _care(world, visits=15)
    with django_assert_num_queries(1):
        entries = _shared_entries(world.child, None, 100)
    assert sum(e.title.startswith("Statutory visit") for e in entries) == 15
    only = _shared_entries(world.child, frozenset({"care"}), 100)
    assert only and {e.kind for e in only} == {"care"}
    assert _shared_entries(world.child, frozenset({"protection"}), 100) == []
