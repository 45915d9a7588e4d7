from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lantern.audit.models import AuditEvent
from lantern.core.units import Period, Unit
from lantern.obligations.models import Obligation
from lantern.obligations.services import RuleSettingRefused, rule_setting_change
from lantern.people.factories import ChildFactory
from lantern.people.models import Level
from lantern.people.services import involvement_start

pytestmark = pytest.mark.django_db


def test_a_local_rule_change_recomputes_deadlines_and_is_audited(world):
    child = ChildFactory(date_of_birth=date(2018, 1, 1))
    involvement_start(actor=world.users["front_door"], today=date(2026, 11, 26), child=child,
                      level=Level.CHILD_IN_NEED, start=date(2026, 11, 20))
    assert Obligation.objects.get(child=child, rule_id="W3").due_on == date(2026, 11, 23)
    rule_setting_change(actor=world.users["senior_leader"], rule_id="W3",
                        period=Period(3, Unit.WORKING_DAYS), reason="Allocation panel meets weekly")
    assert Obligation.objects.get(child=child, rule_id="W3").due_on == date(2026, 11, 25)
    event = AuditEvent.objects.latest("seq")
    assert event.action.startswith("Rule W3") and event.reason == "Allocation panel meets weekly"


def test_statutory_regulations_cannot_be_changed_and_guidance_needs_a_reason(world):
    leader = world.users["senior_leader"]
    with pytest.raises(RuleSettingRefused):
        rule_setting_change(actor=leader, rule_id="LA12", period=Period(30, Unit.WORKING_DAYS))
    with pytest.raises(RuleSettingRefused):
        rule_setting_change(actor=leader, rule_id="A1", period=Period(60, Unit.WORKING_DAYS))
    rule_setting_change(actor=leader, rule_id="A1", period=Period(40, Unit.WORKING_DAYS),
                        reason="Local improvement target")


def test_the_command_refuses_with_one_line(world):
    with pytest.raises(CommandError, match="not a period"):
        call_command("rules", "set", "W3", "--period", "three days", "--as", "head")
    with pytest.raises(CommandError, match="Only a senior leader or an administrator"):
        call_command("rules", "set", "W3", "--period", "3 working_days", "--as", "sw")


def test_the_timescales_page_lists_every_rule_with_its_source(client, world):
    client.force_login(world.users["social_worker"])
    body = client.get("/work/rules/").content.decode()
    assert "LA12" in body and "CPPCR reg 33(1)" in body and "45 working days" in body


def test_a_council_sets_the_red_screening_target(world, capsys):
    from datetime import datetime

    from lantern.core.calendar import LONDON
    from lantern.frontdoor.services import contact_rag_set, contact_record

    now = datetime(2026, 11, 20, 12, 0, tzinfo=LONDON)
    contact = contact_record(actor=world.users["front_door"], now=now, submission_key="k",
                             received_at=datetime(2026, 11, 20, 9, 0, tzinfo=LONDON), method="phone",
                             source="5A", concerns="x", categories=["neglect"],
                             consent="consent_given", children=[world.child])
    contact_rag_set(actor=world.users["front_door"], now=now, contact=contact, rag="red")
    call_command("rules", "set", "F4", "--when", "rag=red", "--period", "2 hours", "--as", "head")
    due = Obligation.objects.get(rule_id="F4").due_at
    assert due == datetime(2026, 11, 20, 11, 0, tzinfo=LONDON)
    with pytest.raises(CommandError, match="no variant"):
        call_command("rules", "set", "F4", "--when", "rag=blue", "--period", "2 hours", "--as", "head")
