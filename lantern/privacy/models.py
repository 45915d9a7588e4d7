"""Data protection: legal holds that keep a record past its retention period."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class LegalHold(models.Model):
    """A child's record must be kept whatever the retention schedule says (litigation, an
    inquiry, a complaint). While a hold is current the record is never due for destruction."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField(help_text="Why the record must be kept.")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True, help_text="Empty while the hold is current.")
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["child"], condition=Q(lifted_at__isnull=True),
                                    name="one_current_legal_hold"),
            models.CheckConstraint(condition=Q(lifted_at__isnull=True) | Q(lifted_by__isnull=False),
                                   name="legal_hold_lifted_by_someone"),
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.child} from {self.placed_at:%d %B %Y}"

    @property
    def is_current(self) -> bool:
        return self.lifted_at is None
