"""Secrets a person holds and the portal only recognises: the calendar feed's path token and
the API's bearer token (issue 20). One helper, so both are made, shown and checked alike.

- ``new_secret(prefix)`` returns ``(secret, digest)``. The secret is shown to its owner once;
  only the digest is stored (a unique, indexed column). The prefix (``cal_``, ``api_``) tells a
  person, and a secret scanner, what a leaked string is for.
- ``digest_of(secret)`` is what a request's secret is looked up by. SHA-256 of 32 random bytes
  needs no salt or slow hash: nobody can guess the input, so the digest is as good as a key.
- ``redact(text)`` replaces every secret of a known prefix in a log line or URL with
  ``<prefix>…``; the access log, the personal-data access log and the error log use it, so no log
  line holds a feed or API token.
"""

import re
import secrets

from .digest import sha256_text

PREFIXES = ("cal_", "api_")
# No word boundary before the prefix: in a percent-encoded address ("%20api_…", "%2Fcal_…") the
# character before it is a letter or digit, and the secret must still be cut.
_SECRET_RE = re.compile(r"(" + "|".join(PREFIXES) + r")[A-Za-z0-9_-]{20,}")


def new_secret(prefix: str) -> tuple[str, str]:
    """A fresh secret with ``prefix`` and the digest to store for it."""
    if prefix not in PREFIXES:
        raise ValueError(f"unknown secret prefix {prefix!r}; add it to PREFIXES")
    secret = prefix + secrets.token_urlsafe(32)
    return secret, digest_of(secret)


def digest_of(secret: str) -> str:
    return sha256_text(secret)


def redact(text: str) -> str:
    """``text`` with every secret replaced by its prefix and an ellipsis."""
    return _SECRET_RE.sub(lambda m: m.group(1) + "…", text)
