"""A family's legal work before court through the services: opening the case, legal gateway
meetings, pre-proceedings (letter, meetings, the decision), family group conferences,
commissioned assessments, connected people with viability assessments, and the placement
flag for a connected person not yet assessed. Every refusal saves nothing."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from conftest import allocate
from lantern.access.policy import NotPermitted
from lantern.audit.models import AuditEvent
from lantern.care.services import PlacementDetails, care_start
from lantern.core.calendar import LONDON
from lantern.legal.models import (
    CommissionedAssessment,
    ConnectedPerson,
    FamilyGroupConference,
    GatewayAction,
    GatewayMeeting,
    LegalCase,
    LegalCaseChild,
    PreProceedings,
    PreProceedingsMeeting,
    ViabilityAssessment,
)
from lantern.legal.services.preproceedings import (
    assessment_commission,
    assessment_complete,
    case_child_add,
    case_open,
    connected_person_identify,
    connected_person_rule_out,
    fgc_offer,
    fgc_outcome,
    gateway_action_done,
    gateway_meeting_record,
    letter_before_proceedings_record,
    placement_connected_person_link,
    pp_decide,
    pp_meeting_record,
    viability_complete,
    viability_request,
)
from lantern.obligations.models import Obligation
from lantern.people.factories import ChildFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, tzinfo=LONDON)
OPENED = date(2026, 6, 1)
GATEWAY = date(2026, 6, 8)


def open_case(world, children=None, **kwargs):
    worker = world.users["social_worker"]
    args = {"actor": worker, "now": NOW, "children": [world.child] if children is None else children,
            "family_name": "The Hartley family", "owner": worker, "legal_adviser": "Council solicitor",
            "opened_on": OPENED, **kwargs}
    return case_open(**args)


def record_gateway(world, case, **kwargs):
    manager = world.users["team_manager"]
    args = {"actor": manager, "now": NOW, "case": case, "held_on": GATEWAY, "chair": manager,
            "legal_adviser": "Council solicitor", "social_worker": world.users["social_worker"],
            "others": "Health visitor", "threshold": "met", "decision": "pre_proceedings",
            "rationale": "Neglect continues despite eight months of a child protection plan.",
            "actions": [], **kwargs}
    return gateway_meeting_record(**args)


def started(world, *, letter=True):
    """A case in pre-proceedings from the gateway meeting, the letter sent 3 days in."""
    case = open_case(world)
    record_gateway(world, case)
    pp = case.pre_proceedings.get()
    if letter:
        letter_before_proceedings_record(actor=world.users["social_worker"], now=NOW, pp=pp,
                                         sent_on=GATEWAY + timedelta(days=3), parents_represented=True)
    return case, PreProceedings.objects.get(pk=pp.pk)


def clocks(child, rule_id):
    return list(Obligation.objects.filter(child=child, rule_id=rule_id).order_by("start_on")
                .values_list("start_on", "due_on", "met_on"))


def trail(child, text):
    return AuditEvent.objects.filter(child=child, action__icontains=text)


def refused(call, field, text):
    with pytest.raises(ValidationError) as caught:
        call()
    assert text.lower() in " ".join(caught.value.message_dict[field]).lower()


# The case --------------------------------------------------------------------------------


def test_a_case_gets_the_next_plo_family_reference_and_an_audit_entry(world):
    case = open_case(world)
    assert case.reference == "LF-2026-0001"
    assert list(case.children.all()) == [world.child]
    assert trail(world.child, "legal work started on 1 June 2026").count() == 1
    sibling = ChildFactory(first_name="Ben", last_name="Hartley")
    allocate(sibling, world.users["social_worker"], start=OPENED)
    second = open_case(world, children=[sibling], family_name="Ben's family")
    assert second.reference == "LF-2026-0002"


def test_a_case_needs_children_a_name_and_a_social_worker_or_manager_to_lead_it(world):
    refused(lambda: open_case(world, children=[], family_name=""), "children", "choose the children")
    refused(lambda: open_case(world, family_name=" "), "family_name", "family's name")
    refused(lambda: open_case(world, owner=world.users["front_door"]), "owner", "social worker or a manager")
    refused(lambda: open_case(world, opened_on=NOW.date() + timedelta(days=1)), "opened_on", "future")
    assert LegalCase.objects.count() == 0 and AuditEvent.objects.filter(child=world.child).count() == 0


def test_a_child_the_actor_cannot_see_cannot_join_a_case(world):
    with pytest.raises(NotPermitted):
        open_case(world, children=[world.child, world.other_child])
    with pytest.raises(NotPermitted):
        open_case(world, actor=world.users["iro"])
    assert LegalCase.objects.count() == 0


def test_a_child_is_in_one_open_case_at_a_time_and_a_sibling_can_join(world):
    case = open_case(world)
    refused(lambda: open_case(world), "children", "already part of the legal work")
    assert LegalCase.objects.count() == 1
    sibling = ChildFactory(first_name="Ben", last_name="Hartley")
    allocate(sibling, world.users["social_worker"], start=OPENED)
    case_child_add(actor=world.users["social_worker"], now=NOW, case=case, child=sibling,
                   added_on=date(2026, 6, 3))
    assert set(case.children.all()) == {world.child, sibling}
    assert trail(world.child, "Ben Hartley joined").count() == trail(sibling, "Ben Hartley joined").count() == 1
    refused(lambda: case_child_add(actor=world.users["social_worker"], now=NOW, case=case, child=sibling,
                                   added_on=date(2026, 6, 3)), "child", "already part of this")
    assert LegalCaseChild.objects.count() == 2


# Legal gateway meetings ------------------------------------------------------------------


def test_a_gateway_decision_to_enter_pre_proceedings_starts_them_from_the_meeting(world):
    case = open_case(world)
    worker = world.users["social_worker"]
    meeting = record_gateway(world, case, actions=[("Book the initial meeting", worker, date(2026, 6, 15))])
    pp = PreProceedings.objects.get(case=case)
    assert pp.started_on == GATEWAY and pp.gateway == meeting and pp.is_open
    assert meeting.actions.get().owner == worker
    assert trail(world.child, "legal gateway meeting on 8 June 2026").count() == 1
    assert trail(world.child, "pre-proceedings started on 8 June 2026").count() == 1
    # L3: the decision to issue or step down is due 16 weeks after the start.
    assert clocks(world.child, "L3") == [(GATEWAY, GATEWAY + timedelta(weeks=16), None)]


def test_a_gateway_meeting_other_decisions_do_not_start_pre_proceedings(world):
    case = open_case(world)
    record_gateway(world, case, decision="further_assessment", threshold="unclear")
    assert not PreProceedings.objects.exists() and clocks(world.child, "L3") == []


@pytest.mark.parametrize(("change", "field", "text"), [
    ({"rationale": "  "}, "rationale", "a decision without rationale"),
    ({"legal_adviser": ""}, "legal_adviser", "legal adviser"),
    ({"chair": "social_worker"}, "chair", "chaired by a team manager"),
    ({"held_on": NOW.date() + timedelta(days=1)}, "held_on", "future"),
    ({"decision": "maybe"}, "decision", "choose the decision"),
    ({"threshold": ""}, "threshold", "threshold"),
    ({"actions": [("Book the meeting", None, date(2026, 6, 15))]}, "actions", "who will do it"),
    ({"actions": [("Book the meeting", "social_worker", date(2026, 6, 1))]}, "actions", "before the meeting"),
])
def test_a_gateway_meeting_is_refused_and_nothing_saved(world, change, field, text):
    case = open_case(world)
    for key in ("chair",):
        if change.get(key) in world.users:
            change[key] = world.users[change[key]]
    if "actions" in change:
        change["actions"] = [(d, world.users[o] if o else None, due) for d, o, due in change["actions"]]
    refused(lambda: record_gateway(world, case, **change), field, text)
    assert not GatewayMeeting.objects.exists() and not GatewayAction.objects.exists()
    assert not PreProceedings.objects.exists() and not trail(world.child, "gateway").exists()


def test_only_a_manager_records_the_gateway_decision(world):
    case = open_case(world)
    with pytest.raises(NotPermitted):
        record_gateway(world, case, actor=world.users["social_worker"])
    assert not GatewayMeeting.objects.exists()


def test_pre_proceedings_cannot_be_entered_twice_while_open(world):
    case, _pp = started(world)
    refused(lambda: record_gateway(world, case, held_on=date(2026, 7, 1)), "decision",
            "open since 8 June 2026")
    assert GatewayMeeting.objects.count() == 1 and PreProceedings.objects.count() == 1


def test_a_gateway_action_is_done_once_not_before_the_meeting(world):
    case = open_case(world)
    worker = world.users["social_worker"]
    record_gateway(world, case, actions=[("Book the initial meeting", worker, date(2026, 6, 15))])
    action = GatewayAction.objects.get()
    refused(lambda: gateway_action_done(actor=worker, now=NOW, action=action, done_on=date(2026, 6, 1)),
            "done_on", "before the meeting")
    assert GatewayAction.objects.get().done_on is None
    gateway_action_done(actor=worker, now=NOW, action=action, done_on=date(2026, 6, 10))
    assert GatewayAction.objects.get().done_on == date(2026, 6, 10)
    assert trail(world.child, "action done on 10 June 2026").count() == 1
    refused(lambda: gateway_action_done(actor=worker, now=NOW, action=action, done_on=date(2026, 6, 11)),
            "done_on", "already done")


# Pre-proceedings -------------------------------------------------------------------------


def test_the_letter_before_proceedings_is_not_before_the_start(world):
    _case, pp = started(world, letter=False)
    worker = world.users["social_worker"]
    refused(lambda: letter_before_proceedings_record(actor=worker, now=NOW, pp=pp, sent_on=date(2026, 6, 1)),
            "sent_on", "before pre-proceedings started")
    assert PreProceedings.objects.get().letter_sent_on is None
    letter_before_proceedings_record(actor=worker, now=NOW, pp=pp, sent_on=date(2026, 6, 10))
    assert PreProceedings.objects.get().letter_sent_on == date(2026, 6, 10)
    assert trail(world.child, "letter before proceedings sent on 10 June 2026").count() == 1


def meeting(world, pp, kind, held_on, **kwargs):
    return pp_meeting_record(actor=world.users["social_worker"], now=NOW, pp=pp, kind=kind, held_on=held_on,
                             parents_attended=True, notes="", **kwargs)


def test_review_meetings_every_six_weeks_after_the_initial_meeting_l11(world):
    _case, pp = started(world)
    initial = date(2026, 6, 18)
    meeting(world, pp, "initial", initial)
    assert clocks(world.child, "L11") == [(initial, initial + timedelta(weeks=6), None)]
    review = date(2026, 7, 23)  # 5 weeks on: in time
    meeting(world, pp, "review", review)
    assert clocks(world.child, "L11") == [(initial, initial + timedelta(weeks=6), review),
                                          (review, review + timedelta(weeks=6), None)]
    assert trail(world.child, "review meeting held on 23 July 2026; the parents attended").count() == 1


@pytest.mark.parametrize(("kind", "held_on", "field", "text"), [
    ("initial", date(2026, 6, 1), "held_on", "before pre-proceedings started"),
    ("review", date(2026, 7, 1), "kind", "record the initial meeting first"),
    ("initial", NOW.date() + timedelta(days=1), "held_on", "future"),
    ("other", date(2026, 7, 1), "kind", "initial meeting or a review"),
])
def test_a_meeting_is_refused_and_nothing_saved(world, kind, held_on, field, text):
    _case, pp = started(world)
    refused(lambda: meeting(world, pp, kind, held_on), field, text)
    assert not PreProceedingsMeeting.objects.exists()


def test_one_initial_meeting_and_reviews_after_it_and_not_after_the_decision(world):
    _case, pp = started(world)
    meeting(world, pp, "initial", date(2026, 6, 18))
    refused(lambda: meeting(world, pp, "initial", date(2026, 6, 25)), "kind", "already recorded")
    refused(lambda: meeting(world, pp, "review", date(2026, 6, 18)), "held_on", "after the initial meeting")
    pp_decide(actor=world.users["team_manager"], now=NOW, pp=pp, decision="step_down",
              decision_on=date(2026, 8, 3), rationale="Parents engaged; risks reduced.",
              outcome="child_protection")
    refused(lambda: meeting(world, pp, "review", date(2026, 8, 10)), "held_on", "after the decision")
    assert PreProceedingsMeeting.objects.count() == 1


def decide(world, pp, **kwargs):
    args = {"actor": world.users["team_manager"], "now": NOW, "pp": pp, "decision": "issue",
            "decision_on": date(2026, 9, 14), "rationale": "No sustained change; the children remain at risk.",
            "outcome": "", "court_application_on": date(2026, 9, 21), **kwargs}
    return pp_decide(**args)


def test_the_decision_to_issue_meets_l3_and_ends_the_reviews(world):
    _case, pp = started(world)
    meeting(world, pp, "initial", date(2026, 6, 18))
    decide(world, pp)
    pp = PreProceedings.objects.get()
    assert (pp.decision, pp.outcome, pp.court_application_on) == ("issue", "issued", date(2026, 9, 21))
    assert not pp.is_open
    assert clocks(world.child, "L3") == [(GATEWAY, GATEWAY + timedelta(weeks=16), date(2026, 9, 14))]
    l11 = Obligation.objects.get(child=world.child, rule_id="L11")
    assert l11.met_on is None and l11.ended_on == date(2026, 9, 14)
    events = trail(world.child, "decision on 14 September 2026 to issue care proceedings after 14 weeks")
    assert events.count() == 1 and "no sustained change" in events.get().reason.lower()
    refused(lambda: decide(world, pp, decision_on=date(2026, 9, 20)), "decision", "already recorded")


def test_a_step_down_outcome_is_a_step_down(world):
    _case, pp = started(world)
    decide(world, pp, decision="step_down", outcome="child_in_need", court_application_on=None)
    assert PreProceedings.objects.get().get_outcome_display() == "Stepped down: child in need plan"
    assert trail(world.child, "to step down").count() == 1


@pytest.mark.parametrize(("change", "field", "text"), [
    ({"rationale": ""}, "rationale", "a decision without rationale"),
    ({"decision": "step_down", "outcome": "issued", "court_application_on": None}, "outcome", "stepped down to"),
    ({"decision": "step_down", "outcome": "child_protection"}, "court_application_on", "only a decision to issue"),
    ({"outcome": "child_in_need"}, "outcome", "care proceedings issued"),
    ({"court_application_on": date(2026, 9, 1)}, "court_application_on", "before the decision"),
    ({"decision_on": date(2026, 6, 1)}, "decision_on", "before pre-proceedings started"),
    ({"decision_on": NOW.date() + timedelta(days=1)}, "decision_on", "future"),
    ({"decision": ""}, "decision", "issue care proceedings or step down"),
])
def test_a_decision_is_refused_and_nothing_saved(world, change, field, text):
    _case, pp = started(world)
    refused(lambda: decide(world, pp, **change), field, text)
    pp = PreProceedings.objects.get()
    assert pp.is_open and pp.decision == "" and pp.outcome == ""
    assert not trail(world.child, "decision on").exists()


def test_a_decision_needs_the_letter_but_not_the_initial_meeting(world):
    _case, pp = started(world, letter=False)
    refused(lambda: decide(world, pp), "decision", "initial meeting need not have been held")
    assert PreProceedings.objects.get().is_open
    letter_before_proceedings_record(actor=world.users["social_worker"], now=NOW, pp=pp,
                                     sent_on=date(2026, 6, 10))
    decide(world, pp)  # no initial meeting yet: allowed
    assert not PreProceedings.objects.get().is_open


def test_a_social_worker_cannot_decide(world):
    _case, pp = started(world)
    with pytest.raises(NotPermitted):
        decide(world, pp, actor=world.users["social_worker"])
    assert PreProceedings.objects.get().is_open


# Family group conferences and assessments ------------------------------------------------


def test_a_family_group_conference_offered_then_held_or_declined(world):
    case, pp = started(world)
    worker = world.users["social_worker"]
    conference = fgc_offer(actor=worker, now=NOW, case=case, pre_proceedings=pp, offered_on=date(2026, 6, 20))
    refused(lambda: fgc_outcome(actor=worker, now=NOW, conference=conference, held_on=date(2026, 6, 19),
                                outcome="Plan"), "held_on", "before it was offered")
    refused(lambda: fgc_outcome(actor=worker, now=NOW, conference=conference, declined=True,
                                held_on=date(2026, 7, 1), outcome="Plan"), "held_on", "declined")
    refused(lambda: fgc_outcome(actor=worker, now=NOW, conference=conference, declined=True, outcome=""),
            "outcome", "why the family declined")
    assert FamilyGroupConference.objects.get().held_on is None
    fgc_outcome(actor=worker, now=NOW, conference=conference, held_on=date(2026, 7, 4),
                outcome="Grandmother to care at weekends")
    assert FamilyGroupConference.objects.get().held_on == date(2026, 7, 4)
    assert trail(world.child, "family group conference offered on 20 June 2026 held on 4 July 2026").count() == 1
    refused(lambda: fgc_offer(actor=worker, now=NOW, case=case, offered_on=None), "offered_on", "enter")


def test_a_commissioned_assessment_and_its_findings(world):
    case, pp = started(world)
    worker = world.users["social_worker"]
    refused(lambda: assessment_commission(actor=worker, now=NOW, case=case, pre_proceedings=pp, kind="cognitive",
                                          subject="The mother", commissioned_on=date(2026, 6, 22),
                                          due_on=date(2026, 6, 1)), "due_on", "before it was commissioned")
    assert not CommissionedAssessment.objects.exists()
    assessment = assessment_commission(actor=worker, now=NOW, case=case, pre_proceedings=pp, kind="cognitive",
                                       subject="The mother", provider="Synthetic Psychology Ltd",
                                       commissioned_on=date(2026, 6, 22), due_on=date(2026, 8, 3))
    assert trail(world.child, "cognitive assessment of the mother commissioned").count() == 1
    refused(lambda: assessment_complete(actor=worker, now=NOW, assessment=assessment,
                                        completed_on=date(2026, 6, 1), findings="x"),
            "completed_on", "before it was commissioned")
    refused(lambda: assessment_complete(actor=worker, now=NOW, assessment=assessment,
                                        completed_on=date(2026, 7, 30), findings=""), "findings", "findings")
    assessment_complete(actor=worker, now=NOW, assessment=assessment, completed_on=date(2026, 7, 30),
                        findings="Needs support with written plans.")
    assert CommissionedAssessment.objects.get().completed_on == date(2026, 7, 30)


# Alternatives to care --------------------------------------------------------------------


def test_a_connected_person_ruled_out_cannot_be_assessed(world):
    case = open_case(world)
    worker = world.users["social_worker"]
    refused(lambda: connected_person_identify(actor=worker, now=NOW, case=case, name="", relationship="Aunt",
                                              identified_on=date(2026, 6, 2)), "name", "name")
    assert not ConnectedPerson.objects.exists()
    aunt = connected_person_identify(actor=worker, now=NOW, case=case, name="Jo Hartley", relationship="Aunt",
                                     identified_on=date(2026, 6, 2))
    refused(lambda: connected_person_rule_out(actor=worker, now=NOW, person=aunt, on=date(2026, 6, 9),
                                              reason=""), "reason", "why")
    connected_person_rule_out(actor=worker, now=NOW, person=aunt, on=date(2026, 6, 9),
                              reason="Lives abroad and cannot move.")
    assert trail(world.child, "jo hartley (aunt) ruled out").count() == 1
    refused(lambda: viability_request(actor=worker, now=NOW, person=aunt, requested_on=date(2026, 6, 10)),
            "requested_on", "ruled out")
    assert not ViabilityAssessment.objects.exists()


def test_a_negative_viability_does_not_count_as_assessed(world):
    case = open_case(world)
    worker = world.users["social_worker"]
    nan = connected_person_identify(actor=worker, now=NOW, case=case, name="Pat Hartley",
                                    relationship="Grandmother", identified_on=date(2026, 6, 2))
    viability = viability_request(actor=worker, now=NOW, person=nan, requested_on=date(2026, 6, 3))
    refused(lambda: viability_request(actor=worker, now=NOW, person=nan, requested_on=date(2026, 6, 4)),
            "requested_on", "awaited since")
    refused(lambda: viability_complete(actor=worker, now=NOW, assessment=viability, completed_on=date(2026, 6, 1),
                                       outcome="negative", by_whom="Kinship team", summary="x"),
            "completed_on", "before it was requested")
    viability_complete(actor=worker, now=NOW, assessment=viability, completed_on=date(2026, 6, 20),
                       outcome="negative", by_whom="Kinship team", summary="Cannot manage the children's needs.")
    assert ConnectedPerson.objects.get().assessed_on is None
    assert trail(world.child, "negative: not to be taken forward").count() == 1


KIN = PlacementDetails(placement_type="U3", provider="PR1", carer_kind="connected_person",
                       carer_name="Pat Hartley", postcode="HU5 3JA")
FOSTER = PlacementDetails(placement_type="U6", provider="PR1", carer_kind="in_house_foster",
                          carer_name="Synthetic foster family", postcode="HU5 3JA")


def in_care(world, placement):
    return care_start(actor=world.users["social_worker"], now=NOW, child=world.child, start=date(2026, 6, 5),
                      legal_status="V2", category_of_need="N1", placement=placement,
                      home_postcode="HU1 2AA").placements.get()


def test_a_connected_person_placement_is_unassessed_until_a_positive_viability(world):
    case = open_case(world)
    worker = world.users["social_worker"]
    placement = in_care(world, KIN)
    assert placement.unassessed
    nan = connected_person_identify(actor=worker, now=NOW, case=case, name="Pat Hartley",
                                    relationship="Grandmother", identified_on=date(2026, 6, 2))
    placement_connected_person_link(actor=worker, now=NOW, placement=placement, person=nan)
    placement.refresh_from_db()
    assert placement.connected_person == nan and placement.unassessed
    assert trail(world.child, "placement with pat hartley from 5 june 2026 linked to pat hartley").count() == 1
    viability = viability_request(actor=worker, now=NOW, person=nan, requested_on=date(2026, 6, 6))
    viability_complete(actor=worker, now=NOW, assessment=viability, completed_on=date(2026, 6, 26),
                       outcome="positive", by_whom="Kinship team", summary="Warm, safe home; proceed.")
    placement.refresh_from_db()
    assert placement.connected_person.assessed_on == date(2026, 6, 26)
    assert not placement.unassessed
    refused(lambda: placement_connected_person_link(actor=worker, now=NOW, placement=placement, person=nan),
            "placement", "already linked")


def test_only_a_connected_person_placement_can_be_linked(world):
    case = open_case(world)
    worker = world.users["social_worker"]
    placement = in_care(world, FOSTER)
    nan = connected_person_identify(actor=worker, now=NOW, case=case, name="Pat Hartley",
                                    relationship="Grandmother", identified_on=date(2026, 6, 2))
    refused(lambda: placement_connected_person_link(actor=worker, now=NOW, placement=placement, person=nan),
            "placement", "only a current placement with a connected person")
    placement.refresh_from_db()
    assert placement.connected_person is None and not trail(world.child, "linked to").exists()


def test_today_is_the_london_day_not_the_utc_one(world):
    # 00:30 on 1 July 2026 in London is still 30 June in UTC: a meeting held today is not "in the future".
    from datetime import UTC

    just_after_midnight = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    case = open_case(world, now=just_after_midnight)
    meeting = record_gateway(world, case, now=just_after_midnight, held_on=date(2026, 7, 1))
    assert meeting.held_on == date(2026, 7, 1)
