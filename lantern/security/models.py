"""Sessions that know whose they are, so a password reset can end all of a user's sessions."""

from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class StaffSession(AbstractBaseSession):
    """Django's database session with the signed-in user's id beside it (indexed)."""

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
