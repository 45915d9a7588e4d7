"""Assessments: the 45-working-day clock from the ledger, late reasons, dates and authorisation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted
from lantern.assessment.models import Assessment, AssessmentSeen
from lantern.assessment.services import (
    AssessmentError,
    assessment_authorise,
    assessment_complete,
    assessment_seen_record,
    assessment_start,
)
from lantern.audit.chain import verify
from lantern.audit.models import AuditEvent
from lantern.core import codes
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import status

pytestmark = pytest.mark.django_db
TODAY = date(2026, 2, 2)
DONE = dict(factors=["3A", "3B"], analysis="Father has left; mother engaging with support",
            outcome="cin_plan")


def _ledger(referral, rule="A1"):
    return Obligation.objects.get(rule_id=rule, scope=f"cin:{referral.pk}")


def _started(world, referral, start=date(2025, 11, 5), worker="social_worker"):
    return assessment_start(actor=world.users["social_worker"], today=TODAY, referral=referral,
                            start=start, worker=world.users[worker])


def test_the_worked_example_referral_mon_3_nov_2025_is_due_thu_8_jan_2026(world, refer):
    referral = refer()
    a1 = _ledger(referral)
    assert (a1.start_on, a1.due_on, a1.started_by) == (date(2025, 11, 3), date(2026, 1, 8),
                                                       f"referral:{referral.pk}")
    assessment = _started(world, referral)
    done = assessment_complete(actor=world.users["social_worker"], today=TODAY, assessment=assessment,
                               completed=date(2026, 1, 8), **DONE)
    a1 = _ledger(referral)
    assert a1.met_on == date(2026, 1, 8) and a1.met_by == f"assessment:{done.pk}:completed"
    assert status(a1, today=TODAY) == "met" and done.late_reason == ""
    assert verify().intact


def test_completing_late_needs_a_reason_and_the_reason_reaches_the_ledger(world, refer):
    referral = refer()
    assessment = _started(world, referral)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        assessment_complete(actor=world.users["social_worker"], today=TODAY, assessment=assessment,
                            completed=date(2026, 1, 9), **DONE)
    assert "due by 8 January 2026" in refused.value.message_dict["late_reason"][0]
    assessment.refresh_from_db()
    assert assessment.completed is None and AuditEvent.objects.count() == events
    assert _ledger(referral).met_on is None
    assessment_complete(actor=world.users["social_worker"], today=TODAY, assessment=assessment,
                        completed=date(2026, 1, 9), late_reason="Police disclosure awaited", **DONE)
    a1 = _ledger(referral)
    assert a1.met_on == date(2026, 1, 9) and a1.late_reason == "Police disclosure awaited"
    assert status(a1, today=TODAY) == "met_late"


def test_a_referral_closed_with_no_further_action_ends_a1_and_cannot_be_assessed(world, refer):
    referral = refer(nfa=True)
    a1 = _ledger(referral)
    assert a1.ended_on == date(2025, 11, 3) and a1.met_on is None
    with pytest.raises(AssessmentError, match="no further action"):
        _started(world, referral)


@pytest.mark.parametrize("start, message", [
    (date(2025, 11, 2), r"cannot start before the referral was received \(3 November 2025\)"),
    (date(2026, 2, 3), "cannot start in the future"),
])
def test_an_assessment_cannot_start_before_the_referral_or_in_the_future(world, refer, start, message):
    referral = refer()
    with pytest.raises(ValidationError, match=message):
        _started(world, referral, start=start)
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("completed, message", [
    (date(2025, 11, 4), "cannot be before the assessment started"),
    (date(2026, 2, 3), "cannot be in the future"),
])
def test_completion_cannot_come_before_the_start_or_in_the_future(world, refer, completed, message):
    assessment = _started(world, refer())
    with pytest.raises(ValidationError, match=message):
        assessment_complete(actor=world.users["social_worker"], today=TODAY, assessment=assessment,
                            completed=completed, **DONE)


def test_completion_needs_factors_analysis_and_outcome(world, refer):
    assessment = _started(world, refer())
    with pytest.raises(ValidationError) as refused:
        assessment_complete(actor=world.users["social_worker"], today=TODAY, assessment=assessment,
                            completed=date(2025, 12, 1), factors=[], analysis=" ", outcome="")
    assert set(refused.value.message_dict) == {"factors", "analysis", "outcome"}
    with pytest.raises(ValidationError, match="cannot be selected with other factors"):
        assessment_complete(actor=world.users["social_worker"], today=TODAY, assessment=assessment,
                            completed=date(2025, 12, 1), factors=["21", "3A"], analysis="x",
                            outcome="nfa")


def test_the_days_the_child_was_seen_fall_within_the_assessment(world, refer):
    assessment = _started(world, refer())
    sw = world.users["social_worker"]
    with pytest.raises(ValidationError, match="before the assessment started"):
        assessment_seen_record(actor=sw, today=TODAY, assessment=assessment, seen_on=date(2025, 11, 4),
                               alone=True)
    with pytest.raises(ValidationError, match="why the child was not seen alone"):
        assessment_seen_record(actor=sw, today=TODAY, assessment=assessment, seen_on=date(2025, 11, 6),
                               alone=False)
    assessment_seen_record(actor=sw, today=TODAY, assessment=assessment, seen_on=date(2025, 11, 6),
                           alone=False, not_alone_reason="Asked for mother to stay")
    assessment_seen_record(actor=sw, today=TODAY, assessment=assessment, seen_on=date(2025, 11, 20),
                           alone=True)
    assert [(s.seen_on, s.alone) for s in AssessmentSeen.objects.all()] == [
        (date(2025, 11, 6), False), (date(2025, 11, 20), True)]
    assert AuditEvent.objects.filter(action__contains="seen alone on 20 November 2025").exists()


def test_a_manager_other_than_the_worker_authorises_after_completion(world, refer):
    referral = refer()
    assessment = _started(world, referral, worker="team_manager")
    manager, sw = world.users["team_manager"], world.users["social_worker"]
    with pytest.raises(AssessmentError, match="has to be completed"):
        assessment_authorise(actor=manager, today=TODAY, assessment=assessment, authorised=TODAY)
    assessment_complete(actor=sw, today=TODAY, assessment=assessment, completed=date(2025, 12, 1), **DONE)
    with pytest.raises(NotPermitted):
        assessment_authorise(actor=sw, today=TODAY, assessment=assessment, authorised=TODAY)
    with pytest.raises(AssessmentError, match="other than the worker"):
        assessment_authorise(actor=manager, today=TODAY, assessment=assessment, authorised=TODAY)
    with pytest.raises(NotPermitted):  # a manager who cannot see the child
        assessment_authorise(actor=world.users["other_team_manager"], today=TODAY,
                             assessment=assessment, authorised=TODAY)
    sm = world.users["service_manager"]
    with pytest.raises(ValidationError, match="cannot be before the assessment was completed"):
        assessment_authorise(actor=sm, today=TODAY, assessment=assessment, authorised=date(2025, 11, 28))
    assessment_authorise(actor=sm, today=TODAY, assessment=assessment, authorised=date(2025, 12, 3))
    a2 = _ledger(referral, "A2")
    assert (a2.start_on, a2.due_on, a2.met_on) == (date(2025, 12, 1), date(2025, 12, 8), date(2025, 12, 3))
    with pytest.raises(AssessmentError, match="already been authorised"):
        assessment_authorise(actor=sm, today=TODAY, assessment=assessment, authorised=TODAY)


def test_staff_who_cannot_see_the_child_cannot_start_an_assessment(world, refer):
    referral = refer()
    with pytest.raises(NotPermitted):
        assessment_start(actor=world.users["stranger"], today=TODAY, referral=referral,
                         start=date(2025, 11, 4), worker=world.users["stranger"])
    with pytest.raises(NotPermitted):  # sees every child, but does not assess
        assessment_start(actor=world.users["performance"], today=TODAY, referral=referral,
                         start=date(2025, 11, 4), worker=world.users["social_worker"])
    _started(world, referral)
    with pytest.raises(AssessmentError, match="already has an assessment"):
        _started(world, referral)


def test_the_factor_codes_are_the_cin_census_set():
    assert set(codes.ASSESSMENT_FACTOR.values) == set(
        "1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A 10A 11A 12A "
        "13A 14A 15A 16A 17A 18A 18B 18C 19A 19B 19C 20 21 22A 23A 24A".split())
    assert codes.label("assessment_factor", "3A").startswith("Domestic abuse")
