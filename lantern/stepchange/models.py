"""Stepping up and down between levels of need, as recorded decisions.

A step down (child protection to child in need, child in need to early help, or
children's social care to universal services) is proposed with its reason and an
evidence checklist, and takes effect only when a manager other than the proposer
authorises it with a rationale. A step up records what triggered it. The child's
level of need over time (``people.Involvement``) changes through these decisions.
"""

from django.conf import settings
from django.db import models


class Direction(models.TextChoices):
    UP = "up", "Step up"
    DOWN = "down", "Step down"


class Kind(models.TextChoices):
    CP_TO_CIN = "cp_to_cin", "Child protection to child in need"
    CIN_TO_EARLY_HELP = "cin_to_eh", "Child in need to early help"
    CSC_TO_UNIVERSAL = "csc_to_universal", "Children's social care to universal services"
    EARLY_HELP_TO_CIN = "eh_to_cin", "Early help to child in need"
    CIN_TO_CP = "cin_to_cp", "Child in need to child protection"
    TO_CARE = "to_care", "Into care"


DOWN_KINDS = (Kind.CP_TO_CIN, Kind.CIN_TO_EARLY_HELP, Kind.CSC_TO_UNIVERSAL)
UP_KINDS = (Kind.EARLY_HELP_TO_CIN, Kind.CIN_TO_CP, Kind.TO_CARE)


class State(models.TextChoices):
    PROPOSED = "proposed", "Awaiting a manager"
    AUTHORISED = "authorised", "Authorised"
    DECLINED = "declined", "Declined"
    RECORDED = "recorded", "Recorded"  # a step up: it takes effect when recorded


class StepChange(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="step_changes")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    on = models.DateField("Date of the change")
    reason = models.TextField(blank=True, help_text="Why the child is stepping down.")
    trigger = models.TextField(blank=True, help_text="What triggered a step up.")
    checklist = models.JSONField(default=dict, blank=True,
                                 help_text="Evidence checklist item -> confirmed (step down).")
    evidence = models.TextField(blank=True, help_text="The evidence that risks have reduced.")
    lead_practitioner = models.CharField(max_length=200, blank=True,
                                         help_text="Early help lead practitioner who accepted.")
    state = models.CharField(max_length=10, choices=State.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(null=True, blank=True)
    rationale = models.TextField(blank=True, help_text="The manager's rationale.")
    cp_plan = models.ForeignKey("protection.Plan", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    cin_plan = models.ForeignKey("childinneed.Plan", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["direction", "state", "on"], name="stepchange_measure"),
                   models.Index(fields=["child", "on"], name="stepchange_child_on")]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.get_kind_display().lower()}"
