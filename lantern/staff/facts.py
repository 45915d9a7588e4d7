"""Allocations as facts for the rules core."""

from collections import defaultdict

from lantern.core import facts as kinds
from lantern.core.engine import Fact

from .models import Allocation, AllocationKind


def allocation_facts(child_ids):
    out = defaultdict(list)
    rows = Allocation.objects.filter(
        child_id__in=child_ids, kind=AllocationKind.SOCIAL_WORKER
    ).values_list("pk", "child_id", "start", "end")
    for pk, child_id, start, end in rows:
        ref = f"allocation:{pk}"
        out[child_id].append(Fact(kinds.WORKER_ALLOCATED, ref, start, "", (("until", end),)))
    return out
