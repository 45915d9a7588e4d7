"""The IRO's dispute resolution and contacts: the services (good path and each refusal,
nothing saved), the IR1 and IR2 clocks in the ledger, the child's reviews page and the
managers' view of every dispute."""

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from lantern.access.policy import NotPermitted
from lantern.audit.models import AccessEvent, AuditEvent
from lantern.care.models import Dispute, DisputeStage, IroContact
from lantern.care.services import (
    CareError,
    PlacementDetails,
    care_start,
    dispute_close,
    dispute_escalate,
    dispute_raise,
    dispute_respond,
    iro_contact_record,
)
from lantern.core.calendar import ENGLAND, LONDON
from lantern.obligations.models import Obligation

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)
FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")
CONCERN = {"concern": "The care plan has no plan for permanence",
           "why": "Amelia has waited a year for a decision",
           "outcome_sought": "A permanence plan agreed at the next review"}


def into_care(world, on=date(2026, 1, 5), child=None):
    return care_start(actor=world.users["social_worker"], now=NOW, child=child or world.child,
                      start=on, legal_status="C2", category_of_need="N1", placement=FOSTER,
                      home_postcode="HU1 2AA")


def raise_dispute(world, on=date(2026, 3, 2), **kwargs):
    return dispute_raise(actor=world.users["iro"], now=NOW, child=kwargs.pop("child", world.child),
                         raised_on=on, **{**CONCERN, **kwargs})


def ledger(child, rule_id):
    return list(Obligation.objects.filter(child=child, rule_id=rule_id)
                .order_by("start_on", "id").values_list("start_on", "due_on", "met_on",
                                                        "ended_on"))


# Raising a dispute --------------------------------------------------------------------------


def test_raising_a_dispute_opens_its_first_stage_and_both_clocks(world):
    into_care(world)
    dispute = raise_dispute(world, on=date(2026, 3, 2), addressed_to="Sam Social Worker")
    stage = dispute.stages.get()
    assert (stage.stage, stage.opened_on, stage.response_working_days) == (
        "informal", date(2026, 3, 2), 5)
    # Monday 2 March 2026 + 5 working days is Monday 9 March.
    assert stage.response_due == date(2026, 3, 9) == ENGLAND.add_working_days(date(2026, 3, 2), 5)
    assert dispute.period == world.child.care_periods.get()
    # IR1: 20 working days for the whole process; IR2: the stage's own 5 working days.
    assert ledger(world.child, "IR1") == [(date(2026, 3, 2), date(2026, 3, 30), None, None)]
    assert ledger(world.child, "IR2") == [(date(2026, 3, 2), date(2026, 3, 9), None, None)]
    event = AuditEvent.objects.get(action__contains="raised a dispute")
    assert "response due 9 March 2026" in event.action and "Sam Social Worker" in event.action


def test_a_stage_over_easter_counts_working_days(world):
    into_care(world)
    # Thursday 2 April 2026: Good Friday and Easter Monday are not working days.
    dispute = raise_dispute(world, on=date(2026, 4, 2))
    assert dispute.stages.get().response_due == date(2026, 4, 13)


@override_settings(LANTERN_IRO_DISPUTE_STAGES=[
    {"key": "informal", "label": "Informal", "working_days": 10},
    {"key": "director", "label": "Director", "working_days": 3}])
def test_the_stages_and_their_response_times_are_the_councils(world):
    into_care(world)
    dispute = raise_dispute(world, on=date(2026, 3, 2))
    assert dispute.stages.get().response_due == date(2026, 3, 16)
    stage = dispute_escalate(actor=world.users["iro"], now=NOW, dispute=dispute,
                             on=date(2026, 3, 17), stage="director")
    assert (stage.response_working_days, stage.response_due) == (3, date(2026, 3, 20))
    with pytest.raises(ValidationError) as refused:
        raise_dispute(world, stage="team_manager")
    assert "stage" in refused.value.message_dict


@pytest.mark.parametrize(("change", "field"), [
    ({"on": date(2025, 12, 1)}, "raised_on"),  # before the child was looked after
    ({"on": date(2026, 12, 1)}, "raised_on"),  # in the future
    ({"stage": "cabinet"}, "stage"),
    ({"concern": " "}, "concern"),
    ({"why": ""}, "why"),
    ({"outcome_sought": ""}, "outcome_sought"),
])
def test_a_dispute_that_cannot_be_raised_saves_nothing(world, change, field):
    into_care(world)
    with pytest.raises(ValidationError) as refused:
        raise_dispute(world, **change)
    assert field in refused.value.message_dict
    assert not Dispute.objects.exists() and not DisputeStage.objects.exists()
    assert not AuditEvent.objects.filter(action__icontains="dispute").exists()


def test_only_an_iro_raises_or_closes_a_dispute(world):
    into_care(world)
    with pytest.raises(NotPermitted):
        dispute_raise(actor=world.users["team_manager"], now=NOW, child=world.child,
                      raised_on=date(2026, 3, 2), **CONCERN)
    dispute = raise_dispute(world)
    with pytest.raises(NotPermitted):
        dispute_close(actor=world.users["team_manager"], now=NOW, dispute=dispute,
                      closed_on=date(2026, 3, 5), outcome="resolved")
    assert not Dispute.objects.filter(closed_on__isnull=False).exists()


# Escalating, responding, closing --------------------------------------------------------


def test_the_whole_process_from_informal_to_cafcass(world):
    into_care(world)
    iro, manager = world.users["iro"], world.users["team_manager"]
    dispute = raise_dispute(world, on=date(2026, 3, 2))
    first = dispute.stages.get()
    # No response in time: the IRO goes straight to the service manager (skipping a stage).
    second = dispute_escalate(actor=iro, now=NOW, dispute=dispute, on=date(2026, 3, 10),
                              stage="service_manager", addressed_to="Service manager, North")
    assert second.response_due == date(2026, 3, 17)
    dispute_respond(actor=manager, now=NOW, stage=second, responded_on=date(2026, 3, 16),
                    response="Permanence planning meeting booked")
    rows = ledger(world.child, "IR2")
    # The first stage's clock ended unanswered when the next opened; the second was met.
    assert rows == [(date(2026, 3, 2), date(2026, 3, 9), None, date(2026, 3, 10)),
                    (date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 16), None)]
    first.refresh_from_db()
    assert first.responded_on is None
    closed = dispute_close(actor=iro, now=NOW, dispute=dispute, closed_on=date(2026, 4, 1),
                           outcome="cafcass", outcome_note="No plan; referred to Cafcass")
    assert (closed.closed_on, closed.outcome) == (date(2026, 4, 1), "cafcass")
    # IR1 met late: 20 working days from 2 March was 30 March.
    assert ledger(world.child, "IR1") == [(date(2026, 3, 2), date(2026, 3, 30), date(2026, 4, 1),
                                           None)]
    actions = list(AuditEvent.objects.filter(action__icontains="dispute").order_by("id")
                   .values_list("action", flat=True))
    assert len(actions) == 4
    assert "escalated on 10 March 2026 from informal" in actions[1]
    assert "to service manager (Service manager, North)" in actions[1]
    assert "closed on 1 April 2026 after 22 working days: referred to cafcass" in actions[3]


def test_escalation_never_goes_backwards_or_before_the_last_stage(world):
    into_care(world)
    iro = world.users["iro"]
    dispute = raise_dispute(world, stage="team_manager", on=date(2026, 3, 2))
    for stage, on, field in (("informal", date(2026, 3, 5), "stage"),
                             ("team_manager", date(2026, 3, 5), "stage"),
                             ("unknown", date(2026, 3, 5), "stage"),
                             ("director", date(2026, 2, 27), "on")):
        with pytest.raises(ValidationError) as refused:
            dispute_escalate(actor=iro, now=NOW, dispute=dispute, on=on, stage=stage)
        assert field in refused.value.message_dict
    assert dispute.stages.count() == 1
    dispute_escalate(actor=iro, now=NOW, dispute=dispute, on=date(2026, 3, 2), stage="director")
    assert dispute.stages.count() == 2


def test_one_response_per_stage_and_not_before_it_opened(world):
    into_care(world)
    dispute = raise_dispute(world, on=date(2026, 3, 2))
    stage = dispute.stages.get()
    worker = world.users["social_worker"]
    with pytest.raises(ValidationError) as refused:
        dispute_respond(actor=worker, now=NOW, stage=stage, responded_on=date(2026, 3, 1),
                        response="Agreed")
    assert "responded_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        dispute_respond(actor=worker, now=NOW, stage=stage, responded_on=date(2026, 3, 3),
                        response="  ")
    assert "response" in refused.value.message_dict
    stage.refresh_from_db()
    assert stage.responded_on is None
    dispute_respond(actor=worker, now=NOW, stage=stage, responded_on=date(2026, 3, 12),
                    response="Agreed to a permanence meeting")
    assert "after it was due on 9 March 2026" in AuditEvent.objects.latest("id").action
    with pytest.raises(CareError):
        dispute_respond(actor=worker, now=NOW, stage=stage, responded_on=date(2026, 3, 13),
                        response="Again")


def test_closing_refuses_bad_dates_outcomes_and_a_second_close(world):
    into_care(world)
    iro = world.users["iro"]
    dispute = raise_dispute(world, on=date(2026, 3, 2))
    dispute_respond(actor=world.users["social_worker"], now=NOW, stage=dispute.stages.get(),
                    responded_on=date(2026, 3, 6), response="Agreed")
    for kwargs, field in (({"closed_on": date(2026, 3, 5), "outcome": "resolved"}, "closed_on"),
                          ({"closed_on": date(2026, 3, 9), "outcome": "won"}, "outcome"),
                          ({"closed_on": date(2026, 3, 9), "outcome": "cafcass"},
                           "outcome_note")):
        with pytest.raises(ValidationError) as refused:
            dispute_close(actor=iro, now=NOW, dispute=dispute, **kwargs)
        assert field in refused.value.message_dict
    dispute.refresh_from_db()
    assert dispute.closed_on is None
    dispute_close(actor=iro, now=NOW, dispute=dispute, closed_on=date(2026, 3, 9),
                  outcome="resolved")
    with pytest.raises(CareError):
        dispute_close(actor=iro, now=NOW, dispute=dispute, closed_on=date(2026, 3, 10),
                      outcome="resolved")
    with pytest.raises(CareError):
        dispute_escalate(actor=iro, now=NOW, dispute=dispute, on=date(2026, 3, 10),
                         stage="director")
    assert ledger(world.child, "IR1")[0][2] == date(2026, 3, 9)


def test_the_iro_records_contact_with_the_child(world):
    into_care(world)
    contact = iro_contact_record(actor=world.users["iro"], now=NOW, child=world.child,
                                 on=date(2026, 2, 10), how="school", note="Talked about home")
    assert (contact.iro, contact.period) == (world.users["iro"], world.child.care_periods.get())
    assert "had contact with Amelia Hartley on 10 February 2026 (at school or college)" in (
        AuditEvent.objects.latest("id").action)
    with pytest.raises(ValidationError) as refused:
        iro_contact_record(actor=world.users["iro"], now=NOW, child=world.child,
                           on=date(2025, 12, 1), how="nowhere")
    assert set(refused.value.message_dict) == {"on", "how"}
    with pytest.raises(NotPermitted):
        iro_contact_record(actor=world.users["social_worker"], now=NOW, child=world.child,
                           on=date(2026, 2, 10), how="school")
    assert IroContact.objects.count() == 1


# Pages -----------------------------------------------------------------------------------------

TODAY = timezone.localdate()
PAGE_NOW = datetime.combine(TODAY, datetime.min.time(), LONDON).replace(hour=12)


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(page, element_id, end="</table>"):
    part = page[page.index(f'id="{element_id}"'):]
    return part[:part.index(end)]


def day(name, on):
    return {f"{name}_day": on.day, f"{name}_month": on.month, f"{name}_year": on.year}


def reviews_url(world, tail="", child=None):
    return f"/children/{(child or world.child).pk}/care/{tail}"


def in_care_now(world, days=120, child=None):
    actor = world.users["stranger" if child == world.other_child else "social_worker"]
    return care_start(actor=actor, now=PAGE_NOW, child=child or world.child,
                      start=TODAY - timedelta(days=days), legal_status="C2",
                      category_of_need="N1", placement=FOSTER, home_postcode="HU1 2AA")


def open_dispute(world, days_ago=40, child=None, **kwargs):
    return dispute_raise(actor=world.users["iro"], now=PAGE_NOW, child=child or world.child,
                         raised_on=TODAY - timedelta(days=days_ago), **{**CONCERN, **kwargs})


def test_the_reviews_page_lists_reviews_contacts_and_disputes(client, world):
    from lantern.care.services import review_record

    in_care_now(world)
    iro = world.users["iro"]
    review_record(actor=iro, now=PAGE_NOW, child=world.child, held_on=TODAY - timedelta(days=100),
                  participation="PN1", iro=iro, decisions="Stay with carers",
                  permanence_plan="Long-term fostering")
    iro_contact_record(actor=iro, now=PAGE_NOW, child=world.child,
                       on=TODAY - timedelta(days=60), how="virtual", note="Asked about school")
    dispute = open_dispute(world, days_ago=40)
    stage = dispute.stages.get()
    client.force_login(world.users["team_manager"])
    page = client.get(reviews_url(world, "reviews/")).content.decode()
    assert "Long-term fostering" in text(section(page, "reviews-table"))
    assert "By video call" in text(section(page, "contacts-table"))
    card = text(section(page, f"dispute-{dispute.pk}", "</table>"))
    assert "The care plan has no plan for permanence" in card
    age = ENGLAND.working_days_between(dispute.raised_on, TODAY)
    assert f"Working days {age} of 20" in card and "Over 20 working days" in card
    stages = text(section(page, f"dispute-{dispute.pk}-stages"))
    due = stage.response_due
    assert f"{due.day} {due:%b %Y} Overdue" in stages
    assert "Record the response" in stages
    assert f"/disputes/{dispute.pk}/escalate/" in page
    assert f"/disputes/{dispute.pk}/close/" not in page  # the manager is not the IRO
    assert f'href="/children/{world.child.pk}/care/record-review/"' in page
    assert f'aria-current="page" href="{reviews_url(world, "reviews/")}"' in page
    assert AccessEvent.objects.filter(page="care:reviews", child=world.child).exists()
    client.force_login(iro)
    page = client.get(reviews_url(world, "reviews/")).content.decode()
    assert f"/disputes/{dispute.pk}/close/" in page and "Raise a dispute" in page


def test_a_stranger_finds_none_of_the_iro_pages(client, world):
    in_care_now(world)
    dispute = open_dispute(world)
    stage = dispute.stages.get()
    client.force_login(world.users["stranger"])
    for tail in ("reviews/", "reviews/iro-contact/", "disputes/raise/",
                 f"disputes/{dispute.pk}/escalate/", f"disputes/{dispute.pk}/close/",
                 f"disputes/{dispute.pk}/stages/{stage.pk}/respond/"):
        assert client.get(reviews_url(world, tail)).status_code == 404, tail
    # Another child's dispute is not found under this child.
    client.force_login(world.users["iro"])
    other = f"/children/{world.other_child.pk}/care/disputes/{dispute.pk}/escalate/"
    assert client.get(other).status_code == 404
    # Only IROs raise and close.
    client.force_login(world.users["social_worker"])
    assert client.get(reviews_url(world, "disputes/raise/")).status_code == 404


def test_raising_a_dispute_through_the_form(client, world):
    in_care_now(world)
    client.force_login(world.users["iro"])
    form = client.get(reviews_url(world, "disputes/raise/")).content.decode()
    assert "Team manager (5 working days to respond)" in form
    refused = client.post(reviews_url(world, "disputes/raise/"),
                          {**day("raised_on", TODAY), "stage": "informal", "concern": "",
                           "why": "x", "outcome_sought": "y"})
    body = refused.content.decode()
    assert refused.status_code == 200 and "<title>Error: " in body
    assert "There is a problem" in body and "Say what the concern is" in body
    assert not Dispute.objects.exists()
    done = client.post(reviews_url(world, "disputes/raise/"),
                       {**day("raised_on", TODAY), "stage": "team_manager",
                        "addressed_to": "Team manager A", **CONCERN})
    assert done.status_code == 302 and done.url == reviews_url(world, "reviews/")
    stage = Dispute.objects.get().stages.get()
    assert (stage.stage, stage.addressed_to) == ("team_manager", "Team manager A")


def test_escalating_responding_and_closing_through_the_forms(client, world):
    in_care_now(world)
    dispute = open_dispute(world, days_ago=10)
    first = dispute.stages.get()
    client.force_login(world.users["team_manager"])
    respond = reviews_url(world, f"disputes/{dispute.pk}/stages/{first.pk}/respond/")
    refused = client.post(respond, {**day("responded_on", first.opened_on - timedelta(days=1)),
                                    "response": "Agreed"})
    assert "The response cannot be before the stage opened" in refused.content.decode()
    assert client.post(respond, {**day("responded_on", TODAY), "response": "Agreed in part"}
                       ).status_code == 302
    escalate = reviews_url(world, f"disputes/{dispute.pk}/escalate/")
    form = client.get(escalate).content.decode()
    assert 'value="informal"' not in form and 'value="director"' in form
    assert client.post(escalate, {**day("on", TODAY), "stage": "director",
                                  "addressed_to": "Director"}).status_code == 302
    assert "at the last stage" in client.get(escalate).content.decode()
    client.force_login(world.users["iro"])
    close = reviews_url(world, f"disputes/{dispute.pk}/close/")
    refused = client.post(close, {**day("closed_on", TODAY), "outcome": "cafcass"})
    assert "Say what happened" in refused.content.decode()
    assert client.post(close, {**day("closed_on", TODAY), "outcome": "cafcass",
                               "outcome_note": "Referred to Cafcass"}).status_code == 302
    dispute.refresh_from_db()
    assert dispute.outcome == "cafcass"
    assert "This dispute is closed." in client.get(close).content.decode()
    page = client.get(reviews_url(world, "reviews/")).content.decode()
    assert "Referred to Cafcass on" in text(section(page, f"dispute-{dispute.pk}-outcome", "</dd>"))


def test_recording_iro_contact_through_the_form(client, world):
    in_care_now(world)
    client.force_login(world.users["iro"])
    url = reviews_url(world, "reviews/iro-contact/")
    refused = client.post(url, {**day("on", TODAY)})
    assert "Choose how the contact took place" in refused.content.decode()
    assert client.post(url, {**day("on", TODAY), "how": "placement", "note": "Seen at home"}
                       ).status_code == 302
    assert IroContact.objects.get().note == "Seen at home"


def test_the_reviews_page_stays_within_its_query_budget(client, world,
                                                        django_assert_max_num_queries):
    from lantern.care.services import review_record

    in_care_now(world, days=400)
    iro = world.users["iro"]
    for i in range(6):
        review_record(actor=iro, now=PAGE_NOW, child=world.child,
                      held_on=TODAY - timedelta(days=390 - 60 * i), participation="PN1", iro=iro)
        iro_contact_record(actor=iro, now=PAGE_NOW, child=world.child,
                           on=TODAY - timedelta(days=380 - 60 * i), how="placement")
        d = open_dispute(world, days_ago=370 - 60 * i)
        dispute_escalate(actor=iro, now=PAGE_NOW, dispute=d, on=d.raised_on + timedelta(days=8),
                         stage="team_manager")
        if i < 5:
            dispute_close(actor=iro, now=PAGE_NOW, dispute=d,
                          closed_on=d.raised_on + timedelta(days=20), outcome="resolved")
    client.force_login(world.users["team_manager"])
    client.get(reviews_url(world, "reviews/"))
    with django_assert_max_num_queries(16):
        page = client.get(reviews_url(world, "reviews/"))
    assert page.status_code == 200 and page.content.decode().count("govuk-summary-card\"") == 6
    for tail in ("disputes/raise/", f"disputes/{d.pk}/escalate/", f"disputes/{d.pk}/close/"):
        client.force_login(iro)
        with django_assert_max_num_queries(12):
            assert client.get(reviews_url(world, tail)).status_code == 200


# The managers' view ------------------------------------------------------------------------------


def test_the_managers_view_lists_what_the_reader_may_see(client, world,
                                                         django_assert_max_num_queries):
    in_care_now(world)
    in_care_now(world, child=world.other_child)
    late = open_dispute(world, days_ago=40)
    recent = open_dispute(world, days_ago=1, stage="service_manager")
    elsewhere = open_dispute(world, days_ago=3, child=world.other_child)
    closed_one = open_dispute(world, days_ago=45)
    dispute_close(actor=world.users["iro"], now=PAGE_NOW, dispute=closed_one,
                  closed_on=TODAY - timedelta(days=2), outcome="cafcass",
                  outcome_note="Care plan not changed")
    client.force_login(world.users["team_manager"])
    client.get("/care/disputes/")
    with django_assert_max_num_queries(12):
        page = client.get("/care/disputes/").content.decode()
    table = text(section(page, "disputes-table"))
    assert "Amelia Hartley" in table and "Oliver Brennan" not in table  # another team's child
    assert f'id="dispute-{elsewhere.pk}"' not in page
    assert text(section(page, "count-response-overdue", "</dd>")).endswith(">1: Amelia Hartley")
    assert text(section(page, "count-past-limit", "</dd>")).endswith(">1: Amelia Hartley")
    assert text(section(page, "stage-informal", "</tr>")).endswith("1 at this stage")
    assert text(section(page, "stage-service_manager", "</tr>")).endswith("1 at this stage")
    outcomes = text(section(page, "outcome-cafcass", "</tr>"))
    assert "> Referred to Cafcass 1 Amelia Hartley" in outcomes
    assert "1 closed; 0 (0%) within 20 working days." in text(section(page, "closed-headline",
                                                                       "</p>"))
    overdue = client.get("/care/disputes/", {"overdue": "1"}).content.decode()
    assert f'id="dispute-{late.pk}"' in overdue and f'id="dispute-{recent.pk}"' not in overdue
    by_stage = client.get("/care/disputes/", {"stage": "service_manager"}).content.decode()
    assert f'id="dispute-{recent.pk}"' in by_stage and f'id="dispute-{late.pk}"' not in by_stage
    client.force_login(world.users["iro"])  # an IRO sees every child
    page = client.get("/care/disputes/").content.decode()
    assert f'id="dispute-{elsewhere.pk}"' in page
    client.force_login(world.users["social_worker"])
    assert client.get("/care/disputes/").status_code == 404
