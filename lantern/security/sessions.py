"""The session engine (SESSION_ENGINE = "lantern.security.sessions"): Django's database
sessions, stored in StaffSession with the user's id, so a user's sessions can be found."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from .models import StaffSession

        return StaffSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance


def sessions_end(*, user, keep: str | None = None) -> int:
    """End every session of ``user`` but the one whose key is ``keep``; how many ended."""
    from .models import StaffSession

    others = StaffSession.objects.filter(user_id=user.pk)
    if keep:
        others = others.exclude(session_key=keep)
    return others.delete()[0]
