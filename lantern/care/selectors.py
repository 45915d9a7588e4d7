"""Reads of children in care, always for a user allowed to see the children."""

from collections import defaultdict
from datetime import date

from . import eligibility
from . import episodes as ep
from .models import LegalStatus, PeriodOfCare, Placement

SHORT_BREAKS = frozenset({"V3", "V4"})


def care_spans(child) -> list[eligibility.Span]:
    """The child's periods of care as the care leaver rules see them (two queries)."""
    short = defaultdict(bool)
    for period_id, status in LegalStatus.objects.filter(child=child).values_list(
            "period_id", "status"):
        short[period_id] = short[period_id] or status in SHORT_BREAKS
    return [eligibility.Span(start, end, short[pk]) for pk, start, end in
            PeriodOfCare.objects.filter(child=child).values_list("pk", "start", "end")]


def leaving_care_status(child, *, on: date, spans=None) -> eligibility.Status:
    """The child's care leaver category on ``on`` (CL1), from their periods of care."""
    spans = care_spans(child) if spans is None else spans
    return eligibility.status(child.date_of_birth, spans, on=on)


STAY_FIELDS = ("start", "end", "placement_type", "provider", "postcode", "urn", "same_carer",
               "end_reason")  # a placement's columns in the order of episodes.Stay


def pure_period(period, statuses, stays) -> ep.Period:
    """A period of care for the episode derivation: its legal statuses as (start, code) and
    its placements as STAY_FIELDS tuples."""
    return ep.Period(period.start, period.end, period.end_reason, period.category_of_need,
                     period.home_postcode, [ep.Status(*s) for s in statuses],
                     [ep.Stay(*row) for row in stays])


def periods_as_episodes(periods) -> dict[int, ep.Period]:
    """The pure-core form of these periods of care (three queries however many)."""
    ids = [p.pk for p in periods]
    statuses, stays = defaultdict(list), defaultdict(list)
    for period_id, start, code in LegalStatus.objects.filter(period_id__in=ids).values_list(
            "period_id", "start", "status"):
        statuses[period_id].append((start, code))
    for period_id, *row in Placement.objects.filter(period_id__in=ids).values_list(
            "period_id", *STAY_FIELDS):
        stays[period_id].append(row)
    return {p.pk: pure_period(p, statuses[p.pk], stays[p.pk]) for p in periods}


def episodes_of(periods) -> dict[int, list[ep.Episode]]:
    """Every period's SSDA903 episodes, by period id."""
    return {pk: ep.derive(period) for pk, period in periods_as_episodes(periods).items()}


def all_episodes(*, chunk: int = 2000):
    """(period, episodes) for every period of care in the council, read in chunks."""
    ids = list(PeriodOfCare.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), chunk):
        periods = list(PeriodOfCare.objects.filter(pk__in=ids[i:i + chunk]).order_by("pk"))
        derived = episodes_of(periods)
        for period in periods:
            yield period, derived[period.pk]


def social_worker_changes(child_ids, *, today: date) -> dict[int, int]:
    """Changes of social worker in the 12 months to ``today``, per child: every social
    worker allocation starting in the window that follows an earlier one (one query)."""
    from dateutil.relativedelta import relativedelta

    from lantern.staff.models import Allocation, AllocationKind

    since = today - relativedelta(years=1)
    counts: dict[int, int] = defaultdict(int)
    seen: set[int] = set()
    rows = (Allocation.objects.filter(child_id__in=child_ids, kind=AllocationKind.SOCIAL_WORKER,
                                      start__lte=today)
            .order_by("child_id", "start", "id").values_list("child_id", "start"))
    for child_id, start in rows:
        if child_id in seen and start > since:
            counts[child_id] += 1
        seen.add(child_id)
    return counts
