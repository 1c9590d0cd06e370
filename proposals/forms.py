import re
import unicodedata
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User
from accounts.widgets import PersonPickerWidget
from core.fields import DateField, DateTimeField
from core.widgets import MultipleFileUploadWidget

from .extra_forms import (
    add_answer_fields,
    answer_fields,
    answers_from,
    check_answer_files,
    check_required_answers,
)
from .files import accepted_types_text, upload_error
from .models import Call, CallNotice, Proposal
from .selectors import idea_bank_consent_of
from .services import clean_text, proposal_attachment_limits


def _nfc_first(to_python):
    def normalised(value):
        value = to_python(value)
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

    return normalised


class NormalisedTextMixin:
    """Normalises every text field to NFC before its validators run (so a title pasted in
    decomposed Hangul is measured in syllables) and turns NUL bytes into a field error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.to_python = _nfc_first(field.to_python)

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                try:
                    cleaned[name] = clean_text(value)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned


class CallForm(NormalisedTextMixin, forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "title", "code", "description", "guidance", "opens_at", "closes_at", "results_expected_on",
            "contact", "attachment_max_mb",
        ]
        field_classes = {"opens_at": DateTimeField, "closes_at": DateTimeField, "results_expected_on": DateField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "guidance": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "opens_at": _("Korea Standard Time (Asia/Seoul)."),
            "closes_at": _("Proposals are accepted until one second before this moment."),
            "description": _("Plain text; line breaks and web addresses are kept."),
        }

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The call must close after it opens."))
        return cleaned


class CallQuestionForm(NormalisedTextMixin, forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the innovation unit reads it. If the answer helps others, it may be published on "
                    "this page without your name."),
    )


class CallAnswerForm(NormalisedTextMixin, forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    publish = forms.BooleanField(
        label=_("Publish the question and this answer on the call's page (without the asker's name)"),
        required=False,
    )


class ExtendDeadlineForm(forms.Form):
    closes_at = DateTimeField(label=_("New deadline"))


class CallNoticeForm(NormalisedTextMixin, forms.ModelForm):
    class Meta:
        model = CallNotice
        fields = ["question", "body"]
        widgets = {"question": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 5})}
        labels = {"question": _("Question (leave empty for a notice)"), "body": _("Notice or answer")}


class MultipleFileField(forms.FileField):
    widget = MultipleFileUploadWidget

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ProposalForm(NormalisedTextMixin, forms.ModelForm):
    """The proposal form. "Save draft" needs only a title; "Submit" needs every section.

    The hidden ``client_token`` identifies the form instance, so a second POST of the same
    form (double click, second tab, autosave) updates the same draft.
    """

    REQUIRED_FOR_SUBMIT = ("problem", "idea", "effect", "owning_department")

    client_token = forms.UUIDField(widget=forms.HiddenInput)
    coproposer_numbers = forms.CharField(
        label=_("Co-proposers"),
        required=False,
        max_length=500,
        widget=PersonPickerWidget(multiple=True),
        help_text=_("Each colleague must accept before being named."),
    )
    volunteers = forms.BooleanField(
        label=_("I volunteer to join the lab if this proposal is selected"), required=False
    )
    idea_bank = forms.BooleanField(
        label=_("If this proposal is not selected and is routed to a department, show it in the idea bank"),
        required=False,
        help_text=_(
            "The idea bank shows all staff the idea's title, text, department and the department's "
            "answer, never its authors' names. It is shown only if every author agrees; you can "
            "change this later on the proposal's page."
        ),
    )
    new_attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Accepted types: %(types)s.") % {"types": accepted_types_text()},
    )

    class Meta:
        model = Proposal
        fields = ["title", "problem", "idea", "effect", "owning_department", "keywords"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 6}),
            "idea": forms.Textarea(attrs={"rows": 8}),
            "effect": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "problem": _("What does not work today, and for whom?"),
            "idea": _("What do you propose to change, and how?"),
            "effect": _("What will change for citizens and for the administration?"),
            "keywords": _("Separate keywords with commas."),
        }

    def __init__(self, *args, call: Call, user: User, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.user = user
        self.submitting = submitting
        self.fields["owning_department"].queryset = Department.objects.filter(is_active=True).order_by("name")
        self.fields["title"].widget.attrs["maxlength"] = 200
        max_count, max_total_mb = proposal_attachment_limits()
        self.fields["new_attachments"].help_text = _(
            "Accepted types: %(types)s. Up to %(limit)s MB per file, and at most %(count)s files and "
            "%(total)s MB in all per proposal."
        ) % {"types": accepted_types_text(), "limit": call.attachment_max_mb, "count": max_count,
             "total": max_total_mb}
        for name in self.REQUIRED_FOR_SUBMIT:
            # Marked like a required field (templates/django/forms/field.html): a draft may
            # leave them empty, a submission may not.
            self.fields[name].required_for_submit = True
            self.fields[name].widget.attrs["data-required-for-submit"] = "true"
            self.fields[name].widget.attrs["aria-required"] = "true"
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())
            if self.instance.pk:
                self.initial["coproposer_numbers"] = ", ".join(
                    c.user.username for c in self.instance.coproposers.all()
                )
                self.initial["volunteers"] = self._current_volunteering()
            self.initial["idea_bank"] = idea_bank_consent_of(self.instance, user)
        add_answer_fields(self, call, self.instance)
        if self.instance.pk and self.instance.proposer_id != user.pk:
            # Co-proposers edit the text; who is named stays the proposer's decision.
            del self.fields["coproposer_numbers"]

    def _current_volunteering(self) -> bool:
        if self.instance.proposer_id == self.user.pk:
            return self.instance.proposer_volunteers
        return any(c.user_id == self.user.pk and c.volunteers for c in self.instance.coproposers.all())

    def clean_coproposer_numbers(self) -> list[User]:
        raw = self.cleaned_data.get("coproposer_numbers", "")
        numbers = [n for n in re.split(r"[\s,]+", raw) if n]
        if not numbers:
            return []
        found = {u.username: u for u in User.objects.filter(username__in=numbers, is_active=True)}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            raise ValidationError(
                _("No active colleague has the employee number %(numbers)s."), params={"numbers": ", ".join(unknown)}
            )
        proposer_id = self.instance.proposer_id or self.user.pk
        if any(u.pk == proposer_id for u in found.values()):
            raise ValidationError(_("The proposer cannot also be a co-proposer."))
        return list(found.values())

    def clean_new_attachments(self):
        files = self.cleaned_data.get("new_attachments") or []
        errors = [error for error in (upload_error(self.call, upload) for upload in files) if error is not None]
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        cleaned = super().clean()
        check_answer_files(self, self.call)
        if self.submitting:
            for name in self.REQUIRED_FOR_SUBMIT:
                value = cleaned.get(name)
                if not value or (isinstance(value, str) and not value.strip()):
                    self.add_error(name, _("This section is required before submitting."))
            check_required_answers(self, _("This section is required before submitting."))
        return cleaned

    def extra_answer_fields(self) -> list:
        """The answer fields of the call's extra questions (추가 항목), in order."""
        return answer_fields(self)

    def extra_answers(self) -> dict:
        return answers_from(self)

    def proposal_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class AutosaveForm(NormalisedTextMixin, forms.ModelForm):
    """The text of a draft, saved while typing; nothing is required but the token."""

    client_token = forms.UUIDField()

    class Meta:
        model = Proposal
        fields = ["title", "problem", "idea", "effect", "owning_department", "keywords"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields["client_token"].required = True
        self.fields["owning_department"].queryset = Department.objects.filter(is_active=True)

    def proposal_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name) or "" for name in ("title", "problem", "idea", "effect", "keywords")}
        if self.cleaned_data.get("owning_department"):
            fields["owning_department"] = self.cleaned_data["owning_department"]
        return fields
