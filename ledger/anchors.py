"""Ledger anchors: the head of the ledger as a one-line statement signed with Ed25519.

An anchor is one line of ASCII text, six fields separated by single spaces::

    GLAB-LEDGER-ANCHOR/1 <position> <head> <time> <key-id> <signature>

- ``GLAB-LEDGER-ANCHOR/1``: the format and its version;
- ``position``: the anchored entry's position (decimal, ≥ 1);
- ``head``: that entry's ``entry_hash`` (64 lower-case hex digits);
- ``time``: when the anchor was made, UTC, ``YYYY-MM-DDTHH:MM:SSZ``;
- ``key-id``: the first 16 hex digits of SHA-256 over the raw 32-byte public key (which key
  signed, so a rotated key is told apart);
- ``signature``: standard base64 of the Ed25519 signature over the UTF-8 bytes of the first
  five fields joined by single spaces (the line without `` <signature>``).

Anyone can check one with the public key and any Ed25519 implementation, e.g. Python's
``cryptography``: ``Ed25519PublicKey.from_public_bytes(raw).verify(sig, statement)``.

Keys: the private key is a PKCS#8 PEM file (``manage.py ledger_keygen PATH``, mode 0600) named by
``LEDGER_SIGNING_KEY_FILE``; it never enters the database. The public key is written as standard
base64 of its raw 32 bytes (``LEDGER_PUBLIC_KEY``); a PEM public key file is read as well.

``cryptography`` is imported only when an anchor is made or checked, so a portal without a key
(anchors off, the development default) never needs it.
"""

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

ANCHOR_TAG = "GLAB-LEDGER-ANCHOR/1"
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
LINE_PATTERN = re.compile(
    r"^GLAB-LEDGER-ANCHOR/1 (?P<position>[1-9][0-9]*) (?P<head>[0-9a-f]{64}) "
    r"(?P<time>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z) (?P<key_id>[0-9a-f]{16}) "
    r"(?P<signature>[A-Za-z0-9+/]{86}==)$"
)


class AnchorError(ValueError):
    """A line that is not an anchor, or a key that cannot be read."""


@dataclass(frozen=True)
class Anchor:
    position: int
    head: str
    time: str
    key_id: str
    signature: str

    @property
    def statement(self) -> str:
        return f"{ANCHOR_TAG} {self.position} {self.head} {self.time} {self.key_id}"

    @property
    def line(self) -> str:
        return f"{self.statement} {self.signature}"


def _ed25519():
    from cryptography.hazmat.primitives.asymmetric import ed25519

    return ed25519


def _serialization():
    from cryptography.hazmat.primitives import serialization

    return serialization


def _raw_public(public_key) -> bytes:
    serialization = _serialization()
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key) -> str:
    return hashlib.sha256(_raw_public(public_key)).hexdigest()[:16]


def public_key_text(public_key) -> str:
    """The public key as auditors keep it: base64 of its raw 32 bytes."""
    return base64.b64encode(_raw_public(public_key)).decode("ascii")


def new_private_key_pem() -> tuple[bytes, str]:
    """A fresh Ed25519 key: its unencrypted PKCS#8 PEM and its public key text."""
    serialization = _serialization()
    key = _ed25519().Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return pem, public_key_text(key.public_key())


def signing_key():
    """The private key from ``LEDGER_SIGNING_KEY_FILE``, or ``None`` when none is configured
    (anchors off). A configured file that cannot be read as an Ed25519 key raises."""
    path = getattr(settings, "LEDGER_SIGNING_KEY_FILE", "")
    if not path:
        return None
    try:
        key = _serialization().load_pem_private_key(Path(path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        raise AnchorError(f"cannot read the ledger signing key {path}: {error}") from error
    if not isinstance(key, _ed25519().Ed25519PrivateKey):
        raise AnchorError(f"{path} is not an Ed25519 private key")
    return key


def anchors_enabled() -> bool:
    return bool(getattr(settings, "LEDGER_SIGNING_KEY_FILE", ""))


def load_public_key(text: str):
    """A public key from its base64 text or a PEM public key."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = _serialization().load_pem_public_key(text.encode("ascii"))
            if not isinstance(key, _ed25519().Ed25519PublicKey):
                raise AnchorError("not an Ed25519 public key")
            return key
        return _ed25519().Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError, binascii.Error) as error:
        raise AnchorError(f"cannot read the public key: {error}") from error


def anchor_sign(*, position: int, head: str, when: datetime, private_key) -> Anchor:
    unsigned = Anchor(
        position=position,
        head=head,
        time=when.astimezone(UTC).strftime(TIME_FORMAT),
        key_id=key_id(private_key.public_key()),
        signature="",
    )
    signature = private_key.sign(unsigned.statement.encode("utf-8"))
    return Anchor(**{**unsigned.__dict__, "signature": base64.b64encode(signature).decode("ascii")})


def anchor_parse(line: str) -> Anchor:
    match = LINE_PATTERN.fullmatch(line.strip())
    if match is None:
        raise AnchorError("not an anchor line")
    fields = match.groupdict()
    return Anchor(**{**fields, "position": int(fields["position"])})


def signature_ok(anchor: Anchor, public_key) -> bool:
    from cryptography.exceptions import InvalidSignature

    if anchor.key_id != key_id(public_key):
        return False
    try:
        public_key.verify(base64.b64decode(anchor.signature), anchor.statement.encode("utf-8"))
    except InvalidSignature:
        return False
    return True
