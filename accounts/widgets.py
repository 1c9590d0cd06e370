"""The people picker: one widget wherever a form asks for a person by employee number.

Without JavaScript it is the plain text input it always was (employee numbers, several
separated by commas where the field takes several), and the form's own clean method checks
them. ``static/js/people-picker.js`` turns it into an ARIA 1.2 combobox: the person types part
of a name or an employee number, ``accounts:people-lookup`` answers with at most ten active
staff (name · department · grade), and the chosen people show as removable chips while the
submitted value stays the employee numbers. Every word the script shows comes from here, in
the page's language.
"""

import json
import re

from django import forms
from django.forms import Script
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import User
from .selectors import people_by_numbers

NUMBER_SEPARATORS = re.compile(r"[\s,]+")


def split_numbers(value) -> list[str]:
    """The employee numbers in a picker's value (commas or spaces between them), in order."""
    return [n for n in NUMBER_SEPARATORS.split(str(value or "")) if n]


def person_card(person: User) -> dict:
    """What the picker shows of a person: what the staff pages show, never the email."""
    return {
        "number": person.username,
        "name": person.full_name,
        "department": person.department.name if person.department_id else "",
        "grade": person.get_grade_display() if person.grade else "",
    }


class PersonPickerWidget(forms.TextInput):
    """The employee-number input of a person field; ``multiple=True`` for a field that takes
    several (its value stays comma-separated)."""

    template_name = "accounts/widgets/person_picker.html"

    class Media:
        css = {"all": ["css/people-picker.css"]}
        js = [Script("js/people-picker.js", defer=True)]

    def __init__(self, attrs=None, *, multiple: bool = False):
        super().__init__(attrs={"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.multiple = multiple

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        numbers = split_numbers(value)
        found = people_by_numbers(numbers)
        chosen = [person_card(found[n]) if n in found else {"number": n} for n in numbers]
        widget_attrs = context["widget"]["attrs"]
        hint_id = f"{widget_attrs['id']}_pickerhint" if widget_attrs.get("id") else ""
        if hint_id:
            described = widget_attrs.get("aria-describedby", "")
            widget_attrs["aria-describedby"] = f"{hint_id} {described}".strip()
        if self.multiple:
            typed_hint = _("Type employee numbers, separated by commas.")
        else:
            typed_hint = _("Type the person's employee number.")
        context["picker"] = {
            "url": reverse("accounts:people-lookup"),
            "multiple": self.multiple,
            "hint_id": hint_id,
            "typed_hint": typed_hint,
            "chosen": json.dumps(chosen, ensure_ascii=False),
            "words": json.dumps(self._words(), ensure_ascii=False),
        }
        return context

    def _words(self) -> dict:
        if self.multiple:
            hint = _("Type part of a name or an employee number, then choose each person from the list.")
        else:
            hint = _("Type part of a name or an employee number, then choose the person from the list.")
        return {
            "hint": hint,
            "listbox": _("People found"),
            "chosen": _("Chosen people"),
            "found": _("%(count)s people found.") % {"count": "{count}"},
            "none": _("Nobody matches the search."),
            "failed": _("The search is not available right now. Type the employee number instead."),
            "added": _("%(name)s chosen.") % {"name": "{name}"},
            "removed": _("%(name)s removed.") % {"name": "{name}"},
            "remove": _("Remove %(name)s") % {"name": "{name}"},
        }
