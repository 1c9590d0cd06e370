"""Form fields every app may use."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .widgets import DateTimeWidget, DateWidget, normalise_date_text, parse_date_text

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


class DateField(forms.DateField):
    """A date typed as yyyy-mm-dd (yyyy.mm.dd and yyyymmdd too) or picked in the KRDS calendar,
    with an error that says how to write it."""

    widget = DateWidget
    input_formats = ["%Y-%m-%d"]  # what normalise_date_text makes of every accepted spelling
    default_error_messages = {
        "invalid": _("Enter the date as year-month-day, for example 2026-12-31."),
    }

    def to_python(self, value):
        return super().to_python(normalise_date_text(value))


class DateTimeField(forms.DateTimeField):
    """A date with an hour and a minute (``DateTimeWidget``), as an aware datetime in Korea
    Standard Time (the current time zone, Asia/Seoul). A plain string in an ISO or Django input
    format is accepted too."""

    widget = DateTimeWidget
    default_error_messages = {
        "invalid": _("Enter the date as year-month-day, for example 2026-12-31."),
        "no_hour": _("Choose the hour as well as the date."),
        "no_date": _("Enter the date as well as the time."),
    }

    def to_python(self, value):
        if not isinstance(value, list | tuple):
            return super().to_python(normalise_date_text(value) if isinstance(value, str) else value)
        text, hour, minute = (list(value) + ["", "", ""])[:3]
        text = (text or "").strip() if isinstance(text, str) else text
        if not text:
            if hour:
                raise ValidationError(self.error_messages["no_date"], code="no_date")
            return None
        day = parse_date_text(text) if isinstance(text, str) else text
        if not isinstance(day, datetime.date):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not hour:
            raise ValidationError(self.error_messages["no_hour"], code="no_hour")
        try:
            moment = datetime.datetime.combine(day, datetime.time(int(hour), int(minute or 0)))
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        return timezone.make_aware(moment, timezone.get_current_timezone())
