"""Child protection: strategy discussions, section 47 enquiries, conferences, plans, core groups.

All of it belongs to a children's social care episode, which starts at a referral
(scope ``cin:<referral id>``): a strategy discussion decides whether a section 47
enquiry starts (jointly with the police, or by children's social care alone with a
recorded rationale); the enquiry's outcome says whether an initial child protection
conference is needed; the conference decides whether the child needs a child
protection plan (scope ``cp:<plan id>``), which is then reviewed by review conferences
and worked through core groups and visits. The clocks (CP2, CP4, CP5, CP7, CP8, CP9)
live in the obligations ledger, not here.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lantern.core import codes
from lantern.plans.models import PlanPeriod

CATEGORY_LABELS = dict(codes.choices("cp_category"))


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education (school or nursery)"
    SOCIAL_CARE = "social_care", "Children's social care"
    PROBATION = "probation", "Probation"
    OTHER = "other", "Other"


class StrategyDecision(models.TextChoices):
    S47_JOINT = "s47_joint", "Section 47 enquiry, jointly with the police"
    S47_SINGLE = "s47_single", "Section 47 enquiry by children's social care alone"
    NFA = "nfa", "No section 47 enquiry"


class StrategyDiscussion(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT,
                              related_name="strategy_discussions")
    referral = models.ForeignKey("frontdoor.Referral", on_delete=models.PROTECT,
                                 related_name="strategy_discussions",
                                 help_text="The social care episode the discussion belongs to.")
    held_at = models.DateTimeField(help_text="When the discussion took place (aware).")
    decision = models.CharField(max_length=12, choices=StrategyDecision.choices)
    single_agency_rationale = models.TextField(
        blank=True, help_text="Why the enquiry is not joint with the police (required when single).")
    nfa_reasons = models.TextField(blank=True, help_text="Why no enquiry (required for no s47).")
    school_not_invited_reason = models.TextField(
        blank=True, help_text="Why the school was not invited, for a child of school age.")
    school_age = models.BooleanField(default=False, help_text="The child was of school age on the day.")
    summary = models.TextField(blank=True, help_text="The information shared and the risks discussed.")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["child", "held_at"], name="strategy_child_held")]

    def __str__(self) -> str:
        return "Strategy discussion"

    @property
    def scope(self) -> str:
        return f"cin:{self.referral_id}"

    @property
    def starts_s47(self) -> bool:
        return self.decision in (StrategyDecision.S47_JOINT, StrategyDecision.S47_SINGLE)

    @property
    def school_missing(self) -> bool:
        """A school-age child's school was not invited (flagged on every page that shows it)."""
        return self.school_age and bool(self.school_not_invited_reason)


class Participant(models.Model):
    """One agency's part in a strategy discussion: invited, and whether they attended."""

    discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT,
                                   related_name="participants")
    agency = models.CharField(max_length=12, choices=Agency.choices)
    name = models.CharField(max_length=200, blank=True, help_text="Person and role, if known.")
    invited = models.BooleanField(default=True)
    attended = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["discussion", "agency"],
                                               name="participant_once_per_agency")]


class EnquiryOutcome(models.TextChoices):
    CONFERENCE = "icpc", "Initial child protection conference needed"
    SUBSTANTIATED_NO_CONFERENCE = "substantiated", (
        "Concerns substantiated, child not judged to be at continuing risk: no conference")
    NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated: no conference"


class Enquiry(models.Model):
    """A section 47 enquiry, started by the strategy discussion that decided it."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="enquiries")
    referral = models.ForeignKey("frontdoor.Referral", on_delete=models.PROTECT,
                                 related_name="enquiries")
    strategy = models.OneToOneField(StrategyDiscussion, on_delete=models.PROTECT,
                                    related_name="enquiry")
    start = models.DateField("Actual start date", help_text="The s47 actual start date (CIN census).")
    joint = models.BooleanField(help_text="Joint with the police.")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=EnquiryOutcome.choices, blank=True)
    findings = models.TextField(blank=True)
    completed = models.DateField(null=True, blank=True, help_text="Empty while the enquiry is open.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name_plural = "enquiries"
        constraints = [
            models.CheckConstraint(condition=Q(completed__isnull=True) | Q(completed__gte=F("start")),
                                   name="enquiry_completed_after_start"),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry started {self.start:%-d %b %Y}"

    @property
    def scope(self) -> str:
        return f"cin:{self.referral_id}"


class EndReason(models.TextChoices):
    STEPPED_DOWN = "stepped_down", "Stepped down to a child in need plan"
    LOOKED_AFTER = "looked_after", "Became looked after"
    MOVED_AWAY = "moved_away", "Moved to another local authority"
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed: case closed"
    EIGHTEEN = "eighteen", "Reached 18"
    OTHER = "other", "Other"


class Plan(PlanPeriod):
    """A child protection plan, from the initial conference that made it to its end."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="cp_plans")
    referral = models.ForeignKey("frontdoor.Referral", on_delete=models.PROTECT,
                                 related_name="cp_plans")
    start = models.DateField(help_text="The date of the initial conference that made the plan.")
    initial_category = models.CharField(max_length=3, choices=codes.choices("cp_category"))
    latest_category = models.CharField(max_length=3, choices=codes.choices("cp_category"))
    visit_interval_days = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Working days between visits set by the conference; empty for the council's.")
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["child", "end"], name="cp_plan_child_end")]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="cp_plan_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.start:%-d %b %Y}"

    @property
    def scope(self) -> str:
        return f"cp:{self.pk}"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"


class ConferenceOutcome(models.TextChoices):
    PLAN = "plan", "Child protection plan needed"
    NO_PLAN = "no_plan", "No child protection plan"
    CONTINUE = "continue", "Plan to continue"
    END = "end", "Plan to end"


class Conference(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="conferences")
    referral = models.ForeignKey("frontdoor.Referral", on_delete=models.PROTECT,
                                 related_name="conferences")
    kind = models.CharField(max_length=8, choices=ConferenceKind.choices)
    held_on = models.DateField()
    enquiry = models.ForeignKey(Enquiry, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="conferences", help_text="For an initial conference.")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="conferences",
                             help_text="The plan it made (initial) or reviewed (review).")
    outcome = models.CharField(max_length=8, choices=ConferenceOutcome.choices)
    category = models.CharField(max_length=3, choices=codes.choices("cp_category"), blank=True)
    visit_interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    decisions = models.TextField(help_text="What the conference decided and why.")
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["child", "held_on"], name="conference_child_held")]
        constraints = [
            models.UniqueConstraint(fields=["enquiry"], condition=Q(kind="initial"),
                                    name="one_initial_conference_per_enquiry"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%-d %b %Y}"


class CoreGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="core_groups")
    held_on = models.DateField()
    agencies = models.JSONField(default=list, blank=True, help_text="Agencies that attended.")
    notes = models.TextField(blank=True, help_text="Progress against the plan and what was agreed.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Core group {self.held_on:%-d %b %Y}"
