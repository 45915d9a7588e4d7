"""Allocations in the chronology."""

from lantern.web.chronology import Entry

from .models import Allocation


def entries(child, *, kinds=None, limit=50):
    if kinds is not None and "allocation" not in kinds:
        return []
    rows = (Allocation.objects.filter(child=child).select_related("worker", "team", "recorded_by")
            .order_by("-start")[:limit])
    return [
        Entry(a.start, "allocation",
              f"{a.get_kind_display()} allocated: {a.worker or a.team}",
              f"{a.team}" + (f"; ended {a.end:%d %b %Y} ({a.end_reason})" if a.end else ""),
              str(a.recorded_by))
        for a in rows
    ]
