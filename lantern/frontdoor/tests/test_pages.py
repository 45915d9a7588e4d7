"""The front door through its pages: recording, screening and deciding."""

from datetime import date

import pytest
from django.utils import timezone

from lantern.audit.models import AuditEvent
from lantern.frontdoor.models import Contact, Decision
from lantern.people.factories import ChildFactory
from lantern.people.models import Child

pytestmark = pytest.mark.django_db


def _ago(**kwargs):
    return timezone.now() - timezone.timedelta(**kwargs)


def _when(prefix, moment):
    local = timezone.localtime(moment)
    return {f"{prefix}_day": local.day, f"{prefix}_month": local.month, f"{prefix}_year": local.year,
            f"{prefix}_hour": local.hour, f"{prefix}_minute": local.minute}


def _contact_form(**overrides):
    data = {"submission_key": "form-1", "method": "phone", "source": "5A", "concerns": "Hungry at school",
            "categories": ["neglect"], "consent": "consent_given", "action": "save",
            **_when("received_at", timezone.now() - timezone.timedelta(hours=2))}
    data.update(overrides)
    return data


def test_search_then_record_a_contact_for_a_known_child(client, world):
    client.force_login(world.users["front_door"])
    searched = client.post("/front-door/contacts/new/", _contact_form(action="search", q="hartley"))
    assert f'value="{world.child.pk}"' in searched.content.decode()
    response = client.post("/front-door/contacts/new/", _contact_form(children=[str(world.child.pk)]))
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/front-door/contacts/{contact.pk}/"
    assert list(contact.children.all()) == [world.child]
    again = client.post("/front-door/contacts/new/", _contact_form(children=[str(world.child.pk)]))
    assert again.status_code == 302 and Contact.objects.count() == 1  # the same form twice


def test_a_new_child_who_may_already_be_known_needs_confirming(client, world):
    client.force_login(world.users["front_door"])
    data = _contact_form(new_first_name="Amelia", new_last_name="Hartley", new_date_of_birth_day="14",
                         new_date_of_birth_month="3", new_date_of_birth_year="2015")
    response = client.post("/front-door/contacts/new/", data)
    body = response.content.decode()
    assert "This child may already be known" in body and "Possible match: Amelia Hartley" in body
    assert not Contact.objects.exists() and Child.objects.filter(first_name="Amelia").count() == 1
    client.post("/front-door/contacts/new/", {**data, "confirm_new": "on"})
    assert Child.objects.filter(first_name="Amelia").count() == 2 and Contact.objects.count() == 1


def test_a_contact_with_missing_answers_shows_errors_and_saves_nothing(client, world):
    client.force_login(world.users["front_door"])
    data = _contact_form(children=[str(world.child.pk)], concerns="", consent="not_informed")
    del data["method"]
    body = client.post("/front-door/contacts/new/", data).content.decode()
    assert "<title>Error: " in body and "govuk-error-summary" in body
    for message in ("Select how the contact arrived", "Describe the concern",
                    "Give the lawful reason to go ahead without consent"):
        assert message in body
    assert not Contact.objects.exists() and not AuditEvent.objects.exists()


def test_deciding_on_the_screening_page(client, world, record_contact):
    contact = record_contact(categories=["domestic_abuse"], source="3E", received_at=_ago(hours=3),
                             now=timezone.now())
    client.force_login(world.users["front_door"])
    page = client.get(f"/front-door/contacts/{contact.pk}/").content.decode()
    assert "Family history" in page and "Domestic abuse is a concern" in page
    decide = {"action": "decide", "decide-outcome": "advice", "decide-rationale": "Advice to mother",
              **_when("decide-decided_at", timezone.now())}
    body = client.post(f"/front-door/contacts/{contact.pk}/", decide).content.decode()
    assert "Domestic abuse is a concern: analyse the risks" in body and not Decision.objects.exists()
    decide.update({"decide-risk_analysis": "r", "decide-protective_factors": "p",
                   "decide-lived_experience": "l"})
    response = client.post(f"/front-door/contacts/{contact.pk}/", decide)
    assert response.status_code == 302 and Decision.objects.get().outcome == "advice"


def test_the_queue_lists_waiting_contacts_and_filters_them(client, world, record_contact):
    waiting = record_contact(children=[ChildFactory(first_name="Zara", date_of_birth=date(2016, 1, 1))],
                             received_at=_ago(hours=30), now=timezone.now())
    client.force_login(world.users["front_door"])
    body = client.get("/front-door/").content.decode()
    assert f"Contact {waiting.pk}" in body and "Zara" in body and "Overdue by" in body
    assert "Zara" not in client.get("/front-door/", {"rag": "red"}).content.decode()
    assert "Zara" in client.get("/front-door/", {"who": "unassigned", "overdue": "on"}).content.decode()


def test_a_screener_sees_their_assigned_contacts_on_my_work(client, world, record_contact):
    from lantern.frontdoor.services import contact_assign

    contact = record_contact(received_at=_ago(hours=2), now=timezone.now())
    contact_assign(actor=world.users["front_door"], now=timezone.now(), contact=contact,
                   screener=world.users["front_door"])
    client.force_login(world.users["front_door"])
    body = client.get("/work/").content.decode()
    assert "Contacts assigned to you" in body and f"Contact {contact.pk}" in body
