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


class RecoveryCode(models.Model):
    """A one-use code that stands in for the authenticator app at sign-in (a lost phone).

    Only a SHA-256 digest is kept: each code carries 120 random bits, enough that a plain
    digest cannot be reversed or guessed (ASVS's rule for lookup secrets), so a stolen
    database gives nobody a way in. django-otp's static tokens are stored as typed, which
    is why they are not used here."""

    user = models.ForeignKey("staff.User", on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "used_at"])]
