"""Forms for a family's legal work before court: starting it, legal gateway meetings,
pre-proceedings, family group conferences, commissioned assessments and connected people."""

from django import forms

from lantern.plans.forms import ServiceForm, required, text_field
from lantern.web.forms import GovukDateField

from ..models import (
    STEP_DOWN_OUTCOMES,
    AssessmentKind,
    GatewayDecision,
    MeetingKind,
    PreProceedingsDecision,
    PreProceedingsOutcome,
    Threshold,
    ViabilityOutcome,
)

YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]
ACTION_ROWS = 3


def _day(label: str, *, required_: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(label=label, must_not_be_future=True, required=required_,
                          help_text=help_text or "For example, 27 3 2026")


def _line(label: str, *, message: str = "", help_text: str = "", max_length: int = 200) -> forms.CharField:
    kwargs = {"error_messages": required(message)} if message else {"required": False}
    return forms.CharField(label=label, max_length=max_length, help_text=help_text, **kwargs)


def _person(label: str, queryset, *, message: str = "", empty: str = "Choose a person") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=queryset, empty_label=empty, required=bool(message),
                                  error_messages={"required": message or "Choose a person",
                                                  "invalid_choice": "Choose a person from the list"})


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CaseForm(forms.Form):
    family_name = _line("Family name", message="Enter the family's name, for example the Ashworth family",
                        help_text="For example, the Ashworth family")
    children = forms.MultipleChoiceField(
        label="Which children is the legal work about?", widget=forms.CheckboxSelectMultiple,
        help_text="Brothers and sisters who go through pre-proceedings or proceedings together",
        error_messages={"required": "Choose the children the legal work is about",
                        "invalid_choice": "Choose the children from the list"})
    owner = forms.ModelChoiceField(label="Social worker leading the legal work", queryset=None,
                                   empty_label="Choose the social worker",
                                   error_messages={"required": "Choose the social worker leading the legal work",
                                                   "invalid_choice": "Choose the social worker from the list"})
    legal_adviser = _line("Legal adviser", help_text="The council's solicitor for the family")
    opened_on = _day("Date the legal work started")

    def __init__(self, *args, children=(), owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.child_objects = {str(c.pk): c for c in children}
        self.fields["children"].choices = [(str(c.pk), c.full_name) for c in children]
        self.fields["owner"].queryset = owners

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["children"] = [self.child_objects[pk] for pk in d["children"]]
        return d


class AddChildForm(forms.Form):
    """A child joins the family's legal work: a brother or sister the record names, or any
    child the recorder may see, by council ID (a baby born during the work, say)."""

    child = forms.ChoiceField(label="Which child joins the legal work?", widget=forms.RadioSelect, required=False,
                              error_messages={"invalid_choice": "Choose the child from the list"})
    council_id = _line("Or another child's council ID", help_text="For example, LAN0000123", max_length=20)
    added_on = _day("Date they joined the legal work")

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [(str(c.pk), f"{c.full_name} ({c.council_id})") for c in candidates]
        if not candidates:
            self.fields["council_id"].label = "The child's council ID"

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("child")) == bool((data.get("council_id") or "").strip()):
            raise forms.ValidationError("Choose a child from the list or enter a council ID, not both")
        return data


class GatewayForm(forms.Form):
    held_on = _day("Date of the meeting")
    chair = forms.ModelChoiceField(label="Chair", queryset=None, empty_label="Choose the chair",
                                   help_text="The manager who chaired the meeting and made the decision",
                                   error_messages={"required": "Choose the manager who chaired the meeting",
                                                   "invalid_choice": "Choose the chair from the list"})
    legal_adviser = _line("Legal adviser", message="Enter the legal adviser at the meeting")
    social_worker = forms.ModelChoiceField(label="Social worker", queryset=None, required=False,
                                           empty_label="Choose the social worker")
    others = _line("Others attending", max_length=400)
    threshold = forms.ChoiceField(label="Is the threshold for care proceedings met?",
                                  choices=Threshold.choices, widget=forms.RadioSelect,
                                  error_messages=required("Choose whether the threshold for proceedings is met"))
    decision = forms.ChoiceField(label="Decision", choices=GatewayDecision.choices, widget=forms.RadioSelect,
                                 error_messages=required("Choose the decision"))
    rationale = text_field("Rationale for the decision", rows=5,
                           message="Enter the rationale: a decision without rationale cannot be recorded")

    def __init__(self, *args, chairs=None, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = chairs
        self.fields["social_worker"].queryset = workers
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_description"] = _line(f"Action {n}: what is to be done", max_length=400,
                                                           help_text="Leave blank if there is no action"
                                                           if n == 1 else "")
            self.fields[f"action_{n}_owner"] = _person(f"Action {n}: who will do it", workers)
            self.fields[f"action_{n}_due_on"] = GovukDateField(label=f"Action {n}: due date", required=False)

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        actions = []
        for n in range(1, ACTION_ROWS + 1):
            row = (d.pop(f"action_{n}_description"), d.pop(f"action_{n}_owner"), d.pop(f"action_{n}_due_on"))
            if any(row):
                actions.append(row)
        d["actions"] = actions
        return d


class DoneForm(ServiceForm):
    done_on = _day("Date it was done")


class LetterForm(forms.Form):
    sent_on = _day("Date the letter before proceedings was sent")
    parents_represented = forms.ChoiceField(label="Did the parents have legal representation?",
                                            choices=YES_NO_UNKNOWN, widget=forms.RadioSelect, required=False)

    def service_kwargs(self) -> dict:
        return {"sent_on": self.cleaned_data["sent_on"],
                "parents_represented": _yes_no(self.cleaned_data["parents_represented"])}


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Which meeting was it?", choices=MeetingKind.choices, widget=forms.RadioSelect,
                             error_messages=required("Choose whether this was the initial meeting or a review"))
    held_on = _day("Date of the meeting")
    parents_attended = forms.ChoiceField(label="Did the parents attend?", choices=YES_NO_UNKNOWN,
                                         widget=forms.RadioSelect, required=False)
    notes = text_field("Notes", rows=5)

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["parents_attended"] = _yes_no(d["parents_attended"])
        return d


STEP_DOWN_CHOICES = [(v, label) for v, label in PreProceedingsOutcome.choices if v in STEP_DOWN_OUTCOMES]


class DecisionForm(ServiceForm):
    decision = forms.ChoiceField(label="Decision", choices=PreProceedingsDecision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages=required("Choose whether to issue care proceedings or step down"))
    decision_on = _day("Date of the decision")
    rationale = text_field("Rationale for the decision", rows=5,
                           message="Enter the rationale: a decision without rationale cannot be recorded")
    outcome = forms.ChoiceField(label="If stepping down, what did the family step down to?",
                                choices=STEP_DOWN_CHOICES, widget=forms.RadioSelect, required=False)
    court_application_on = _day("Date of the court application", required_=False,
                                help_text="Only with a decision to issue. Leave blank if not yet made.")


class ConferenceOfferForm(ServiceForm):
    offered_on = _day("Date the family group conference was offered")


OUTCOMES = [("held", "The conference was held"), ("declined", "The family declined it")]


class ConferenceOutcomeForm(forms.Form):
    what = forms.ChoiceField(label="What happened?", choices=OUTCOMES, widget=forms.RadioSelect,
                             error_messages=required("Choose whether the conference was held or declined"))
    held_on = _day("Date it was held", required_=False, help_text="If it was held. For example, 27 3 2026")
    outcome = text_field("The family's plan, or why they declined", rows=5)

    def service_kwargs(self) -> dict:
        declined = self.cleaned_data["what"] == "declined"
        return {"declined": declined, "held_on": self.cleaned_data["held_on"],
                "outcome": self.cleaned_data["outcome"]}


class CommissionForm(ServiceForm):
    kind = forms.ChoiceField(label="Kind of assessment", choices=AssessmentKind.choices, widget=forms.RadioSelect,
                             error_messages=required("Choose the kind of assessment"))
    subject = _line("Who is assessed", message="Enter who is assessed", help_text="For example, the mother")
    provider = _line("Who assesses", help_text="The assessor or organisation")
    commissioned_on = _day("Date it was commissioned")
    due_on = GovukDateField(label="Date it is due", required=False)


class CompleteForm(ServiceForm):
    completed_on = _day("Date it was completed")
    findings = text_field("Findings", rows=5, message="Enter the assessment's findings")


class PersonForm(ServiceForm):
    name = _line("Name", message="Enter the person's name")
    relationship = _line("Relationship to the children", message="Enter their relationship to the children, "
                         "for example grandmother", max_length=100, help_text="For example, maternal grandmother")
    identified_on = _day("Date they were identified")


class RuleOutForm(ServiceForm):
    on = _day("Date they were ruled out")
    reason = text_field("Why were they ruled out?", rows=4, message="Enter why they were ruled out")


class ViabilityRequestForm(ServiceForm):
    requested_on = _day("Date the viability assessment was requested")


class ViabilityCompleteForm(ServiceForm):
    completed_on = _day("Date it was completed")
    outcome = forms.ChoiceField(label="Outcome", choices=ViabilityOutcome.choices, widget=forms.RadioSelect,
                                error_messages=required("Choose whether the outcome was positive or negative"))
    by_whom = _line("Assessed by", message="Enter who did the assessment")
    summary = text_field("Summary", rows=5, message="Enter a summary of the assessment")


class PlacementLinkForm(ServiceForm):
    placement = forms.ModelChoiceField(label="Which placement is with this person?", queryset=None,
                                       widget=forms.RadioSelect,
                                       error_messages={"required": "Choose the placement with this person",
                                                       "invalid_choice": "Choose the placement from the list"})

    def __init__(self, *args, placements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements
        self.fields["placement"].label_from_instance = (
            lambda p: f"{p.child.full_name}: {p.carer_name} from {p.start:%-d %B %Y}")
