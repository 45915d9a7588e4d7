from django import forms

from lantern.plans.forms import required, text_field
from lantern.web.forms import GovukDateTimeField

from .models import KINDS

TIME_HINT = "For example, 25 10 2025, 20 30. Use the 24-hour clock."
ANSWERS = [("yes", "Yes"), ("no", "No"), ("not_yet", "Not answered yet")]
CONCERNS = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]


def _when(label: str, *, optional_hint: str = "") -> GovukDateTimeField:
    hint = f"{optional_hint} {TIME_HINT}".strip()
    return GovukDateTimeField(label=label, must_not_be_future=True, help_text=hint,
                              required=not optional_hint)


def _line(label: str, *, message: str = "", help_text: str = "", max_length: int = 200) -> forms.CharField:
    kwargs = {"error_messages": required(message)} if message else {"required": False}
    return forms.CharField(label=label, max_length=max_length, help_text=help_text, **kwargs)


class EpisodeForm(forms.Form):
    kind = forms.ChoiceField(label="Was the child missing or away?", choices=KINDS, widget=forms.RadioSelect,
                             error_messages=required("Choose whether the child was missing or away "
                                                     "without authorisation"))
    started_at = _when("When did the child go missing?")
    missing_from = _line("Where did the child go missing from?", message="Enter where the child went "
                         "missing from", help_text="For example, the placement, home or school")
    reported_to_police_at = _when("When were the police told?",
                                  optional_hint="Leave blank if the police were not told.")
    risk_notes = text_field("Risks and concerns", rows=4)
    returned_at = _when("When did the child return?",
                        optional_hint="Leave blank if the child is still missing.")
    where_found = _line("Where was the child found?", max_length=300)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ReturnForm(forms.Form):
    returned_at = _when("When did the child return?")
    where_found = _line("Where was the child found?", max_length=300)

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class InterviewForm(forms.Form):
    offered_at = _when("When was the return home interview offered?")
    accepted = forms.ChoiceField(label="Did the child accept the interview?", choices=ANSWERS,
                                 widget=forms.RadioSelect,
                                 error_messages=required("Say whether the child accepted the interview"))
    declined_reason = text_field("Why did the child decline?", help_text="Needed if the child declined")
    held_at = _when("When was the interview held?", optional_hint="Leave blank if it has not been held yet.")
    by_whom = _line("Who held the interview?", help_text="The independent person or organisation")
    child_said = text_field("What the child said", rows=5, help_text="In the child's own words where you can")
    push_pull_factors = text_field("Push and pull factors", rows=4,
                                   help_text="What made the child leave, and what drew them away")
    exploitation_concerns = forms.ChoiceField(
        label="Were there concerns about exploitation?", choices=CONCERNS, widget=forms.RadioSelect,
        required=False)
    actions = text_field("Actions agreed", rows=4)

    def service_kwargs(self) -> dict:
        d = dict(self.cleaned_data)
        d["accepted"] = _yes_no(d["accepted"])
        d["exploitation_concerns"] = _yes_no(d["exploitation_concerns"])
        return d
