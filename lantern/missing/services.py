"""Writes to missing episodes and return home interviews: permission, validation, save,
audit, obligations, in one transaction. Refused input saves nothing.

Every time is an aware datetime and none may be in the future. A child has one episode at a
time: an episode may not overlap another of the same child (one ending at the moment the
next starts is fine). A return comes after the child went missing; the return home
interview is offered and held after the return, held by someone named (the independent
person or organisation) and, when the child declines, the reason is recorded.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.care.models import PeriodOfCare
from lantern.core import codes
from lantern.core.calendar import LONDON
from lantern.core.text import long_date
from lantern.obligations.services import obligations_refresh
from lantern.people.models import Child
from lantern.staff.models import Role, User

from .models import MissingEpisode, ReturnInterview

RECORDERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                       Role.SENIOR_LEADER, Role.IRO, Role.OUT_OF_HOURS, Role.FRONT_DOOR})


def _require_recorder(actor, child) -> None:
    if actor.role not in RECORDERS:
        raise NotPermitted("Only social workers, managers, the front door and out-of-hours "
                           "workers record missing episodes")
    require_can_act(actor, child)


def when(moment: datetime) -> str:
    """'20:00 on 25 October 2025', in London time."""
    local = moment.astimezone(LONDON)
    return f"{local:%H:%M} on {long_date(local.date())}"


def _aware(moment) -> bool:
    return isinstance(moment, datetime) and moment.tzinfo is not None and moment.utcoffset() is not None


def _time_error(moment, *, now: datetime, label: str, required: bool = True) -> str | None:
    if moment is None:
        return f"Enter {label}" if required else None
    if not _aware(moment):
        return f"Enter {label} with its time"
    if moment > now:
        return f"{label[:1].upper()}{label[1:]} cannot be in the future"
    return None


def _lock_child(child) -> Child:
    return Child.objects.select_for_update().get(pk=child.pk)


def _overlapping(child, started_at: datetime, returned_at: datetime | None, *, exclude=None):
    """Another episode of the child that shares any moment with [started_at, returned_at)."""
    others = MissingEpisode.objects.filter(child=child).filter(
        Q(returned_at__isnull=True) | Q(returned_at__gt=started_at))
    if returned_at is not None:
        others = others.filter(started_at__lt=returned_at)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    return others.order_by("started_at").first()


def _overlap_message(other: MissingEpisode) -> str:
    if other.returned_at is None:
        return (f"{other.get_kind_display()} since {when(other.started_at)} is still open: "
                "record that return first")
    return (f"This overlaps the episode from {when(other.started_at)} to {when(other.returned_at)}")


def _period_at(child, moment: datetime) -> PeriodOfCare | None:
    day = moment.astimezone(LONDON).date()
    return (PeriodOfCare.objects.filter(child=child, start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gt=day)).order_by("-start").first())


@transaction.atomic
def missing_episode_record(
    *, actor: User, now: datetime, child, kind: str, started_at: datetime, missing_from: str,
    returned_at: datetime | None = None, where_found: str = "",
    reported_to_police_at: datetime | None = None, risk_notes: str = "",
) -> MissingEpisode:
    """Record that a child went missing (or was away without authorisation), and their return
    if they are back already."""
    _require_recorder(actor, child)
    child = _lock_child(child)
    errors: dict[str, str] = {}
    if kind not in codes.MISSING_TYPE:
        errors["kind"] = "Choose whether the child was missing or away without authorisation"
    if error := _time_error(started_at, now=now, label="when the child went missing"):
        errors["started_at"] = error
    elif child.date_of_birth and started_at.astimezone(LONDON).date() < child.date_of_birth:
        errors["started_at"] = f"The child was born on {long_date(child.date_of_birth)}"
    if not missing_from.strip():
        errors["missing_from"] = "Enter where the child went missing from"
    if error := _time_error(returned_at, now=now, label="when the child returned", required=False):
        errors["returned_at"] = error
    elif returned_at is not None and "started_at" not in errors and returned_at < started_at:
        errors["returned_at"] = "The return cannot be before the child went missing"
    if error := _time_error(reported_to_police_at, now=now, label="when the police were told",
                            required=False):
        errors["reported_to_police_at"] = error
    elif (reported_to_police_at is not None and "started_at" not in errors
          and reported_to_police_at < started_at):
        errors["reported_to_police_at"] = "The police cannot have been told before the child went missing"
    if not errors and (other := _overlapping(child, started_at, returned_at)):
        errors["started_at"] = _overlap_message(other)
    if errors:
        raise ValidationError(errors)
    episode = MissingEpisode(
        child=child, period=_period_at(child, started_at), kind=kind, started_at=started_at,
        returned_at=returned_at, missing_from=missing_from.strip(),
        where_found=where_found.strip() if returned_at else "",
        reported_to_police_at=reported_to_police_at, risk_notes=risk_notes.strip(),
        recorded_by=actor, recorded_at=now)
    episode.full_clean()
    episode.save()
    what = "went missing" if kind == "M" else "was away without authorisation"
    action = f"{child.full_name} {what} from {episode.missing_from} at {when(started_at)}"
    if returned_at:
        action += f" and returned at {when(returned_at)}"
        if episode.where_found:
            action += f" (found: {episode.where_found})"
    if reported_to_police_at:
        action += f"; reported to the police at {when(reported_to_police_at)}"
    audit_event(actor=actor, at=now, action=action, obj=episode, child=child,
                after={"kind": kind, "started_at": started_at, "returned_at": returned_at,
                       "period": episode.period_id})
    obligations_refresh(child=child)
    return episode


@transaction.atomic
def missing_return_record(*, actor: User, now: datetime, episode: MissingEpisode, returned_at: datetime,
                          where_found: str) -> MissingEpisode:
    """Record when and where a missing child was found or came back."""
    _require_recorder(actor, episode.child)
    child = _lock_child(episode.child)
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    errors: dict[str, str] = {}
    if episode.returned_at is not None:
        errors["returned_at"] = f"The return was already recorded ({when(episode.returned_at)})"
    elif error := _time_error(returned_at, now=now, label="when the child returned"):
        errors["returned_at"] = error
    elif returned_at < episode.started_at:
        errors["returned_at"] = (f"The return cannot be before the child went missing "
                                 f"({when(episode.started_at)})")
    elif other := _overlapping(child, episode.started_at, returned_at, exclude=episode):
        errors["returned_at"] = _overlap_message(other)
    if errors:
        raise ValidationError(errors)
    episode.returned_at, episode.where_found = returned_at, where_found.strip()
    episode.full_clean()
    episode.save(update_fields=["returned_at", "where_found"])
    action = f"{child.full_name} returned at {when(returned_at)}"
    if episode.where_found:
        action += f" (found: {episode.where_found})"
    audit_event(actor=actor, at=now, action=action + f", after going missing at {when(episode.started_at)}",
                obj=episode, child=child, before={"returned_at": None},
                after={"returned_at": returned_at, "where_found": episode.where_found})
    obligations_refresh(child=child)
    return episode


@transaction.atomic
def return_interview_record(
    *, actor: User, now: datetime, episode: MissingEpisode, offered_at: datetime | None,
    accepted: bool | None, held_at: datetime | None = None, by_whom: str = "",
    declined_reason: str = "", child_said: str = "", push_pull_factors: str = "",
    exploitation_concerns: bool | None = None, actions: str = "",
) -> ReturnInterview:
    """Record the return home interview: offered (and the child's answer), then held, or
    declined with the reason. An interview offered but not yet answered or held can be
    recorded again as it moves on; one held or declined is final."""
    _require_recorder(actor, episode.child)
    child = _lock_child(episode.child)
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    before = ReturnInterview.objects.filter(episode=episode).first()
    errors: dict[str, str] = {}
    back = episode.returned_at
    if before is not None and (before.held_at is not None or before.accepted is False):
        errors["offered_at"] = "The return home interview has already been recorded"
    elif back is None:
        errors["offered_at"] = "Record the child's return before the return home interview"
    else:
        if error := _time_error(offered_at, now=now, label="when the interview was offered"):
            errors["offered_at"] = error
        elif offered_at < back:
            errors["offered_at"] = f"The interview cannot be offered before the return ({when(back)})"
        if error := _time_error(held_at, now=now, label="when the interview was held", required=False):
            errors["held_at"] = error
        elif held_at is not None:
            if held_at < back:
                errors["held_at"] = f"The interview cannot be held before the return ({when(back)})"
            elif "offered_at" not in errors and held_at < offered_at:
                errors["held_at"] = "The interview cannot be held before it was offered"
    if accepted is False and held_at is not None:
        errors["accepted"] = "An interview the child declined cannot have been held"
    if accepted is None and held_at is not None:
        errors["accepted"] = "Say whether the child accepted the interview"
    if held_at is not None and not by_whom.strip():
        errors["by_whom"] = "Enter who held the interview (the independent person or organisation)"
    if accepted is False and not declined_reason.strip():
        errors["declined_reason"] = "Enter why the child declined the interview"
    if errors:
        raise ValidationError(errors)
    interview = before or ReturnInterview(episode=episode)
    interview.offered_at, interview.accepted, interview.held_at = offered_at, accepted, held_at
    interview.by_whom = by_whom.strip()
    interview.declined_reason = declined_reason.strip() if accepted is False else ""
    interview.child_said, interview.push_pull_factors = child_said.strip(), push_pull_factors.strip()
    interview.exploitation_concerns, interview.actions = exploitation_concerns, actions.strip()
    interview.recorded_by, interview.recorded_at = actor, now
    interview.full_clean()
    interview.save()
    if held_at is not None:
        hours = (held_at - back).total_seconds() / 3600
        timing = "within 72 hours of the return" if hours <= 72 else f"{hours:.0f} hours after the return"
        action = f"Return home interview with {child.full_name} held at {when(held_at)} by {interview.by_whom} ({timing})"
        if exploitation_concerns:
            action += "; concerns about exploitation"
    elif accepted is False:
        action = f"{child.full_name} declined the return home interview offered at {when(offered_at)}"
    else:
        action = f"Return home interview offered to {child.full_name} at {when(offered_at)}"
        if accepted:
            action += " and accepted"
    action += f" (after the return at {when(back)})"
    audit_event(actor=actor, at=now, action=action, obj=interview, child=child,
                before={"offered_at": before.offered_at, "accepted": before.accepted} if before else None,
                after={"offered_at": offered_at, "accepted": accepted, "held_at": held_at,
                       "exploitation_concerns": exploitation_concerns},
                reason=interview.declined_reason)
    obligations_refresh(child=child)
    return interview
