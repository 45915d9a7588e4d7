"""Reads of restrictions, grants and emergency access, cut to the children the reader may see."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lantern.staff.models import Role

from .models import BreakGlass, Grant, Restriction, StaffLink
from .policy import only_visible

REPORT_READERS = frozenset({Role.SENIOR_LEADER, Role.SERVICE_MANAGER})
FLAG_READERS = REPORT_READERS | {Role.TEAM_MANAGER}
DATA_PROTECTION_READERS = frozenset({Role.SENIOR_LEADER})
EXPIRING_DAYS = 14


@dataclass
class ChildAccess:
    restrictions: list
    grants: list
    flags: list


def child_access(child, *, now: datetime) -> ChildAccess:
    """The child's current restrictions (with their reviews), current grants and emergency uses."""
    restrictions = list(Restriction.objects.filter(child=child, ended_at__isnull=True)
                        .select_related("owner", "recorded_by", "staff_link__user").prefetch_related("reviews__reviewed_by"))
    grants = list(Grant.objects.filter(child=child, revoked_at__isnull=True, starts__lte=now, expires__gt=now)
                  .select_related("user", "granted_by").order_by("expires", "id"))
    flags = list(BreakGlass.objects.filter(child=child).select_related("user", "reviewed_by")[:20])
    return ChildAccess(restrictions, grants, flags)


def is_owner(user, restrictions) -> bool:
    return any(r.owner_id == user.pk for r in restrictions)


def restrictions_past_review(user, *, today: date) -> list[Restriction]:
    rows = Restriction.objects.filter(ended_at__isnull=True, review_by__lt=today)
    return list(only_visible(rows, user).select_related("child", "owner").order_by("review_by", "id"))


def break_glass_flags(user, *, unreviewed_only: bool = True) -> list[BreakGlass]:
    """Emergency uses to review: a team manager's own flags; every flag for service managers
    and senior leaders; only those about children the reader may see."""
    rows = BreakGlass.objects.all()
    if user.role not in REPORT_READERS:
        rows = rows.filter(manager=user)
    if unreviewed_only:
        rows = rows.filter(reviewed_at__isnull=True)
    return list(only_visible(rows, user).select_related("child", "user", "team", "manager", "reviewed_by")[:500])


def break_glass_flag(user, flag_id) -> BreakGlass | None:
    try:
        pk = int(flag_id)
    except (TypeError, ValueError):
        return None
    rows = BreakGlass.objects.filter(pk=pk)
    if user.role not in REPORT_READERS:
        rows = rows.filter(manager=user)
    return only_visible(rows, user).select_related("child", "user", "team", "manager", "reviewed_by").first()


def grants_expiring(user, *, now: datetime, days: int = EXPIRING_DAYS) -> list[Grant]:
    rows = Grant.objects.filter(revoked_at__isnull=True, starts__lte=now, expires__gt=now,
                                expires__lte=now + timedelta(days=days))
    return list(only_visible(rows, user).select_related("child", "user", "granted_by").order_by("expires", "id"))


def break_glass_all(user):
    """Every use of emergency access, newest first, for data protection (a queryset to page)."""
    return only_visible(BreakGlass.objects.all(), user).select_related("child", "user", "team", "manager",
                                                                        "reviewed_by").order_by("-at", "-id")



@dataclass
class StaffLinkRow:
    link: StaffLink
    children: list  # the restricted children the reader may see


def staff_links(user, *, limit: int = 500) -> list[StaffLinkRow]:
    """Staff accounts linked to a child or a family, newest first, each with the children its
    restrictions concern that ``user`` may see."""
    links = list(StaffLink.objects.select_related("user", "child", "adult", "recorded_by")
                 .order_by("-recorded_at", "-id")[:limit])
    children: dict[int, list] = {}
    concerned = only_visible(Restriction.objects.filter(staff_link__in=links), user)
    for restriction in concerned.select_related("child").order_by("child__last_name", "child__first_name", "id"):
        children.setdefault(restriction.staff_link_id, []).append(restriction.child)
    return [StaffLinkRow(link, children.get(link.pk, [])) for link in links]
