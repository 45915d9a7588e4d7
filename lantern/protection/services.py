"""Writes to child protection: permission, validation, save, audit, obligations, one transaction.

Events must come in the order practice does them: a strategy discussion on or after
the referral, a section 47 enquiry from the discussion that decided it, an initial
conference after that discussion and only when the enquiry said one is needed, review
conferences, core groups and plan changes only while the plan is open. Anything out of
order is refused with the reason, and nothing is saved.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.core.calendar import LONDON
from lantern.core.text import long_date
from lantern.frontdoor.models import Referral
from lantern.obligations.services import obligations_refresh
from lantern.people.selectors import age_on
from lantern.plans.services import level_after_plan_ended, plan_end_errors
from lantern.staff.models import MANAGER_ROLES, Role, User

from .models import (
    CATEGORY_LABELS,
    Agency,
    Conference,
    ConferenceKind,
    ConferenceOutcome,
    CoreGroup,
    EndReason,
    Enquiry,
    EnquiryOutcome,
    Participant,
    Plan,
    StrategyDecision,
    StrategyDiscussion,
)

PRACTITIONERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                           Role.SENIOR_LEADER, Role.IRO, Role.OUT_OF_HOURS})
# Plan endings that are step-downs need the step-down checklist and a manager: they are
# made by the stepchange area, never directly.
STEP_DOWN_ENDINGS = frozenset({EndReason.STEPPED_DOWN, EndReason.NO_LONGER_NEEDED})
SCHOOL_AGE = range(4, 18)  # reception to the end of sixth form


class ProtectionError(Exception):
    """A child protection change was refused; the message says why."""


@dataclass(frozen=True)
class Invitee:
    agency: str
    name: str = ""
    invited: bool = True
    attended: bool = False


def _require_practitioner(actor, child) -> None:
    if actor.role not in PRACTITIONERS:
        raise NotPermitted("Only social workers, managers and IROs record child protection work")
    require_can_act(actor, child)


def _local_date(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


def _categories_error(category: str) -> str | None:
    return None if category in CATEGORY_LABELS else "Choose the category of abuse"


@transaction.atomic
def strategy_discussion_record(
    *, actor: User, now: datetime, referral: Referral, held_at: datetime,
    invitees: Sequence[Invitee], decision: str, chair: User, summary: str = "",
    single_agency_rationale: str = "", nfa_reasons: str = "", school_not_invited_reason: str = "",
    s47_start: date | None = None,
) -> StrategyDiscussion:
    """Record a strategy discussion and, when it decides one, start the section 47 enquiry."""
    child = referral.child
    _require_practitioner(actor, child)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    errors: dict[str, str] = {}
    held_day = _local_date(held_at)
    if held_at > now:
        errors["held_at"] = "The strategy discussion cannot be in the future"
    elif held_day < referral.referral_date:
        errors["held_at"] = (f"The strategy discussion cannot be before the referral was received "
                             f"({long_date(referral.referral_date)})")
    if decision not in StrategyDecision.values:
        errors["decision"] = "Choose what the strategy discussion decided"
    agencies = [i.agency for i in invitees]
    if any(a not in Agency.values for a in agencies):
        errors["invitees"] = "Unknown agency"
    elif len(set(agencies)) != len(agencies):
        errors["invitees"] = "List each agency once"
    elif not any(i.invited for i in invitees):
        errors["invitees"] = "Record who was invited to the strategy discussion"
    invited = {i.agency for i in invitees if i.invited}
    attended = {i.agency for i in invitees if i.invited and i.attended}
    if any(i.attended and not i.invited for i in invitees):
        errors["invitees"] = "An agency that attended must have been invited"
    school_age = age_on(child.date_of_birth, held_day) in SCHOOL_AGE if child.date_of_birth else False
    if school_age and Agency.EDUCATION not in invited and not school_not_invited_reason.strip():
        errors["school_not_invited_reason"] = (
            f"{child.full_name} is of school age: invite the school, or say why it was not invited")
    if decision == StrategyDecision.S47_JOINT and Agency.POLICE not in attended:
        errors["decision"] = "A joint enquiry needs the police at the strategy discussion"
    if decision == StrategyDecision.S47_SINGLE and not single_agency_rationale.strip():
        errors["single_agency_rationale"] = (
            "Say why the enquiry is not being carried out jointly with the police")
    if decision == StrategyDecision.NFA and not nfa_reasons.strip():
        errors["nfa_reasons"] = "Give the reasons for no section 47 enquiry"
    starts = decision in (StrategyDecision.S47_JOINT, StrategyDecision.S47_SINGLE)
    start = s47_start or held_day
    if starts and "held_at" not in errors:
        if start < held_day:
            errors["s47_start"] = "The enquiry cannot start before the strategy discussion that decided it"
        elif start > _local_date(now):
            errors["s47_start"] = "The enquiry cannot start in the future"
        elif Enquiry.objects.filter(referral=referral, completed__isnull=True).exists():
            errors["decision"] = "A section 47 enquiry is already open in this episode"
    if chair is None or chair.role not in PRACTITIONERS:
        errors["chair"] = "Choose who chaired the strategy discussion"
    if errors:
        raise ValidationError(errors)
    discussion = StrategyDiscussion(
        child=child, referral=referral, held_at=held_at, decision=decision,
        single_agency_rationale=single_agency_rationale.strip() if decision == StrategyDecision.S47_SINGLE else "",
        nfa_reasons=nfa_reasons.strip() if decision == StrategyDecision.NFA else "",
        school_age=school_age,
        school_not_invited_reason=(school_not_invited_reason.strip()
                                   if school_age and Agency.EDUCATION not in invited else ""),
        summary=summary.strip(), chair=chair, recorded_by=actor, recorded_at=now)
    discussion.full_clean()
    discussion.save()
    Participant.objects.bulk_create([
        Participant(discussion=discussion, agency=i.agency, name=i.name.strip(), invited=i.invited,
                    attended=i.invited and i.attended) for i in invitees])
    present = ", ".join(Agency(a).label.lower() for a in Agency.values if a in attended) or "nobody"
    action = (f"Strategy discussion about {child.full_name} on {long_date(held_day)} "
              f"(attended: {present}): {discussion.get_decision_display().lower()}")
    if discussion.school_not_invited_reason:
        action += "; the school was not invited"
    audit_event(actor=actor, at=now, action=action, obj=discussion, child=child,
                after={"decision": decision, "invited": sorted(invited), "attended": sorted(attended)},
                reason=discussion.single_agency_rationale or discussion.nfa_reasons
                or discussion.school_not_invited_reason)
    if starts:
        enquiry = Enquiry(child=child, referral=referral, strategy=discussion, start=start,
                          joint=decision == StrategyDecision.S47_JOINT, worker=actor,
                          recorded_by=actor, recorded_at=now)
        if actor.role not in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER):
            allocated = child.allocations.filter(kind="social_worker", end__isnull=True).first()
            enquiry.worker_id = allocated.worker_id if allocated and allocated.worker_id else actor.pk
        enquiry.full_clean()
        enquiry.save()
        audit_event(actor=actor, at=now,
                    action=f"Section 47 enquiry about {child.full_name} started {long_date(start)}"
                    + (" jointly with the police" if enquiry.joint else " by children's social care alone"),
                    obj=enquiry, child=child, after={"start": start, "joint": enquiry.joint})
    obligations_refresh(child=child)
    return discussion


@transaction.atomic
def enquiry_complete(*, actor: User, today: date, enquiry: Enquiry, completed: date, outcome: str,
                     findings: str) -> Enquiry:
    """Record the outcome of a section 47 enquiry: whether an initial conference is needed."""
    _require_practitioner(actor, enquiry.child)
    enquiry = Enquiry.objects.select_for_update().select_related("child").get(pk=enquiry.pk)
    if enquiry.completed is not None:
        raise ProtectionError("This enquiry's outcome has already been recorded")
    errors: dict[str, str] = {}
    if completed > today:
        errors["completed"] = "The completion date cannot be in the future"
    elif completed < enquiry.start:
        errors["completed"] = f"The enquiry cannot end before it started ({long_date(enquiry.start)})"
    if outcome not in EnquiryOutcome.values:
        errors["outcome"] = "Choose the outcome of the enquiry"
    if not findings.strip():
        errors["findings"] = "Summarise what the enquiry found"
    if errors:
        raise ValidationError(errors)
    enquiry.completed, enquiry.outcome, enquiry.findings = completed, outcome, findings.strip()
    enquiry.full_clean()
    enquiry.save(update_fields=["completed", "outcome", "findings"])
    child = enquiry.child
    audit_event(actor=actor, at=timezone.now(),
                action=f"Section 47 enquiry about {child.full_name} concluded {long_date(completed)}: "
                f"{enquiry.get_outcome_display().lower()}",
                obj=enquiry, child=child, after={"completed": completed, "outcome": outcome})
    obligations_refresh(child=child)
    return enquiry


def _chair_error(chair) -> str | None:
    if chair is None or chair.role not in (Role.IRO, *MANAGER_ROLES):
        return "Choose the conference chair (an independent chair or a manager)"
    return None


def _interval_error(days: int | None) -> str | None:
    if days is not None and not 1 <= days <= 60:
        return "Visits must be between every 1 and every 60 working days"
    return None


@transaction.atomic
def conference_initial_record(
    *, actor: User, today: date, enquiry: Enquiry, held_on: date, outcome: str, decisions: str,
    chair: User, category: str = "", visit_interval_days: int | None = None,
) -> Conference:
    """Record the initial child protection conference; a plan decision starts the plan
    (the child steps up to child protection) and ends any child in need plan."""
    child = enquiry.child
    _require_practitioner(actor, child)
    enquiry = Enquiry.objects.select_for_update().select_related("strategy", "referral").get(pk=enquiry.pk)
    if Conference.objects.filter(enquiry=enquiry, kind=ConferenceKind.INITIAL).exists():
        raise ProtectionError("This enquiry already has an initial conference")
    if enquiry.outcome != EnquiryOutcome.CONFERENCE:
        raise ProtectionError("An initial conference follows an enquiry that concluded one is needed: "
                              "record the enquiry's outcome first")
    errors: dict[str, str] = {}
    strategy_day = _local_date(enquiry.strategy.held_at)
    if held_on > today:
        errors["held_on"] = "The conference date cannot be in the future"
    elif held_on < strategy_day:
        errors["held_on"] = (f"The conference cannot be before the strategy discussion that started "
                             f"the enquiry ({long_date(strategy_day)})")
    elif held_on < enquiry.start:
        errors["held_on"] = f"The conference cannot be before the enquiry started ({long_date(enquiry.start)})"
    if outcome not in (ConferenceOutcome.PLAN, ConferenceOutcome.NO_PLAN):
        errors["outcome"] = "Choose whether the child needs a child protection plan"
    if outcome == ConferenceOutcome.PLAN and (problem := _categories_error(category)):
        errors["category"] = problem
    if problem := _interval_error(visit_interval_days):
        errors["visit_interval_days"] = problem
    if not decisions.strip():
        errors["decisions"] = "Record what the conference decided and why"
    if problem := _chair_error(chair):
        errors["chair"] = problem
    if outcome == ConferenceOutcome.PLAN and "held_on" not in errors and Plan.objects.filter(
            child=child, end__isnull=True).exists():
        errors["outcome"] = f"{child.full_name} is already on a child protection plan"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    plan = None
    if outcome == ConferenceOutcome.PLAN:
        plan = Plan(child=child, referral=enquiry.referral, start=held_on, initial_category=category,
                    latest_category=category, visit_interval_days=visit_interval_days,
                    recorded_by=actor, recorded_at=now)
        plan.full_clean()
        plan.save()
    conference = Conference(
        child=child, referral=enquiry.referral, kind=ConferenceKind.INITIAL, held_on=held_on,
        enquiry=enquiry, plan=plan, outcome=outcome, category=category if plan else "",
        visit_interval_days=visit_interval_days if plan else None, decisions=decisions.strip(),
        chair=chair, recorded_by=actor, recorded_at=now)
    conference.full_clean()
    conference.save()
    said = (f"child protection plan under {CATEGORY_LABELS[category].lower()}" if plan
            else "no child protection plan")
    audit_event(actor=actor, at=now,
                action=f"Initial child protection conference for {child.full_name} on "
                f"{long_date(held_on)}: {said}",
                obj=conference, child=child, after={"outcome": outcome, "category": category})
    if plan is not None:
        _step_up_to_protection(actor=actor, today=today, child=child, plan=plan, on=held_on)
    obligations_refresh(child=child)
    return conference


def _step_up_to_protection(*, actor, today, child, plan, on) -> None:
    from lantern.childinneed.services import cin_plan_end_for_step_up
    from lantern.stepchange.services import step_up_record

    cin_plan_end_for_step_up(actor=actor, child=child, on=on)
    step_up_record(actor=actor, today=today, child=child, kind="cin_to_cp", on=on,
                   trigger=f"Initial child protection conference on {long_date(on)} decided a "
                   f"child protection plan ({CATEGORY_LABELS[plan.initial_category].lower()})",
                   cp_plan=plan)


def _locked_open_plan(plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if plan.end is not None:
        raise ProtectionError(f"This child protection plan ended on {long_date(plan.end)}")
    return plan


@transaction.atomic
def conference_review_record(
    *, actor: User, today: date, plan: Plan, held_on: date, outcome: str, decisions: str,
    chair: User, category: str = "", visit_interval_days: int | None = None,
) -> Conference:
    """Record a review child protection conference: the plan continues (its category may
    change) or the conference decides it should end (the step down then ends it)."""
    _require_practitioner(actor, plan.child)
    plan = _locked_open_plan(plan)
    last = plan.conferences.order_by("-held_on").values_list("held_on", flat=True).first()
    errors: dict[str, str] = {}
    if held_on > today:
        errors["held_on"] = "The conference date cannot be in the future"
    elif held_on <= plan.start:
        errors["held_on"] = f"A review conference comes after the initial conference ({long_date(plan.start)})"
    elif last and held_on < last:
        errors["held_on"] = f"The last conference was on {long_date(last)}: a review cannot be before it"
    if outcome not in (ConferenceOutcome.CONTINUE, ConferenceOutcome.END):
        errors["outcome"] = "Choose whether the plan continues or ends"
    category = category or plan.latest_category
    if problem := _categories_error(category):
        errors["category"] = problem
    if problem := _interval_error(visit_interval_days):
        errors["visit_interval_days"] = problem
    if not decisions.strip():
        errors["decisions"] = "Record what the conference decided and why"
    if problem := _chair_error(chair):
        errors["chair"] = problem
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    conference = Conference(
        child=plan.child, referral_id=plan.referral_id, kind=ConferenceKind.REVIEW, held_on=held_on,
        plan=plan, outcome=outcome, category=category, visit_interval_days=visit_interval_days,
        decisions=decisions.strip(), chair=chair, recorded_by=actor, recorded_at=now)
    conference.full_clean()
    conference.save()
    changes = []
    if category != plan.latest_category:
        changes.append(f"category changed from {CATEGORY_LABELS[plan.latest_category].lower()} to "
                       f"{CATEGORY_LABELS[category].lower()}")
        plan.latest_category = category
    if visit_interval_days is not None and visit_interval_days != plan.visit_interval_days:
        changes.append(f"visits every {visit_interval_days} working days")
        plan.visit_interval_days = visit_interval_days
    plan.save(update_fields=["latest_category", "visit_interval_days"])
    said = "plan to end" if outcome == ConferenceOutcome.END else "plan continues"
    audit_event(actor=actor, at=now,
                action=f"Review child protection conference for {plan.child.full_name} on "
                f"{long_date(held_on)}: {said}" + (f"; {'; '.join(changes)}" if changes else ""),
                obj=conference, child=plan.child, after={"outcome": outcome, "category": category})
    obligations_refresh(child=plan.child)
    return conference


@transaction.atomic
def core_group_record(*, actor: User, today: date, plan: Plan, held_on: date,
                      agencies: Sequence[str], notes: str) -> CoreGroup:
    """Record a core group meeting of an open plan."""
    _require_practitioner(actor, plan.child)
    plan = _locked_open_plan(plan)
    errors: dict[str, str] = {}
    if held_on > today:
        errors["held_on"] = "The meeting date cannot be in the future"
    elif held_on < plan.start:
        errors["held_on"] = f"A core group cannot be before the plan started ({long_date(plan.start)})"
    agencies = list(dict.fromkeys(agencies))
    if not agencies:
        errors["agencies"] = "Select the agencies that attended"
    elif any(a not in Agency.values for a in agencies):
        errors["agencies"] = "Unknown agency"
    if not notes.strip():
        errors["notes"] = "Record the progress against the plan and what was agreed"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    group = CoreGroup(plan=plan, held_on=held_on, agencies=agencies, notes=notes.strip(),
                      recorded_by=actor, recorded_at=now)
    group.full_clean()
    group.save()
    audit_event(actor=actor, at=now,
                action=f"Core group for {plan.child.full_name} met on {long_date(held_on)}",
                obj=group, child=plan.child, after={"held_on": held_on, "agencies": agencies})
    obligations_refresh(child=plan.child)
    return group


@transaction.atomic
def cp_plan_end(*, actor: User, today: date, plan: Plan, end: date, reason: str,
                step_down: bool = False) -> Plan:
    """End a child protection plan. Ending it as a step down (to child in need, or closing the
    case) is only done by an authorised step down (``step_down=True`` from stepchange)."""
    _require_practitioner(actor, plan.child)
    plan = _locked_open_plan(plan)
    if reason in STEP_DOWN_ENDINGS and not step_down:
        raise ProtectionError("A plan ends as a step down only through an authorised step down, "
                              "with its checklist")
    last = max((d for d in (plan.conferences.order_by("-held_on").values_list("held_on", flat=True).first(),
                            plan.core_groups.order_by("-held_on").values_list("held_on", flat=True).first())
                if d), default=None)
    errors = plan_end_errors(plan=plan, end=end, reason=reason, reasons=EndReason.values, today=today,
                             last=last, last_said="The plan was still being worked on")
    if errors:
        raise ValidationError(errors)
    plan.end, plan.end_reason = end, reason
    plan.full_clean()
    plan.save(update_fields=["end", "end_reason"])
    audit_event(actor=actor, at=timezone.now(),
                action=f"Child protection plan for {plan.child.full_name} ended {long_date(end)}: "
                f"{plan.get_end_reason_display().lower()}",
                obj=plan, child=plan.child, before={"end": None}, after={"end": end, "reason": reason})
    level_after_plan_ended(actor=actor, today=today, child=plan.child, end=end, reason=reason,
                           label=plan.get_end_reason_display())
    obligations_refresh(child=plan.child)
    return plan
