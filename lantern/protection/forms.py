from django import forms

from lantern.plans.forms import ServiceForm, required, text_field
from lantern.web.forms import GovukDateField, GovukDateTimeField

from .models import (
    CATEGORY_LABELS,
    Agency,
    ConferenceOutcome,
    EndReason,
    EnquiryOutcome,
    StrategyDecision,
)
from .services import STEP_DOWN_ENDINGS, Invitee

CATEGORIES = list(CATEGORY_LABELS.items())
DIRECT_ENDINGS = [(v, label) for v, label in EndReason.choices if v not in STEP_DOWN_ENDINGS]
INTERVAL_HELP = "Leave blank for the council's usual frequency (every 10 working days)"


def _interval(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, help_text=INTERVAL_HELP,
                              widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                            "class": "govuk-input--width-3"}),
                              error_messages={"invalid": "Enter the visiting frequency as a number of "
                                              "working days, like 10"})


def _chair(label: str, queryset) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=queryset, empty_label="Choose the chair",
                                  error_messages={"required": "Choose who chaired it",
                                                  "invalid_choice": "Choose the chair from the list"})


class StrategyForm(forms.Form):
    """A strategy discussion with a row per agency: invited, attended, and who."""

    referral = forms.ChoiceField(label="Which referral is the discussion about?", widget=forms.RadioSelect,
                                 error_messages=required("Choose the referral"))
    held_at = GovukDateTimeField(label="When was the strategy discussion held?", must_not_be_future=True,
                                 help_text="For example, 27 3 2026, 14 30. Use the 24-hour clock.")
    chair = _chair("Who chaired it?", None)
    summary = text_field("Information shared and risks discussed", rows=5)
    decision = forms.ChoiceField(label="What did the discussion decide?", choices=StrategyDecision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages=required("Choose what the strategy discussion decided"))
    single_agency_rationale = text_field("Why is the enquiry not joint with the police?",
                                         help_text="Needed for an enquiry by children's social care alone")
    nfa_reasons = text_field("Reasons for no section 47 enquiry", help_text="Needed if there is no enquiry")
    school_not_invited_reason = text_field(
        "Why was the school not invited?",
        help_text="Needed for a child of school age when the school was not invited")
    s47_start = GovukDateField(label="Section 47 enquiry start date", required=False,
                               must_not_be_future=True,
                               help_text="Leave blank if the enquiry started on the day of the discussion")

    def __init__(self, *args, referrals=(), chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].choices = [
            (str(r.pk), f"Referral received {r.referral_date:%-d %B %Y} ({r.get_primary_need_display()})")
            for r in referrals]
        self.fields["chair"].queryset = chairs
        for agency in Agency.values:  # each row sits in a fieldset whose legend names the agency
            self.fields[f"{agency}_invited"] = forms.BooleanField(label="Invited", required=False)
            self.fields[f"{agency}_attended"] = forms.BooleanField(label="Attended", required=False)
            self.fields[f"{agency}_name"] = forms.CharField(label="Name and role", max_length=200,
                                                            required=False)

    @property
    def agency_rows(self):
        """(agency label, invited, attended, name) bound fields, one row per agency."""
        return [(label, self[f"{a}_invited"], self[f"{a}_attended"], self[f"{a}_name"])
                for a, label in Agency.choices]

    def invitees(self) -> list[Invitee]:
        d = self.cleaned_data
        return [Invitee(a, d[f"{a}_name"], d[f"{a}_invited"], d[f"{a}_attended"]) for a in Agency.values
                if d[f"{a}_invited"] or d[f"{a}_attended"] or d[f"{a}_name"].strip()]


class OutcomeForm(ServiceForm):
    completed = GovukDateField(label="Date the enquiry concluded", must_not_be_future=True)
    outcome = forms.ChoiceField(label="Outcome", choices=EnquiryOutcome.choices, widget=forms.RadioSelect,
                                error_messages=required("Choose the outcome of the enquiry"))
    findings = text_field("What the enquiry found", rows=5, message="Summarise what the enquiry found")


class InitialConferenceForm(ServiceForm):
    held_on = GovukDateField(label="Date of the conference", must_not_be_future=True)
    outcome = forms.ChoiceField(
        label="Does the child need a child protection plan?", widget=forms.RadioSelect,
        choices=[(c, ConferenceOutcome(c).label) for c in (ConferenceOutcome.PLAN, ConferenceOutcome.NO_PLAN)],
        error_messages=required("Choose whether the child needs a child protection plan"))
    category = forms.ChoiceField(label="Category of abuse", choices=CATEGORIES, widget=forms.RadioSelect,
                                 required=False, help_text="Needed if the child needs a plan")
    visit_interval_days = _interval("Visit the child every how many working days?")
    decisions = text_field("What the conference decided and why", rows=5,
                      message="Record what the conference decided and why")
    chair = _chair("Who chaired the conference?", None)

    def __init__(self, *args, chairs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs


class ReviewConferenceForm(InitialConferenceForm):
    outcome = forms.ChoiceField(
        label="Does the plan continue?", widget=forms.RadioSelect,
        choices=[(c, ConferenceOutcome(c).label) for c in (ConferenceOutcome.CONTINUE, ConferenceOutcome.END)],
        error_messages=required("Choose whether the plan continues or ends"))
    category = forms.ChoiceField(label="Category of abuse", choices=CATEGORIES, widget=forms.RadioSelect,
                                 required=False, help_text="Change it only if the conference did")
    visit_interval_days = _interval("Change the visiting frequency to every how many working days?")


class CoreGroupForm(ServiceForm):
    held_on = GovukDateField(label="Date of the meeting", must_not_be_future=True)
    agencies = forms.MultipleChoiceField(label="Agencies that attended", choices=Agency.choices,
                                         widget=forms.CheckboxSelectMultiple,
                                         error_messages=required("Select the agencies that attended"))
    notes = text_field("Progress against the plan and what was agreed", rows=5,
                  message="Record the progress against the plan and what was agreed")
