"""Reads of children, always scoped to the requesting user through the access module."""

import re
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q

from lantern.access.policy import child_for
from lantern.core.identifiers import normalise_postcode
from lantern.staff.models import Allocation, AllocationKind

from .models import Address, Child, Involvement, Relationship

SEARCH_LIMIT = 50
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _as_date(text: str) -> date | None:
    m = _DATE_DMY.match(text)
    if m:
        d, mth, y = (int(x) for x in m.groups())
    else:
        m = _DATE_ISO.match(text)
        if not m:
            return None
        y, mth, d = (int(x) for x in m.groups())
    try:
        return date(y, mth, d)
    except ValueError:
        return None


def child_search(user, query: str) -> list[Child]:
    """Children this user may see matching a name (partial, any case), date of birth,
    council id or NHS number. A child the user may not see is never returned."""
    text = " ".join(query.split())
    if not text:
        return []
    qs = Child.objects.visible_to(user)
    digits = text.replace(" ", "")
    on = _as_date(text)
    if on is not None:
        qs = qs.filter(date_of_birth=on)
    elif digits.isdigit() and len(digits) == 10:
        qs = qs.filter(Q(nhs_number=digits) | Q(council_id=digits))
    else:
        by_id = Q(council_id__iexact=text)
        by_name = Q()
        for word in text.lower().split():
            by_name &= Q(search_name__contains=word)
        qs = qs.filter(by_id | by_name)
    return list(qs.order_by("last_name", "first_name", "id")[:SEARCH_LIMIT])


def child_record(user, child_id, *, today: date) -> Child:
    """The child with what the identity bar needs: current allocations and level of need."""
    qs = Child.objects.prefetch_related(
        Prefetch(
            "allocations",
            queryset=Allocation.objects.current(today).select_related("worker", "team"),
            to_attr="current_allocations",
        ),
        Prefetch(
            "relationships",
            queryset=Relationship.objects.filter(Q(end__isnull=True) | Q(end__gt=today))
            .select_related("adult", "other_child").order_by("kind", "id"),
            to_attr="current_relationships",
        ),
        Prefetch(
            "addresses",
            queryset=Address.objects.filter(start__lte=today)
            .filter(Q(end__isnull=True) | Q(end__gt=today)).order_by("-start"),
            to_attr="current_addresses",
        ),
        Prefetch(
            "involvements",
            queryset=Involvement.objects.filter(Q(end__isnull=True) | Q(end__gt=today)),
            to_attr="open_involvements",
        ),
    )
    from lantern.legal.selectors import unassessed_placements

    qs = qs.annotate(connected_unassessed=Exists(unassessed_placements().filter(child=OuterRef("pk"))))
    child = child_for(user, child_id, queryset=qs)
    child.social_worker = next(
        (a for a in child.current_allocations if a.kind == AllocationKind.SOCIAL_WORKER), None)
    child.current_team = next(
        (a.team for a in child.current_allocations if a.kind == AllocationKind.TEAM), None
    ) or (child.social_worker.team if child.social_worker else None)
    child.current_level = child.open_involvements[0] if child.open_involvements else None
    child.current_address = child.current_addresses[0] if child.current_addresses else None
    return child


def age_on(born: date | None, today: date) -> int | None:
    """Whole years from ``born`` to ``today``; None when unborn or not yet born that day."""
    if born is None or born > today:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def possible_duplicates(user, *, first_name: str, last_name: str, date_of_birth: date | None,
                        nhs_number: str = "", postcode: str = "", limit: int = 10) -> list[Child]:
    """Children who may be the one about to be added: the same NHS number, the same date of
    birth with the same first or last name, or the same surname at the same postcode."""
    match = Q()
    if nhs_number:
        match |= Q(nhs_number=nhs_number.replace(" ", ""))
    if date_of_birth:
        match |= Q(date_of_birth=date_of_birth) & (
            Q(first_name__iexact=first_name.strip()) | Q(last_name__iexact=last_name.strip()))
    if postcode and last_name:
        match |= Q(last_name__iexact=last_name.strip(), addresses__postcode=normalise_postcode(postcode))
    if not match:
        return []
    return list(Child.objects.visible_to(user).filter(match).distinct().order_by("last_name", "first_name")[:limit])
