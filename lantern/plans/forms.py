"""The forms every plan page shares, child protection and child in need alike: a visit,
an action, an action's review, and ending the plan."""

from django import forms

from lantern.web.forms import GovukDateField

from .models import Owner, Progress

YES_NO = [("yes", "Yes"), ("no", "No")]
BEDROOM = [("yes", "Yes"), ("no", "No"), ("not_applicable", "Does not apply (not seen at home)")]
OWNERS = [("", "Not decided"), *Owner.choices]


def required(what: str) -> dict:
    return {"required": what}


def text_field(label: str, *, rows: int = 3, help_text: str = "", message: str = "") -> forms.CharField:
    """A text area; required (with ``message`` as the error) only when a message is given."""
    kwargs = {"error_messages": required(message)} if message else {"required": False}
    return forms.CharField(label=label, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}),
                           **kwargs)


class ServiceForm(forms.Form):
    """A form whose cleaned data are the service's keyword arguments as they are."""

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


def _yes(value) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class VisitForm(forms.Form):
    visited_on = GovukDateField(label="Date of visit", must_not_be_future=True)
    worker = forms.ModelChoiceField(label="Who visited", queryset=None, empty_label="Choose who visited",
                                    error_messages={"required": "Choose who visited",
                                                    "invalid_choice": "Choose who visited from the list"})
    seen = forms.ChoiceField(label="Was the child seen?", choices=YES_NO, widget=forms.RadioSelect,
                             error_messages=required("Select yes if the child was seen"))
    not_seen_reason = text_field("If not seen, why not?")
    seen_alone = forms.ChoiceField(label="Was the child seen alone?", choices=YES_NO, required=False,
                                   widget=forms.RadioSelect)
    not_alone_reason = text_field("If not seen alone, why not?")
    bedroom_seen = forms.ChoiceField(label="Was the child's bedroom seen?", choices=BEDROOM,
                                     required=False, widget=forms.RadioSelect)
    child_said = text_field("What the child said", rows=4, help_text="In the child's own words where you can")
    child_seemed = text_field("How the child seemed", rows=3)
    others_present = forms.CharField(label="Who else was present", max_length=300, required=False)

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers

    def clean(self):
        data = super().clean()
        seen = data.get("seen") == "yes"
        if seen and not data.get("seen_alone"):
            self.add_error("seen_alone", "Select yes if the child was seen alone")
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"visited_on": d["visited_on"], "worker": d["worker"], "seen": d["seen"] == "yes",
                "not_seen_reason": d["not_seen_reason"], "seen_alone": d["seen_alone"] == "yes",
                "not_alone_reason": d["not_alone_reason"], "bedroom_seen": _yes(d["bedroom_seen"]),
                "child_said": d["child_said"], "child_seemed": d["child_seemed"],
                "others_present": d["others_present"]}


class ActionForm(ServiceForm):
    what = text_field("What will be done", message="Say what will be done")
    owner_name = forms.CharField(label="Who is responsible", max_length=200, required=False,
                                 help_text="The person, and their role")
    owner_agency = forms.ChoiceField(label="Their agency", choices=OWNERS, required=False)
    due = GovukDateField(label="By when", required=False, help_text="For example, 27 3 2026")
    measure = text_field("How we will know it has worked", help_text="What will be different for the child")
    added_on = GovukDateField(label="Date agreed", required=False, must_not_be_future=True,
                              help_text="Leave blank for today")


class ActionReviewForm(ServiceForm):
    reviewed_on = GovukDateField(label="Date reviewed", must_not_be_future=True)
    progress = forms.ChoiceField(label="Has it been done?", choices=Progress.choices,
                                 widget=forms.RadioSelect,
                                 error_messages=required("Choose done, partly done or not done"))
    note = text_field("What is in the way and what happens next",
                 help_text="Needed if it is partly done or not done")


class PlanEndForm(ServiceForm):
    """End a plan for one of the reasons it may end directly (step-downs go elsewhere)."""

    end = GovukDateField(label="End date", must_not_be_future=True)
    reason = forms.ChoiceField(label="Why is the plan ending?", widget=forms.RadioSelect, error_messages={
        "required": "Choose why the plan is ending",
        "invalid_choice": "Choose one of the reasons listed: a step down is made on the level of need page"})

    def __init__(self, *args, reasons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = list(reasons)
