"""Keeping in touch with care leavers at their 17th to 21st birthdays."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from lantern.care.services import PlacementDetails, care_cease, care_start
from lantern.core.calendar import LONDON
from lantern.leavingcare.models import KeepingInTouch
from lantern.leavingcare.services import keeping_in_touch_record
from lantern.people.models import Level

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)
FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")


@pytest.fixture
def care_leaver(world):
    """Born 10 June 2008; looked after from 1 Sep 2023 (15) to 1 Feb 2025 (16): relevant."""
    child = world.child
    child.date_of_birth = date(2008, 6, 10)
    child.save()
    worker = world.users["social_worker"]
    care_start(actor=worker, now=NOW, child=child, start=date(2023, 9, 1), legal_status="V2",
               category_of_need="N4", placement=FOSTER, home_postcode="HU1 2AA")
    care_cease(actor=worker, now=NOW, child=child, on=date(2025, 2, 1), reason="E5")
    return child


def record(world, child, **kw):
    args = dict(birthday=17, contact_on=date(2025, 6, 12), in_touch="YES", activity="F2",
                accommodation="D", suitable=True)
    args.update(kw)
    return keeping_in_touch_record(actor=world.users["social_worker"], now=NOW, child=child,
                                   **args)


def test_leaving_care_at_16_makes_a_care_leaver_recorded_at_each_birthday(world, care_leaver):
    assert care_leaver.involvements.get(end__isnull=True).level == Level.CARE_LEAVER
    kept = record(world, care_leaver)
    assert kept.oc3_accommodation == "D1"
    record(world, care_leaver, birthday=18, contact_on=date(2026, 6, 1), in_touch="NO",
           activity="0", accommodation="")
    assert KeepingInTouch.objects.get(birthday=18).oc3_accommodation == "0"


def test_refusals_save_nothing(world, care_leaver):
    with pytest.raises(ValidationError) as refused:
        record(world, care_leaver, contact_on=date(2025, 10, 1), accommodation="Z")
    assert set(refused.value.message_dict) == {"contact_on", "accommodation"}
    with pytest.raises(ValidationError, match="suitable"):
        record(world, care_leaver, suitable=None)
    record(world, care_leaver)
    with pytest.raises(ValidationError, match="already recorded"):
        record(world, care_leaver)
    assert KeepingInTouch.objects.count() == 1


def test_someone_never_looked_after_after_16_is_not_recorded(world):
    child = world.child
    child.date_of_birth = date(2008, 6, 10)
    child.save()
    with pytest.raises(ValidationError, match="not a care leaver"):
        record(world, child)


def test_the_page_shows_the_category_and_records_with_errors_shown(world, care_leaver, client,
                                                                   django_assert_max_num_queries):
    client.force_login(world.users["social_worker"])
    with django_assert_max_num_queries(15):
        page = client.get(f"/children/{care_leaver.pk}/leaving-care/")
    text = page.content.decode()
    assert "Relevant child" in text or "Former relevant child" in text
    bad = client.post(f"/children/{care_leaver.pk}/leaving-care/", {
        "birthday": "17", "contact_on_0": "1", "contact_on_1": "10", "contact_on_2": "2025",
        "in_touch": "YES", "activity": "F2", "accommodation": "D", "suitable": "yes"})
    assert bad.status_code == 200 and "Error: " in bad.content.decode()
    assert not KeepingInTouch.objects.exists()
    client.force_login(world.users["stranger"])
    assert client.get(f"/children/{care_leaver.pk}/leaving-care/").status_code == 404
