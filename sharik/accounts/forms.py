from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User


class RegistrationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    display_name = forms.CharField(
        label=_("Name shown beside your contributions"), max_length=80, required=False
    )
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)
    accept_terms = forms.BooleanField(label=_("I accept the terms of use and the privacy policy"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            try:
                password_validation.validate_password(p1, User(email=data.get("email", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True}))
    error_messages = {
        "invalid_login": _("The e-mail address or the password is not right. Both are case-sensitive."),
        "inactive": _("The e-mail address or the password is not right. Both are case-sensitive."),
    }


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "display_name",
            "full_name_ar",
            "full_name_en",
            "mobile",
            "preferred_language",
            "age_band",
            "place",
        ]
        help_texts = {
            "age_band": _("Optional. Used only in totals, to see whom a consultation reached."),
            "place": _("Optional. Used only in totals, to see whom a consultation reached."),
        }


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput, strip=False)
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone"))


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )


class ResidentVerificationForm(forms.Form):
    """The federal team's manual verification: the reason is required and goes to the audit log."""

    is_verified_resident = forms.BooleanField(label=_("Verified resident"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        min_length=5,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was checked, and how. Kept in the audit log."),
    )


class TokenForm(forms.Form):
    """The six-digit code of the staff member's authenticator app."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("The code is made of digits only."))
        return token
