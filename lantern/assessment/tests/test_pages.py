"""Assessments through their pages: the list with both timeliness measures, starting one,
recording a visit, completing with errors (nothing saved) and the record page's budget."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lantern.assessment.models import Assessment, AssessmentSeen
from lantern.assessment.services import (
    assessment_complete,
    assessment_seen_record,
    assessment_start,
)
from lantern.audit.models import AuditEvent
from lantern.core.calendar import ENGLAND

pytestmark = pytest.mark.django_db


def _day(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _assessed(world, referral, *, start, completed=None, late_reason=""):
    sw = world.users["social_worker"]
    today = timezone.localdate()
    a = assessment_start(actor=sw, today=today, referral=referral, start=start, worker=sw)
    if completed:
        assessment_complete(actor=sw, today=today, assessment=a, completed=completed, factors=["16A"],
                            analysis="Neglect: home conditions poor", outcome="cin_plan",
                            late_reason=late_reason)
    return a


def test_the_list_shows_the_due_date_and_timeliness_from_referral_and_from_start(client, world, refer):
    referral = refer()  # Mon 3 Nov 2025, due Thu 8 Jan 2026
    a = _assessed(world, referral, start=date(2025, 11, 10), completed=date(2026, 1, 9),
                  late_reason="Father seen late")
    client.force_login(world.users["team_manager"])
    body = client.get(f"/children/{world.child.pk}/assessments/").content.decode()
    assert ENGLAND.working_days_between(date(2025, 11, 3), date(2026, 1, 9)) == 46
    assert ENGLAND.working_days_between(date(2025, 11, 10), date(2026, 1, 9)) == 41
    row = body[body.index(f'id="referral-{referral.pk}"'):]
    row = row[:row.index("</tr>")]
    for text in ("3 Nov 2025", "10 Nov 2025", "8 Jan 2026", "9 Jan 2026", ">46<", ">41<",
                 "Completed late", "Father seen late", "Awaiting"):
        assert text in row, text
    page = client.get(f"/children/{world.child.pk}/assessments/{a.pk}/").content.decode()
    assert "46 from the referral; 41 from the start" in page


def test_starting_an_assessment_from_the_page(client, world, refer):
    referral = refer(timezone.localdate() - timedelta(days=10))
    client.force_login(world.users["social_worker"])
    url = f"/children/{world.child.pk}/assessments/new/"
    assert "Referral received" in client.get(url).content.decode()
    bad = client.post(url, {"referral": str(referral.pk), "worker": world.users["social_worker"].pk,
                            **_day("start", referral.referral_date - timedelta(days=1))})
    assert "cannot start before the referral was received" in bad.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(url, {"referral": str(referral.pk), "worker": world.users["social_worker"].pk,
                                 **_day("start", referral.referral_date)})
    a = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/children/{world.child.pk}/assessments/{a.pk}/"
    assert "already has an assessment or was closed" in client.get(url).content.decode()


def test_completing_with_errors_shows_them_and_saves_nothing(client, world, refer):
    referral = refer(timezone.localdate() - timedelta(days=100))
    a = _assessed(world, referral, start=referral.referral_date + timedelta(days=1))
    client.force_login(world.users["social_worker"])
    url = f"/children/{world.child.pk}/assessments/{a.pk}/"
    events = AuditEvent.objects.count()
    body = client.post(url, {"action": "complete", "complete-analysis": "",
                             **_day("complete-completed", timezone.localdate())}).content.decode()
    assert "<title>Error: " in body and "govuk-error-summary" in body
    for message in ("Select the factors identified", "Write the analysis", "Choose the outcome"):
        assert message in body
    late = {"action": "complete", "complete-factors": ["3B", "3A"], "complete-analysis": "Risk reduced",
            "complete-outcome": "cin_plan", **_day("complete-completed", timezone.localdate())}
    body = client.post(url, late).content.decode()
    assert "record why it is late" in body and "<title>Error: " in body
    a.refresh_from_db()
    assert a.completed is None and a.factors == [] and AuditEvent.objects.count() == events
    response = client.post(url, {**late, "complete-late_reason": "Mother in hospital for three weeks"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.factors == ["3B", "3A"] and a.late_reason == "Mother in hospital for three weeks"


def test_recording_a_visit_and_authorising_on_the_page(client, world, refer):
    referral = refer(timezone.localdate() - timedelta(days=30))
    a = _assessed(world, referral, start=referral.referral_date,
                  completed=referral.referral_date + timedelta(days=20))
    url = f"/children/{world.child.pk}/assessments/{a.pk}/"
    client.force_login(world.users["team_manager"])
    page = client.get(url).content.decode()
    assert "Authorise assessment" in page and "The child has not been seen yet" in page
    response = client.post(url, {"action": "authorise", **_day("authorise-authorised", timezone.localdate())})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.authorised == timezone.localdate() and a.authorised_by == world.users["team_manager"]
    # A completed assessment takes no more visits.
    client.force_login(world.users["social_worker"])
    assert "Record a day the child was seen" not in client.get(url).content.decode()
    other = refer(timezone.localdate() - timedelta(days=5))
    b = _assessed(world, other, start=other.referral_date)
    body = client.post(f"/children/{world.child.pk}/assessments/{b.pk}/", {
        "action": "seen", **_day("seen-seen_on", timezone.localdate()), "seen-alone": "no"}).content.decode()
    assert "Say why the child was not seen alone" in body and not AssessmentSeen.objects.exists()
    client.post(f"/children/{world.child.pk}/assessments/{b.pk}/", {
        "action": "seen", **_day("seen-seen_on", timezone.localdate()), "seen-alone": "yes"})
    assert AssessmentSeen.objects.get().alone


def test_another_childs_assessment_is_not_found(client, world, refer):
    a = _assessed(world, refer(), start=date(2025, 11, 4))
    client.force_login(world.users["social_worker"])
    assert client.get(f"/children/{world.other_child.pk}/assessments/{a.pk}/").status_code == 404
    client.force_login(world.users["stranger"])
    assert client.get(f"/children/{world.child.pk}/assessments/{a.pk}/").status_code == 404


@pytest.mark.parametrize("history", [1, 12])
def test_the_record_page_shows_assessments_in_the_chronology_within_its_query_budget(
        client, world, refer, history, django_assert_max_num_queries):
    today = timezone.localdate()
    for i in range(history):
        referral = refer(today - timedelta(days=400 - 30 * i))
        a = _assessed(world, referral, start=referral.referral_date,
                      completed=referral.referral_date + timedelta(days=20))
        assessment_seen_record(actor=world.users["social_worker"], today=today, assessment=a,
                               seen_on=referral.referral_date + timedelta(days=2), alone=True)
    client.force_login(world.users["social_worker"])
    with django_assert_max_num_queries(16):
        body = client.get(f"/children/{world.child.pk}/").content.decode()
    for text in ("Assessment started", "Child seen alone", "Assessment completed: child in need plan"):
        assert text in body
    assert f'href="/children/{world.child.pk}/assessments/"' in body


@pytest.mark.parametrize("history", [1, 10])
def test_the_assessment_pages_queries_do_not_grow_with_history(client, world, refer, history,
                                                               django_assert_max_num_queries):
    today = timezone.localdate()
    for i in range(history):
        referral = refer(today - timedelta(days=400 - 30 * i))
        a = _assessed(world, referral, start=referral.referral_date,
                      completed=referral.referral_date + timedelta(days=20))
        assessment_seen_record(actor=world.users["social_worker"], today=today, assessment=a,
                               seen_on=referral.referral_date + timedelta(days=2), alone=True)
    client.force_login(world.users["social_worker"])
    with django_assert_max_num_queries(14):
        assert client.get(f"/children/{world.child.pk}/assessments/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(f"/children/{world.child.pk}/assessments/{a.pk}/").status_code == 200
