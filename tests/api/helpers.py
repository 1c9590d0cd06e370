"""Calling the API as a person: a fresh token in the header."""

from accounts.services import api_token_create


def bearer(user, **kwargs) -> dict:
    """Headers for the test client carrying a new token of ``user``."""
    _token, secret = api_token_create(user=user, name="시험", **kwargs)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def results(response) -> list:
    assert response.status_code == 200, response.content
    return response.json()["results"]
