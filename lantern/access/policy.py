"""The one place that decides whether a user may see or act on a child.

Every view and selector of child data comes through here. A user sees a child
when one of these holds, each on its own line so tests cover every branch:

- the user holds a current allocation for the child (worker, PA or IRO);
- the child is currently allocated to the user's team;
- the user is in the management line of the allocated worker (up to three levels)
  or manages the child's team;
- the user's role covers the whole service (front door, out of hours, IRO,
  senior leader, performance);
- the user has a grant for the child that has started and not expired.

A child the user may not see is indistinguishable from one that does not exist.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lantern.access.models import Grant
from lantern.staff.models import Allocation


def _current_allocations(today):
    return Allocation.objects.current(today).filter(child=OuterRef("pk"))


def visible_children(user, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_service_wide:
        return queryset
    now = timezone.now()
    today = timezone.localdate(now)
    allocations = _current_allocations(today)
    reasons = Q(Exists(allocations.filter(worker=user)))
    if user.team_id:
        reasons |= Q(Exists(allocations.filter(team_id=user.team_id)))
    reasons |= Q(Exists(allocations.filter(worker__line_manager=user)))
    reasons |= Q(Exists(allocations.filter(worker__line_manager__line_manager=user)))
    reasons |= Q(Exists(allocations.filter(worker__line_manager__line_manager__line_manager=user)))
    reasons |= Q(Exists(allocations.filter(team__manager=user)))
    reasons |= Q(
        Exists(Grant.objects.filter(child=OuterRef("pk"), user=user, starts__lte=now, expires__gt=now))
    )
    return queryset.filter(reasons)


def visible_child_ids(user, *, now=None) -> QuerySet | None:
    """The ids of the children ``user`` may see, as one uncorrelated subquery for lists and
    measures across many children (``child_id__in=...``); None when the user's role covers the
    whole service (no filter needed). The same reasons as ``visible_children``, which suits
    one record better; a test holds the two to the same answer."""
    from lantern.people.models import Child

    if not user.is_authenticated or not user.is_active:
        return Child.objects.none().values("pk")
    if user.is_service_wide:
        return None
    now = now or timezone.now()
    today = timezone.localdate(now)
    reasons = Q(worker=user)
    if user.team_id:
        reasons |= Q(team_id=user.team_id)
    reasons |= Q(worker__line_manager=user)
    reasons |= Q(worker__line_manager__line_manager=user)
    reasons |= Q(worker__line_manager__line_manager__line_manager=user)
    reasons |= Q(team__manager=user)
    allocated = Allocation.objects.current(today).filter(reasons).values("child_id")
    granted = Grant.objects.filter(user=user, starts__lte=now, expires__gt=now).values("child_id")
    return Child.objects.filter(Q(pk__in=allocated) | Q(pk__in=granted)).values("pk")


def only_visible(queryset: QuerySet, user, field: str = "child_id") -> QuerySet:
    """``queryset`` (rows about children) cut to the children ``user`` may see."""
    ids = visible_child_ids(user)
    return queryset if ids is None else queryset.filter(**{f"{field}__in": ids})


def can_see_child(user, child) -> bool:
    from lantern.people.models import Child

    return visible_children(user, Child.objects.filter(pk=child.pk)).exists()


def child_for(user, child_id, *, queryset=None):
    """The child with this id if the user may see it; otherwise 404, as if it did not exist."""
    from lantern.people.models import Child

    qs = visible_children(user, queryset if queryset is not None else Child.objects.all())
    try:
        return qs.get(pk=int(child_id))
    except (Child.DoesNotExist, ValueError, TypeError):
        raise Http404("No such child") from None


class NotPermitted(Exception):
    """The actor may not make this change."""


def require_can_act(user, child) -> None:
    """Writes need the same circle as reads (service-wide roles included)."""
    if not can_see_child(user, child):
        raise NotPermitted("You cannot change this child's record")
