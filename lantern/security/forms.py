from django import forms
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm

from lantern.audit.models import SecurityKind


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Security code", max_length=10,
        help_text="The 6-digit code your authenticator app shows for Lantern",
        error_messages={"required": "Enter the security code from your authenticator app"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "spellcheck": "false", "class": "govuk-input--width-5"}))

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the security code as 6 numbers, like 123456")
        return code


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address", max_length=254,
        help_text="The work email address your Lantern account uses",
        error_messages={"required": "Enter your email address",
                        "invalid": "Enter an email address like name@council.gov.uk"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))


class NewPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": "The two passwords do not match: type the same one twice"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. A few unrelated words make a strong password that is easy to "
            "remember; a common password is refused")
        self.fields["new_password2"].label = "Type the new password again"
        self.fields["new_password2"].help_text = ""


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label="What happened", required=False,
                             choices=[("", "Everything"), *SecurityKind.choices])
    user = forms.CharField(label="Username", required=False, max_length=150,
                           help_text="As typed at sign-in, including usernames no account has",
                           widget=forms.TextInput(attrs={"spellcheck": "false"}))


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code", max_length=40,
        help_text="One of the recovery codes you were given when you set up your app, like ABCD-EFGH-2345-JKLM-6789-NPQR",
        error_messages={"required": "Enter one of your recovery codes"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}))

    def clean_code(self):
        code = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(code) != 24:
            raise forms.ValidationError("Enter the recovery code as 24 letters and numbers, like "
                                        "ABCD-EFGH-2345-JKLM-6789-NPQR")
        return code


class SecondFactorResetForm(forms.Form):
    reason = forms.CharField(
        label="Why are you resetting this person's second factor?", max_length=500,
        help_text="For example, 'Phone lost; identity checked by a call to their manager'",
        error_messages={"required": "Say why the second factor is being reset"},
        widget=forms.Textarea(attrs={"rows": 3}))


class AccountFilterForm(forms.Form):
    name = forms.CharField(label="Name or username", required=False, max_length=150,
                           widget=forms.TextInput(attrs={"spellcheck": "false"}))
