"""Leaving care: keeping in touch with care leavers around each birthday from 17 to 21.

What the council knows of the young person on or around each birthday (the SSDA903 OC3
fields and Annex A list 9): whether it is in touch, their main activity, the type of
accommodation and whether it is suitable. Pathway plans and personal advisers come later.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from lantern.core import codes

BIRTHDAYS = [(n, f"{n}th birthday") for n in range(17, 22)]


class KeepingInTouch(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT,
                              related_name="keeping_in_touch")
    birthday = models.PositiveSmallIntegerField(choices=BIRTHDAYS)
    contact_on = models.DateField("Date of contact (or of what was known)")
    in_touch = models.CharField(max_length=4, choices=codes.choices("care_leaver_in_touch"))
    activity = models.CharField(max_length=2, choices=codes.choices("care_leaver_activity"))
    accommodation = models.CharField(max_length=1, blank=True,
                                     choices=codes.choices("care_leaver_accommodation"))
    suitable = models.BooleanField(null=True, blank=True,
                                   help_text="Empty when the accommodation is not known.")
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["birthday"]
        constraints = [
            models.UniqueConstraint(fields=["child", "birthday"], name="keeping_in_touch_once"),
            models.CheckConstraint(condition=Q(accommodation="") | Q(suitable__isnull=False),
                                   name="keeping_in_touch_suitability"),
        ]

    @property
    def oc3_accommodation(self) -> str:
        """The SSDA903 ACCOM code: the type and 1 (suitable) or 2 (not); 0 when not known."""
        if not self.accommodation:
            return "0"
        return f"{self.accommodation}{1 if self.suitable else 2}"
