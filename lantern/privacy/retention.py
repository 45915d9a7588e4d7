"""The retention schedule (``retention.toml``) and the review of records past it.

A child's record is kept until the latest end among the rules that apply to it: a child
who was looked after and adopted is kept for 100 years from the adoption order even
once their 75th birthday has passed. Nothing here deletes anything.
"""

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings

SCHEDULE = Path(__file__).with_name("retention.toml")
APPLIES = ("looked_after", "adoption_order", "child_protection", "child_in_need", "any")
COUNTED_FROM = ("birth", "adoption_order")


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    applies: str
    counted_from: str
    years: int
    source: str

    @property
    def period(self) -> str:
        since = "birth" if self.counted_from == "birth" else "the adoption order"
        return f"{self.years} years from {since}"


@cache
def _schedule() -> tuple[Rule, ...]:
    with SCHEDULE.open("rb") as handle:
        data = tomllib.load(handle)
    rules = []
    for raw in data["rule"]:
        rule = Rule(key=raw["key"], label=raw["label"], applies=raw["applies"], counted_from=raw["from"],
                    years=int(raw["years"]), source=raw["source"])
        if rule.applies not in APPLIES or rule.counted_from not in COUNTED_FROM or rule.years <= 0:
            raise ValueError(f"retention.toml: rule {rule.key} is not valid")
        rules.append(rule)
    return tuple(rules)


def rules() -> list[Rule]:
    """The schedule with the council's own periods (setting ``LANTERN_RETENTION_YEARS``)."""
    overrides = getattr(settings, "LANTERN_RETENTION_YEARS", {})
    out = []
    for rule in _schedule():
        years = int(overrides.get(rule.key, rule.years))
        out.append(rule if years == rule.years else Rule(**{**rule.__dict__, "years": years}))
    return out


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 1 March in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def retention_end(rule: Rule, *, born: date | None, adopted: date | None) -> date | None:
    """When ``rule`` stops keeping the record (None: the date it counts from is not recorded)."""
    start = born if rule.counted_from == "birth" else adopted
    return add_years(start, rule.years) if start else None


@dataclass(frozen=True)
class Kept:
    """The rule that keeps a child's record longest, and when it ends."""

    rule: Rule
    ends_on: date


def governing(applying: list[Rule], *, born: date | None, adopted: date | None) -> Kept | None:
    """The latest-ending rule among ``applying``; None when any end cannot be worked out
    (the record is then kept, never reported past retention)."""
    best: Kept | None = None
    for rule in applying:
        ends = retention_end(rule, born=born, adopted=adopted)
        if ends is None:
            return None
        if best is None or ends > best.ends_on:
            best = Kept(rule, ends)
    return best
