"""Writes to a family's care proceedings: issuing the application, listing hearings and
recording what happened at them, the court's extensions of the 26-week timetable, the
orders made for each child, and the conclusion of the proceedings. An order that gives a
looked-after child a new legal status (an interim or full care order, a placement order,
an emergency protection order) changes the legal status of their care from the day it was
made, when that day falls after the last change to their care; otherwise the child's care
page says the two disagree until someone records the change.

Each write checks who may record it (a manager for an extension, which is a decision the
council seeks and records), locks the case, collects every field's error and saves nothing
when any is found, then writes one audit entry on each child's trail and refreshes the
children's obligations. While pre-proceedings are open, proceedings are issued only once
the decision to issue has been recorded; proceedings that follow a decision to issue are
linked to those pre-proceedings. A family has one open care or supervision application at
a time; it concludes only when every child of the family has a final order (or "no order")
dated on or before the conclusion, and the disposal then meets the timetable's clock (L1
or L10).
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from lantern.core.text import long_date
from lantern.people.models import Child
from lantern.staff.models import User

from ..facts import timetable_ends
from ..models import (
    INTERIM_ORDERS,
    ORDER_LEGAL_STATUS,
    PUBLIC_LAW_APPLICATIONS,
    Application,
    CourtOrder,
    Hearing,
    HearingKind,
    LegalCase,
    OrderKind,
    PreProceedingsDecision,
    Proceedings,
    ProceedingsExtension,
)
from .common import audit_case, day_errors, lock_case, raise_if, refresh_case, require_recorder

MAX_EXTENSION_WEEKS = 8
HEARING_RESULTS = ("held", "adjourned")


def _lock_proceedings(proceedings: Proceedings) -> tuple[LegalCase, Proceedings]:
    case = lock_case(proceedings.case)
    return case, Proceedings.objects.select_for_update().get(pk=proceedings.pk)


def _concluded_error(proceedings: Proceedings) -> str:
    return f"These proceedings concluded on {long_date(proceedings.concluded_on)}"


@transaction.atomic
def proceedings_issue(*, actor: User, now: datetime, case: LegalCase, application: str,
                      issued_on: date | None, court: str, case_number: str,
                      short_notice: bool = False) -> Proceedings:
    """The council issues an application to the family court for the family's children."""
    require_recorder(actor, case)
    case = lock_case(case)
    today = timezone.localdate(now)
    errors: dict[str, str] = {}
    if application not in Application.values:
        errors["application"] = "Choose the application made to the court"
    elif application in PUBLIC_LAW_APPLICATIONS and (other := case.proceedings.filter(
            application__in=PUBLIC_LAW_APPLICATIONS, concluded_on__isnull=True).first()):
        errors["application"] = (f"The {other.get_application_display().lower()} application issued on "
                                 f"{long_date(other.issued_on)} is still open: record its conclusion first")
    latest = case.pre_proceedings.order_by("-started_on", "-id").first()
    if latest is not None and latest.is_open:
        errors["issued_on"] = (f"Pre-proceedings from {long_date(latest.started_on)} are still open: a manager "
                               "records the decision to issue before the proceedings are issued")
        latest = None
    elif latest is not None and latest.decision != PreProceedingsDecision.ISSUE:
        latest = None
    day_errors(errors, "issued_on", issued_on, today=today, label="the date the application was issued",
               not_before=(latest.decision_on, "the decision to issue") if latest is not None
               else (case.opened_on, "the legal work started"))
    if not court.strip():
        errors["court"] = "Enter the court the application was issued in"
    if not case_number.strip():
        errors["case_number"] = "Enter the court's case number"
    raise_if(errors)
    proceedings = Proceedings(case=case, pre_proceedings=latest, application=application, issued_on=issued_on,
                              court=court.strip(), case_number=case_number.strip(),
                              short_notice=bool(short_notice), recorded_by=actor, recorded_at=now)
    proceedings.full_clean()
    proceedings.save()
    what = f"{proceedings.get_application_display()} application issued on {long_date(issued_on)}"
    what += f" at {proceedings.court} (case number {proceedings.case_number})"
    if short_notice:
        what += " on short notice"
    if latest is not None:
        what += f", following pre-proceedings from {long_date(latest.started_on)}"
    audit_case(actor=actor, now=now, case=case, obj=proceedings, action=what,
               after={"application": application, "issued_on": issued_on, "case_number": proceedings.case_number,
                      "pre_proceedings": latest.pk if latest else None})
    refresh_case(case)
    return proceedings


@transaction.atomic
def hearing_list(*, actor: User, now: datetime, proceedings: Proceedings, kind: str,
                 listed_for: date | None) -> Hearing:
    """The court lists a hearing (on a day that may be in the future)."""
    require_recorder(actor, proceedings.case)
    case, proceedings = _lock_proceedings(proceedings)
    errors: dict[str, str] = {}
    if not proceedings.is_open:
        errors["listed_for"] = _concluded_error(proceedings)
    if kind not in HearingKind.values:
        errors["kind"] = "Choose the kind of hearing"
    if listed_for is None:
        errors.setdefault("listed_for", "Enter the date the hearing is listed for")
    elif listed_for < proceedings.issued_on:
        errors.setdefault("listed_for", "A hearing cannot be listed before the application's issue "
                                        f"({long_date(proceedings.issued_on)})")
    raise_if(errors)
    hearing = Hearing(proceedings=proceedings, kind=kind, listed_for=listed_for, recorded_by=actor,
                      recorded_at=now)
    hearing.full_clean()
    hearing.save()
    audit_case(actor=actor, now=now, case=case, obj=hearing,
               action=f"{hearing.get_kind_display()} listed for {long_date(listed_for)} ({proceedings.case_number})",
               after={"kind": kind, "listed_for": listed_for})
    refresh_case(case)
    return hearing


@transaction.atomic
def hearing_outcome(*, actor: User, now: datetime, hearing: Hearing, result: str, outcome: str = "") -> Hearing:
    """What happened on the day: the hearing was held (with its outcome) or adjourned."""
    require_recorder(actor, hearing.proceedings.case)
    case, _proceedings = _lock_proceedings(hearing.proceedings)
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    errors: dict[str, str] = {}
    if hearing.held or hearing.adjourned:
        errors["result"] = f"What happened at this hearing was already recorded ({'held' if hearing.held else 'adjourned'})"
    elif hearing.listed_for > timezone.localdate(now):
        errors["result"] = (f"This hearing is listed for {long_date(hearing.listed_for)}: record what happened "
                            "once it has taken place")
    elif result not in HEARING_RESULTS:
        errors["result"] = "Choose whether the hearing was held or adjourned"
    if result == "held" and not outcome.strip():
        errors["outcome"] = "Enter the outcome of the hearing"
    raise_if(errors)
    hearing.held, hearing.adjourned = result == "held", result == "adjourned"
    hearing.outcome = outcome.strip()
    hearing.save(update_fields=["held", "adjourned", "outcome"])
    what = f"{hearing.get_kind_display()} of {long_date(hearing.listed_for)} {result}"
    if hearing.outcome:
        what += f": {hearing.outcome}"
    audit_case(actor=actor, now=now, case=case, obj=hearing, action=what,
               before={"held": False, "adjourned": False}, after={"held": hearing.held, "adjourned": hearing.adjourned})
    refresh_case(case)
    return hearing


@transaction.atomic
def extension_grant(*, actor: User, now: datetime, proceedings: Proceedings, granted_on: date | None,
                    weeks: int | None, reason: str) -> ProceedingsExtension:
    """The court extends the timetable by up to 8 weeks; the extension meets the clock
    running then and starts the next, to the new end of the timetable (L10)."""
    require_recorder(actor, proceedings.case, decision=True)
    case, proceedings = _lock_proceedings(proceedings)
    errors: dict[str, str] = {}
    if not proceedings.is_open:
        errors["granted_on"] = _concluded_error(proceedings)
    elif proceedings.application not in PUBLIC_LAW_APPLICATIONS:
        errors["granted_on"] = "Only care and supervision applications have the 26-week timetable"
    day_errors(errors, "granted_on", granted_on, today=timezone.localdate(now), label="the date the extension was granted",
               not_before=(proceedings.issued_on, "the application was issued"))
    if weeks is None or not 1 <= weeks <= MAX_EXTENSION_WEEKS:
        errors["weeks"] = f"Enter the weeks of the extension, from 1 to {MAX_EXTENSION_WEEKS}"
    if not reason.strip():
        errors["reason"] = "Enter why the court extended the timetable"
    raise_if(errors)
    extension = ProceedingsExtension(proceedings=proceedings, granted_on=granted_on, weeks=weeks,
                                     reason=reason.strip(), recorded_by=actor, recorded_at=now)
    extension.full_clean()
    extension.save()
    granted = list(proceedings.extensions.values_list("granted_on", "weeks"))
    ends = timetable_ends(proceedings.issued_on, granted)
    audit_case(actor=actor, now=now, case=case, obj=extension, reason=extension.reason,
               action=f"timetable extended by {weeks} weeks on {long_date(granted_on)}: it now ends "
                      f"{long_date(ends)} ({proceedings.case_number})",
               after={"granted_on": granted_on, "weeks": weeks, "timetable_ends": ends})
    refresh_case(case)
    return extension


@transaction.atomic
def order_make(*, actor: User, now: datetime, proceedings: Proceedings, child: Child | None, kind: str,
               made_on: date | None, ends_on: date | None = None) -> CourtOrder:
    """An order the court made for one child of the family (interim or final)."""
    require_recorder(actor, proceedings.case)
    case, proceedings = _lock_proceedings(proceedings)
    errors: dict[str, str] = {}
    if child is None or not case.memberships.filter(child=child).exists():
        errors["child"] = "Choose a child of the family"
    if kind not in OrderKind.values:
        errors["kind"] = "Choose the order the court made"
    elif not proceedings.is_open:
        errors["kind"] = f"{_concluded_error(proceedings)}: no further order is made in them"
    if made_on is not None and made_on < proceedings.issued_on:
        errors["made_on"] = ("An order cannot be made before the proceedings were issued "
                             f"({long_date(proceedings.issued_on)})")
    day_errors(errors, "made_on", made_on, today=timezone.localdate(now), label="the date the order was made")
    if ends_on is not None and made_on is not None and ends_on < made_on:
        errors["ends_on"] = "The order cannot end before it was made"
    if "child" not in errors and "kind" not in errors and kind not in INTERIM_ORDERS and (
            proceedings.orders.filter(child=child, kind=kind).exists()):
        errors["kind"] = f"A {OrderKind(kind).label.lower()} for {child.full_name} is already recorded in these proceedings"
    raise_if(errors)
    assert child is not None
    order = CourtOrder(proceedings=proceedings, child=child, kind=kind, made_on=made_on, ends_on=ends_on,
                       recorded_by=actor, recorded_at=now)
    order.full_clean()
    order.save()
    what = f"{order.get_kind_display()} made for {child.full_name} on {long_date(made_on)}"
    if ends_on:
        what += f", ending {long_date(ends_on)}"
    audit_case(actor=actor, now=now, case=case, obj=order, action=f"{what} ({proceedings.case_number})",
               after={"child": child.pk, "kind": kind, "made_on": made_on, "ends_on": ends_on})
    _care_follows(actor=actor, now=now, order=order)
    refresh_case(case)
    return order


def _care_follows(*, actor: User, now: datetime, order: CourtOrder):
    """The looked-after child's legal status as the order makes it, from the day it was made
    (the care service's own change, audited there). None when the order gives no legal status,
    the child was not looked after that day, the status is already that, or the day is not
    after the last change to the child's care (the care page then shows the disagreement)."""
    from django.core.exceptions import ValidationError

    from lantern.access.policy import NotPermitted
    from lantern.care.services import CareError, legal_status_change

    status = ORDER_LEGAL_STATUS.get(order.kind)
    if status is None:
        return None
    try:  # the care service refuses a child not looked after, or a day before its last change
        with transaction.atomic():
            return legal_status_change(actor=actor, now=now, child=order.child, on=order.made_on, status=status,
                                       reason=f"{order.get_kind_display()} made on {long_date(order.made_on)}")
    except (ValidationError, CareError, NotPermitted):
        return None


@transaction.atomic
def proceedings_conclude(*, actor: User, now: datetime, proceedings: Proceedings,
                         concluded_on: date | None) -> Proceedings:
    """The final disposal: every child of the family has a final order (or "no order")."""
    require_recorder(actor, proceedings.case)
    case, proceedings = _lock_proceedings(proceedings)
    errors: dict[str, str] = {}
    if not proceedings.is_open:
        errors["concluded_on"] = f"{_concluded_error(proceedings)} already"
    day_errors(errors, "concluded_on", concluded_on, today=timezone.localdate(now), label="the date the proceedings concluded",
               not_before=(proceedings.issued_on, "the application was issued"))
    if "concluded_on" not in errors:
        finals = set(proceedings.orders.exclude(kind__in=INTERIM_ORDERS).filter(
            made_on__lte=concluded_on).values_list("child_id", flat=True))
        missing = [c.full_name for c in case.children.order_by("date_of_birth", "pk") if c.pk not in finals]
        if missing:
            errors["concluded_on"] = (f"Record the final order (or no order) for {', '.join(missing)} made on or "
                                      f"before {long_date(concluded_on)} first")
    raise_if(errors)
    proceedings.concluded_on = concluded_on
    proceedings.save(update_fields=["concluded_on"])
    weeks = (concluded_on - proceedings.issued_on).days // 7
    audit_case(actor=actor, now=now, case=case, obj=proceedings, before={"concluded_on": None},
               after={"concluded_on": concluded_on},
               action=f"{proceedings.get_application_display()} proceedings ({proceedings.case_number}) concluded on "
                      f"{long_date(concluded_on)}, {weeks} weeks after issue")
    refresh_case(case)
    return proceedings
