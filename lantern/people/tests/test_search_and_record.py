from datetime import date, timedelta

import pytest

from conftest import allocate
from lantern.audit.models import AccessEvent, AccessKind
from lantern.people.models import Address, Involvement, Level
from lantern.people.selectors import child_search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["amel", "HARTLEY", "amelia hart", "  Amelia   Hartley "])
def test_name_search_is_partial_and_ignores_case(world, query):
    assert child_search(world.users["social_worker"], query) == [world.child]


def test_search_by_date_of_birth_council_id_and_nhs_number(world):
    user, child = world.users["front_door"], world.child
    assert child in child_search(user, child.date_of_birth.strftime("%d/%m/%Y"))
    assert child in child_search(user, child.date_of_birth.isoformat())
    assert child_search(user, "lan0000001") == [child]
    spaced = f"{child.nhs_number[:3]} {child.nhs_number[3:6]} {child.nhs_number[6:]}"
    assert child_search(user, spaced) == [child]


def test_search_never_reveals_a_child_the_user_cannot_see(client, world):
    stranger = world.users["stranger"]
    client.force_login(stranger)
    with_child = client.get("/children/", {"q": "Hartley"})
    assert world.child not in child_search(stranger, "Hartley")
    assert b"Amelia" not in with_child.content
    assert b"No children found" in with_child.content


def test_search_results_are_logged_as_accesses(client, world):
    client.force_login(world.users["social_worker"])
    response = client.get("/children/", {"q": "amelia"})
    assert response.status_code == 200 and b"Amelia Hartley" in response.content
    event = AccessEvent.objects.get(child=world.child)
    assert event.kind == AccessKind.SEARCH and event.user == world.users["social_worker"]


def test_the_record_page_shows_identity_bar_chronology_and_logs_the_view(client, world):
    Involvement.objects.create(child=world.child, level=Level.CHILD_IN_NEED, start=date(2025, 5, 1))
    client.force_login(world.users["team_manager"])
    response = client.get(f"/children/{world.child.pk}/")
    body = response.content.decode()
    assert "moj-identity-bar" in body and "LAN0000001" in body
    assert str(world.users["social_worker"]) in body
    assert "Open to child in need" in body and "1 May 2025" in body
    assert AccessEvent.objects.filter(child=world.child, kind=AccessKind.VIEW,
                                      user=world.users["team_manager"]).count() == 1


def test_the_chronology_filters_by_kind(client, world):
    Involvement.objects.create(child=world.child, level=Level.CHILD_IN_NEED, start=date(2025, 5, 1))
    client.force_login(world.users["social_worker"])
    body = client.get(f"/children/{world.child.pk}/", {"kind": "allocation"}).content.decode()
    assert "Social worker allocated" in body
    assert "Open to child in need" not in body


def _long_history(child, worker, n):
    start = date(2015, 1, 1)
    for i in range(n):
        begin = start + timedelta(days=60 * i)
        Involvement.objects.create(child=child, level=Level.CHILD_IN_NEED, start=begin,
                                   end=begin + timedelta(days=30))
        Address.objects.create(child=child, line1=f"{i} Test Street", town="Hull", postcode="HU1 2AA",
                               start=begin, end=begin + timedelta(days=59))
        old = allocate(child, worker, start=begin)
        old.end = begin + timedelta(days=59)
        old.save()


@pytest.mark.parametrize("history", [0, 40])
def test_record_page_queries_do_not_grow_with_history(client, world, history,
                                                      django_assert_max_num_queries):
    _long_history(world.child, world.users["social_worker"], history)
    client.force_login(world.users["social_worker"])
    with django_assert_max_num_queries(15):
        response = client.get(f"/children/{world.child.pk}/")
    assert response.status_code == 200


def test_pages_with_case_data_are_never_cached(client, world):
    client.force_login(world.users["social_worker"])
    response = client.get(f"/children/{world.child.pk}/")
    assert response["Cache-Control"] == "no-store"


def test_the_record_shows_the_family_network_and_current_address(client, world):
    from lantern.people.factories import AdultFactory
    from lantern.people.models import Relationship

    mother = AdultFactory(first_name="Joanne", last_name="Hartley")
    Relationship.objects.create(child=world.child, adult=mother, kind="mother",
                                parental_responsibility=True, lives_with_child=True,
                                start=date(2015, 3, 14))
    Address.objects.create(child=world.child, line1="4 Test Lane", town="Hull", postcode="HU1 2AA",
                           start=date(2020, 1, 1))
    client.force_login(world.users["social_worker"])
    body = client.get(f"/children/{world.child.pk}/").content.decode()
    assert "Joanne Hartley" in body and "Mother" in body
    assert "4 Test Lane, Hull HU1 2AA" in body
    assert "Joanne Hartley recorded as mother" in body


def test_possible_duplicates_match_a_surname_at_the_same_postcode(world):
    from lantern.people.selectors import possible_duplicates

    Address.objects.create(child=world.child, line1="4 Test Lane", town="Hull", postcode="HU1 2AA",
                           start=date(2020, 1, 1))
    found = possible_duplicates(world.users["front_door"], first_name="Amy", last_name="hartley",
                                date_of_birth=None, postcode="hu12aa")
    assert found == [world.child]
