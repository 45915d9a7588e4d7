"""Early help assessments: the assessment a lead practitioner makes with a family receiving
early help (Ofsted's Annex A list 2: when it started, when it was completed and which
organisation completed it). The early help episode itself is the child's early help level
of need (people.Involvement)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


def episode_on(episodes, day):
    """Of a child's early help episodes (anything with ``start`` and an exclusive ``end``),
    the one open on ``day``; None when there was none. The one rule for which episode an
    assessment belongs to, for the services and the ledger's facts alike."""
    return next((e for e in episodes if e.start <= day and (e.end is None or day < e.end)), None)


class Organisation(models.TextChoices):
    COUNCIL = "council", "Council early help team"
    FAMILY_HUB = "family_hub", "Family hub or children's centre"
    SCHOOL = "school", "School or college"
    EARLY_YEARS = "early_years", "Early years setting"
    HEALTH = "health", "Health (health visitor, school nurse, GP)"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    HOUSING = "housing", "Housing"
    POLICE = "police", "Police"
    OTHER = "other", "Another organisation"


class Outcome(models.TextChoices):
    PLAN = "plan", "Early help plan agreed with the family"
    NO_FURTHER = "no_further", "Needs met: no further early help"
    DECLINED = "declined", "The family declined early help"
    SOCIAL_CARE = "social_care", "Referred to children's social care"


class EarlyHelpAssessment(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="early_help_assessments")
    started_on = models.DateField()
    organisation = models.CharField(max_length=20, choices=Organisation.choices)
    organisation_name = models.CharField(max_length=200, blank=True,
                                         help_text="Which school, health team or organisation, by name")
    lead_practitioner = models.CharField(max_length=200)
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True, choices=Outcome.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["started_on"]), models.Index(fields=["completed_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                                   name="early_help_completed_after_start"),
            models.CheckConstraint(condition=Q(completed_on__isnull=True, outcome="")
                                   | (Q(completed_on__isnull=False) & ~Q(outcome="")),
                                   name="early_help_outcome_when_completed"),
        ]

    @property
    def is_open(self) -> bool:
        return self.completed_on is None

    @property
    def organisation_label(self) -> str:
        """The organisation as Annex A names it: its name when recorded, else its kind."""
        return self.organisation_name or self.get_organisation_display()


class EarlyHelpReview(models.Model):
    """A review of the early help plan an assessment agreed with the family (F5: a local
    interval, every 12 weeks by default, from the plan or the last review)."""

    assessment = models.ForeignKey(EarlyHelpAssessment, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    progress = models.TextField(help_text="What has changed for the child, and what happens next")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "held_on"], name="early_help_review_once_a_day")]
