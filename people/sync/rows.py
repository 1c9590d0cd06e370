"""One row of an HR export as a form: the org chart's department row and the staff list's
person row, each field with its check and ``clean()`` for the rules that join two fields.

A row's form answers with the row (``row(line)``) or with every reason it was refused
(``messages()``), in the order of its columns. The forms know the rows read before them
(``seen``, to refuse a repeated code or number) and, for a person, the org chart the import
would leave (to refuse an unknown or closed department)."""

from dataclasses import dataclass
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from accounts.enums import Grade

TRUE_WORDS = {"y", "yes", "true", "1", "o", "active", "예", "사용", "재직", "활성", "유효"}
FALSE_WORDS = {
    "n",
    "no",
    "false",
    "0",
    "x",
    "inactive",
    "아니오",
    "미사용",
    "퇴직",
    "폐지",
    "비활성",
    "무효",
}


@dataclass
class DepartmentRow:
    line: int
    code: str
    name: str
    parent: str
    active: bool


@dataclass
class StaffRow:
    line: int
    number: str
    name: str
    email: str
    department: str
    grade: str
    active: bool


@cache
def grade_lookup() -> dict[str, str]:
    """Every spelling of a grade we accept, compared without spaces and case: the stored value
    ("6"), the English and Korean labels ("Grade 6", "6급", "연구관")."""
    lookup: dict[str, str] = {}
    for value, label in Grade.choices:
        lookup[value.lower()] = value
        for language in ("en", "ko"):
            with override(language):
                lookup[str(label).lower().replace(" ", "")] = value
    return lookup


class ActiveField(forms.Field):
    """Active or not, in any of the words HR systems use for it; empty means active."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        word = (value or "").strip().lower()
        if word == "" or word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(
            _("“%(value)s” is not a known active value (use Y or N)."),
            code="invalid",
            params={"value": value},
        )


class GradeField(forms.Field):
    """A grade in any spelling of ``grade_lookup``; cleans to the stored value."""

    default_error_messages = {"required": _("The grade is empty.")}

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        grade = grade_lookup().get(value.lower().replace(" ", ""))
        if grade is None:
            raise ValidationError(
                _("“%(value)s” is not a known grade."), code="invalid", params={"value": value}
            )
        return grade


class RowForm(forms.Form):
    """What both rows share: the rows already read, and the row's reasons in column order."""

    def __init__(self, values: dict[str, str], *, seen: dict[str, int]):
        super().__init__(values)
        self.seen = seen  # key (department code, employee number) → line it was first on

    def _not_seen(self, field: str, message) -> str:
        value = self.cleaned_data[field]
        if value in self.seen:
            raise ValidationError(message, params={field: value, "line": self.seen[value]})
        return value

    def messages(self) -> list[str]:
        """Every reason the row was refused: each column's, then the row's as a whole."""
        return [message for errors in self.errors.values() for message in errors]


class DepartmentRowForm(RowForm):
    """A row of the org chart."""

    code = forms.CharField(
        max_length=20,
        error_messages={
            "required": _("The department code is empty."),
            "max_length": _("The department code is longer than 20 characters."),
        },
    )
    name = forms.CharField(
        max_length=100,
        error_messages={
            "required": _("The department name is empty."),
            "max_length": _("The department name is longer than 100 characters."),
        },
    )
    parent = forms.CharField(required=False)
    active = ActiveField()

    def clean_code(self) -> str:
        return self._not_seen(
            "code", _("The department code %(code)s is already on line %(line)d.")
        )

    def clean(self):
        # Compared as written, so a row whose code was refused above is told this too.
        parent = self.data["parent"]
        if parent and parent == self.data["code"]:
            raise ValidationError(_("A department cannot be its own parent."))
        return self.cleaned_data

    def row(self, line: int) -> DepartmentRow:
        data = self.cleaned_data
        return DepartmentRow(line, data["code"], data["name"], data["parent"], data["active"])


class StaffRowForm(RowForm):
    """A row of the staff list. ``departments`` is the org chart the import would leave:
    code → (name, parent code, active)."""

    number = forms.CharField(
        max_length=30,
        error_messages={
            "required": _("The employee number is empty."),
            "max_length": _("The employee number is longer than 30 characters."),
        },
    )
    name = forms.CharField(
        max_length=60,
        error_messages={
            "required": _("The name is empty."),
            "max_length": _("The name is longer than 60 characters."),
        },
    )
    email = forms.EmailField(
        required=False,
        max_length=None,  # the address check alone decides, as it always has
        error_messages={"invalid": _("“%(value)s” is not a valid email address.")},
    )
    grade = GradeField()
    active = ActiveField()
    department = forms.CharField(error_messages={"required": _("The department code is empty.")})

    def __init__(self, values: dict[str, str], *, seen: dict[str, int], departments: dict):
        super().__init__(values, seen=seen)
        self.departments = departments

    def clean_number(self) -> str:
        return self._not_seen(
            "number", _("The employee number %(number)s is already on line %(line)d.")
        )

    def clean_department(self) -> str:
        code = self.cleaned_data["department"]
        if code not in self.departments:
            raise ValidationError(
                _("The department code %(code)s is unknown."), params={"code": code}
            )
        return code

    def clean(self):
        """An active person cannot belong to a department that is (or becomes) closed."""
        code, active = self.cleaned_data.get("department"), self.cleaned_data.get("active")
        if code and active and not self.departments[code][2]:
            self.add_error(
                "department",
                ValidationError(_("The department %(code)s is closed."), params={"code": code}),
            )
        return self.cleaned_data

    def row(self, line: int) -> StaffRow:
        data = self.cleaned_data
        return StaffRow(
            line,
            data["number"],
            data["name"],
            data["email"],
            data["department"],
            data["grade"],
            data["active"],
        )
