"""People records in the chronology."""

from lantern.web.chronology import Entry

from .models import Address, Involvement


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
    return out
