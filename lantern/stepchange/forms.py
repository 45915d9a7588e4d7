from django import forms

from lantern.web.forms import GovukDateField

from .checklists import CHECKLISTS
from .models import Kind

# Confirmed from the review conference's record, not ticked by hand (see step_down_propose).
FROM_RECORD = {Kind.CP_TO_CIN: "conference_decision"}


def _required(what: str) -> dict:
    return {"required": what}


class KindForm(forms.Form):
    """The first question of a step down: which kind (its checklist follows)."""

    kind = forms.ChoiceField(label="What kind of step down is it?", widget=forms.RadioSelect,
                             error_messages=_required("Choose the kind of step down"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, Kind(k).label) for k in kinds]


class ProposeForm(forms.Form):
    """A step down of one kind: date, reason, its checklist and what the kind needs."""

    kind = forms.CharField(widget=forms.HiddenInput)
    on = GovukDateField(label="Date of the step down", must_not_be_future=True,
                        help_text="For example, 27 3 2026")
    reason = forms.CharField(label="Why is the child stepping down?",
                             widget=forms.Textarea(attrs={"rows": 5}),
                             error_messages=_required("Give the reason for stepping down"))
    checklist = forms.MultipleChoiceField(
        label="Checklist", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Confirm each item. A manager checks them before authorising the step down.")
    evidence = forms.CharField(label="Evidence that risks have reduced",
                               widget=forms.Textarea(attrs={"rows": 5}), required=False,
                               help_text="What has changed, who has seen it and how it is known")
    lead_practitioner = forms.CharField(label="Early help lead practitioner", required=False,
                                        help_text="The name and agency of the lead practitioner "
                                                  "who has accepted the case")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, initial={"kind": kind}, **kwargs)
        skip = FROM_RECORD.get(kind)
        self.fields["checklist"].choices = [(key, label) for key, label in CHECKLISTS[kind] if key != skip]
        if kind != Kind.CP_TO_CIN:
            del self.fields["evidence"]
        if kind != Kind.CIN_TO_EARLY_HELP:
            del self.fields["lead_practitioner"]

    def ticked(self) -> dict[str, bool]:
        return {key: True for key in self.cleaned_data["checklist"]}


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect,
                                 choices=[("authorise", "Authorise the step down"),
                                          ("decline", "Decline the step down")],
                                 error_messages=_required("Choose whether to authorise or decline"))
    decided_on = GovukDateField(label="Date of the decision", must_not_be_future=True)
    rationale = forms.CharField(label="Your rationale", widget=forms.Textarea(attrs={"rows": 5}),
                                help_text="Why the evidence does or does not support the step down",
                                error_messages=_required("Give your rationale for the decision"))


class StepUpForm(forms.Form):
    kind = forms.ChoiceField(label="What kind of step up is it?", widget=forms.RadioSelect,
                             error_messages=_required("Choose the kind of step up"))
    on = GovukDateField(label="Date of the step up", must_not_be_future=True,
                        help_text="For example, 27 3 2026")
    trigger = forms.CharField(label="What triggered the step up?", widget=forms.Textarea(attrs={"rows": 5}),
                              error_messages=_required("Say what triggered the step up"))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, Kind(k).label) for k in kinds]


class MeasureForm(forms.Form):
    months = forms.IntegerField(label="Follow-up window, in months", min_value=1, max_value=24,
                                widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                              "class": "govuk-input--width-2"}),
                                help_text="A step down followed within this many months by a step "
                                          "back up or a new referral counts as premature",
                                error_messages={"invalid": "Enter the window as a whole number of months",
                                                "min_value": "The window must be at least 1 month",
                                                "max_value": "The window must be 24 months or fewer"})
