"""Writes to step ups and step downs: permission, validation, save, audit, obligations.

A step down is proposed (reason, the evidence checklist, evidence that risks have
reduced, the early help lead practitioner where one takes over) and takes effect only
when a manager other than the proposer authorises it with a rationale: then the plan
ends, the next plan starts and the child's level of need changes, in one transaction.
A step up records what triggered it.
"""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.childinneed.models import EndReason as CINEnd
from lantern.childinneed.models import Plan as CINPlan
from lantern.core.text import long_date
from lantern.obligations.services import obligations_refresh
from lantern.people.models import Child, Level
from lantern.people.services import involvement_end, involvement_start
from lantern.protection.models import ConferenceKind, ConferenceOutcome
from lantern.protection.models import EndReason as CPEnd
from lantern.protection.models import Plan as CPPlan
from lantern.staff.models import MANAGER_ROLES, Role, User

from .checklists import CHECKLISTS, missing_items
from .models import DOWN_KINDS, Direction, Kind, State, StepChange

PROPOSERS = frozenset({Role.SOCIAL_WORKER, *MANAGER_ROLES})
# A step up is recorded by practitioners (an initial conference's chair included), never by
# read-only roles.
STEP_UP_RECORDERS = PROPOSERS | {Role.FRONT_DOOR, Role.OUT_OF_HOURS, Role.IRO}
UP_LEVELS = {Kind.EARLY_HELP_TO_CIN: Level.CHILD_IN_NEED, Kind.CIN_TO_CP: Level.CHILD_PROTECTION,
             Kind.TO_CARE: Level.LOOKED_AFTER}


class StepChangeError(Exception):
    """A step up or down was refused; the message says why."""


def _current_level(child: Child) -> str | None:
    return child.involvements.filter(end__isnull=True).values_list("level", flat=True).first()


def _open_cp(child) -> CPPlan | None:
    return CPPlan.objects.filter(child=child, end__isnull=True).first()


def _open_cin(child) -> CINPlan | None:
    return CINPlan.objects.filter(child=child, end__isnull=True).first()


def _plan_check(child: Child, kind: str, on: date) -> tuple[CPPlan | None, CINPlan | None]:
    """The plans a step down of this kind ends, or the reason it cannot happen now."""
    cp, cin = _open_cp(child), _open_cin(child)
    level = _current_level(child)
    if kind == Kind.CP_TO_CIN:
        if cp is None:
            raise StepChangeError(f"{child.full_name} is not on a child protection plan")
    elif kind == Kind.CIN_TO_EARLY_HELP:
        if cp is not None:
            raise StepChangeError(f"{child.full_name} is on a child protection plan: step down to "
                                  "child in need first")
        if level != Level.CHILD_IN_NEED:
            raise StepChangeError(f"{child.full_name} is not open as a child in need")
    elif kind == Kind.CSC_TO_UNIVERSAL:
        if level not in (Level.CHILD_IN_NEED, Level.CHILD_PROTECTION):
            raise StepChangeError(f"{child.full_name} is not open to children's social care")
    else:
        raise StepChangeError("Choose the kind of step down")
    if cp is not None:
        decided = cp.conferences.filter(kind=ConferenceKind.REVIEW).order_by("-held_on", "-id").first()
        if decided is None or decided.outcome != ConferenceOutcome.END:
            raise StepChangeError("A child protection plan ends only when a review conference has "
                                  "decided it should: record the conference first")
        if on < decided.held_on:
            raise ValidationError({"on": f"The step down cannot be before the conference that decided it "
                                         f"({long_date(decided.held_on)})"})
    return cp, cin


@transaction.atomic
def step_down_propose(*, actor: User, today: date, child: Child, kind: str, on: date, reason: str,
                      checklist: Mapping[str, bool], evidence: str = "",
                      lead_practitioner: str = "") -> StepChange:
    """Propose a step down with its reason and checklist, for a manager to authorise."""
    if actor.role not in PROPOSERS:
        raise NotPermitted("Only social workers and managers propose a step down")
    require_can_act(actor, child)
    Child.objects.select_for_update().filter(pk=child.pk).first()
    if StepChange.objects.filter(child=child, state=State.PROPOSED).exists():
        raise StepChangeError(f"A step down for {child.full_name} is already awaiting a manager")
    if kind not in DOWN_KINDS:
        raise ValidationError({"kind": "Choose the kind of step down"})
    errors: dict[str, str] = {}
    if on > today:
        errors["on"] = "The step down is proposed for today or an earlier day, not the future"
    cp, cin = _plan_check(child, kind, on)
    plan = cp or cin
    if plan is not None and on < plan.start and "on" not in errors:
        errors["on"] = f"The plan started on {long_date(plan.start)}: the step down cannot be before it"
    if not reason.strip():
        errors["reason"] = "Give the reason for stepping down"
    ticked = {key: bool(checklist.get(key)) for key, _ in CHECKLISTS[kind]}
    if cp is not None and "conference_decision" in ticked:
        ticked["conference_decision"] = True  # checked above against the conference record
    missing = missing_items(kind, ticked)
    if missing:
        errors["checklist"] = "Confirm every item of the checklist: " + "; ".join(m.lower() for m in missing)
    if kind == Kind.CP_TO_CIN and not evidence.strip():
        errors["evidence"] = "Describe the evidence that risks have reduced"
    if kind == Kind.CIN_TO_EARLY_HELP and not lead_practitioner.strip():
        errors["lead_practitioner"] = "Name the early help lead practitioner who has accepted the case"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    step = StepChange(child=child, direction=Direction.DOWN, kind=kind, on=on, reason=reason.strip(),
                      checklist=ticked, evidence=evidence.strip(),
                      lead_practitioner=lead_practitioner.strip(), state=State.PROPOSED,
                      proposed_by=actor, proposed_at=now, cp_plan=cp, cin_plan=cin)
    step.full_clean()
    step.save()
    audit_event(actor=actor, at=now,
                action=f"Step down proposed for {child.full_name}: {step.get_kind_display().lower()} "
                f"from {long_date(on)}, awaiting a manager",
                obj=step, child=child, after={"kind": kind, "on": on, "checklist": ticked},
                reason=step.reason)
    return step


def _locked_proposal(step: StepChange) -> StepChange:
    step = StepChange.objects.select_for_update().select_related("child").get(pk=step.pk)
    if step.state != State.PROPOSED:
        raise StepChangeError(f"This step down was already {step.get_state_display().lower()}")
    return step


def _require_decider(actor, step) -> None:
    if actor.role not in MANAGER_ROLES:
        raise NotPermitted("Only a manager can decide on a step down")
    require_can_act(actor, step.child)
    if step.proposed_by_id == actor.pk:
        raise StepChangeError("A step down is authorised by a manager other than the one who proposed it")


@transaction.atomic
def step_down_authorise(*, actor: User, today: date, step: StepChange, decided_on: date,
                        rationale: str) -> StepChange:
    """Authorise a proposed step down: it takes effect on the later of the proposed date and
    the authorisation date (never before a manager has agreed)."""
    step = _locked_proposal(step)
    _require_decider(actor, step)
    child = step.child
    errors: dict[str, str] = {}
    if decided_on > today:
        errors["decided_on"] = "The authorisation date cannot be in the future"
    elif decided_on < timezone.localdate(step.proposed_at) and decided_on < step.on:
        errors["decided_on"] = "The authorisation cannot be before the step down was proposed"
    if not rationale.strip():
        errors["rationale"] = "Give your rationale for authorising the step down"
    if errors:
        raise ValidationError(errors)
    effective = max(step.on, decided_on)
    cp, cin = _plan_check(child, step.kind, effective)
    if (cp and cp.pk != step.cp_plan_id) or (cin and step.cin_plan_id and cin.pk != step.cin_plan_id):
        raise StepChangeError("The child's plans have changed since the step down was proposed: "
                              "decline it and propose again")
    step.state, step.decided_by, step.decided_on = State.AUTHORISED, actor, decided_on
    step.rationale, step.on = rationale.strip(), effective
    step.full_clean()
    step.save(update_fields=["state", "decided_by", "decided_on", "rationale", "on"])
    audit_event(actor=actor, at=timezone.now(),
                action=f"Step down for {child.full_name} authorised by {actor}: "
                f"{step.get_kind_display().lower()} from {long_date(effective)}",
                obj=step, child=child, before={"state": State.PROPOSED},
                after={"state": State.AUTHORISED, "on": effective}, reason=step.rationale)
    _apply(actor=actor, today=today, step=step, cp=cp, cin=cin)
    obligations_refresh(child=child)
    return step


def _apply(*, actor, today, step: StepChange, cp, cin) -> None:
    from lantern.childinneed.services import cin_plan_end, cin_plan_start
    from lantern.protection.services import cp_plan_end

    child, on = step.child, step.on
    if step.kind == Kind.CP_TO_CIN:
        cp_plan_end(actor=actor, today=today, plan=cp, end=on, reason=CPEnd.STEPPED_DOWN, step_down=True)
        cp.child = child
        new = cin_plan_start(actor=actor, today=today, referral=cp.referral, start=on, from_cp_plan=cp)
        step.cin_plan = new
        step.save(update_fields=["cin_plan"])
        _move_to(actor, today, child, Level.CHILD_IN_NEED, on, "Stepped down to a child in need plan")
    elif step.kind == Kind.CIN_TO_EARLY_HELP:
        if cin is not None:
            cin_plan_end(actor=actor, today=today, plan=cin, end=on, reason=CINEnd.STEPPED_DOWN,
                         step_down=True)
        _move_to(actor, today, child, Level.EARLY_HELP, on,
                 f"Stepped down to early help (lead practitioner {step.lead_practitioner})")
    else:
        if cp is not None:
            cp_plan_end(actor=actor, today=today, plan=cp, end=on, reason=CPEnd.NO_LONGER_NEEDED,
                        step_down=True)
        if cin is not None:
            cin_plan_end(actor=actor, today=today, plan=cin, end=on, reason=CINEnd.NEEDS_MET,
                         step_down=True)
        if _current_level(child) is not None:
            involvement_end(actor=actor, today=today, child=child, end=on,
                            reason="Stepped down to universal services: case closed")


def _move_to(actor, today, child, level, on, reason) -> None:
    if _current_level(child) != level:
        involvement_start(actor=actor, today=today, child=child, level=level, start=on, reason=reason)


@transaction.atomic
def step_down_decline(*, actor: User, today: date, step: StepChange, decided_on: date,
                      rationale: str) -> StepChange:
    """Decline a proposed step down, with the manager's rationale: nothing changes."""
    step = _locked_proposal(step)
    _require_decider(actor, step)
    if decided_on > today:
        raise ValidationError({"decided_on": "The decision date cannot be in the future"})
    if not rationale.strip():
        raise ValidationError({"rationale": "Say why the step down is declined"})
    step.state, step.decided_by, step.decided_on = State.DECLINED, actor, decided_on
    step.rationale = rationale.strip()
    step.save(update_fields=["state", "decided_by", "decided_on", "rationale"])
    audit_event(actor=actor, at=timezone.now(),
                action=f"Step down for {step.child.full_name} declined by {actor}",
                obj=step, child=step.child, before={"state": State.PROPOSED},
                after={"state": State.DECLINED}, reason=step.rationale)
    return step


@transaction.atomic
def step_up_record(*, actor: User, today: date, child: Child, kind: str, on: date, trigger: str,
                   cp_plan: CPPlan | None = None) -> StepChange:
    """Record a step up and what triggered it; the child's level of need changes that day."""
    if actor.role not in STEP_UP_RECORDERS:
        raise NotPermitted("Only practitioners and managers record a step up")
    require_can_act(actor, child)
    if kind not in UP_LEVELS:
        raise ValidationError({"kind": "Choose the kind of step up"})
    errors: dict[str, str] = {}
    if on > today:
        errors["on"] = "The step up cannot be in the future"
    if not trigger.strip():
        errors["trigger"] = "Say what triggered the step up"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    step = StepChange(child=child, direction=Direction.UP, kind=kind, on=on, trigger=trigger.strip(),
                      state=State.RECORDED, proposed_by=actor, proposed_at=now, cp_plan=cp_plan)
    step.full_clean()
    step.save()
    audit_event(actor=actor, at=now,
                action=f"Step up for {child.full_name}: {step.get_kind_display().lower()} from "
                f"{long_date(on)}", obj=step, child=child, after={"kind": kind, "on": on},
                reason=step.trigger)
    _move_to(actor, today, child, UP_LEVELS[Kind(kind)], on, f"Stepped up: {step.trigger}")
    obligations_refresh(child=child)
    return step
