import pytest

from lantern.audit.models import AuditEvent
from lantern.people.models import Child

pytestmark = pytest.mark.django_db

VALID = {"first_name": "Isla", "last_name": "Fenwick", "date_of_birth_day": "2",
         "date_of_birth_month": "4", "date_of_birth_year": "2019", "sex": "F",
         "nhs_number": "943 476 5919", "ethnicity": "WBRI"}


def test_a_valid_form_adds_the_child_and_opens_the_record(client, world):
    client.force_login(world.users["front_door"])
    response = client.post("/children/new/", VALID)
    child = Child.objects.get(last_name="Fenwick")
    assert response.status_code == 302 and response["Location"] == f"/children/{child.pk}/"
    assert child.council_id.startswith("LAN") and child.nhs_number == "9434765919"


@pytest.mark.parametrize("changes, message", [
    ({"date_of_birth_day": "31", "date_of_birth_month": "2"}, "must be a real date"),
    ({"date_of_birth_year": "2099"}, "must be today or in the past"),
    ({"nhs_number": "943 476 5918"}, "Enter a real NHS number"),
    ({"first_name": ""}, "Enter the child&#x27;s first name"),
    ({"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
     "Enter the date of birth, or an expected date of birth"),
])
def test_bad_input_shows_an_error_summary_and_saves_nothing(client, world, changes, message):
    client.force_login(world.users["front_door"])
    children, events = Child.objects.count(), AuditEvent.objects.count()
    response = client.post("/children/new/", {**VALID, **changes})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and message in body
    assert "<title>Error: " in body
    assert Child.objects.count() == children and AuditEvent.objects.count() == events
