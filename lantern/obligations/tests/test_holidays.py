from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lantern.audit.models import AuditEvent
from lantern.obligations.models import Obligation
from lantern.obligations.services import RuleSettingRefused, holiday_override_record
from lantern.people.factories import ChildFactory
from lantern.people.models import Level
from lantern.people.services import involvement_start

pytestmark = pytest.mark.django_db


def test_a_newly_announced_holiday_moves_open_deadlines_and_the_due_command(world, capsys):
    child = ChildFactory(date_of_birth=date(2018, 1, 1))
    involvement_start(actor=world.users["front_door"], today=date(2026, 11, 26), child=child,
                      level=Level.CHILD_IN_NEED, start=date(2026, 11, 20))
    assert Obligation.objects.get(child=child, rule_id="W3").due_on == date(2026, 11, 23)
    holiday_override_record(actor=world.users["admin"], day=date(2026, 11, 23), change="add",
                            name="Test one-off holiday", reason="Proclaimed")
    assert Obligation.objects.get(child=child, rule_id="W3").due_on == date(2026, 11, 24)
    assert AuditEvent.objects.latest("seq").action.startswith("Bank holiday added")
    call_command("due", "F1", "2026-11-20")
    assert capsys.readouterr().out.strip() == "2026-11-24"


def test_existing_holidays_cannot_be_added_twice(world):
    with pytest.raises(RuleSettingRefused, match="already a bank holiday"):
        holiday_override_record(actor=world.users["admin"], day=date(2026, 12, 25), change="add",
                                name="Christmas")


def test_the_command_lists_a_year_and_refuses_bad_dates(world, capsys):
    call_command("holidays", "list", "--year", "2023")
    listed = capsys.readouterr().out
    assert "2023-05-08  Monday" in listed  # the Coronation
    with pytest.raises(CommandError, match="is not a date"):
        call_command("holidays", "add", "2026-13-01", "X", "--as", "admin")
