"""The care journey through the services: into care, moves, legal status, visits, reviews,
temporary approval, ceasing care; the clocks in the ledger and the derived episodes."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from lantern.audit.models import AuditEvent
from lantern.care.models import LegalStatus, PeriodOfCare, Placement
from lantern.care.selectors import episodes_of
from lantern.care.services import (
    PlacementDetails,
    approval_extend,
    care_cease,
    care_start,
    carer_approve,
    legal_status_change,
    placement_change,
    review_record,
    visit_record,
)
from lantern.core.calendar import LONDON
from lantern.obligations.models import Obligation
from lantern.people.models import Level

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)
HULL = "HU1 2AA"
FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")
FAR = PlacementDetails(placement_type="K2", provider="PR4", carer_kind="childrens_home",
                       carer_name="Synthetic House", postcode="LS1 4AP", urn="SC999999")


def start(world, on=date(2024, 12, 20), placement=FOSTER, status="V2"):
    return care_start(actor=world.users["social_worker"], now=NOW, child=world.child, start=on,
                      legal_status=status, category_of_need="N1", placement=placement,
                      home_postcode=HULL)


def clocks(child, rule_id):
    return list(Obligation.objects.filter(child=child, rule_id=rule_id).order_by("start_on")
                .values_list("start_on", "due_on", "met_on"))


def test_becoming_looked_after_starts_the_review_and_visit_clocks(world):
    period = start(world)
    assert world.child.involvements.get(end__isnull=True).level == Level.LOOKED_AFTER
    placement = period.placements.get()
    assert (placement.in_area, placement.area_code) == (True, "E06000010")
    # LA12 worked example: looked after Fri 20 Dec 2024, first review due Wed 22 Jan 2025.
    assert clocks(world.child, "LA12") == [(date(2024, 12, 20), date(2025, 1, 22), None)]
    assert clocks(world.child, "LA4") == [(date(2024, 12, 20), date(2024, 12, 27), None)]
    assert AuditEvent.objects.filter(action__contains="became looked after").exists()


def test_moves_and_legal_status_make_the_episodes(world):
    worker = world.users["social_worker"]
    start(world)
    legal_status_change(actor=worker, now=NOW, child=world.child, on=date(2025, 2, 3), status="C1")
    moved = placement_change(actor=worker, now=NOW, child=world.child, on=date(2025, 6, 2),
                             reason="CREQB", details=FAR)
    assert moved.in_area is False and 50 < moved.miles_from_home < 60
    care_cease(actor=worker, now=NOW, child=world.child, on=date(2026, 1, 5), reason="E4A")
    period = PeriodOfCare.objects.get()
    rows = [(e.decom, e.rne, e.ls, e.place, e.dec, e.rec, e.reason_place_change, e.urn)
            for e in episodes_of([period])[period.pk]]
    assert rows == [
        (date(2024, 12, 20), "S", "V2", "U6", date(2025, 2, 3), "X1", "", "XXXXXXX"),
        (date(2025, 2, 3), "L", "C1", "U6", date(2025, 6, 2), "X1", "CREQB", "XXXXXXX"),
        (date(2025, 6, 2), "P", "C1", "K2", date(2026, 1, 5), "E4A", "", "SC999999"),
    ]
    assert not world.child.involvements.filter(end__isnull=True).exists()


def test_visits_and_reviews_meet_their_clocks(world):
    worker, iro = world.users["social_worker"], world.users["iro"]
    start(world)
    visit_record(actor=worker, now=NOW, child=world.child, visited_on=date(2024, 12, 23),
                 seen=True, seen_alone=True)
    review_record(actor=worker, now=NOW, child=world.child, held_on=date(2025, 1, 20),
                  participation="PN1", iro=iro)
    assert clocks(world.child, "LA4") == [(date(2024, 12, 20), date(2024, 12, 27),
                                           date(2024, 12, 23))]
    assert clocks(world.child, "LA12")[0][2] == date(2025, 1, 20)
    assert clocks(world.child, "LA5")[0][:2] == (date(2024, 12, 23), date(2025, 2, 3))
    assert clocks(world.child, "LA13")[0][:2] == (date(2025, 1, 20), date(2025, 4, 20))


def test_a_visit_not_seen_counts_for_nothing(world):
    start(world)
    visit_record(actor=world.users["social_worker"], now=NOW, child=world.child,
                 visited_on=date(2024, 12, 23), seen=False, not_seen_reason="Child at a party")
    assert clocks(world.child, "LA4")[0][2] is None


def test_bad_input_is_refused_and_nothing_is_saved(world):
    worker = world.users["social_worker"]
    with pytest.raises(ValidationError) as refused:
        care_start(actor=worker, now=NOW, child=world.child, start=date(2025, 1, 6),
                   legal_status="ZZ", category_of_need="N9",
                   placement=PlacementDetails(placement_type="U6", provider="PR1",
                                              carer_kind="in_house_foster", carer_name="X",
                                              postcode="ZZ9 9ZZ"),
                   home_postcode=HULL)
    assert set(refused.value.message_dict) == {"legal_status", "category_of_need", "postcode"}
    assert not PeriodOfCare.objects.exists() and not Placement.objects.exists()
    start(world)
    with pytest.raises(ValidationError, match="already looked after"):
        start(world, on=date(2025, 3, 1))
    with pytest.raises(ValidationError, match="after the last change"):
        placement_change(actor=worker, now=NOW, child=world.child, on=date(2024, 12, 20),
                         reason="CARPL", details=FAR)
    with pytest.raises(ValidationError, match="not looked after|not in a placement"):
        visit_record(actor=worker, now=NOW, child=world.child, visited_on=date(2024, 12, 1),
                     seen=True, seen_alone=True)
    assert Placement.objects.count() == 1 and LegalStatus.objects.count() == 1


def test_a_new_period_cannot_overlap_the_last(world):
    worker = world.users["social_worker"]
    start(world)
    care_cease(actor=worker, now=NOW, child=world.child, on=date(2025, 3, 1), reason="E4A")
    with pytest.raises(ValidationError, match="after the last one ended"):
        start(world, on=date(2025, 2, 1))
    start(world, on=date(2025, 5, 1))
    assert PeriodOfCare.objects.count() == 2


def test_temporary_approval_runs_sixteen_weeks_and_one_extension(world):
    worker, manager = world.users["social_worker"], world.users["team_manager"]
    kin = PlacementDetails(placement_type="U3", provider="PR1", carer_kind="connected_person",
                           carer_name="Synthetic aunt", postcode="HU5 3JA",
                           temporary_approval=True)
    period = start(world, on=date(2025, 1, 6), placement=kin)
    placement = period.placements.get()
    assert clocks(world.child, "LA17") == [(date(2025, 1, 6), date(2025, 4, 28), None)]
    approval_extend(actor=manager, now=NOW, placement=placement, decided_on=date(2025, 4, 14),
                    reason="Assessment delayed by the carer's illness")
    assert clocks(world.child, "LA17")[0][2] == date(2025, 4, 28)
    with pytest.raises(Exception, match="once"):
        approval_extend(actor=manager, now=NOW, placement=placement,
                        decided_on=date(2025, 5, 1), reason="Again")
    carer_approve(actor=worker, now=NOW, placement=placement, on=date(2025, 6, 2))
    assert Placement.objects.get().approved_on == date(2025, 6, 2)


def test_unregulated_placements_are_flagged_until_resolved(world):
    unregulated = PlacementDetails(placement_type="K2", provider="PR4", carer_kind="childrens_home",
                                   carer_name="Unregistered flat", postcode="HU5 3JA",
                                   regulated=False)
    placement = start(world, placement=unregulated).placements.get()
    assert placement.unresolved
