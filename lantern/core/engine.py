"""The obligations engine: facts in, obligations out.

``evaluate(child, rulebook=...)`` turns what happened to a child (facts) into
the duties the rules place on the service (obligations): each with its start,
due date, and when and by which record it was met or stopped being required.
It is a pure function of the facts and the rule book: the same facts in any
order give the same obligations, and nothing depends on today. Whether an
open obligation is upcoming, due soon or overdue is worked out when it is
read, by :func:`status_of`.

Semantics (see also the rules module docstring):

- Ordering and "same time": facts are compared by their Europe/London date;
  when both sides carry an aware datetime, by the instant. A satisfying fact
  on the same day as the clock's start counts, except that an interval that
  starts at an actual event (a visit, a review) needs a *later* event to meet
  it, so two visits on one day count once.
- Met wins ties: a satisfying fact on the same day as a superseding fact meets
  the obligation.
- Supersession: an ``ends_on`` fact closes the open obligation (``ended_at``,
  ``ended_by``); a rolling chain stops there and restarts only at a new
  starting fact after it.
- Rolling chains: each interval is one obligation, started by the previous
  actual event; only the last interval in a chain can be open.
- Cadence groups: each interval uses the row whose condition holds on the
  day the interval starts, higher-ranked rows tried first (age 5 for health
  reviews; for reg 28 visits the placement's reg 28 status, the first LAC
  review in its period of care, full approval of a temporary connected
  person, then the placement's first year and long-term designation; the
  arrangement's first year for private fostering visits). A child's 5th
  birthday is reached on the anniversary (1 March for 29 February births).
  A fact on the day the interval starts counts as already having happened
  (a review on the day of a visit makes the next interval post-review).
- Reg 28 status comes from the placement's ``placement_started`` fact: attr
  ``reg28`` ("parent_assessment": LA7; "temporary_approval": LA8) and attr
  ``period``, the period of care whose ``lac_review`` facts (scope
  ``period:<period>``) decide whether the first review has been held. With no
  ``period`` attr no review is ever found, so visits stay weekly (the
  stricter reading).
- One clock per satisfier (IR2): a satisfying fact meets only the earliest
  open clock of the rule in its scope that it can meet; the next clock needs
  another.
- Hour-based rules started by a date-only fact start at 00:00 Europe/London
  that day (conservative).
- Obligation identity for the ledger: (rule_id, child_ref, scope, started_by).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from lantern.core import facts as k
from lantern.core.calendar import ENGLAND, LONDON, WorkingDayCalendar
from lantern.core.rules import CATALOGUE, Condition, Recurrence, Rule, RuleBook
from lantern.core.units import Period, Unit, add_period, london_date

Moment = date | datetime


@dataclass(frozen=True)
class Fact:
    """Something that happened in practice, on a date or at an aware datetime."""

    kind: str
    ref: str
    on: Moment
    scope: str = ""
    attrs: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.on, datetime) and (self.on.tzinfo is None or self.on.utcoffset() is None):
            raise ValueError(f"fact {self.ref}: datetimes must be timezone-aware")

    def attr(self, name: str, default: object = None) -> object:
        for key, value in self.attrs:
            if key == name:
                return value
        return default


@dataclass(frozen=True)
class ChildFacts:
    """Everything the engine needs to know about one child."""

    child_ref: str
    date_of_birth: date | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Obligation:
    """One dated duty for one child. Never depends on today."""

    rule_id: str
    child_ref: str
    scope: str
    started_by: str
    start: Moment
    due: Moment
    met_at: Moment | None = None
    met_by: str | None = None
    ended_at: Moment | None = None
    ended_by: str | None = None
    late_reason: str = ""

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.ended_at is None


class ObligationStatus(StrEnum):
    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    NO_LONGER_REQUIRED = "no_longer_required"


# --- time comparisons --------------------------------------------------------------------


def compare(a: Moment, b: Moment) -> int:
    """-1, 0 or 1: by London date, then by instant when both are datetimes."""
    da, db = london_date(a), london_date(b)
    if da != db:
        return -1 if da < db else 1
    if isinstance(a, datetime) and isinstance(b, datetime):
        if a < b:
            return -1
        if a > b:
            return 1
    return 0


def _fact_key(fact: Fact) -> tuple[object, ...]:
    on = fact.on
    instant = on.astimezone(UTC).timestamp() if isinstance(on, datetime) else 0.0
    return (
        london_date(on),
        isinstance(on, datetime),
        instant,
        fact.kind,
        fact.ref,
        fact.scope,
        repr(fact.attrs),
    )


def status_of(
    obligation: Obligation,
    *,
    today: date,
    due_soon_days: int = 7,
    now: datetime | None = None,
) -> ObligationStatus:
    """Status on read. Hour-based obligations use ``now`` when given (overdue
    when ``now`` is past the due instant, due soon within 24 hours); without
    ``now`` they are judged by date like the others."""
    if obligation.met_at is not None:
        late = compare(obligation.met_at, obligation.due) > 0
        return ObligationStatus.MET_LATE if late else ObligationStatus.MET
    if obligation.ended_at is not None:
        return ObligationStatus.NO_LONGER_REQUIRED
    due = obligation.due
    if isinstance(due, datetime) and now is not None:
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("now must be timezone-aware")
        if now > due:
            return ObligationStatus.OVERDUE
        if due - now <= timedelta(hours=24):
            return ObligationStatus.DUE_SOON
        return ObligationStatus.UPCOMING
    due_day = london_date(due)
    if today > due_day:
        return ObligationStatus.OVERDUE
    if (due_day - today).days <= due_soon_days:
        return ObligationStatus.DUE_SOON
    return ObligationStatus.UPCOMING


# --- the evaluation ------------------------------------------------------------------------


def birthday(dob: date, years: int) -> date:
    """The day a person born on ``dob`` attains ``years`` (29 Feb -> 1 Mar)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:  # 29 February in a common year
        return date(dob.year + years, 3, 1)


def _first(facts: Iterable[Fact], *, after: Moment, strict: bool, skip: Fact | None = None) -> Fact | None:
    for fact in facts:
        if fact is skip:
            continue
        order = compare(fact.on, after)
        if order > 0 or (order == 0 and not strict):
            return fact
    return None


class _Child:
    """Indexes one child's facts for the rules."""

    def __init__(self, child: ChildFacts, calendar: WorkingDayCalendar) -> None:
        self.child = child
        self.calendar = calendar
        self.facts: list[Fact] = sorted(child.facts, key=_fact_key)
        self.by_kind: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.facts:
            self.by_kind[fact.kind].append(fact)

    def of_kinds(self, kinds: Sequence[str], scope: str | None = None) -> list[Fact]:
        """Facts of these kinds (in one scope, or child-wide when None), in order."""
        if len(kinds) == 1:
            found = self.by_kind.get(kinds[0], [])
        else:
            found = sorted((f for kind in kinds for f in self.by_kind.get(kind, [])), key=_fact_key)
        if scope is None:
            return list(found)
        return [f for f in found if f.scope == scope]

    def ends(self, rule: Rule, scope: str) -> list[Fact]:
        same = self.of_kinds(rule.ends_on, scope) if rule.ends_on else []
        anywhere = self.of_kinds(rule.ends_on_any_scope) if rule.ends_on_any_scope else []
        if not anywhere:
            return same
        return sorted({id(f): f for f in same + anywhere}.values(), key=_fact_key)

    def satisfiers(self, rule: Rule, scope: str) -> list[Fact]:
        return self.of_kinds(rule.satisfied_by, None if rule.match_child_wide else scope)

    def starts(self, rule: Rule) -> dict[str, list[Fact]]:
        """Starting facts (after the rule's attribute filter), by scope."""
        by_scope: dict[str, list[Fact]] = defaultdict(list)
        for fact in self.of_kinds(rule.starts_on):
            if all(fact.attr(name) == value for name, value in rule.start_filter):
                by_scope[fact.scope].append(fact)
        return by_scope

    # conditions for cadence groups ---------------------------------------------------

    def holds(self, rule: Rule, condition: Condition, at: Moment, scope: str) -> bool:
        day = london_date(at)
        if condition is Condition.ALWAYS:
            return True
        if condition in (Condition.UNDER_5, Condition.AGED_5_OR_OVER):
            dob = self.child.date_of_birth
            under_5 = dob is None or day < birthday(dob, 5)
            return under_5 if condition is Condition.UNDER_5 else not under_5
        episode = self.of_kinds(rule.episode_start, scope) if rule.episode_start else []
        if condition in _REG28_STATUS:
            return bool(episode) and self._reg28_status(condition, episode[0], at, scope)
        first_year = not episode or day < london_date(episode[0].on) + relativedelta(years=1)
        if condition is Condition.EPISODE_FIRST_YEAR:
            return first_year
        if condition is Condition.EPISODE_LATER_YEARS:
            return not first_year
        long_term = bool(episode) and (
            episode[0].attr("long_term") is True
            or any(compare(f.on, at) <= 0 for f in self.of_kinds((k.PLACEMENT_LONG_TERM,), scope))
        )
        after_first_year_long_term = not first_year and long_term
        if condition is Condition.LONG_TERM_AFTER_FIRST_YEAR:
            return after_first_year_long_term
        if condition is Condition.SHORT_TERM_OR_FIRST_YEAR:
            return not after_first_year_long_term
        raise ValueError(f"unknown condition {condition!r}")  # pragma: no cover

    def _on_or_before(self, kind: str, scope: str, at: Moment, **attrs: object) -> bool:
        """Whether a fact of this kind (with these attributes) is in ``scope`` on or before ``at``."""
        return any(
            compare(f.on, at) <= 0 and all(f.attr(name) == value for name, value in attrs.items())
            for f in self.of_kinds((kind,), scope)
        )

    def _reg28_status(self, condition: Condition, placement: Fact, at: Moment, scope: str) -> bool:
        """Reg 28(3)/(4) conditions for one placement on the day an interval starts."""
        period = placement.attr("period")
        reviewed = period not in (None, "") and self._on_or_before(
            k.LAC_REVIEW, f"period:{period}", at
        )
        if condition is Condition.AFTER_FIRST_REVIEW:
            return reviewed
        reg28 = placement.attr("reg28")
        if condition is Condition.PARENT_BEFORE_ASSESSMENT_AND_FIRST_REVIEW:
            return reg28 == "parent_assessment" and not reviewed
        assert condition is Condition.TEMPORARY_APPROVAL_NOT_YET_APPROVED
        return (
            reg28 == "temporary_approval"
            and not self._on_or_before(k.CONNECTED_PERSON_APPROVED, scope, at)
            and not self._on_or_before(k.CARE_ORDER_MADE, scope, at, at_home=True)
        )

    def period_for(self, rule: Rule, start: Fact, at: Moment, scope: str, first: bool) -> Period:
        """The interval for one obligation: a per-child override, an attribute
        of the starting fact, a condition on the day, the follow-on period, or
        the rule's period."""
        if rule.override_from:
            if rule.recurrence is Recurrence.ONCE and start.kind in rule.override_from:
                own = _interval_attr(start)  # the starting fact speaks for itself
                if own is not None:
                    return own
            else:
                for fact in reversed(self.of_kinds(rule.override_from, scope)):
                    if compare(fact.on, at) > 0:
                        continue
                    interval = _interval_attr(fact)
                    if interval is not None:
                        return interval
        for name, value, period in rule.period_by_attr:
            if start.attr(name) == value:
                return period
        for condition, period in rule.period_when:
            if self.holds(rule, condition, at, scope):
                return period
        if not first and rule.then_period is not None:
            return rule.then_period
        assert rule.period is not None
        return rule.period

    def due(self, start: Moment, period: Period) -> tuple[Moment, Moment]:
        """(start as used, due). Hour clocks on a date start at 00:00 London."""
        if period.unit is Unit.HOURS and not isinstance(start, datetime):
            start = datetime.combine(start, time(0), tzinfo=LONDON)
        return start, add_period(start, period, self.calendar)


_REG28_STATUS = frozenset({
    Condition.AFTER_FIRST_REVIEW,
    Condition.PARENT_BEFORE_ASSESSMENT_AND_FIRST_REVIEW,
    Condition.TEMPORARY_APPROVAL_NOT_YET_APPROVED,
})


def _interval_attr(fact: Fact) -> Period | None:
    """A fact's own interval: attr ``interval_days`` or ``interval_working_days``."""
    days = fact.attr("interval_days")
    if isinstance(days, int) and not isinstance(days, bool) and days > 0:
        return Period(days, Unit.CALENDAR_DAYS)
    working = fact.attr("interval_working_days")
    if isinstance(working, int) and not isinstance(working, bool) and working > 0:
        return Period(working, Unit.WORKING_DAYS)
    return None


def _anchors(cands: list[Fact], ends: list[Fact], occurrence: int) -> list[Fact]:
    """Starting facts that start clocks. ``occurrence`` 0: all of them;
    ``n``: the n-th of each run (a run ends at the first end fact after its
    first candidate)."""
    if occurrence == 0:
        return list(cands)
    chosen: list[Fact] = []
    i = 0
    while i < len(cands):
        head = cands[i]
        end = _first(ends, after=head.on, strict=False, skip=head)
        run = [c for c in cands[i:] if end is None or compare(c.on, end.on) <= 0]
        if len(run) >= occurrence:
            chosen.append(run[occurrence - 1])
        if end is None:
            break
        i += len(run)
    return chosen


def _obligation(
    rule_id: str, child_ref: str, scope: str, start_fact: Fact, start: Moment, due: Moment,
    met: Fact | None = None, ended: Fact | None = None,
) -> Obligation:
    late_reason = ""
    if met is not None:
        reason = met.attr("late_reason", "")
        late_reason = reason if isinstance(reason, str) else str(reason)
    return Obligation(
        rule_id=rule_id, child_ref=child_ref, scope=scope, started_by=start_fact.ref,
        start=start, due=due,
        met_at=met.on if met else None, met_by=met.ref if met else None,
        ended_at=ended.on if ended else None, ended_by=ended.ref if ended else None,
        late_reason=late_reason,
    )


def _evaluate_once(index: _Child, rule: Rule, ref: str) -> list[Obligation]:
    out: list[Obligation] = []
    for scope, cands in index.starts(rule).items():
        ends = index.ends(rule, scope)
        sats = index.satisfiers(rule, scope)
        used: set[int] = set()  # satisfiers already spent, for one_clock_per_satisfier
        for start_fact in _anchors(cands, ends, rule.anchor_occurrence):
            if not rule.in_effect(london_date(start_fact.on)):
                continue
            period = index.period_for(rule, start_fact, start_fact.on, scope, first=True)
            start, due = index.due(start_fact.on, period)
            strict = start_fact.kind in rule.satisfied_by
            free = [f for f in sats if id(f) not in used] if used else sats
            if rule.met_before_start:
                met = next((f for f in free if f is not start_fact), None)
            else:
                met = _first(free, after=start, strict=strict, skip=start_fact)
            end = _first(ends, after=start, strict=False, skip=start_fact)
            if met is not None and (end is None or compare(met.on, end.on) <= 0):
                if rule.one_clock_per_satisfier:
                    used.add(id(met))
                out.append(_obligation(rule.id, ref, scope, start_fact, start, due, met=met))
            else:
                out.append(_obligation(rule.id, ref, scope, start_fact, start, due, ended=end))
    return out


def _evaluate_rolling(index: _Child, group: list[Rule], book: RuleBook, ref: str) -> list[Obligation]:
    """One chain per run per scope; each interval picks its row by condition."""
    head = group[0]
    by_rank = sorted(group, key=lambda r: -r.rank)  # stable: catalogue order within a rank
    out: list[Obligation] = []
    for scope, cands in index.starts(head).items():
        ends = index.ends(head, scope)
        sats = index.satisfiers(head, scope)
        for anchor in _anchors(cands, ends, max(1, head.anchor_occurrence)):
            end = _first(ends, after=anchor.on, strict=False, skip=anchor)
            current, first = anchor, True
            while True:
                row = next(
                    (r for r in by_rank if index.holds(r, r.condition, current.on, scope)), head
                )
                rule = book.rule(row.id)
                period = index.period_for(rule, anchor, current.on, scope, first=first)
                start, due = index.due(current.on, period)
                strict = not first or anchor.kind in head.satisfied_by
                met = _first(sats, after=start, strict=strict, skip=current)
                emit = book.is_enabled(rule.id) and rule.in_effect(london_date(start))
                if met is not None and (end is None or compare(met.on, end.on) <= 0):
                    if emit:
                        out.append(_obligation(rule.id, ref, scope, current, start, due, met=met))
                    current, first = met, False
                    if end is not None and compare(end.on, met.on) <= 0:
                        break
                    continue
                if emit:
                    out.append(_obligation(rule.id, ref, scope, current, start, due, ended=end))
                break
    return out


def _sort_key(ob: Obligation) -> tuple[object, ...]:
    instant = ob.start.astimezone(UTC).timestamp() if isinstance(ob.start, datetime) else 0.0
    return (london_date(ob.start), instant, ob.rule_id, ob.scope, ob.started_by)


def evaluated_rules(rulebook: RuleBook) -> tuple[Rule, ...]:
    """Active rules the engine evaluates (engine-supported, with a period)."""
    return tuple(r for r in rulebook.active() if r.engine_supported and r.period is not None)


def evaluate(
    child: ChildFacts,
    *,
    rulebook: RuleBook,
    calendar: WorkingDayCalendar = ENGLAND,
) -> tuple[Obligation, ...]:
    """All obligations for one child, sorted by start, rule and scope.

    Rules that are disabled, catalogue-only (``engine_supported=False``) or
    without a numeric period produce nothing; so do rules whose starting facts
    never occur.
    """
    index = _Child(child, calendar)
    out: list[Obligation] = []
    groups: dict[str, list[Rule]] = {}
    present = index.by_kind.keys()
    for base in rulebook.catalogue:
        if not base.engine_supported or base.period is None:
            continue
        if base.recurrence is Recurrence.ROLLING:
            groups.setdefault(base.cadence_group or base.id, []).append(base)
            continue
        if present.isdisjoint(base.starts_on):
            continue  # nothing in this child's history starts this clock
        if not rulebook.is_enabled(base.id):
            continue
        out.extend(_evaluate_once(index, rulebook.rule(base.id), child.child_ref))
    for group in groups.values():
        if present.isdisjoint(group[0].starts_on):
            continue
        if not any(rulebook.is_enabled(r.id) for r in group):
            continue
        out.extend(_evaluate_rolling(index, group, rulebook, child.child_ref))
    out.sort(key=_sort_key)
    return tuple(out)


def catalogue_only_rules() -> tuple[str, ...]:
    """Ids of catalogue rows the engine does not evaluate."""
    return tuple(r.id for r in CATALOGUE if not r.engine_supported or r.period is None)
