"""Early help assessments: started during an early help episode by a named lead practitioner,
completed with what they led to; refusals save nothing; every change audited; the page;
Ofsted's Annex A list 2."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from lantern.access.policy import NotPermitted
from lantern.audit.models import AuditEvent
from lantern.earlyhelp.models import EarlyHelpAssessment
from lantern.earlyhelp.services import early_help_assessment_complete, early_help_assessment_start
from lantern.people.models import Involvement

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 31, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def episode(world):
    return Involvement.objects.create(child=world.child, level="early_help", start=date(2025, 9, 1),
                                      end=date(2026, 2, 1), end_reason="Needs met")


def start(world, **kwargs):
    args = {"actor": world.users["social_worker"], "now": NOW, "child": world.child, "started_on": date(2025, 9, 15),
            "organisation": "school", "organisation_name": "Newland Primary School",
            "lead_practitioner": "Family support worker, Newland Primary", **kwargs}
    return early_help_assessment_start(**args)


def refused(call, field):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict[field][0]


def test_an_assessment_starts_in_an_early_help_episode_and_is_completed(world, episode):
    assessment = start(world)
    assert assessment.organisation_label == "Newland Primary School" and assessment.is_open
    assert AuditEvent.objects.filter(child=world.child, action__icontains="Early help assessment started on "
                                     "15 September 2025 by Family support worker").exists()
    done = early_help_assessment_complete(actor=world.users["social_worker"], now=NOW, assessment=assessment,
                                          completed_on=date(2025, 10, 20), outcome="plan")
    assert done.completed_on == date(2025, 10, 20) and not done.is_open
    assert AuditEvent.objects.filter(child=world.child, action__icontains="completed on 20 October 2025: "
                                     "early help plan agreed").exists()


def test_refusals_say_why_and_save_nothing(world, episode):
    message = refused(lambda: start(world, started_on=date(2025, 8, 31)), "started_on")
    assert "was not receiving early help on 31 August 2025" in message
    assert "was not receiving early help" in refused(lambda: start(world, started_on=date(2026, 2, 1)), "started_on")
    assert "cannot be in the future" in refused(lambda: start(world, started_on=date(2026, 4, 1)), "started_on")
    assert "lead practitioner" in refused(lambda: start(world, lead_practitioner=" "), "lead_practitioner")
    refused(lambda: start(world, organisation="bank"), "organisation")
    assert not EarlyHelpAssessment.objects.exists()
    first = start(world)
    assert "still open" in refused(lambda: start(world, started_on=date(2025, 10, 1)), "started_on")

    def complete(**kwargs):
        args = {"actor": world.users["social_worker"], "now": NOW, "assessment": first,
                "completed_on": date(2025, 10, 1), "outcome": "plan", **kwargs}
        return early_help_assessment_complete(**args)

    assert "before the assessment started" in refused(lambda: complete(completed_on=date(2025, 9, 1)), "completed_on")
    refused(lambda: complete(outcome="maybe"), "outcome")
    first.refresh_from_db()
    assert first.is_open and first.outcome == ""
    complete()
    assert "already" in refused(lambda: complete(completed_on=date(2025, 11, 1)), "completed_on")
    assert AuditEvent.objects.filter(child=world.child).count() == 2


def test_only_practitioners_who_see_the_child_record(world, episode):
    for role in ("stranger", "performance", "iro"):
        with pytest.raises(NotPermitted):
            start(world, actor=world.users[role])
    assert not EarlyHelpAssessment.objects.exists()


def test_the_page_starts_and_completes_with_errors_on_the_form(client, world, episode,
                                                                django_assert_max_num_queries):
    url = f"/children/{world.child.pk}/early-help/"
    client.force_login(world.users["social_worker"])
    for day in range(1, 4):  # the page's queries do not grow with the child's history
        Involvement.objects.create(child=world.child, level="early_help", start=date(2024, day, 1),
                                   end=date(2024, day, 20))
        start(world, started_on=date(2024, day, 2))
        early_help_assessment_complete(actor=world.users["social_worker"], now=NOW,
                                       assessment=EarlyHelpAssessment.objects.get(completed_on=None),
                                       completed_on=date(2024, day, 10), outcome="plan")
    with django_assert_max_num_queries(13):
        page = client.get(url).content.decode()
    assert "Start an early help assessment" in page and "Early help episodes" in page and "Needs met" in page
    bad = client.post(url, {"action": "start", "start-started_on_day": "1", "start-started_on_month": "8",
                            "start-started_on_year": "2025", "start-organisation": "school",
                            "start-lead_practitioner": "Ms Synthetic"})
    html = bad.content.decode()
    assert bad.status_code == 200 and "govuk-error-summary" in html and "was not receiving early help" in html
    assert html.count("<title>Error: ") == 1
    assert EarlyHelpAssessment.objects.count() == 3
    ok = client.post(url, {"action": "start", "start-started_on_day": "15", "start-started_on_month": "9",
                           "start-started_on_year": "2025", "start-organisation": "health",
                           "start-lead_practitioner": "Health visitor"})
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "Health (health visitor, school nurse, GP)" in page and "Complete the assessment started on 15 September" in page
    done = client.post(url, {"action": "complete", "complete-completed_on_day": "3", "complete-completed_on_month": "11",
                             "complete-completed_on_year": "2025", "complete-outcome": "no_further"})
    assert done.status_code == 302
    assert EarlyHelpAssessment.objects.get(started_on=date(2025, 9, 15)).outcome == "no_further"
    client.force_login(world.users["performance"])  # reads, but records nothing
    page = client.get(url).content.decode()
    assert "Needs met: no further early help" in page and "Start an early help assessment" not in page


def test_annex_a_list_2_lists_assessments_open_in_the_six_months(world, episode, tmp_path):
    from lantern.returns.annex_a import write_annex_a

    older = start(world, started_on=date(2025, 9, 2), organisation="council", organisation_name="")
    early_help_assessment_complete(actor=world.users["social_worker"], now=NOW, assessment=older,
                                   completed_on=date(2025, 9, 20), outcome="declined")
    later = start(world, started_on=date(2025, 12, 1))
    early_help_assessment_complete(actor=world.users["social_worker"], now=NOW, assessment=later,
                                   completed_on=date(2026, 1, 12), outcome="plan")
    out = tmp_path / "annex.xlsx"
    write_annex_a(as_of=date(2026, 3, 31), out=out)
    rows = list(openpyxl.load_workbook(out, read_only=True)["List 2 Early help"].iter_rows(values_only=True))
    assert len(rows) == 2  # the September assessment finished before October: not listed
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Child Unique ID"] == world.child.council_id
    assert row["Assessment start date"].date() == date(2025, 12, 1)
    assert row["Assessment completion date"].date() == date(2026, 1, 12)
    assert row["Organisation completing assessment"] == "Newland Primary School"
    # Written before the completion: still open, so the completion is blank.
    write_annex_a(as_of=date(2026, 1, 5), out=out)
    rows = list(openpyxl.load_workbook(out, read_only=True)["List 2 Early help"].iter_rows(values_only=True))
    cells = [(r[-3].date(), r[-2] and r[-2].date(), r[-1]) for r in rows[1:]]
    assert cells == [(date(2025, 9, 2), date(2025, 9, 20), "Council early help team"),
                     (date(2025, 12, 1), None, "Newland Primary School")]


def test_the_chronology_and_the_subject_access_export_hold_the_assessments(client, world, episode):
    from django.urls import reverse

    assessment = start(world)
    early_help_assessment_complete(actor=world.users["social_worker"], now=NOW, assessment=assessment,
                                   completed_on=date(2025, 10, 20), outcome="social_care")
    client.force_login(world.users["social_worker"])
    record = client.get(f"/children/{world.child.pk}/?kind=earlyhelp").content.decode()
    assert "Early help assessment started" in record and "Led by Family support worker, Newland Primary" in record
    assert "Early help assessment completed" in record and "Referred to children&#x27;s social care" in record
    client.force_login(world.users["senior_leader"])
    html = client.post(reverse("privacy:subject-access"), {"council_id": world.child.council_id}).content.decode()
    assert "Early help assessments (1)" in html
    assert "Early help plan reviews" not in html  # it led to social care, not to a plan
    # The lead practitioner is another person: inside a redaction mark.
    assert '<mark class="redact"' in html.split("Early help assessments (1)")[1].split("</table>")[0]


def f5(child):
    from lantern.obligations.models import Obligation

    return list(Obligation.objects.filter(child=child, rule_id="F5").order_by("start_on", "id")
                .values_list("start_on", "due_on", "met_on", "ended_on"))


@pytest.fixture
def open_episode(world):
    return Involvement.objects.create(child=world.child, level="early_help", start=date(2025, 9, 1))


def test_a_plan_is_reviewed_every_12_weeks_until_early_help_ends(world, open_episode):
    """F5 (a local interval, 12 weeks by default): a plan agreed on 1 October 2025 is due its
    first review on 24 December; reviewed on 10 December, the next is due on 4 March 2026
    (12 weeks from the review itself); when early help ends, no review is owed."""
    from lantern.earlyhelp.services import early_help_review_record
    from lantern.obligations.services import obligations_refresh

    sw = world.users["social_worker"]
    assessment = start(world)
    assert f5(world.child) == []  # no plan yet
    assessment = early_help_assessment_complete(actor=sw, now=NOW, assessment=assessment, completed_on=date(2025, 10, 1),
                                   outcome="plan")
    assert f5(world.child) == [(date(2025, 10, 1), date(2025, 12, 24), None, None)]
    early_help_assessment_review = early_help_review_record(
        actor=sw, now=NOW, assessment=assessment, held_on=date(2025, 12, 10),
        progress="School attendance up to 92%; parenting course half done.")
    assert f5(world.child) == [(date(2025, 10, 1), date(2025, 12, 24), date(2025, 12, 10), None),
                               (date(2025, 12, 10), date(2026, 3, 4), None, None)]
    assert AuditEvent.objects.filter(child=world.child, action="Early help plan reviewed on 10 December 2025").exists()
    assert early_help_assessment_review.assessment == assessment
    open_episode.end, open_episode.end_reason = date(2026, 2, 2), "Needs met"
    open_episode.save()
    obligations_refresh(child=world.child)
    assert f5(world.child)[-1][3] == date(2026, 2, 2)


def test_review_refusals_say_why_and_save_nothing(world, open_episode):
    from lantern.earlyhelp.models import EarlyHelpReview
    from lantern.earlyhelp.services import early_help_review_record

    sw = world.users["social_worker"]
    assessment = start(world)

    def review(target, **kwargs):
        args = {"actor": sw, "now": NOW, "assessment": target, "held_on": date(2025, 12, 10),
                "progress": "Going well.", **kwargs}
        return early_help_review_record(**args)

    early_help_assessment_complete(actor=sw, now=NOW, assessment=assessment, completed_on=date(2025, 10, 1),
                                   outcome="declined")
    with pytest.raises(ValidationError, match="agreed an early help plan"):
        review(assessment)
    assessment.refresh_from_db()
    assessment.outcome = "plan"
    assessment.save()
    assert "before the plan was agreed" in refused(lambda: review(assessment, held_on=date(2025, 9, 30)), "held_on")
    assert "cannot be in the future" in refused(lambda: review(assessment, held_on=date(2026, 4, 1)), "held_on")
    assert "what happens next" in refused(lambda: review(assessment, progress="  "), "progress")
    review(assessment)
    assert "already recorded" in refused(lambda: review(assessment), "held_on")
    open_episode.end = date(2026, 1, 5)
    open_episode.save()
    assert "Early help ended on 5 January 2026" in refused(
        lambda: review(assessment, held_on=date(2026, 1, 5)), "held_on")
    assert EarlyHelpReview.objects.count() == 1


def test_the_page_reviews_the_plan_and_shows_the_next_review_due(client, world, open_episode):
    sw = world.users["social_worker"]
    assessment = start(world)
    early_help_assessment_complete(actor=sw, now=NOW, assessment=assessment, completed_on=date(2025, 10, 1),
                                   outcome="plan")
    url = f"/children/{world.child.pk}/early-help/"
    client.force_login(sw)
    page = client.get(url).content.decode()
    assert "Plan agreed on 1 October 2025" in page and "24 December 2025" in page
    assert "Review the early help plan agreed on 1 October 2025" in page
    bad = client.post(url, {"action": "review", "review-held_on_day": "10", "review-held_on_month": "12",
                            "review-held_on_year": "2025", "review-progress": ""})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    ok = client.post(url, {"action": "review", "review-held_on_day": "10", "review-held_on_month": "12",
                           "review-held_on_year": "2025", "review-progress": "Attendance better."})
    assert ok.status_code == 302
    page = client.get(url).content.decode()
    assert "Attendance better." in page and "4 March 2026" in page


def test_the_subject_access_export_holds_the_plan_reviews(client, world, open_episode):
    from django.urls import reverse

    from lantern.earlyhelp.services import early_help_review_record

    sw = world.users["social_worker"]
    assessment = early_help_assessment_complete(actor=sw, now=NOW, assessment=start(world),
                                                completed_on=date(2025, 10, 1), outcome="plan")
    early_help_review_record(actor=sw, now=NOW, assessment=assessment, held_on=date(2025, 12, 10),
                             progress="Attendance up; the parenting course is half done.")
    client.force_login(world.users["senior_leader"])
    html = client.post(reverse("privacy:subject-access"), {"council_id": world.child.council_id}).content.decode()
    assert "Early help plan reviews (1)" in html and "the parenting course is half done" in html
