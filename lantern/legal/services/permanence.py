"""Writes to a child's permanence: the plan for permanence and the adoption timeline (the
agency's decision that the child should be placed for adoption, a fostering for adoption
placement, the placement order, matching, moving in, the adoption order or the decision
that the child should no longer be placed, and the adoption reviews).

Each write checks that the actor records legal work and may act on the child, locks the
child, collects every field's error and saves nothing when any is found, then writes one
audit entry on the child's trail and refreshes the child's obligations. A plan for
permanence and an adoption decision belong to the period of care covering their day (the
child must be looked after then): the plan meets LA15 for that period, and the adoption
timeline's placement order and move-in start the adoption review clocks (AD1-AD3). A child
has one open adoption timeline at a time (open until the adoption order or the decision
that they should no longer be placed). The adopters' details follow the DfE's SSDA903
rules: one adopter is L0 and M1 or F1; a married or unmarried opposite-sex couple is MF; a
same-sex married or unmarried couple is MM or FF; civil partners are a couple.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.care.models import PeriodOfCare
from lantern.core.text import long_date
from lantern.obligations.services import obligations_refresh
from lantern.people.models import Child
from lantern.staff.models import User

from ..models import (
    ADOPTER_LEGAL_STATUS,
    ADOPTER_SEX,
    ADOPTION_CEASED,
    AdoptionJourney,
    AdoptionReview,
    PermanenceKind,
    PermanencePlan,
)
from .common import RECORDERS, day_errors, raise_if

STEPS = {
    "ffa_on": "the fostering for adoption or concurrent planning placement",
    "placement_order_on": "the placement order",
    "matched_on": "the match with adopters",
    "placed_on": "the move to the adopters (placed for adoption)",
}
SINGLE_SEX = frozenset({"M1", "F1"})
COUPLE_SEX = frozenset({"MM", "FF", "MF"})
OPPOSITE_SEX_STATUSES = frozenset({"L11", "L3"})
SAME_SEX_STATUSES = frozenset({"L12", "L4"})


def _require(actor: User, child) -> Child:
    if actor.role not in RECORDERS:
        raise NotPermitted("Only social workers and managers record legal work")
    require_can_act(actor, child)
    return Child.objects.select_for_update().get(pk=child.pk)


def period_on(child, day: date) -> PeriodOfCare | None:
    """The child's period of care covering ``day`` (its last day included)."""
    return (PeriodOfCare.objects.filter(child=child, start__lte=day).exclude(end__lt=day)
            .order_by("-start").first())


def _looked_after(errors, field: str, child, day: date | None) -> PeriodOfCare | None:
    if field in errors or day is None:
        return None
    period = period_on(child, day)
    if period is None:
        errors[field] = f"{child.full_name} was not looked after on {long_date(day)}"
    return period


def _born(errors, field: str, child, day: date | None) -> None:
    if field not in errors and day is not None and child.date_of_birth and day < child.date_of_birth:
        errors[field] = f"{child.full_name} was born on {long_date(child.date_of_birth)}"


def _lock_journey(actor: User, journey: AdoptionJourney) -> tuple[Child, AdoptionJourney]:
    child = _require(actor, journey.child)
    return child, AdoptionJourney.objects.select_for_update().get(pk=journey.pk)


def _ended(journey: AdoptionJourney) -> str:
    if journey.order_on:
        return f"The adoption order was made on {long_date(journey.order_on)}"
    if journey.ceased_on:
        return (f"The decision that the child should no longer be placed for adoption was made on "
                f"{long_date(journey.ceased_on)}")
    return ""


@transaction.atomic
def permanence_plan_record(*, actor: User, now: datetime, child, plan: str, parallel_plan: str = "",
                           agreed_on: date | None, notes: str = "") -> PermanencePlan:
    """The plan for permanence agreed for a looked-after child (due by the second review)."""
    child = _require(actor, child)
    errors: dict[str, str] = {}
    if plan not in PermanenceKind.values:
        errors["plan"] = "Choose the plan for permanence"
    if parallel_plan and parallel_plan not in PermanenceKind.values:
        errors["parallel_plan"] = "Choose the parallel plan from the list"
    elif parallel_plan and parallel_plan == plan:
        errors["parallel_plan"] = "The parallel plan is a different route to permanence from the plan"
    day_errors(errors, "agreed_on", agreed_on, today=timezone.localdate(now), label="the date the plan was agreed")
    _born(errors, "agreed_on", child, agreed_on)
    period = _looked_after(errors, "agreed_on", child, agreed_on)
    raise_if(errors)
    record = PermanencePlan(child=child, period=period, agreed_on=agreed_on, plan=plan,
                            parallel_plan=parallel_plan, notes=notes.strip(), recorded_by=actor, recorded_at=now)
    record.full_clean()
    record.save()
    what = f"Plan for permanence for {child.full_name} agreed on {long_date(agreed_on)}: {record.get_plan_display()}"
    if parallel_plan:
        what += f" (parallel plan: {record.get_parallel_plan_display()})"
    audit_event(actor=actor, at=now, action=what, obj=record, child=child,
                after={"plan": plan, "parallel_plan": parallel_plan, "agreed_on": agreed_on, "period": period.pk})
    obligations_refresh(child=child)
    return record


@transaction.atomic
def adoption_decision_record(*, actor: User, now: datetime, child, decision_on: date | None) -> AdoptionJourney:
    """The agency decision that a looked-after child should be placed for adoption."""
    child = _require(actor, child)
    errors: dict[str, str] = {}
    open_journey = AdoptionJourney.objects.filter(child=child, order_on__isnull=True,
                                                  ceased_on__isnull=True).first()
    if open_journey is not None:
        errors["decision_on"] = (f"The decision of {long_date(open_journey.decision_on)} that {child.full_name} "
                                 "should be placed for adoption is still open")
    day_errors(errors, "decision_on", decision_on, today=timezone.localdate(now), label="the date of the decision")
    _born(errors, "decision_on", child, decision_on)
    period = _looked_after(errors, "decision_on", child, decision_on)
    raise_if(errors)
    journey = AdoptionJourney(child=child, period=period, decision_on=decision_on, recorded_by=actor,
                              recorded_at=now)
    journey.full_clean()
    journey.save()
    audit_event(actor=actor, at=now, obj=journey, child=child,
                action=f"Decision on {long_date(decision_on)} that {child.full_name} should be placed for adoption",
                after={"decision_on": decision_on, "period": period.pk})
    obligations_refresh(child=child)
    return journey


@transaction.atomic
def adoption_step_record(*, actor: User, now: datetime, journey: AdoptionJourney, step: str,
                         on: date | None) -> AdoptionJourney:
    """A step of the adoption timeline: fostering for adoption, the placement order, the
    match, or the move to the adopters. Each comes on or after the decision; the move
    comes on or after the match."""
    child, journey = _lock_journey(actor, journey)
    errors: dict[str, str] = {}
    if step not in STEPS:
        errors["step"] = "Choose the step of the adoption timeline"
    elif ended := _ended(journey):
        errors["step"] = ended
    elif getattr(journey, step) is not None:
        errors["step"] = f"The date of {STEPS[step]} was already recorded ({long_date(getattr(journey, step))})"
    elif step == "placed_on" and journey.matched_on is None:
        errors["step"] = "Record the match with adopters before the child is placed with them"
    day_errors(errors, "on", on, today=timezone.localdate(now), label="the date")
    if "on" not in errors and "step" not in errors:
        assert on is not None
        if on < journey.decision_on:
            errors["on"] = f"This cannot be before the decision to place for adoption ({long_date(journey.decision_on)})"
        elif step == "placed_on" and journey.matched_on and on < journey.matched_on:
            errors["on"] = f"The child cannot be placed before the match ({long_date(journey.matched_on)})"
        elif step == "matched_on" and journey.placed_on and on > journey.placed_on:
            errors["on"] = f"The match cannot be after the child was placed ({long_date(journey.placed_on)})"
    raise_if(errors)
    setattr(journey, step, on)
    journey.full_clean()
    journey.save(update_fields=[step])
    audit_event(actor=actor, at=now, obj=journey, child=child, before={step: None}, after={step: on},
                action=f"Adoption timeline for {child.full_name}: {STEPS[step]} on {long_date(on)}")
    obligations_refresh(child=child)
    return journey


def adopters_errors(count: int | None, sex: str, status: str) -> dict[str, str]:
    """The DfE's consistency rules for the adopters' number, sex and legal status."""
    errors: dict[str, str] = {}
    if count not in (1, 2):
        errors["adopters_count"] = "Choose whether there is one adopter or two"
    if sex not in dict(ADOPTER_SEX):
        errors["adopters_sex"] = "Choose the sex of the adopters"
    if status not in dict(ADOPTER_LEGAL_STATUS):
        errors["adopters_legal_status"] = "Choose the legal status of the adopters"
    if errors:
        return errors
    if count == 1:
        if sex not in SINGLE_SEX:
            errors["adopters_sex"] = "One adopter is male (M1) or female (F1)"
        if status != "L0":
            errors["adopters_legal_status"] = "One adopter is a single adopter (L0)"
        return errors
    if sex not in COUPLE_SEX:
        errors["adopters_sex"] = "Two adopters are both male (MM), both female (FF) or male and female (MF)"
    elif status == "L0":
        errors["adopters_legal_status"] = "A single adopter (L0) is one adopter, not two"
    elif status in OPPOSITE_SEX_STATUSES and sex != "MF":
        errors["adopters_legal_status"] = "An opposite-sex couple is one male and one female adopter (MF)"
    elif status in SAME_SEX_STATUSES and sex == "MF":
        errors["adopters_legal_status"] = "A same-sex couple is both male (MM) or both female (FF)"
    return errors


@transaction.atomic
def adoption_order_record(*, actor: User, now: datetime, journey: AdoptionJourney, order_on: date | None,
                          adopted_by_foster_carer: bool | None, adopters_count: int | None, adopters_sex: str,
                          adopters_legal_status: str) -> AdoptionJourney:
    """The adoption order, with who adopted the child (the SSDA903 AD1 details)."""
    child, journey = _lock_journey(actor, journey)
    errors: dict[str, str] = {}
    if ended := _ended(journey):
        errors["order_on"] = ended
    elif journey.placed_on is None:
        errors["order_on"] = "Record that the child was placed for adoption before the adoption order"
    day_errors(errors, "order_on", order_on, today=timezone.localdate(now), label="the date of the adoption order",
               not_before=(journey.placed_on, "the child was placed for adoption") if journey.placed_on else None)
    if adopted_by_foster_carer is None:
        errors["adopted_by_foster_carer"] = "Say whether the child was adopted by their foster carer"
    errors.update(adopters_errors(adopters_count, adopters_sex, adopters_legal_status))
    raise_if(errors)
    journey.order_on, journey.adopted_by_foster_carer = order_on, adopted_by_foster_carer
    journey.adopters_count, journey.adopters_sex = adopters_count, adopters_sex
    journey.adopters_legal_status = adopters_legal_status
    journey.full_clean()
    journey.save(update_fields=["order_on", "adopted_by_foster_carer", "adopters_count", "adopters_sex",
                                "adopters_legal_status"])
    audit_event(actor=actor, at=now, obj=journey, child=child, before={"order_on": None},
                after={"order_on": order_on, "adopted_by_foster_carer": adopted_by_foster_carer,
                       "adopters_count": adopters_count, "adopters_sex": adopters_sex,
                       "adopters_legal_status": adopters_legal_status},
                action=f"Adoption order for {child.full_name} made on {long_date(order_on)} "
                       f"({journey.get_adopters_legal_status_display().lower()}, "
                       f"{journey.get_adopters_sex_display().lower()}"
                       f"{'; adopted by the foster carer' if adopted_by_foster_carer else ''})")
    obligations_refresh(child=child)
    return journey


@transaction.atomic
def adoption_ceased_record(*, actor: User, now: datetime, journey: AdoptionJourney, ceased_on: date | None,
                           reason: str) -> AdoptionJourney:
    """The decision that the child should no longer be placed for adoption, with the reason."""
    child, journey = _lock_journey(actor, journey)
    errors: dict[str, str] = {}
    if ended := _ended(journey):
        errors["ceased_on"] = ended
    day_errors(errors, "ceased_on", ceased_on, today=timezone.localdate(now), label="the date of the decision",
               not_before=(journey.decision_on, "the decision to place for adoption"))
    if reason not in dict(ADOPTION_CEASED):
        errors["reason"] = "Choose the reason the child should no longer be placed for adoption"
    raise_if(errors)
    journey.ceased_on, journey.ceased_reason = ceased_on, reason
    journey.full_clean()
    journey.save(update_fields=["ceased_on", "ceased_reason"])
    audit_event(actor=actor, at=now, obj=journey, child=child, before={"ceased_on": None},
                after={"ceased_on": ceased_on, "reason": reason}, reason=journey.get_ceased_reason_display(),
                action=f"Decision on {long_date(ceased_on)} that {child.full_name} should no longer be placed "
                       f"for adoption: {journey.get_ceased_reason_display()}")
    obligations_refresh(child=child)
    return journey


@transaction.atomic
def adoption_review_record(*, actor: User, now: datetime, journey: AdoptionJourney,
                           held_on: date | None) -> AdoptionReview:
    """A review of the child's adoption plan (Adoption Agencies Regulations reg 36)."""
    child, journey = _lock_journey(actor, journey)
    errors: dict[str, str] = {}
    day_errors(errors, "held_on", held_on, today=timezone.localdate(now), label="the date of the review",
               not_before=(journey.decision_on, "the decision to place for adoption"))
    if "held_on" not in errors:
        assert held_on is not None
        end = journey.order_on or journey.ceased_on
        if end is not None and held_on > end:
            errors["held_on"] = f"{_ended(journey)}: a review after it is not part of this timeline"
        elif journey.reviews.filter(held_on=held_on).exists():
            errors["held_on"] = f"A review on {long_date(held_on)} is already recorded"
    raise_if(errors)
    review = AdoptionReview(journey=journey, held_on=held_on, recorded_by=actor, recorded_at=now)
    review.full_clean()
    review.save()
    placed = journey.placed_on is not None and held_on >= journey.placed_on
    audit_event(actor=actor, at=now, obj=review, child=child, after={"held_on": held_on},
                action=f"Adoption review for {child.full_name} held on {long_date(held_on)}"
                       f"{' (after placement)' if placed else ''}")
    obligations_refresh(child=child)
    return review
