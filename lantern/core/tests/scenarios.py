"""Helpers that read like practice, for engine tests."""

from __future__ import annotations

from datetime import date, datetime

from lantern.core import facts as k
from lantern.core.engine import ChildFacts, Fact, Obligation, evaluate
from lantern.core.rules import RuleBook

DEFAULT_BOOK = RuleBook()


def fact(kind: str, ref: str, on: date | datetime, scope: str = "", /, **attrs: object) -> Fact:
    return Fact(kind=kind, ref=ref, on=on, scope=scope, attrs=tuple(sorted(attrs.items())))


def child(*facts: Fact, dob: date | None = None) -> ChildFacts:
    return ChildFacts(child_ref="child:1", date_of_birth=dob, facts=tuple(facts))


def obligations(
    *facts: Fact, dob: date | None = None, book: RuleBook = DEFAULT_BOOK
) -> tuple[Obligation, ...]:
    return evaluate(child(*facts, dob=dob), rulebook=book)


def of_rule(obs: tuple[Obligation, ...], *rule_ids: str) -> list[Obligation]:
    return [o for o in obs if o.rule_id in rule_ids]


def summary(obs: list[Obligation]) -> list[tuple[str, object, object, object, object]]:
    """(rule, start, due, met_at, ended_at) per obligation: easy to compare."""
    return [(o.rule_id, o.start, o.due, o.met_at, o.ended_at) for o in obs]


# --- children in care, as the care area records them ---------------------------------------


def period_of_care(pk: int, start: date) -> Fact:
    """The child became looked after: period of care ``period:<pk>``."""
    return fact(k.BECAME_LOOKED_AFTER, f"period:{pk}", start, f"period:{pk}")


def placement(
    pk: int, start: date, *, period: int, reg28: str = "", long_term: bool = False,
    kind: str = "U1",
) -> Fact:
    """A placement in a period of care, with what regulation 28 needs to know."""
    return fact(k.PLACEMENT_STARTED, f"placement:{pk}", start, f"placement:{pk}",
                kind=kind, long_term=long_term, period=str(period), reg28=reg28)


def visits(placement_pk: int, *days: date) -> list[Fact]:
    """Statutory visits at which the child was seen."""
    return [fact(k.LAC_VISIT, f"visit:{placement_pk}:{i}", day, f"placement:{placement_pk}")
            for i, day in enumerate(days, start=1)]


def lac_review(period_pk: int, held: date, n: int = 1) -> Fact:
    """An IRO-chaired looked-after review held in a period of care."""
    return fact(k.LAC_REVIEW, f"review:{period_pk}:{n}", held, f"period:{period_pk}")
