"""Two append-only tracks of history: what was written, and who looked.

Audit events form a hash chain: each row's hash covers its content and the hash
of the row before it, and a one-row head holds the newest sequence number and
hash. Editing, deleting or inserting a row behind the application's back breaks
the chain, and ``lantern audit verify`` finds the first break.
"""

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class AuditEvent(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=300, help_text="What happened, in practice language.")
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["child", "at"], name="audit_child_at")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted")


class ChainHead(models.Model):
    """The single row that serialises writers and anchors the end of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)


class AccessKind(models.TextChoices):
    VIEW = "view", "Viewed"
    SEARCH = "search", "Found in search"
    EXPORT = "export", "Exported"
    BREAK_GLASS = "break_glass", "Emergency access"


class AccessEvent(models.Model):
    """One row per view, search hit or export of a child's record: cheap and indexed."""

    at = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=AccessKind.choices, default=AccessKind.VIEW)
    page = models.CharField(max_length=80)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["child", "-at"], name="access_child_at"),
            models.Index(fields=["user", "-at"], name="access_user_at"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Access events cannot be changed")
        super().save(*args, **kwargs)


class SecurityKind(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    LOCKED_OUT = "locked_out", "Locked out"
    SECOND_FACTOR_FAILED = "second_factor_failed", "Security code refused"
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", "Authenticator app set up"
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", "Recovery codes made"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    SECOND_FACTOR_RESET = "second_factor_reset", "Second factor reset"
    SIGN_OUT = "sign_out", "Signed out"
    SESSION_EXPIRED = "session_expired", "Signed out by timeout"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
    PASSWORD_RESET = "password_reset", "Password reset"
    EXPORT = "export", "Exported"
    BREAK_GLASS = "break_glass", "Emergency access opened"
    BREAK_GLASS_REFUSED = "break_glass_refused", "Emergency access refused"
    GRANT_GIVEN = "grant_given", "Access given"
    GRANT_REVOKED = "grant_revoked", "Access ended"
    NOT_FOUND = "not_found", "Page refused (not found or not permitted)"
    BAD_REQUEST = "bad_request", "Request refused (malformed or too large)"


class SecurityEvent(models.Model):
    """Sign-ins, failures, lockouts, second-factor refusals, password resets and exports.

    A third append-only track beside the audit chain and the access log. It is not
    chained: most failures come from people who are not signed in, and chaining them
    would let anyone on the sign-in page queue every practice write behind the chain
    head's row lock. ``username`` is what was typed, kept even when no account has it.
    """

    at = models.DateTimeField()
    kind = models.CharField(max_length=32, choices=SecurityKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True, help_text="What happened, in plain words.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["-at", "-id"], name="security_at"),
            models.Index(fields=["kind", "-at"], name="security_kind_at"),
            models.Index(fields=["user", "-at"], name="security_user_at"),
        ]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Security events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Security events cannot be deleted")
