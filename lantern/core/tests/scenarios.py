"""Helpers that read like practice, for engine tests."""

from __future__ import annotations

from datetime import date, datetime

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
