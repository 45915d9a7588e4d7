"""Writes to child in need plans: permission, validation, save, audit, obligations, one transaction.

A child has at most one open child in need plan, and none while on a child protection
plan (the protection plan carries the work). Ending a plan as a step down or a closure
goes through an authorised step down (stepchange), never directly.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.core.text import long_date
from lantern.frontdoor.models import Referral
from lantern.obligations.services import obligations_refresh
from lantern.plans.services import level_after_plan_ended, plan_end_errors
from lantern.protection.models import Plan as CPPlan
from lantern.staff.models import Role, User

from .models import EndReason, Plan, Review

PRACTITIONERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                           Role.SENIOR_LEADER})
STEP_DOWN_ENDINGS = frozenset({EndReason.STEPPED_DOWN, EndReason.NEEDS_MET})
DIRECT_ENDINGS = tuple((v, label) for v, label in EndReason.choices
                       if v not in STEP_DOWN_ENDINGS | {EndReason.STEPPED_UP})


class ChildInNeedError(Exception):
    """A child in need plan change was refused; the message says why."""


def _require_practitioner(actor, child) -> None:
    if actor.role not in PRACTITIONERS:
        raise NotPermitted("Only social workers and managers record child in need plans")
    require_can_act(actor, child)


@transaction.atomic
def cin_plan_start(*, actor: User, today: date, referral: Referral, start: date,
                   from_cp_plan: CPPlan | None = None) -> Plan:
    """Start a child in need plan in the episode that began with ``referral``."""
    child = referral.child
    _require_practitioner(actor, child)
    errors: dict[str, str] = {}
    if referral.nfa:
        raise ChildInNeedError("This referral was closed with no further action")
    if Plan.objects.select_for_update().filter(child=child, end__isnull=True).exists():
        raise ChildInNeedError(f"{child.full_name} already has an open child in need plan")
    on_cp = CPPlan.objects.filter(child=child, end__isnull=True)
    if from_cp_plan is not None:
        on_cp = on_cp.exclude(pk=from_cp_plan.pk)
    if on_cp.exists():
        raise ChildInNeedError(f"{child.full_name} is on a child protection plan: the protection "
                               "plan carries the work until it is stepped down")
    if start > today:
        errors["start"] = "The plan cannot start in the future"
    elif start < referral.referral_date:
        errors["start"] = (f"The plan cannot start before the referral was received "
                           f"({long_date(referral.referral_date)})")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    plan = Plan(child=child, referral=referral, start=start, from_cp_plan=from_cp_plan,
                recorded_by=actor, recorded_at=now)
    plan.full_clean()
    plan.save()
    audit_event(actor=actor, at=now,
                action=f"Child in need plan for {child.full_name} started {long_date(start)}"
                + (" on stepping down from child protection" if from_cp_plan else ""),
                obj=plan, child=child, after={"start": start, "referral": referral.pk})
    obligations_refresh(child=child)
    return plan


def _locked_open(plan: Plan) -> Plan:
    plan = Plan.objects.select_for_update().select_related("child").get(pk=plan.pk)
    if plan.end is not None:
        raise ChildInNeedError(f"This child in need plan ended on {long_date(plan.end)}")
    return plan


@transaction.atomic
def cin_review_record(*, actor: User, today: date, plan: Plan, held_on: date, summary: str) -> Review:
    """Record a child in need review meeting of an open plan."""
    _require_practitioner(actor, plan.child)
    plan = _locked_open(plan)
    errors: dict[str, str] = {}
    if held_on > today:
        errors["held_on"] = "The review date cannot be in the future"
    elif held_on < plan.start:
        errors["held_on"] = f"A review cannot be before the plan started ({long_date(plan.start)})"
    if not summary.strip():
        errors["summary"] = "Record the progress, the child's views and what was decided"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    review = Review(plan=plan, held_on=held_on, summary=summary.strip(), recorded_by=actor,
                    recorded_at=now)
    review.full_clean()
    review.save()
    audit_event(actor=actor, at=now,
                action=f"Child in need review for {plan.child.full_name} held {long_date(held_on)}",
                obj=review, child=plan.child, after={"held_on": held_on})
    obligations_refresh(child=plan.child)
    return review


@transaction.atomic
def cin_plan_end(*, actor: User, today: date, plan: Plan, end: date, reason: str,
                 step_down: bool = False) -> Plan:
    """End a child in need plan. As a step down or a closure only through an authorised step
    down (``step_down=True`` from stepchange)."""
    _require_practitioner(actor, plan.child)
    plan = _locked_open(plan)
    if reason in STEP_DOWN_ENDINGS and not step_down:
        raise ChildInNeedError("A plan ends as a step down or a closure only through an authorised "
                               "step down, with its checklist")
    last = plan.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    errors = plan_end_errors(plan=plan, end=end, reason=reason, reasons=EndReason.values, today=today,
                             last=last, last_said="The plan was reviewed on")
    if errors:
        raise ValidationError(errors)
    _end(actor=actor, plan=plan, end=end, reason=reason)
    level_after_plan_ended(actor=actor, today=today, child=plan.child, end=end, reason=reason,
                           label=plan.get_end_reason_display())
    obligations_refresh(child=plan.child)
    return plan


def _end(*, actor, plan: Plan, end: date, reason: str) -> None:
    plan.end, plan.end_reason = end, reason
    plan.full_clean()
    plan.save(update_fields=["end", "end_reason"])
    audit_event(actor=actor, at=timezone.now(),
                action=f"Child in need plan for {plan.child.full_name} ended {long_date(end)}: "
                f"{plan.get_end_reason_display().lower()}",
                obj=plan, child=plan.child, before={"end": None}, after={"end": end, "reason": reason})


def cin_plan_end_for_step_up(*, actor, child, on: date) -> Plan | None:
    """A child protection plan has started: the open child in need plan ends that day.
    Called by protection inside its own transaction."""
    plan = Plan.objects.select_for_update().filter(child=child, end__isnull=True).first()
    if plan is None:
        return None
    plan.child = child
    _end(actor=actor, plan=plan, end=max(on, plan.start), reason=EndReason.STEPPED_UP)
    return plan
