"""The front door's clock, decisions, authorisation and referrals."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted
from lantern.audit.chain import verify
from lantern.audit.models import AuditEvent
from lantern.core.calendar import LONDON
from lantern.frontdoor.models import Contact, Referral
from lantern.frontdoor.services import (
    FrontDoorError,
    contact_rag_set,
    decision_authorise,
    decision_record,
    feedback_record,
)
from lantern.obligations.models import Obligation
from lantern.people.factories import ChildFactory
from lantern.staff.factories import TeamFactory, UserFactory
from lantern.staff.models import Role, Service

from .conftest import NOW

pytestmark = pytest.mark.django_db
DA = dict(categories=["domestic_abuse"], source="3E", method="police_notification")


def _clock(contact, rule):
    return Obligation.objects.get(scope=f"contact:{contact.pk}", rule_id=rule)


def test_a_friday_evening_contact_is_decided_by_monday(record_contact, world):
    contact = record_contact()  # Fri 27 Nov 2026 17:30
    assert _clock(contact, "F1").due_on == date(2026, 11, 30)
    contact_rag_set(actor=world.users["front_door"], now=NOW, contact=contact, rag="red")
    assert _clock(contact, "F4").due_at == datetime(2026, 11, 27, 21, 30, tzinfo=LONDON)


def test_a_contact_before_a_bank_holiday_skips_it(record_contact):
    contact = record_contact(received_at=datetime(2025, 12, 24, 16, 0, tzinfo=LONDON),
                             children=[ChildFactory(date_of_birth=date(2016, 1, 1))])
    # Wednesday Christmas Eve: Christmas Day, Boxing Day and the weekend are not working days.
    assert _clock(contact, "F1").due_on == date(2025, 12, 29)
    # The hour clock is elapsed time: holidays do not stop it.
    assert _clock(contact, "F4").due_at == datetime(2025, 12, 25, 16, 0, tzinfo=LONDON)


def test_the_same_form_submitted_twice_records_one_contact(record_contact, world):
    from lantern.frontdoor.services import contact_record

    kwargs = dict(actor=world.users["front_door"], now=NOW, submission_key="same-form",
                  received_at=NOW - timedelta(hours=1), method="email", source="2A",
                  concerns="x", categories=["neglect"], consent="consent_given", children=[world.child])
    first = contact_record(**kwargs)
    again = contact_record(**kwargs)
    assert first.pk == again.pk and Contact.objects.count() == 1


@pytest.mark.parametrize("received_at, message", [
    (NOW + timedelta(minutes=5), "cannot arrive in the future"),
    (datetime(2015, 3, 13, 9, 0, tzinfo=LONDON), "before Amelia Hartley was born"),
])
def test_impossible_arrival_times_are_refused_and_nothing_is_saved(record_contact, received_at, message):
    with pytest.raises(ValidationError, match=message):
        record_contact(received_at=received_at)
    assert not Contact.objects.exists() and not AuditEvent.objects.exists()


def test_no_consent_needs_a_lawful_reason(record_contact):
    with pytest.raises(ValidationError, match="lawful reason"):
        record_contact(consent="not_informed")


def test_a_decision_cannot_predate_the_contact_or_lack_a_rationale(record_contact, world):
    contact = record_contact()
    with pytest.raises(ValidationError) as caught:
        decision_record(actor=world.users["front_door"], now=NOW, contact=contact, outcome="advice",
                        rationale=" ", decided_at=contact.received_at - timedelta(minutes=1))
    assert set(caught.value.message_dict) == {"rationale", "decided_at"}


def test_domestic_abuse_decisions_need_the_three_analyses(record_contact, world):
    contact = record_contact(**DA)
    with pytest.raises(ValidationError) as caught:
        decision_record(actor=world.users["front_door"], now=NOW, contact=contact, outcome="advice",
                        rationale="Advice given to mother", decided_at=NOW)
    assert set(caught.value.message_dict) == {"risk_analysis", "protective_factors", "lived_experience"}
    decision_record(actor=world.users["front_door"], now=NOW, contact=contact, outcome="advice",
                    rationale="Advice given", decided_at=NOW, risk_analysis="Incident in front of child",
                    protective_factors="Mother sought help; father left", lived_experience="Child frightened at night")
    contact.refresh_from_db()
    assert contact.decided


def test_a_referral_decision_creates_census_referrals_and_opens_child_in_need(record_contact, world):
    sibling = ChildFactory(date_of_birth=date(2019, 6, 1))
    contact = record_contact(children=[world.child, sibling])
    decision_record(actor=world.users["front_door"], now=NOW, contact=contact, outcome="referral",
                    rationale="Neglect needs assessment", decided_at=NOW - timedelta(hours=2),
                    primary_need="N1")
    referrals = Referral.objects.filter(contact=contact)
    assert {r.child for r in referrals} == {world.child, sibling}
    assert {(r.referral_date, r.source, r.primary_need) for r in referrals} == {(date(2026, 11, 27), "5A", "N1")}
    assert sibling.involvements.get().level == "cin"
    f1 = Obligation.objects.filter(scope=f"contact:{contact.pk}", rule_id="F1")
    assert {o.met_on for o in f1} == {date(2026, 11, 30)}  # decided Monday, on time
    assert verify().intact


def test_a_referral_within_12_months_is_a_rereferral_and_its_nfa_needs_a_manager(record_contact, world):
    first = record_contact(received_at=datetime(2026, 3, 2, 10, 0, tzinfo=LONDON))
    decision_record(actor=world.users["front_door"], now=NOW, contact=first, outcome="referral",
                    rationale="Assess", decided_at=datetime(2026, 3, 2, 15, 0, tzinfo=LONDON), primary_need="N1")
    second = record_contact()
    decision = decision_record(actor=world.users["front_door"], now=NOW, contact=second, outcome="nfa",
                               rationale="Already being assessed", decided_at=NOW)
    assert decision.needs_authorisation
    with pytest.raises(NotPermitted):
        decision_authorise(actor=world.users["front_door"], now=NOW, decision=decision)
    decision_authorise(actor=world.users["team_manager"], now=NOW, decision=decision, note="Agreed")
    with pytest.raises(FrontDoorError, match="already been authorised"):
        decision_authorise(actor=world.users["service_manager"], now=NOW, decision=decision)


def test_stepping_to_early_help_needs_another_manager_and_opens_early_help_when_authorised(record_contact, world):
    child = ChildFactory(date_of_birth=date(2017, 2, 2))
    contact = record_contact(children=[child])
    fd_manager = UserFactory(username="fdtm", role=Role.TEAM_MANAGER,
                             team=TeamFactory(name="Integrated front door", service=Service.FRONT_DOOR))
    decision = decision_record(actor=fd_manager, now=NOW, contact=contact,
                               outcome="early_help", rationale="Family want support", decided_at=NOW)
    assert decision.needs_authorisation and not child.involvements.exists()
    with pytest.raises(FrontDoorError, match="other than the person who made it"):
        decision_authorise(actor=fd_manager, now=NOW, decision=decision)
    with pytest.raises(NotPermitted):  # a manager who cannot see the child cannot authorise
        decision_authorise(actor=world.users["other_team_manager"], now=NOW, decision=decision)
    decision_authorise(actor=world.users["senior_leader"], now=NOW, decision=decision)
    assert child.involvements.get().level == "early_help"


def test_feedback_to_the_referrer_meets_its_own_obligation(record_contact, world):
    contact = record_contact()
    decision = decision_record(actor=world.users["front_door"], now=NOW, contact=contact,
                               outcome="advice", rationale="Advice", decided_at=NOW - timedelta(hours=1))
    f2 = Obligation.objects.get(scope=f"contact:{contact.pk}", rule_id="F2")
    assert f2.met_on is None and f2.due_on == date(2026, 12, 1)
    feedback_record(actor=world.users["front_door"], now=NOW, decision=decision, feedback_at=NOW,
                    note="Phoned the DSL")
    assert Obligation.objects.get(scope=f"contact:{contact.pk}", rule_id="F2").met_on == date(2026, 11, 30)


def test_a_decided_contact_cannot_be_decided_again(record_contact, world):
    contact = record_contact()
    decision_record(actor=world.users["front_door"], now=NOW, contact=contact, outcome="advice",
                    rationale="Advice", decided_at=NOW)
    with pytest.raises(FrontDoorError, match="already been decided"):
        decision_record(actor=world.users["front_door"], now=NOW, contact=contact, outcome="nfa",
                        rationale="x", decided_at=NOW)


def test_staff_who_cannot_see_the_children_cannot_screen_the_contact(record_contact, world):
    contact = record_contact()
    with pytest.raises(NotPermitted):
        contact_rag_set(actor=world.users["stranger"], now=NOW, contact=contact, rag="red")
    with pytest.raises(NotPermitted):
        decision_record(actor=world.users["stranger"], now=NOW, contact=contact, outcome="nfa",
                        rationale="x", decided_at=NOW)


def test_an_agency_check_has_one_clock_however_many_children_the_contact_names(record_contact, world):
    from lantern.frontdoor.services import check_answer, check_request

    sibling = ChildFactory(date_of_birth=date(2019, 6, 1))
    contact = record_contact(children=[world.child, sibling])
    check = check_request(actor=world.users["front_door"], now=NOW, contact=contact, agency="health",
                          asked="Health visiting team", requested_at=NOW - timedelta(hours=3))
    (f6,) = Obligation.objects.filter(rule_id="F6")
    assert f6.child_id == min(world.child.pk, sibling.pk) and f6.met_on is None
    check_answer(actor=world.users["front_door"], now=NOW, check=check,
                 answered_at=NOW - timedelta(hours=1), response="Known to health visitor; no concerns")
    (f6,) = Obligation.objects.filter(rule_id="F6")
    assert f6.met_at == NOW - timedelta(hours=1)


def test_no_feedback_is_owed_to_a_member_of_the_public(record_contact, world):
    contact = record_contact(source="1A", referrer_role="Grandmother", referrer_agency="")
    decision_record(actor=world.users["front_door"], now=NOW, contact=contact, outcome="advice",
                    rationale="Advice", decided_at=NOW)
    assert not Obligation.objects.filter(scope=f"contact:{contact.pk}", rule_id="F2").exists()
    assert Obligation.objects.filter(scope=f"contact:{contact.pk}", rule_id="F1").exists()


def test_front_door_clocks_stay_off_the_allocated_worker_s_list(record_contact, world):
    from lantern.obligations.selectors import caseload, worklist

    record_contact()  # about the social worker's allocated child, waiting, overdue by NOW
    assert Obligation.objects.filter(child=world.child, rule_id="F4", met_on__isnull=True).exists()
    worker = world.users["social_worker"]
    assert worklist(worker, today=NOW.date(), now=NOW) == []
    assert caseload(today=NOW.date(), viewer=worker, worker=worker)[0].overdue == 0
