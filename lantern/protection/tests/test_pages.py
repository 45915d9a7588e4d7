"""Child protection through its pages: recording a strategy discussion (with a row per agency),
an enquiry's outcome and the initial conference; the section's tags and clocks; and each form
refusing bad input with the GOV.UK error summary, saving nothing."""

from datetime import date

import pytest

from lantern.audit.models import AuditEvent
from lantern.core.calendar import ENGLAND
from lantern.protection.models import Conference, Enquiry, Participant, Plan, StrategyDiscussion
from lantern.protection.tests.test_path import EVERYONE, discuss, on_plan

pytestmark = pytest.mark.django_db


def day(prefix, on):
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


def moment(prefix, on, hour=10, minute=0):
    return {**day(prefix, on), f"{prefix}_hour": hour, f"{prefix}_minute": minute}


def row(body, element_id):
    """The table row with this id."""
    part = body[body.index(f'id="{element_id}"'):]
    return part[:part.index("</tr>")]


def strategy_post(world, referral, **changes):
    data = {"referral": str(referral.pk), **moment("held_at", date(2023, 4, 28), 14, 30),
            "chair": world.users["team_manager"].pk, "decision": "s47_joint",
            "summary": "Bruise to the cheek seen at school.",
            "police_invited": "on", "police_attended": "on", "police_name": "DS Patel",
            "health_invited": "on", "health_name": "Health visitor",
            "education_invited": "on", "education_attended": "on", "education_name": "DSL",
            "social_care_invited": "on", "social_care_attended": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_recording_a_strategy_discussion_starts_the_enquiry(client, world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    client.force_login(world.users["social_worker"])
    url = f"/children/{world.child.pk}/protection/strategy-discussions/new/"
    form = client.get(url).content.decode()
    assert "Referral received 27 April 2023" in form and 'name="probation_invited"' in form
    response = client.post(url, strategy_post(world, referral))
    discussion = StrategyDiscussion.objects.get()
    enquiry = Enquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/children/{world.child.pk}/protection/enquiries/{enquiry.pk}/"
    assert discussion.chair == world.users["team_manager"] and discussion.decision == "s47_joint"
    assert {(p.agency, p.invited, p.attended, p.name) for p in Participant.objects.all()} == {
        ("police", True, True, "DS Patel"), ("health", True, False, "Health visitor"),
        ("education", True, True, "DSL"), ("social_care", True, True, "")}
    assert enquiry.start == date(2023, 4, 28) and enquiry.joint  # defaults to the discussion's day
    body = client.get(f"/children/{world.child.pk}/protection/").content.decode()
    assert "Police: invited, attended (DS Patel)" in body
    assert "Health: invited, did not attend (Health visitor)" in body
    assert "School not invited" not in body and "Single agency" not in body


def test_a_school_age_child_without_the_school_needs_a_reason_and_nothing_is_saved(client, world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    client.force_login(world.users["social_worker"])
    url = f"/children/{world.child.pk}/protection/strategy-discussions/new/"
    events = AuditEvent.objects.count()
    no_school = strategy_post(world, referral, education_invited=None, education_attended=None,
                              education_name=None)
    body = client.post(url, no_school).content.decode()
    assert "<title>Error: " in body and "govuk-error-summary" in body
    assert "is of school age: invite the school, or say why it was not invited" in body
    assert not StrategyDiscussion.objects.exists() and not Participant.objects.exists()
    assert not Enquiry.objects.exists() and AuditEvent.objects.count() == events
    client.post(url, {**no_school, "decision": "s47_single",
                      "single_agency_rationale": "Police agreed: no crime alleged.",
                      "school_not_invited_reason": "Half term: the DSL could not be reached."})
    body = client.get(f"/children/{world.child.pk}/protection/").content.decode()
    card = body[body.index('id="strategy-'):]
    assert "School not invited" in card and "Half term: the DSL could not be reached." in card
    assert "Single agency" in card and "Police agreed: no crime alleged." in card
    assert "Single agency" in row(body, f"enquiry-{Enquiry.objects.get().pk}")


def test_the_strategy_form_shows_missing_answers_and_an_attended_but_not_invited_agency(
        client, world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    client.force_login(world.users["social_worker"])
    url = f"/children/{world.child.pk}/protection/strategy-discussions/new/"
    body = client.post(url, {"referral": str(referral.pk)}).content.decode()
    for message in ("Enter when was the strategy discussion held?", "Choose who chaired it",
                    "Choose what the strategy discussion decided"):
        assert message in body, message
    body = client.post(url, strategy_post(world, referral, health_invited=None,
                                          health_attended="on")).content.decode()
    assert "An agency that attended must have been invited" in body and "govuk-error-summary" in body
    assert not StrategyDiscussion.objects.exists()


def test_recording_the_outcome_and_the_initial_conference(client, world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    discussion = discuss(world, referral, date(2023, 4, 28))  # CP2 due Tue 23 May 2023
    enquiry = discussion.enquiry
    client.force_login(world.users["social_worker"])
    url = f"/children/{world.child.pk}/protection/enquiries/{enquiry.pk}/"
    page = client.get(url).content.decode()
    assert "23 May 2023" in page[page.index('id="cp2"'):] and "Record the outcome" in page
    body = client.post(url, {"action": "outcome", **day("outcome-completed", date(2023, 5, 19)),
                             "outcome-outcome": "icpc", "outcome-findings": " "}).content.decode()
    assert "<title>Error: " in body and "Summarise what the enquiry found" in body
    enquiry.refresh_from_db()
    assert enquiry.completed is None
    response = client.post(url, {"action": "outcome", **day("outcome-completed", date(2023, 5, 19)),
                                 "outcome-outcome": "icpc",
                                 "outcome-findings": "Injury consistent with a slap."})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.outcome == "icpc" and enquiry.completed == date(2023, 5, 19)

    page = client.get(url).content.decode()
    assert "Record the initial child protection conference" in page
    assert "Physical abuse" in page and "Emotional abuse" in page  # the DfE categories' labels
    conference = {"action": "conference", **day("conference-held_on", date(2023, 5, 24)),
                  "conference-outcome": "plan", "conference-decisions": "Plan under physical abuse.",
                  "conference-chair": world.users["iro"].pk, "conference-visit_interval_days": "5"}
    body = client.post(url, conference).content.decode()
    assert "Choose the category of abuse" in body and "govuk-error-summary" in body
    assert not Conference.objects.exists() and not Plan.objects.exists()
    body = client.post(url, {**conference, "conference-category": "PHY",
                             "conference-chair": world.users["social_worker"].pk}).content.decode()
    assert "Choose the chair from the list" in body and not Plan.objects.exists()  # a chair is an IRO or manager
    response = client.post(url, {**conference, "conference-category": "PHY"})
    plan = Plan.objects.get()
    assert response["Location"] == f"/children/{world.child.pk}/protection/plans/{plan.pk}/"
    assert plan.initial_category == "PHY" and plan.visit_interval_days == 5

    body = client.get(f"/children/{world.child.pk}/protection/").content.decode()
    line = row(body, f"conference-{enquiry.pk}")
    # 24 May: a day after CP2's 23 May, 16 working days from the s47 start (Fri 28 Apr 2023;
    # the bank holidays of 1 and 8 May skipped).
    assert ENGLAND.working_days_between(date(2023, 4, 28), date(2023, 5, 24)) == 16
    for text in ("24 May 2023", "23 May 2023", "Met late", "CP2", "16<br>", "CP2-DFE"):
        assert text in line, text
    plans = row(body, f"plan-{plan.pk}")
    assert "Physical abuse" in plans and f"/protection/plans/{plan.pk}/" in plans


def test_another_childs_enquiry_and_a_stranger_are_not_found(client, world, refer):
    _, discussion, plan = on_plan(world, refer)
    client.force_login(world.users["social_worker"])
    other = world.other_child.pk
    assert client.get(f"/children/{other}/protection/enquiries/{discussion.enquiry.pk}/").status_code == 404
    assert client.get(f"/children/{other}/protection/plans/{plan.pk}/").status_code == 404
    client.force_login(world.users["stranger"])
    for path in ("", "strategy-discussions/new/", f"enquiries/{discussion.enquiry.pk}/",
                 f"plans/{plan.pk}/"):
        assert client.get(f"/children/{world.child.pk}/protection/{path}").status_code == 404, path
    client.force_login(world.users["performance"])  # sees the child; does not record
    assert client.get(f"/children/{world.child.pk}/protection/").status_code == 200
    assert client.get(f"/children/{world.child.pk}/protection/strategy-discussions/new/").status_code == 404


def test_everyone_listed_at_the_discussion_is_shown_for_the_path(client, world, refer):
    _, discussion, plan = on_plan(world, refer)
    client.force_login(world.users["iro"])
    body = client.get(f"/children/{world.child.pk}/protection/").content.decode()
    for invitee in EVERYONE:
        assert invitee.name in body
    assert "Strategy discussion 28 April 2023, 10:00" in body
