"""Writes to assessments: permission, validation, save, audit, obligations, one transaction.

The 45-working-day clock (A1) is read from the obligations ledger row for the
referral's episode (scope ``cin:<referral id>``), never worked out here.
"""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.frontdoor.models import Referral
from lantern.obligations.models import Obligation
from lantern.obligations.services import obligations_refresh
from lantern.staff.models import MANAGER_ROLES, Role, User

from .models import FACTOR_LABELS, NO_FACTORS, Assessment, AssessmentSeen, Outcome

ASSESSORS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                       Role.SENIOR_LEADER})
AUTHORISERS = MANAGER_ROLES


class AssessmentError(Exception):
    """An assessment change was refused; the message says why."""


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _require_assessor(actor, child) -> None:
    if actor.role not in ASSESSORS:
        raise NotPermitted("Only social workers and managers record assessments")
    require_can_act(actor, child)


def _locked(assessment: Assessment) -> Assessment:
    return (Assessment.objects.select_for_update().select_related("referral", "child", "worker")
            .get(pk=assessment.pk))


def a1_obligation(referral: Referral) -> Obligation | None:
    """The ledger row for A1 (referral to assessment concluded) on this referral's episode."""
    return Obligation.objects.filter(rule_id="A1", scope=f"cin:{referral.pk}",
                                     child_id=referral.child_id).first()


@transaction.atomic
def assessment_start(*, actor: User, today: date, referral: Referral, start: date,
                     worker: User) -> Assessment:
    """Start the assessment of a referral on its actual start date."""
    child = referral.child
    _require_assessor(actor, child)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.nfa:
        raise AssessmentError("This referral was closed with no further action")
    if Assessment.objects.filter(referral=referral).exists():
        raise AssessmentError("This referral already has an assessment")
    errors: dict[str, str] = {}
    if start > today:
        errors["start"] = "The assessment cannot start in the future"
    elif start < referral.referral_date:
        errors["start"] = (f"The assessment cannot start before the referral was received "
                           f"({_long(referral.referral_date)})")
    if worker is None or not worker.is_active or worker.role not in ASSESSORS:
        errors["worker"] = "Choose the social worker doing the assessment"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    assessment = Assessment(child=child, referral=referral, start=start, worker=worker,
                            recorded_by=actor, recorded_at=now)
    assessment.full_clean(exclude=["authorised_by"])
    assessment.save()
    audit_event(actor=actor, at=now,
                action=f"Assessment of {child.full_name} started {_long(start)} by {worker}, "
                f"on the referral received {_long(referral.referral_date)}",
                obj=assessment, child=child, after={"start": start, "worker": worker.pk,
                                                    "referral": referral.pk})
    obligations_refresh(child=child)
    return assessment


@transaction.atomic
def assessment_seen_record(*, actor: User, today: date, assessment: Assessment, seen_on: date,
                           alone: bool, not_alone_reason: str = "") -> AssessmentSeen:
    """Record a day the child was seen during the assessment, and whether alone."""
    _require_assessor(actor, assessment.child)
    assessment = _locked(assessment)
    errors: dict[str, str] = {}
    if seen_on > today:
        errors["seen_on"] = "The child cannot be seen in the future"
    elif seen_on < assessment.start:
        errors["seen_on"] = f"The date seen cannot be before the assessment started ({_long(assessment.start)})"
    elif assessment.completed and seen_on > assessment.completed:
        errors["seen_on"] = (f"The date seen cannot be after the assessment was completed "
                             f"({_long(assessment.completed)})")
    if not alone and not not_alone_reason.strip():
        errors["not_alone_reason"] = "Say why the child was not seen alone"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    seen = AssessmentSeen(assessment=assessment, seen_on=seen_on, alone=alone,
                          not_alone_reason="" if alone else not_alone_reason.strip(),
                          recorded_by=actor, recorded_at=now)
    seen.full_clean()
    seen.save()
    child = assessment.child
    audit_event(actor=actor, at=now,
                action=f"{child.full_name} seen {'alone ' if alone else ''}on {_long(seen_on)} "
                f"during the assessment" + ("" if alone else " (not alone)"),
                obj=seen, child=child, after={"seen_on": seen_on, "alone": alone},
                reason=seen.not_alone_reason)
    obligations_refresh(child=child)
    return seen


@transaction.atomic
def assessment_complete(*, actor: User, today: date, assessment: Assessment, completed: date,
                        factors: Sequence[str], analysis: str, outcome: str,
                        late_reason: str = "") -> Assessment:
    """Conclude the assessment. Past the A1 due date (from the ledger) a reason is required."""
    _require_assessor(actor, assessment.child)
    assessment = _locked(assessment)
    if assessment.completed is not None:
        raise AssessmentError("This assessment has already been completed")
    referral = assessment.referral
    errors: dict[str, str] = {}
    if completed > today:
        errors["completed"] = "The completion date cannot be in the future"
    elif completed < assessment.start:
        errors["completed"] = (f"The completion date cannot be before the assessment started "
                               f"({_long(assessment.start)})")
    if assessment.start < referral.referral_date:
        errors["completed"] = "The assessment started before the referral was received: correct the start date"
    factors = list(dict.fromkeys(factors))
    unknown = [code for code in factors if code not in FACTOR_LABELS]
    if not factors:
        errors["factors"] = "Select the factors identified, or 'No factors identified'"
    elif unknown:
        errors["factors"] = f"Unknown factor {unknown[0]}"
    elif NO_FACTORS in factors and len(factors) > 1:
        errors["factors"] = "'No factors identified' cannot be selected with other factors"
    if not analysis.strip():
        errors["analysis"] = "Write the analysis"
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose the outcome"
    a1 = a1_obligation(referral)
    if a1 is None:
        obligations_refresh(child=assessment.child)
        a1 = a1_obligation(referral)
    late = a1 is not None and "completed" not in errors and completed > a1.due_on
    if late and not late_reason.strip():
        errors["late_reason"] = (f"The assessment was due by {_long(a1.due_on)} (45 working days "
                                 f"from the referral): record why it is late")
    if errors:
        raise ValidationError(errors)
    assessment.completed, assessment.factors = completed, factors
    assessment.analysis, assessment.outcome = analysis.strip(), outcome
    assessment.late_reason = late_reason.strip() if late else ""
    assessment.full_clean(exclude=["authorised_by"])
    assessment.save(update_fields=["completed", "factors", "analysis", "outcome", "late_reason"])
    child = assessment.child
    audit_event(actor=actor, at=timezone.now(),
                action=f"Assessment of {child.full_name} completed {_long(completed)}: "
                f"{assessment.get_outcome_display().lower()}"
                + (f" (late: due {_long(a1.due_on)})" if late else ""),
                obj=assessment, child=child,
                after={"completed": completed, "factors": factors, "outcome": outcome},
                reason=assessment.late_reason)
    obligations_refresh(child=child)
    return assessment


@transaction.atomic
def assessment_authorise(*, actor: User, today: date, assessment: Assessment,
                         authorised: date) -> Assessment:
    """A manager other than the worker authorises a completed assessment."""
    if actor.role not in AUTHORISERS:
        raise NotPermitted("Only a manager can authorise an assessment")
    require_can_act(actor, assessment.child)
    assessment = _locked(assessment)
    if assessment.completed is None:
        raise AssessmentError("The assessment has to be completed before it is authorised")
    if assessment.authorised is not None:
        raise AssessmentError("This assessment has already been authorised")
    if assessment.worker_id == actor.pk:
        raise AssessmentError("An assessment is authorised by a manager other than the worker who did it")
    if authorised > today:
        raise ValidationError({"authorised": "The authorisation date cannot be in the future"})
    if authorised < assessment.completed:
        raise ValidationError({"authorised": f"The authorisation date cannot be before the "
                                             f"assessment was completed ({_long(assessment.completed)})"})
    assessment.authorised, assessment.authorised_by = authorised, actor
    assessment.full_clean()
    assessment.save(update_fields=["authorised", "authorised_by"])
    child = assessment.child
    audit_event(actor=actor, at=timezone.now(),
                action=f"Assessment of {child.full_name} authorised {_long(authorised)} by {actor}",
                obj=assessment, child=child, after={"authorised": authorised})
    obligations_refresh(child=child)
    return assessment
