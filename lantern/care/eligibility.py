"""Who is a care leaver (Children Act 1989 Sch 2 para 19B; CPPCR regs 40-44; rule CL1).

A child looked after for at least 13 weeks in all since their 14th birthday, and still
looked after on or after their 16th, is *eligible* while looked after at 16 or 17,
*relevant* if they stop being looked after before 18, and *former relevant* from 18
(to 25). A young person looked after at some time on or after their 16th birthday who
does not meet the 13 weeks is *qualifying*. Pre-planned short breaks (legal statuses V3
and V4) do not count towards the 13 weeks.

Plain Python: the care selectors pass in the periods.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from lantern.core.engine import birthday

THIRTEEN_WEEKS = timedelta(weeks=13)


class Category(StrEnum):
    NONE = "none"
    ELIGIBLE = "eligible"
    RELEVANT = "relevant"
    FORMER_RELEVANT = "former_relevant"
    QUALIFYING = "qualifying"


LABELS = {
    Category.NONE: "Not a care leaver",
    Category.ELIGIBLE: "Eligible child (looked after, 16 or 17)",
    Category.RELEVANT: "Relevant child (left care at 16 or 17)",
    Category.FORMER_RELEVANT: "Former relevant child (18 to 25)",
    Category.QUALIFYING: "Qualifying care leaver",
}


@dataclass(frozen=True)
class Span:
    """Time looked after: from ``start`` to ``end`` (exclusive, None while open)."""

    start: date
    end: date | None
    short_break: bool = False


@dataclass(frozen=True)
class Status:
    category: Category
    days_since_14: int

    @property
    def eligible(self) -> bool:
        """Entitled to a leaving care service after care (relevant or former relevant)."""
        return self.category in (Category.RELEVANT, Category.FORMER_RELEVANT)

    @property
    def label(self) -> str:
        return LABELS[self.category]


def status(dob: date | None, spans: Iterable[Span], *, on: date) -> Status:
    """The young person's category on ``on`` from their time in care up to that day."""
    if dob is None:
        return Status(Category.NONE, 0)
    fourteen, sixteen, eighteen = birthday(dob, 14), birthday(dob, 16), birthday(dob, 18)
    twenty_five = birthday(dob, 25)
    counted = 0
    after_16 = False
    looked_after_now = False
    for span in spans:
        if span.start > on:
            continue
        end = min(span.end or on + timedelta(days=1), on + timedelta(days=1))
        if span.end is None or span.end > on:
            looked_after_now = True
        if end > sixteen and end > span.start:
            after_16 = True
        if span.short_break:
            continue
        start = max(span.start, fourteen)
        if end > start:
            counted += (end - start).days
    if on < sixteen or on >= twenty_five or not after_16:
        return Status(Category.NONE, counted)
    met = counted >= THIRTEEN_WEEKS.days
    if looked_after_now and on < eighteen:
        return Status(Category.ELIGIBLE if met else Category.NONE, counted)
    if not met:
        return Status(Category.QUALIFYING, counted)
    return Status(Category.RELEVANT if on < eighteen else Category.FORMER_RELEVANT, counted)
