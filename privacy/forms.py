from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the privacy notice and agree to the collection and use of my personal data as described."),
        required=True,
        error_messages={"required": _("To use the portal, please agree to the privacy notice.")},
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)
