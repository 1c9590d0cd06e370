"""Turning a service's refusal into what a form shows."""

from django.core.exceptions import ValidationError


def error_text(error: ValidationError) -> str:
    """Every message of ``error`` in one line, for a flash message."""
    return " ".join(error.messages)


def add_form_errors(form, error: ValidationError) -> None:
    """Shows a service's ``ValidationError`` on ``form``: per field where the error names
    fields the form has, otherwise at the top of the form (its error summary)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item.messages)
        return
    for message in error.messages:
        form.add_error(None, message)
