"""Forms for health, education and family time of a looked-after child. Field names are the
services' arguments, so a refusal lands on the field it is about."""

from django import forms

from lantern.plans.forms import YES_NO, required, text_field
from lantern.web.forms import GovukDateField

from ..models import FamilyTimeMode, HealthKind, SessionOutcome


def _date(label, *, future=False, help_text="For example, 27 3 2026") -> GovukDateField:
    return GovukDateField(label=label, must_not_be_future=not future, help_text=help_text)


def _radios(label, choices, message) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": message, "invalid_choice": message})


class HealthRecordForm(forms.Form):
    kind = _radios("What is being recorded?", HealthKind.choices, "Choose what is being recorded")
    on = _date("Date it happened")
    sdq_score = forms.IntegerField(
        label="SDQ score", required=False, min_value=0, max_value=40,
        help_text="For a Strengths and Difficulties Questionnaire only: the total difficulties "
        "score, from 0 to 40",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"invalid": "The SDQ score is a whole number from 0 to 40",
                        "min_value": "The SDQ score is a whole number from 0 to 40",
                        "max_value": "The SDQ score is a whole number from 0 to 40"})
    by = forms.CharField(label="Carried out by", max_length=200, required=False,
                         help_text="For example, the looked-after children's nurse or the dentist")
    note = text_field("Notes", rows=3, help_text="What was found, agreed or referred")


class PepForm(forms.Form):
    held_on = _date("Date of the PEP meeting")
    school = forms.CharField(label="School, college or early years setting", max_length=200,
                             error_messages=required("Enter the school, college or early "
                                                     "years setting"))
    virtual_school_contact = forms.CharField(label="Virtual School contact", max_length=200,
                                             required=False)
    targets = text_field("Targets agreed", rows=4)


class ArrangeFamilyTimeForm(forms.Form):
    with_whom = forms.CharField(label="Who is the family time with?", max_length=200,
                                help_text="For example, mother, or brother and sister",
                                error_messages=required("Say who the family time is with"))
    every_days = forms.IntegerField(
        label="How often: days between sessions", min_value=1, max_value=366,
        help_text="For example, 7 for weekly, 14 for fortnightly",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={"required": "Enter how many days apart the sessions are",
                        "invalid": "Enter how many days apart the sessions are, from 1 to 366",
                        "min_value": "Enter how many days apart the sessions are, from 1 to 366",
                        "max_value": "Enter how many days apart the sessions are, from 1 to 366"})
    supervised = _radios("Is it supervised?", YES_NO, "Select yes if the family time is supervised")
    mode = _radios("How does it take place?", FamilyTimeMode.choices,
                   "Choose how the family time takes place")
    start = _date("Date of the first session", future=True,
                  help_text="It can be ahead. For example, 27 3 2026")

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"with_whom": d["with_whom"], "every_days": d["every_days"],
                "supervised": d["supervised"] == "yes", "mode": d["mode"], "start": d["start"]}


class EndFamilyTimeForm(forms.Form):
    end = _date("Last day of the arrangement")


class SessionForm(forms.Form):
    on = _date("Date of the session")
    outcome = _radios("Did it happen?", SessionOutcome.choices,
                      "Choose whether the session was held or who cancelled it")
    note = text_field("Notes", rows=3, help_text="How it went, or why it was cancelled")


__all__ = ["ArrangeFamilyTimeForm", "EndFamilyTimeForm", "HealthRecordForm", "PepForm",
           "SessionForm"]
