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
