"""Scenario helpers for access tests: a restricted child, a grant, a staff link."""

import re
from datetime import timedelta

from django.utils import timezone

from lantern.access.services import restriction_set


def restrict(world, child=None, *, kind="high_profile", by="senior_leader", owner=None, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    return restriction_set(actor=world.users[by], child=child or world.child, kind=kind,
                           reason="Widely reported in the local press.", review_by=today + timedelta(days=90),
                           today=today, now=now, owner=owner)


def same_page(html: bytes) -> str:
    """The page without what differs on every response (the CSRF token and the script nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html.decode())
    return re.sub(r'nonce="[^"]+"', "", html)
