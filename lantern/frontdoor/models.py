"""The front door: contacts, checks, domestic-abuse risk, screening decisions, referrals.

A contact arrives at a date and time and may name several children. It is
screened: RAG-rated, checked with partner agencies, its family history seen,
and decided with a rationale. A decision to refer to children's social care
creates one referral per child, with the fields the CIN census needs.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core import codes


class Method(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    ONLINE = "online_form", "Online form"
    POLICE = "police_notification", "Police notification"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"


class Concern(models.TextChoices):
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    NEGLECT = "neglect", "Neglect"
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    EXPLOITATION = "exploitation", "Exploitation (criminal or sexual)"
    MISSING = "missing", "Missing from home or care"
    MENTAL_HEALTH = "mental_health", "Mental health (child or parent)"
    SUBSTANCE_MISUSE = "substance_misuse", "Substance misuse (child or parent)"
    OTHER = "other", "Other"


class Consent(models.TextChoices):
    CONSENT_GIVEN = "consent_given", "Parents know and consent"
    AWARE_NO_CONSENT = "aware_no_consent", "Parents know but do not consent"
    NOT_INFORMED = "not_informed", "Parents have not been told"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


class Contact(models.Model):
    received_at = models.DateTimeField(help_text="When the contact arrived: the clocks start here.")
    method = models.CharField(max_length=24, choices=Method.choices)
    source = models.CharField(max_length=3, choices=codes.choices("referral_source"))
    referrer_name = models.CharField(max_length=200, blank=True)
    referrer_role = models.CharField(max_length=200, blank=True)
    referrer_agency = models.CharField(max_length=200, blank=True)
    referrer_contact = models.CharField(max_length=200, blank=True,
                                        help_text="Phone number or email address")
    concerns = models.TextField(help_text="What the referrer is worried about, in their words.")
    categories = models.JSONField(default=list, help_text="Concern categories (Concern values).")
    consent = models.CharField(max_length=20, choices=Consent.choices)
    no_consent_reason = models.TextField(
        blank=True, help_text="The lawful reason to proceed without consent, or not to tell parents.")
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    rag_set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    screener = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="screening")
    children = models.ManyToManyField("people.Child", through="ContactChild", related_name="contacts")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    submission_key = models.CharField(max_length=64, unique=True,
                                      help_text="One per form: a resubmission creates nothing new.")
    # Kept by the decision service so the queue is one indexed read.
    decided = models.BooleanField(default=False)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(fields=["received_at"], name="contact_awaiting",
                         condition=Q(decided=False)),
            models.Index(fields=["received_at"], name="contact_received"),
        ]

    def __str__(self) -> str:
        return f"Contact {self.pk} received {self.received_at:%d %b %Y %H:%M}"

    @property
    def has_domestic_abuse(self) -> bool:
        return Concern.DOMESTIC_ABUSE in self.categories


class ContactChild(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="child_links")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="contact_links")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contact", "child"], name="contact_child_once")]


class AdultRole(models.TextChoices):
    PARENT = "parent", "Parent"
    CARER = "carer", "Carer"
    ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator"
    VICTIM = "victim", "Victim"
    HOUSEHOLD = "household", "Household member"
    OTHER = "other", "Other"


class ContactAdult(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="adult_links")
    adult = models.ForeignKey("people.Adult", on_delete=models.PROTECT, related_name="contact_links")
    role = models.CharField(max_length=24, choices=AdultRole.choices)


class Agency(models.TextChoices):
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    HOUSING = "housing", "Housing"
    ADULT_SERVICES = "adult_services", "Adult social care"
    OTHER = "other", "Other"


class AgencyCheck(models.Model):
    """A multi-agency check: who was asked, when, when they answered and what they said."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="checks")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    asked = models.CharField(max_length=200, help_text="The person or team asked.")
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]


class DashRisk(models.TextChoices):
    STANDARD = "standard", "Standard"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class DashAssessment(models.Model):
    """The domestic abuse, stalking and harassment (DASH) risk checklist for a contact."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="dash")
    answers = models.JSONField(help_text="Question number -> yes / no / not known.")
    yes_count = models.PositiveSmallIntegerField()
    professional_judgement = models.BooleanField(default=False,
                                                 help_text="High risk on professional judgement.")
    risk = models.CharField(max_length=8, choices=DashRisk.choices)
    marac_referral = models.BooleanField(default=False)
    police_reference = models.CharField(max_length=60, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField()


class Outcome(models.TextChoices):
    NFA = "nfa", "No further action"
    ADVICE = "advice", "Information and advice"
    EARLY_HELP = "early_help", "Early help"
    REFERRAL = "referral", "Referral to children's social care for assessment"
    STRATEGY = "strategy", "Strategy discussion: immediate risk of significant harm"
    TRANSFER = "transfer", "Transfer to another council"


class Decision(models.Model):
    """The screening decision on a contact, with its rationale and, where the rules need it,
    a manager's authorisation."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    rationale = models.TextField()
    risk_analysis = models.TextField(blank=True, help_text="Domestic abuse: the risks.")
    protective_factors = models.TextField(blank=True, help_text="Domestic abuse: what protects.")
    lived_experience = models.TextField(blank=True, help_text="Domestic abuse: the child's day to day.")
    transfer_to = models.CharField(max_length=120, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    needs_authorisation = models.BooleanField(default=False)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorisation_note = models.TextField(blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True,
                                       help_text="When the referrer was told the outcome.")
    feedback_note = models.TextField(blank=True)


class Referral(models.Model):
    """A referral to children's social care: the start of a CIN census episode."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="referrals")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="referrals")
    referral_date = models.DateField(help_text="The day the contact arrived (CIN census).")
    source = models.CharField(max_length=3, choices=codes.choices("referral_source"))
    primary_need = models.CharField(max_length=2, choices=codes.choices("primary_need"))
    nfa = models.BooleanField("No further action", default=False)
    rereferral = models.BooleanField(default=False, help_text="Within 12 months of an earlier one.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-referral_date", "-id"]
        indexes = [models.Index(fields=["child", "referral_date"], name="referral_child_date")]
        constraints = [models.UniqueConstraint(fields=["contact", "child"], name="referral_once")]
