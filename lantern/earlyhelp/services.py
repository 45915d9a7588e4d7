"""Writes to early help: starting and completing an early help assessment."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.core.text import long_date
from lantern.legal.services.common import day_errors, raise_if
from lantern.obligations.services import obligations_refresh
from lantern.people.models import Involvement, Level
from lantern.staff.models import Role, User

from .models import EarlyHelpAssessment, EarlyHelpReview, Organisation, Outcome, episode_on

# Who records early help assessments: the practitioners and managers who see the child
# (early help and front-door staff, whose work covers families before social care).
RECORDERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER,
                       Role.FRONT_DOOR})


def _require_recorder(actor: User, child) -> None:
    if actor.role not in RECORDERS:
        raise NotPermitted("Only practitioners and managers record early help assessments")
    require_can_act(actor, child)


def early_help_on(child, day: date) -> Involvement | None:
    """The child's early help episode that was open on ``day`` (None when there was none)."""
    return episode_on(Involvement.objects.filter(child=child, level=Level.EARLY_HELP, start__lte=day)
                      .order_by("-start"), day)


@transaction.atomic
def early_help_assessment_start(*, actor: User, now: datetime, child, started_on: date | None,
                                organisation: str, organisation_name: str = "",
                                lead_practitioner: str) -> EarlyHelpAssessment:
    """An early help assessment begins, led by a named practitioner of an organisation, for a
    child whose early help episode was open that day; one open assessment at a time."""
    _require_recorder(actor, child)
    today = timezone.localdate(now)
    errors: dict[str, str] = {}
    born = child.date_of_birth
    day_errors(errors, "started_on", started_on, today=today, label="the date the assessment started",
               not_before=(born, f"{child.first_name} was born") if born else None)
    if organisation not in Organisation.values:
        errors["organisation"] = "Choose which kind of organisation is assessing"
    if not lead_practitioner.strip():
        errors["lead_practitioner"] = "Name the lead practitioner who is assessing with the family"
    if "started_on" not in errors and early_help_on(child, started_on) is None:
        errors["started_on"] = (f"{child.first_name} was not receiving early help on {long_date(started_on)}: "
                                "an early help assessment starts during an early help episode")
    open_one = EarlyHelpAssessment.objects.select_for_update().filter(child=child, completed_on__isnull=True).first()
    if open_one is not None:
        errors["started_on"] = (f"An early help assessment started on {long_date(open_one.started_on)} is still "
                                "open: record its completion first")
    raise_if(errors)
    assessment = EarlyHelpAssessment(
        child=child, started_on=started_on, organisation=organisation,
        organisation_name=organisation_name.strip(), lead_practitioner=lead_practitioner.strip(),
        recorded_by=actor, recorded_at=now)
    assessment.full_clean()
    assessment.save()
    audit_event(actor=actor, at=now, obj=assessment, child=child,
                action=(f"Early help assessment started on {long_date(started_on)} by "
                        f"{assessment.lead_practitioner} ({assessment.organisation_label})"),
                after={"started_on": started_on.isoformat(), "organisation": organisation})
    return assessment


@transaction.atomic
def early_help_assessment_complete(*, actor: User, now: datetime, assessment: EarlyHelpAssessment,
                                   completed_on: date | None, outcome: str) -> EarlyHelpAssessment:
    """The assessment is completed, on a day on or after it started, with what it led to."""
    child = assessment.child
    _require_recorder(actor, child)
    assessment = EarlyHelpAssessment.objects.select_for_update().get(pk=assessment.pk)
    errors: dict[str, str] = {}
    if assessment.completed_on is not None:
        errors["completed_on"] = f"This assessment was completed on {long_date(assessment.completed_on)} already"
    day_errors(errors, "completed_on", completed_on, today=timezone.localdate(now),
               label="the date the assessment was completed",
               not_before=(assessment.started_on, "the assessment started"))
    if outcome not in Outcome.values:
        errors["outcome"] = "Choose what the assessment led to"
    raise_if(errors)
    assessment.completed_on, assessment.outcome = completed_on, outcome
    assessment.full_clean()
    assessment.save(update_fields=["completed_on", "outcome"])
    audit_event(actor=actor, at=now, obj=assessment, child=child,
                action=(f"Early help assessment completed on {long_date(completed_on)}: "
                        f"{assessment.get_outcome_display().lower()}"),
                before={"completed_on": None}, after={"completed_on": completed_on.isoformat(), "outcome": outcome})
    obligations_refresh(child=child)  # a plan agreed starts F5, its reviews
    return assessment


@transaction.atomic
def early_help_review_record(*, actor: User, now: datetime, assessment: EarlyHelpAssessment,
                             held_on: date | None, progress: str) -> EarlyHelpReview:
    """A review of the early help plan the assessment agreed: on or after the plan was agreed,
    while the early help episode lasted, once a day; it meets F5 and starts the next interval."""
    child = assessment.child
    _require_recorder(actor, child)
    errors: dict[str, str] = {}
    if assessment.outcome != Outcome.PLAN:
        raise ValidationError("Only an assessment that agreed an early help plan has plan reviews")
    day_errors(errors, "held_on", held_on, today=timezone.localdate(now), label="the date of the review",
               not_before=(assessment.completed_on, "the plan was agreed"))
    if "held_on" not in errors:
        episode = early_help_on(child, assessment.started_on)
        if episode is not None and episode.end is not None and held_on >= episode.end:
            errors["held_on"] = (f"Early help ended on {long_date(episode.end)}: a review must be before the "
                                 "episode ended")
        elif assessment.reviews.filter(held_on=held_on).exists():
            errors["held_on"] = f"A review on {long_date(held_on)} is already recorded"
    if not progress.strip():
        errors["progress"] = "Say what has changed for the child and what happens next"
    raise_if(errors)
    review = EarlyHelpReview(assessment=assessment, held_on=held_on, progress=progress.strip(), recorded_by=actor,
                             recorded_at=now)
    review.full_clean()
    review.save()
    audit_event(actor=actor, at=now, obj=review, child=child,
                action=f"Early help plan reviewed on {long_date(held_on)}",
                after={"held_on": held_on.isoformat()})
    obligations_refresh(child=child)
    return review
