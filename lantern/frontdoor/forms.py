from django import forms

from lantern.core import codes, dash
from lantern.people.models import Sex
from lantern.web.forms import GovukDateField, GovukDateTimeField

from .models import AdultRole, Agency, Concern, Consent, Method, Outcome, Rag

SOURCES = [("", "Choose the source"), *codes.choices("referral_source")]
NEEDS = [("", "Choose the primary need"), *codes.choices("primary_need")]


def _required(what: str) -> dict:
    return {"required": what}


class ContactForm(forms.Form):
    submission_key = forms.CharField(widget=forms.HiddenInput)
    received_at = GovukDateTimeField(label="When did the contact arrive?", must_not_be_future=True,
                                     help_text="For example, 27 3 2026, 17 30. Use the 24-hour clock.")
    method = forms.ChoiceField(label="How did it arrive?", choices=Method.choices, widget=forms.RadioSelect,
                               error_messages=_required("Select how the contact arrived"))
    source = forms.ChoiceField(label="Source", choices=SOURCES,
                               error_messages=_required("Choose the source of the contact"))
    referrer_name = forms.CharField(label="Referrer's name", max_length=200, required=False)
    referrer_role = forms.CharField(label="Referrer's role", max_length=200, required=False)
    referrer_agency = forms.CharField(label="Agency", max_length=200, required=False)
    referrer_contact = forms.CharField(label="Phone or email", max_length=200, required=False)
    children = forms.MultipleChoiceField(
        label="Children concerned", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Search for each child first; tick every child the contact is about.")
    q = forms.CharField(label="Find a child: name, date of birth, council ID or NHS number",
                        max_length=100, required=False)
    new_first_name = forms.CharField(label="First name", max_length=100, required=False)
    new_last_name = forms.CharField(label="Last name", max_length=100, required=False)
    new_date_of_birth = GovukDateField(label="Date of birth", required=False, must_not_be_future=True)
    new_sex = forms.ChoiceField(label="Sex", choices=[("", "Choose"), *Sex.choices], required=False)
    new_nhs_number = forms.CharField(label="NHS number", max_length=12, required=False)
    new_postcode = forms.CharField(label="Postcode", max_length=8, required=False)
    confirm_new = forms.BooleanField(
        label="None of the possible matches is this child: add a new record", required=False)
    adult_first_name = forms.CharField(label="First name", max_length=100, required=False)
    adult_last_name = forms.CharField(label="Last name", max_length=100, required=False)
    adult_role = forms.ChoiceField(label="Role", choices=[("", "Choose"), *AdultRole.choices], required=False)
    concerns = forms.CharField(label="What is the concern?", widget=forms.Textarea(attrs={"rows": 5}),
                               error_messages=_required("Describe the concern in the referrer's words"))
    categories = forms.MultipleChoiceField(label="Concern categories", choices=Concern.choices,
                                           widget=forms.CheckboxSelectMultiple,
                                           error_messages=_required("Select at least one category"))
    consent = forms.ChoiceField(label="Do the parents know, and do they consent?", choices=Consent.choices,
                                widget=forms.RadioSelect,
                                error_messages=_required("Select whether the parents know and consent"))
    no_consent_reason = forms.CharField(
        label="Lawful reason to go ahead without consent", required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed unless the parents know and consent.")

    def __init__(self, *args, child_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = list(child_choices)

    @property
    def wants_new_child(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("new_first_name") or data.get("new_last_name"))

    def clean(self):
        data = super().clean()
        if self.wants_new_child:
            for field, message in (("new_first_name", "Enter the new child's first name"),
                                   ("new_last_name", "Enter the new child's last name"),
                                   ("new_date_of_birth", "Enter the new child's date of birth")):
                if not data.get(field) and not self.has_error(field):
                    self.add_error(field, message)
        elif not data.get("children"):
            self.add_error("children", "Tick at least one child, or add a new child below")
        if bool(data.get("adult_first_name") or data.get("adult_last_name")) and not data.get("adult_role"):
            self.add_error("adult_role", "Choose the adult's role")
        if data.get("consent") and data["consent"] != Consent.CONSENT_GIVEN and not data.get("no_consent_reason", "").strip():
            self.add_error("no_consent_reason", "Give the lawful reason to go ahead without consent")
        return data


class RagForm(forms.Form):
    rag = forms.ChoiceField(label="RAG rating", choices=Rag.choices, widget=forms.RadioSelect,
                            error_messages=_required("Choose red, amber or green"))
    reason = forms.CharField(label="Reason for a change of rating", required=False, max_length=500)


class AssignForm(forms.Form):
    screener = forms.ModelChoiceField(label="Screener", queryset=None, empty_label="Choose a screener",
                                      error_messages=_required("Choose who will screen the contact"))

    def __init__(self, *args, screeners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["screener"].queryset = screeners


class CheckRequestForm(forms.Form):
    agency = forms.ChoiceField(label="Agency", choices=Agency.choices, widget=forms.RadioSelect,
                               error_messages=_required("Choose the agency"))
    asked = forms.CharField(label="Who was asked", max_length=200,
                            error_messages=_required("Enter the person or team asked"))
    requested_at = GovukDateTimeField(label="When was it requested?", must_not_be_future=True)


class CheckAnswerForm(forms.Form):
    check_id = forms.TypedChoiceField(label="Which check", coerce=int,
                                      error_messages=_required("Choose the check that was answered"))
    answered_at = GovukDateTimeField(label="When did they answer?", must_not_be_future=True)
    response = forms.CharField(label="What did they say?", widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages=_required("Record what the agency said"))

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check_id"].choices = [("", "Choose a check")] + [
            (c.pk, f"{c.get_agency_display()}: {c.asked}") for c in checks]


ANSWER_CHOICES = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]


class DashForm(forms.Form):
    professional_judgement = forms.BooleanField(
        label="High risk on professional judgement, whatever the score", required=False)
    police_reference = forms.CharField(label="Police incident reference", max_length=60, required=False)
    marac_referral = forms.BooleanField(label="Referred to MARAC", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(dash.QUESTIONS, start=1):
            self.fields[f"q{number}"] = forms.ChoiceField(
                label=f"{number}. {question}", choices=ANSWER_CHOICES, widget=forms.RadioSelect,
                error_messages=_required(f"Answer question {number}"))

    def answers(self) -> dict[int, str]:
        return {n: self.cleaned_data[f"q{n}"] for n in range(1, len(dash.QUESTIONS) + 1)}


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Decision", choices=Outcome.choices, widget=forms.RadioSelect,
                                error_messages=_required("Choose the decision"))
    decided_at = GovukDateTimeField(label="When was the decision made?", must_not_be_future=True)
    rationale = forms.CharField(label="Rationale", widget=forms.Textarea(attrs={"rows": 5}),
                                error_messages=_required("Explain the decision: the rationale is required"))
    primary_need = forms.ChoiceField(label="Primary need (for a referral)", choices=NEEDS, required=False)
    transfer_to = forms.CharField(label="Council transferred to", max_length=120, required=False)
    risk_analysis = forms.CharField(label="Domestic abuse: the risks", required=False,
                                    widget=forms.Textarea(attrs={"rows": 4}))
    protective_factors = forms.CharField(label="Domestic abuse: protective factors", required=False,
                                         widget=forms.Textarea(attrs={"rows": 4}))
    lived_experience = forms.CharField(label="Domestic abuse: the child's lived experience", required=False,
                                       widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, domestic_abuse: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not domestic_abuse:
            for name in ("risk_analysis", "protective_factors", "lived_experience"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        for name in ("risk_analysis", "protective_factors", "lived_experience"):
            data.setdefault(name, "")
        return data


class AuthoriseForm(forms.Form):
    note = forms.CharField(label="Manager's note", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FeedbackForm(forms.Form):
    feedback_at = GovukDateTimeField(label="When was the referrer told?", must_not_be_future=True)
    note = forms.CharField(label="What were they told, and how?", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages=_required("Say what the referrer was told, and how"))


class QueueFilterForm(forms.Form):
    rag = forms.ChoiceField(label="RAG", required=False,
                            choices=[("", "Any"), *Rag.choices, ("none", "Not rated")])
    source = forms.ChoiceField(label="Source", required=False, choices=[("", "Any"), *codes.choices("referral_source")])
    who = forms.ChoiceField(label="Screener", required=False,
                            choices=[("", "Anyone"), ("me", "Me"), ("unassigned", "Unassigned")])
    team = forms.ModelChoiceField(label="Team", required=False, queryset=None, empty_label="Any")
    overdue = forms.BooleanField(label="Overdue only", required=False)
    order = forms.ChoiceField(label="Sort by", required=False,
                              choices=[("due", "Time left"), ("received", "Arrival"), ("rag", "RAG")])


    def __init__(self, *args, **kwargs):
        from lantern.staff.models import Team

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(members__role__in=(
            "front_door", "out_of_hours")).distinct().order_by("name")
