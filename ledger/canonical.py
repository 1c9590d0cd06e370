"""The ledger's canonical forms: the payload JSON and the bytes an entry's hash is taken over.

Payload rules (what a decision may record): ids and codes only, so the ledger never holds a
name or free text. A value is an ``int``, a ``bool``, ``None``, a ``datetime``/``date``
(written as ISO 8601; aware datetimes in UTC), or a string that is either such an ISO date or
datetime or a code matching ``VALUE_PATTERN`` (ASCII letters, digits and ``_ . : -``, at most
64 characters: no spaces, no Hangul, no ``@`` — so no Korean name, sentence or email address
fits; upper case is allowed for the portal's own codes such as "2019-G-001" or "INNO"); lists
and dicts of those, dict keys being lower-case codes (``CODE_PATTERN``). A SHA-256 hex digest
is a valid value, so a caller may commit to a free-text rationale without storing it. Floats are refused (their text form is not canonical across platforms).

Canonical JSON: ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)``.

Entry hash: SHA-256 (hex) of the UTF-8 bytes of the canonical JSON of the list
``[position, kind, object_type, object_id, actor_id, recorded_at, payload, prev_hash]`` where
``recorded_at`` is ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` in UTC and ``payload`` is the stored payload
text (a string inside the list, so the hash covers its exact bytes). Anyone can recompute it
from an export of the table with nothing but a JSON library and SHA-256.
"""

import hashlib
import json
import re
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

CODE_PATTERN = re.compile(r"^[a-z0-9_.:-]{1,64}$")
VALUE_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
ISO_PATTERN = re.compile(
    r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$"
)
OBJECT_TYPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
GENESIS_HASH = "0" * 64
MAX_PAYLOAD_LENGTH = 4096
MAX_DEPTH = 4


def is_code(value: str) -> bool:
    return bool(CODE_PATTERN.fullmatch(value))


def _clean(value, path: str, depth: int):
    if depth > MAX_DEPTH:
        raise ValidationError(
            _("The ledger payload is nested too deeply at %(path)s."), params={"path": path}
        )
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            raise ValidationError(
                _("The ledger payload holds a naive datetime at %(path)s."), params={"path": path}
            )
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if VALUE_PATTERN.fullmatch(value) or ISO_PATTERN.fullmatch(value):
            return value
        raise ValidationError(
            _("The ledger records ids and codes only, not names or free text (at %(path)s)."),
            params={"path": path},
        )
    if isinstance(value, list | tuple):
        return [_clean(item, f"{path}[{index}]", depth + 1) for index, item in enumerate(value)]
    if isinstance(value, dict):
        cleaned = {}
        for key, item in value.items():
            if not isinstance(key, str) or not is_code(key):
                raise ValidationError(
                    _("The ledger payload key %(key)r is not a code."),
                    params={"key": str(key)[:64]},
                )
            cleaned[key] = _clean(item, f"{path}.{key}", depth + 1)
        return cleaned
    raise ValidationError(
        _(
            "The ledger payload holds a value of type %(type)s at %(path)s; only ids and codes are allowed."
        ),
        params={"type": type(value).__name__, "path": path},
    )


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical_payload(data: dict) -> str:
    """The payload as canonical JSON, or ``ValidationError`` if it breaks the rules above."""
    if not isinstance(data, dict):
        raise ValidationError(_("The ledger payload must be a mapping."))
    text = canonical_json(_clean(data, "data", 0))
    if len(text) > MAX_PAYLOAD_LENGTH:
        raise ValidationError(_("The ledger payload is too long."))
    return text


def format_recorded_at(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    *,
    position: int,
    kind: str,
    object_type: str,
    object_id: int,
    actor_id: int | None,
    recorded_at: datetime,
    payload: str,
    prev_hash: str,
) -> str:
    material = canonical_json(
        [
            position,
            kind,
            object_type,
            object_id,
            actor_id,
            format_recorded_at(recorded_at),
            payload,
            prev_hash,
        ]
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
