"""The whole path, through the services: referral, strategy discussion, section 47 enquiry,
initial conference, plan with core groups and visits, review conferences, step down to a
child in need plan; with the clocks the ledger holds at each step (bank holidays and
month ends included)."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lantern.childinneed.models import Plan as CINPlan
from lantern.core.calendar import LONDON
from lantern.obligations.models import Obligation
from lantern.people.models import Involvement
from lantern.plans.services import visit_record
from lantern.protection.models import Enquiry, Plan
from lantern.protection.services import (
    Invitee,
    ProtectionError,
    conference_initial_record,
    conference_review_record,
    core_group_record,
    enquiry_complete,
    strategy_discussion_record,
)
from lantern.stepchange.models import State, StepChange
from lantern.stepchange.services import StepChangeError, step_down_authorise, step_down_propose

pytestmark = pytest.mark.django_db

EVERYONE = [Invitee("police", "DS Patel", True, True), Invitee("health", "Health visitor", True, True),
            Invitee("education", "DSL, Synthetic Primary", True, True),
            Invitee("social_care", "Social worker", True, True)]


def at(day, hour=10):
    return datetime.combine(day, datetime.min.time(), LONDON).replace(hour=hour)


def ledger(child, rule, scope=None):
    rows = Obligation.objects.filter(child=child, rule_id=rule)
    if scope:
        rows = rows.filter(scope=scope)
    return list(rows.order_by("start_on", "id"))


def discuss(world, referral, day, decision="s47_joint", invitees=EVERYONE, **kw):
    return strategy_discussion_record(
        actor=world.users["social_worker"], now=timezone.now(), referral=referral, held_at=at(day),
        invitees=invitees, decision=decision, chair=world.users["team_manager"],
        summary="Bruising seen at school; police and health shared what they hold.", **kw)


def on_plan(world, refer, *, referred=date(2023, 4, 27), discussed=date(2023, 4, 28),
            icpc=date(2023, 5, 22), interval=None):
    referral = refer(referred, open_cin=True)
    discussion = discuss(world, referral, discussed)
    enquiry = enquiry_complete(actor=world.users["social_worker"], today=timezone.localdate(),
                               enquiry=discussion.enquiry, completed=icpc, outcome="icpc",
                               findings="Concerns substantiated: physical harm.")
    conference = conference_initial_record(
        actor=world.users["iro"], today=timezone.localdate(), enquiry=enquiry, held_on=icpc,
        outcome="plan", category="PHY", decisions="Plan under physical abuse.",
        chair=world.users["iro"], visit_interval_days=interval)
    return referral, discussion, conference.plan


def test_icpc_is_due_15_working_days_from_the_strategy_discussion_that_started_s47(world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    discuss(world, referral, date(2023, 4, 28))  # Fri 28 Apr 2023, the worked example
    cp2, = ledger(world.child, "CP2")
    assert cp2.due_on == date(2023, 5, 23)  # 1 May and the Coronation (8 May) skipped
    dfe, = ledger(world.child, "CP2-DFE")
    assert dfe.start_on == date(2023, 4, 28) and dfe.due_on == date(2023, 5, 23)


def test_a_later_s47_start_moves_only_the_dfe_measure(world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    discuss(world, referral, date(2023, 4, 28), s47_start=date(2023, 5, 2))
    assert ledger(world.child, "CP2")[0].due_on == date(2023, 5, 23)
    assert ledger(world.child, "CP2-DFE")[0].due_on == date(2023, 5, 24)


def test_the_whole_path_with_its_clocks(world, refer):
    referral, discussion, plan = on_plan(world, refer)
    cp2, = ledger(world.child, "CP2")
    assert cp2.met_on == date(2023, 5, 22) and cp2.met_by.startswith("conference:")
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "cp"
    assert StepChange.objects.get(child=world.child, direction="up").kind == "cin_to_cp"
    scope = plan.scope
    first_core, = ledger(world.child, "CP4", scope)
    assert first_core.due_on == date(2023, 6, 6)  # 10 working days; 29 May bank holiday skipped
    first_review, = ledger(world.child, "CP7", scope)
    assert first_review.due_on == date(2023, 8, 22)
    visit, = ledger(world.child, "CP9", scope)
    assert visit.due_on == date(2023, 6, 6)  # the council's 10 working days

    sw, today = world.users["social_worker"], timezone.localdate()
    core_group_record(actor=sw, today=today, plan=plan, held_on=date(2023, 6, 1),
                      agencies=["police", "education", "social_care"], notes="Safety plan agreed.")
    assert ledger(world.child, "CP4", scope)[0].met_on == date(2023, 6, 1)
    cp5 = ledger(world.child, "CP5", scope)
    assert cp5[-1].start_on == date(2023, 6, 1) and cp5[-1].due_on == date(2023, 6, 29)

    visit_record(actor=sw, today=today, plan=plan, visited_on=date(2023, 5, 30), seen=True,
                 seen_alone=True, bedroom_seen=True, child_said="Said she likes her new bed.",
                 child_seemed="Relaxed and chatty", worker=sw)
    cp9 = ledger(world.child, "CP9", scope)
    assert cp9[0].met_on == date(2023, 5, 30)
    assert cp9[-1].start_on == date(2023, 5, 30) and cp9[-1].due_on == date(2023, 6, 13)

    review = conference_review_record(
        actor=world.users["iro"], today=today, plan=plan, held_on=date(2023, 8, 21), outcome="end",
        decisions="Risks reduced: plan to end; child in need plan to follow.",
        chair=world.users["iro"])
    assert ledger(world.child, "CP7", scope)[0].met_by == f"conference:{review.pk}"

    step = step_down_propose(
        actor=sw, today=today, child=world.child, kind="cp_to_cin", on=date(2023, 8, 21),
        reason="Safety plan held for three months; father has left the household.",
        checklist={"risks_reduced": True, "core_group_agreement": True, "cin_plan_ready": True},
        evidence="No further injuries; school reports her happy; father's bail conditions hold.")
    assert Plan.objects.get(pk=plan.pk).end is None  # nothing changes until a manager agrees
    step_down_authorise(actor=world.users["team_manager"], today=today, step=step,
                        decided_on=date(2023, 8, 22), rationale="Agree: evidence of sustained change.")
    plan.refresh_from_db()
    assert plan.end == date(2023, 8, 22) and plan.end_reason == "stepped_down"
    cin = CINPlan.objects.get(child=world.child)
    assert cin.start == date(2023, 8, 22) and cin.from_cp_plan_id == plan.pk
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "cin"
    assert not Obligation.objects.filter(child=world.child, scope=scope, met_on__isnull=True,
                                         ended_on__isnull=True).exists()
    assert ledger(world.child, "CIN2", cin.scope)[0].due_on == date(2023, 11, 22)
    assert ledger(world.child, "CIN3", cin.scope)[0].due_on == date(2023, 9, 19)


def test_review_conferences_run_from_the_last_one_held_with_month_end_clamping(world, refer):
    _, _, plan = on_plan(world, refer, referred=date(2023, 8, 21), discussed=date(2023, 8, 22),
                         icpc=date(2023, 8, 31))
    assert ledger(world.child, "CP7", plan.scope)[0].due_on == date(2023, 11, 30)  # 31 Aug + 3 months
    conference_review_record(actor=world.users["iro"], today=timezone.localdate(), plan=plan,
                             held_on=date(2023, 10, 31), outcome="continue",
                             decisions="Plan continues.", chair=world.users["iro"])
    next_review = ledger(world.child, "CP8", plan.scope)[-1]
    assert next_review.start_on == date(2023, 10, 31) and next_review.due_on == date(2024, 4, 30)


def test_a_conference_can_set_the_childs_visiting_frequency(world, refer):
    _, _, plan = on_plan(world, refer, interval=5)
    assert ledger(world.child, "CP9", plan.scope)[0].due_on == date(2023, 5, 30)  # 5 working days


def test_school_not_invited_for_a_school_age_child_needs_a_reason(world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    no_school = [i for i in EVERYONE if i.agency != "education"]
    with pytest.raises(ValidationError) as refused:
        discuss(world, referral, date(2023, 4, 28), invitees=no_school)
    assert "invite the school" in str(refused.value)
    assert not Enquiry.objects.exists()
    discussion = discuss(world, referral, date(2023, 4, 28), invitees=no_school,
                         school_not_invited_reason="Half term: the DSL could not be reached.")
    assert discussion.school_missing


def test_single_agency_needs_a_rationale_and_joint_needs_the_police(world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    no_police = [i for i in EVERYONE if i.agency != "police"]
    with pytest.raises(ValidationError, match="police"):
        discuss(world, referral, date(2023, 4, 28), invitees=no_police)
    with pytest.raises(ValidationError, match="not being carried out jointly"):
        discuss(world, referral, date(2023, 4, 28), decision="s47_single")
    discussion = discuss(world, referral, date(2023, 4, 28), decision="s47_single",
                         single_agency_rationale="Police agreed a single-agency enquiry: no crime alleged.")
    assert discussion.enquiry.joint is False


def test_events_out_of_order_are_refused(world, refer):
    referral = refer(date(2023, 4, 27), open_cin=True)
    with pytest.raises(ValidationError, match="before the referral"):
        discuss(world, referral, date(2023, 4, 26))
    discussion = discuss(world, referral, date(2023, 4, 28))
    with pytest.raises(ProtectionError, match="enquiry's outcome"):
        conference_initial_record(actor=world.users["iro"], today=timezone.localdate(),
                                  enquiry=discussion.enquiry, held_on=date(2023, 5, 10),
                                  outcome="plan", category="NEG", decisions="x", chair=world.users["iro"])
    enquiry = enquiry_complete(actor=world.users["social_worker"], today=timezone.localdate(),
                               enquiry=discussion.enquiry, completed=date(2023, 5, 5), outcome="icpc",
                               findings="Substantiated")
    with pytest.raises(ValidationError, match="before the strategy discussion"):
        conference_initial_record(actor=world.users["iro"], today=timezone.localdate(), enquiry=enquiry,
                                  held_on=date(2023, 4, 27), outcome="plan", category="NEG",
                                  decisions="x", chair=world.users["iro"])
    assert not Plan.objects.exists()


def test_a_visit_while_no_plan_is_open_is_refused(world, refer):
    _, _, plan = on_plan(world, refer)
    sw = world.users["social_worker"]
    with pytest.raises(ValidationError, match="No child protection plan was open"):
        visit_record(actor=sw, today=timezone.localdate(), plan=plan, visited_on=date(2023, 5, 21),
                     seen=True, seen_alone=True, child_said="Hello", worker=sw)
    with pytest.raises(ValidationError, match="not seen alone"):
        visit_record(actor=sw, today=timezone.localdate(), plan=plan, visited_on=date(2023, 5, 23),
                     seen=True, seen_alone=False, child_said="Hello", worker=sw)


def test_a_step_down_needs_the_conference_its_checklist_and_another_manager(world, refer):
    _, _, plan = on_plan(world, refer)
    sw, tm, today = world.users["social_worker"], world.users["team_manager"], timezone.localdate()
    full = {"risks_reduced": True, "core_group_agreement": True, "cin_plan_ready": True}
    with pytest.raises(StepChangeError, match="review conference"):
        step_down_propose(actor=sw, today=today, child=world.child, kind="cp_to_cin",
                          on=date(2023, 8, 1), reason="Better", checklist=full, evidence="Fine")
    conference_review_record(actor=world.users["iro"], today=today, plan=plan, held_on=date(2023, 8, 1),
                             outcome="end", decisions="End the plan.", chair=world.users["iro"])
    with pytest.raises(ValidationError) as refused:
        step_down_propose(actor=sw, today=today, child=world.child, kind="cp_to_cin",
                          on=date(2023, 8, 1), reason="Better", checklist={"risks_reduced": True},
                          evidence="")
    assert "partner agencies agree" in str(refused.value) and "evidence" in str(refused.value)
    step = step_down_propose(actor=tm, today=today, child=world.child, kind="cp_to_cin",
                             on=date(2023, 8, 1), reason="Better", checklist=full, evidence="Fine")
    with pytest.raises(StepChangeError, match="other than the one who proposed"):
        step_down_authorise(actor=tm, today=today, step=step, decided_on=date(2023, 8, 2),
                            rationale="Agreed")
    with pytest.raises(ValidationError, match="rationale"):
        step_down_authorise(actor=world.users["service_manager"], today=today, step=step,
                            decided_on=date(2023, 8, 2), rationale=" ")
    assert StepChange.objects.get(pk=step.pk).state == State.PROPOSED
    assert Plan.objects.get(pk=plan.pk).end is None


def test_ending_a_plan_directly_moves_the_level_of_need_or_refuses_a_step_down(world, refer):
    from lantern.protection.services import cp_plan_end

    _, _, plan = on_plan(world, refer)
    sw, today = world.users["social_worker"], timezone.localdate()
    with pytest.raises(ProtectionError, match="authorised step down"):
        cp_plan_end(actor=sw, today=today, plan=plan, end=date(2023, 9, 1), reason="stepped_down")
    with pytest.raises(ValidationError, match="before it started"):
        cp_plan_end(actor=sw, today=today, plan=plan, end=date(2023, 5, 1), reason="looked_after")
    cp_plan_end(actor=sw, today=today, plan=plan, end=date(2023, 9, 1), reason="looked_after")
    assert Involvement.objects.get(child=world.child, end__isnull=True).level == "lac"
    assert not Obligation.objects.filter(child=world.child, scope=plan.scope, met_on__isnull=True,
                                         ended_on__isnull=True).exists()


def test_read_only_roles_cannot_record_a_step_up(world, refer):
    from lantern.access.policy import NotPermitted
    from lantern.stepchange.services import step_up_record

    refer(date(2023, 4, 27), open_cin=True)
    with pytest.raises(NotPermitted):
        step_up_record(actor=world.users["performance"], today=timezone.localdate(), child=world.child,
                       kind="to_care", on=date(2023, 5, 1), trigger="Accommodated under s20")
    assert not StepChange.objects.exists()
