"""Single assessments: from a referral to a decision on next steps.

An assessment belongs to one referral (the CIN census episode). It records its
actual start date, the days the child was seen (and whether alone), the factors
identified at the end (CIN census codes), the analysis, the outcome, the
completion date and the manager's authorisation. The 45-working-day clock (A1)
runs from the referral date; it lives in the obligations ledger, not here.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lantern.core import codes


class Outcome(models.TextChoices):
    """What the assessment concluded: the next step (CIN census friendly)."""

    NFA = "nfa", "No further action"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STRATEGY = "strategy", "Strategy discussion / section 47 enquiry"
    EARLY_HELP = "early_help", "Step down to early help"
    LOOKED_AFTER = "looked_after", "Looked after"
    OTHER = "other", "Other"


FACTOR_LABELS = dict(codes.choices("assessment_factor"))
NO_FACTORS = "21"


class Assessment(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="assessments")
    referral = models.ForeignKey("frontdoor.Referral", on_delete=models.PROTECT,
                                 related_name="assessments")
    start = models.DateField("Actual start date",
                             help_text="When the assessment actually started (CIN census).")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="assessments", help_text="The social worker who did it.")
    factors = models.JSONField(default=list, blank=True,
                               help_text="CIN census factors identified at the end (codes).")
    analysis = models.TextField(blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    completed = models.DateField("Completion date", null=True, blank=True,
                                 help_text="Empty while the assessment is open.")
    late_reason = models.TextField(blank=True,
                                   help_text="Why it was completed after the A1 due date.")
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    authorised = models.DateField("Authorisation date", null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["child", "start"], name="assessment_child_start")]
        constraints = [
            models.UniqueConstraint(fields=["referral"], name="assessment_once_per_referral"),
            models.CheckConstraint(condition=Q(completed__isnull=True) | Q(completed__gte=F("start")),
                                   name="assessment_completed_after_start"),
            models.CheckConstraint(
                condition=Q(authorised__isnull=True) | Q(completed__isnull=False,
                                                         authorised__gte=F("completed")),
                name="assessment_authorised_after_completion"),
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.start:%-d %b %Y}"

    @property
    def scope(self) -> str:
        return f"cin:{self.referral_id}"

    @property
    def factor_labels(self) -> list[tuple[str, str]]:
        return [(code, FACTOR_LABELS.get(code, code)) for code in self.factors]


class AssessmentSeen(models.Model):
    """A day the child was seen during the assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="seen")
    seen_on = models.DateField("Date seen")
    alone = models.BooleanField("Seen alone", default=False)
    not_alone_reason = models.TextField(blank=True, help_text="Why the child was not seen alone.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["seen_on", "id"]

    def __str__(self) -> str:
        return f"Seen {self.seen_on:%-d %b %Y}" + (" alone" if self.alone else "")
