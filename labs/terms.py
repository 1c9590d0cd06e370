"""The lab term rule in calendar arithmetic.

A term of N months starting on day D ends on the day before the day that corresponds to D
in the N-th month after; when that month has no such day (31 January + 1 month) it ends on
that month's last day. This is how Korean law counts periods in months (민법 제160조), and it
equals "start + N months − 1 day" whenever the corresponding day exists.
"""

import calendar
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

MIN_TERM_MONTHS = 3
MAX_TERM_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: date, months: int) -> date:
    """The last day (inclusive) of a term of ``months`` calendar months from ``start``."""
    later = add_months(start, months)
    if later.day != start.day:  # no corresponding day: the term ends with that month
        return later
    return later - timedelta(days=1)


def validate_term(start: date, end: date) -> None:
    """Raises ``ValidationError`` unless ``end`` lies 3 to 6 calendar months after ``start``."""
    shortest, longest = term_end(start, MIN_TERM_MONTHS), term_end(start, MAX_TERM_MONTHS)
    if not shortest <= end <= longest:
        raise ValidationError(
            _(
                "A lab runs for at least 3 and at most 6 months: for a start on %(start)s the end "
                "date must fall between %(shortest)s and %(longest)s (inclusive)."
            )
            % {
                "start": date_format(start, "Y-m-d"),
                "shortest": date_format(shortest, "Y-m-d"),
                "longest": date_format(longest, "Y-m-d"),
            },
            code="term",
        )
