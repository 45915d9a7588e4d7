"""Recording views of a child's record (access events)."""

from django.utils import timezone

from .chain import append as audit_event  # noqa: F401  (services call audit.services.audit_event)
from .models import AccessEvent, AccessKind, SecurityEvent, SecurityKind


def access_record(*, user, child, page: str, kind: str = AccessKind.VIEW) -> None:
    AccessEvent.objects.create(at=timezone.now(), user=user, child=child, kind=kind, page=page)


def access_record_many(*, user, children, page: str, kind: str = AccessKind.SEARCH) -> None:
    now = timezone.now()
    AccessEvent.objects.bulk_create(
        [AccessEvent(at=now, user=user, child=c, kind=kind, page=page) for c in children]
    )


def security_event_record(*, kind: str, at, request=None, user=None, username: str = "",
                          detail: str = "") -> SecurityEvent:
    """Add one security event. ``request`` gives the address and browser, when there is one
    (an export from the command line has none)."""
    ip, agent = None, ""
    if request is not None:
        ip = request.META.get("REMOTE_ADDR") or None
        agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    if user is not None and not username:
        username = user.get_username()
    return SecurityEvent.objects.create(at=at, kind=kind, user=user, username=username[:150],
                                        ip=ip, user_agent=agent, detail=detail[:300])


def export_event_record(*, what: str, out, user=None, request=None) -> SecurityEvent:
    """An export of case data (a return, Annex A) as a security event. From the command line
    there is no account: the operating-system user who ran it is named instead."""
    import getpass

    by = ""
    if user is None:
        try:
            by = f" by {getpass.getuser()} on the command line"
        except (KeyError, OSError):
            by = " on the command line"
    return security_event_record(kind=SecurityKind.EXPORT, at=timezone.now(), request=request,
                                 user=user, detail=f"{what} written to {out}{by}")
