"""Writes to plan actions and visits, for child protection and child in need plans alike.

A visit can only be recorded on a day the plan was open; an action only on an open plan.
An action may be saved without an owner, a date or a measurable outcome (real plans
are written that way), but the plan page flags it and the count is a quality measure.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.childinneed.models import Plan as CINPlan
from lantern.core.text import long_date
from lantern.obligations.services import obligations_refresh
from lantern.protection.models import Plan as CPPlan
from lantern.staff.models import Role, User

from .models import Action, ActionReview, Owner, Progress, Visit

PRACTITIONERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                           Role.SENIOR_LEADER, Role.OUT_OF_HOURS})


class PlanError(Exception):
    """A change to a plan's actions or visits was refused; the message says why."""


def _require_practitioner(actor, child) -> None:
    if actor.role not in PRACTITIONERS:
        raise NotPermitted("Only social workers and managers record visits and plan actions")
    require_can_act(actor, child)


# Plan endings that change the child's level of need by themselves (both kinds of plan use
# these values for them).
INTO_CARE, CLOSING = "looked_after", ("moved_away", "eighteen")


def level_after_plan_ended(*, actor, today: date, child, end: date, reason: str, label: str) -> None:
    """A plan ended for a reason that moves the child's level of need: into care opens
    looked after; a move away or an 18th birthday closes the open involvement."""
    from lantern.people.models import Level
    from lantern.people.services import involvement_end, involvement_start

    if reason == INTO_CARE:
        involvement_start(actor=actor, today=today, child=child, level=Level.LOOKED_AFTER, start=end,
                          reason="Became looked after")
    elif reason in CLOSING and child.involvements.filter(end__isnull=True).exists():
        involvement_end(actor=actor, today=today, child=child, end=end, reason=label)


def plan_end_errors(*, plan, end: date, reason: str, reasons, today: date, last: date | None,
                    last_said: str) -> dict[str, str]:
    """What is wrong with ending ``plan`` on ``end`` for ``reason`` (one of ``reasons``), given
    the last day it was worked on (``last``, described by ``last_said``): both kinds of plan."""
    errors: dict[str, str] = {}
    if reason not in reasons:
        errors["reason"] = "Choose why the plan is ending"
    if end > today:
        errors["end"] = "The end date cannot be in the future"
    elif end < plan.start:
        errors["end"] = f"The plan cannot end before it started ({long_date(plan.start)})"
    elif last and end < last:
        errors["end"] = f"{last_said} {long_date(last)}: it cannot end before that"
    return errors


def plan_label(plan) -> str:
    return "child protection plan" if isinstance(plan, CPPlan) else "child in need plan"


def _links(plan) -> dict:
    return {"cp_plan": plan} if isinstance(plan, CPPlan) else {"cin_plan": plan}


def _locked(plan):
    model = CPPlan if isinstance(plan, CPPlan) else CINPlan
    return model.objects.select_for_update().select_related("child").get(pk=plan.pk)


@transaction.atomic
def visit_record(*, actor: User, today: date, plan: CPPlan | CINPlan, visited_on: date, seen: bool,
                 worker: User, not_seen_reason: str = "", seen_alone: bool = False,
                 not_alone_reason: str = "", bedroom_seen: bool | None = None, child_said: str = "",
                 child_seemed: str = "", others_present: str = "") -> Visit:
    """Record a statutory visit to a child on a plan, with what the child said and how they seemed."""
    _require_practitioner(actor, plan.child)
    plan = _locked(plan)
    child = plan.child
    errors: dict[str, str] = {}
    if visited_on > today:
        errors["visited_on"] = "The visit cannot be in the future"
    elif not plan.open_on(visited_on):
        errors["visited_on"] = (
            f"No {plan_label(plan)} was open on {long_date(visited_on)}: this plan ran from "
            f"{long_date(plan.start)}" + (f" to {long_date(plan.end)}" if plan.end else ""))
    if not seen and not not_seen_reason.strip():
        errors["not_seen_reason"] = f"Say why {child.first_name} was not seen"
    if seen and not seen_alone and not not_alone_reason.strip():
        errors["not_alone_reason"] = f"Say why {child.first_name} was not seen alone"
    if seen and not (child_said.strip() or child_seemed.strip()):
        errors["child_said"] = f"Record what {child.first_name} said or how they seemed"
    if worker is None or not worker.is_active:
        errors["worker"] = "Choose who visited"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    visit = Visit(child=child, **_links(plan), visited_on=visited_on, seen=seen,
                  not_seen_reason="" if seen else not_seen_reason.strip(),
                  seen_alone=seen and seen_alone,
                  not_alone_reason=not_alone_reason.strip() if seen and not seen_alone else "",
                  bedroom_seen=bedroom_seen, child_said=child_said.strip(),
                  child_seemed=child_seemed.strip(), others_present=others_present.strip(),
                  worker=worker, recorded_by=actor, recorded_at=now)
    visit.full_clean()
    visit.save()
    how = ("seen alone" if visit.seen_alone else "seen, not alone") if seen else "not seen"
    audit_event(actor=actor, at=now,
                action=f"Visit to {child.full_name} on {long_date(visited_on)} ({plan_label(plan)}): {how}",
                obj=visit, child=child, after={"visited_on": visited_on, "seen": seen,
                                               "seen_alone": visit.seen_alone},
                reason=visit.not_seen_reason or visit.not_alone_reason)
    obligations_refresh(child=child)
    return visit


@transaction.atomic
def action_add(*, actor: User, today: date, plan: CPPlan | CINPlan, what: str, owner_agency: str = "",
               owner_name: str = "", due: date | None = None, measure: str = "",
               added_on: date | None = None) -> Action:
    """Add an action to an open plan."""
    _require_practitioner(actor, plan.child)
    plan = _locked(plan)
    if plan.end is not None:
        raise PlanError(f"This {plan_label(plan)} ended on {long_date(plan.end)}")
    added_on = added_on or today
    errors: dict[str, str] = {}
    if not what.strip():
        errors["what"] = "Say what will be done"
    if owner_agency and owner_agency not in Owner.values:
        errors["owner_agency"] = "Choose who is responsible"
    if added_on > today or added_on < plan.start:
        errors["added_on"] = "The action is added on a day the plan was open, not in the future"
    if due is not None and due < added_on:
        errors["due"] = "The date it is due cannot be before it was agreed"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    action = Action(child=plan.child, **_links(plan), what=what.strip(), owner_agency=owner_agency,
                    owner_name=owner_name.strip(), due=due, measure=measure.strip(),
                    added_on=added_on, recorded_by=actor, recorded_at=now)
    action.full_clean()
    action.save()
    flags = action.flags
    audit_event(actor=actor, at=now,
                action=f"Action added to the {plan_label(plan)} for {plan.child.full_name}: "
                f"{action.what[:80]}" + (f" ({', '.join(flags).lower()})" if flags else ""),
                obj=action, child=plan.child,
                after={"owner": action.owner, "due": due, "measure": action.measure})
    return action


@transaction.atomic
def action_review(*, actor: User, today: date, action: Action, reviewed_on: date, progress: str,
                  note: str = "") -> ActionReview:
    """Review one action: done, partly done or not done."""
    _require_practitioner(actor, action.child)
    action = Action.objects.select_for_update().select_related("child").get(pk=action.pk)
    errors: dict[str, str] = {}
    if progress not in Progress.values:
        errors["progress"] = "Choose whether the action was done, partly done or not done"
    if reviewed_on > today:
        errors["reviewed_on"] = "The review date cannot be in the future"
    elif reviewed_on < action.added_on:
        errors["reviewed_on"] = f"The action was agreed on {long_date(action.added_on)}: review it after that"
    elif action.reviewed_on and reviewed_on < action.reviewed_on:
        errors["reviewed_on"] = f"It was last reviewed on {long_date(action.reviewed_on)}"
    if progress in (Progress.PARTLY, Progress.NOT_DONE) and not note.strip():
        errors["note"] = "Say what is in the way and what happens next"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    review = ActionReview(action=action, reviewed_on=reviewed_on, progress=progress,
                          note=note.strip(), recorded_by=actor, recorded_at=now)
    review.full_clean()
    review.save()
    before = action.get_progress_display() if action.progress else "not reviewed"
    action.progress, action.reviewed_on = progress, reviewed_on
    action.save(update_fields=["progress", "reviewed_on"])
    audit_event(actor=actor, at=now,
                action=f"Plan action for {action.child.full_name} reviewed {long_date(reviewed_on)}: "
                f"{action.get_progress_display().lower()}",
                obj=action, child=action.child, before={"progress": before},
                after={"progress": progress}, reason=review.note)
    return review
