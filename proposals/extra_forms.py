"""Forms for extra questions (추가 항목): the innovation unit's question form, and the answer
fields the proposal form adds for a call's questions (``add_answer_fields``)."""

import datetime

from django import forms
from django.utils.html import escape, format_html
from django.utils.translation import gettext_lazy as _

from core.fields import DateField
from core.widgets import FileUploadWidget

from .enums import TEXT_KINDS, ExtraKind
from .files import upload_error
from .models import Call, ExtraAnswer, ExtraQuestion, Proposal
from .services.extra_questions import FROZEN_FIELDS

PREFIX = "extra_"
YES, NO = "yes", "no"


class ExtraQuestionForm(forms.ModelForm):
    """Adds or changes a question. For a question proposals have answered, the fields that
    would change the answers' meaning are shown but disabled (the service refuses them too)."""

    class Meta:
        model = ExtraQuestion
        fields = [
            "label",
            "kind",
            "help_text",
            "required",
            "max_length",
            "choices",
            "position",
            "hidden_from_board",
        ]
        widgets = {
            "choices": forms.Textarea(attrs={"rows": 4}),
            "help_text": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "max_length": _(
                "For short and long text only. Empty: 200 for short text, 2000 for long text."
            ),
            "choices": _("For one or several choices only: one choice per line, at least two."),
            "position": _(
                "Questions are shown in this order, after the proposal's own sections. Empty: last."
            ),
            "hidden_from_board": _(
                "The innovation unit still sees the answers; the screening board does not."
            ),
        }

    def __init__(self, *args, answered: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        if answered:
            for name in FROZEN_FIELDS:
                self.fields[name].disabled = True

    def question_fields(self) -> dict:
        return dict(self.cleaned_data)


def _answer_field(question: ExtraQuestion) -> forms.Field:
    common = {"label": question.label, "required": False, "help_text": escape(question.help_text)}
    kind = question.kind
    if kind in TEXT_KINDS:
        widget = (
            forms.Textarea(attrs={"rows": 5}) if kind == ExtraKind.LONG_TEXT else forms.TextInput
        )
        field = forms.CharField(max_length=question.max_length, widget=widget, **common)
        field.widget.attrs["maxlength"] = question.max_length
        return field
    if kind == ExtraKind.SINGLE_CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choice_list], widget=forms.RadioSelect, **common
        )
    if kind == ExtraKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choice_list],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == ExtraKind.YES_NO:
        return forms.ChoiceField(
            choices=[(YES, _("Yes")), (NO, _("No"))], widget=forms.RadioSelect, **common
        )
    if kind == ExtraKind.FILE:
        return forms.FileField(widget=FileUploadWidget, **common)
    return DateField(**common)


def _initial(question: ExtraQuestion, value):
    if question.kind == ExtraKind.YES_NO:
        return YES if value else NO
    if question.kind == ExtraKind.DATE:
        return datetime.date.fromisoformat(value)
    if question.kind == ExtraKind.FILE:
        return None  # the file stays unless a new one is chosen; the form shows its name
    return value


def add_answer_fields(
    form: forms.Form, call: Call, proposal: Proposal | None
) -> list[ExtraQuestion]:
    """Adds a field ``extra_<id>`` per question of the call to ``form``, filled from the
    proposal's answers; required questions are marked required-for-submit like the proposal's
    own required sections. Returns the questions (``form.extra_questions``)."""
    questions = list(call.extra_questions.all())
    answers = (
        {a.question_id: a.value for a in proposal.extra_answers.all()}
        if proposal and proposal.pk
        else {}
    )
    for question in questions:
        name = f"{PREFIX}{question.pk}"
        field = _answer_field(question)
        if question.required:
            field.required_for_submit = True
            field.widget.attrs["data-required-for-submit"] = "true"
            field.widget.attrs["aria-required"] = "true"
        form.fields[name] = field
        if question.pk in answers and not form.is_bound:
            form.initial[name] = _initial(question, answers[question.pk])
        if question.kind == ExtraKind.FILE and question.pk in answers:
            chosen = _("Chosen file: %(name)s. Choose another file to replace it.") % {
                "name": answers[question.pk]
            }
            field.help_text = (
                format_html("{} {}", field.help_text, chosen) if field.help_text else escape(chosen)
            )
    form.extra_questions = questions
    form.extra_answered = set(answers)
    return questions


def answers_from(form: forms.Form) -> dict[int, object]:
    """The answers a valid form holds, question id → value for ``extra_answers_save``."""
    answers = {}
    for question in form.extra_questions:
        value = form.cleaned_data.get(f"{PREFIX}{question.pk}")
        if question.kind == ExtraKind.YES_NO:
            value = {YES: True, NO: False}.get(value)
        if question.kind == ExtraKind.FILE and not value:
            continue  # no new file: the answer's file stays
        answers[question.pk] = value
    return answers


def check_required_answers(form: forms.Form, message) -> None:
    """On submission, an error on each required question left empty."""
    for question in form.extra_questions:
        name = f"{PREFIX}{question.pk}"
        if (
            not question.required
            or name in form.errors
            or not ExtraAnswer.is_empty(form.cleaned_data.get(name))
        ):
            continue
        if question.kind == ExtraKind.FILE and question.pk in form.extra_answered:
            continue  # a file chosen earlier answers it
        form.add_error(name, message)


def check_answer_files(form: forms.Form, call: Call) -> None:
    """Each chosen file checked as an attachment is (the call's size limit, the type by name and
    content), so the error shows beside its question; the service checks again."""
    for question in form.extra_questions:
        name = f"{PREFIX}{question.pk}"
        upload = form.cleaned_data.get(name) if question.kind == ExtraKind.FILE else None
        if upload:
            error = upload_error(call, upload)
            if error is not None:
                form.add_error(name, error)


def answer_fields(form: forms.Form) -> list:
    """The bound answer fields, in the questions' order (for the template)."""
    return [form[f"{PREFIX}{question.pk}"] for question in form.extra_questions]
