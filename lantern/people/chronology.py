"""People records in the chronology."""

from lantern.web.chronology import Entry

from .models import Address, Involvement, Relationship


def entries(child, *, kinds=None, limit=50):
    out = []
    if kinds is None or "involvement" in kinds:
        for inv in Involvement.objects.filter(child=child).order_by("-start")[:limit]:
            out.append(Entry(inv.start, "involvement", f"Open to {inv.get_level_display().lower()}"))
            if inv.end:
                out.append(Entry(inv.end, "involvement",
                                 f"Closed to {inv.get_level_display().lower()}", inv.end_reason))
    if kinds is None or "address" in kinds:
        for a in Address.objects.filter(child=child).order_by("-start")[:limit]:
            out.append(Entry(a.start, "address", f"Moved to {a.line1}, {a.town} {a.postcode}"))
    if kinds is None or "relationship" in kinds:
        rows = (Relationship.objects.filter(child=child, start__isnull=False)
                .select_related("adult", "other_child").order_by("-start")[:limit])
        for r in rows:
            out.append(Entry(r.start, "relationship",
                             f"{r.adult or r.other_child} recorded as {r.get_kind_display().lower()}"))
    return out
