from django import forms

from lantern.plans.forms import required
from lantern.web.forms import GovukDateField

from .models import Organisation, Outcome


class StartForm(forms.Form):
    started_on = GovukDateField(label="Date the assessment started", must_not_be_future=True)
    organisation = forms.ChoiceField(label="Which kind of organisation is assessing?",
                                     choices=Organisation.choices, widget=forms.RadioSelect,
                                     error_messages=required("Choose which kind of organisation is assessing"))
    organisation_name = forms.CharField(label="Name of the organisation (optional)", required=False, max_length=200,
                                        help_text="For example, Newland Primary School")
    lead_practitioner = forms.CharField(label="Lead practitioner", max_length=200,
                                        help_text="Who is assessing with the family, and their role",
                                        error_messages=required("Name the lead practitioner"))


class CompleteForm(forms.Form):
    completed_on = GovukDateField(label="Date the assessment was completed", must_not_be_future=True)
    outcome = forms.ChoiceField(label="What did the assessment lead to?", choices=Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages=required("Choose what the assessment led to"))


class ReviewForm(forms.Form):
    held_on = GovukDateField(label="Date of the review", must_not_be_future=True)
    progress = forms.CharField(label="What has changed for the child, and what happens next?",
                               widget=forms.Textarea(attrs={"rows": 4}),
                               error_messages=required("Say what has changed for the child and what happens next"))
