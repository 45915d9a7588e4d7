"""Health, education and family time for children in care.

Health records and personal education plans belong to the period of care open on the
day they happened (H1-H3 and E1 run in that period). Family time is arranged with a
person at a frequency, and each planned session is recorded as held or cancelled (and by
whom), only within the arrangement's dates.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.audit.services import audit_event
from lantern.core.text import long_date
from lantern.obligations.services import obligations_refresh
from lantern.people.selectors import age_on
from lantern.staff.models import User

from ..models import (
    FamilyTimeArrangement,
    FamilyTimeMode,
    FamilyTimeSession,
    HealthKind,
    HealthRecord,
    Pep,
    SessionOutcome,
)
from .iro import _looked_after_on, _period_on, _text_errors
from .journey import CareError, _day_errors, _require_practitioner

SDQ_MAX = 40
SDQ_AGES = (4, 16)
ASSESSMENTS = frozenset({HealthKind.INITIAL, HealthKind.REVIEW})
MAX_EVERY_DAYS = 366


@transaction.atomic
def health_record_add(*, actor: User, now: datetime, child, kind: str, on: date,
                      sdq_score: int | None = None, by: str = "", note: str = "") -> HealthRecord:
    """A health assessment, check, SDQ score, CAMHS referral or therapeutic support."""
    _require_practitioner(actor, child)
    errors = _day_errors(on, "on", "it happened", now.date(), child)
    if kind not in HealthKind.values:
        errors["kind"] = "Choose what is being recorded"
    period = None
    if "on" not in errors:
        period = _period_on(child, on)
        if period is None:
            errors["on"] = (f"{child.full_name} was not looked after on {long_date(on)}"
                            + (": a health assessment is recorded within a period of care"
                               if kind in ASSESSMENTS else ""))
    if kind == HealthKind.SDQ:
        age = age_on(child.date_of_birth, on) if on else None
        if sdq_score is None:
            errors["sdq_score"] = "Enter the SDQ score, from 0 to 40"
        elif not 0 <= sdq_score <= SDQ_MAX:
            errors["sdq_score"] = "The SDQ score is a whole number from 0 to 40"
        if child.date_of_birth is None:
            errors.setdefault("on", f"An SDQ is for children aged 4 to 16: record "
                                    f"{child.first_name}'s date of birth first")
        elif age is not None and "on" not in errors and not SDQ_AGES[0] <= age <= SDQ_AGES[1]:
            errors["on"] = (f"An SDQ is for children aged 4 to 16; {child.first_name} was "
                            f"{age} on {long_date(on)}")
    elif sdq_score is not None:
        errors["sdq_score"] = "An SDQ score is recorded only with a Strengths and Difficulties " \
                              "Questionnaire"
    if kind == HealthKind.INITIAL and period is not None and period.health_records.filter(
            kind=HealthKind.INITIAL).exists():
        errors["kind"] = ("The initial health assessment for this period of care is already "
                          "recorded: record a review health assessment")
    if errors:
        raise ValidationError(errors)
    record = HealthRecord(child=child, period=period, kind=kind, on=on, sdq_score=sdq_score,
                          by=by.strip(), note=note.strip(), recorded_by=actor, recorded_at=now)
    record.full_clean()
    record.save()
    what = record.get_kind_display()
    if kind == HealthKind.SDQ:
        what += f" score {sdq_score}"
    audit_event(actor=actor, at=now,
                action=f"{what} for {child.full_name} on {long_date(on)}"
                + (f" by {record.by}" if record.by else ""), obj=record, child=child,
                after={"kind": kind, "on": on, "sdq_score": sdq_score})
    obligations_refresh(child=child)
    return record


@transaction.atomic
def pep_record(*, actor: User, now: datetime, child, held_on: date, school: str,
               virtual_school_contact: str = "", targets: str = "") -> Pep:
    """A personal education plan meeting (the first, or a termly review)."""
    _require_practitioner(actor, child)
    errors = _day_errors(held_on, "held_on", "of the PEP meeting", now.date(), child)
    period = _looked_after_on(child, held_on, "held_on", errors)
    _text_errors(errors, school=(school, "Enter the school, college or early years setting"))
    if errors:
        raise ValidationError(errors)
    first = not period.peps.exists()
    pep = Pep(child=child, period=period, held_on=held_on, school=school.strip(),
              virtual_school_contact=virtual_school_contact.strip(), targets=targets.strip(),
              recorded_by=actor, recorded_at=now)
    pep.full_clean()
    pep.save()
    audit_event(actor=actor, at=now,
                action=f"{'Personal education plan' if first else 'PEP review'} for "
                f"{child.full_name} on {long_date(held_on)} with {pep.school}"
                + (f"; Virtual School: {pep.virtual_school_contact}"
                   if pep.virtual_school_contact else ""),
                obj=pep, child=child, after={"held_on": held_on, "school": pep.school})
    obligations_refresh(child=child)
    return pep


def _every(every_days: int) -> str:
    if every_days == 1:
        return "every day"
    if every_days % 7 == 0:
        weeks = every_days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    return f"every {every_days} days"


@transaction.atomic
def family_time_arrange(*, actor: User, now: datetime, child, with_whom: str, every_days: int,
                        supervised: bool, mode: str, start: date) -> FamilyTimeArrangement:
    """Family time is arranged: with whom, how often, supervised or not, and how.

    ``start`` may be ahead (family time planned to begin next week), but within the period
    of care the child is in."""
    _require_practitioner(actor, child)
    errors: dict[str, str] = {}
    if start is None:
        errors["start"] = "Enter the date family time starts"
    elif child.date_of_birth and start < child.date_of_birth:
        errors["start"] = f"Family time cannot start before {child.first_name} was born"
    period = _looked_after_on(child, start, "start", errors)
    _text_errors(errors, with_whom=(with_whom, "Say who the family time is with"))
    if every_days is None or not 1 <= every_days <= MAX_EVERY_DAYS:
        errors["every_days"] = "Enter how many days apart the sessions are, from 1 to 366"
    if mode not in FamilyTimeMode.values:
        errors["mode"] = "Choose how the family time takes place"
    if errors:
        raise ValidationError(errors)
    arrangement = FamilyTimeArrangement(
        child=child, period=period, with_whom=with_whom.strip(), every_days=every_days,
        supervised=supervised, mode=mode, start=start, recorded_by=actor, recorded_at=now)
    arrangement.full_clean()
    arrangement.save()
    audit_event(actor=actor, at=now,
                action=f"Family time for {child.full_name} with {arrangement.with_whom} arranged "
                f"from {long_date(start)}: {_every(every_days)}, "
                f"{'supervised' if supervised else 'not supervised'}, "
                f"{arrangement.get_mode_display().lower()}", obj=arrangement, child=child,
                after={"with_whom": arrangement.with_whom, "every_days": every_days,
                       "supervised": supervised, "mode": mode, "start": start})
    obligations_refresh(child=child)
    return arrangement


def _arrangement_locked(arrangement) -> FamilyTimeArrangement:
    return (FamilyTimeArrangement.objects.select_for_update().select_related("child")
            .get(pk=arrangement.pk))


@transaction.atomic
def family_time_end(*, actor: User, now: datetime, arrangement: FamilyTimeArrangement,
                    end: date) -> FamilyTimeArrangement:
    """The arrangement ends: ``end`` is its last day."""
    arrangement = _arrangement_locked(arrangement)
    child = arrangement.child
    _require_practitioner(actor, child)
    if arrangement.end:
        raise CareError("This family time arrangement has already ended")
    errors = _day_errors(end, "end", "family time ended", now.date(), child)
    if "end" not in errors:
        last = arrangement.sessions.order_by("-on").values_list("on", flat=True).first()
        if end < arrangement.start:
            errors["end"] = (f"Family time cannot end before it started "
                             f"({long_date(arrangement.start)})")
        elif last and end < last:
            errors["end"] = f"A session is recorded on {long_date(last)}, after that date"
    if errors:
        raise ValidationError(errors)
    arrangement.end = end
    arrangement.full_clean()
    arrangement.save(update_fields=["end"])
    audit_event(actor=actor, at=now,
                action=f"Family time for {child.full_name} with {arrangement.with_whom} ended on "
                f"{long_date(end)}", obj=arrangement, child=child, after={"end": end})
    obligations_refresh(child=child)
    return arrangement


@transaction.atomic
def family_time_session_record(*, actor: User, now: datetime,
                               arrangement: FamilyTimeArrangement, on: date, outcome: str,
                               note: str = "") -> FamilyTimeSession:
    """One planned session: held, or cancelled (and by whom)."""
    arrangement = _arrangement_locked(arrangement)
    child = arrangement.child
    _require_practitioner(actor, child)
    errors = _day_errors(on, "on", "of the session", now.date(), child)
    if "on" not in errors:
        if on < arrangement.start:
            errors["on"] = (f"The arrangement started on {long_date(arrangement.start)}: the "
                            f"session cannot be before it")
        elif arrangement.end and on > arrangement.end:
            errors["on"] = (f"The arrangement ended on {long_date(arrangement.end)}: the "
                            f"session cannot be after it")
        elif arrangement.sessions.filter(on=on).exists():
            errors["on"] = f"A session on {long_date(on)} is already recorded"
    if outcome not in SessionOutcome.values:
        errors["outcome"] = "Choose whether the session was held or who cancelled it"
    if errors:
        raise ValidationError(errors)
    session = FamilyTimeSession(arrangement=arrangement, on=on, outcome=outcome,
                                note=note.strip(), recorded_by=actor, recorded_at=now)
    session.full_clean()
    session.save()
    audit_event(actor=actor, at=now,
                action=f"Family time for {child.full_name} with {arrangement.with_whom} on "
                f"{long_date(on)}: {session.get_outcome_display().lower()}", obj=session,
                child=child, after={"on": on, "outcome": outcome}, reason=session.note)
    obligations_refresh(child=child)
    return session
