"""Reads for data protection: who may act for the council as data controller, the child a
subject access request names, and the retention review computed from the live record.

The data-protection roles (setting ``LANTERN_DATA_PROTECTION_ROLES``; by default senior
leaders, who support the data protection officer) answer requests about the children the
access policy lets them see: with the default settings a senior leader sees every child,
restricted ones included, except a child their own account is linked to (``StaffLink``).
System administrators hold no case records and so answer none.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404

from lantern.access import policy
from lantern.staff.models import Role

from .models import LegalHold
from .retention import Kept, governing, rules

DEFAULT_DATA_PROTECTION_ROLES = frozenset({Role.SENIOR_LEADER})


def data_protection_roles() -> frozenset[str]:
    return frozenset(getattr(settings, "LANTERN_DATA_PROTECTION_ROLES", DEFAULT_DATA_PROTECTION_ROLES))


def is_data_protection(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in data_protection_roles())


def require_data_protection(user) -> None:
    """Pages of this app are hidden (404) from everyone else."""
    if not is_data_protection(user):
        raise Http404("No such page")


def _children_for(user):
    from lantern.people.models import Child

    return Child.objects.filter(pk__in=policy.visible_child_ids(user))


def subject_by_council_id(user, council_id: str):
    """The child with this council ID for a data-protection user; a ValidationError on the
    ``council_id`` field otherwise (an unknown ID and a forbidden one read the same)."""
    council_id = (council_id or "").strip().upper()
    if not council_id:
        raise ValidationError({"council_id": "Enter the child's council ID"})
    found = _children_for(user).filter(council_id=council_id).first() if is_data_protection(user) else None
    if found is None:
        raise ValidationError({"council_id": f"No child has the council ID {council_id}"})
    return found


def subject_by_id(user, child_id):
    """The child for a data-protection page about one child; 404 as if missing otherwise."""
    require_data_protection(user)
    from lantern.people.models import Child

    try:
        return _children_for(user).get(pk=int(child_id))
    except (Child.DoesNotExist, ValueError, TypeError):
        raise Http404("No such child") from None


def current_hold(child) -> LegalHold | None:
    return LegalHold.objects.filter(child=child, lifted_at__isnull=True).select_related("placed_by").first()


@dataclass(frozen=True)
class PastRetention:
    child_id: int
    council_id: str
    name: str
    kept: Kept
    hold: LegalHold | None

    @property
    def due_for_destruction(self) -> bool:
        return self.hold is None


@dataclass(frozen=True)
class Review:
    rows: list[PastRetention]
    not_assessed: int  # children whose retention cannot be worked out (no date of birth)

    @property
    def due(self) -> list[PastRetention]:
        return [row for row in self.rows if row.due_for_destruction]

    @property
    def held(self) -> list[PastRetention]:
        return [row for row in self.rows if not row.due_for_destruction]


def _applying_ids() -> dict[str, set[int]]:
    from lantern.care.models import PeriodOfCare
    from lantern.childinneed.models import Plan as CinPlan
    from lantern.people.models import Involvement, Level
    from lantern.protection.models import Enquiry
    from lantern.protection.models import Plan as CpPlan

    def ids(queryset) -> set[int]:
        return set(queryset.values_list("child_id", flat=True).distinct())

    return {
        "looked_after": ids(PeriodOfCare.objects.all()),
        "child_protection": ids(CpPlan.objects.all()) | ids(Enquiry.objects.all())
        | ids(Involvement.objects.filter(level=Level.CHILD_PROTECTION)),
        "child_in_need": ids(CinPlan.objects.all()) | ids(Involvement.objects.filter(level=Level.CHILD_IN_NEED)),
    }


def retention_review(user, *, today: date) -> Review:
    """Every child whose record is past its retention period on ``today``, oldest first, with
    its current legal hold if any. Computed from the live record each time. ``user`` None is
    the operator running ``lantern retention review`` on the server (every child)."""
    from lantern.legal.models import AdoptionJourney
    from lantern.people.models import Child

    if user is not None:
        require_data_protection(user)

    schedule = rules()
    applying = _applying_ids()
    adopted: dict[int, date] = {}
    for child_id, order_on in AdoptionJourney.objects.filter(order_on__isnull=False).values_list(
            "child_id", "order_on"):
        adopted[child_id] = max(order_on, adopted.get(child_id, order_on))
    holds = {hold.child_id: hold for hold in
             LegalHold.objects.filter(lifted_at__isnull=True).select_related("placed_by")}
    rows, not_assessed = [], 0
    children = (Child.objects.all() if user is None else _children_for(user)).values_list(
        "pk", "council_id", "first_name", "last_name", "date_of_birth").order_by("council_id")
    for pk, council_id, first, last, born in children.iterator(chunk_size=2000):
        facts = {"any"} | {key for key, members in applying.items() if pk in members}
        if pk in adopted:
            facts.add("adoption_order")
        kept = governing([rule for rule in schedule if rule.applies in facts], born=born, adopted=adopted.get(pk))
        if kept is None:
            not_assessed += 1
        elif kept.ends_on <= today:
            rows.append(PastRetention(pk, council_id, f"{first} {last}", kept, holds.get(pk)))
    rows.sort(key=lambda row: (row.kept.ends_on, row.council_id))
    return Review(rows, not_assessed)


def current_holds(user) -> list[LegalHold]:
    require_data_protection(user)
    return list(LegalHold.objects.filter(lifted_at__isnull=True).select_related("child", "placed_by")
                .order_by("child__council_id"))
