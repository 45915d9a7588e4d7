"""Reads of the audit tracks, scoped to who may read them."""

from lantern.access.policy import NotPermitted
from lantern.staff.models import Role

from .models import SecurityEvent

# Who reads the security events: senior leaders and system administrators.
SECURITY_EVENT_READERS = frozenset({Role.SENIOR_LEADER, Role.ADMIN})


def security_events(user, *, kind: str = "", username: str = ""):
    """Security events newest first, of one kind and one username (as typed) if given."""
    if user.role not in SECURITY_EVENT_READERS:
        raise NotPermitted("Only senior leaders and administrators read the security events")
    events = SecurityEvent.objects.select_related("user").order_by("-at", "-id")
    if kind:
        events = events.filter(kind=kind)
    if username:
        events = events.filter(username__iexact=username)
    return events
