"""Scenario helpers for missing episodes: times in London, episodes as practice records them."""

from datetime import datetime

from lantern.core.calendar import LONDON
from lantern.missing.services import missing_episode_record, return_interview_record

NOW = datetime(2025, 11, 30, 12, 0, tzinfo=LONDON)


def at(year, month, day, hour=0, minute=0) -> datetime:
    """A London wall-clock time (the first one, when the clocks go back)."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def went_missing(world, started_at, returned_at=None, *, child=None, kind="M", now=NOW, actor=None,
                 **extra):
    return missing_episode_record(
        actor=actor or world.users["social_worker"], now=now, child=child or world.child, kind=kind,
        started_at=started_at, missing_from=extra.pop("missing_from", "Foster home"),
        returned_at=returned_at, where_found=extra.pop("where_found", "Friend's house" if returned_at else ""),
        **extra)


def interviewed(world, episode, held_at, *, offered_at=None, now=NOW, actor=None,
                by_whom="Independent return interview service", **extra):
    return return_interview_record(
        actor=actor or world.users["social_worker"], now=now, episode=episode,
        offered_at=offered_at or episode.returned_at, accepted=True, held_at=held_at, by_whom=by_whom,
        **extra)
