from django import forms

from lantern.core import codes
from lantern.plans.forms import required, text_field
from lantern.web.forms import GovukDateField

from .models import BIRTHDAYS

YES_NO = [("yes", "Yes"), ("no", "No")]


class KeepingInTouchForm(forms.Form):
    birthday = forms.TypedChoiceField(label="Which birthday?", choices=BIRTHDAYS, coerce=int,
                                      widget=forms.RadioSelect,
                                      error_messages=required("Choose which birthday"))
    contact_on = GovukDateField(label="Date of contact", must_not_be_future=True)
    in_touch = forms.ChoiceField(label="Is the council in touch?",
                                 choices=codes.choices("care_leaver_in_touch"),
                                 widget=forms.RadioSelect,
                                 error_messages=required("Choose whether the council is in touch"))
    activity = forms.ChoiceField(label="Main activity", choices=codes.choices("care_leaver_activity"),
                                 error_messages=required("Choose the main activity"))
    accommodation = forms.ChoiceField(
        label="Type of accommodation", required=False,
        choices=[("", "Not known")] + list(codes.choices("care_leaver_accommodation")))
    suitable = forms.ChoiceField(label="Is the accommodation suitable?", choices=YES_NO,
                                 required=False, widget=forms.RadioSelect)
    note = text_field("Anything else to note")

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["suitable"] = {"yes": True, "no": False}.get(d["suitable"])
        return d
