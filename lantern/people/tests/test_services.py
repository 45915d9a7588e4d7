from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted
from lantern.audit.chain import verify
from lantern.audit.models import AuditEvent
from lantern.people.models import Child, Level
from lantern.people.services import (
    PeopleError,
    address_move,
    child_create,
    child_details_correct,
    involvement_end,
    involvement_start,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 26)


def _new_child(actor, **overrides):
    fields = dict(council_id="LAN0000099", first_name="Isla", last_name="Fenwick",
                  date_of_birth=date(2019, 4, 2), sex="F", nhs_number="943 476 5919")
    fields.update(overrides)
    return child_create(actor=actor, today=TODAY, **fields)


def test_adding_a_child_writes_one_audit_event_in_practice_language(world):
    child = _new_child(world.users["front_door"])
    event = AuditEvent.objects.get(child=child)
    assert event.action == "Child Isla Fenwick added to the record"
    assert event.after["nhs_number"] == "9434765919"
    assert verify().intact


@pytest.mark.parametrize("overrides, field", [
    ({"nhs_number": "9434765918"}, "nhs_number"),
    ({"upn": "A12345678901B"}, "upn"),
    ({"ethnicity": "XXXX"}, "ethnicity"),
])
def test_invalid_identifiers_are_refused_and_nothing_is_saved(world, overrides, field):
    with pytest.raises(ValidationError) as caught:
        _new_child(world.users["front_door"], **overrides)
    assert field in caught.value.message_dict
    assert not Child.objects.filter(council_id="LAN0000099").exists()
    assert not AuditEvent.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(world):
    with pytest.raises(ValidationError, match="must be today or in the past"):
        _new_child(world.users["front_door"], date_of_birth=TODAY + timedelta(days=1))


def test_an_unborn_child_needs_an_expected_date(world):
    with pytest.raises(ValidationError, match="expected date of birth"):
        _new_child(world.users["front_door"], date_of_birth=None)
    child = _new_child(world.users["front_door"], date_of_birth=None,
                       expected_date_of_birth=TODAY + timedelta(days=60))
    assert child.expected_date_of_birth


def test_roles_that_do_not_hold_cases_cannot_add_children(world):
    with pytest.raises(NotPermitted):
        _new_child(world.users["performance"])


def test_a_correction_keeps_the_old_value_in_the_audit_trail(world):
    child = world.child
    old_name = child.last_name
    child_details_correct(actor=world.users["social_worker"], today=TODAY, child=child,
                          reason="Spelling on birth certificate", last_name="Hartly")
    event = AuditEvent.objects.filter(child=child).latest("seq")
    assert event.before["name"].endswith(old_name) and event.after["name"].endswith("Hartly")
    assert event.reason == "Spelling on birth certificate"


def test_a_correction_needs_a_reason_and_permission(world):
    with pytest.raises(ValidationError):
        child_details_correct(actor=world.users["social_worker"], today=TODAY, child=world.child,
                              reason=" ", last_name="X")
    with pytest.raises(NotPermitted):
        child_details_correct(actor=world.users["stranger"], today=TODAY, child=world.child,
                              reason="typo", last_name="X")


def test_a_move_ends_the_old_address_and_a_bad_postcode_changes_nothing(world):
    worker, child = world.users["social_worker"], world.child
    first = address_move(actor=worker, today=TODAY, child=child, line1="1 Test Row", town="Hull",
                         postcode="hu1 2aa", start=date(2024, 1, 10))
    assert first.postcode == "HU1 2AA"
    with pytest.raises(ValidationError):
        address_move(actor=worker, today=TODAY, child=child, line1="2 Test Row", town="Hull",
                     postcode="NOT A CODE", start=date(2025, 1, 10))
    first.refresh_from_db()
    assert first.end is None
    address_move(actor=worker, today=TODAY, child=child, line1="2 Test Row", town="Hull",
                 postcode="HU2 8AA", start=date(2025, 1, 10))
    first.refresh_from_db()
    assert first.end == date(2025, 1, 10)


def test_a_move_before_birth_is_refused(world):
    with pytest.raises(ValidationError, match="before the child was born"):
        address_move(actor=world.users["social_worker"], today=TODAY, child=world.child,
                     line1="1 Test Row", town="Hull", postcode="HU1 2AA",
                     start=world.child.date_of_birth - timedelta(days=1))


def test_stepping_between_levels_ends_one_period_and_starts_the_next(world):
    worker, child = world.users["social_worker"], world.child
    cin = involvement_start(actor=worker, today=TODAY, child=child, level=Level.CHILD_IN_NEED,
                            start=date(2026, 1, 5))
    involvement_start(actor=worker, today=TODAY, child=child, level=Level.CHILD_PROTECTION,
                      start=date(2026, 3, 2), reason="Initial conference: plan made")
    cin.refresh_from_db()
    assert cin.end == date(2026, 3, 2) and cin.end_reason == "Initial conference: plan made"
    with pytest.raises(PeopleError, match="already at child protection"):
        involvement_start(actor=worker, today=TODAY, child=child, level=Level.CHILD_PROTECTION,
                          start=date(2026, 4, 1))
    closed = involvement_end(actor=worker, today=TODAY, child=child, end=date(2026, 9, 1),
                             reason="Plan ended")
    assert closed.level == Level.CHILD_PROTECTION and closed.end == date(2026, 9, 1)
