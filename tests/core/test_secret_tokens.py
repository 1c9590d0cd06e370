"""core.secret_tokens: secrets are made with their prefix, stored as a digest, and cut from any
text that reaches a log, wherever they sit in it (a path, a query, a percent-encoded address)."""

import pytest

from core.secret_tokens import digest_of, new_secret, redact


@pytest.mark.parametrize("prefix", ["cal_", "api_"])
def test_a_new_secret_has_its_prefix_and_the_digest_of_itself(prefix):
    secret, digest = new_secret(prefix)
    assert secret.startswith(prefix) and len(secret) > 40
    assert digest == digest_of(secret) and secret not in digest


@pytest.mark.parametrize(
    "template",
    [
        "GET /calendar/{s}.ics HTTP/1.1",
        "GET /api/v1/calls?token={s}",
        "GET /api/v1/calls?q=Bearer%20{s}",
        "GET /accounts/login/?next=%2Fcalendar%2F{s}.ics",
        "Referer: https://portal.example/x?a=1&b={s}",
    ],
)
def test_redact_cuts_the_secret_wherever_it_sits(template):
    for prefix in ("cal_", "api_"):
        secret, _digest = new_secret(prefix)
        line = redact(template.format(s=secret))
        assert secret not in line and secret[4:12] not in line and prefix + "…" in line


def test_an_unknown_prefix_is_refused():
    with pytest.raises(ValueError):
        new_secret("pwd_")
