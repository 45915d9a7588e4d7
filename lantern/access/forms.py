from django import forms

from lantern.web.forms import GovukDateField

from .models import GrantKind, RestrictionKind


class EmergencyAccessForm(forms.Form):
    identifier = forms.CharField(
        label="Council ID or NHS number", max_length=40,
        help_text="For example, LAN0000123 or 943 476 5919",
        error_messages={"required": "Enter the child's council ID or NHS number"})
    reason = forms.CharField(
        label="Why do you need this record now?", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your reason is recorded and sent to the child's team manager.",
        error_messages={"required": "Explain in at least a sentence why you need the record now"})


class RestrictionForm(forms.Form):
    kind = forms.ChoiceField(label="Why is the record restricted?", choices=RestrictionKind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose why the record is restricted"})
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the record is restricted"})
    review_by = GovukDateField(label="Review by", help_text="No more than 90 days from today.")


class ReviewForm(forms.Form):
    review_by = GovukDateField(label="Next review by", help_text="No more than 90 days from today.")
    note = forms.CharField(label="Why is the restriction still needed?", max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Enter why the restriction is still needed"})


class EndForm(forms.Form):
    end_reason = forms.CharField(label="Why is the restriction no longer needed?", max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": "Enter why the restriction is no longer needed"})


class GrantForm(forms.Form):
    username = forms.CharField(label="Username of the member of staff", max_length=150,
                               error_messages={"required": "Enter the username of who needs access"})
    kind = forms.ChoiceField(label="For how long?", widget=forms.RadioSelect, choices=[
        (GrantKind.TASK.value, "A task: two weeks"),
        (GrantKind.INVOLVED_WORKER.value, "An involved worker: six months")],
        error_messages={"required": "Choose how long the access lasts"})
    reason = forms.CharField(label="Why do they need access?", max_length=300,
                             error_messages={"required": "Enter why they need access"})


class RevokeForm(forms.Form):
    grant = forms.IntegerField(widget=forms.HiddenInput)
    revoke_reason = forms.CharField(label="Why is the access ending?", max_length=300,
                                    error_messages={"required": "Enter why the access is ending"})


class BreakGlassReviewForm(forms.Form):
    note = forms.CharField(label="What did you find?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="For example, whether the access was justified and any action taken.",
                           error_messages={"required": "Enter what you found"})


class StaffLinkForm(forms.Form):
    """Link a member of staff's account to the child, or to an adult in the child's family
    network. The choices are the child and the adults the record names."""

    username = forms.CharField(label="Username of the member of staff", max_length=150,
                               error_messages={"required": "Enter the username of the member of staff"})
    person = forms.ChoiceField(label="Who is the member of staff?", widget=forms.RadioSelect,
                               error_messages={"required": "Choose who the member of staff is",
                                               "invalid_choice": "Choose who the member of staff is"})
    link_reason = forms.CharField(label="How did the link become known?", max_length=300,
                                  error_messages={"required": "Enter how the link became known"})

    def __init__(self, *args, child=None, relationships=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("child", f"{child.full_name}, the child")] if child is not None else []
        choices += [(f"adult-{r.adult_id}", f"{r.adult}, {r.get_kind_display().lower()}") for r in relationships]
        self.fields["person"].choices = choices
