"""People records in the chronology: levels of need, moves and the family network.

One query (a UNION of the three tables) whatever the child's history, so the record
page's query count stays flat as areas add their own entries.
"""

from django.db.models import CharField, DateField, F, Value
from django.db.models.functions import Coalesce, Concat

from lantern.web.chronology import Entry

from .models import Address, Involvement, Level, Relationship, RelationshipKind

_TEXT = CharField()
_DATE = DateField()


def _rows(child, kinds):
    parts = []
    if kinds is None or "involvement" in kinds:
        parts.append(Involvement.objects.filter(child=child).annotate(
            k=Value("involvement", output_field=_TEXT), on=F("start"), until=F("end"),
            a=F("level"), b=F("end_reason"), c=Value("", output_field=_TEXT),
        ).order_by().values_list("k", "on", "until", "a", "b", "c"))
    if kinds is None or "address" in kinds:
        parts.append(Address.objects.filter(child=child).annotate(
            k=Value("address", output_field=_TEXT), on=F("start"), until=F("end"),
            a=F("line1"), b=F("town"), c=F("postcode"),
        ).order_by().values_list("k", "on", "until", "a", "b", "c"))
    if kinds is None or "relationship" in kinds:
        parts.append(Relationship.objects.filter(child=child, start__isnull=False).annotate(
            k=Value("relationship", output_field=_TEXT), on=F("start"),
            until=Value(None, output_field=_DATE), a=F("kind"),
            b=Coalesce(Concat("adult__first_name", Value(" "), "adult__last_name", output_field=_TEXT),
                       Concat("other_child__first_name", Value(" "), "other_child__last_name",
                              output_field=_TEXT)),
            c=Value("", output_field=_TEXT),
        ).order_by().values_list("k", "on", "until", "a", "b", "c"))
    if not parts:
        return []
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return query.order_by("-on")


def entries(child, *, kinds=None, limit=50):
    levels, relations = dict(Level.choices), dict(RelationshipKind.choices)
    out = []
    for kind, on, until, a, b, c in _rows(child, kinds)[:limit]:
        if kind == "involvement":
            out.append(Entry(on, kind, f"Open to {levels[a].lower()}"))
            if until:
                out.append(Entry(until, kind, f"Closed to {levels[a].lower()}", b))
        elif kind == "address":
            out.append(Entry(on, kind, f"Moved to {a}, {b} {c}"))
        else:
            out.append(Entry(on, kind, f"{b} recorded as {relations[a].lower()}"))
    return out
