"""A child's chronology: a read-only view over every area's records, newest first.

Each area lists a source in settings.LANTERN_CHRONOLOGY_SOURCES: a function
``entries(child, *, kinds, limit)`` returning at most ``limit`` of its newest
entries. One bounded query per source keeps the page's query count flat however
long the child's history is.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.module_loading import import_string


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
}


def chronology_for(child, *, kinds: frozenset[str] | None = None, limit: int = 50) -> list[Entry]:
    items: list[Entry] = []
    for path in settings.LANTERN_CHRONOLOGY_SOURCES:
        items.extend(import_string(path)(child, kinds=kinds, limit=limit))
    items.sort(key=lambda e: (e.on, e.kind, e.title), reverse=True)
    return items[:limit]
