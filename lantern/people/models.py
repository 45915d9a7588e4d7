"""People: children, the adults around them, relationships, addresses and levels of need."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from lantern.core import codes
from lantern.core.identifiers import (
    nhs_number_is_valid,
    normalise_postcode,
    postcode_is_valid,
    upn_is_valid,
)


def validate_nhs_number(value: str) -> None:
    if value and not nhs_number_is_valid(value):
        raise ValidationError("Enter a valid NHS number: 10 digits with a correct check digit")


def validate_upn(value: str) -> None:
    if value and not upn_is_valid(value):
        raise ValidationError("Enter a valid unique pupil number (UPN)")


def validate_postcode(value: str) -> None:
    if value and not postcode_is_valid(value):
        raise ValidationError("Enter a real UK postcode, like HU1 2AA")


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class ChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The only starting point for reading children: what this user may see."""
        from lantern.access.policy import visible_children

        return visible_children(user, self)


class Child(models.Model):
    council_id = models.CharField("Council ID", max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child; cleared once born."
    )
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField(max_length=60, blank=True, help_text="As the child describes it.")
    ethnicity = models.CharField(max_length=4, choices=codes.choices("ethnicity"), blank=True)
    nhs_number = models.CharField(
        "NHS number", max_length=10, blank=True, validators=[validate_nhs_number]
    )
    upn = models.CharField("UPN", max_length=13, blank=True, validators=[validate_upn])
    uasc = models.BooleanField("Unaccompanied asylum-seeking child", default=False)
    uasc_ceased = models.DateField(null=True, blank=True)
    disabilities = models.JSONField(
        default=list, blank=True, help_text="DfE disability codes; ['NONE'] when none."
    )
    date_of_death = models.DateField(null=True, blank=True)
    # Lower-cased names, kept by the service for partial, case-insensitive search.
    search_name = models.CharField(max_length=420, editable=False, db_index=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["date_of_birth"], name="child_dob"),
            models.Index(fields=["nhs_number"], name="child_nhs"),
            models.Index(fields=["last_name", "first_name"], name="child_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(expected_date_of_birth__isnull=False),
                name="child_has_birth_or_expected_date",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        if self.date_of_death and self.date_of_birth and self.date_of_death < self.date_of_birth:
            raise ValidationError({"date_of_death": "Date of death must be after date of birth"})
        for code in self.disabilities:
            if code not in dict(codes.choices("disability")):
                raise ValidationError({"disabilities": f"Unknown disability code {code}"})
        if "NONE" in self.disabilities and len(self.disabilities) > 1:
            raise ValidationError({"disabilities": "'No disability' cannot be combined with others"})

    def save(self, *args, **kwargs):
        self.search_name = " ".join(
            p for p in (self.first_name, self.middle_names, self.last_name, self.preferred_name) if p
        ).lower()
        super().save(*args, **kwargs)


class Adult(models.Model):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    phone = models.CharField(max_length=40, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])

    class Meta:
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RelationshipKind(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    CARER = "carer", "Carer"
    GRANDPARENT = "grandparent", "Grandparent"
    OTHER_RELATIVE = "other_relative", "Other relative"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    HOUSEHOLD_MEMBER = "household_member", "Household member"
    FAMILY_FRIEND = "family_friend", "Family friend"


class Relationship(models.Model):
    """A child's link to an adult or another child, with start and (exclusive) end."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="relationships")
    adult = models.ForeignKey(
        Adult, null=True, blank=True, on_delete=models.PROTECT, related_name="relationships"
    )
    other_child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True, help_text="Exclusive; empty while current.")

    class Meta:
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(adult__isnull=False) & Q(other_child__isnull=True))
                | (Q(adult__isnull=True) & Q(other_child__isnull=False)),
                name="relationship_one_party",
            ),
        ]


class Address(models.Model):
    """Where a child lived from start until end (exclusive)."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="addresses")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8, validators=[validate_postcode])
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Exclusive; empty while current.")

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="address_end_after_start",
            ),
        ]

    def clean(self) -> None:
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)


class Level(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "cin", "Child in need"
    CHILD_PROTECTION = "cp", "Child protection"
    LOOKED_AFTER = "lac", "Looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"


class Involvement(models.Model):
    """A period at one level of need: the child's involvement timeline.

    Written by the practice areas' services (a referral opens child in need, a
    conference opens child protection, ...); step-ups and step-downs end one
    period and start the next.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="involvements")
    level = models.CharField(max_length=16, choices=Level.choices)
    start = models.DateField()
    end = models.DateField(null=True, blank=True, help_text="Exclusive; empty while open.")
    end_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["child", "end"], name="involvement_child_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="involvement_end_after_start",
            ),
        ]
