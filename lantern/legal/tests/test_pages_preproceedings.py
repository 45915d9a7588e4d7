"""The pages of legal work before court: starting a family's legal work from a child's
record, the legal gateway meeting, pre-proceedings, conferences, assessments, connected
people and placements. Each page: GET shows the form, bad input shows the GOV.UK error
summary and saves nothing, good input returns to the family's page; who may see them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import allocate
from lantern.access.tests.test_url_access import ALL_ROLES
from lantern.audit.models import AccessEvent
from lantern.care.services import PlacementDetails, care_start
from lantern.legal.factories import legal_case
from lantern.legal.models import (
    CommissionedAssessment,
    ConnectedPerson,
    FamilyGroupConference,
    GatewayAction,
    GatewayMeeting,
    LegalCase,
    PreProceedings,
    PreProceedingsMeeting,
    ViabilityAssessment,
)
from lantern.legal.services.preproceedings import (
    assessment_commission,
    connected_person_identify,
    fgc_offer,
    gateway_meeting_record,
    letter_before_proceedings_record,
    viability_request,
)
from lantern.people.factories import ChildFactory
from lantern.people.models import Relationship

pytestmark = pytest.mark.django_db

RECORDERS = {"social_worker", "colleague", "team_manager", "service_manager", "senior_leader"}


def day(prefix, on):
    return {f"{prefix}_day": on.day, f"{prefix}_month": on.month, f"{prefix}_year": on.year}


def today():
    return timezone.localdate()


@pytest.fixture
def case(world):
    return legal_case([world.child], world.users["social_worker"], opened_on=today() - timedelta(days=60),
                      at=timezone.now(), family_name="The Hartley family")


def start_pp(world, case, *, letter=True):
    manager = world.users["team_manager"]
    gateway_meeting_record(actor=manager, now=timezone.now(), case=case, held_on=today() - timedelta(days=50),
                           chair=manager, legal_adviser="Council solicitor", threshold="met",
                           decision="pre_proceedings", rationale="Concerns continue.")
    pp = case.pre_proceedings.get()
    if letter:
        letter_before_proceedings_record(actor=world.users["social_worker"], now=timezone.now(), pp=pp,
                                         sent_on=today() - timedelta(days=45))
    return PreProceedings.objects.get(pk=pp.pk)


def is_form(response):
    body = response.content.decode()
    return response.status_code == 200 and body.count("<h1") == 1 and "<form" in body


def has_errors(response, text):
    body = response.content.decode()
    return (response.status_code == 200 and "govuk-error-summary" in body and text in body
            and "<title>Error: " in body)


def back_to(response, case):
    return response.status_code == 302 and response["Location"] == reverse("legal:case", args=[case.pk])


# Starting legal work ---------------------------------------------------------------------


def test_start_legal_work_for_a_child_and_their_siblings(client, world):
    sibling = ChildFactory(first_name="Ben", last_name="Hartley")
    allocate(sibling, world.users["social_worker"], start=today() - timedelta(days=30))
    hidden = ChildFactory(first_name="Hidden", last_name="Sibling")
    Relationship.objects.create(child=world.child, other_child=sibling, kind="sibling")
    Relationship.objects.create(child=hidden, other_child=world.child, kind="half_sibling")
    client.force_login(world.users["social_worker"])
    url = reverse("legal:new") + f"?child={world.child.pk}"
    page = client.get(url)
    body = page.content.decode()
    assert is_form(page) and "Ben Hartley" in body and "Amelia Hartley" in body and "Hidden" not in body
    bad = client.post(url, {"family_name": "", "owner": world.users["social_worker"].pk,
                            **day("opened_on", today())})
    assert has_errors(bad, "Choose the children the legal work is about")
    assert has_errors(bad, "Enter the family&#x27;s name")
    assert not LegalCase.objects.exists()
    good = client.post(url, {"family_name": "The Hartley family", "children": [world.child.pk, sibling.pk],
                             "owner": world.users["social_worker"].pk, "legal_adviser": "Council solicitor",
                             **day("opened_on", today())})
    case = LegalCase.objects.get()
    assert back_to(good, case)
    assert case.reference == f"LF-{today().year}-0001" and set(case.children.all()) == {world.child, sibling}
    assert "Legal work started" in client.get(good["Location"]).content.decode()


def test_a_brother_or_a_new_baby_joins_the_legal_work(client, world, case):
    from lantern.legal.models import LegalCaseChild

    brother = ChildFactory(first_name="Ben", last_name="Hartley", council_id="LAN0000050")
    allocate(brother, world.users["social_worker"], start=today() - timedelta(days=30))
    Relationship.objects.create(child=world.child, other_child=brother, kind="sibling")
    baby = ChildFactory(first_name="Nia", last_name="Hartley", council_id="LAN0000051")
    allocate(baby, world.users["social_worker"], start=today() - timedelta(days=3))
    hidden = ChildFactory(first_name="Hidden", last_name="Hartley", council_id="LAN0000052")
    Relationship.objects.create(child=hidden, other_child=world.child, kind="half_sibling")
    client.force_login(world.users["social_worker"])
    url = reverse("legal:child-add", args=[case.pk])
    page = client.get(url)
    body = page.content.decode()
    assert is_form(page) and "Ben Hartley (LAN0000050)" in body and "Hidden" not in body
    assert "Amelia Hartley (" not in body  # already part of the work
    members = LegalCaseChild.objects.count()
    # Refused, nothing saved: neither given; both given; a child the worker cannot see; no date.
    for data, message in (
        ({**day("added_on", today())}, "Choose a child from the list or enter a council ID, not both"),
        ({"child": brother.pk, "council_id": "LAN0000051", **day("added_on", today())}, "not both"),
        ({"council_id": "LAN0000052", **day("added_on", today())}, "No child you can see has that council ID"),
        ({"council_id": world.other_child.council_id, **day("added_on", today())},
         "No child you can see has that council ID"),
        ({"child": brother.pk}, "Enter date they joined the legal work"),
        ({"child": brother.pk, **day("added_on", case.opened_on - timedelta(days=1))}, "legal work started"),
    ):
        assert has_errors(client.post(url, data), message), data
    assert LegalCaseChild.objects.count() == members
    assert back_to(client.post(url, {"child": brother.pk, **day("added_on", today())}), case)
    assert back_to(client.post(url, {"council_id": "lan0000051 ", **day("added_on", today())}), case)
    assert set(case.children.all()) == {world.child, brother, baby}
    family = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert "Nia Hartley" in family and "Add a child to the legal work" in family
    assert has_errors(client.post(url, {"council_id": "LAN0000051", **day("added_on", today())}),
                      "already part of this legal work")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_start_legal_work_is_for_recorders_who_see_the_child(client, world, role):
    client.force_login(world.users[role])
    page = client.get(reverse("legal:new") + f"?child={world.child.pk}")
    assert page.status_code == (200 if role in RECORDERS else 404)
    assert client.get(reverse("legal:new") + "?child=0").status_code == 404


# Legal gateway meetings ------------------------------------------------------------------


def test_a_gateway_meeting_page_for_managers(client, world, case):
    url = reverse("legal:gateway", args=[case.pk])
    client.force_login(world.users["social_worker"])
    assert client.get(url).status_code == 404
    manager = world.users["team_manager"]
    client.force_login(manager)
    assert is_form(client.get(url))
    data = {**day("held_on", today() - timedelta(days=1)), "chair": manager.pk,
            "legal_adviser": "Council solicitor", "threshold": "met", "decision": "pre_proceedings",
            "rationale": "", "action_1_description": "Send the letter before proceedings",
            "action_1_owner": world.users["social_worker"].pk, **day("action_1_due_on", today() + timedelta(days=5))}
    bad = client.post(url, data)
    assert has_errors(bad, "a decision without rationale cannot be recorded")
    assert not GatewayMeeting.objects.exists() and not PreProceedings.objects.exists()
    good = client.post(url, {**data, "rationale": "Neglect continues despite the plan."})
    assert back_to(good, case)
    assert GatewayAction.objects.get().description == "Send the letter before proceedings"
    assert PreProceedings.objects.get().started_on == today() - timedelta(days=1)
    family = client.get(good["Location"]).content.decode()
    assert "Legal gateway meeting recorded" in family and "Record the letter before proceedings" in family


def test_an_incomplete_action_is_refused(client, world, case):
    manager = world.users["team_manager"]
    client.force_login(manager)
    bad = client.post(reverse("legal:gateway", args=[case.pk]), {
        **day("held_on", today()), "chair": manager.pk, "legal_adviser": "Council solicitor",
        "threshold": "unclear", "decision": "further_assessment", "rationale": "More information needed.",
        "action_1_description": "Ask the school"})
    assert has_errors(bad, "Action 1: enter who will do it and when it is due")
    assert not GatewayMeeting.objects.exists()


def test_marking_an_action_done(client, world, case):
    manager, worker = world.users["team_manager"], world.users["social_worker"]
    gateway_meeting_record(actor=manager, now=timezone.now(), case=case, held_on=today() - timedelta(days=3),
                           chair=manager, legal_adviser="Council solicitor", threshold="met",
                           decision="further_assessment", rationale="More information needed.",
                           actions=[("Ask the school", worker, today())])
    action = GatewayAction.objects.get()
    client.force_login(worker)
    url = reverse("legal:action-done", args=[case.pk, action.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, day("done_on", today() - timedelta(days=10))), "before the meeting")
    assert GatewayAction.objects.get().done_on is None
    assert back_to(client.post(url, day("done_on", today())), case)
    assert GatewayAction.objects.get().done_on == today()
    assert "was done on" in client.get(url).content.decode()


# Pre-proceedings -------------------------------------------------------------------------


def test_the_letter_page(client, world, case):
    pp = start_pp(world, case, letter=False)
    client.force_login(world.users["social_worker"])
    url = reverse("legal:letter", args=[case.pk, pp.pk])
    assert is_form(client.get(url))
    assert AccessEvent.objects.filter(user=world.users["social_worker"], child=world.child,
                                      page="legal:letter").count() == 1
    assert has_errors(client.post(url, day("sent_on", today() - timedelta(days=55))),
                      "before pre-proceedings started")
    assert PreProceedings.objects.get().letter_sent_on is None
    assert back_to(client.post(url, {**day("sent_on", today() - timedelta(days=40)),
                                     "parents_represented": "yes"}), case)
    assert PreProceedings.objects.get().parents_represented is True


def test_the_meeting_page(client, world, case):
    pp = start_pp(world, case)
    client.force_login(world.users["social_worker"])
    url = reverse("legal:pp-meeting", args=[case.pk, pp.pk])
    assert is_form(client.get(url))
    bad = client.post(url, {"kind": "review", **day("held_on", today() - timedelta(days=40))})
    assert has_errors(bad, "Record the initial meeting first")
    assert not PreProceedingsMeeting.objects.exists()
    good = client.post(url, {"kind": "initial", **day("held_on", today() - timedelta(days=40)),
                             "parents_attended": "yes", "notes": "Both parents and their solicitors."})
    assert back_to(good, case) and PreProceedingsMeeting.objects.get().parents_attended is True


def test_the_decision_page_for_managers(client, world, case):
    pp = start_pp(world, case)
    url = reverse("legal:pp-decision", args=[case.pk, pp.pk])
    client.force_login(world.users["colleague"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["service_manager"])
    assert is_form(client.get(url))
    data = {"decision": "step_down", **day("decision_on", today()), "rationale": "Risks reduced.", "outcome": ""}
    assert has_errors(client.post(url, data), "Choose what the family stepped down to")
    assert PreProceedings.objects.get().is_open
    assert back_to(client.post(url, {**data, "outcome": "child_protection"}), case)
    assert PreProceedings.objects.get().outcome == "child_protection"
    assert "ended on" in client.get(url).content.decode()


# Conferences, assessments and connected people -------------------------------------------


def test_conference_pages(client, world, case):
    pp = start_pp(world, case)
    client.force_login(world.users["social_worker"])
    url = reverse("legal:fgc-offer", args=[case.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, day("offered_on", today() + timedelta(days=2))), "today or in the past")
    assert not FamilyGroupConference.objects.exists()
    assert back_to(client.post(url, day("offered_on", today() - timedelta(days=20))), case)
    conference = FamilyGroupConference.objects.get()
    assert conference.pre_proceedings == pp
    url = reverse("legal:fgc-outcome", args=[case.pk, conference.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, {"what": "held", "outcome": "A plan"}), "Enter the date it was held")
    assert back_to(client.post(url, {"what": "held", **day("held_on", today() - timedelta(days=5)),
                                     "outcome": "Grandmother to care at weekends"}), case)
    assert FamilyGroupConference.objects.get().held_on == today() - timedelta(days=5)


def test_assessment_pages(client, world, case):
    client.force_login(world.users["team_manager"])
    url = reverse("legal:assessment-commission", args=[case.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, {"kind": "parenting", **day("commissioned_on", today())}),
                      "Enter who is assessed")
    assert not CommissionedAssessment.objects.exists()
    assert back_to(client.post(url, {"kind": "parenting", "subject": "The father",
                                     **day("commissioned_on", today() - timedelta(days=9))}), case)
    assessment = CommissionedAssessment.objects.get()
    assert assessment.pre_proceedings is None  # no pre-proceedings open
    url = reverse("legal:assessment-complete", args=[case.pk, assessment.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, {**day("completed_on", today()), "findings": ""}),
                      "Enter the assessment")
    assert back_to(client.post(url, {**day("completed_on", today()), "findings": "Able to meet needs."}), case)
    assert CommissionedAssessment.objects.get().completed_on == today()


def test_connected_person_pages_and_the_placement_link(client, world, case):
    worker = world.users["social_worker"]
    client.force_login(worker)
    url = reverse("legal:person-add", args=[case.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, {"name": "Pat Hartley", **day("identified_on", today())}),
                      "Enter their relationship to the children")
    assert not ConnectedPerson.objects.exists()
    assert back_to(client.post(url, {"name": "Pat Hartley", "relationship": "Grandmother",
                                     **day("identified_on", today() - timedelta(days=20))}), case)
    person = ConnectedPerson.objects.get()
    url = reverse("legal:viability-request", args=[case.pk, person.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, day("requested_on", today() - timedelta(days=30))),
                      "before they were identified")
    assert back_to(client.post(url, day("requested_on", today() - timedelta(days=19))), case)
    viability = ViabilityAssessment.objects.get()
    url = reverse("legal:viability-complete", args=[case.pk, viability.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, {**day("completed_on", today()), "outcome": "positive", "summary": "Safe"}),
                      "Enter who did the assessment")
    assert back_to(client.post(url, {**day("completed_on", today() - timedelta(days=2)), "outcome": "positive",
                                     "by_whom": "Kinship team", "summary": "Safe and warm."}), case)
    assert ConnectedPerson.objects.get().assessed_on == today() - timedelta(days=2)

    url = reverse("legal:placement-link", args=[case.pk, person.pk])
    assert "No child in this legal work" in client.get(url).content.decode()
    period = care_start(actor=worker, now=timezone.now(), child=world.child, start=today() - timedelta(days=10),
                        legal_status="V2", category_of_need="N1", home_postcode="HU1 2AA",
                        placement=PlacementDetails(placement_type="U3", provider="PR1",
                                                   carer_kind="connected_person", carer_name="Pat Hartley",
                                                   postcode="HU5 3JA"))
    placement = period.placements.get()
    assert placement.unassessed
    assert is_form(client.get(url))
    assert has_errors(client.post(url, {}), "Choose the placement with this person")
    assert back_to(client.post(url, {"placement": placement.pk}), case)
    placement.refresh_from_db()
    assert placement.connected_person == person and not placement.unassessed

    url = reverse("legal:person-rule-out", args=[case.pk, person.pk])
    assert is_form(client.get(url))
    assert has_errors(client.post(url, day("on", today())), "Enter why they were ruled out")
    assert ConnectedPerson.objects.get().ruled_out_on is None


def test_an_id_from_another_family_is_not_found(client, world, case):
    worker = world.users["social_worker"]
    sibling = ChildFactory(first_name="Ben", last_name="Hartley")
    allocate(sibling, worker, start=today() - timedelta(days=30))
    other = legal_case([sibling], worker, opened_on=today() - timedelta(days=5), at=timezone.now())
    person = connected_person_identify(actor=worker, now=timezone.now(), case=other, name="Jo", relationship="Aunt",
                                       identified_on=today())
    conference = fgc_offer(actor=worker, now=timezone.now(), case=other, offered_on=today())
    assessment = assessment_commission(actor=worker, now=timezone.now(), case=other, kind="other",
                                       subject="The mother", commissioned_on=today())
    viability = viability_request(actor=worker, now=timezone.now(), person=person, requested_on=today())
    client.force_login(worker)
    for name, pk in (("person-rule-out", person.pk), ("viability-request", person.pk),
                     ("placement-link", person.pk), ("fgc-outcome", conference.pk),
                     ("assessment-complete", assessment.pk), ("viability-complete", viability.pk)):
        assert client.get(reverse(f"legal:{name}", args=[case.pk, pk])).status_code == 404, name
        assert client.get(reverse(f"legal:{name}", args=[other.pk, pk])).status_code == 200, name


def test_the_family_page_offers_the_recording_links(client, world, case):
    pp = start_pp(world, case)
    client.force_login(world.users["team_manager"])
    body = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert reverse("legal:gateway", args=[case.pk]) in body
    assert reverse("legal:pp-decision", args=[case.pk, pp.pk]) in body
    client.force_login(world.users["social_worker"])
    body = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert reverse("legal:gateway", args=[case.pk]) not in body
    assert reverse("legal:pp-meeting", args=[case.pk, pp.pk]) in body
    client.force_login(world.users["iro"])
    body = client.get(reverse("legal:case", args=[case.pk])).content.decode()
    assert reverse("legal:person-add", args=[case.pk]) not in body

