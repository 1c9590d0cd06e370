from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.widgets import PersonPickerWidget
from core.fields import DateTimeField

from .enums import FeedbackSummary, ReviewMode
from .feedback import field_tokens as feedback_field_tokens
from .models import Criterion, Screening


class ScreeningSettingsForm(forms.ModelForm):
    class Meta:
        model = Screening
        fields = ["deadline", "selection_count", "is_blind", "score_visibility", "scale_max"]
        field_classes = {"deadline": DateTimeField}
        widgets = {"score_visibility": forms.RadioSelect}

    def __init__(self, *args, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if locked:
            for name in ("is_blind", "scale_max"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the screening has opened.")


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("criterion"), max_length=100)
    description = forms.CharField(label=_("what to look for"), max_length=300, required=False)
    weight = forms.IntegerField(label=_("weight"), min_value=1, max_value=100)


CriterionFormSet = formset_factory(CriterionForm, extra=1, can_delete=True)


def criterion_initial(criteria: list[Criterion]) -> list[dict]:
    """The formset's rows; ``levels_written`` (from ``selectors.rubric``) is shown beside each."""
    return [
        {
            "id": c.pk,
            "name": c.name,
            "description": c.description,
            "weight": c.weight,
            "levels_written": getattr(c, "levels_written", 0),
        }
        for c in criteria
    ]


class CriterionLevelsForm(forms.Form):
    """One text input per level of the scale (1…``scale_max``): what a score of n means."""

    def __init__(self, *args, criterion: Criterion, scale_max: int, max_length: int, **kwargs):
        super().__init__(*args, **kwargs)
        for level, meaning in criterion.level_meanings(scale_max):
            self.fields[f"level_{level}"] = forms.CharField(
                label=_("%(level)s points") % {"level": level},
                max_length=max_length,
                required=False,
                initial=meaning,
            )

    def meanings(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class BoardMemberForm(forms.Form):
    """A person to put on the board, by employee number (the people picker finds it by name).
    Any active account: staff, or an outside evaluator already created for another call."""

    employee_number = forms.CharField(
        label=_("Employee number"),
        max_length=30,
        widget=PersonPickerWidget(),
    )

    def clean_employee_number(self) -> User:
        number = self.cleaned_data["employee_number"].strip()
        user = User.objects.filter(username=number, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active person has that employee number."))
        return user


class OutsideEvaluatorForm(forms.Form):
    full_name = forms.CharField(label=_("full name"), max_length=60)
    email = forms.EmailField(label=_("email address"))
    affiliation = forms.CharField(label=_("affiliation"), max_length=100)


class ScaleWidget(forms.RadioSelect):
    """A criterion's scale 1…n, rendered by the entry page as a row of segmented buttons; each
    option carries its level's meaning (``option["meaning"]``) and points to it with
    ``aria-describedby``."""

    def __init__(self, *args, meanings: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.meanings = meanings

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        option["meaning"] = self.meanings.get(int(value), "")
        if option["meaning"] and option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_meaning"
        return option


class ReviewForm(forms.Form):
    """A score per criterion (radio buttons 1…scale: arrow keys move within a criterion, Tab
    moves to the next), with what each level means, and a comment."""

    def __init__(self, *args, criteria: list[Criterion], scale_max: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        choices = [(n, str(n)) for n in range(1, scale_max + 1)]
        for criterion in criteria:
            levels = criterion.level_meanings(scale_max)
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (weight %(weight)s)") % {"name": criterion.name, "weight": criterion.weight},
                help_text=criterion.description,
                choices=choices,
                coerce=int,
                widget=ScaleWidget(meanings=dict(levels)),
            )
            self.fields[f"criterion_{criterion.pk}"].levels = [(n, m) for n, m in levels if m]
        self.fields["comment"] = forms.CharField(
            label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    def score_fields(self) -> list[forms.BoundField]:
        """The criteria's fields, in rubric order (the entry page lays each out as a scale)."""
        return [self[f"criterion_{c.pk}"] for c in self.criteria]

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class AbstainForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for abstaining"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ConflictForm(forms.Form):
    """A board member declares a conflict of interest (prefixed: the entry page has the
    abstention's ``reason`` too)."""

    prefix = "conflict"
    reason = forms.CharField(
        label=_("reason for the conflict of interest"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ReviewModeForm(forms.Form):
    review_mode = forms.ChoiceField(label=_("who reviews which entry"), choices=ReviewMode.choices, widget=forms.RadioSelect)
    reviews_per_entry = forms.IntegerField(
        label=_("board members per entry"),
        min_value=1,
        max_value=20,
        help_text=_("With assigned reviews: each entry is assigned to at least this many board members."),
    )


class DecisionForm(forms.Form):
    selected = forms.TypedMultipleChoiceField(
        label=_("tasks to select"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    rationale = forms.CharField(
        label=_("rationale for the selection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Sent to the proposers of the selected task."),
    )
    deviation_reason = forms.CharField(
        label=_("reason for departing from the ranking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the selection is not the top of the ranking."),
    )

    def __init__(self, *args, results, selection_count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.selection_count = selection_count
        self.proposals = {r.proposal.pk: r.proposal for r in results}
        self.fields["selected"].choices = [
            (
                r.proposal.pk,
                _("%(rank)s. %(reference)s %(title)s")
                % {"rank": r.rank, "reference": r.proposal.reference, "title": r.proposal.title},
            )
            for r in results
        ]

    def clean_selected(self):
        selected = self.cleaned_data["selected"]
        if len(selected) > self.selection_count:
            raise ValidationError(
                _("At most %(count)s task(s) can be selected.") % {"count": self.selection_count}
            )
        return [self.proposals[pk] for pk in selected]


class FeedbackSettingsForm(forms.Form):
    """The call's two message templates and what the summary field says (``feedback_configure``).
    The field names in the help texts follow the active language (``feedback.field_tokens``)."""

    selected_template = forms.CharField(
        label=_("Message to selected proposals"), widget=forms.Textarea(attrs={"rows": 8})
    )
    not_selected_template = forms.CharField(
        label=_("Message to proposals not selected"), widget=forms.Textarea(attrs={"rows": 8})
    )
    summary = forms.ChoiceField(
        choices=FeedbackSummary.choices,
        widget=forms.RadioSelect,
        help_text=_("Never a board member's name or own score. The average is given only with three reviews or more."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tokens = feedback_field_tokens()
        fields_help = _(
            "Fields in braces are filled for each proposal: %(call)s the call, %(title)s the proposal's title, "
            "%(outcome)s selected or not selected, %(summary)s the review summary chosen below."
        ) % tokens
        self.fields["selected_template"].help_text = fields_help
        self.fields["not_selected_template"].help_text = fields_help
        self.fields["summary"].label = _("What %(summary)s says of the board's review") % tokens


class FeedbackEditForm(forms.Form):
    """One proposal's message in the unit's own words (``feedback_edit``); empty: the template's."""

    body = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Leave it empty to go back to the call's template. The fields in braces work here too."),
    )
