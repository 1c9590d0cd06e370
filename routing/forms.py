from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User
from accounts.widgets import PersonPickerWidget
from core.fields import BoundedModelMultipleChoiceField, DateField

from .enums import ANSWER_CHOICES, ReviewVerdict
from .models import COMMENT_MAX_LENGTH, AnswerTemplate, CallRoutingSettings


def active_departments():
    return Department.objects.filter(is_active=True).order_by("name")


class CallRoutingSettingsForm(forms.ModelForm):
    class Meta:
        model = CallRoutingSettings
        fields = ["answer_due_days"]


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=ReviewVerdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Practical effect"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the proposal would change in practice, and why it is worth pursuing or not."
        ),
    )
    departments = BoundedModelMultipleChoiceField(
        label=_("Departments to route to"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "For a routing: one or more departments. By default the proposal's owning department."
        ),
    )
    lead_department = forms.ModelChoiceField(
        label=_("Leading department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_(
            "When routing to more than one department, the one that leads. By default the first chosen."
        ),
    )
    where_done = forms.CharField(
        label=_("Where it is already being done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=_("Reason it is not feasible"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    merged_into = forms.ModelChoiceField(
        label=_("Merged into"),
        queryset=None,
        required=False,
        help_text=_("Another proposal of the same call."),
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        departments = active_departments()
        self.fields["departments"].queryset = departments
        self.fields["lead_department"].queryset = departments
        self.fields["merged_into"].queryset = (
            proposal.call.proposals.exclude(pk=proposal.pk)
            .exclude(reference="")
            .order_by("reference")
        )
        self.fields["merged_into"].label_from_instance = lambda p: f"{p.reference} {p.title}"

    def clean(self):
        data = super().clean()
        verdict = data.get("verdict")
        required = {
            ReviewVerdict.ROUTE: (
                "departments",
                _("Choose at least one department to route the proposal to."),
            ),
            ReviewVerdict.ALREADY_DONE: ("where_done", _("Say where it is already being done.")),
            ReviewVerdict.NOT_FEASIBLE: ("reason", _("Give the reason it is not feasible.")),
            ReviewVerdict.MERGE: ("merged_into", _("Choose the proposal it is merged into.")),
        }
        if verdict in required:
            field, message = required[verdict]
            if not data.get(field):
                self.add_error(field, message)
        lead = data.get("lead_department")
        if verdict == ReviewVerdict.ROUTE and lead and lead not in (data.get("departments") or []):
            self.add_error(
                "lead_department",
                _("The leading department must be one of the chosen departments."),
            )
        return data


class BulkReviewForm(forms.Form):
    """One verdict and text for many proposals (a page of them); each routed to its owning
    department, or all to the one department chosen. One select of departments for the form,
    not one per row."""

    template = forms.ModelChoiceField(
        label=_("Answer template"),
        queryset=AnswerTemplate.objects.none(),
        required=False,
        help_text=_("Its verdict and text are used where you leave them empty."),
    )
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        required=False,
        choices=[("", "---------")]
        + [c for c in ReviewVerdict.choices if c[0] != ReviewVerdict.MERGE],
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The practical-effect note for a routing, the place for “already being done”, the reason for “not feasible”."
        ),
    )
    department = forms.ModelChoiceField(
        label=_("Route to"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_(
            "For a routing: leave empty to route each proposal to its owning department, or choose one department for all the selected proposals."
        ),
    )

    def __init__(self, *args, proposals, departments, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = list(proposals)
        self.fields["template"].queryset = templates
        self.fields["department"].queryset = departments
        for proposal in self.proposals:
            self.fields[f"pick_{proposal.pk}"] = forms.BooleanField(
                label=_("Select %(reference)s") % {"reference": proposal.reference or proposal.pk},
                required=False,
            )

    @property
    def rows(self):
        return [(p, self[f"pick_{p.pk}"]) for p in self.proposals]

    @property
    def shared_fields(self):
        return [self["template"], self["verdict"], self["text"], self["department"]]

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if not data.get("verdict") and template:
            data["verdict"] = template.verdict
        if not data.get("text") and template:
            data["text"] = template.body
        if not data.get("verdict"):
            self.add_error("verdict", _("Choose a verdict or an answer template."))
        elif data["verdict"] == ReviewVerdict.MERGE:
            self.add_error("verdict", _("Merging is decided one proposal at a time."))
        picked = [p for p in self.proposals if data.get(f"pick_{p.pk}")]
        if not picked:
            raise forms.ValidationError(_("Select at least one proposal."))
        chosen = data.get("department")
        data["items"] = [(p, chosen or p.owning_department) for p in picked]
        return data


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(s.value, s.label) for s in ANSWER_CHOICES],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Plan, reason or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Adopt: the plan. Decline: the reason (required). Re-route: why it belongs elsewhere."
        ),
    )
    target_date = DateField(
        label=_("Target date"),
        required=False,
        help_text=_("Required when adopting."),
    )
    reroute_to = forms.ModelChoiceField(
        label=_("Re-route to"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Only when asking to re-route: the department it belongs to."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reroute_to"].queryset = active_departments()


class ProgressForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("routing", "Progress"), widget=forms.Textarea(attrs={"rows": 3})
    )
    implemented = forms.BooleanField(label=_("Implemented: the work is complete"), required=False)


class RerouteDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("re-route request", "Decision"),
        choices=[("approve", _("Approve the re-route")), ("reject", _("Reject the request"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when rejecting."),
    )


class MoveForm(forms.Form):
    to_department = forms.ModelChoiceField(
        label=_("Move to department"), queryset=Department.objects.none()
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = active_departments()


class AnswerTemplateForm(forms.ModelForm):
    class Meta:
        model = AnswerTemplate
        fields = ["title", "verdict", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}


class LiaisonForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    employee_number = forms.CharField(
        label=_("Employee number"),
        max_length=30,
        widget=PersonPickerWidget(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = active_departments()

    def clean_employee_number(self):
        username = self.cleaned_data["employee_number"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active person has that employee number."))
        self.cleaned_data["user"] = user
        return username


class IdeaCommentForm(forms.Form):
    """A comment on an idea in the idea bank (plain text)."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request, so the words follow the reader's language.
        self.fields["text"].help_text = gettext(
            "Plain text, at most %(limit)d characters. Your name is not shown with the comment."
        ) % {"limit": COMMENT_MAX_LENGTH}


class CommentHideForm(forms.Form):
    """The innovation unit's reason for hiding a comment, shown to readers in its place."""

    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Readers see this reason where the comment was."),
    )
