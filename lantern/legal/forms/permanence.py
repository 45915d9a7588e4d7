"""Forms for a child's permanence: the plan for permanence and the adoption timeline."""

from django import forms

from lantern.plans.forms import ServiceForm, required, text_field
from lantern.web.forms import GovukDateField

from ..models import ADOPTER_LEGAL_STATUS, ADOPTER_SEX, ADOPTION_CEASED, PermanenceKind

DATE_HINT = "For example, 27 3 2026"


def _day(label: str, *, required_: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(label=label, must_not_be_future=True, required=required_,
                          help_text=help_text or DATE_HINT)


class PlanForm(ServiceForm):
    plan = forms.ChoiceField(label="Plan for permanence", choices=PermanenceKind.choices,
                             widget=forms.RadioSelect, error_messages=required("Choose the plan for permanence"))
    parallel_plan = forms.ChoiceField(label="Parallel plan", choices=[("", "None"), *PermanenceKind.choices],
                                      widget=forms.RadioSelect, required=False,
                                      help_text="The other route being planned for at the same time, if any")
    agreed_on = _day("Date the plan was agreed", help_text="Usually at a looked-after review. " + DATE_HINT)
    notes = text_field("Notes", rows=4)


class DecisionForm(ServiceForm):
    decision_on = _day("Date of the decision that the child should be placed for adoption",
                       help_text="The agency decision maker's decision. " + DATE_HINT)


STEP_CHOICES = [
    ("ffa_on", "Placed in a fostering for adoption or concurrent planning placement"),
    ("placement_order_on", "Placement order made"),
    ("matched_on", "Matched with adopters"),
    ("placed_on", "Placed for adoption (moved in with the adopters)"),
    ("order", "Adoption order made"),
    ("ceased", "Decision that the child should no longer be placed for adoption"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


class StepForm(forms.Form):
    step = forms.ChoiceField(label="What happened?", choices=STEP_CHOICES, widget=forms.RadioSelect,
                             error_messages=required("Choose what happened"))
    on = _day("Date it happened")
    adopted_by_foster_carer = forms.ChoiceField(
        label="For an adoption order: was the child adopted by their foster carer?", choices=YES_NO,
        widget=forms.RadioSelect, required=False)
    adopters_count = forms.ChoiceField(label="For an adoption order: how many adopters?",
                                       choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect,
                                       required=False)
    adopters_sex = forms.ChoiceField(label="For an adoption order: sex of the adopters",
                                     choices=[("", "Choose"), *ADOPTER_SEX], required=False)
    adopters_legal_status = forms.ChoiceField(label="For an adoption order: legal status of the adopters",
                                              choices=[("", "Choose"), *ADOPTER_LEGAL_STATUS], required=False)
    ceased_reason = forms.ChoiceField(
        label="If the child should no longer be placed for adoption: why?",
        choices=[("", "Choose"), *ADOPTION_CEASED], required=False)

    def __init__(self, *args, done=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(v, label) for v, label in STEP_CHOICES if v not in done]

    def order_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"order_on": d["on"], "adopted_by_foster_carer": {"yes": True, "no": False}.get(
                    d["adopted_by_foster_carer"]),
                "adopters_count": int(d["adopters_count"]) if d["adopters_count"] else None,
                "adopters_sex": d["adopters_sex"], "adopters_legal_status": d["adopters_legal_status"]}


class ReviewForm(ServiceForm):
    held_on = _day("Date of the adoption review")
