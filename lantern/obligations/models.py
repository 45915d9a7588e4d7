"""The obligations ledger: one row per duty owed to a child, refreshed by services.

Whether an open obligation is upcoming, due soon or overdue depends on today, so
it is worked out when read; nothing here is a stored status flag.
"""

from django.db import models
from django.db.models import Q

from lantern.core.engine import Obligation as CoreObligation


class Obligation(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="obligations")
    rule_id = models.CharField(max_length=8)
    scope = models.CharField(max_length=40, blank=True)
    started_by = models.CharField(max_length=40, help_text="The record that started the clock.")
    start_on = models.DateField()
    start_at = models.DateTimeField(null=True, blank=True, help_text="For hour-based clocks.")
    due_on = models.DateField(help_text="The deadline (for hour clocks, its date in London).")
    due_at = models.DateTimeField(null=True, blank=True, help_text="For hour-based clocks.")
    met_on = models.DateField(null=True, blank=True)
    met_at = models.DateTimeField(null=True, blank=True)
    met_by = models.CharField(max_length=40, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="When it stopped being required.")
    ended_by = models.CharField(max_length=40, blank=True)
    late_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["child", "due_on"], name="obligation_child_due"),
            models.Index(
                fields=["due_on"],
                name="obligation_open_due",
                condition=Q(met_on__isnull=True, ended_on__isnull=True),
            ),
            models.Index(fields=["rule_id", "due_on"], name="obligation_rule_due"),
            models.Index(fields=["scope", "rule_id"], name="obligation_scope_rule"),
        ]

    @property
    def is_open(self) -> bool:
        return self.met_on is None and self.ended_on is None

    def as_core(self) -> CoreObligation:
        """This row as the rules core's obligation (for its status rules)."""
        return CoreObligation(
            rule_id=self.rule_id, child_ref=str(self.child_id), scope=self.scope,
            started_by=self.started_by, start=self.start_at or self.start_on,
            due=self.due_at or self.due_on, met_at=self.met_at or self.met_on,
            met_by=self.met_by or None, ended_at=self.ended_on, ended_by=self.ended_by or None,
            late_reason=self.late_reason,
        )


class RuleSetting(models.Model):
    """This council's setting for one rule: a changed period, or the rule switched off.

    The rules core decides what may change: local rules freely, statutory
    guidance only with a reason, statutory regulations never.
    """

    rule_id = models.CharField(max_length=8)
    variant = models.CharField(max_length=40, blank=True,
                               help_text="One variant of the rule, e.g. 'rag=red'; empty for the rule.")
    amount = models.PositiveIntegerField(null=True, blank=True)
    unit = models.CharField(max_length=16, blank=True)
    enabled = models.BooleanField(default=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey("staff.User", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule_id", "variant"], name="rule_setting_once")]

    @property
    def when(self) -> tuple[str, str] | None:
        if not self.variant:
            return None
        name, _, value = self.variant.partition("=")
        return name, value


class HolidayChange(models.TextChoices):
    ADD = "add", "Bank holiday added"
    REMOVE = "remove", "Bank holiday removed"


class HolidayOverride(models.Model):
    """A one-off England and Wales bank holiday announced after the holiday data Lantern
    ships with (or one moved away from a date). Changing these recomputes every deadline."""

    day = models.DateField(unique=True)
    change = models.CharField(max_length=8, choices=HolidayChange.choices)
    name = models.CharField(max_length=120)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey("staff.User", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["day"]
