"""Recording views of a child's record (access events)."""

from django.utils import timezone

from .chain import append as audit_event  # noqa: F401  (services call audit.services.audit_event)
from .models import AccessEvent, AccessKind


def access_record(*, user, child, page: str, kind: str = AccessKind.VIEW) -> None:
    AccessEvent.objects.create(at=timezone.now(), user=user, child=child, kind=kind, page=page)


def access_record_many(*, user, children, page: str, kind: str = AccessKind.SEARCH) -> None:
    now = timezone.now()
    AccessEvent.objects.bulk_create(
        [AccessEvent(at=now, user=user, child=c, kind=kind, page=page) for c in children]
    )
