"""Writing and checking the hash chain of audit events."""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder

from .models import AuditEvent, ChainHead

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> str:
    body = {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "child": event.child_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "prev": event.prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder)


def digest(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event).encode()).hexdigest()


def append(*, actor, at: datetime, action: str, obj, child=None, before=None, after=None,
           reason: str = "") -> AuditEvent:
    """Add one event to the end of the chain. Call inside the write's transaction."""
    (event,) = _extend([dict(actor=actor, at=at, action=action, obj=obj, child=child,
                             before=before, after=after, reason=reason)])
    return event


def append_many(entries: list[dict]) -> int:
    """Add many events at once (bulk loads such as the synthetic council).

    Each entry has the keyword arguments of ``append``. Call inside a transaction.
    """
    return len(_extend(entries)) if entries else 0


def _extend(entries: list[dict]) -> list[AuditEvent]:
    """Chain the entries after the head, under the head's row lock, and move the head."""
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
    seq, prev = head.last_seq, head.last_hash
    events = []
    for entry in entries:
        obj = entry.get("obj")
        seq += 1
        event = AuditEvent(
            seq=seq, at=entry["at"], actor=entry["actor"], action=entry["action"],
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            child=entry.get("child"), before=_jsonable(entry.get("before")),
            after=_jsonable(entry.get("after")), reason=entry.get("reason", ""), prev_hash=prev,
        )
        event.hash = prev = digest(event)
        events.append(event)
    if len(events) == 1:
        events[0].save()
    else:
        AuditEvent.objects.bulk_create(events, batch_size=2000)
    head.last_seq, head.last_hash = seq, prev
    head.save(update_fields=["last_seq", "last_hash"])
    return events


def _jsonable(value):
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class Verdict:
    intact: bool
    count: int
    broken_seq: int | None = None
    problem: str = ""


def verify(batch_size: int = 5000) -> Verdict:
    """Walk the chain from the first event; report the first break, if any."""
    head = ChainHead.objects.filter(id=1).first()
    expected_seq, prev = 1, GENESIS
    count = 0
    qs = AuditEvent.objects.order_by("seq")
    last_seq = 0
    while True:
        rows = list(qs.filter(seq__gt=last_seq)[:batch_size])
        if not rows:
            break
        for event in rows:
            if event.seq != expected_seq:
                return Verdict(False, count, expected_seq, f"event {expected_seq} is missing")
            if event.prev_hash != prev:
                return Verdict(False, count, event.seq, f"event {event.seq} does not follow event {event.seq - 1}")
            if digest(event) != event.hash:
                return Verdict(False, count, event.seq, f"event {event.seq} was altered after it was written")
            prev = event.hash
            expected_seq += 1
            count += 1
        last_seq = rows[-1].seq
    head_seq = head.last_seq if head else 0
    head_hash = head.last_hash if head else GENESIS
    if head_seq != count or head_hash != prev:
        if head_seq > count:
            return Verdict(False, count, count + 1, f"event {count + 1} is missing")
        return Verdict(False, count, head_seq + 1, f"event {head_seq + 1} was inserted outside the application")
    return Verdict(True, count)
