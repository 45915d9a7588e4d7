from django import forms

from lantern.plans.forms import ServiceForm, required, text_field
from lantern.web.forms import GovukDateField


class StartForm(forms.Form):
    referral = forms.ChoiceField(label="Which referral is the plan part of?", widget=forms.RadioSelect,
                                 error_messages=required("Choose the referral"))
    start = GovukDateField(label="Date the plan was agreed", must_not_be_future=True,
                           help_text="For example, 27 3 2026")

    def __init__(self, *args, referrals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = [
            (str(r.pk), f"Referral received {r.referral_date:%-d %B %Y} ({r.get_primary_need_display()})")
            for r in referrals]


class ReviewForm(ServiceForm):
    held_on = GovukDateField(label="Date of the review", must_not_be_future=True)
    summary = text_field("Progress, the child's views and what was decided", rows=5,
                         message="Record the progress, the child's views and what was decided")
