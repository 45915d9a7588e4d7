"""Forms of the IRO's part of the care record: raising, escalating, answering and closing a
dispute, and the IRO's contact with the child. Field names are the services' arguments, so
a refusal lands on the field it is about."""

from django import forms

from lantern.plans.forms import text_field
from lantern.web.forms import GovukDateField

from ..models import DisputeOutcome, VisitPlace
from ..services.iro import dispute_stages


def _date(label, help_text="For example, 27 3 2026") -> GovukDateField:
    return GovukDateField(label=label, must_not_be_future=True, help_text=help_text)


def _radios(label, choices, message) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect,
                             error_messages={"required": message, "invalid_choice": message})


def _addressed_to() -> forms.CharField:
    return forms.CharField(label="Who it is addressed to", max_length=200, required=False,
                           help_text="Their name and role")


class RaiseDisputeForm(forms.Form):
    raised_on = _date("Date the dispute was raised")
    stage = _radios("Stage", [], "Choose the stage of the dispute resolution process")
    addressed_to = _addressed_to()
    concern = text_field("What is the concern?", rows=4, message="Say what the concern is")
    why = text_field("Why does it matter for the child?", rows=4,
                     message="Say why it matters for the child")
    outcome_sought = text_field("What outcome do you want?", rows=3,
                                message="Say what outcome you want")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            (s.key, f"{s.label} ({s.working_days} working days to respond)")
            for s in dispute_stages()]
        self.initial.setdefault("stage", dispute_stages()[0].key)


class EscalateDisputeForm(forms.Form):
    on = _date("Date of the escalation")
    stage = _radios("Stage it goes to", [], "Choose the stage the dispute goes to")
    addressed_to = _addressed_to()

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            (s.key, f"{s.label} ({s.working_days} working days to respond)") for s in stages]


class RespondForm(forms.Form):
    responded_on = _date("Date of the response")
    response = text_field("What was the response?", rows=4,
                          message="Say what the response was")


class CloseDisputeForm(forms.Form):
    closed_on = _date("Date the dispute closed")
    outcome = _radios("Outcome", DisputeOutcome.choices, "Choose the outcome of the dispute")
    outcome_note = text_field("What happened, and what is being done for the child", rows=4,
                              help_text="Needed unless the outcome sought was achieved")


class IroContactForm(forms.Form):
    on = _date("Date of the contact")
    how = _radios("How did the contact take place?", VisitPlace.choices,
                  "Choose how the contact took place")
    note = text_field("What the child said and what you agreed", rows=4)


__all__ = ["CloseDisputeForm", "EscalateDisputeForm", "IroContactForm", "RaiseDisputeForm",
           "RespondForm"]
