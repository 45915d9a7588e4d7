"""Legal work with a family: legal gateway meetings, pre-proceedings under the Public Law
Outline, alternatives to care (family and friends, viability assessments, family group
conferences), care proceedings with their hearings, extensions and orders, and permanence
(the plan for permanence and the adoption timeline).

A family's legal work is one :class:`LegalCase` (the PLO family: children linked by their
parents who start and end pre-proceedings or proceedings together). Pre-proceedings are
scope ``preproceedings:<id>``, proceedings ``proceedings:<id>``; each child of the case gets
the clocks (L3, L11, L1, L10) in their own ledger. The plan for permanence is per child and
period of care (scope ``period:<id>``, LA15); the adoption timeline is per child
(``adoption:<id>``; AD1-AD3).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from lantern.care.models import Recorded
from lantern.core import codes


class LegalCase(Recorded):
    """A family's legal work, from the first legal gateway meeting to the last order."""

    reference = models.CharField("PLO family ID", max_length=20, unique=True)
    family_name = models.CharField(max_length=200, help_text="For example, the Ashworth family")
    children = models.ManyToManyField("people.Child", through="LegalCaseChild",
                                      related_name="legal_cases")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              help_text="The social worker leading the legal work.")
    legal_adviser = models.CharField(max_length=200, blank=True,
                                     help_text="The council's solicitor for the family.")
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "id"]

    def __str__(self) -> str:
        return f"{self.family_name} ({self.reference})"


class LegalCaseChild(models.Model):
    case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="memberships")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="legal_memberships")
    added_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "child"], name="legal_case_child_once")]


class Threshold(models.TextChoices):
    MET = "met", "Threshold met"
    NOT_MET = "not_met", "Threshold not met"
    UNCLEAR = "unclear", "Not yet clear: more information needed"


class GatewayDecision(models.TextChoices):
    NO_ACTION = "no_action", "No legal action"
    FURTHER_ASSESSMENT = "further_assessment", "Further assessment"
    PRE_PROCEEDINGS = "pre_proceedings", "Enter pre-proceedings"
    ISSUE = "issue", "Issue proceedings"
    EMERGENCY = "emergency", "Emergency application"


class GatewayMeeting(Recorded):
    """A legal gateway (legal planning) meeting and its decision."""

    case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="gateway_meetings")
    held_on = models.DateField()
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              help_text="The manager who chaired the meeting and made the decision.")
    legal_adviser = models.CharField(max_length=200)
    social_worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      related_name="+", null=True, blank=True)
    others = models.CharField("Others attending", max_length=400, blank=True)
    threshold = models.CharField(max_length=10, choices=Threshold.choices)
    decision = models.CharField(max_length=20, choices=GatewayDecision.choices)
    rationale = models.TextField()

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [models.CheckConstraint(condition=~Q(rationale=""), name="gateway_rationale")]

    def __str__(self) -> str:
        return f"Legal gateway meeting on {self.held_on:%-d %B %Y}: {self.get_decision_display()}"


class GatewayAction(models.Model):
    meeting = models.ForeignKey(GatewayMeeting, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=400)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class PreProceedingsDecision(models.TextChoices):
    ISSUE = "issue", "Issue care proceedings"
    STEP_DOWN = "step_down", "Step down"


class PreProceedingsOutcome(models.TextChoices):
    """What followed the decision (the CIN census 2026-27 PPOutcome, in practice words)."""

    ISSUED = "issued", "Care proceedings issued"
    CHILD_PROTECTION = "child_protection", "Stepped down: child protection plan"
    CHILD_IN_NEED = "child_in_need", "Stepped down: child in need plan"
    FAMILY_ARRANGEMENT = "family_arrangement", "Stepped down: child living with family or friends"
    NO_FURTHER_ACTION = "no_further_action", "Stepped down: no further statutory involvement"
    MOVED_AWAY = "moved_away", "Family moved to another council"
    OTHER = "other", "Other"


STEP_DOWN_OUTCOMES = frozenset({
    PreProceedingsOutcome.CHILD_PROTECTION, PreProceedingsOutcome.CHILD_IN_NEED,
    PreProceedingsOutcome.FAMILY_ARRANGEMENT, PreProceedingsOutcome.NO_FURTHER_ACTION,
    PreProceedingsOutcome.MOVED_AWAY, PreProceedingsOutcome.OTHER})


class PreProceedings(Recorded):
    """Pre-proceedings under the Public Law Outline, from the decision to enter them (usually
    a gateway meeting's) to the decision to issue or step down."""

    case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="pre_proceedings")
    gateway = models.ForeignKey(GatewayMeeting, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", help_text="The meeting that decided to enter them.")
    started_on = models.DateField("Decision to enter pre-proceedings",
                                  help_text="The CIN census pre-proceedings start date.")
    letter_sent_on = models.DateField("Letter before proceedings sent", null=True, blank=True)
    parents_represented = models.BooleanField("Parents had legal representation", null=True, blank=True)
    decision = models.CharField(max_length=10, choices=PreProceedingsDecision.choices, blank=True)
    decision_on = models.DateField("Decision to issue or step down", null=True, blank=True)
    decision_rationale = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=PreProceedingsOutcome.choices, blank=True)
    court_application_on = models.DateField("Court application made", null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_on__isnull=True) | Q(decision_on__gte=F("started_on")),
                name="preproceedings_decision_after_start"),
            models.CheckConstraint(
                condition=Q(decision="") | (Q(decision_on__isnull=False) & ~Q(decision_rationale="")),
                name="preproceedings_decision_dated_reasoned"),
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.started_on:%-d %B %Y}"

    @property
    def scope(self) -> str:
        return f"preproceedings:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.decision_on is None


class MeetingKind(models.TextChoices):
    INITIAL = "initial", "Initial pre-proceedings meeting"
    REVIEW = "review", "Review meeting"


class PreProceedingsMeeting(Recorded):
    pre_proceedings = models.ForeignKey(PreProceedings, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField()
    parents_attended = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        constraints = [models.UniqueConstraint(fields=["pre_proceedings"], condition=Q(kind="initial"),
                                               name="preproceedings_one_initial_meeting")]


class FamilyGroupConference(Recorded):
    """Family group decision-making: offered, then held or declined."""

    case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="conferences")
    pre_proceedings = models.ForeignKey(PreProceedings, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="conferences")
    offered_on = models.DateField()
    declined = models.BooleanField(default=False)
    held_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="The family's plan, or why it was declined.")

    class Meta:
        ordering = ["offered_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(held_on__isnull=True) | Q(held_on__gte=F("offered_on")),
                                   name="fgc_held_after_offer"),
            models.CheckConstraint(condition=~(Q(declined=True) & Q(held_on__isnull=False)),
                                   name="fgc_declined_not_held"),
        ]


class AssessmentKind(models.TextChoices):
    PARENTING = "parenting", "Parenting assessment"
    COGNITIVE = "cognitive", "Cognitive assessment"
    PSYCHOLOGICAL = "psychological", "Psychological assessment"
    PSYCHIATRIC = "psychiatric", "Psychiatric assessment"
    SUBSTANCE = "substance", "Drug and alcohol testing"
    RESIDENTIAL = "residential", "Residential parenting assessment"
    OTHER = "other", "Other assessment"


class CommissionedAssessment(Recorded):
    """An assessment of a parent commissioned during pre-proceedings or proceedings."""

    case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="assessments")
    pre_proceedings = models.ForeignKey(PreProceedings, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="assessments")
    kind = models.CharField(max_length=15, choices=AssessmentKind.choices)
    subject = models.CharField("Who is assessed", max_length=200)
    provider = models.CharField("Who assesses", max_length=200, blank=True)
    commissioned_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    findings = models.TextField(blank=True)

    class Meta:
        ordering = ["commissioned_on", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("commissioned_on")),
            name="legal_assessment_completed_after")]


class ConnectedPerson(Recorded):
    """A family member or friend put forward to care for a child instead of care by strangers."""

    case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="connected_people")
    name = models.CharField(max_length=200)
    relationship = models.CharField("Relationship to the children", max_length=100)
    identified_on = models.DateField()
    adult = models.ForeignKey("people.Adult", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    ruled_out_on = models.DateField(null=True, blank=True)
    ruled_out_reason = models.TextField(blank=True)
    assessed_on = models.DateField(
        null=True, blank=True, editable=False,
        help_text="When a viability assessment of them was completed as positive (kept by the "
        "viability service).")

    class Meta:
        ordering = ["identified_on", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class ViabilityOutcome(models.TextChoices):
    POSITIVE = "positive", "Positive: proceed to full assessment"
    NEGATIVE = "negative", "Negative: not to be taken forward"


class ViabilityAssessment(Recorded):
    person = models.ForeignKey(ConnectedPerson, on_delete=models.PROTECT,
                               related_name="viability_assessments")
    requested_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=ViabilityOutcome.choices, blank=True)
    by_whom = models.CharField("Assessed by", max_length=200, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("requested_on")),
                name="viability_completed_after_request"),
            models.CheckConstraint(
                condition=(Q(completed_on__isnull=True) & Q(outcome=""))
                | (Q(completed_on__isnull=False) & ~Q(outcome="")),
                name="viability_outcome_when_completed"),
        ]


class Application(models.TextChoices):
    CARE = "care", "Care order (s31)"
    SUPERVISION = "supervision", "Supervision order (s31)"
    EMERGENCY_PROTECTION = "epo", "Emergency protection order (s44)"
    PLACEMENT = "placement", "Placement order (Adoption and Children Act 2002 s21)"
    DISCHARGE = "discharge", "Discharge of a care order (s39)"


PUBLIC_LAW_APPLICATIONS = frozenset({Application.CARE, Application.SUPERVISION})


class Proceedings(Recorded):
    """An application to the family court, from issue to the final disposal."""

    case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="proceedings")
    pre_proceedings = models.ForeignKey(PreProceedings, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+")
    application = models.CharField(max_length=12, choices=Application.choices)
    issued_on = models.DateField()
    court = models.CharField(max_length=200)
    case_number = models.CharField(max_length=40)
    short_notice = models.BooleanField("Short notice application", default=False)
    concluded_on = models.DateField(null=True, blank=True,
                                    help_text="The final hearing's disposal (or withdrawal).")

    class Meta:
        ordering = ["issued_on", "id"]
        constraints = [models.CheckConstraint(
            condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("issued_on")),
            name="proceedings_concluded_after_issue")]

    def __str__(self) -> str:
        return f"{self.get_application_display()} issued {self.issued_on:%-d %B %Y} ({self.case_number})"

    @property
    def scope(self) -> str:
        return f"proceedings:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.concluded_on is None


class ProceedingsExtension(Recorded):
    """The court extends the 26-week timetable (up to 8 weeks at a time)."""

    proceedings = models.ForeignKey(Proceedings, on_delete=models.PROTECT, related_name="extensions")
    granted_on = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    reason = models.TextField()

    class Meta:
        ordering = ["granted_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(weeks__gte=1) & Q(weeks__lte=8),
                                              name="extension_up_to_8_weeks")]


class HearingKind(models.TextChoices):
    CASE_MANAGEMENT = "cmh", "Case management hearing"
    FURTHER_CASE_MANAGEMENT = "further_cmh", "Further case management hearing"
    ISSUES_RESOLUTION = "irh", "Issues resolution hearing"
    FACT_FINDING = "fact_finding", "Fact-finding hearing"
    FINAL = "final", "Final hearing"
    OTHER = "other", "Other hearing"


class Hearing(Recorded):
    """A hearing listed or held; ``outcome`` is empty until it has been held."""

    proceedings = models.ForeignKey(Proceedings, on_delete=models.PROTECT, related_name="hearings")
    kind = models.CharField(max_length=15, choices=HearingKind.choices)
    listed_for = models.DateField()
    held = models.BooleanField(default=False)
    adjourned = models.BooleanField(default=False)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["listed_for", "id"]


class OrderKind(models.TextChoices):
    INTERIM_CARE = "interim_care", "Interim care order"
    INTERIM_SUPERVISION = "interim_supervision", "Interim supervision order"
    EMERGENCY_PROTECTION = "epo", "Emergency protection order"
    CARE = "care", "Care order"
    SUPERVISION = "supervision", "Supervision order"
    SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
    CHILD_ARRANGEMENTS = "cao", "Child arrangements order"
    PLACEMENT = "placement", "Placement order"
    DISCHARGED = "discharged", "Care order discharged"
    NO_ORDER = "no_order", "No order"


INTERIM_ORDERS = frozenset({OrderKind.INTERIM_CARE, OrderKind.INTERIM_SUPERVISION,
                            OrderKind.EMERGENCY_PROTECTION})
# The orders that end a child's care, with the SSDA903 reasons for ceasing care they lead to.
LEAVES_CARE_ORDERS = {OrderKind.SPECIAL_GUARDIANSHIP: ("E45", "E46", "E47", "E48"),
                      OrderKind.CHILD_ARRANGEMENTS: ("E41",)}
# The SSDA903 legal status a looked-after child is under once the court makes the order.
ORDER_LEGAL_STATUS = {OrderKind.INTERIM_CARE: "C1", OrderKind.CARE: "C2", OrderKind.PLACEMENT: "E1",
                      OrderKind.EMERGENCY_PROTECTION: "L2"}


class CourtOrder(Recorded):
    """An order the court made for one child (interim or final)."""

    proceedings = models.ForeignKey(Proceedings, on_delete=models.PROTECT, related_name="orders")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="court_orders")
    kind = models.CharField(max_length=20, choices=OrderKind.choices)
    made_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} made {self.made_on:%-d %B %Y}"

    @property
    def interim(self) -> bool:
        return self.kind in INTERIM_ORDERS


class PermanenceKind(models.TextChoices):
    RETURN_HOME = "return_home", "Return to parents"
    FAMILY_FRIENDS = "family_friends", "With family or friends (special guardianship or child arrangements)"
    ADOPTION = "adoption", "Adoption"
    LONG_TERM_FOSTERING = "long_term_fostering", "Long-term fostering"
    RESIDENTIAL = "residential", "Residential care"
    INDEPENDENCE = "independence", "Supported independence"


class PermanencePlan(Recorded):
    """The plan for permanence for a child in care (due by the second review, LA15)."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="permanence_plans")
    period = models.ForeignKey("care.PeriodOfCare", on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField()
    plan = models.CharField(max_length=20, choices=PermanenceKind.choices)
    parallel_plan = models.CharField(max_length=20, choices=PermanenceKind.choices, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["agreed_on", "id"]


ADOPTION_CEASED = codes.choices("adoption_ceased_reason")
ADOPTER_SEX = codes.choices("adopter_sex")
ADOPTER_LEGAL_STATUS = codes.choices("adopter_legal_status")


class AdoptionJourney(Recorded):
    """A child's route to adoption: the agency decision, the placement order, matching,
    moving in, the adoption order, or the decision that the child should no longer be placed."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="adoption_journeys")
    period = models.ForeignKey("care.PeriodOfCare", on_delete=models.PROTECT, related_name="+")
    decision_on = models.DateField("Decision that the child should be placed for adoption")
    ffa_on = models.DateField("Placed in a fostering for adoption or concurrent planning placement",
                              null=True, blank=True)
    placement_order_on = models.DateField("Placement order", null=True, blank=True)
    matched_on = models.DateField("Matched with adopters", null=True, blank=True)
    placed_on = models.DateField("Placed for adoption", null=True, blank=True)
    order_on = models.DateField("Adoption order", null=True, blank=True)
    ceased_on = models.DateField("Decision that the child should no longer be placed for adoption",
                                 null=True, blank=True)
    ceased_reason = models.CharField(max_length=3, choices=ADOPTION_CEASED, blank=True)
    adopted_by_foster_carer = models.BooleanField(null=True, blank=True)
    adopters_count = models.PositiveSmallIntegerField(null=True, blank=True)
    adopters_sex = models.CharField(max_length=2, choices=ADOPTER_SEX, blank=True)
    adopters_legal_status = models.CharField(max_length=3, choices=ADOPTER_LEGAL_STATUS, blank=True)

    class Meta:
        ordering = ["decision_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~(Q(order_on__isnull=False) & Q(ceased_on__isnull=False)),
                                   name="adoption_order_or_ceased"),
            models.CheckConstraint(
                condition=Q(ceased_on__isnull=True) | ~Q(ceased_reason=""),
                name="adoption_ceased_reason_given"),
        ]

    @property
    def scope(self) -> str:
        return f"adoption:{self.pk}"


class AdoptionReview(Recorded):
    """A review under the Adoption Agencies Regulations reg 36 (AD1-AD3)."""

    journey = models.ForeignKey(AdoptionJourney, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()

    class Meta:
        ordering = ["held_on", "id"]
