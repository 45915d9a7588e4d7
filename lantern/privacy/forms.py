from django import forms

from lantern.plans.forms import required, text_field


class SubjectAccessForm(forms.Form):
    council_id = forms.CharField(label="Child’s council ID", max_length=20,
                                 help_text="For example, LAN0000001",
                                 error_messages=required("Enter the child’s council ID"))


class HoldForm(forms.Form):
    """The reason is required by the service (placing and lifting both need one)."""

    reason = text_field("Why", rows=4)

    def __init__(self, *args, placing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why must the record be kept?" if placing else "Why is the hold lifted?"


class FindChildForm(forms.Form):
    council_id = forms.CharField(label="Place a legal hold on a child’s record: council ID", max_length=20,
                                 error_messages=required("Enter the child’s council ID"))
