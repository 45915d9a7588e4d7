"""Health, education and family time for children in care: the services (good path and
each refusal, nothing saved), the H1-H3 and E1 clocks in the ledger with the worked
examples, the share of planned family time that happened, and the pages."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted
from lantern.audit.models import AuditEvent
from lantern.care.models import FamilyTimeArrangement, FamilyTimeSession, HealthRecord, Pep
from lantern.care.services import (
    CareError,
    PlacementDetails,
    care_cease,
    care_start,
    family_time_arrange,
    family_time_end,
    family_time_session_record,
    health_record_add,
    pep_record,
)
from lantern.core.calendar import ENGLAND, LONDON
from lantern.obligations.models import Obligation

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)
FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")


def into_care(world, on=date(2024, 12, 20), child=None):
    return care_start(actor=world.users["social_worker"], now=NOW, child=child or world.child,
                      start=on, legal_status="C2", category_of_need="N1", placement=FOSTER,
                      home_postcode="HU1 2AA")


def health(world, kind, on, **kwargs):
    return health_record_add(actor=world.users["social_worker"], now=NOW, child=world.child,
                             kind=kind, on=on, **kwargs)


def ledger(child, *rule_ids):
    return list(Obligation.objects.filter(child=child, rule_id__in=rule_ids)
                .order_by("start_on", "id").values_list("rule_id", "start_on", "due_on",
                                                        "met_on"))


# Health: the worked examples ----------------------------------------------------------------


def test_the_initial_health_assessment_is_due_20_working_days_after_becoming_looked_after(world):
    into_care(world, on=date(2024, 12, 20))
    # Friday 20 December 2024: Christmas, Boxing Day and New Year's Day are not working days.
    assert ENGLAND.add_working_days(date(2024, 12, 20), 20) == date(2025, 1, 22)
    assert ledger(world.child, "H1") == [("H1", date(2024, 12, 20), date(2025, 1, 22), None)]
    health(world, "initial", date(2025, 1, 20), by="Dr Synthetic, looked-after children nurse")
    assert ledger(world.child, "H1") == [("H1", date(2024, 12, 20), date(2025, 1, 22),
                                          date(2025, 1, 20))]
    assert "Initial health assessment for Amelia Hartley on 20 January 2025 by Dr Synthetic" in (
        AuditEvent.objects.latest("id").action)


def test_review_assessments_switch_from_6_monthly_to_yearly_at_the_fifth_birthday(world):
    world.child.date_of_birth = date(2020, 6, 10)  # fifth birthday Tuesday 10 June 2025
    world.child.save()
    into_care(world, on=date(2025, 2, 3))
    # Assessed at 4: the next is due in 6 months (H2), though Amelia turns 5 before then.
    health(world, "initial", date(2025, 3, 1))
    assert ledger(world.child, "H2", "H3") == [("H2", date(2025, 3, 1), date(2025, 9, 1), None)]
    # Assessed at 5: the next is due in 12 months (H3).
    health(world, "review", date(2025, 8, 20))
    assert ledger(world.child, "H2", "H3") == [
        ("H2", date(2025, 3, 1), date(2025, 9, 1), date(2025, 8, 20)),
        ("H3", date(2025, 8, 20), date(2026, 8, 20), None)]


def test_a_child_assessed_the_day_before_turning_5_is_due_again_in_6_months(world):
    world.child.date_of_birth = date(2020, 6, 10)
    world.child.save()
    into_care(world, on=date(2025, 2, 3))
    health(world, "initial", date(2025, 6, 9))
    assert ledger(world.child, "H2", "H3") == [("H2", date(2025, 6, 9), date(2025, 12, 9), None)]


def test_the_first_pep_meets_e1_and_reviews_follow(world):
    into_care(world, on=date(2024, 12, 20))
    # E1: 10 working days from Friday 20 December 2024 is Wednesday 8 January 2025.
    assert ledger(world.child, "E1") == [("E1", date(2024, 12, 20), date(2025, 1, 8), None)]
    pep_record(actor=world.users["social_worker"], now=NOW, child=world.child,
               held_on=date(2025, 1, 7), school="Synthetic Primary School",
               virtual_school_contact="Ms Virtual, Virtual School", targets="Reading at age level")
    assert ledger(world.child, "E1")[0][3] == date(2025, 1, 7)
    assert "Personal education plan for Amelia Hartley on 7 January 2025 with Synthetic Primary" in (
        AuditEvent.objects.latest("id").action)
    pep_record(actor=world.users["social_worker"], now=NOW, child=world.child,
               held_on=date(2025, 4, 1), school="Synthetic Primary School")
    assert AuditEvent.objects.latest("id").action.startswith("PEP review for Amelia Hartley")


# Health: refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "on", "kwargs", "field"), [
    ("initial", date(2024, 12, 1), {}, "on"),  # before the period of care
    ("review", date(2026, 12, 1), {}, "on"),  # in the future
    ("x-ray", date(2025, 1, 6), {}, "kind"),
    ("sdq", date(2025, 1, 6), {}, "sdq_score"),  # no score
    ("sdq", date(2025, 1, 6), {"sdq_score": 41}, "sdq_score"),
    ("dental", date(2025, 1, 6), {"sdq_score": 12}, "sdq_score"),  # a score with no SDQ
])
def test_health_records_that_are_refused_save_nothing(world, kind, on, kwargs, field):
    into_care(world)
    with pytest.raises(ValidationError) as refused:
        health(world, kind, on, **kwargs)
    assert field in refused.value.message_dict
    assert not HealthRecord.objects.exists()


def test_an_sdq_is_for_ages_4_to_16(world):
    into_care(world)
    health(world, "sdq", date(2025, 1, 6), sdq_score=14)
    world.child.date_of_birth = date(2021, 6, 1)
    world.child.save()
    with pytest.raises(ValidationError) as refused:
        health(world, "sdq", date(2025, 1, 7), sdq_score=14)
    assert refused.value.message_dict["on"] == [
        "An SDQ is for children aged 4 to 16; Amelia was 3 on 7 January 2025"]
    assert HealthRecord.objects.count() == 1


def test_one_initial_assessment_per_period_and_only_within_it(world):
    into_care(world)
    health(world, "initial", date(2025, 1, 6))
    with pytest.raises(ValidationError) as refused:
        health(world, "initial", date(2025, 1, 8))
    assert "already recorded" in refused.value.message_dict["kind"][0]
    care_cease(actor=world.users["social_worker"], now=NOW, child=world.child,
               on=date(2025, 6, 2), reason="E4A")
    with pytest.raises(ValidationError) as refused:
        health(world, "review", date(2025, 7, 1))
    assert "not looked after on 1 July 2025" in refused.value.message_dict["on"][0]
    assert HealthRecord.objects.count() == 1


def test_a_pep_needs_a_school_and_a_period_of_care(world):
    into_care(world)
    with pytest.raises(ValidationError) as refused:
        pep_record(actor=world.users["social_worker"], now=NOW, child=world.child,
                   held_on=date(2024, 12, 1), school=" ")
    assert set(refused.value.message_dict) == {"held_on", "school"}
    with pytest.raises(NotPermitted):
        pep_record(actor=world.users["stranger"], now=NOW, child=world.child,
                   held_on=date(2025, 1, 6), school="Synthetic Primary")
    assert not Pep.objects.exists()


# Family time ----------------------------------------------------------------------------------


def arrange(world, start=date(2025, 1, 6), every_days=7, **kwargs):
    return family_time_arrange(actor=world.users["social_worker"], now=NOW, child=world.child,
                               with_whom=kwargs.pop("with_whom", "Mother"), every_days=every_days,
                               supervised=kwargs.pop("supervised", True),
                               mode=kwargs.pop("mode", "face_to_face"), start=start)


def session(world, arrangement, on, outcome="held", note=""):
    return family_time_session_record(actor=world.users["social_worker"], now=NOW,
                                      arrangement=arrangement, on=on, outcome=outcome, note=note)


def test_family_time_is_arranged_held_and_ended(world):
    into_care(world)
    arrangement = arrange(world)
    assert arrangement.period == world.child.care_periods.get()
    assert ("Family time for Amelia Hartley with Mother arranged from 6 January 2025: every "
            "week, supervised, face to face") in AuditEvent.objects.latest("id").action
    session(world, arrangement, date(2025, 1, 6))
    session(world, arrangement, date(2025, 1, 13), "cancelled_family", "Mother unwell")
    assert "13 January 2025: cancelled by the family" in AuditEvent.objects.latest("id").action
    family_time_end(actor=world.users["social_worker"], now=NOW, arrangement=arrangement,
                    end=date(2025, 1, 31))
    arrangement.refresh_from_db()
    assert arrangement.end == date(2025, 1, 31)
    with pytest.raises(CareError):
        family_time_end(actor=world.users["social_worker"], now=NOW, arrangement=arrangement,
                        end=date(2025, 2, 1))


def test_family_time_can_be_planned_to_start_ahead(world):
    into_care(world)
    arrangement = arrange(world, start=date(2026, 12, 7))
    assert arrangement.start == date(2026, 12, 7)
    with pytest.raises(ValidationError):  # but no session can be recorded ahead
        session(world, arrangement, date(2026, 12, 7))


@pytest.mark.parametrize(("change", "field"), [
    ({"start": date(2024, 12, 1)}, "start"),  # before the period of care
    ({"every_days": 0}, "every_days"),
    ({"with_whom": " "}, "with_whom"),
    ({"mode": "pigeon"}, "mode"),
])
def test_an_arrangement_that_is_refused_saves_nothing(world, change, field):
    into_care(world)
    with pytest.raises(ValidationError) as refused:
        arrange(world, **change)
    assert field in refused.value.message_dict
    assert not FamilyTimeArrangement.objects.exists()


def test_sessions_only_within_the_arrangement(world):
    into_care(world)
    arrangement = arrange(world)
    session(world, arrangement, date(2025, 1, 20))
    family_time_end(actor=world.users["social_worker"], now=NOW, arrangement=arrangement,
                    end=date(2025, 2, 28))
    for on, outcome, field in ((date(2025, 1, 5), "held", "on"),  # before it started
                               (date(2025, 3, 1), "held", "on"),  # after it ended
                               (date(2025, 1, 20), "held", "on"),  # already recorded
                               (date(2025, 1, 27), "postponed", "outcome")):
        with pytest.raises(ValidationError) as refused:
            session(world, arrangement, on, outcome)
        assert field in refused.value.message_dict
    assert FamilyTimeSession.objects.count() == 1


def test_an_arrangement_cannot_end_before_its_last_session(world):
    into_care(world)
    arrangement = arrange(world)
    session(world, arrangement, date(2025, 2, 3))
    with pytest.raises(ValidationError) as refused:
        family_time_end(actor=world.users["social_worker"], now=NOW, arrangement=arrangement,
                        end=date(2025, 2, 1))
    assert "3 February 2025" in refused.value.message_dict["end"][0]
    arrangement.refresh_from_db()
    assert arrangement.end is None
