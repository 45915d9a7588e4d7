"""Reads for a looked-after child's health, education and family time.

Health assessment and PEP clocks (H1-H3, E1) come from the ledger. Family time is measured
as the share of planned sessions that happened: an arrangement plans a session on its
first day and one every ``every_days`` after, up to today or its last day; of those, how
many were held, and who cancelled the rest.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch

from lantern.core.engine import birthday
from lantern.obligations.models import Obligation
from lantern.people.selectors import age_on
from lantern.plans.selectors import Clock, clock_of

from .models import (
    FamilyTimeArrangement,
    FamilyTimeSession,
    HealthKind,
    HealthRecord,
    Pep,
    PeriodOfCare,
    SessionOutcome,
)

HEALTH_RULES = ("H1", "H2", "H3", "E1")
CANCELLED = tuple(o for o in SessionOutcome if o != SessionOutcome.HELD)


def school_term(day: date) -> str:
    """The school term a day falls in, taken as autumn (September to December), spring
    (January to March) and summer (April to August)."""
    if day.month >= 9:
        return f"Autumn {day.year}"
    if day.month <= 3:
        return f"Spring {day.year}"
    return f"Summer {day.year}"


def fifth_birthday(born: date) -> date:
    """When review health assessments become yearly (the rules core's birthday)."""
    return birthday(born, 5)


@dataclass
class HealthPage:
    period: PeriodOfCare | None
    records: dict[str, list[HealthRecord]]
    peps: list[Pep]
    initial: Clock
    review: Clock
    pep: Clock
    age: int | None
    fifth_birthday: date | None
    term: str

    def of(self, kind: str) -> list[HealthRecord]:
        return self.records.get(kind, [])

    @property
    def latest_sdq(self) -> HealthRecord | None:
        return next(iter(self.of(HealthKind.SDQ)), None)

    @property
    def latest_dental(self) -> HealthRecord | None:
        return next(iter(self.of(HealthKind.DENTAL)), None)

    @property
    def latest_immunisations(self) -> HealthRecord | None:
        return next(iter(self.of(HealthKind.IMMUNISATIONS)), None)

    @property
    def assessments(self) -> list[HealthRecord]:
        return sorted(self.of(HealthKind.INITIAL) + self.of(HealthKind.REVIEW),
                      key=lambda r: (r.on, r.pk), reverse=True)

    @property
    def support(self) -> list[HealthRecord]:
        return sorted(self.of(HealthKind.CAMHS) + self.of(HealthKind.THERAPY),
                      key=lambda r: (r.on, r.pk), reverse=True)

    @property
    def virtual_school_contact(self) -> str:
        return next((p.virtual_school_contact for p in self.peps if p.virtual_school_contact), "")

    @property
    def pep_this_term(self) -> bool:
        return any(p.term == self.term for p in self.peps)


def health_page(child, *, today: date) -> HealthPage:
    """The current (or latest) period's health records, PEPs and clocks (four queries)."""
    period = PeriodOfCare.objects.filter(child=child).order_by("-start", "-id").first()
    records: dict[str, list[HealthRecord]] = defaultdict(list)
    peps: list[Pep] = []
    rows: list[Obligation] = []
    if period is not None:
        for record in HealthRecord.objects.filter(period=period).order_by("-on", "-id"):
            records[record.kind].append(record)
        peps = list(Pep.objects.filter(period=period).order_by("-held_on", "-id"))
        for pep in peps:
            pep.term = school_term(pep.held_on)
        rows = list(Obligation.objects.filter(child=child, scope=period.scope,
                                              rule_id__in=HEALTH_RULES))
    born = child.date_of_birth
    fifth = fifth_birthday(born) if born else None
    return HealthPage(period, dict(records), peps, clock_of(rows, ("H1",), today=today),
                      clock_of(rows, ("H2", "H3"), today=today),
                      clock_of(rows, ("E1",), today=today),
                      age_on(born, today), fifth, school_term(today))


# Family time ---------------------------------------------------------------------------------


def planned_sessions(start: date, end: date | None, every_days: int, *, today: date) -> int:
    """Sessions planned so far: the first day and every ``every_days`` after, up to today or
    the arrangement's last day."""
    until = min(end, today) if end else today
    if until < start or every_days < 1:
        return 0
    return (until - start).days // every_days + 1


@dataclass
class Share:
    """Of the planned family time sessions, how many happened and who cancelled the rest."""

    planned: int = 0
    held: int = 0
    cancelled: Counter = field(default_factory=Counter)

    @property
    def share(self) -> int | None:
        return round(100 * self.held / self.planned) if self.planned else None

    @property
    def not_recorded(self) -> int:
        return max(self.planned - self.held - sum(self.cancelled.values()), 0)

    def add(self, other: "Share") -> None:
        self.planned += other.planned
        self.held += other.held
        self.cancelled.update(other.cancelled)

    def cancellations(self) -> list[tuple[str, int]]:
        return [(o.label, self.cancelled[o.value]) for o in CANCELLED if self.cancelled[o.value]]


def family_time_shares(child_ids, *, today: date) -> dict[int, Share]:
    """The share of planned family time that happened, per child, across many children
    (two queries). Sessions after ``today`` are not counted."""
    arrangements = list(FamilyTimeArrangement.objects.filter(
        child_id__in=child_ids, start__lte=today).values_list("pk", "child_id", "start", "end",
                                                             "every_days"))
    out: dict[int, Share] = {}
    owner = {}
    for pk, child_id, start, end, every in arrangements:
        owner[pk] = child_id
        out.setdefault(child_id, Share()).planned += planned_sessions(start, end, every,
                                                                      today=today)
    if not owner:
        return out
    for arrangement_id, outcome, n in (FamilyTimeSession.objects.filter(
            arrangement_id__in=list(owner), on__lte=today).values("arrangement_id", "outcome")
            .annotate(n=Count("id")).values_list("arrangement_id", "outcome", "n")):
        share = out[owner[arrangement_id]]
        if outcome == SessionOutcome.HELD:
            share.held += n
        else:
            share.cancelled[outcome] += n
    return out


@dataclass
class ArrangementRow:
    arrangement: FamilyTimeArrangement
    sessions: list[FamilyTimeSession]
    share: Share

    @property
    def is_open(self) -> bool:
        return self.arrangement.end is None


@dataclass
class FamilyTimePage:
    period: PeriodOfCare | None
    rows: list[ArrangementRow]
    total: Share

    @property
    def looked_after(self) -> bool:
        return self.period is not None and self.period.is_open


def family_time_page(child, *, today: date) -> FamilyTimePage:
    """The child's family time arrangements with their sessions and shares (three queries)."""
    period = PeriodOfCare.objects.filter(child=child).order_by("-start", "-id").first()
    arrangements = list(FamilyTimeArrangement.objects.filter(child=child).prefetch_related(
        Prefetch("sessions", queryset=FamilyTimeSession.objects.order_by("-on", "-id")))
        .order_by("-start", "-id"))
    rows, total = [], Share()
    for a in arrangements:
        sessions = list(a.sessions.all())
        share = Share(planned_sessions(a.start, a.end, a.every_days, today=today))
        for s in sessions:
            if s.on > today:
                continue
            if s.outcome == SessionOutcome.HELD:
                share.held += 1
            else:
                share.cancelled[s.outcome] += 1
        total.add(share)
        rows.append(ArrangementRow(a, sessions, share))
    return FamilyTimePage(period, rows, total)
