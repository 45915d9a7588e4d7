"""Child in need plans under section 17, their reviews and (through ``plans``) visits.

A plan belongs to the children's social care episode that started at a referral, and
follows an assessment that found the child in need, or a child protection plan that
was stepped down. Its clocks (CIN1 plan in place, CIN2 reviews, CIN3 visits) live in
the obligations ledger.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lantern.plans.models import PlanPeriod


class EndReason(models.TextChoices):
    NEEDS_MET = "needs_met", "Needs met: case closed"
    STEPPED_DOWN = "stepped_down", "Stepped down to early help"
    STEPPED_UP = "stepped_up", "Stepped up to child protection"
    LOOKED_AFTER = "looked_after", "Became looked after"
    MOVED_AWAY = "moved_away", "Moved to another local authority"
    EIGHTEEN = "eighteen", "Reached 18"
    OTHER = "other", "Other"


class Plan(PlanPeriod):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="cin_plans")
    referral = models.ForeignKey("frontdoor.Referral", on_delete=models.PROTECT,
                                 related_name="cin_plans")
    start = models.DateField(help_text="The day the plan was agreed (CIN census plan start).")
    from_cp_plan = models.ForeignKey("protection.Plan", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     help_text="The child protection plan it followed, if stepped down.")
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["child", "end"], name="cin_plan_child_end")]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="cin_plan_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start:%-d %b %Y}"

    @property
    def scope(self) -> str:
        return f"cinplan:{self.pk}"


class Review(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    summary = models.TextField(help_text="Progress, the child's views and what was decided.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Child in need review {self.held_on:%-d %b %Y}"
