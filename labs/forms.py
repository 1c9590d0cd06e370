from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.widgets import PersonPickerWidget
from core.fields import DateField
from core.widgets import MultipleFileUploadWidget
from proposals.files import accepted_types_text
from proposals.services import clean_text

from .enums import DecisionKind, Outcome
from .models import DutyRelease, Lab, LogComment, LogEntry, Milestone
from .terms import validate_term


class NormalisedTextMixin:
    """Normalises text fields to NFC; a NUL byte becomes a field error."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    cleaned[name] = clean_text(value)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


class MultipleFileField(forms.FileField):
    widget = MultipleFileUploadWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Attachments"))
        kwargs.setdefault("help_text", _("Accepted types: %(types)s.") % {"types": accepted_types_text()})
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class LabForm(NormalisedTextMixin, forms.ModelForm):
    class Meta:
        model = Lab
        fields = ["name", "mission", "start_date", "end_date", "recruitment_closes_on", "log_cadence_days"]
        field_classes = {"start_date": DateField, "end_date": DateField, "recruitment_closes_on": DateField}
        widgets = {"mission": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "end_date": _("Inclusive. The term is 3 to 6 calendar months: a start on 1 July ends "
                          "between 30 September and 31 December."),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end:
            try:
                validate_term(start, end)
            except ValidationError as error:
                self.add_error("end_date", error)
        cadence = cleaned.get("log_cadence_days")
        if cadence is not None and cadence < 1:
            self.add_error("log_cadence_days", _("Enter at least one day."))
        return cleaned


class ReleaseAcknowledgeForm(NormalisedTextMixin, forms.ModelForm):
    class Meta:
        model = DutyRelease
        fields = ["order_reference"]
        help_texts = {"order_reference": _("Leave empty if no personnel order was issued.")}


class LogEntryForm(NormalisedTextMixin, forms.ModelForm):
    uploads = MultipleFileField()

    class Meta:
        model = LogEntry
        fields = ["entry_date", "did", "learned", "next_steps", "blockers"]
        field_classes = {"entry_date": DateField}
        widgets = {
            "did": forms.Textarea(attrs={"rows": 5}),
            "learned": forms.Textarea(attrs={"rows": 4}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "blockers": forms.Textarea(attrs={"rows": 3}),
        }


class CommentForm(NormalisedTextMixin, forms.ModelForm):
    class Meta:
        model = LogComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 2})}


class MilestoneForm(NormalisedTextMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "target_date"]
        field_classes = {"target_date": DateField}


class DecisionForm(NormalisedTextMixin, forms.Form):
    """A proposal for a joint decision; which fields count depends on the kind."""

    kind = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=[c for c in DecisionKind.choices if c[0] != DecisionKind.FINAL_REPORT],
    )
    summary = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    new_mission = forms.CharField(
        label=_("New mission (for a change of scope)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    new_end_date = DateField(label=_("New end date (for an extension)"), required=False)
    subject_number = forms.CharField(
        label=_("Employee number (for adding or removing a member)"),
        required=False,
        max_length=30,
        widget=PersonPickerWidget(),
    )

    def clean(self):
        cleaned = super().clean()
        number = (cleaned.get("subject_number") or "").strip()
        cleaned["subject"] = None
        if cleaned.get("kind") in (DecisionKind.ADD_MEMBER, DecisionKind.REMOVE_MEMBER):
            subject = User.objects.filter(username=number, is_active=True).first() if number else None
            if subject is None:
                self.add_error("subject_number", _("No one with this employee number was found."))
            cleaned["subject"] = subject
        return cleaned


class FinalReportForm(NormalisedTextMixin, forms.Form):
    summary = forms.CharField(label=pgettext_lazy("lab report", "Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=pgettext_lazy("lab report", "Results"), widget=forms.Textarea(attrs={"rows": 5}))
    outcome = forms.ChoiceField(
        label=pgettext_lazy("lab report", "Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        help_text=_("A lab that did not achieve its aim but recorded what it learned is a legitimate outcome."),
    )
    lessons = forms.CharField(label=_("Lessons learned"), widget=forms.Textarea(attrs={"rows": 5}))
    next_steps = forms.CharField(
        label=_("Recommended next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    uploads = MultipleFileField()


class SignoffForm(NormalisedTextMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=_("Required when you decline."),
    )


class ReviewForm(NormalisedTextMixin, forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
