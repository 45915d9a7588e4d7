from django import forms

from lantern.core import codes
from lantern.core.identifiers import nhs_number_is_valid, upn_is_valid
from lantern.web.forms import GovukDateField

from .models import Sex


class AddChildForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100,
                                 error_messages={"required": "Enter the child's first name"})
    middle_names = forms.CharField(label="Middle names", max_length=200, required=False)
    last_name = forms.CharField(label="Last name", max_length=100,
                                error_messages={"required": "Enter the child's last name"})
    date_of_birth = GovukDateField(label="Date of birth", required=False, must_not_be_future=True,
                                   help_text="For example, 27 3 2015. Leave blank for an unborn child.")
    expected_date_of_birth = GovukDateField(label="Expected date of birth", required=False,
                                            help_text="Only for an unborn child.")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect,
                            error_messages={"required": "Select the child's sex, or 'Not known'"})
    ethnicity = forms.ChoiceField(label="Ethnicity", required=False,
                                  choices=[("", "Not recorded"), *codes.choices("ethnicity")])
    nhs_number = forms.CharField(label="NHS number", max_length=12, required=False,
                                 help_text="10 digits, for example 943 476 5919")
    upn = forms.CharField(label="Unique pupil number (UPN)", max_length=13, required=False)

    def clean_nhs_number(self):
        value = self.cleaned_data["nhs_number"].replace(" ", "")
        if value and not nhs_number_is_valid(value):
            raise forms.ValidationError("Enter a real NHS number: 10 digits, the last a check digit")
        return value

    def clean_upn(self):
        value = self.cleaned_data["upn"].strip().upper()
        if value and not upn_is_valid(value):
            raise forms.ValidationError("Enter a real UPN: a letter, 12 characters, check letter first")
        return value

    def clean(self):
        data = super().clean()
        born, expected = data.get("date_of_birth"), data.get("expected_date_of_birth")
        if not self.has_error("date_of_birth") and not self.has_error("expected_date_of_birth"):
            if born is None and expected is None:
                self.add_error("date_of_birth", "Enter the date of birth, or an expected date of birth")
            elif born is not None and expected is not None:
                self.add_error("expected_date_of_birth",
                               "Leave the expected date of birth blank for a child who has been born")
        return data
