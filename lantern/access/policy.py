"""The one place that decides whether a user may see or act on a child.

Every view and selector of child data comes through here. A user sees an ordinary
child when one of these holds, each on its own line so tests cover every branch:

- the user holds a current allocation for the child (worker, PA or IRO);
- the child is currently allocated to the user's team;
- the user is in the management line of the allocated worker (up to three levels)
  or manages the child's team;
- the user's role covers the whole service (front door, out of hours, IRO,
  senior leader, performance);
- the user has a grant for the child that has started, not expired and not been revoked.

A child with a current restriction is seen only by:

- the roles named in ``LANTERN_RESTRICTED_ROLES`` (by default senior leaders);
- the owner of one of its current restrictions;
- a user with a current grant.

Whatever their role or grants, a user never sees a child their own account is linked to
(``StaffLink``): the child they are, or a child related to the adult they are.

A child the user may not see is indistinguishable from one that does not exist.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lantern.access.models import Grant, Restriction, StaffLink
from lantern.staff.models import Allocation, Role

DEFAULT_RESTRICTED_ROLES = frozenset({Role.SENIOR_LEADER})


def restricted_roles() -> frozenset[str]:
    """The roles that see every restricted child (setting ``LANTERN_RESTRICTED_ROLES``)."""
    return frozenset(getattr(settings, "LANTERN_RESTRICTED_ROLES", DEFAULT_RESTRICTED_ROLES))


def restricted_ids() -> QuerySet:
    """Children with a current restriction: one uncorrelated subquery."""
    return Restriction.objects.filter(ended_at__isnull=True).values("child_id")


def _owned_ids(user) -> QuerySet:
    return Restriction.objects.filter(ended_at__isnull=True, owner=user).values("child_id")


def linked_ids(user) -> tuple[QuerySet, QuerySet]:
    """Children ``user``'s own account is linked to: as the child, and through an adult."""
    from lantern.people.models import Relationship

    links = StaffLink.objects.filter(user=user)
    as_child = links.filter(child__isnull=False).values("child_id")
    as_adult = Relationship.objects.filter(adult_id__in=links.filter(adult__isnull=False).values("adult_id"))
    return as_child, as_adult.values("child_id")


def _current_grants(user, now):
    return Grant.objects.filter(user=user, starts__lte=now, expires__gt=now, revoked_at__isnull=True)


def _current_allocations(today):
    return Allocation.objects.current(today).filter(child=OuterRef("pk"))


def _not_linked(user) -> Q:
    as_child, as_adult = linked_ids(user)
    return ~Q(pk__in=as_child) & ~Q(pk__in=as_adult)


def _restricted_rule(user, ordinary: Q | None, granted: Q) -> Q:
    """Who sees what, given the user's ordinary reasons (None: every ordinary child)."""
    restricted = Q(pk__in=restricted_ids())
    if user.role in restricted_roles():
        see = Q() if ordinary is None else restricted | ordinary
    else:
        see = ~restricted if ordinary is None else ~restricted & ordinary
        see |= Q(pk__in=_owned_ids(user))
    if not see:  # every child but those linked to the user's own account
        return _not_linked(user)
    return (see | granted) & _not_linked(user)


def visible_children(user, queryset: QuerySet) -> QuerySet:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    now = timezone.now()
    granted = Q(Exists(_current_grants(user, now).filter(child=OuterRef("pk"))))
    if user.is_service_wide:
        return queryset.filter(_restricted_rule(user, None, granted))
    today = timezone.localdate(now)
    reasons = Q(worker=user)
    if user.team_id:
        reasons |= Q(team_id=user.team_id)
    reasons |= Q(worker__line_manager=user)
    reasons |= Q(worker__line_manager__line_manager=user)
    reasons |= Q(worker__line_manager__line_manager__line_manager=user)
    reasons |= Q(team__manager=user)
    allocated = Q(Exists(_current_allocations(today).filter(reasons)))
    return queryset.filter(_restricted_rule(user, allocated, granted))


def visible_child_ids(user, *, now=None) -> QuerySet:
    """The ids of the children ``user`` may see, as one uncorrelated subquery for lists and
    measures across many children (``child_id__in=...``). The same reasons as
    ``visible_children``, which suits one record better; tests hold the two to the same
    answer."""
    from lantern.people.models import Child

    if not user.is_authenticated or not user.is_active:
        return Child.objects.none().values("pk")
    now = now or timezone.now()
    granted = Q(pk__in=_current_grants(user, now).values("child_id"))
    if user.is_service_wide:
        return Child.objects.filter(_restricted_rule(user, None, granted)).values("pk")
    today = timezone.localdate(now)
    reasons = Q(worker=user)
    if user.team_id:
        reasons |= Q(team_id=user.team_id)
    reasons |= Q(worker__line_manager=user)
    reasons |= Q(worker__line_manager__line_manager=user)
    reasons |= Q(worker__line_manager__line_manager__line_manager=user)
    reasons |= Q(team__manager=user)
    allocated = Allocation.objects.current(today).filter(reasons).values("child_id")
    return Child.objects.filter(_restricted_rule(user, Q(pk__in=allocated), granted)).values("pk")


def hidden_child_ids(user, *, now=None) -> list[QuerySet]:
    """For a user whose role covers the whole service: subqueries of the children hidden
    from them (restricted ones they may not open, and those their account is linked to),
    so a list can exclude a few ids rather than include nearly all."""
    now = now or timezone.now()
    as_child, as_adult = linked_ids(user)
    hidden = [as_child, as_adult]
    if user.role not in restricted_roles():
        from lantern.people.models import Child

        hidden.append(Child.objects.filter(pk__in=restricted_ids()).exclude(
            pk__in=_owned_ids(user)).exclude(pk__in=_current_grants(user, now).values("child_id")).values("pk"))
    return hidden


def only_visible(queryset: QuerySet, user, field: str = "child_id") -> QuerySet:
    """``queryset`` (rows about children) cut to the children ``user`` may see."""
    if user.is_authenticated and user.is_active and user.is_service_wide:
        for ids in hidden_child_ids(user):
            queryset = queryset.exclude(**{f"{field}__in": ids})
        return queryset
    return queryset.filter(**{f"{field}__in": visible_child_ids(user)})


# What the one-record statement finds, as bits of one number.
LINKED, RESTRICTED, OWNED, GRANTED, ALLOCATED = 16, 8, 4, 2, 1


def _access_bits_sql() -> str:
    """One SQL expression for (user, child): linked to the user's own account, under a
    current restriction, a restriction the user owns, a current grant, an ordinary reason (a
    current allocation held by the user, their team, their management line or the team's
    manager), summed as the bits above. Positional parameters, in order: see
    ``_access_params``. Table and column names come from the models."""
    from lantern.people.models import Relationship
    from lantern.staff.models import Team, User

    link, rel, res, grant = (StaffLink._meta.db_table, Relationship._meta.db_table,
                             Restriction._meta.db_table, Grant._meta.db_table)
    alloc, user, team = Allocation._meta.db_table, User._meta.db_table, Team._meta.db_table
    parts = (
        (LINKED, f"""SELECT 1 FROM {link} l WHERE l.user_id = %s AND (l.child_id = %s
              OR l.adult_id IN (SELECT r.adult_id FROM {rel} r WHERE r.child_id = %s
                                AND r.adult_id IS NOT NULL))"""),
        (RESTRICTED, f"SELECT 1 FROM {res} x WHERE x.child_id = %s AND x.ended_at IS NULL"),
        (OWNED, f"""SELECT 1 FROM {res} x WHERE x.child_id = %s AND x.ended_at IS NULL
              AND x.owner_id = %s"""),
        (GRANTED, f"""SELECT 1 FROM {grant} g WHERE g.user_id = %s AND g.child_id = %s
              AND g.starts <= %s AND g.expires > %s AND g.revoked_at IS NULL"""),
        (ALLOCATED, f"""SELECT 1 FROM {alloc} a
              LEFT JOIN {user} w ON w.id = a.worker_id
              LEFT JOIN {user} m1 ON m1.id = w.line_manager_id
              LEFT JOIN {user} m2 ON m2.id = m1.line_manager_id
              LEFT JOIN {team} t ON t.id = a.team_id
              WHERE a.child_id = %s AND a.start <= %s AND (a."end" IS NULL OR a."end" > %s)
              AND (a.worker_id = %s OR a.team_id = %s OR w.line_manager_id = %s
                   OR m1.line_manager_id = %s OR m2.line_manager_id = %s OR t.manager_id = %s)"""),
    )
    return " + ".join(f"(CASE WHEN EXISTS ({sql}) THEN {bit} ELSE 0 END)" for bit, sql in parts)


def _access_params(user, child_pk: int, now) -> list:
    from django.db import connection

    ops = connection.ops
    at, today = ops.adapt_datetimefield_value(now), ops.adapt_datefield_value(timezone.localdate(now))
    me, team = user.pk, user.team_id or -1
    return [me, child_pk, child_pk,  # linked
            child_pk,  # restricted
            child_pk, me,  # owned
            me, child_pk, at, at,  # granted
            child_pk, today, today, me, team, me, me, me, me]  # allocated


_ACCESS_SQL: dict[str, str] = {}


def _access_sql() -> str:
    from django.db import connection

    return _ACCESS_SQL.get(connection.vendor) or _ACCESS_SQL.setdefault(connection.vendor, _access_bits_sql())


def _decide(user, bits: int) -> bool:
    if bits & LINKED:
        return False
    if bits & RESTRICTED:
        return bool(bits & (GRANTED | OWNED)) or user.role in restricted_roles()
    return bool(bits & GRANTED) or user.is_service_wide or bool(bits & ALLOCATED)


def sees_child(user, child_pk: int, *, now=None) -> bool:
    """The decision ``visible_children`` makes, for one child, from one hand-written
    expression: building and compiling the ORM's query costs a record page more than running
    it. The property test holds the two to the same oracle."""
    from django.db import connection

    if not user.is_authenticated or not user.is_active:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_access_sql()}", _access_params(user, child_pk, now or timezone.now()))
        (bits,) = cursor.fetchone()
    return _decide(user, int(bits))


def can_see_child(user, child) -> bool:
    return sees_child(user, child.pk)


def child_for(user, child_id, *, queryset=None):
    """The child with this id if the user may see it; otherwise 404, as if it did not exist."""
    from lantern.people.models import Child

    try:
        pk = int(child_id)
    except (ValueError, TypeError):
        raise Http404("No such child") from None
    if not user.is_authenticated or not user.is_active:
        raise Http404("No such child")
    from django.db.models.expressions import RawSQL

    qs = (queryset if queryset is not None else Child.objects.all()).filter(pk=pk)
    # The access decision rides on the fetch of the child itself: one query, not two.
    child = qs.annotate(access_bits=RawSQL(_access_sql(), _access_params(user, pk, timezone.now()))).first()
    if child is None or not _decide(user, int(child.access_bits)):
        raise Http404("No such child")
    return child


class NotPermitted(Exception):
    """The actor may not make this change."""


def require_can_act(user, child) -> None:
    """Writes need the same circle as reads (service-wide roles included)."""
    if not can_see_child(user, child):
        raise NotPermitted("You cannot change this child's record")
