"""Bulk missing episodes for tests and the bench (synthetic)."""

from datetime import datetime, time, timedelta

from lantern.core.calendar import LONDON

from .models import MissingEpisode, ReturnInterview


def missing_episodes(child, period, start, worker, *, at, count=30):
    """``count`` missing episodes of a night each, 90 days apart, each with a return interview."""
    episodes = MissingEpisode.objects.bulk_create([MissingEpisode(
        child=child, period=period, kind="M" if i % 3 else "A",
        started_at=datetime.combine(start + timedelta(days=60 + 90 * i), time(22), LONDON),
        returned_at=datetime.combine(start + timedelta(days=61 + 90 * i), time(9), LONDON),
        missing_from="Placement", where_found="Friend's house", recorded_by=worker,
        recorded_at=at) for i in range(count)])
    ReturnInterview.objects.bulk_create([ReturnInterview(
        episode=e, offered_at=e.returned_at + timedelta(hours=4), accepted=True,
        held_at=e.returned_at + timedelta(hours=30), by_whom="Independent service",
        recorded_by=worker, recorded_at=at) for e in episodes])
