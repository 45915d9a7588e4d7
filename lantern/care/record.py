"""The child's care record as the journey pages read it: the current (or latest) period of
care with its legal statuses, placements, SSDA903 episodes, visits and reviews, the visit
and review clocks and the open care obligations from the ledger, and earlier periods.

The child comes through the access module first (``people.selectors.child_record``). The
page reads a fixed number of queries however long the child's history is.
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Q
from django.http import Http404

from lantern.core import codes
from lantern.core.text import long_date
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import OPEN, Line, rule_title, status
from lantern.plans.selectors import Clock, clock_of
from lantern.staff.models import Role, User

from . import episodes as ep
from .measures import TEMPORARY, VISIT_RULES
from .models import CareVisit, LegalStatus, PeriodOfCare, Placement, Review
from .selectors import STAY_FIELDS, pure_period, social_worker_changes

REVIEW_RULES = ("LA12", "LA13", "LA14")
CARE_SCOPES = Q(scope__startswith="period:") | Q(scope__startswith="placement:") | Q(
    scope__startswith="dispute:")
TEMPORARY_WEEKS, EXTENSION_WEEKS = 16, 8


def approval_ends(placement: Placement) -> date | None:
    """When a connected person's temporary approval runs out: 16 weeks from the start, or
    the end of the one 8-week extension. None once approved (or never temporary)."""
    if not placement.temporary_approval or placement.approved_on:
        return None
    if placement.extension_from:
        return placement.extension_from + timedelta(weeks=EXTENSION_WEEKS)
    return placement.start + timedelta(weeks=TEMPORARY_WEEKS)


def placement_tags(placement: Placement, *, today: date) -> list[tuple[str, str]]:
    """(colour, text) tags for what is still unresolved about a placement."""
    tags = []
    if placement.resolved_on is None and not placement.regulated:
        tags.append(("red", "Not regulated"))
    if placement.resolved_on is None and placement.unassessed:
        tags.append(("red", "Connected person not assessed"))
    ends = approval_ends(placement)
    if ends is not None and (placement.end is None or placement.end > today):
        weeks = math.ceil((ends - today).days / 7)
        if weeks <= 0:
            tags.append(("red", "Temporary approval: ended"))
        else:
            tags.append(("orange" if weeks <= 4 else "yellow",
                         f"Temporary approval: {weeks} week{'s' if weeks != 1 else ''} left"))
    return tags


@dataclass(frozen=True)
class Coded:
    """A DfE code with its label (shown on hover and to screen readers)."""

    code: str
    label: str

    def __str__(self) -> str:
        return self.code


def coded(codeset: str, code: str) -> Coded | None:
    if not code:
        return None
    try:
        return Coded(code, codes.label(codeset, code))
    except KeyError:
        return Coded(code, code)


@dataclass(frozen=True)
class EpisodeRow:
    decom: date
    rne: Coded
    ls: Coded
    place: Coded
    provider: Coded | None
    dec: date | None
    rec: Coded | None
    reason: Coded | None


def _episode_rows(period, statuses, placements) -> tuple[list[EpisodeRow], str]:
    """The period's SSDA903 episodes as derived (lantern.care.episodes), from the rows the
    page already read; or the problems that stop them being derived."""
    pure = pure_period(period, [(s.start, s.status) for s in statuses],
                       [tuple(getattr(p, name) for name in STAY_FIELDS) for p in placements])
    try:
        derived = ep.derive(pure)
    except ValueError as broken:
        return [], str(broken)
    return [EpisodeRow(e.decom, coded("reason_new_episode", e.rne), coded("legal_status", e.ls),
                       coded("placement_type", e.place),
                       coded("placement_provider", e.place_provider), e.dec,
                       coded("reason_episode_ceased", e.rec),
                       coded("reason_placement_change", e.reason_place_change))
            for e in derived], ""


@dataclass
class CareRecord:
    period: PeriodOfCare | None
    earlier: list[PeriodOfCare] = field(default_factory=list)
    statuses: list[LegalStatus] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    current: Placement | None = None
    episodes: list[EpisodeRow] = field(default_factory=list)
    episode_problem: str = ""
    visits: list[CareVisit] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    visit_clock: Clock = field(default_factory=lambda: Clock(None))
    review_clock: Clock = field(default_factory=lambda: Clock(None))
    obligations: list[Line] = field(default_factory=list)
    placements_12m: int = 0
    sw_changes_12m: int = 0
    order_disagrees: str = ""  # the court's latest order gives another legal status

    @property
    def looked_after(self) -> bool:
        return self.period is not None and self.period.is_open

    @property
    def status_now(self) -> LegalStatus | None:
        return self.statuses[-1] if self.statuses else None


def care_record(child, *, today: date) -> CareRecord:
    """The child's care: six queries however long the history. The periods of care come
    with their placements (every period has one from its first day)."""
    all_placements = list(Placement.objects.filter(child=child).select_related("period", "connected_person")
                          .order_by("start", "id"))
    sw_changes = social_worker_changes([child.pk], today=today).get(child.pk, 0)
    periods = sorted({p.period_id: p.period for p in all_placements}.values(),
                     key=lambda p: (p.start, p.pk), reverse=True)
    if not periods:
        return CareRecord(None, sw_changes_12m=sw_changes)
    period, earlier = periods[0], periods[1:]
    statuses = list(_with_latest_order(LegalStatus.objects.filter(period=period), child, period)
                    .order_by("start", "id"))
    for status_row, following in zip(statuses, [*statuses[1:], None], strict=False):
        status_row.until = following.start if following else period.end
    year_ago = today - relativedelta(years=1)
    placements = [p for p in all_placements if p.period_id == period.pk]
    for p in placements:
        p.type_label = codes.label("placement_type", p.placement_type)
        p.provider_label = codes.label("placement_provider", p.provider) if p.provider else ""
        p.change = coded("reason_placement_change", p.end_reason)
        p.tags = placement_tags(p, today=today)
    current = next((p for p in reversed(placements) if p.end is None), None)
    episodes, problem = _episode_rows(period, statuses, placements)
    visits = list(CareVisit.objects.filter(child=child, placement__period=period)
                  .select_related("worker").order_by("-visited_on", "-id"))
    reviews = list(Review.objects.filter(period=period).select_related("iro")
                   .order_by("-held_on", "-id"))
    scopes = [period.scope] + ([current.scope] if current else [])
    ledger = list(Obligation.objects.filter(CARE_SCOPES, child=child)
                  .filter(OPEN | Q(scope__in=scopes, rule_id__in=VISIT_RULES + REVIEW_RULES))
                  .order_by("due_on", "id"))
    visit_rows = [ob for ob in ledger if current and ob.scope == current.scope]
    review_rows = [ob for ob in ledger if ob.scope == period.scope]
    lines = [Line(ob, rule_title(ob.rule_id), status(ob, today=today)) for ob in ledger
             if ob.is_open]
    moved = sum(1 for p in all_placements if p.start <= today and (p.end is None or p.end > year_ago)
                and p.placement_type not in TEMPORARY)
    for p in earlier:
        p.reason_label = coded("reason_episode_ceased", p.end_reason)
    return CareRecord(
        period, earlier, statuses, placements, current, episodes, problem, visits, reviews,
        clock_of(visit_rows, VISIT_RULES, today=today),
        clock_of(review_rows, REVIEW_RULES, today=today), lines, moved, sw_changes,
        order_disagreement(child, period, statuses[-1] if statuses else None))


def _with_latest_order(statuses, child, period):
    """The legal statuses, each carrying the kind and day of the court's latest order in the
    period that gives a legal status or ends the child's care (read in the same query)."""
    from django.db.models import Subquery

    from lantern.legal.models import LEAVES_CARE_ORDERS, ORDER_LEGAL_STATUS, CourtOrder

    kinds = [*ORDER_LEGAL_STATUS, *LEAVES_CARE_ORDERS]
    latest = (CourtOrder.objects.filter(child=child, kind__in=kinds, made_on__gte=period.start)
              .order_by("-made_on", "-id"))
    return statuses.annotate(order_kind=Subquery(latest.values("kind")[:1]),
                             order_on=Subquery(latest.values("made_on")[:1]))


def order_disagreement(child, period, status_now) -> str:
    """What to say when the court's latest order in this period of care gives the child a
    legal status other than the one their care is recorded under, or ends their care (a
    special guardianship or child arrangements order) while they are still recorded as
    looked after ('' when they agree, or when the status was changed after the order).
    ``status_now`` comes from ``_with_latest_order``."""
    from lantern.legal.models import LEAVES_CARE_ORDERS, ORDER_LEGAL_STATUS, OrderKind

    if period is None or not period.is_open or status_now is None or not status_now.order_kind:
        return ""
    kind, made_on = status_now.order_kind, status_now.order_on
    label = OrderKind(kind).label.lower()
    made = f"The court made {'an' if label[0] in 'aeiou' else 'a'} {label} on {long_date(made_on)}"
    if kind in LEAVES_CARE_ORDERS:
        return (f"{made}, which ends {child.first_name}'s care, but {child.first_name} is still recorded as "
                f"looked after: record the day {child.first_name} ceased to be looked after "
                f"(reason {' or '.join(LEAVES_CARE_ORDERS[kind])}).")
    if made_on < status_now.start or ORDER_LEGAL_STATUS[kind] == status_now.status:
        return ""
    expected = ORDER_LEGAL_STATUS[kind]
    return (f"{made}, "
            f"which makes the legal status {codes.label('legal_status', expected).lower()} ({expected}), "
            f"but {child.first_name}'s care is recorded as {status_now.get_status_display().lower()} "
            f"({status_now.status}): record the change of legal status.")


def open_period(child) -> PeriodOfCare | None:
    return PeriodOfCare.objects.filter(child=child, end__isnull=True).first()


def child_placement(child, placement_id) -> Placement:
    """One of the child's placements (404 otherwise, as if it did not exist)."""
    try:
        placement = Placement.objects.select_related("period").get(child=child,
                                                                   pk=int(placement_id))
    except (Placement.DoesNotExist, ValueError, TypeError):
        raise Http404("No such placement") from None
    placement.child = child
    return placement


def reviewing_officers():
    """Independent reviewing officers, who chair looked-after reviews."""
    return User.objects.filter(is_active=True, role=Role.IRO).order_by("last_name", "first_name")

