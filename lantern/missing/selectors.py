"""Reads of missing episodes. A child's page loads the child through the access module first
(``child_record``); lists across the service are cut to the children the reader may see.
Every 72-hour clock (M1) is read from the obligations ledger, never recomputed here.

Repeat missing (M3, a local trigger): ``LANTERN_MISSING_REPEAT`` episodes (3 by default)
starting within that many days of each other (30 by default: the first and the last start
fall within 30 consecutive calendar days, London time), among the episodes that started in
the last 12 months.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.http import Http404

from lantern.access.policy import only_visible
from lantern.core.calendar import LONDON
from lantern.core.engine import ObligationStatus
from lantern.obligations.models import Obligation
from lantern.obligations.selectors import OPEN, status
from lantern.plans.selectors import Clock, clock_of

from .models import MissingEpisode

REPEAT_FLAG = "Repeat missing: consider a strategy discussion"
DEFAULT_REPEAT = {"episodes": 3, "days": 30}


def repeat_rule() -> tuple[int, int]:
    """(episodes, days) from ``LANTERN_MISSING_REPEAT``."""
    conf = {**DEFAULT_REPEAT, **getattr(settings, "LANTERN_MISSING_REPEAT", {})}
    return int(conf["episodes"]), int(conf["days"])


@dataclass(frozen=True)
class RepeatMissing:
    """A child with enough episodes close together: the latest such window."""

    child_id: int
    episodes: int  # episodes starting in the window
    first: date
    last: date
    rule: tuple[int, int]

    label = REPEAT_FLAG

    @property
    def description(self) -> str:
        return (f"{self.episodes} episodes between {self.first:%-d %B %Y} and {self.last:%-d %B %Y} "
                f"({self.rule[0]} or more within {self.rule[1]} days)")


def repeat_windows(starts: list[datetime], *, child_id: int, now: datetime,
                   rule: tuple[int, int] | None = None) -> RepeatMissing | None:
    """The latest window of ``rule`` (episodes, days) among these start times in the 12
    months to ``now``; None when there is none. Pure: no query."""
    episodes, days = rule or repeat_rule()
    since = now - relativedelta(months=12)
    local = sorted(s.astimezone(LONDON).date() for s in starts if since < s <= now)
    found, i = None, 0
    for j, last in enumerate(local):  # the window of ``days`` days that ends at each start
        while (last - local[i]).days >= days:
            i += 1
        if j - i + 1 >= episodes:
            found = RepeatMissing(child_id, j - i + 1, local[i], last, (episodes, days))
    return found


def _repeat_from(episodes, *, now: datetime) -> dict[int, RepeatMissing]:
    starts: dict[int, list[datetime]] = defaultdict(list)
    for child_id, started_at in episodes.filter(
            started_at__gt=now - relativedelta(months=12), started_at__lte=now).values_list(
            "child_id", "started_at"):
        starts[child_id].append(started_at)
    rule = repeat_rule()
    out = {}
    for child_id, times in starts.items():
        if flag := repeat_windows(times, child_id=child_id, now=now, rule=rule):
            out[child_id] = flag
    return out


def repeat_missing(child_ids, *, now: datetime) -> dict[int, RepeatMissing]:
    """For many children at once (ids or an id subquery), those flagged for repeat missing:
    one query."""
    return _repeat_from(MissingEpisode.objects.filter(child_id__in=child_ids), now=now)


def repeat_missing_of(child, *, now: datetime) -> RepeatMissing | None:
    return repeat_missing([child.pk], now=now).get(child.pk)


def duration_text(span: timedelta) -> str:
    """'2 days 3 hours', '5 hours 20 minutes', '40 minutes'."""
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)

    def n(value, unit):
        return f"{value} {unit}{'' if value == 1 else 's'}"

    if days:
        return n(days, "day") + (f" {n(hours, 'hour')}" if hours else "")
    if hours:
        return n(hours, "hour") + (f" {n(minutes, 'minute')}" if minutes else "")
    return n(minutes, "minute")


# --- one child's episodes ---------------------------------------------------------------


@dataclass
class EpisodeRow:
    episode: MissingEpisode
    clock: Clock

    @property
    def interview(self):
        return interview_of(self.episode)

    @property
    def duration(self) -> str:
        return duration_text(self.episode.duration) if self.episode.returned_at else ""

    @property
    def held_within_72(self) -> bool | None:
        """From the ledger's M1 clock: True when the interview was held in time, False when
        it was held late or the 72 hours ran out without one, None until then."""
        if self.clock.status is ObligationStatus.MET:
            return True
        if self.clock.status in (ObligationStatus.MET_LATE, ObligationStatus.OVERDUE):
            return False
        return None

    @property
    def awaiting_interview(self) -> bool:
        interview = self.interview
        return self.episode.returned_at is not None and (
            interview is None or (interview.held_at is None and interview.accepted is not False))


@dataclass
class MissingRecord:
    rows: list[EpisodeRow]
    repeat: RepeatMissing | None
    open_episode: MissingEpisode | None = None


def child_missing(child, *, now: datetime) -> MissingRecord:
    """The child's episodes newest first with their interviews, M1 clocks from the ledger and
    the repeat-missing flag: three queries whatever the history."""
    today = now.astimezone(LONDON).date()
    episodes = list(MissingEpisode.objects.filter(child=child).select_related("interview"))
    ledger = list(Obligation.objects.filter(child=child, rule_id="M1",
                                            scope__startswith="missing:").order_by("due_on", "id"))
    by_scope = defaultdict(list)
    for ob in ledger:
        by_scope[ob.scope].append(ob)
    rows = []
    for e in episodes:
        rows.append(EpisodeRow(e, _clock(by_scope.get(e.scope, []), today=today, now=now)))
    starts = [e.started_at for e in episodes]
    return MissingRecord(rows, repeat_windows(starts, child_id=child.pk, now=now),
                         next((e for e in episodes if e.returned_at is None), None))


def _clock(rows, *, today: date, now: datetime) -> Clock:
    clock = clock_of(rows, ("M1",), today=today)
    if clock.obligation is not None:  # hour clocks: read the status at this moment
        clock = Clock(clock.obligation, status(clock.obligation, today=today, now=now))
    return clock


def episode_of(child, episode_id) -> MissingEpisode:
    """One episode of a child the user may see (the child came through the access module);
    404 otherwise, as if it did not exist."""
    try:
        episode = MissingEpisode.objects.select_related("interview").get(child=child, pk=int(episode_id))
    except (MissingEpisode.DoesNotExist, ValueError, TypeError):
        raise Http404("No such episode") from None
    episode.child = child
    return episode


# --- across the service -----------------------------------------------------------------


@dataclass
class Awaiting:
    obligation: Obligation
    episode: MissingEpisode
    status: ObligationStatus
    now: datetime

    @property
    def hours_left(self) -> int:
        """Whole hours to the deadline (negative once overdue)."""
        seconds = (self.obligation.due_at - self.now).total_seconds()
        return int(seconds // 3600) if seconds >= 0 else -int(-seconds // 3600)

    @property
    def hours_over(self) -> int:
        return -self.hours_left

    @property
    def overdue(self) -> bool:
        return self.status is ObligationStatus.OVERDUE


@dataclass
class Late:
    obligation: Obligation
    episode: MissingEpisode | None
    status: ObligationStatus


@dataclass
class ServiceOverview:
    missing_now: list[MissingEpisode]
    awaiting: list[Awaiting]
    in_time: int
    counted: int
    late: list[Late]
    repeat: list[tuple[RepeatMissing, object]] = field(default_factory=list)

    @property
    def share(self) -> int | None:
        return round(100 * self.in_time / self.counted) if self.counted else None

    @property
    def overdue(self) -> list[Awaiting]:
        return [a for a in self.awaiting if a.overdue]


def _episodes_by_scope(obligations) -> dict[str, MissingEpisode]:
    ids = [int(ob.scope.split(":", 1)[1]) for ob in obligations
           if ob.scope.startswith("missing:") and ob.scope.split(":", 1)[1].isdigit()]
    episodes = MissingEpisode.objects.filter(pk__in=ids).select_related("child", "interview")
    return {e.scope: e for e in episodes}


def service_overview(user, *, now: datetime) -> ServiceOverview:
    """The service's missing children as ``user`` may see them: who is missing now, the
    returns awaiting an interview (open M1 clocks, soonest first), the share of interviews
    held within 72 hours of the returns in the last 12 months whose 72 hours have run (the
    late ones listed) and the children flagged for repeat missing. Six queries whatever the
    size of the service."""
    today = now.astimezone(LONDON).date()
    year_ago = now - relativedelta(months=12)
    visible_episodes = only_visible(MissingEpisode.objects.all(), user)
    missing_now = list(visible_episodes.filter(returned_at__isnull=True, started_at__lte=now)
                       .select_related("child").order_by("started_at", "id"))
    m1 = only_visible(Obligation.objects.filter(rule_id="M1"), user)
    opened = list(m1.filter(OPEN).order_by("due_at", "id"))
    year = list(m1.filter(start_at__gt=year_ago, start_at__lte=now).exclude(OPEN & Q(due_at__gt=now))
                .filter(Q(ended_on__isnull=True)).order_by("-start_at", "id"))
    episodes = _episodes_by_scope(opened + year)
    awaiting = []
    for ob in opened:
        episode = episodes.get(ob.scope)
        if episode is None:
            continue
        interview = interview_of(episode)
        if interview is not None and interview.accepted is False:
            continue  # declined: nobody is waiting for it
        awaiting.append(Awaiting(ob, episode, status(ob, today=today, now=now), now))
    in_time, late = 0, []
    for ob in year:
        st = status(ob, today=today, now=now)
        if st is ObligationStatus.MET:
            in_time += 1
        elif st in (ObligationStatus.MET_LATE, ObligationStatus.OVERDUE):
            late.append(Late(ob, episodes.get(ob.scope), st))
    flagged = _repeat_from(visible_episodes, now=now)
    names = {}
    if flagged:
        from lantern.people.models import Child

        names = {c.pk: c for c in Child.objects.filter(pk__in=list(flagged)).only(
            "pk", "first_name", "last_name", "council_id")}
    repeat = sorted(((flag, names[pk]) for pk, flag in flagged.items() if pk in names),
                    key=lambda pair: pair[0].last, reverse=True)
    return ServiceOverview(missing_now, awaiting, in_time, in_time + len(late), late, repeat)


def interview_of(episode: MissingEpisode):
    """The episode's return home interview (loaded with it), or None."""
    try:
        return episode.interview
    except MissingEpisode.interview.RelatedObjectDoesNotExist:
        return None
