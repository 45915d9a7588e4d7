"""Forms of the care journey: becoming looked after, legal status, moves, ceasing care,
statutory visits, looked-after reviews and what is recorded about a placement.

Each form's fields carry the service's argument names, so a service's refusal lands on
the field it is about. ``sections`` groups the fields under headings on the page.
"""

from django import forms

from lantern.plans.forms import YES_NO, required, text_field
from lantern.web.forms import GovukDateField

from ..models import (
    CATEGORIES_OF_NEED,
    CEASED_REASONS,
    CHANGE_REASONS,
    LEGAL_STATUSES,
    PARTICIPATION,
    PLACEMENT_TYPES,
    PROVIDERS,
    CarerKind,
    VisitPlace,
)
from ..services import PlacementDetails

BEDROOM = [("yes", "Yes"), ("no", "No"), ("not_applicable", "Does not apply")]


def _coded(choices) -> list[tuple[str, str]]:
    return [(code, f"{code}: {label}") for code, label in choices]


def _choice(label, choices, *, message, radios=False, blank="", help_text="") -> forms.ChoiceField:
    options = ([("", blank)] if blank else []) + list(choices)
    return forms.ChoiceField(label=label, choices=options, help_text=help_text,
                             widget=forms.RadioSelect if radios else forms.Select,
                             error_messages={"required": message, "invalid_choice": message})


def _date(label, *, optional=False, help_text="For example, 27 3 2026") -> GovukDateField:
    return GovukDateField(label=label, required=not optional, must_not_be_future=True,
                          help_text=help_text)


def _yes_no(label, message, help_text="") -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, widget=forms.RadioSelect,
                             help_text=help_text, error_messages=required(message))


def _tick(label, help_text="") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, help_text=help_text)


class SectionsForm(forms.Form):
    """A form shown in sections: ``sections`` is [(heading or "", [field names])]."""

    sections: list[tuple[str, list[str]]] = []

    def section_fields(self):
        shown = self.sections or [("", list(self.fields))]
        return [(heading, [self[name] for name in names if name in self.fields])
                for heading, names in shown]


class PlacementFields(SectionsForm):
    """What is recorded about a placement when it starts."""

    placement_type = _choice("Type of placement", _coded(PLACEMENT_TYPES),
                             message="Choose the type of placement from the list",
                             blank="Choose the type of placement")
    provider = forms.ChoiceField(
        label="Who provides the placement", required=False,
        choices=[("", "None (a temporary or other placement)"), *_coded(PROVIDERS)],
        error_messages={"invalid_choice": "Choose who provides the placement"})
    carer_kind = _choice("Kind of carer or provider", CarerKind.choices, radios=True,
                         message="Choose the kind of carer or provider")
    carer_name = forms.CharField(label="Name of the carer or provider", max_length=200,
                                 error_messages=required("Enter the name of the carer or provider"))
    address = forms.CharField(label="Address of the placement", max_length=300, required=False)
    postcode = forms.CharField(label="Postcode of the placement", max_length=8, required=False,
                               help_text="Used to work out whether the placement is in the "
                               "council's area and how far it is from home",
                               widget=forms.TextInput(attrs={"class": "govuk-input--width-10",
                                                             "autocomplete": "off"}))
    urn = forms.CharField(label="Ofsted URN", max_length=8, required=False,
                          help_text="Needed for a registered children's home, like SC123456",
                          widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))
    planned = _yes_no("Was the placement planned?", "Select yes if the placement was planned",
                      help_text="Select no if it was made in an emergency")
    regulated = _yes_no("Is the placement regulated?",
                        "Select yes if the placement is regulated",
                        help_text="Registered with Ofsted, or with an approved foster carer")
    temporary_approval = _tick("The carer is a connected person under temporary approval "
                               "(regulation 24)", help_text="Temporary approval lasts up to "
                               "16 weeks")
    parent_before_assessment = _tick("Placed with a parent before the assessment is complete "
                                     "(regulation 19)")
    long_term = _tick("Designated long-term (until 18)")
    plan_agreed_on = _date("Date the placement plan was agreed", optional=True,
                           help_text="Leave blank if it has not been agreed yet")
    notified_on = _date("Date the placement notifications were sent", optional=True,
                        help_text="Leave blank if they have not been sent yet")

    PLACEMENT = ["placement_type", "provider", "carer_kind", "carer_name", "address", "postcode",
                 "urn", "planned", "regulated", "temporary_approval", "parent_before_assessment",
                 "same_carer", "long_term", "plan_agreed_on", "notified_on"]

    def placement_details(self) -> PlacementDetails:
        d = self.cleaned_data
        return PlacementDetails(
            placement_type=d["placement_type"], provider=d["provider"], carer_kind=d["carer_kind"],
            carer_name=d["carer_name"], postcode=d["postcode"].strip(), address=d["address"],
            urn=d["urn"], planned=d["planned"] == "yes", regulated=d["regulated"] == "yes",
            temporary_approval=d["temporary_approval"],
            parent_before_assessment=d["parent_before_assessment"], long_term=d["long_term"],
            same_carer=d.get("same_carer", False), plan_agreed_on=d["plan_agreed_on"],
            notified_on=d["notified_on"])


class BecomeLookedAfterForm(PlacementFields):
    start = _date("Date the child became looked after")
    legal_status = _choice("Legal status", _coded(LEGAL_STATUSES),
                           message="Choose the legal status from the list",
                           blank="Choose the legal status")
    category_of_need = _choice("Category of need", _coded(CATEGORIES_OF_NEED), radios=True,
                               message="Choose the category of need (N1 to N8)")
    reason = text_field("Why the child became looked after", rows=4)
    home_postcode = forms.CharField(
        label="Postcode of the home the child was living in", max_length=8, required=False,
        help_text="Used to work out how far each placement is from home",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}))
    care_plan_on = _date("Date the care plan was prepared", optional=True,
                         help_text="Leave blank if it has not been prepared yet")

    sections = [("", ["start", "legal_status", "category_of_need", "reason", "home_postcode",
                      "care_plan_on"]),
                ("The first placement", PlacementFields.PLACEMENT)]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"start": d["start"], "legal_status": d["legal_status"],
                "category_of_need": d["category_of_need"], "reason": d["reason"],
                "home_postcode": d["home_postcode"].strip(), "care_plan_on": d["care_plan_on"],
                "placement": self.placement_details()}


class LegalStatusForm(SectionsForm):
    on = _date("Date the legal status changed")
    status = _choice("New legal status", _coded(LEGAL_STATUSES),
                     message="Choose the legal status from the list",
                     blank="Choose the legal status")
    reason = text_field("What happened", help_text="For example, the order the court made")


class PlacementChangeForm(PlacementFields):
    on = _date("Date of the move")
    reason = _choice("Reason for the change of placement", _coded(CHANGE_REASONS),
                     message="Choose the reason for the change of placement",
                     blank="Choose the reason")
    detail = text_field("More about why the placement changed")
    legal_status = forms.ChoiceField(
        label="Did the legal status change the same day?", required=False,
        choices=[("", "No change"), *_coded(LEGAL_STATUSES)],
        error_messages={"invalid_choice": "Choose the legal status from the list"})
    same_carer = _tick("Same carer as the previous placement",
                       help_text="A change of placement with the same carer (SSDA903 T or U)")

    sections = [("", ["on", "reason", "detail", "legal_status"]),
                ("The new placement", PlacementFields.PLACEMENT)]

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"on": d["on"], "reason": d["reason"], "detail": d["detail"],
                "legal_status": d["legal_status"], "details": self.placement_details()}


class CeaseForm(SectionsForm):
    on = _date("Date the child ceased to be looked after")
    reason = _choice("Why did the child cease to be looked after?", _coded(CEASED_REASONS),
                     message="Choose why the child ceased to be looked after",
                     blank="Choose the reason")
    note = text_field("More about the ending")


class VisitForm(SectionsForm):
    visited_on = _date("Date of the visit")
    worker = forms.ModelChoiceField(label="Who visited", queryset=None,
                                    empty_label="Choose who visited",
                                    error_messages={"required": "Choose who visited",
                                                    "invalid_choice": "Choose who visited from "
                                                    "the list"})
    where = _choice("Where did the visit take place?", VisitPlace.choices, radios=True,
                    message="Choose where the visit took place")
    seen = _yes_no("Was the child seen?", "Select yes if the child was seen")
    not_seen_reason = text_field("If not seen, why not?")
    seen_alone = forms.ChoiceField(label="Was the child seen alone?", choices=YES_NO,
                                   required=False, widget=forms.RadioSelect)
    not_alone_reason = text_field("If not seen alone, why not?")
    bedroom_seen = forms.ChoiceField(label="Was the child's bedroom seen?", choices=BEDROOM,
                                     required=False, widget=forms.RadioSelect)
    child_said = text_field("What the child said", rows=4,
                            help_text="In the child's own words where you can")

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers

    def clean(self):
        data = super().clean()
        if data.get("seen") == "yes" and not data.get("seen_alone"):
            self.add_error("seen_alone", "Select yes if the child was seen alone")
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"visited_on": d["visited_on"], "worker": d["worker"], "where": d["where"],
                "seen": d["seen"] == "yes", "not_seen_reason": d["not_seen_reason"],
                "seen_alone": d["seen_alone"] == "yes", "not_alone_reason": d["not_alone_reason"],
                "bedroom_seen": {"yes": True, "no": False}.get(d["bedroom_seen"]),
                "child_said": d["child_said"]}


class ReviewForm(SectionsForm):
    held_on = _date("Date of the review")
    iro = forms.ModelChoiceField(
        label="Independent reviewing officer who chaired it", queryset=None,
        empty_label="Choose the IRO",
        error_messages={"required": "Choose the independent reviewing officer who chaired the "
                        "review", "invalid_choice": "Choose the IRO from the list"})
    participation = _choice("How did the child take part?", _coded(PARTICIPATION), radios=True,
                            message="Choose how the child took part in the review")
    permanence_plan = forms.CharField(label="Plan for permanence", max_length=200,
                                      required=False)
    decisions = text_field("What the review decided", rows=5)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iro"].queryset = officers


class PlacementRecordForm(SectionsForm):
    plan_agreed_on = _date("Date the placement plan was agreed", optional=True,
                           help_text="Leave blank to leave it as it is")
    notified_on = _date("Date the placement notifications were sent", optional=True,
                        help_text="Leave blank to leave it as it is")
    long_term_from = _date("Date the placement was designated long-term", optional=True,
                           help_text="Leave blank to leave it as it is")

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in self.fields):
            raise forms.ValidationError("Enter at least one date to record")
        return data


class ExtendApprovalForm(SectionsForm):
    decided_on = _date("Date of the nominated officer's decision")
    reason = text_field("Why is the extension needed?", rows=4,
                        help_text="Why the assessment is not finished, and the fostering panel's "
                        "view")


class CarerApprovalForm(SectionsForm):
    on = _date("Date the connected person was approved as a foster carer")


class ResolveForm(SectionsForm):
    on = _date("Date it was resolved")
    how = forms.CharField(label="How was it resolved?", max_length=300,
                          help_text="For example, registered with Ofsted, or the carer assessed "
                          "and approved",
                          error_messages=required("Say how it was resolved (registered, "
                                                  "assessed, approved)"))


__all__ = ["BecomeLookedAfterForm", "CarerApprovalForm", "CeaseForm", "ExtendApprovalForm",
           "LegalStatusForm", "PlacementChangeForm", "PlacementRecordForm", "ResolveForm",
           "ReviewForm", "VisitForm"]
