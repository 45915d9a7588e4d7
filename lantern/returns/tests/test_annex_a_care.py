"""Annex A list 8 (children looked after) from the care record."""

from datetime import date, datetime
from itertools import zip_longest

import openpyxl
import pytest

from lantern.care.services import (
    PlacementDetails,
    care_start,
    placement_change,
    review_record,
    visit_record,
)
from lantern.core.calendar import LONDON
from lantern.returns.annex_a import write_annex_a

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 31, 12, tzinfo=LONDON)
FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")
LEEDS = PlacementDetails(placement_type="K2", provider="PR4", carer_kind="childrens_home",
                         carer_name="Synthetic House", postcode="LS1 4AP", urn="SC999999")


def test_a_looked_after_child_is_listed_with_placement_visits_and_reviews(world, tmp_path):
    worker, iro = world.users["social_worker"], world.users["iro"]
    care_start(actor=worker, now=NOW, child=world.child, start=date(2025, 6, 2), legal_status="C1",
               category_of_need="N1", placement=FOSTER, home_postcode="HU1 2AA")
    placement_change(actor=worker, now=NOW, child=world.child, on=date(2025, 11, 3),
                     reason="CREQB", details=LEEDS)
    visit_record(actor=worker, now=NOW, child=world.child, visited_on=date(2025, 11, 7), seen=True,
                 seen_alone=True)
    review_record(actor=worker, now=NOW, child=world.child, held_on=date(2025, 6, 27),
                  participation="PN1", iro=iro, permanence_plan="Long-term fostering")
    out = tmp_path / "annex.xlsx"
    write_annex_a(as_of=date(2026, 3, 31), out=out)
    sheet = list(openpyxl.load_workbook(out, read_only=True)["List 8 Children looked after"]
                 .iter_rows(values_only=True))
    assert len(sheet) == 2
    row = dict(zip(sheet[0], sheet[1], strict=True))
    assert row["Child Unique ID"] == "LAN0000001"
    assert row["Date Started to be Looked After"].date() == date(2025, 6, 2)
    assert (row["Legal Status"], row["Category of Need"]) == ("C1", "N1")
    assert row["Number of Placements in the Last 12 months"] == 2
    assert (row["Placement Type"], row["URN of Placement"]) == ("K2", "SC999999")
    assert row["Placement Location"] == "Out of LA boundary"
    assert row["LA of Placement"] == "E08000035"
    assert row["Date of Last Social Work Visit"].date() == date(2025, 11, 7)
    assert row["Date of Latest Statutory Review"].date() == date(2025, 6, 27)
    assert row["Permanence plan"] == "Long-term fostering"
    assert row["Second or subsequent period of LAC within last 12 months (Y/N)"] == "No"
    assert row["Date Ceased to be Looked After"] is None


def test_a_care_leaver_is_listed_with_what_was_known_at_their_birthday(world, tmp_path):
    from lantern.care.services import care_cease
    from lantern.leavingcare.services import keeping_in_touch_record

    child, worker = world.child, world.users["social_worker"]
    child.date_of_birth = date(2008, 6, 10)
    child.save()
    care_start(actor=worker, now=NOW, child=child, start=date(2023, 9, 1), legal_status="V2",
               category_of_need="N4", placement=FOSTER, home_postcode="HU1 2AA")
    care_cease(actor=worker, now=NOW, child=child, on=date(2025, 2, 1), reason="E5")
    keeping_in_touch_record(actor=worker, now=NOW, child=child, birthday=17,
                            contact_on=date(2025, 6, 12), in_touch="YES", activity="F2",
                            accommodation="D", suitable=False)
    out = tmp_path / "annex.xlsx"
    write_annex_a(as_of=date(2026, 3, 31), out=out)
    sheet = list(openpyxl.load_workbook(out, read_only=True)["List 9 Care leavers"]
                 .iter_rows(values_only=True))
    row = dict(zip(sheet[0], sheet[1], strict=True))
    assert row["Child Unique ID"] == "LAN0000001" and row["Age"] == 17
    assert row["Eligibility Category"].startswith("Relevant child")
    assert (row["LA in Touch"], row["Suitability of Accommodation"]) == ("Yes, in touch", "Unsuitable")
    assert row["Type of Accommodation"] == "Semi-independent, transitional accommodation"


def test_adoption_list_and_the_plan_for_permanence(world, tmp_path):
    from lantern.legal.factories import legal_case
    from lantern.legal.models import AdoptionJourney, PermanencePlan

    worker, iro = world.users["social_worker"], world.users["iro"]
    period = care_start(actor=worker, now=NOW, child=world.child, start=date(2024, 2, 5),
                        legal_status="C2", category_of_need="N1", placement=FOSTER, home_postcode="HU1 2AA")
    review_record(actor=worker, now=NOW, child=world.child, held_on=date(2024, 3, 1),
                  participation="PN1", iro=iro, permanence_plan="Twin track")
    case = legal_case([world.child], worker, opened_on=date(2023, 11, 1), at=NOW)
    PermanencePlan.objects.create(child=world.child, period=period, agreed_on=date(2024, 5, 1),
                                  plan="adoption", recorded_by=worker, recorded_at=NOW)
    AdoptionJourney.objects.create(
        child=world.child, period=period, decision_on=date(2024, 6, 10), placement_order_on=date(2024, 9, 2),
        matched_on=date(2025, 1, 20), placed_on=date(2025, 2, 3), recorded_by=worker, recorded_at=NOW)
    # Another child's adoption settled before the year began is not listed.
    other = care_start(actor=world.users["stranger"], now=NOW, child=world.other_child, start=date(2024, 1, 4),
                       legal_status="C2", category_of_need="N1", placement=FOSTER, home_postcode="HU1 2AA")
    AdoptionJourney.objects.create(
        child=world.other_child, period=other, decision_on=date(2024, 3, 1), order_on=date(2025, 2, 1),
        recorded_by=worker, recorded_at=NOW)
    out = tmp_path / "annex.xlsx"
    write_annex_a(as_of=date(2026, 3, 31), out=out)
    book = openpyxl.load_workbook(out, read_only=True)
    sheet = list(book["List 10 Adoption"].iter_rows(values_only=True))
    assert len(sheet) == 2
    row = dict(zip_longest(sheet[0], sheet[1]))  # trailing empty cells are not stored
    assert (row["Child Unique ID"], row["Family identifier"]) == (world.child.council_id, case.reference)
    assert row["Date Entered Care"].date() == date(2024, 2, 5)
    assert row["Date of Decision child should be Placed for Adoption"].date() == date(2024, 6, 10)
    assert row["Date Placed for Adoption"].date() == date(2025, 2, 3)
    assert row["Date of Adoption Order"] is None
    looked_after = list(book["List 8 Children looked after"].iter_rows(values_only=True))
    plans = {r[0]: dict(zip_longest(looked_after[0], r))["Permanence plan"] for r in looked_after[1:]}
    # The plan for permanence recorded in legal work wins over the review's note.
    assert plans[world.child.council_id] == "Adoption"
