from django import forms

from lantern.core import codes
from lantern.web.forms import GovukDateField

from .models import Outcome

YES_NO = [("yes", "Yes"), ("no", "No")]
FACTORS = [(code, f"{code}: {text}") for code, text in codes.choices("assessment_factor")]


def _required(what: str) -> dict:
    return {"required": what}


class StartForm(forms.Form):
    referral = forms.ChoiceField(label="Which referral is being assessed?", widget=forms.RadioSelect,
                                 error_messages=_required("Choose the referral"))
    start = GovukDateField(label="Actual start date", must_not_be_future=True,
                           help_text="The day the assessment actually started. For example, 27 3 2026")
    worker = forms.ModelChoiceField(label="Social worker doing the assessment", queryset=None,
                                    empty_label="Choose the social worker",
                                    error_messages=_required("Choose the social worker doing the assessment"))

    def __init__(self, *args, referrals=(), workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = [
            (str(r.pk), f"Referral received {r.referral_date:%-d %B %Y} ({r.get_primary_need_display()})")
            for r in referrals]
        self.fields["worker"].queryset = workers


class SeenForm(forms.Form):
    seen_on = GovukDateField(label="Date the child was seen", must_not_be_future=True)
    alone = forms.ChoiceField(label="Was the child seen alone?", choices=YES_NO, widget=forms.RadioSelect,
                              error_messages=_required("Select yes if the child was seen alone"))
    not_alone_reason = forms.CharField(label="If not alone, why not?", required=False,
                                       widget=forms.Textarea(attrs={"rows": 3}))

    def clean_alone(self):
        return self.cleaned_data["alone"] == "yes"


class CompleteForm(forms.Form):
    factors = forms.MultipleChoiceField(
        label="Factors identified at the end of the assessment", choices=FACTORS,
        widget=forms.CheckboxSelectMultiple, help_text="Select all that apply (CIN census codes)",
        error_messages=_required("Select the factors identified, or 'No factors identified'"))
    analysis = forms.CharField(label="Analysis", widget=forms.Textarea(attrs={"rows": 6}),
                               error_messages=_required("Write the analysis"))
    outcome = forms.ChoiceField(label="Outcome", choices=Outcome.choices, widget=forms.RadioSelect,
                                error_messages=_required("Choose the outcome"))
    completed = GovukDateField(label="Completion date", must_not_be_future=True)
    late_reason = forms.CharField(label="Reason for completing late", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, due=None, **kwargs):
        super().__init__(*args, **kwargs)
        if due is not None:
            self.fields["late_reason"].help_text = (
                f"Required if completed after {due:%-d %B %Y}, 45 working days from the referral")


class AuthoriseForm(forms.Form):
    authorised = GovukDateField(label="Authorisation date", must_not_be_future=True)
