"""Forms for care proceedings: the application, hearings and what happened at them, the
court's extensions, orders for each child and the conclusion."""

from django import forms

from lantern.plans.forms import ServiceForm, required, text_field
from lantern.web.forms import GovukDateField

from ..models import Application, HearingKind, OrderKind

DATE_HINT = "For example, 27 3 2026"
RESULTS = [("held", "The hearing was held"), ("adjourned", "The hearing was adjourned")]


def _day(label: str, *, required_: bool = True, help_text: str = "", past: bool = True) -> GovukDateField:
    return GovukDateField(label=label, must_not_be_future=past, required=required_,
                          help_text=help_text or DATE_HINT)


def _line(label: str, message: str, help_text: str = "", max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, help_text=help_text,
                           error_messages=required(message))


class IssueForm(ServiceForm):
    application = forms.ChoiceField(label="Which application was made?", choices=Application.choices,
                                    widget=forms.RadioSelect,
                                    error_messages=required("Choose the application made to the court"))
    issued_on = _day("Date the application was issued")
    court = _line("Court", "Enter the court the application was issued in",
                  help_text="For example, Hull Family Court")
    case_number = _line("Court case number", "Enter the court's case number", max_length=40)
    short_notice = forms.BooleanField(label="This was a short notice application", required=False)


class HearingForm(ServiceForm):
    kind = forms.ChoiceField(label="Which hearing?", choices=HearingKind.choices, widget=forms.RadioSelect,
                             error_messages=required("Choose the kind of hearing"))
    listed_for = _day("Date the hearing is listed for", past=False)


class OutcomeForm(ServiceForm):
    result = forms.ChoiceField(label="What happened?", choices=RESULTS, widget=forms.RadioSelect,
                               error_messages=required("Choose whether the hearing was held or adjourned"))
    outcome = text_field("Outcome", rows=5, help_text="What the court decided or directed; if adjourned, why")


class ExtensionForm(ServiceForm):
    granted_on = _day("Date the court granted the extension")
    weeks = forms.IntegerField(label="How many weeks?", min_value=1, max_value=8,
                               help_text="Up to 8 weeks at a time",
                               widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
                               error_messages={"required": "Enter the weeks of the extension, from 1 to 8",
                                               "invalid": "Enter the weeks as a number, from 1 to 8",
                                               "min_value": "Enter the weeks of the extension, from 1 to 8",
                                               "max_value": "An extension is up to 8 weeks at a time"})
    reason = text_field("Why did the court extend the timetable?", rows=4,
                        message="Enter why the court extended the timetable")


class OrderForm(ServiceForm):
    child = forms.ChoiceField(label="Which child is the order for?", widget=forms.RadioSelect,
                              error_messages={"required": "Choose the child the order is for",
                                              "invalid_choice": "Choose a child from the list"})
    kind = forms.ChoiceField(label="Which order did the court make?", choices=OrderKind.choices,
                             widget=forms.RadioSelect, error_messages=required("Choose the order the court made"))
    made_on = _day("Date the order was made")
    ends_on = _day("Date the order ends", required_=False, past=False,
                   help_text="If it has an end date, such as an interim order. For example, 27 3 2026")

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.child_objects = {str(c.pk): c for c in children}
        self.fields["child"].choices = [(str(c.pk), c.full_name) for c in children]

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["child"] = self.child_objects.get(d["child"])
        return d


class ConcludeForm(ServiceForm):
    concluded_on = _day("Date the proceedings concluded", help_text="The final hearing's disposal. "
                        + DATE_HINT)
