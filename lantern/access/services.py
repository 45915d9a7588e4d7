"""Writes to access: restrictions, grants, staff links and emergency access.

Who may change them (decided here, held by tests):

- a restriction is set, reviewed or ended by a senior leader or a service manager who can
  see the child, or by the restriction's owner;
- a grant is given or revoked by a senior leader or a service manager who can see the
  child, or by the owner of one of the child's current restrictions;
- a staff link is recorded by a senior leader or a service manager;
- a use of emergency access is reviewed by the manager it was flagged to, a service
  manager or a senior leader.

Each change is one audit event (and a security event where the audit area keeps them).
None of them is a practice fact, so no obligation changes and none is refreshed.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lantern.audit.services import audit_event
from lantern.people.models import Adult, Child, Relationship
from lantern.staff.models import Allocation, AllocationKind, Role, User

from .models import (
    BreakGlass,
    Grant,
    GrantKind,
    Restriction,
    RestrictionKind,
    RestrictionReview,
    StaffLink,
)
from .policy import NotPermitted, can_see_child, restricted_roles

CHANGERS = frozenset({Role.SENIOR_LEADER, Role.SERVICE_MANAGER})
REVIEW_DAYS = 90
DEFAULT_BREAK_GLASS_HOURS = 4
MIN_BREAK_GLASS_REASON = 20
AUTOMATIC = frozenset({RestrictionKind.STAFF_MEMBER, RestrictionKind.RELATIVE_OF_STAFF})


def grant_length(kind: str) -> relativedelta:
    """How long each kind of grant lasts: two weeks for a task, six months for an involved
    worker, a few hours (setting ``LANTERN_BREAK_GLASS_HOURS``) for emergency access."""
    if kind == GrantKind.TASK:
        return relativedelta(weeks=2)
    if kind == GrantKind.INVOLVED_WORKER:
        return relativedelta(months=6)
    return relativedelta(hours=getattr(settings, "LANTERN_BREAK_GLASS_HOURS", DEFAULT_BREAK_GLASS_HOURS))


def _security(kind: str, *, at, user, detail: str, request=None) -> bool:
    """A security event as well, where the audit area keeps them (False where it does not)."""
    try:
        from lantern.audit.services import security_event_record
    except ImportError:  # pragma: no cover - the audit area without security events
        return False
    security_event_record(kind=kind, at=at, user=user, detail=detail, request=request)
    return True


def _current(child) -> list[Restriction]:
    return list(Restriction.objects.filter(child=child, ended_at__isnull=True))


def _is_linked(user, child) -> bool:
    links = StaffLink.objects.filter(user=user)
    return (links.filter(child=child).exists()
            or Relationship.objects.filter(child=child, adult_id__in=links.values("adult_id")).exists())


def _require_changer(actor, child, restrictions=()) -> None:
    owner = any(r.owner_id == actor.pk for r in restrictions)
    if not owner and actor.role not in CHANGERS:
        raise NotPermitted("Only senior leaders, service managers and the restriction's owner can do this")
    if not can_see_child(actor, child):
        raise NotPermitted("You cannot change this child's record")


def _check_review_by(review_by, today: date) -> None:
    if review_by is None:
        raise ValidationError({"review_by": "Enter the date to review the restriction by"})
    if review_by <= today:
        raise ValidationError({"review_by": "The review date must be in the future"})
    if review_by > today + timedelta(days=REVIEW_DAYS):
        raise ValidationError({"review_by": f"The review date must be within {REVIEW_DAYS} days"})


# Grants -----------------------------------------------------------------------------------


def _grant_create(*, actor, child, user, kind, reason, now) -> Grant:
    grant = Grant(user=user, child=child, kind=kind, reason=reason, starts=now,
                  expires=now + grant_length(kind), granted_by=actor)
    grant.full_clean()
    grant.save()
    audit_event(actor=actor, at=now,
                action=f"{grant.get_kind_display()} access to {child.full_name}'s record given to {user} "
                       f"until {grant.expires:%d %B %Y %H:%M}",
                obj=grant, child=child, after={"user": user.pk, "kind": kind, "expires": grant.expires},
                reason=reason)
    _security("grant_given", at=now, user=actor, detail=f"Access to a child's record given to {user} ({kind})")
    return grant


@transaction.atomic
def grant_give(*, actor: User, child: Child, user: User, reason: str, kind: str, now: datetime) -> Grant:
    """Open ``child``'s record to ``user`` for the length of ``kind``; it ends by itself."""
    _require_changer(actor, child, _current(child))
    if kind not in (GrantKind.TASK, GrantKind.INVOLVED_WORKER):
        raise ValidationError({"kind": "Choose a task or an involved worker"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why they need access"})
    if not user.is_active:
        raise ValidationError({"user": f"{user} is not an active member of staff"})
    if _is_linked(user, child):
        raise ValidationError({"user": f"{user} cannot be given access to this record"})
    return _grant_create(actor=actor, child=child, user=user, kind=kind, reason=reason.strip(), now=now)


@transaction.atomic
def grant_revoke(*, actor: User, grant: Grant, reason: str, now: datetime) -> Grant:
    """End a grant early."""
    grant = Grant.objects.select_for_update().select_related("child", "user").get(pk=grant.pk)
    _require_changer(actor, grant.child, _current(grant.child))
    if not grant.is_current(now):
        raise ValidationError({"grant": "This access has already ended"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the access is ending"})
    grant.revoked_at, grant.revoked_by, grant.revoke_reason = now, actor, reason.strip()
    grant.full_clean()
    grant.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_event(actor=actor, at=now,
                action=f"Access to {grant.child.full_name}'s record for {grant.user} ended early",
                obj=grant, child=grant.child, before={"expires": grant.expires}, after={"revoked_at": now},
                reason=grant.revoke_reason)
    _security("grant_revoked", at=now, user=actor, detail=f"Access to a child's record for {grant.user} ended")
    return grant


# Restrictions -----------------------------------------------------------------------------


def _involved_workers(child, today) -> list[User]:
    """The allocated social worker and their team manager."""
    allocation = (Allocation.objects.current(today).filter(child=child, kind=AllocationKind.SOCIAL_WORKER)
                  .select_related("worker", "team__manager").first())
    if allocation is None:
        return []
    people = [allocation.worker]
    manager = allocation.team.manager
    if manager is not None and manager.pk != allocation.worker_id:
        people.append(manager)
    return [p for p in people if p is not None and p.is_active]


def _restrict(*, actor, child, kind, owner, reason, review_by, today, now, staff_link=None) -> Restriction:
    restriction = Restriction(child=child, kind=kind, owner=owner, reason=reason, set_at=now,
                              last_reviewed_on=today, review_by=review_by, staff_link=staff_link,
                              recorded_by=actor)
    restriction.full_clean()
    restriction.save()
    audit_event(actor=actor, at=now,
                action=f"{child.full_name}'s record restricted ({restriction.get_kind_display().lower()}), "
                       f"owned by {owner}, to be reviewed by {review_by:%d %B %Y}",
                obj=restriction, child=child,
                after={"kind": kind, "owner": owner.pk, "review_by": review_by}, reason=reason)
    for person in _involved_workers(child, today):
        if person.pk == owner.pk or person.role in restricted_roles() or _is_linked(person, child):
            continue
        held = Grant.objects.filter(user=person, child=child, revoked_at__isnull=True,
                                    starts__lte=now, expires__gte=now + grant_length(GrantKind.INVOLVED_WORKER))
        if not held.exists():
            _grant_create(actor=actor, child=child, user=person, kind=GrantKind.INVOLVED_WORKER, now=now,
                          reason="Involved in the child's case when the record was restricted")
    return restriction


@transaction.atomic
def restriction_set(*, actor: User, child: Child, kind: str, reason: str, review_by: date, today: date,
                    now: datetime, owner: User | None = None) -> Restriction:
    """Restrict ``child``'s record. The allocated social worker and their team manager are
    given six months' access as involved workers, so the work does not stop."""
    _require_changer(actor, child, _current(child))
    owner = owner or actor
    if kind not in RestrictionKind.values:
        raise ValidationError({"kind": "Choose why the record is restricted"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the record is restricted"})
    _check_review_by(review_by, today)
    if not owner.is_active:
        raise ValidationError({"owner": f"{owner} is not an active member of staff"})
    if _is_linked(owner, child):
        raise ValidationError({"owner": f"{owner} cannot own this restriction"})
    if any(r.kind == kind for r in _current(child)):
        raise ValidationError({"kind": "The record already has a restriction of this kind"})
    return _restrict(actor=actor, child=child, kind=kind, owner=owner, reason=reason.strip(),
                     review_by=review_by, today=today, now=now)


@transaction.atomic
def restriction_review(*, actor: User, restriction: Restriction, review_by: date, note: str, today: date,
                       now: datetime) -> Restriction:
    """The restriction still stands: record why, and when it is next reviewed (within 90 days)."""
    restriction = Restriction.objects.select_for_update().select_related("child").get(pk=restriction.pk)
    _require_changer(actor, restriction.child, [restriction])
    if restriction.ended_at is not None:
        raise ValidationError({"restriction": "This restriction has ended"})
    if not (note or "").strip():
        raise ValidationError({"note": "Enter why the restriction is still needed"})
    _check_review_by(review_by, today)
    before = restriction.review_by
    review = RestrictionReview(restriction=restriction, reviewed_on=today, note=note.strip(),
                               next_review_by=review_by, reviewed_by=actor, recorded_at=now)
    review.full_clean()
    review.save()
    restriction.last_reviewed_on, restriction.review_by = today, review_by
    restriction.full_clean()
    restriction.save(update_fields=["last_reviewed_on", "review_by"])
    audit_event(actor=actor, at=now,
                action=f"Restriction on {restriction.child.full_name}'s record reviewed on {today:%d %B %Y}; "
                       f"next review by {review_by:%d %B %Y} (was {before:%d %B %Y})",
                obj=restriction, child=restriction.child, before={"review_by": before},
                after={"review_by": review_by}, reason=review.note)
    return restriction


@transaction.atomic
def restriction_end(*, actor: User, restriction: Restriction, reason: str, now: datetime) -> Restriction:
    """Lift the restriction: the record is open again to the child's ordinary circle."""
    restriction = Restriction.objects.select_for_update().select_related("child").get(pk=restriction.pk)
    _require_changer(actor, restriction.child, [restriction])
    if restriction.ended_at is not None:
        raise ValidationError({"restriction": "This restriction has already ended"})
    if restriction.staff_link_id is not None:
        raise ValidationError({"restriction": "This restriction follows from a staff member's link to the "
                                              "family and stands while the link does"})
    if not (reason or "").strip():
        raise ValidationError({"end_reason": "Enter why the restriction is no longer needed"})
    restriction.ended_at, restriction.ended_by, restriction.end_reason = now, actor, reason.strip()
    restriction.full_clean()
    restriction.save(update_fields=["ended_at", "ended_by", "end_reason"])
    audit_event(actor=actor, at=now,
                action=f"Restriction ({restriction.get_kind_display().lower()}) on "
                       f"{restriction.child.full_name}'s record lifted",
                obj=restriction, child=restriction.child, after={"ended_at": now}, reason=restriction.end_reason)
    return restriction


# Staff links ------------------------------------------------------------------------------


@transaction.atomic
def staff_link_record(*, actor: User, user: User, reason: str, today: date, now: datetime,
                      child: Child | None = None, adult: Adult | None = None) -> StaffLink:
    """Record that ``user`` is ``child``, or is ``adult`` in a family network. Each child
    it concerns is restricted at once (owned by ``actor``), and ``user`` never sees them."""
    if actor.role not in CHANGERS:
        raise NotPermitted("Only senior leaders and service managers can link a staff account to a person")
    if (child is None) == (adult is None):
        raise ValidationError({"person": "Choose the child or the adult the account belongs to"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter how the link became known"})
    if user.pk == actor.pk:
        raise NotPermitted("Someone else must record a link to your own account")
    link = StaffLink(user=user, child=child, adult=adult, reason=reason.strip(), recorded_by=actor,
                     recorded_at=now)
    link.full_clean()
    link.save()
    if child is not None:
        concerned = [(child, RestrictionKind.STAFF_MEMBER)]
    else:
        related = Child.objects.filter(pk__in=Relationship.objects.filter(adult=adult).values("child_id"))
        concerned = [(c, RestrictionKind.RELATIVE_OF_STAFF) for c in related.order_by("pk")]
    audit_event(actor=actor, at=now, action=f"Staff account {user} linked to {child or adult}",
                obj=link, child=child, after={"user": user.pk, "children": [c.pk for c, _ in concerned]},
                reason=link.reason)
    for each, kind in concerned:
        staff_link_restrict(actor=actor, link=link, child=each, kind=kind, today=today, now=now)
    return link


def staff_link_restrict(*, actor, link: StaffLink, child: Child, kind: str, today: date, now: datetime):
    """The automatic restriction for a child a staff link concerns (none if one stands)."""
    current = _current(child)
    if any(r.staff_link_id == link.pk for r in current):
        return None
    return _restrict(actor=actor, child=child, kind=kind, owner=actor, now=now, today=today,
                     review_by=today + timedelta(days=REVIEW_DAYS), staff_link=link,
                     reason=f"A member of staff ({link.user}) is "
                            + ("this child" if kind == RestrictionKind.STAFF_MEMBER else "in this child's family"))


def staff_links_on_relationship(*, actor, child: Child, adult, now: datetime) -> None:
    """A child newly related to an adult who is linked to a staff account is restricted too."""
    if adult is None:
        return
    for link in StaffLink.objects.filter(adult=adult):
        staff_link_restrict(actor=actor, link=link, child=child,
                            kind=RestrictionKind.RELATIVE_OF_STAFF,
                            today=timezone.localdate(now), now=now)


# Emergency access -------------------------------------------------------------------------


class BreakGlassRefused(Exception):
    """No record could be opened. One message for every cause, so none is revealed."""

    MESSAGE = ("No record could be opened with that ID. Check it and try again, or ask the child's "
               "team manager for access")


@dataclass(frozen=True)
class Opened:
    child: Child
    grant: Grant | None  # None when the user could already see the record
    flag: BreakGlass | None


def _find(identifier: str) -> Child | None:
    text = "".join((identifier or "").split())
    if not text or len(text) > 20 or not text.isalnum():
        return None
    match = Q(council_id__iexact=text)
    if text.isdigit() and len(text) == 10:
        match |= Q(nhs_number=text)
    found = list(Child.objects.filter(match)[:2])
    return found[0] if len(found) == 1 else None


def _child_team(child, today):
    allocations = list(Allocation.objects.current(today).filter(child=child).select_related("team__manager"))
    for kind in (AllocationKind.SOCIAL_WORKER, AllocationKind.TEAM):
        for a in allocations:
            if a.kind == kind:
                return a.team
    return None


def break_glass_open(*, actor: User, identifier: str, reason: str, now: datetime, request=None) -> Opened:
    """Open a record in an emergency: a short grant, flagged to the child's team manager.

    Refused the same way (``BreakGlassRefused``) for a malformed id, a child that does not
    exist, a restricted child and a child the user's own account is linked to; nothing is
    granted, and the refusal is recorded (after the transaction, so it stays)."""
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_BREAK_GLASS_REASON or " " not in reason:
        raise ValidationError({"reason": "Explain in at least a sentence why you need the record now"})
    try:
        with transaction.atomic():
            return _break_glass(actor=actor, identifier=identifier, reason=reason, now=now, request=request)
    except BreakGlassRefused:
        detail = "Emergency access refused: no record opened for the ID given"
        if not _security("break_glass_refused", at=now, user=actor, request=request, detail=detail):
            with transaction.atomic():  # pragma: no cover - the audit area without security events
                audit_event(actor=actor, at=now, action=detail, obj=None, reason=reason)
        raise


def _break_glass(*, actor, identifier, reason, now, request) -> Opened:
    child = _find(identifier)
    if child is not None and can_see_child(actor, child):
        return Opened(child, None, None)
    if (child is None or actor.role == Role.ADMIN or not actor.is_active
            or Restriction.objects.filter(child=child, ended_at__isnull=True).exists()
            or _is_linked(actor, child)):
        raise BreakGlassRefused(BreakGlassRefused.MESSAGE)
    grant = Grant(user=actor, child=child, kind=GrantKind.BREAK_GLASS, reason=reason[:300], starts=now,
                  expires=now + grant_length(GrantKind.BREAK_GLASS), granted_by=actor)
    grant.full_clean()
    grant.save()
    team = _child_team(child, timezone.localdate(now))
    flag = BreakGlass(user=actor, child=child, at=now, reason=reason, grant=grant, team=team,
                      manager=team.manager if team else None)
    flag.full_clean()
    flag.save()
    audit_event(actor=actor, at=now,
                action=f"Emergency access to {child.full_name}'s record opened by {actor} until "
                       f"{timezone.localtime(grant.expires):%d %B %Y %H:%M}, flagged to "
                       f"{flag.manager or 'service managers'}",
                obj=flag, child=child, after={"grant": grant.pk, "expires": grant.expires}, reason=reason)
    _security("break_glass", at=now, user=actor, request=request,
              detail=f"Emergency access to a child's record (flag {flag.pk})")
    return Opened(child, grant, flag)


BREAK_GLASS_REVIEWERS = frozenset({Role.SENIOR_LEADER, Role.SERVICE_MANAGER})


@transaction.atomic
def break_glass_review(*, actor: User, flag: BreakGlass, note: str, now: datetime) -> BreakGlass:
    """The manager has looked at the emergency access and says what they found."""
    flag = BreakGlass.objects.select_for_update().select_related("child", "user").get(pk=flag.pk)
    if flag.manager_id != actor.pk and actor.role not in BREAK_GLASS_REVIEWERS:
        raise NotPermitted("Only the manager it was flagged to, service managers and senior leaders can review this")
    if flag.reviewed_at is not None:
        raise ValidationError({"note": "This emergency access has already been reviewed"})
    if not (note or "").strip():
        raise ValidationError({"note": "Enter what you found"})
    flag.reviewed_at, flag.reviewed_by, flag.review_note = now, actor, note.strip()
    flag.full_clean()
    flag.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    audit_event(actor=actor, at=now,
                action=f"Emergency access to {flag.child.full_name}'s record by {flag.user} on "
                       f"{flag.at:%d %B %Y} reviewed",
                obj=flag, child=flag.child, after={"reviewed_at": now}, reason=flag.review_note)
    return flag
