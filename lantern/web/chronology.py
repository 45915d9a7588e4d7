"""A child's chronology: a read-only view over every area's records, newest first.

Each area lists a source in settings.LANTERN_CHRONOLOGY_SOURCES: a function
``entries(child, *, kinds, limit)`` returning at most ``limit`` of its newest
entries. One bounded query per source keeps the page's query count flat however
long the child's history is.

Areas listed in settings.LANTERN_CHRONOLOGY_PARTS instead share one query: each
module's ``parts(child, kinds)`` gives ``(tag, queryset)`` pairs, every queryset a
``values_list`` of the same seven columns (tag, date, and five text columns), and
its ``entry(row)`` turns one row back into entries. All parts of all those areas
are read in a single UNION, newest first, so a new area adds no query to the page.
"""

from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.conf import settings
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Coalesce, Concat, NullIf, Trim, TruncDate
from django.utils.module_loading import import_string

TEXT = CharField()


@dataclass(frozen=True)
class Entry:
    on: date
    kind: str
    title: str
    detail: str = ""
    by: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    # The names the timeline component reads.
    @property
    def date(self) -> date:
        return self.on

    @property
    def description(self) -> str:
        return f"{self.kind_label}. {self.detail}" if self.detail else self.kind_label


KIND_LABELS = {
    "involvement": "Level of need",
    "allocation": "Allocation",
    "address": "Address",
    "relationship": "Family and network",
    "contact": "Front door",
    "assessment": "Assessment",
    "protection": "Child protection",
    "childinneed": "Child in need",
    "visit": "Visit",
    "plan": "Plan actions",
    "stepchange": "Step up or down",
    "care": "Children in care",
    "missing": "Missing episodes",
    "earlyhelp": "Early help",
}


def text(value) -> Value:
    """A constant text column for a chronology part."""
    return Value(value, output_field=TEXT)


def as_text(field: str):
    """Any column as text (numbers, booleans, dates), for a chronology part."""
    return Cast(F(field), output_field=TEXT)


def person(prefix: str):
    """A user's name as one text column: "First Last", or the username when both are empty."""
    full = Trim(Concat(f"{prefix}__first_name", Value(" "), f"{prefix}__last_name", output_field=TEXT))
    return Coalesce(NullIf(full, Value("")), F(f"{prefix}__username"), output_field=TEXT)


def local_day(field: str):
    """An aware datetime column as its Europe/London date."""
    from lantern.core.calendar import LONDON

    return TruncDate(field, tzinfo=LONDON)


COLUMNS = ("ch_k", "ch_on", "ch_a", "ch_b", "ch_c", "ch_d", "ch_by")


def part(queryset, tag: str, on, a=None, b=None, c=None, d=None, by=None):
    """One part's rows in the shared shape (tag, date, a, b, c, d, by). Columns given as field
    names are read as text; expressions are used as they are."""
    values = [text(tag), F(on) if isinstance(on, str) else on]
    for value in (a, b, c, d, by):
        values.append(text("") if value is None else as_text(value) if isinstance(value, str) else value)
    columns = dict(zip(COLUMNS, values, strict=True))
    return tag, queryset.order_by().annotate(**columns).values_list(*COLUMNS)


def _shared_entries(child, kinds, limit) -> list[Entry]:
    queries, owners = [], {}
    for path in getattr(settings, "LANTERN_CHRONOLOGY_PARTS", ()):
        module = import_module(path)
        for tag, query in module.parts(child, kinds):
            queries.append(query)
            owners[tag] = module
    if not queries:
        return []
    union = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    out: list[Entry] = []
    for row in union.order_by("-ch_on")[:limit]:
        out.extend(owners[row[0]].entry(row))
    return out


def chronology_for(child, *, kinds: frozenset[str] | None = None, limit: int = 50) -> list[Entry]:
    items: list[Entry] = []
    for path in settings.LANTERN_CHRONOLOGY_SOURCES:
        items.extend(import_string(path)(child, kinds=kinds, limit=limit))
    items.extend(_shared_entries(child, kinds, limit))
    items.sort(key=lambda e: (e.on, e.kind, e.title), reverse=True)
    return items[:limit]
