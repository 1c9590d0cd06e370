import unicodedata

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .links import password_set_url
from .models import User


class SignInForm(AuthenticationForm):
    """Sign-in with the employee number (사번) and password. The refusal is the portal's own
    sentence: Django's names the field through a placeholder, which in Korean needs a particle
    it cannot choose ("사번와/과")."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The employee number or the password is not right. Both are case-sensitive; "
            "if you have never set a password, ask for a sign-in link by email."
        ),
    }

    username = forms.CharField(
        label=_("Employee number"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}
        ),
    )


def _same_email(a: str, b: str) -> bool:
    return (
        unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
    )


class PasswordLinkForm(PasswordResetForm):
    """Asks for the employee number and the email address on record and, when both match an
    active person, emails a one-time link to set a password. The same link serves the first
    sign-in (HR-imported people have no password yet) and a forgotten password. The page
    answers the same whether or not anything matched, so it reveals nobody's details."""

    username = forms.CharField(
        label=_("Employee number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The address the HR system has for you."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["username", "email"]

    def get_users(self, email):
        """Unlike Django's form, people without a usable password are included: that is the
        first sign-in."""
        candidates = User._default_manager.filter(
            username=self.cleaned_data.get("username", "").strip(),
            email__iexact=email,
            is_active=True,
        )
        return (user for user in candidates if _same_email(email, user.email))

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """The link comes from the one helper that makes it (``accounts.links``)."""
        context["set_password_url"] = password_set_url(context["user"])
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class ApiTokenForm(forms.Form):
    """A new API token: a name the owner will recognise and how long it lives (the service
    checks both again)."""

    LIFETIMES = (30, 90, 180, 365)

    name = forms.CharField(
        label=_("Name"),
        max_length=60,
        help_text=_("What will use it, e.g. the department's reporting system."),
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        initial=90,
        choices=[(days, _("%(days)d days") % {"days": days}) for days in LIFETIMES],
    )
