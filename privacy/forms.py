from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import CorrectionStatus


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read the privacy notice and agree to the collection and use of my personal data as described."),
        required=True,
        error_messages={"required": _("To use the portal, please agree to the privacy notice.")},
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class CorrectionRequestForm(forms.Form):
    """A person's request to correct their data: about which section, what is wrong, what it
    should be (``privacy.corrections.correction_submit`` checks the rest)."""

    section = forms.ChoiceField(label=_("What the request is about"), required=False)
    what_is_wrong = forms.CharField(
        label=_("What is wrong"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: my department is shown as the Welfare Policy Division."),
    )
    should_be = forms.CharField(
        label=_("What it should be"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: I moved to the Youth Policy Division on 1 March."),
    )

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("Something else"))] + [(s.slug, s.title) for s in sections]


class CorrectionHandleForm(forms.Form):
    """The innovation unit's answer to a correction request."""

    CORRECTED, REFUSED = "corrected", "refused"
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[(CORRECTED, _("Corrected")), (REFUSED, _("Not corrected"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("What was corrected, or why not"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The person reads this in the notification and on their My data page."),
    )


class CorrectionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + CorrectionStatus.choices
