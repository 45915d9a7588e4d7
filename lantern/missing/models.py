"""Missing and absent episodes and return home interviews.

An episode runs from the moment the child went missing (``started_at``) to the moment they
came back (``returned_at``, empty while they are still missing). Both are aware datetimes:
the return starts the 72-hour clock for the return home interview (M1). The SSDA903
Missing table is read from these rows for the episodes of looked-after children
(``period`` set).
"""

from django.conf import settings
from django.db import models

from lantern.core import codes

KINDS = codes.choices("missing_type")


class MissingEpisode(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="missing_episodes")
    period = models.ForeignKey(
        "care.PeriodOfCare", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The period of care the child was in when they went missing (empty if not looked after).")
    kind = models.CharField(max_length=1, choices=KINDS,
                            help_text="M: missing; A: away from placement without authorisation.")
    started_at = models.DateTimeField("Went missing")
    returned_at = models.DateTimeField("Returned", null=True, blank=True,
                                       help_text="Empty while the child is still missing.")
    missing_from = models.CharField("Missing from", max_length=200,
                                    help_text="Where from: the placement, home, school.")
    where_found = models.CharField("Where found", max_length=300, blank=True)
    reported_to_police_at = models.DateTimeField("Reported to the police", null=True, blank=True)
    risk_notes = models.TextField("Risks", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["child", "started_at"], name="missing_child_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(returned_at__isnull=True) | models.Q(returned_at__gte=models.F("started_at")),
                name="missing_return_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def scope(self) -> str:
        return f"missing:{self.pk}"

    @property
    def duration(self):
        return self.returned_at - self.started_at if self.returned_at else None


class ReturnInterview(models.Model):
    """The independent return home interview offered after an episode, and what it found."""

    episode = models.OneToOneField(MissingEpisode, on_delete=models.PROTECT, related_name="interview")
    offered_at = models.DateTimeField("Offered", null=True, blank=True)
    accepted = models.BooleanField(null=True, blank=True, help_text="Empty until the child has answered.")
    held_at = models.DateTimeField("Held", null=True, blank=True)
    by_whom = models.CharField("Held by", max_length=200, blank=True,
                               help_text="The independent person or organisation.")
    declined_reason = models.TextField(blank=True)
    child_said = models.TextField("What the child said", blank=True)
    push_pull_factors = models.TextField("Push and pull factors", blank=True)
    exploitation_concerns = models.BooleanField(null=True, blank=True)
    actions = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Return home interview for episode {self.episode_id}"
