from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import FileUploadWidget

from .enums import ImportKind


class ImportUploadForm(forms.Form):
    org_file = forms.FileField(
        label=_("Org chart (CSV or XLSX)"),
        required=False,
        help_text=_("Columns: department code, department name, parent department code, active."),
        widget=FileUploadWidget(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    staff_file = forms.FileField(
        label=_("Staff list (CSV or XLSX)"),
        required=False,
        help_text=_("Columns: employee number, name, email, department code, grade, active."),
        widget=FileUploadWidget(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    kind = forms.ChoiceField(
        label=_("What the files contain"),
        choices=[
            (
                ImportKind.FULL,
                _(
                    "A full export: people and departments missing from it are deactivated and closed"
                ),
            ),
            (ImportKind.PARTIAL, _("Changes only: only the rows in the files are changed")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what the files contain: a full export or changes only."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("org_file") and not cleaned.get("staff_file"):
            raise forms.ValidationError(_("Choose an org chart file, a staff list file or both."))
        return cleaned
