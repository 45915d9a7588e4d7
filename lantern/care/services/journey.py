"""The care journey: becoming looked after, legal status and placement changes, ceasing
to be looked after, statutory visits and looked-after reviews.

Each write checks permission, validates against the rest of the child's care history
(no overlapping periods or placements, nothing before the child became looked after,
codes only from the DfE lists), saves, audits in practice language and refreshes the
child's obligations, in one transaction: refused changes save nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.access.policy import NotPermitted, require_can_act
from lantern.audit.services import audit_event
from lantern.core import codes
from lantern.core.text import long_date
from lantern.geo import postcodes
from lantern.obligations.services import obligations_refresh
from lantern.people.models import Level
from lantern.people.selectors import age_on
from lantern.staff.models import Role, User

from ..models import (
    CATEGORIES_OF_NEED,
    CONNECTED_TYPES,
    NO_PROVIDER_TYPES,
    PARTICIPATION,
    CarerKind,
    CareVisit,
    LegalStatus,
    PeriodOfCare,
    Placement,
    Review,
    VisitPlace,
)

PRACTITIONERS = frozenset({Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER,
                           Role.SENIOR_LEADER, Role.IRO, Role.OUT_OF_HOURS})
KM_PER_MILE = 1.609344
URN_TYPES = frozenset({"K1", "K2"})  # registered children's homes: the Ofsted URN is required


class CareError(Exception):
    """A change to a child's care was refused; the message says why."""


@dataclass(frozen=True)
class PlacementDetails:
    """What is recorded about a placement when it starts."""

    placement_type: str
    carer_kind: str
    carer_name: str
    provider: str = ""
    postcode: str = ""
    address: str = ""
    urn: str = ""
    planned: bool = True
    regulated: bool = True
    temporary_approval: bool = False
    parent_before_assessment: bool = False
    long_term: bool = False
    same_carer: bool = False
    plan_agreed_on: date | None = None
    notified_on: date | None = None
    extra: dict = field(default_factory=dict)


def _require_practitioner(actor, child) -> None:
    if actor.role not in PRACTITIONERS:
        raise NotPermitted("Only social workers, managers and IROs record children's care")
    require_can_act(actor, child)


def _day_errors(day: date | None, name: str, label: str, today: date, child) -> dict[str, str]:
    if day is None:
        return {name: f"Enter the date {label}"}
    if day > today:
        return {name: f"The date {label} cannot be in the future"}
    if child.date_of_birth and day < child.date_of_birth:
        return {name: f"The date {label} cannot be before {child.first_name} was born"}
    return {}


def _details_errors(d: PlacementDetails, *, start: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if d.placement_type not in codes.PLACEMENT_TYPE:
        errors["placement_type"] = "Choose the type of placement from the list"
    elif d.placement_type in NO_PROVIDER_TYPES:
        if d.provider:
            errors["provider"] = "A temporary or other placement has no provider: leave it blank"
    elif d.provider not in codes.PLACEMENT_PROVIDER:
        errors["provider"] = "Choose who provides the placement"
    if d.carer_kind not in CarerKind.values:
        errors["carer_kind"] = "Choose the kind of carer or provider"
    if not d.carer_name.strip():
        errors["carer_name"] = "Enter the name of the carer or provider"
    temporary_move = d.placement_type in NO_PROVIDER_TYPES
    if d.postcode:
        if postcodes.lookup(d.postcode) is None:
            errors["postcode"] = "Enter a real postcode, like HU1 2AA"
    elif not temporary_move:
        errors["postcode"] = "Enter the placement's postcode"
    if d.placement_type in URN_TYPES and d.regulated and not d.urn.strip():
        errors["urn"] = "Enter the children's home's Ofsted URN (or record it as not registered)"
    if d.urn and not (d.urn.strip().isalnum() and 6 <= len(d.urn.strip()) <= 8):
        errors["urn"] = "An Ofsted URN is 6 to 8 letters and numbers, like SC123456"
    if d.temporary_approval and d.carer_kind != CarerKind.CONNECTED_PERSON:
        errors["temporary_approval"] = "Only a connected person can be under temporary approval"
    if d.temporary_approval and d.placement_type not in CONNECTED_TYPES:
        errors["placement_type"] = ("A connected person's placement is a foster placement with "
                                    "relatives or friends (U1 to U3)")
    if d.parent_before_assessment and d.placement_type != "P1":
        errors["parent_before_assessment"] = "Only a placement with parents (P1) can be this"
    for name, day in (("plan_agreed_on", d.plan_agreed_on), ("notified_on", d.notified_on)):
        if day and day > start and (day - start).days > 366:
            errors[name] = "That date is more than a year after the placement started"
    return errors


def _where(postcode: str, home: str) -> tuple[str, str, bool, float | None]:
    """(written postcode, area code, in the council's area, miles from home)."""
    if not postcode:
        return "", "", True, None
    info = postcodes.lookup(postcode)
    area = info.laua if info else ""
    km = postcodes.distance_km(home, postcode) if home else None
    miles = round(km / KM_PER_MILE, 1) if km is not None else None
    return (info.postcode if info else postcode), area, area == settings.LANTERN_COUNCIL[
        "area_code"], miles


def _new_placement(*, actor, now, child, period, start, d: PlacementDetails) -> Placement:
    postcode, area, in_area, miles = _where(d.postcode, period.home_postcode)
    placement = Placement(
        child=child, period=period, start=start, placement_type=d.placement_type,
        provider=d.provider, carer_kind=d.carer_kind, carer_name=d.carer_name.strip(),
        same_carer=d.same_carer, urn=d.urn.strip().upper(), address=d.address.strip(),
        postcode=postcode, area_code=area, in_area=in_area, miles_from_home=miles,
        planned=d.planned, regulated=d.regulated, temporary_approval=d.temporary_approval,
        parent_before_assessment=d.parent_before_assessment,
        long_term_from=start if d.long_term else None, plan_agreed_on=d.plan_agreed_on,
        notified_on=d.notified_on, recorded_by=actor, recorded_at=now)
    placement.full_clean()
    placement.save()
    where = "in the council's area" if in_area else (
        f"out of area, {miles:g} miles from home" if miles is not None else "out of area")
    flags = []
    if not d.regulated:
        flags.append("not regulated")
    if placement.unassessed:
        flags.append("connected person not assessed")
    if d.temporary_approval:
        flags.append("temporary approval (16 weeks)")
    action = (f"{child.full_name} placed with {placement.carer_name} "
              f"({codes.label('placement_type', d.placement_type).lower()}) from {long_date(start)}, "
              f"{where}" + (" (emergency)" if not d.planned else ""))
    if flags:
        action += "; " + ", ".join(flags)
    audit_event(actor=actor, at=now, action=action, obj=placement, child=child,
                after={"placement_type": d.placement_type, "provider": d.provider,
                       "postcode": postcode, "in_area": in_area, "regulated": d.regulated})
    return placement


def _latest_change(period: PeriodOfCare) -> date:
    days = [period.start]
    days += list(period.legal_statuses.values_list("start", flat=True))
    days += list(period.placements.values_list("start", flat=True))
    return max(days)


def _open_period(child) -> PeriodOfCare:
    period = PeriodOfCare.objects.select_for_update().filter(child=child, end__isnull=True).first()
    if period is None:
        raise CareError(f"{child.full_name} is not looked after")
    return period


@transaction.atomic
def care_start(*, actor: User, now: datetime, child, start: date, legal_status: str,
               category_of_need: str, placement: PlacementDetails, home_postcode: str = "",
               reason: str = "", care_plan_on: date | None = None) -> PeriodOfCare:
    """The child becomes looked after: a period of care with its first legal status and
    placement, and the child's level of need moves to looked after."""
    _require_practitioner(actor, child)
    today = now.date()
    errors = _day_errors(start, "start", "the child became looked after", today, child)
    if legal_status not in codes.LEGAL_STATUS:
        errors["legal_status"] = "Choose the legal status from the list"
    if category_of_need not in dict(CATEGORIES_OF_NEED):
        errors["category_of_need"] = "Choose the category of need (N1 to N8)"
    if home_postcode and postcodes.lookup(home_postcode) is None:
        errors["home_postcode"] = "Enter a real postcode, like HU1 2AA"
    if care_plan_on and care_plan_on > today:
        errors["care_plan_on"] = "The care plan date cannot be in the future"
    errors.update(_details_errors(placement, start=start))
    if "start" not in errors:
        periods = PeriodOfCare.objects.select_for_update().filter(child=child)
        if periods.filter(end__isnull=True).exists():
            errors["start"] = f"{child.full_name} is already looked after"
        else:
            last = periods.order_by("-end").values_list("end", flat=True).first()
            if last and start <= last:
                errors["start"] = (f"The new period of care must start after the last one ended "
                                   f"({long_date(last)})")
    if errors:
        raise ValidationError(errors)
    home = postcodes.lookup(home_postcode).postcode if home_postcode else ""
    period = PeriodOfCare(child=child, start=start, category_of_need=category_of_need,
                          home_postcode=home, reason=reason.strip(), care_plan_on=care_plan_on,
                          recorded_by=actor, recorded_at=now)
    period.full_clean()
    period.save()
    LegalStatus.objects.create(period=period, child=child, status=legal_status, start=start,
                               recorded_by=actor, recorded_at=now)
    audit_event(actor=actor, at=now,
                action=f"{child.full_name} became looked after on {long_date(start)} "
                f"({codes.label('legal_status', legal_status).lower()})",
                obj=period, child=child,
                after={"start": start, "legal_status": legal_status,
                       "category_of_need": category_of_need}, reason=reason)
    _new_placement(actor=actor, now=now, child=child, period=period, start=start, d=placement)
    _level(actor=actor, today=today, child=child, level=Level.LOOKED_AFTER, on=start,
           reason="Became looked after")
    obligations_refresh(child=child)
    return period


def _level(*, actor, today, child, level, on, reason) -> None:
    from lantern.people.services import involvement_end, involvement_start

    current = child.involvements.filter(end__isnull=True).first()
    if level is None:
        if current is not None:
            involvement_end(actor=actor, today=today, child=child, end=on, reason=reason)
    elif current is None or current.level != level:
        involvement_start(actor=actor, today=today, child=child, level=level, start=on,
                          reason=reason)


def _status_add(*, actor, now, period, child, on, status, current, reason="") -> LegalStatus:
    change = LegalStatus(period=period, child=child, status=status, start=on, recorded_by=actor,
                         recorded_at=now)
    change.full_clean()
    change.save()
    audit_event(actor=actor, at=now,
                action=f"Legal status of {child.full_name} changed on {long_date(on)} from "
                f"{current.get_status_display().lower()} to {change.get_status_display().lower()}",
                obj=change, child=child, before={"status": current.status},
                after={"status": status, "start": on}, reason=reason)
    return change


@transaction.atomic
def legal_status_change(*, actor: User, now: datetime, child, on: date, status: str,
                        reason: str = "") -> LegalStatus:
    """The legal basis of the child's care changes (a new SSDA903 episode)."""
    _require_practitioner(actor, child)
    period = _open_period(child)
    errors = _day_errors(on, "on", "the legal status changed", now.date(), child)
    if status not in codes.LEGAL_STATUS:
        errors["status"] = "Choose the legal status from the list"
    current = period.legal_statuses.order_by("-start").first()
    if "on" not in errors:
        latest = _latest_change(period)
        if on <= latest:
            errors["on"] = (f"The change must be after the last change to this period of care "
                            f"({long_date(latest)})")
    if current and status == current.status:
        errors["status"] = f"The legal status is already {current.get_status_display().lower()}"
    if errors:
        raise ValidationError(errors)
    change = _status_add(actor=actor, now=now, period=period, child=child, on=on, status=status,
                         current=current, reason=reason)
    obligations_refresh(child=child)
    return change


@transaction.atomic
def placement_change(*, actor: User, now: datetime, child, on: date, reason: str,
                     details: PlacementDetails, detail: str = "",
                     legal_status: str = "") -> Placement:
    """The child moves to a new placement (and, when given, the legal status changes the
    same day): the current placement ends with the reason, the new one starts."""
    _require_practitioner(actor, child)
    period = _open_period(child)
    current = period.placements.select_for_update().filter(end__isnull=True).get()
    errors = _day_errors(on, "on", "of the move", now.date(), child)
    if reason not in codes.REASON_PLACEMENT_CHANGE:
        errors["reason"] = "Choose the reason for the change of placement"
    if "on" not in errors:
        latest = _latest_change(period)
        if on <= latest:
            errors["on"] = (f"The move must be after the last change to this period of care "
                            f"({long_date(latest)})")
    errors.update(_details_errors(details, start=on))
    status_now = period.legal_statuses.order_by("-start").first()
    if legal_status:
        if legal_status not in codes.LEGAL_STATUS:
            errors["legal_status"] = "Choose the legal status from the list"
        elif legal_status == status_now.status:
            errors["legal_status"] = "That is the current legal status: leave it unchanged"
    if errors:
        raise ValidationError(errors)
    current.end, current.end_reason, current.end_detail = on, reason, detail.strip()
    current.save(update_fields=["end", "end_reason", "end_detail"])
    audit_event(actor=actor, at=now,
                action=f"{child.full_name}'s placement with {current.carer_name} ended on "
                f"{long_date(on)}: {codes.label('reason_placement_change', reason).lower()}",
                obj=current, child=child, after={"end": on, "reason": reason}, reason=detail)
    if legal_status:
        _status_add(actor=actor, now=now, period=period, child=child, on=on, status=legal_status,
                    current=status_now)
    placement = _new_placement(actor=actor, now=now, child=child, period=period, start=on,
                               d=details)
    obligations_refresh(child=child)
    return placement


@transaction.atomic
def care_cease(*, actor: User, now: datetime, child, on: date, reason: str,
               note: str = "") -> PeriodOfCare:
    """The child ceases to be looked after: the period and its placement end."""
    _require_practitioner(actor, child)
    period = _open_period(child)
    errors = _day_errors(on, "on", "the child ceased to be looked after", now.date(), child)
    if reason not in dict(codes.choices("reason_episode_ceased")) or reason == "X1":
        errors["reason"] = "Choose why the child ceased to be looked after"
    if "on" not in errors:
        latest = _latest_change(period)
        if on <= latest and not (on == period.start == latest):
            errors["on"] = (f"The period of care cannot end on or before its last change "
                            f"({long_date(latest)})")
    if errors:
        raise ValidationError(errors)
    current = period.placements.select_for_update().filter(end__isnull=True).get()
    current.end = on
    current.save(update_fields=["end"])
    period.end, period.end_reason = on, reason
    period.full_clean()
    period.save(update_fields=["end", "end_reason"])
    audit_event(actor=actor, at=now,
                action=f"{child.full_name} ceased to be looked after on {long_date(on)}: "
                f"{codes.label('reason_episode_ceased', reason).lower()}",
                obj=period, child=child, after={"end": on, "reason": reason}, reason=note)
    from lantern.care.selectors import leaving_care_status

    status = leaving_care_status(child, on=on)
    _level(actor=actor, today=now.date(), child=child,
           level=Level.CARE_LEAVER if status.eligible else None, on=on,
           reason="Ceased to be looked after")
    obligations_refresh(child=child)
    return period


def _placement_locked(placement) -> Placement:
    return Placement.objects.select_for_update().select_related("child", "period").get(
        pk=placement.pk)


@transaction.atomic
def approval_extend(*, actor: User, now: datetime, placement: Placement, decided_on: date,
                    reason: str) -> Placement:
    """The one 8-week extension of a connected person's temporary approval (reg 25)."""
    placement = _placement_locked(placement)
    child = placement.child
    _require_practitioner(actor, child)
    if actor.role not in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.SENIOR_LEADER):
        raise NotPermitted("Only a manager (the nominated officer) can extend temporary approval")
    if not placement.temporary_approval or placement.approved_on:
        raise CareError("Only a placement under temporary approval can be extended")
    if placement.extension_from:
        raise CareError("Temporary approval can be extended once only")
    errors = _day_errors(decided_on, "decided_on", "of the decision", now.date(), child)
    if not errors and decided_on < placement.start:
        errors["decided_on"] = "The decision cannot be before the placement started"
    if not reason.strip():
        errors["reason"] = "Say why the assessment is not finished and the extension is needed"
    if errors:
        raise ValidationError(errors)
    from datetime import timedelta

    sixteen_weeks = placement.start + timedelta(weeks=16)
    placement.extension_from = max(decided_on, sixteen_weeks)
    placement.save(update_fields=["extension_from"])
    audit_event(actor=actor, at=now,
                action=f"Temporary approval of {placement.carer_name} for {child.full_name} "
                f"extended by up to 8 weeks from {long_date(placement.extension_from)}",
                obj=placement, child=child, after={"extension_from": placement.extension_from},
                reason=reason)
    obligations_refresh(child=child)
    return placement


@transaction.atomic
def carer_approve(*, actor: User, now: datetime, placement: Placement, on: date) -> Placement:
    """The connected person is fully approved as a foster carer (ends the temporary limit)."""
    placement = _placement_locked(placement)
    child = placement.child
    _require_practitioner(actor, child)
    if placement.carer_kind != CarerKind.CONNECTED_PERSON:
        raise CareError("Only a connected person's approval is recorded here")
    if placement.approved_on:
        raise CareError("This carer's approval is already recorded")
    errors = _day_errors(on, "on", "of approval", now.date(), child)
    if not errors and on < placement.start:
        errors["on"] = "Approval is recorded on or after the placement started"
    if errors:
        raise ValidationError(errors)
    placement.approved_on = on
    if placement.resolved_on is None and not placement.temporary_approval:
        placement.resolved_on, placement.resolved_how = on, "Connected person approved"
    placement.save(update_fields=["approved_on", "resolved_on", "resolved_how"])
    audit_event(actor=actor, at=now,
                action=f"{placement.carer_name} approved as foster carer for {child.full_name} on "
                f"{long_date(on)}", obj=placement, child=child, after={"approved_on": on})
    obligations_refresh(child=child)
    return placement


@transaction.atomic
def placement_resolve(*, actor: User, now: datetime, placement: Placement, on: date,
                      how: str) -> Placement:
    """An unregulated or unassessed placement is registered, assessed or otherwise resolved."""
    placement = _placement_locked(placement)
    child = placement.child
    _require_practitioner(actor, child)
    if not placement.unresolved:
        raise CareError("This placement has nothing to resolve")
    errors = _day_errors(on, "on", "it was resolved", now.date(), child)
    if not errors and on < placement.start:
        errors["on"] = "It cannot be resolved before the placement started"
    if not how.strip():
        errors["how"] = "Say how it was resolved (registered, assessed, approved)"
    if errors:
        raise ValidationError(errors)
    placement.resolved_on, placement.resolved_how = on, how.strip()
    placement.save(update_fields=["resolved_on", "resolved_how"])
    audit_event(actor=actor, at=now,
                action=f"{child.full_name}'s placement with {placement.carer_name} resolved on "
                f"{long_date(on)}: {how.strip()}", obj=placement, child=child,
                after={"resolved_on": on})
    return placement


@transaction.atomic
def placement_details_update(*, actor: User, now: datetime, placement: Placement,
                             plan_agreed_on: date | None = None, notified_on: date | None = None,
                             long_term_from: date | None = None) -> Placement:
    """The placement plan, the notifications, or a long-term designation are recorded."""
    placement = _placement_locked(placement)
    child = placement.child
    _require_practitioner(actor, child)
    errors: dict[str, str] = {}
    changes = {}
    for name, day, label in (("plan_agreed_on", plan_agreed_on, "the plan was agreed"),
                             ("notified_on", notified_on, "notifications were sent"),
                             ("long_term_from", long_term_from, "of the long-term designation")):
        if day is None:
            continue
        errors.update(_day_errors(day, name, label, now.date(), child))
        if name == "long_term_from" and name not in errors and day < placement.start:
            errors[name] = "A placement is designated long-term on or after it starts"
        changes[name] = day
    if not changes and not errors:
        raise CareError("Nothing to record")
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(placement, name) for name in changes}
    for name, day in changes.items():
        setattr(placement, name, day)
    placement.save(update_fields=list(changes))
    said = {"plan_agreed_on": "placement plan agreed", "notified_on": "notifications sent",
            "long_term_from": "designated long-term"}
    audit_event(actor=actor, at=now,
                action=f"{child.full_name}'s placement with {placement.carer_name}: "
                + "; ".join(f"{said[n]} {long_date(d)}" for n, d in changes.items()),
                obj=placement, child=child, before=before, after=changes)
    obligations_refresh(child=child)
    return placement


@transaction.atomic
def visit_record(*, actor: User, now: datetime, child, visited_on: date, seen: bool,
                 seen_alone: bool = False, where: str = VisitPlace.PLACEMENT,
                 not_seen_reason: str = "", not_alone_reason: str = "",
                 bedroom_seen: bool | None = None, child_said: str = "",
                 worker: User | None = None) -> CareVisit:
    """A statutory visit (regulation 28): it belongs to the placement the child was in."""
    _require_practitioner(actor, child)
    errors = _day_errors(visited_on, "visited_on", "of the visit", now.date(), child)
    placement = None
    if "visited_on" not in errors:
        placement = (Placement.objects.filter(child=child, start__lte=visited_on)
                     .exclude(end__lte=visited_on).first())
        if placement is None:
            errors["visited_on"] = (f"{child.full_name} was not in a placement on "
                                    f"{long_date(visited_on)}")
    if where not in VisitPlace.values:
        errors["where"] = "Choose where the visit took place"
    if not seen and not not_seen_reason.strip():
        errors["not_seen_reason"] = "Say why the child was not seen"
    if seen and not seen_alone and not not_alone_reason.strip():
        errors["not_alone_reason"] = "Say why the child was not seen alone"
    if errors:
        raise ValidationError(errors)
    visit = CareVisit(child=child, placement=placement, visited_on=visited_on, seen=seen,
                      seen_alone=seen and seen_alone, where=where,
                      not_seen_reason="" if seen else not_seen_reason.strip(),
                      not_alone_reason="" if (not seen or seen_alone) else not_alone_reason.strip(),
                      bedroom_seen=bedroom_seen, child_said=child_said.strip(),
                      worker=worker or actor, recorded_by=actor, recorded_at=now)
    visit.full_clean()
    visit.save()
    how = ("seen alone" if visit.seen_alone else "seen, not alone") if seen else "not seen"
    audit_event(actor=actor, at=now,
                action=f"Statutory visit to {child.full_name} on {long_date(visited_on)} "
                f"({visit.get_where_display().lower()}): {how}", obj=visit, child=child,
                after={"visited_on": visited_on, "seen": seen, "seen_alone": visit.seen_alone},
                reason=visit.not_seen_reason or visit.not_alone_reason)
    obligations_refresh(child=child)
    return visit


@transaction.atomic
def review_record(*, actor: User, now: datetime, child, held_on: date, participation: str,
                  iro: User, decisions: str = "", permanence_plan: str = "") -> Review:
    """A looked-after review chaired by the IRO, with how the child took part."""
    _require_practitioner(actor, child)
    errors = _day_errors(held_on, "held_on", "of the review", now.date(), child)
    period = None
    if "held_on" not in errors:
        period = (PeriodOfCare.objects.filter(child=child, start__lte=held_on)
                  .exclude(end__lt=held_on).first())
        if period is None:
            errors["held_on"] = f"{child.full_name} was not looked after on {long_date(held_on)}"
    if participation not in dict(PARTICIPATION):
        errors["participation"] = "Choose how the child took part in the review"
    elif child.date_of_birth and "held_on" not in errors:
        under_4 = age_on(child.date_of_birth, held_on) < 4
        if under_4 and participation != "PN0":
            errors["participation"] = f"{child.first_name} was under 4: the code is PN0"
        if not under_4 and participation == "PN0":
            errors["participation"] = f"PN0 is for a child under 4; {child.first_name} was not"
    if iro is None or iro.role != Role.IRO:
        errors["iro"] = "Choose the independent reviewing officer who chaired the review"
    if errors:
        raise ValidationError(errors)
    review = Review(child=child, period=period, held_on=held_on, participation=participation,
                    iro=iro, decisions=decisions.strip(), permanence_plan=permanence_plan.strip(),
                    recorded_by=actor, recorded_at=now)
    review.full_clean()
    review.save()
    audit_event(actor=actor, at=now,
                action=f"Looked-after review for {child.full_name} on {long_date(held_on)} chaired "
                f"by {iro}: {review.get_participation_display().lower()}", obj=review, child=child,
                after={"held_on": held_on, "participation": participation})
    obligations_refresh(child=child)
    return review
