"""Form fields every app may use."""

from django import forms
from django.core.exceptions import ValidationError

_INT64 = range(-(2**63), 2**63)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that answers "invalid choice" for an id beyond the
    database's 64-bit integers. Django's own field sends such ids to ``pk__in``, where SQLite
    raises OverflowError and PostgreSQL a DataError: a 500 for a tampered form."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue
            if number not in _INT64:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)
