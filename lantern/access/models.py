"""Time-limited grants of access to one child's record."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Grant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grants")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="grants")
    reason = models.CharField(max_length=300)
    starts = models.DateTimeField()
    expires = models.DateTimeField(help_text="Access ends at this moment by itself.")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["user", "expires"], name="grant_user_expires")]
        constraints = [
            models.CheckConstraint(condition=Q(expires__gt=models.F("starts")), name="grant_expires_after_start"),
        ]
