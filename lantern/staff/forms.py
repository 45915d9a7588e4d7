from django import forms

from lantern.web.forms import GovukDateField


class AllocateForm(forms.Form):
    worker = forms.ModelChoiceField(
        label="Social worker", queryset=None, empty_label="Choose a social worker",
        error_messages={"required": "Choose the social worker to allocate",
                        "invalid_choice": "Choose a social worker from the list"})
    start = GovukDateField(label="Allocated from", must_not_be_future=True,
                           help_text="The day the worker takes on the case, for example 2 11 2026")
    reason = forms.CharField(label="Reason for the change", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=500, help_text="Needed when the child already has a worker.")

    def __init__(self, *args, workers, needs_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.needs_reason = needs_reason

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if self.needs_reason and not reason:
            raise forms.ValidationError("Enter the reason for changing the social worker")
        return reason
