"""Children in care: periods of care, legal statuses, placements, statutory visits,
looked-after reviews, the IRO's dispute resolution, health, education and family time.

Practitioners record what happens: the child became looked after, the legal status
changed, the placement changed, the child ceased to be looked after. The SSDA903
episodes are derived from those events (:mod:`lantern.care.episodes`), never typed
in. A period of care is scope ``period:<id>``; a placement ``placement:<id>``; a
dispute ``dispute:<id>``. The clocks (LA1-LA18, H1-H3, E1, IR1, IR2) live in the
obligations ledger.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lantern.core import codes

LEGAL_STATUSES = codes.choices("legal_status")
PLACEMENT_TYPES = codes.choices("placement_type")
PROVIDERS = codes.choices("placement_provider")
CEASED_REASONS = tuple(c for c in codes.choices("reason_episode_ceased") if c[0] != "X1")
CHANGE_REASONS = codes.choices("reason_placement_change")
CATEGORIES_OF_NEED = tuple(c for c in codes.choices("primary_need") if c[0] in
                           {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"})
PARTICIPATION = codes.choices("review_participation")

# Placement types with no provider in the return (validator rule 178) and temporary moves.
NO_PROVIDER_TYPES = frozenset({"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"})
RESIDENTIAL_TYPES = frozenset({"K1", "K2", "R1", "S1"})
FOSTER_TYPES = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
CONNECTED_TYPES = frozenset({"U1", "U2", "U3"})
ADOPTION_TYPES = frozenset({"A3", "A4", "A5", "A6"})


class Recorded(models.Model):
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        abstract = True


class PeriodOfCare(Recorded):
    """From the day a child became looked after to the day they ceased to be."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="care_periods")
    start = models.DateField("Became looked after")
    end = models.DateField("Ceased to be looked after", null=True, blank=True)
    end_reason = models.CharField("Reason ceased", max_length=4, choices=CEASED_REASONS, blank=True)
    category_of_need = models.CharField(max_length=2, choices=CATEGORIES_OF_NEED)
    home_postcode = models.CharField(
        max_length=8, blank=True,
        help_text="The postcode of the home the child was living in when they became looked after.")
    reason = models.TextField("Why the child became looked after", blank=True)
    care_plan_on = models.DateField("Care plan prepared", null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["child", "start"], name="care_period_child_start"),
                   models.Index(fields=["end"], name="care_period_end")]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="care_period_end_after_start"),
            models.CheckConstraint(condition=Q(end__isnull=True) | ~Q(end_reason=""),
                                   name="care_period_end_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Period of care from {self.start:%-d %B %Y}"

    @property
    def scope(self) -> str:
        return f"period:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.end is None


class LegalStatus(Recorded):
    """The legal basis on which the child is looked after, from ``start`` until the next."""

    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="legal_statuses")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=2, choices=LEGAL_STATUSES)
    start = models.DateField()

    class Meta:
        ordering = ["start", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "start"],
                                               name="legal_status_one_per_day")]


class CarerKind(models.TextChoices):
    IN_HOUSE_FOSTER = "in_house_foster", "In-house foster carer"
    AGENCY_FOSTER = "agency_foster", "Agency foster carer"
    CONNECTED_PERSON = "connected_person", "Connected person (family or friend)"
    CHILDRENS_HOME = "childrens_home", "Children's home"
    SUPPORTED = "supported", "Supported accommodation"
    PARENTS = "parents", "Placed with parents"
    ADOPTION = "adoption", "Placed for adoption"
    OTHER = "other", "Other"


class Placement(Recorded):
    """Where and with whom a looked-after child lives, from ``start`` to ``end``.

    ``end`` is the day the child moved on (the next placement's start). Whether the
    placement is inside the council's area and how far it is from home are worked out
    from the ONS postcode directory when it is recorded.
    """

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="placements")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="placements")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    placement_type = models.CharField(max_length=3, choices=PLACEMENT_TYPES)
    provider = models.CharField(max_length=3, choices=PROVIDERS, blank=True)
    carer_kind = models.CharField(max_length=20, choices=CarerKind.choices)
    carer_name = models.CharField("Carer or provider", max_length=200)
    same_carer = models.BooleanField(
        "Same carer as the previous placement", default=False,
        help_text="A change of placement with the same carer (SSDA903 reason T or U).")
    urn = models.CharField("Ofsted URN", max_length=8, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    area_code = models.CharField(max_length=9, blank=True,
                                 help_text="The local authority the postcode is in (ONS code).")
    in_area = models.BooleanField(default=True)
    miles_from_home = models.FloatField(null=True, blank=True)
    planned = models.BooleanField(default=True, help_text="Planned, or made in an emergency.")
    regulated = models.BooleanField(
        default=True, help_text="Registered with Ofsted or an approved foster carer.")
    resolved_on = models.DateField(
        null=True, blank=True,
        help_text="An unregulated or unassessed placement: when it was registered, approved or "
        "otherwise resolved.")
    resolved_how = models.CharField(max_length=300, blank=True)
    long_term_from = models.DateField(
        "Designated long-term (until 18) from", null=True, blank=True,
        help_text="From then on, after the placement's first year, visits are 3-monthly.")
    plan_agreed_on = models.DateField("Placement plan agreed", null=True, blank=True)
    notified_on = models.DateField("Placement notifications sent", null=True, blank=True)
    temporary_approval = models.BooleanField(
        "Connected person under temporary approval (reg 24)", default=False)
    parent_before_assessment = models.BooleanField(
        "Placed with a parent before the assessment is complete (reg 19)", default=False)
    extension_from = models.DateField(
        null=True, blank=True, help_text="The one 8-week extension of temporary approval: when it "
        "took effect.")
    approved_on = models.DateField(null=True, blank=True,
                                   help_text="The connected person was fully approved.")
    connected_person = models.ForeignKey(
        "legal.ConnectedPerson", on_delete=models.PROTECT, null=True, blank=True,
        related_name="placements",
        help_text="The family member or friend identified in the family's legal work, whose "
        "viability assessment counts as an assessment of this carer.")
    end_reason = models.CharField("Reason for the change", max_length=6, choices=CHANGE_REASONS,
                                  blank=True)
    end_detail = models.TextField(blank=True)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["child", "start"], name="placement_child_start"),
                   models.Index(fields=["end", "in_area"], name="placement_end_area")]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="placement_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.carer_name} from {self.start:%-d %B %Y}"

    @property
    def scope(self) -> str:
        return f"placement:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.end is None

    @property
    def unresolved(self) -> bool:
        """Unregulated, or a connected person not yet assessed, and not resolved."""
        return (not self.regulated or self.unassessed) and self.resolved_on is None

    @property
    def unassessed(self) -> bool:
        """A connected person with neither a completed positive viability assessment nor
        temporary approval (nor full approval). Reads of many placements select_related
        ``connected_person``."""
        if self.carer_kind != CarerKind.CONNECTED_PERSON or self.temporary_approval:
            return False
        if self.approved_on is not None:
            return False
        return not (self.connected_person_id and self.connected_person.assessed_on)

    @property
    def reg28(self) -> str:
        if self.parent_before_assessment:
            return "parent_assessment"
        if self.temporary_approval and self.approved_on is None:
            return "temporary_approval"
        return ""


class VisitPlace(models.TextChoices):
    PLACEMENT = "placement", "At the placement"
    SCHOOL = "school", "At school or college"
    OFFICE = "office", "At the office"
    COMMUNITY = "community", "Somewhere else in the community"
    VIRTUAL = "virtual", "By video call"


class CareVisit(Recorded):
    """A statutory visit to a looked-after child (regulation 28)."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="care_visits")
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("Date of visit")
    seen = models.BooleanField("Child seen")
    not_seen_reason = models.TextField(blank=True)
    seen_alone = models.BooleanField("Seen alone", default=False)
    not_alone_reason = models.TextField(blank=True)
    where = models.CharField(max_length=12, choices=VisitPlace.choices, default=VisitPlace.PLACEMENT)
    bedroom_seen = models.BooleanField(null=True, blank=True)
    child_said = models.TextField("What the child said", blank=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["child", "visited_on"], name="care_visit_child_on")]


class Review(Recorded):
    """A looked-after review chaired by the independent reviewing officer."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="care_reviews")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    participation = models.CharField(max_length=3, choices=PARTICIPATION)
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    permanence_plan = models.CharField(max_length=200, blank=True)
    decisions = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["child", "held_on"], name="care_review_child_on")]


class IroContact(Recorded):
    """The independent reviewing officer's contact with the child between reviews."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="iro_contacts")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="iro_contacts")
    on = models.DateField()
    how = models.CharField(max_length=12, choices=VisitPlace.choices)
    note = models.TextField(blank=True)
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]


class DisputeOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved: the outcome sought was achieved"
    PARTLY = "partly", "Partly resolved"
    NOT_RESOLVED = "not_resolved", "Not resolved"
    CAFCASS = "cafcass", "Referred to Cafcass"
    WITHDRAWN = "withdrawn", "Withdrawn by the IRO"


class Dispute(Recorded):
    """An IRO's challenge through the dispute resolution process (IRO Handbook)."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="iro_disputes")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="disputes")
    raised_on = models.DateField()
    iro = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    concern = models.TextField("What the concern is")
    why = models.TextField("Why it matters for the child")
    outcome_sought = models.TextField("What outcome the IRO wants")
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=DisputeOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["closed_on"], name="dispute_closed")]
        constraints = [models.CheckConstraint(
            condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
            name="dispute_closed_after_raised")]

    @property
    def scope(self) -> str:
        return f"dispute:{self.pk}"


class DisputeStage(Recorded):
    """One stage of a dispute: who it went to, when a response is due, the response."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="stages")
    stage = models.CharField(max_length=20)  # a key of settings.LANTERN_IRO_DISPUTE_STAGES
    opened_on = models.DateField()
    addressed_to = models.CharField(max_length=200, blank=True)
    response_working_days = models.PositiveSmallIntegerField(
        help_text="Working days allowed for the response at this stage (IR2).")
    response_due = models.DateField()
    responded_on = models.DateField(null=True, blank=True)
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["opened_on", "id"]


class HealthKind(models.TextChoices):
    INITIAL = "initial", "Initial health assessment"
    REVIEW = "review", "Review health assessment"
    DENTAL = "dental", "Dental check"
    IMMUNISATIONS = "immunisations", "Immunisations up to date"
    SDQ = "sdq", "Strengths and Difficulties Questionnaire"
    CAMHS = "camhs", "Referral to CAMHS"
    THERAPY = "therapy", "Therapeutic support"


class HealthRecord(Recorded):
    """A health event for a looked-after child: an assessment, a check, a score, a referral."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="health_records")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="health_records")
    kind = models.CharField(max_length=14, choices=HealthKind.choices)
    on = models.DateField()
    sdq_score = models.PositiveSmallIntegerField("SDQ score", null=True, blank=True)
    by = models.CharField("Carried out by", max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["child", "kind", "on"], name="health_child_kind_on")]
        constraints = [models.CheckConstraint(
            condition=Q(sdq_score__isnull=True) | Q(sdq_score__lte=40), name="health_sdq_range")]


class Pep(Recorded):
    """A personal education plan meeting (initial or review), with the Virtual School."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="peps")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="peps")
    held_on = models.DateField()
    school = models.CharField(max_length=200, blank=True)
    virtual_school_contact = models.CharField(max_length=200, blank=True)
    targets = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]


class FamilyTimeMode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    VIRTUAL = "virtual", "Virtual (video or phone)"
    LETTER = "letter", "Letterbox"


class FamilyTimeArrangement(Recorded):
    """Planned time with family: with whom, how often, supervised or not, how."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="family_time")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.PROTECT, related_name="family_time")
    with_whom = models.CharField(max_length=200)
    every_days = models.PositiveSmallIntegerField("How often (days between sessions)")
    supervised = models.BooleanField()
    mode = models.CharField(max_length=12, choices=FamilyTimeMode.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]


class SessionOutcome(models.TextChoices):
    HELD = "held", "Held"
    CANCELLED_FAMILY = "cancelled_family", "Cancelled by the family"
    CANCELLED_CHILD = "cancelled_child", "Cancelled by the child"
    CANCELLED_COUNCIL = "cancelled_council", "Cancelled by the council"
    CANCELLED_CARER = "cancelled_carer", "Cancelled by the carer"


class FamilyTimeSession(Recorded):
    arrangement = models.ForeignKey(FamilyTimeArrangement, on_delete=models.PROTECT,
                                    related_name="sessions")
    on = models.DateField()
    outcome = models.CharField(max_length=18, choices=SessionOutcome.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-on", "-id"]
