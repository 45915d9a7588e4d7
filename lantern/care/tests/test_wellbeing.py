"""Health, education and family time for children in care: the services (good path and
each refusal, nothing saved), the H1-H3 and E1 clocks in the ledger with the worked
examples, the share of planned family time that happened, and the pages."""

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.models import AccessEvent, AuditEvent
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
    assert ("Personal education plan for Amelia Hartley on 7 January 2025 with Synthetic "
            "Primary") in AuditEvent.objects.latest("id").action
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


# The share of planned family time ----------------------------------------------------------------


def test_planned_sessions_count_the_first_day_and_every_interval_after():
    from lantern.care.wellbeing import planned_sessions

    start = date(2025, 1, 6)
    assert planned_sessions(start, None, 7, today=date(2025, 1, 5)) == 0  # not started
    assert planned_sessions(start, None, 7, today=start) == 1
    assert planned_sessions(start, None, 7, today=date(2025, 1, 12)) == 1
    assert planned_sessions(start, None, 7, today=date(2025, 1, 13)) == 2
    assert planned_sessions(start, date(2025, 1, 31), 7, today=date(2025, 6, 1)) == 4
    assert planned_sessions(start, None, 14, today=date(2025, 3, 31)) == 7  # ... 17, 31 March


def test_the_share_across_children_in_two_queries(world, django_assert_max_num_queries):
    from lantern.care.wellbeing import family_time_shares

    into_care(world)
    weekly = arrange(world, start=date(2025, 1, 6))
    fortnightly = arrange(world, start=date(2025, 1, 6), every_days=14, with_whom="Father")
    for on in (date(2025, 1, 6), date(2025, 1, 13), date(2025, 1, 27)):
        session(world, weekly, on)
    session(world, weekly, date(2025, 1, 20), "cancelled_family")
    session(world, fortnightly, date(2025, 1, 6), "cancelled_council")
    family_time_end(actor=world.users["social_worker"], now=NOW, arrangement=weekly,
                    end=date(2025, 2, 2))
    with django_assert_max_num_queries(2):
        shares = family_time_shares([world.child.pk, world.other_child.pk],
                                    today=date(2025, 2, 9))
    share = shares[world.child.pk]
    # Weekly: 6, 13, 20, 27 January (ended 2 February); fortnightly: 6, 20 January, 3 February.
    assert (share.planned, share.held, share.share) == (7, 3, 43)
    assert share.cancellations() == [("Cancelled by the family", 1),
                                     ("Cancelled by the council", 1)]
    assert share.not_recorded == 2
    assert world.other_child.pk not in shares


# Pages ---------------------------------------------------------------------------------------

TODAY = timezone.localdate()
PAGE_NOW = datetime.combine(TODAY, datetime.min.time(), LONDON).replace(hour=12)


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(page, element_id, end="</table>"):
    part = page[page.index(f'id="{element_id}"'):]
    return part[:part.index(end)]


def day(name, on):
    return {f"{name}_day": on.day, f"{name}_month": on.month, f"{name}_year": on.year}


def care_url(world, tail=""):
    return f"/children/{world.child.pk}/care/{tail}"


def in_care_now(world, days=60):
    return care_start(actor=world.users["social_worker"], now=PAGE_NOW, child=world.child,
                      start=TODAY - timedelta(days=days), legal_status="C2",
                      category_of_need="N1", placement=FOSTER, home_postcode="HU1 2AA")


def test_the_health_page_shows_the_clocks_checks_and_peps(client, world):
    period = in_care_now(world, days=60)
    worker = world.users["social_worker"]
    health_record_add(actor=worker, now=PAGE_NOW, child=world.child, kind="initial",
                      on=TODAY - timedelta(days=50), by="LAC nurse")
    health_record_add(actor=worker, now=PAGE_NOW, child=world.child, kind="dental",
                      on=TODAY - timedelta(days=40), by="Synthetic Dental Practice")
    health_record_add(actor=worker, now=PAGE_NOW, child=world.child, kind="sdq",
                      on=TODAY - timedelta(days=30), sdq_score=17)
    health_record_add(actor=worker, now=PAGE_NOW, child=world.child, kind="camhs",
                      on=TODAY - timedelta(days=20), note="Anxiety at night")
    pep_record(actor=worker, now=PAGE_NOW, child=world.child, held_on=TODAY - timedelta(days=10),
               school="Synthetic Academy", virtual_school_contact="Ms Virtual")
    client.force_login(world.users["team_manager"])
    page = client.get(care_url(world, "health/")).content.decode()
    start = period.start
    h1_due = ENGLAND.add_working_days(start, 20)
    assert f"{h1_due.day} {h1_due:%B %Y}" in text(section(page, "clock-initial", "</dd>"))
    assert "H1" in text(section(page, "clock-initial", "</dd>"))
    review = text(section(page, "clock-review", "</dd>"))
    assert "H3" in review  # Amelia is over 5: yearly
    assert "Every 12 months" in text(section(page, "cadence", "</dd>"))
    assert "Synthetic Dental Practice" in text(section(page, "dental", "</dd>"))
    sdq_on = TODAY - timedelta(days=30)
    assert text(section(page, "sdq", "<br>")).endswith(f"17 on {sdq_on:%-d %B %Y}")
    assert "Anxiety at night" in text(section(page, "support-table"))
    assert "Ms Virtual" in text(section(page, "virtual-school", "</dd>"))
    assert "E1" in text(section(page, "clock-pep", "</dd>"))
    assert "Synthetic Academy" in text(section(page, "peps-table"))
    assert f'aria-current="page" href="{care_url(world, "health/")}"' in page
    assert AccessEvent.objects.filter(page="care:health", child=world.child).exists()


def test_a_child_under_5_is_told_when_assessments_become_yearly(client, world):
    world.child.date_of_birth = TODAY - timedelta(days=365 * 3)
    world.child.save()
    in_care_now(world)
    client.force_login(world.users["social_worker"])
    page = client.get(care_url(world, "health/")).content.decode()
    assert "Every 6 months while Amelia is under 5" in text(section(page, "cadence", "</dd>"))


def test_recording_health_and_a_pep_through_the_forms(client, world):
    in_care_now(world)
    client.force_login(world.users["social_worker"])
    form = client.get(care_url(world, "health/add/"), {"kind": "sdq"}).content.decode()
    assert re.search(r'value="sdq" id="[^"]+" checked', form)
    refused = client.post(care_url(world, "health/add/"),
                          {"kind": "sdq", **day("on", TODAY), "sdq_score": "45"})
    body = refused.content.decode()
    assert "<title>Error: " in body and "The SDQ score is a whole number from 0 to 40" in body
    refused = client.post(care_url(world, "health/add/"), {"kind": "sdq", **day("on", TODAY)})
    assert "Enter the SDQ score, from 0 to 40" in refused.content.decode()
    assert not HealthRecord.objects.exists()
    done = client.post(care_url(world, "health/add/"),
                       {"kind": "sdq", **day("on", TODAY), "sdq_score": "12"})
    assert done.status_code == 302 and done.url == care_url(world, "health/")
    assert HealthRecord.objects.get().sdq_score == 12
    refused = client.post(care_url(world, "health/pep/"), {**day("held_on", TODAY)})
    assert "Enter the school, college or early years setting" in refused.content.decode()
    assert client.post(care_url(world, "health/pep/"),
                       {**day("held_on", TODAY), "school": "Synthetic Academy"}).status_code == 302
    assert Pep.objects.get().school == "Synthetic Academy"


def test_the_family_time_page_and_its_forms(client, world):
    in_care_now(world, days=60)
    client.force_login(world.users["social_worker"])
    arrange_url = care_url(world, "family-time/arrange/")
    refused = client.post(arrange_url, {"with_whom": "Mother", "every_days": "0",
                                        "supervised": "yes", "mode": "face_to_face",
                                        **day("start", TODAY - timedelta(days=28))})
    assert "from 1 to 366" in refused.content.decode()
    assert client.post(arrange_url, {"with_whom": "Mother", "every_days": "7",
                                     "supervised": "yes", "mode": "face_to_face",
                                     **day("start", TODAY - timedelta(days=28))}
                       ).status_code == 302
    arrangement = FamilyTimeArrangement.objects.get()
    record = care_url(world, f"family-time/{arrangement.pk}/record-session/")
    refused = client.post(record, {**day("on", TODAY - timedelta(days=29)), "outcome": "held"})
    assert "the session cannot be before it" in refused.content.decode()
    for days_ago, outcome in ((28, "held"), (21, "held"), (14, "cancelled_carer")):
        assert client.post(record, {**day("on", TODAY - timedelta(days=days_ago)),
                                    "outcome": outcome}).status_code == 302
    page = client.get(care_url(world, "family-time/")).content.decode()
    # Planned: 28, 21, 14, 7 days ago and today.
    assert text(section(page, "share", "</dd>")).endswith("2 of 5 planned (40%)")
    assert "Cancelled by the carer: 1" in text(section(page, "cancelled", "</dd>"))
    assert text(section(page, "not-recorded", "</dd>")).endswith("2")
    assert AccessEvent.objects.filter(page="care:family-time", child=world.child).exists()
    end = care_url(world, f"family-time/{arrangement.pk}/end/")
    assert client.post(end, {**day("end", TODAY)}).status_code == 302
    assert "This arrangement has ended." in client.get(end).content.decode()


def test_a_stranger_finds_none_of_these_pages(client, world):
    in_care_now(world)
    arrangement = family_time_arrange(actor=world.users["social_worker"], now=PAGE_NOW,
                                      child=world.child, with_whom="Mother", every_days=7,
                                      supervised=False, mode="virtual", start=TODAY)
    client.force_login(world.users["stranger"])
    for tail in ("health/", "health/add/", "health/pep/", "family-time/", "family-time/arrange/",
                 f"family-time/{arrangement.pk}/end/",
                 f"family-time/{arrangement.pk}/record-session/"):
        assert client.get(care_url(world, tail)).status_code == 404, tail
    client.force_login(world.users["social_worker"])
    other = f"/children/{world.other_child.pk}/care/family-time/{arrangement.pk}/end/"
    assert client.get(other).status_code == 404


def test_the_pages_stay_within_their_query_budget(client, world, django_assert_max_num_queries):
    in_care_now(world, days=700)
    worker = world.users["social_worker"]
    HealthRecord.objects.bulk_create([
        HealthRecord(child=world.child, period=world.child.care_periods.get(), kind=kind,
                     on=TODAY - timedelta(days=30 * i), recorded_by=worker, recorded_at=PAGE_NOW)
        for i in range(20) for kind in ("review", "dental", "camhs")])
    Pep.objects.bulk_create([
        Pep(child=world.child, period=world.child.care_periods.get(), school="Synthetic Academy",
            held_on=TODAY - timedelta(days=60 * i), recorded_by=worker, recorded_at=PAGE_NOW)
        for i in range(10)])
    for n in range(4):
        a = family_time_arrange(actor=worker, now=PAGE_NOW, child=world.child,
                                with_whom=f"Relative {n}", every_days=7, supervised=True,
                                mode="face_to_face", start=TODAY - timedelta(days=600))
        FamilyTimeSession.objects.bulk_create([
            FamilyTimeSession(arrangement=a, on=TODAY - timedelta(days=7 * i), outcome="held",
                              recorded_by=worker, recorded_at=PAGE_NOW) for i in range(40)])
    client.force_login(world.users["team_manager"])
    client.get(care_url(world, "health/"))
    with django_assert_max_num_queries(14):
        assert client.get(care_url(world, "health/")).status_code == 200
    with django_assert_max_num_queries(13):
        page = client.get(care_url(world, "family-time/")).content.decode()
    assert page.count('class="govuk-summary-card"') == 4
    for tail in ("health/add/", "health/pep/", "family-time/arrange/",
                 f"family-time/{a.pk}/record-session/"):
        with django_assert_max_num_queries(12):
            assert client.get(care_url(world, tail)).status_code == 200
