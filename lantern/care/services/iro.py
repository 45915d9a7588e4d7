"""The independent reviewing officer's work between reviews: contact with the child and
the dispute resolution process (IRO Handbook, chapter 6).

A dispute is raised by an IRO at one of the stages in ``LANTERN_IRO_DISPUTE_STAGES`` and
may be escalated to any later stage (stages may be skipped, never revisited). Each stage
has its own response time (IR2), counted in the council's working days from the day the
stage opened; the whole process should take no more than 20 working days (IR1). The IRO
closes the dispute with its outcome, which may be a referral to Cafcass.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.core.text import long_date
from lantern.obligations.services import council_calendar, obligations_refresh
from lantern.staff.models import Role, User

from ..models import Dispute, DisputeOutcome, DisputeStage, IroContact, PeriodOfCare, VisitPlace
from .journey import CareError, _day_errors, _require_practitioner

# Outcomes that need the IRO to say what happened.
EXPLAINED_OUTCOMES = frozenset({DisputeOutcome.PARTLY, DisputeOutcome.NOT_RESOLVED,
                                DisputeOutcome.CAFCASS, DisputeOutcome.WITHDRAWN})


@dataclass(frozen=True)
class Stage:
    """One stage of the dispute resolution process, as the council configures it."""

    key: str
    label: str
    working_days: int
    order: int


def dispute_stages() -> list[Stage]:
    """The configured stages, in order (setting ``LANTERN_IRO_DISPUTE_STAGES``)."""
    return [Stage(s["key"], s["label"], int(s["working_days"]), i)
            for i, s in enumerate(settings.LANTERN_IRO_DISPUTE_STAGES)]


def dispute_stage(key: str) -> Stage | None:
    return next((s for s in dispute_stages() if s.key == key), None)


def stage_label(key: str) -> str:
    stage = dispute_stage(key)
    return stage.label if stage else key


def _require_iro(actor, child, doing: str) -> None:
    if actor.role != Role.IRO:
        raise NotPermitted(f"Only an independent reviewing officer can {doing}")
    require_can_act(actor, child)


def _period_on(child, day: date) -> PeriodOfCare | None:
    """The period of care the child was in on ``day`` (its last day included)."""
    return (PeriodOfCare.objects.filter(child=child, start__lte=day).exclude(end__lt=day)
            .order_by("-start").first())


def _looked_after_on(child, day, name, errors) -> PeriodOfCare | None:
    if name in errors:
        return None
    period = _period_on(child, day)
    if period is None:
        errors[name] = f"{child.full_name} was not looked after on {long_date(day)}"
    return period


def _text_errors(errors: dict, **texts: tuple[str, str]) -> None:
    for name, (value, message) in texts.items():
        if not (value or "").strip():
            errors[name] = message


def _new_stage(*, actor, now, dispute, stage: Stage, on: date, addressed_to: str) -> DisputeStage:
    row = DisputeStage(dispute=dispute, stage=stage.key, opened_on=on,
                       addressed_to=addressed_to.strip(), response_working_days=stage.working_days,
                       response_due=council_calendar().add_working_days(on, stage.working_days),
                       recorded_by=actor, recorded_at=now)
    row.full_clean()
    row.save()
    return row


def _to(addressed_to: str) -> str:
    return f" ({addressed_to.strip()})" if addressed_to.strip() else ""


@transaction.atomic
def dispute_raise(*, actor: User, now: datetime, child, raised_on: date, concern: str, why: str,
                  outcome_sought: str, stage: str = "informal",
                  addressed_to: str = "") -> Dispute:
    """The IRO raises a dispute about the child's plan or care, at its first stage."""
    _require_iro(actor, child, "raise a dispute")
    errors = _day_errors(raised_on, "raised_on", "the dispute was raised", now.date(), child)
    period = _looked_after_on(child, raised_on, "raised_on", errors)
    chosen = dispute_stage(stage)
    if chosen is None:
        errors["stage"] = "Choose the stage of the dispute resolution process"
    _text_errors(errors, concern=(concern, "Say what the concern is"),
                 why=(why, "Say why it matters for the child"),
                 outcome_sought=(outcome_sought, "Say what outcome you want"))
    if errors:
        raise ValidationError(errors)
    dispute = Dispute(child=child, period=period, raised_on=raised_on, iro=actor,
                      concern=concern.strip(), why=why.strip(),
                      outcome_sought=outcome_sought.strip(), recorded_by=actor, recorded_at=now)
    dispute.full_clean()
    dispute.save()
    first = _new_stage(actor=actor, now=now, dispute=dispute, stage=chosen, on=raised_on,
                       addressed_to=addressed_to)
    audit_event(actor=actor, at=now,
                action=f"{actor} raised a dispute about {child.full_name}'s care on "
                f"{long_date(raised_on)} at the stage: {chosen.label.lower()}"
                f"{_to(addressed_to)}; response due {long_date(first.response_due)}",
                obj=dispute, child=child,
                after={"raised_on": raised_on, "stage": chosen.key,
                       "response_due": first.response_due}, reason=dispute.concern)
    obligations_refresh(child=child)
    return dispute


def _dispute_locked(dispute) -> Dispute:
    return Dispute.objects.select_for_update().select_related("child").get(pk=dispute.pk)


@transaction.atomic
def dispute_escalate(*, actor: User, now: datetime, dispute: Dispute, on: date, stage: str,
                     addressed_to: str = "") -> DisputeStage:
    """The dispute goes to a later stage (stages may be skipped, never gone back to)."""
    dispute = _dispute_locked(dispute)
    child = dispute.child
    _require_practitioner(actor, child)
    if dispute.closed_on:
        raise CareError("This dispute is closed: it cannot be escalated")
    last = dispute.stages.order_by("-opened_on", "-id").first()
    errors = _day_errors(on, "on", "of the escalation", now.date(), child)
    if "on" not in errors and on < last.opened_on:
        errors["on"] = (f"The escalation cannot be before the current stage opened "
                        f"({long_date(last.opened_on)})")
    chosen = dispute_stage(stage)
    current = dispute_stage(last.stage)
    if chosen is None:
        errors["stage"] = "Choose the stage the dispute goes to"
    elif current is not None and chosen.order <= current.order:
        errors["stage"] = (f"Choose a stage after the current one ({current.label.lower()}): "
                           f"a dispute is never escalated backwards")
    if errors:
        raise ValidationError(errors)
    row = _new_stage(actor=actor, now=now, dispute=dispute, stage=chosen, on=on,
                     addressed_to=addressed_to)
    audit_event(actor=actor, at=now,
                action=f"Dispute about {child.full_name}'s care escalated on {long_date(on)} "
                f"from {stage_label(last.stage).lower()} to {chosen.label.lower()}"
                f"{_to(addressed_to)}; response due {long_date(row.response_due)}",
                obj=dispute, child=child,
                before={"stage": last.stage},
                after={"stage": chosen.key, "opened_on": on, "response_due": row.response_due})
    obligations_refresh(child=child)
    return row


@transaction.atomic
def dispute_respond(*, actor: User, now: datetime, stage: DisputeStage, responded_on: date,
                    response: str) -> DisputeStage:
    """The response at one stage of a dispute (one response per stage)."""
    stage = (DisputeStage.objects.select_for_update().select_related("dispute__child")
             .get(pk=stage.pk))
    dispute = stage.dispute
    child = dispute.child
    _require_practitioner(actor, child)
    if dispute.closed_on:
        raise CareError("This dispute is closed: no more responses are recorded")
    if stage.responded_on:
        raise CareError("The response at this stage is already recorded")
    errors = _day_errors(responded_on, "responded_on", "of the response", now.date(), child)
    if "responded_on" not in errors and responded_on < stage.opened_on:
        errors["responded_on"] = (f"The response cannot be before the stage opened "
                                  f"({long_date(stage.opened_on)})")
    _text_errors(errors, response=(response, "Say what the response was"))
    if errors:
        raise ValidationError(errors)
    stage.responded_on, stage.response = responded_on, response.strip()
    stage.full_clean()
    stage.save(update_fields=["responded_on", "response"])
    late = responded_on > stage.response_due
    audit_event(actor=actor, at=now,
                action=f"Response to the dispute about {child.full_name}'s care at the stage "
                f"{stage_label(stage.stage).lower()} given on {long_date(responded_on)}"
                + (f", after it was due on {long_date(stage.response_due)}" if late else ""),
                obj=dispute, child=child, after={"stage": stage.stage,
                                                 "responded_on": responded_on},
                reason=stage.response)
    obligations_refresh(child=child)
    return stage


@transaction.atomic
def dispute_close(*, actor: User, now: datetime, dispute: Dispute, closed_on: date, outcome: str,
                  outcome_note: str = "") -> Dispute:
    """The IRO ends the dispute with its outcome (resolved, not, referred to Cafcass...)."""
    dispute = _dispute_locked(dispute)
    child = dispute.child
    _require_iro(actor, child, "close a dispute")
    if dispute.closed_on:
        raise CareError("This dispute is already closed")
    errors = _day_errors(closed_on, "closed_on", "the dispute closed", now.date(), child)
    if "closed_on" not in errors:
        days = [dispute.raised_on]
        for opened, responded in dispute.stages.values_list("opened_on", "responded_on"):
            days += [opened] + ([responded] if responded else [])
        latest = max(days)
        if closed_on < latest:
            errors["closed_on"] = (f"The dispute cannot close before the last thing recorded "
                                   f"on it ({long_date(latest)})")
    if outcome not in DisputeOutcome.values:
        errors["outcome"] = "Choose the outcome of the dispute"
    elif outcome in EXPLAINED_OUTCOMES and not outcome_note.strip():
        errors["outcome_note"] = "Say what happened and what is being done for the child"
    if errors:
        raise ValidationError(errors)
    dispute.closed_on, dispute.outcome = closed_on, outcome
    dispute.outcome_note = outcome_note.strip()
    dispute.full_clean()
    dispute.save(update_fields=["closed_on", "outcome", "outcome_note"])
    working_days = council_calendar().working_days_between(dispute.raised_on, closed_on)
    audit_event(actor=actor, at=now,
                action=f"Dispute about {child.full_name}'s care closed on {long_date(closed_on)} "
                f"after {working_days} working day{'s' if working_days != 1 else ''}: "
                f"{dispute.get_outcome_display().lower()}", obj=dispute, child=child,
                after={"closed_on": closed_on, "outcome": outcome}, reason=dispute.outcome_note)
    obligations_refresh(child=child)
    return dispute


@transaction.atomic
def iro_contact_record(*, actor: User, now: datetime, child, on: date, how: str,
                       note: str = "") -> IroContact:
    """The IRO's own contact with the child between reviews."""
    _require_iro(actor, child, "record their contact with a child")
    errors = _day_errors(on, "on", "of the contact", now.date(), child)
    period = _looked_after_on(child, on, "on", errors)
    if how not in VisitPlace.values:
        errors["how"] = "Choose how the contact took place"
    if errors:
        raise ValidationError(errors)
    contact = IroContact(child=child, period=period, on=on, how=how, note=note.strip(),
                         iro=actor, recorded_by=actor, recorded_at=now)
    contact.full_clean()
    contact.save()
    audit_event(actor=actor, at=now,
                action=f"{actor}, independent reviewing officer, had contact with "
                f"{child.full_name} on {long_date(on)} ({contact.get_how_display().lower()})",
                obj=contact, child=child, after={"on": on, "how": how})
    obligations_refresh(child=child)
    return contact
