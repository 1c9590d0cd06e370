"""One log line per client error; server errors keep their traceback (docs/security.md, "Logs").

Django logs every 4xx answer through ``django.request`` or a ``django.security.*`` logger, with
the exception's traceback for a ``PermissionDenied``, ``BadRequest`` or
``SuspiciousOperation``: hundreds of tracebacks for a probe that caused no server error, which
hide the real errors and let a flood fill the disk. ``ClientErrorsOnOneLine`` (a filter on the
log handlers, so it sees the records of every logger) turns a record of a 4xx answer into one
line: method, path, status, the user's id and the original message, with no traceback. Records
of 5xx answers, and any record without a status, pass unchanged.

``RedactSecrets``, the next filter on the same handlers, takes every secret of
``core.secret_tokens`` out of each record (issue 20: no log line holds a calendar address or an
API token).
"""

import logging

from .secret_tokens import redact

MESSAGE_MAX = 300


def _one_line(value) -> str:
    """Control characters escaped (a decoded path may hold a newline), so the entry stays one line."""
    return str(value).encode("unicode_escape").decode("ascii")


def _user_id(request) -> str:
    user = getattr(request, "user", None)  # absent when the request failed before authentication
    try:
        return str(user.pk) if user is not None and user.is_authenticated else "-"
    except Exception:  # a broken session must not break logging
        return "?"


class ClientErrorsOnOneLine(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if not isinstance(status, int) or not 400 <= status < 500:
            return True
        request = getattr(record, "request", None)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record still gets its one line
            message = str(record.msg)
        if record.exc_info and record.exc_info[0] is not None:
            message = f"{record.exc_info[0].__name__}: {message}"
        record.msg = "%s %s %s user=%s %s"
        record.args = (
            _one_line(getattr(request, "method", "-")),
            _one_line(getattr(request, "path", "-")),
            status,
            _user_id(request),
            _one_line(message)[:MESSAGE_MAX],
        )
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


class RedactSecrets(logging.Filter):
    """Replaces every secret of ``core.secret_tokens`` (a calendar address's ``cal_…``, an API
    token's ``api_…``) in a record by its prefix and an ellipsis: the message with its
    arguments, the traceback and the stack. On the log handlers after ``ClientErrorsOnOneLine``,
    so Django's "Not Found: /calendar/cal_…" and a 500's traceback hold no secret.
    gunicorn's access log goes through ``core.access_log`` instead."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record keeps its raw text, redacted
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(
                record.exc_text or self._formatter.formatException(record.exc_info)
            )
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
