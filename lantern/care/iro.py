"""Reads for the IRO's part of a child's care: looked-after reviews, the IRO's contacts and
disputes with their stages, for one child and across every child the reader may see.

The clocks come from the ledger: IR1 (the whole process in 20 working days, scope
``dispute:<id>``) and IR2 (each stage's response, started by ``disputestage:<id>``). The
age of a dispute is counted in the council's working days. A fixed number of queries
however many disputes there are.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Prefetch

from lantern.access.policy import only_visible
from lantern.core.engine import ObligationStatus
from lantern.core.rules import get_rule
from lantern.obligations.models import Obligation
from lantern.obligations.services import council_calendar
from lantern.plans.selectors import Clock, clock_of

from .models import Dispute, DisputeOutcome, DisputeStage, IroContact, PeriodOfCare, Review
from .record import REVIEW_RULES
from .services.iro import dispute_stages, stage_label

DISPUTE_RULES = ("IR1", "IR2")
IR1_WORKING_DAYS = get_rule("IR1").period.amount


@dataclass
class StageRow:
    stage: DisputeStage
    label: str
    clock: Clock

    @property
    def overdue(self) -> bool:
        return self.clock.status is ObligationStatus.OVERDUE


@dataclass
class DisputeRow:
    dispute: Dispute
    stages: list[StageRow]
    age: int  # working days from raised to closed (or today)
    process: Clock  # IR1

    @property
    def current(self) -> StageRow:
        return self.stages[-1]

    @property
    def is_open(self) -> bool:
        return self.dispute.closed_on is None

    @property
    def response_overdue(self) -> bool:
        return self.is_open and self.current.overdue

    @property
    def past_limit(self) -> bool:
        """Open for longer than IR1 allows (20 working days)."""
        return self.is_open and self.age > IR1_WORKING_DAYS

    @property
    def overdue(self) -> bool:
        return self.response_overdue or self.process.status is ObligationStatus.OVERDUE

    @property
    def later_stages(self) -> list:
        order = {s.key: s.order for s in dispute_stages()}
        now = order.get(self.current.stage.stage, -1)
        return [s for s in dispute_stages() if s.order > now]


def _dispute_rows(disputes, ledger, *, today, calendar) -> list[DisputeRow]:
    by_scope: dict[str, list[Obligation]] = defaultdict(list)
    by_start: dict[str, list[Obligation]] = defaultdict(list)
    for ob in ledger:
        by_scope[ob.scope].append(ob)
        by_start[ob.started_by].append(ob)
    rows = []
    for d in disputes:
        stages = [StageRow(s, stage_label(s.stage),
                           clock_of(by_start[f"disputestage:{s.pk}"], ("IR2",), today=today))
                  for s in d.stages.all()]
        if not stages:
            continue
        age = calendar.working_days_between(d.raised_on, d.closed_on or today)
        rows.append(DisputeRow(d, stages, age,
                               clock_of(by_scope[d.scope], ("IR1",), today=today)))
    return rows


STAGES = Prefetch("stages", queryset=DisputeStage.objects.order_by("opened_on", "id"))


@dataclass
class ReviewsRecord:
    periods: list[PeriodOfCare]
    reviews: list[Review]
    contacts: list[IroContact]
    disputes: list[DisputeRow]
    review_clock: Clock

    @property
    def period(self) -> PeriodOfCare | None:
        return self.periods[0] if self.periods else None

    @property
    def looked_after(self) -> bool:
        return self.period is not None and self.period.is_open


def reviews_record(child, *, today: date) -> ReviewsRecord:
    """The child's reviews, IRO contacts and disputes (seven queries)."""
    periods = list(PeriodOfCare.objects.filter(child=child).order_by("-start", "-id"))
    reviews = list(Review.objects.filter(child=child).select_related("iro")
                   .order_by("-held_on", "-id"))
    contacts = list(IroContact.objects.filter(child=child).select_related("iro")
                    .order_by("-on", "-id"))
    disputes = list(Dispute.objects.filter(child=child).select_related("iro")
                    .prefetch_related(STAGES).order_by("-raised_on", "-id"))
    ledger = list(Obligation.objects.filter(child=child,
                                            rule_id__in=DISPUTE_RULES + REVIEW_RULES))
    review_rows = [ob for ob in ledger if periods and ob.scope == periods[0].scope]
    rows = _dispute_rows(disputes, [ob for ob in ledger if ob.rule_id in DISPUTE_RULES],
                         today=today, calendar=council_calendar() if disputes else None)
    return ReviewsRecord(periods, reviews, contacts, rows,
                         clock_of(review_rows, REVIEW_RULES, today=today))


def child_dispute(child, dispute_id) -> Dispute:
    """One of the child's disputes (404 otherwise, as if it did not exist)."""
    from django.http import Http404

    try:
        dispute = Dispute.objects.get(child=child, pk=int(dispute_id))
    except (Dispute.DoesNotExist, ValueError, TypeError):
        raise Http404("No such dispute") from None
    dispute.child = child
    return dispute


def dispute_stage_of(dispute, stage_id) -> DisputeStage:
    from django.http import Http404

    try:
        stage = DisputeStage.objects.get(dispute=dispute, pk=int(stage_id))
    except (DisputeStage.DoesNotExist, ValueError, TypeError):
        raise Http404("No such stage") from None
    stage.dispute = dispute
    return stage


# Across the service ------------------------------------------------------------------------


@dataclass
class Count:
    """A number on the managers' view, with the children behind it."""

    key: str
    label: str
    rows: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass
class Overview:
    open: list[DisputeRow]
    shown: list[DisputeRow]
    by_stage: list[Count]
    response_overdue: Count
    past_limit: Count
    closed: list[Count]
    closed_total: int
    closed_in_time: int

    @property
    def closed_in_time_share(self) -> int:
        return round(100 * self.closed_in_time / self.closed_total) if self.closed_total else 0


def dispute_overview(user, *, today: date, stage: str = "", overdue: bool = False) -> Overview:
    """Every open dispute the reader may see with its stage, age and clocks, and those closed
    in the last 12 months by outcome (six queries)."""
    year_ago = today - relativedelta(years=1)
    open_disputes = list(only_visible(Dispute.objects.filter(closed_on__isnull=True), user)
                         .select_related("child", "iro").prefetch_related(STAGES)
                         .order_by("raised_on", "id"))
    closed = list(only_visible(Dispute.objects.filter(closed_on__gt=year_ago,
                                                      closed_on__lte=today), user)
                  .select_related("child").prefetch_related(STAGES).order_by("-closed_on", "id"))
    scopes = [d.scope for d in open_disputes + closed]
    ledger = list(Obligation.objects.filter(scope__in=scopes, rule_id__in=DISPUTE_RULES)
                  ) if scopes else []
    calendar = council_calendar()
    rows = _dispute_rows(open_disputes, ledger, today=today, calendar=calendar)
    closed_rows = _dispute_rows(closed, ledger, today=today, calendar=calendar)
    by_stage = [Count(s.key, s.label, [r for r in rows if r.current.stage.stage == s.key])
                for s in dispute_stages()]
    known = {s.key for s in dispute_stages()}
    others = [r for r in rows if r.current.stage.stage not in known]
    if others:
        by_stage.append(Count("other", "A stage no longer configured", others))
    shown = [r for r in rows if (not stage or r.current.stage.stage == stage
                                 or (stage == "other" and r in others))
             and (not overdue or r.overdue)]
    outcomes = Counter(r.dispute.outcome for r in closed_rows)
    by_outcome = [Count(value, label, [r for r in closed_rows if r.dispute.outcome == value])
                  for value, label in DisputeOutcome.choices if outcomes[value]]
    in_time = sum(1 for r in closed_rows if r.age <= IR1_WORKING_DAYS)
    return Overview(rows, shown, by_stage,
                    Count("response-overdue", "Response overdue at the current stage",
                          [r for r in rows if r.response_overdue]),
                    Count("past-limit", f"Open more than {IR1_WORKING_DAYS} working days",
                          [r for r in rows if r.past_limit]),
                    by_outcome, len(closed_rows), in_time)
