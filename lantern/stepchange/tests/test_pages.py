"""Level of need, step downs and step ups through their pages: the history, proposing a step
down (only the kinds that fit, its checklist, errors saving nothing), a manager's decision
(not the proposer's, never a social worker's), recording a step up, the Team page's list of
step downs awaiting a decision and the premature step-down measure."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from conftest import allocate
from lantern.audit.models import AuditEvent
from lantern.people.factories import ChildFactory
from lantern.people.models import Involvement
from lantern.protection.models import Plan as CPPlan
from lantern.stepchange.models import State, StepChange
from lantern.stepchange.services import step_down_propose, step_up_record

from .conftest import CIN_TO_EH_TICKED, day

pytestmark = pytest.mark.django_db


def _url(world, tail=""):
    return f"/children/{world.child.pk}/level-of-need/{tail}"


def _open_cin(refer, days_ago=60):
    return refer(timezone.localdate() - timedelta(days=days_ago), open_cin=True)


def _proposed(world, refer, by="social_worker"):
    _open_cin(refer)
    today = timezone.localdate()
    return step_down_propose(actor=world.users[by], today=today, child=world.child, kind="cin_to_eh",
                             on=today - timedelta(days=1), reason="Family engaging well with the plan.",
                             checklist=CIN_TO_EH_TICKED, lead_practitioner="Jo Bell, Family Hub")


def _no_change(world, events):
    assert not StepChange.objects.filter(child=world.child, direction="down").exclude(
        state=State.PROPOSED).exists()
    assert AuditEvent.objects.count() == events


# The level of need page ------------------------------------------------------------------


def test_the_history_is_newest_first_with_the_current_level_and_every_step_in_full(client, world, refer):
    _open_cin(refer, days_ago=120)
    today = timezone.localdate()
    step = step_down_propose(actor=world.users["social_worker"], today=today, child=world.child,
                             kind="cin_to_eh", on=today - timedelta(days=60), reason="Needs met at home.",
                             checklist=CIN_TO_EH_TICKED, lead_practitioner="Jo Bell, Family Hub")
    client.force_login(world.users["team_manager"])
    client.post(_url(world, f"{step.pk}/"), {"decision": "authorise", **day("decided_on", step.on),
                                            "rationale": "The family hub has accepted the case."})
    up = step_up_record(actor=world.users["social_worker"], today=today, child=world.child,
                        kind="eh_to_cin", on=today - timedelta(days=10), trigger="School reported new bruising.")
    client.force_login(world.users["colleague"])
    body = client.get(_url(world)).content.decode()
    table = body[body.index('id="history"'):body.index("</table>", body.index('id="history"'))]
    rows = table.split('id="involvement-')[1:]
    assert [r[r.index("<td"):].split("</td>")[0].count("Current") for r in rows] == [1, 0, 0]
    assert "Child in need" in rows[0] and "Early help" in rows[1] and "Child in need" in rows[2]
    assert "Stepped up: School reported new bruising." in rows[1]
    assert "Stepped down to early help (lead practitioner Jo Bell, Family Hub)" in rows[2]
    assert body.index(f'id="step-{up.pk}"') < body.index(f'id="step-{step.pk}"')  # newest first
    for text in ("Step up: early help to child in need", "Needs met at home.",
                 "Confirmed: An early help lead practitioner is named and has accepted",
                 "Jo Bell, Family Hub", "Authorised by", "The family hub has accepted the case.",
                 str(world.users["social_worker"])):
        assert text in body, text
    assert f'aria-current="page" href="/children/{world.child.pk}/level-of-need/"' in body


def test_level_of_need_follows_assessments_in_the_records_navigation(client, world):
    client.force_login(world.users["social_worker"])
    body = client.get(f"/children/{world.child.pk}/").content.decode()
    nav = body[body.index('class="moj-sub-navigation"'):]
    assert nav.index("Assessments") < nav.index("Level of need")
    assert f'href="/children/{world.child.pk}/level-of-need/"' in nav


@pytest.mark.parametrize("history", [1, 6])
def test_the_page_does_not_grow_with_history(client, world, refer, history, django_assert_max_num_queries):
    today = timezone.localdate()
    sw = world.users["social_worker"]
    Involvement.objects.create(child=world.child, level="early_help", start=today - timedelta(days=400))
    for i in range(history):
        up = today - timedelta(days=300 - 40 * i)
        step_up_record(actor=sw, today=today, child=world.child, kind="eh_to_cin", on=up, trigger="Concerns")
        Involvement.objects.filter(child=world.child, end__isnull=True).update(end=up + timedelta(days=20))
        Involvement.objects.create(child=world.child, level="early_help", start=up + timedelta(days=20))
    client.force_login(sw)
    with django_assert_max_num_queries(12):
        body = client.get(_url(world)).content.decode()
    assert body.count("Step up: early help to child in need") == history


def test_a_stranger_sees_no_level_of_need_page(client, world, refer):
    step = _proposed(world, refer)
    client.force_login(world.users["stranger"])
    for tail in ("", "step-down/", "step-up/"):
        assert client.get(_url(world, tail)).status_code == 404, tail
    client.force_login(world.users["other_team_manager"])
    assert client.get(_url(world, f"{step.pk}/")).status_code == 404


# Proposing a step down -------------------------------------------------------------------


def test_only_the_kinds_that_fit_the_current_level_are_offered(client, world, refer):
    client.force_login(world.users["social_worker"])
    assert "not open at a level of need that can step down" in client.get(_url(world, "step-down/")).content.decode()
    _open_cin(refer)
    body = client.get(_url(world, "step-down/")).content.decode()
    assert 'value="cin_to_eh"' in body and 'value="csc_to_universal"' in body
    assert 'value="cp_to_cin"' not in body
    # A kind that does not fit is asked again, not offered.
    body = client.get(_url(world, "step-down/"), {"kind": "cp_to_cin"}).content.decode()
    assert "<title>Error: " in body and 'name="reason"' not in body
    body = client.get(_url(world, "step-down/"), {"choose": "kind"}).content.decode()
    assert "Choose the kind of step down" in body and "<title>Error: " in body


def test_a_child_on_a_plan_is_offered_child_protection_to_child_in_need(client, world, on_cp_plan):
    today = timezone.localdate()
    on_cp_plan(today - timedelta(days=200), review=today - timedelta(days=3))
    client.force_login(world.users["social_worker"])
    body = client.get(_url(world, "step-down/")).content.decode()
    assert 'value="cp_to_cin"' in body and 'value="csc_to_universal"' in body and "cin_to_eh" not in body
    body = client.get(_url(world, "step-down/"), {"kind": "cp_to_cin"}).content.decode()
    assert "Evidence that risks have reduced" in body and "checked against the conference record" in body
    assert 'value="conference_decision"' not in body and 'value="risks_reduced"' in body
    events = AuditEvent.objects.count()
    bad = client.post(_url(world, "step-down/"), {
        "kind": "cp_to_cin", **day("on", today), "reason": "Risks reduced",
        "checklist": ["risks_reduced", "core_group_agreement", "cin_plan_ready"], "evidence": " "})
    assert "Describe the evidence that risks have reduced" in bad.content.decode()
    assert not StepChange.objects.filter(direction="down").exists() and AuditEvent.objects.count() == events
    good = client.post(_url(world, "step-down/"), {
        "kind": "cp_to_cin", **day("on", today), "reason": "Risks reduced",
        "checklist": ["risks_reduced", "core_group_agreement", "cin_plan_ready"],
        "evidence": "No injuries for three months; school reports her settled."})
    assert good.status_code == 302
    step = StepChange.objects.get(direction="down")
    assert step.checklist["conference_decision"] is True and step.cp_plan is not None
    assert CPPlan.objects.get(pk=step.cp_plan_id).end is None  # nothing ends until a manager agrees


def test_missing_checklist_items_show_an_error_and_save_nothing(client, world, refer):
    _open_cin(refer)
    client.force_login(world.users["social_worker"])
    body = client.get(_url(world, "step-down/"), {"kind": "cin_to_eh"}).content.decode()
    for key in ("lead_named", "family_agreement", "handover_held"):
        assert f'value="{key}"' in body
    assert "Early help lead practitioner" in body and "Evidence that risks" not in body
    events = AuditEvent.objects.count()
    response = client.post(_url(world, "step-down/"), {
        "kind": "cin_to_eh", **day("on", timezone.localdate()), "reason": "Needs met",
        "checklist": ["lead_named"], "lead_practitioner": ""})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in body and "govuk-error-summary" in body
    assert "Confirm every item of the checklist: the family agrees to early help; a handover" in body
    assert 'href="#id_checklist_0"' in body
    assert "Name the early help lead practitioner" in body
    assert not StepChange.objects.exists() and AuditEvent.objects.count() == events
    # Missing reason and date are the form's own errors.
    body = client.post(_url(world, "step-down/"), {"kind": "cin_to_eh"}).content.decode()
    assert "Give the reason for stepping down" in body and "Enter date of the step down" in body
    assert not StepChange.objects.exists()


def test_a_complete_proposal_is_saved_and_blocks_another(client, world, refer):
    _open_cin(refer)
    client.force_login(world.users["social_worker"])
    response = client.post(_url(world, "step-down/"), {
        "kind": "cin_to_eh", **day("on", timezone.localdate()), "reason": "Needs met",
        "checklist": list(CIN_TO_EH_TICKED), "lead_practitioner": "Jo Bell, Family Hub"})
    assert response.status_code == 302 and response["Location"] == _url(world)
    step = StepChange.objects.get()
    assert (step.state, step.lead_practitioner, step.proposed_by) == (
        State.PROPOSED, "Jo Bell, Family Hub", world.users["social_worker"])
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "cin"
    body = client.get(_url(world)).content.decode()
    assert "awaiting a manager" in body and "Propose a step down" not in body
    assert "already awaiting a manager" in client.get(_url(world, "step-down/")).content.decode()


def test_roles_that_do_not_propose_get_no_form(client, world, refer):
    _open_cin(refer)
    for role in ("iro", "performance", "front_door"):
        client.force_login(world.users[role])
        assert client.get(_url(world, "step-down/")).status_code == 404, role
        assert client.post(_url(world, "step-down/"), {"kind": "cin_to_eh"}).status_code == 404, role
    assert not StepChange.objects.exists()


# A manager's decision --------------------------------------------------------------------


def test_a_manager_authorises_and_the_level_of_need_changes(client, world, refer):
    step = _proposed(world, refer)
    client.force_login(world.users["team_manager"])
    body = client.get(_url(world, f"{step.pk}/")).content.decode()
    for text in ("Family engaging well with the plan.", "Jo Bell, Family Hub", "Save the decision",
                 "Confirmed: A handover meeting has been held"):
        assert text in body
    response = client.post(_url(world, f"{step.pk}/"), {
        "decision": "authorise", **day("decided_on", timezone.localdate()),
        "rationale": "Sustained change; the family hub has accepted."})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.state == State.AUTHORISED and step.decided_by == world.users["team_manager"]
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "early_help"
    assert "was authorised by" in client.get(_url(world, f"{step.pk}/")).content.decode()


def test_no_rationale_shows_an_error_and_changes_nothing(client, world, refer):
    step = _proposed(world, refer)
    client.force_login(world.users["service_manager"])
    events = AuditEvent.objects.count()
    body = client.post(_url(world, f"{step.pk}/"), {
        "decision": "authorise", **day("decided_on", timezone.localdate()), "rationale": ""}).content.decode()
    assert "<title>Error: " in body and "Give your rationale for the decision" in body
    body = client.post(_url(world, f"{step.pk}/"), {"decided_on_day": "31", "decided_on_month": "2",
                                                    "decided_on_year": "2024", "rationale": "x"}).content.decode()
    assert "Choose whether to authorise or decline" in body and "must be a real date" in body
    step.refresh_from_db()
    assert step.state == State.PROPOSED
    _no_change(world, events)
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "cin"


def test_the_proposer_cannot_authorise_their_own_step_down(client, world, refer):
    step = _proposed(world, refer, by="team_manager")
    client.force_login(world.users["team_manager"])
    body = client.get(_url(world, f"{step.pk}/")).content.decode()
    assert "You proposed this step down" in body and "Save the decision" not in body
    events = AuditEvent.objects.count()
    body = client.post(_url(world, f"{step.pk}/"), {
        "decision": "authorise", **day("decided_on", timezone.localdate()),
        "rationale": "I agree with myself."}).content.decode()
    assert "<title>Error: " in body and "a manager other than the one who proposed it" in body
    step.refresh_from_db()
    assert step.state == State.PROPOSED and step.decided_by is None
    _no_change(world, events)
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "cin"


def test_a_social_worker_cannot_open_or_post_the_decision(client, world, refer):
    step = _proposed(world, refer, by="team_manager")
    data = {"decision": "authorise", **day("decided_on", timezone.localdate()), "rationale": "Fine"}
    client.force_login(world.users["social_worker"])
    assert client.get(_url(world, f"{step.pk}/")).status_code == 404
    assert client.post(_url(world, f"{step.pk}/"), data).status_code == 404
    step.refresh_from_db()
    assert step.state == State.PROPOSED
    client.force_login(world.users["service_manager"])  # the same request from a manager works
    assert client.post(_url(world, f"{step.pk}/"), data).status_code == 302
    step.refresh_from_db()
    assert step.state == State.AUTHORISED


def test_declining_keeps_the_child_where_they_are(client, world, refer):
    step = _proposed(world, refer)
    client.force_login(world.users["team_manager"])
    response = client.post(_url(world, f"{step.pk}/"), {
        "decision": "decline", **day("decided_on", timezone.localdate()),
        "rationale": "The handover has not happened yet."})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.state == State.DECLINED and step.rationale == "The handover has not happened yet."
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "cin"
    again = client.post(_url(world, f"{step.pk}/"), {
        "decision": "authorise", **day("decided_on", timezone.localdate()), "rationale": "Changed my mind"})
    assert "already declined" in again.content.decode()
    assert "Propose a step down" in client.get(_url(world)).content.decode()


def test_another_childs_step_is_not_found(client, world, refer):
    step = _proposed(world, refer)
    client.force_login(world.users["senior_leader"])
    assert client.get(f"/children/{world.other_child.pk}/level-of-need/{step.pk}/").status_code == 404


# Step ups --------------------------------------------------------------------------------


def test_recording_a_step_up_needs_its_trigger(client, world):
    today = timezone.localdate()
    Involvement.objects.create(child=world.child, level="early_help", start=today - timedelta(days=90))
    client.force_login(world.users["social_worker"])
    body = client.get(_url(world, "step-up/")).content.decode()
    assert 'value="eh_to_cin"' in body and 'value="to_care"' in body and 'value="cin_to_cp"' not in body
    events = AuditEvent.objects.count()
    body = client.post(_url(world, "step-up/"), {"kind": "eh_to_cin", **day("on", today),
                                                 "trigger": "  "}).content.decode()
    assert "<title>Error: " in body and "Say what triggered the step up" in body
    assert not StepChange.objects.exists() and AuditEvent.objects.count() == events
    body = client.post(_url(world, "step-up/"), {"kind": "cin_to_cp", **day("on", today),
                                                 "trigger": "Injury"}).content.decode()
    assert "Select a valid choice" in body and not StepChange.objects.exists()
    response = client.post(_url(world, "step-up/"), {"kind": "eh_to_cin", **day("on", today),
                                                     "trigger": "Disclosure at school"})
    assert response.status_code == 302
    step = StepChange.objects.get()
    assert (step.direction, step.state, step.trigger) == ("up", State.RECORDED, "Disclosure at school")
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "cin"
    body = client.get(_url(world, "step-up/")).content.decode()
    assert 'value="eh_to_cin"' not in body and 'value="to_care"' in body


def test_read_only_roles_do_not_record_step_ups(client, world):
    Involvement.objects.create(child=world.child, level="early_help", start=timezone.localdate())
    for role in ("performance", "iro"):
        client.force_login(world.users[role])
        assert client.post(_url(world, "step-up/"), {"kind": "to_care", **day("on", timezone.localdate()),
                                                     "trigger": "x"}).status_code == 404
    assert not StepChange.objects.exists()


# The Team page ---------------------------------------------------------------------------


def test_step_downs_awaiting_a_decision_are_on_the_team_page_for_managers(client, world, refer):
    step = _proposed(world, refer)
    client.force_login(world.users["team_manager"])
    body = client.get("/work/team/").content.decode()
    section = body[body.index("Step downs awaiting a decision"):]
    assert f'href="/children/{world.child.pk}/level-of-need/{step.pk}/"' in section
    assert world.child.full_name in section
    client.force_login(world.users["social_worker"])
    assert "Step downs awaiting a decision" not in client.get("/work/team/").content.decode()
    client.force_login(world.users["team_manager"])
    client.post(_url(world, f"{step.pk}/"), {"decision": "decline", **day("decided_on", timezone.localdate()),
                                            "rationale": "Not yet"})
    assert "No step downs are awaiting a decision" in client.get("/work/team/").content.decode()


# The measure -----------------------------------------------------------------------------


def test_the_measure_page_counts_and_lists_the_children_behind_the_number(client, world, refer, stepped_down):
    today = timezone.localdate()
    stepped_down(today - relativedelta(months=10))
    refer(today - relativedelta(months=7))  # three months after the step down
    other = ChildFactory(first_name="Priya", last_name="Sandhu", date_of_birth=today - relativedelta(years=9))
    allocate(other, world.users["social_worker"], start=today - timedelta(days=400))
    stepped_down(today - relativedelta(months=2), child=other)
    client.force_login(world.users["performance"])
    body = client.get("/step-downs/").content.decode()
    row = body[body.index('id="kind-cin_to_eh"'):]
    row = row[:row.index("</tr>")]
    assert [c.split(">")[-1] for c in row.split("</td>")[:-1]] == ["2", "1", "0", "1", "100%"]
    followed = body[body.index('id="followed"'):]
    followed = followed[:followed.index("</table>")]
    assert f'href="/children/{world.child.pk}/level-of-need/">Amelia Hartley</a>' in followed
    assert "New referral" in followed and "Priya" not in followed
    within = body[body.index('id="still-within"'):]
    assert "Priya Sandhu" in within[:within.index("</table>")]
    assert "left out of the share" in body
    # A two-month window: the referral three months later no longer counts.
    body = client.get("/step-downs/", {"months": "2"}).content.decode()
    row = body[body.index('id="kind-cin_to_eh"'):]
    assert [c.split(">")[-1] for c in row[:row.index("</tr>")].split("</td>")[:-1]][:2] == ["2", "0"]
    body = client.get("/step-downs/", {"months": "many"}).content.decode()
    assert "<title>Error: " in body and "whole number of months" in body


def test_the_measure_is_for_managers_and_analysts_and_scoped_to_their_children(client, world, stepped_down):
    stepped_down(timezone.localdate() - relativedelta(months=2))  # listed as still within the window
    for role in ("social_worker", "iro", "front_door", "admin"):
        client.force_login(world.users[role])
        assert client.get("/step-downs/").status_code == 404, role
    client.force_login(world.users["other_team_manager"])
    body = client.get("/step-downs/").content.decode()
    assert world.child.full_name not in body
    client.force_login(world.users["service_manager"])
    assert world.child.full_name in client.get("/step-downs/").content.decode()
