"""Who may see a restricted child: restrictions, time-limited grants, staff links and
emergency ("break-glass") access.

The decision itself is made in ``policy``; these models only hold the facts it reads.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class GrantKind(models.TextChoices):
    TASK = "task", "Task"
    INVOLVED_WORKER = "involved_worker", "Involved worker"
    BREAK_GLASS = "break_glass", "Emergency access"


class Grant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grants")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="grants")
    kind = models.CharField(max_length=20, choices=GrantKind.choices, default=GrantKind.TASK)
    reason = models.CharField(max_length=300)
    starts = models.DateTimeField()
    expires = models.DateTimeField(help_text="Access ends at this moment by itself.")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Access ended early at this moment.")
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    revoke_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-starts", "-id"]
        indexes = [
            models.Index(fields=["user", "expires"], name="grant_user_expires"),
            models.Index(fields=["expires"], name="grant_expires"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(expires__gt=models.F("starts")), name="grant_expires_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} grant to {self.user} for {self.child}"

    def is_current(self, now) -> bool:
        return self.revoked_at is None and self.starts <= now < self.expires


class RestrictionKind(models.TextChoices):
    ADOPTION = "adoption", "Adoption"
    STAFF_MEMBER = "staff_member", "Staff member"
    RELATIVE_OF_STAFF = "relative_of_staff", "Relative of a staff member"
    HIGH_PROFILE = "high_profile", "High profile"
    HIGH_RISK = "high_risk", "High risk"
    SERIOUS_CASE_REVIEW = "serious_case_review", "Serious case review"


class Restriction(models.Model):
    """A child's record closed to all but the named roles, its owner and explicit grants,
    from ``set_at`` until it is ended. Reviewed at least every 90 days."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="restrictions")
    kind = models.CharField(max_length=24, choices=RestrictionKind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              help_text="Answers for the restriction and may give access to the record.")
    reason = models.TextField()
    set_at = models.DateTimeField()
    last_reviewed_on = models.DateField(help_text="The day it was set or last reviewed.")
    review_by = models.DateField(help_text="No more than 90 days after it was set or last reviewed.")
    staff_link = models.ForeignKey("access.StaffLink", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="restrictions",
                                   help_text="Set automatically because a staff account is linked to the family.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True, help_text="Empty while the restriction stands.")
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["review_by", "id"]
        indexes = [
            models.Index(fields=["child"], condition=Q(ended_at__isnull=True), name="restriction_current_child"),
            models.Index(fields=["review_by"], condition=Q(ended_at__isnull=True), name="restriction_current_review"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(review_by__gt=models.F("last_reviewed_on")),
                                   name="restriction_review_after_last"),
            models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("set_at")),
                                   name="restriction_ends_after_set"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} restriction on {self.child}"


class RestrictionReview(models.Model):
    """One review of a restriction: kept so the history of reviews is readable."""

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    note = models.TextField()
    next_review_by = models.DateField()
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-reviewed_on", "-id"]


class StaffLink(models.Model):
    """A staff account that belongs to a child, or to an adult in a child's family network.

    Every child it concerns is restricted, and the linked user never sees them, whatever
    their role, team or grants."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff_links")
    child = models.ForeignKey("people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    adult = models.ForeignKey("people.Adult", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, help_text="How the link became known.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user"], name="stafflink_user")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(child__isnull=False) & Q(adult__isnull=True))
                | (Q(child__isnull=True) & Q(adult__isnull=False)),
                name="stafflink_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.child or self.adult}"


class BreakGlass(models.Model):
    """One use of emergency access, flagged to the child's team manager until reviewed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField()
    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="break_glass")
    team = models.ForeignKey("staff.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             help_text="The child's team at the time.")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="break_glass_flags",
                                help_text="Who the use was flagged to: the manager of the child's team.")
    reviewed_at = models.DateTimeField(null=True, blank=True, help_text="Empty while unreviewed.")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "break-glass uses"
        indexes = [
            models.Index(fields=["manager", "reviewed_at"], name="breakglass_manager"),
            models.Index(fields=["-at"], name="breakglass_at"),
        ]
