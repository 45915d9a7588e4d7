"""Allocations as facts for the rules core.

A child open to a service must have an allocated social worker (rule W3).
Facts are scoped to each period of involvement (``involvement:<id>``, the
scope the people source gives ``service_started``): a worker allocated when
the period opens, or later within it, meets the duty; an allocation that ends
with nobody taking over while the period is open starts it again.
"""

from collections import defaultdict
from datetime import date

from lantern.core import facts as kinds
from lantern.core.engine import Fact
from lantern.people.models import Involvement

from .models import Allocation, AllocationKind


def _within(day: date, start: date, end: date | None) -> bool:
    return start <= day and (end is None or day < end)


def allocation_facts(child_ids):
    allocations = defaultdict(list)
    for pk, child_id, start, end in Allocation.objects.filter(
        child_id__in=child_ids, kind=AllocationKind.SOCIAL_WORKER
    ).values_list("pk", "child_id", "start", "end").order_by("start", "pk"):
        allocations[child_id].append((pk, start, end))
    out = defaultdict(list)
    for inv_pk, child_id, inv_start, inv_end in Involvement.objects.filter(
        child_id__in=child_ids
    ).values_list("pk", "child_id", "start", "end"):
        scope = f"involvement:{inv_pk}"
        held = allocations.get(child_id, [])
        starts = {start for _, start, _ in held}
        for pk, start, end in held:
            ref = f"allocation:{pk}"
            if _within(inv_start, start, end):
                out[child_id].append(Fact(kinds.WORKER_ALLOCATED, ref, inv_start, scope))
            elif _within(start, inv_start, inv_end):
                out[child_id].append(Fact(kinds.WORKER_ALLOCATED, ref, start, scope))
            if end is not None and end not in starts and _within(end, inv_start, inv_end):
                out[child_id].append(Fact(kinds.WORKER_UNALLOCATED, f"{ref}:end", end, scope))
    return out


allocation_facts.produces = frozenset({kinds.WORKER_ALLOCATED, kinds.WORKER_UNALLOCATED})
