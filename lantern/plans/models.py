"""What every plan for a child holds, child protection or child in need alike:
actions that are specific and measurable, their reviews, and the visits that check
on the child.

Each row points at exactly one plan: a child protection plan or a child in need
plan. Visits where the child was seen meet the visiting clocks (CP9, CIN3).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PlanPeriod(models.Model):
    """What a child protection plan and a child in need plan share: an open-ended period
    recorded by someone. Each concrete plan adds its child, episode, start and ending."""

    end = models.DateField(null=True, blank=True, help_text="Empty while the plan is open.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.end is None

    def open_on(self, day) -> bool:
        """Whether the plan was open on ``day`` (its start and end days included)."""
        return self.start <= day and (self.end is None or day <= self.end)


ONE_PLAN = (Q(cp_plan__isnull=False, cin_plan__isnull=True)
            | Q(cp_plan__isnull=True, cin_plan__isnull=False))


class Owner(models.TextChoices):
    """Who an action belongs to when it is an agency rather than a named person."""

    SOCIAL_CARE = "social_care", "Children's social care"
    PARENT = "parent", "Parent or carer"
    CHILD = "child", "The child"
    SCHOOL = "school", "School or nursery"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    HOUSING = "housing", "Housing"
    SUBSTANCE = "substance", "Drug and alcohol service"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse service"
    EARLY_HELP = "early_help", "Early help"
    OTHER = "other", "Other"


class Progress(models.TextChoices):
    DONE = "done", "Done"
    PARTLY = "partly", "Partly done"
    NOT_DONE = "not_done", "Not done"


class Action(models.Model):
    """One action of a plan: what, by whom, by when, and how anyone will know it worked."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="plan_actions")
    cp_plan = models.ForeignKey("protection.Plan", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="actions")
    cin_plan = models.ForeignKey("childinneed.Plan", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="actions")
    what = models.TextField("What will be done")
    owner_agency = models.CharField(max_length=16, choices=Owner.choices, blank=True)
    owner_name = models.CharField(max_length=200, blank=True, help_text="The person responsible.")
    due = models.DateField("By when", null=True, blank=True)
    measure = models.TextField("How we will know it has worked", blank=True)
    added_on = models.DateField()
    progress = models.CharField(max_length=8, choices=Progress.choices, blank=True,
                                help_text="The latest review's finding; empty until reviewed.")
    reviewed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["added_on", "id"]
        constraints = [models.CheckConstraint(condition=ONE_PLAN, name="action_one_plan")]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def no_owner(self) -> bool:
        return not self.owner_agency and not self.owner_name.strip()

    @property
    def no_date(self) -> bool:
        return self.due is None

    @property
    def no_measure(self) -> bool:
        return not self.measure.strip()

    @property
    def flags(self) -> list[str]:
        """What makes this action not specific or not measurable, in words."""
        return [text for flagged, text in ((self.no_owner, "No owner"), (self.no_date, "No date"),
                                           (self.no_measure, "No measurable outcome")) if flagged]

    @property
    def owner(self) -> str:
        agency = self.get_owner_agency_display() if self.owner_agency else ""
        return ", ".join(p for p in (self.owner_name.strip(), agency) if p)


class ActionReview(models.Model):
    """A review of one action: done, partly done or not done, and what was said."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    progress = models.CharField(max_length=8, choices=Progress.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["reviewed_on", "id"]


class Visit(models.Model):
    """A statutory visit to a child on a plan, with the child's voice."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="plan_visits")
    cp_plan = models.ForeignKey("protection.Plan", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="visits")
    cin_plan = models.ForeignKey("childinneed.Plan", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("Date of visit")
    seen = models.BooleanField("Child seen")
    not_seen_reason = models.TextField(blank=True)
    seen_alone = models.BooleanField("Seen alone", default=False)
    not_alone_reason = models.TextField(blank=True, help_text="Why the child was not seen alone.")
    bedroom_seen = models.BooleanField("Bedroom seen", null=True, blank=True,
                                       help_text="Empty where it does not apply (not at home).")
    child_said = models.TextField("What the child said", blank=True)
    child_seemed = models.TextField("How the child seemed", blank=True)
    others_present = models.CharField("Who else was present", max_length=300, blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["child", "visited_on"], name="plan_visit_child_on")]
        constraints = [models.CheckConstraint(condition=ONE_PLAN, name="visit_one_plan")]

    def __str__(self) -> str:
        return f"Visit {self.visited_on:%-d %b %Y}"
