"""Runs of the data-quality check: what the DfE validators said about the live record."""

from django.conf import settings
from django.db import models


class CheckRun(models.Model):
    """One run of the validators over a return written from the current data."""

    ret = models.CharField("Return", max_length=8, choices=[("cin", "CIN census"), ("ssda903", "SSDA903")])
    year = models.PositiveSmallIntegerField(help_text="The collection year, as the March it ends.")
    started_at = models.DateTimeField()
    seconds = models.FloatField(help_text="Writing the return and validating it.")
    rules = models.PositiveSmallIntegerField()
    crashed = models.JSONField(default=list, blank=True,
                               help_text="Rules that failed to run in the validator for no known reason.")
    issues = models.JSONField(default=list, blank=True,
                              help_text="[{child, rule, description, where, type}] as the validator said.")
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               help_text="Who ran it, or the account a scheduled run uses.")

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.get_ret_display()} check {self.started_at:%-d %b %Y %H:%M}"
