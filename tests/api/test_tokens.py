"""API tokens: made and revoked by their owner on the "API 토큰" page, shown once, stored as a
digest, accepted only in the Authorization header, dead when expired, revoked or their owner is
deactivated; rate-limited; never in a log line; listed in "my data" without the digest."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts import services
from accounts.models import ApiToken
from accounts.selectors import api_tokens_personal_data
from core.personal_data import personal_data_sections
from core.secret_tokens import digest_of
from privacy.models import PersonalDataAccess
from tests.factories import UserFactory

from .helpers import bearer

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/proposals"


def test_a_token_is_stored_as_its_digest_only(staff):
    token, secret = services.api_token_create(user=staff, name="보고 시스템")
    assert secret.startswith("api_") and len(secret) > 40
    token.refresh_from_db()
    assert token.digest == digest_of(secret)
    assert secret not in {str(v) for v in ApiToken.objects.values_list(flat=False).get(pk=token.pk)}
    assert token.expires_at - timezone.now() > timedelta(days=89)


@pytest.mark.parametrize("days", [0, 366, -5])
def test_the_lifetime_is_one_to_365_days(staff, days):
    with pytest.raises(ValidationError):
        services.api_token_create(user=staff, name="x", days=days)


def test_at_most_ten_live_tokens(staff):
    for i in range(services.API_TOKEN_MAX_ALIVE):
        services.api_token_create(user=staff, name=f"t{i}")
    with pytest.raises(ValidationError):
        services.api_token_create(user=staff, name="one more")


def test_the_page_shows_the_secret_once_and_lists_the_tokens(staff_client, staff):
    url = reverse("accounts:api-tokens")
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, {"name": "부서 현황판", "days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=staff)
    secret = response.context["secret"]
    assert digest_of(secret) == token.digest
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    again = staff_client.get(url)
    assert secret not in again.content.decode()
    assert "부서 현황판" in again.content.decode()
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 30


def test_a_refused_form_says_why(staff_client):
    response = staff_client.post(reverse("accounts:api-tokens"), {"name": "", "days": "999"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert response.context["form"].errors


def test_only_the_owner_revokes(client, staff, other_staff):
    token, _secret = services.api_token_create(user=staff, name="x")
    client.force_login(other_staff)
    assert (
        client.post(reverse("accounts:api-token-revoke", kwargs={"pk": token.pk})).status_code
        == 404
    )
    token.refresh_from_db()
    assert token.revoked_at is None
    client.force_login(staff)
    response = client.post(reverse("accounts:api-token-revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    with pytest.raises(ValidationError):
        services.api_token_revoke(token=token, by=other_staff)


def test_the_token_works_in_the_header(client, staff):
    response = client.get(ME, **bearer(staff))
    assert response.status_code == 200
    assert ApiToken.objects.get(user=staff).last_used_at is not None


@pytest.mark.parametrize(
    "query",
    ["token={secret}", "access_token={secret}", "api_key=abc", "q={secret}", "cursor={secret}"],
)
def test_a_token_in_the_address_is_refused_and_never_looked_up(client, staff, query):
    _token, secret = services.api_token_create(user=staff, name="x")
    with mock.patch("api.auth.api_token_owner") as lookup:
        for url in (ME, "/api/v1/calls"):
            response = client.get(f"{url}?{query.format(secret=secret)}")
            assert response.status_code == 400
            assert response.json()["code"] == "token_in_query"
            # Even with a good header beside it.
            response = client.get(
                f"{url}?{query.format(secret=secret)}", HTTP_AUTHORIZATION=f"Bearer {secret}"
            )
            assert response.status_code == 400
    lookup.assert_not_called()
    assert ApiToken.objects.get(user=staff).last_used_at is None


def _refused(response, code):
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == code
    with translation.override("en"):
        assert body["message_en"]
    assert set(body) == {"code", "message", "message_en"}


def test_no_token_expired_revoked_or_deactivated_is_401(client, staff):
    _refused(client.get(ME), "not_authenticated")
    _refused(
        client.get(ME, HTTP_AUTHORIZATION="Bearer api_notarealtokennotarealtoken12"),
        "token_invalid",
    )
    _refused(client.get(ME, HTTP_AUTHORIZATION="Basic abc"), "not_authenticated")

    headers = bearer(staff)
    token = ApiToken.objects.get(user=staff)
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    _refused(client.get(ME, **headers), "token_invalid")

    headers = bearer(staff)
    token = ApiToken.objects.filter(user=staff).first()
    services.api_token_revoke(token=token, by=staff)
    _refused(client.get(ME, **headers), "token_invalid")

    headers = bearer(staff)
    assert client.get(ME, **headers).status_code == 200
    staff.is_active = False
    staff.save()
    _refused(client.get(ME, **headers), "token_invalid")


def test_a_bad_token_on_a_public_endpoint_is_refused_too(client):
    _refused(
        client.get("/api/v1/calls", HTTP_AUTHORIZATION="Bearer api_notarealtokennotarealtoken12"),
        "token_invalid",
    )
    assert client.get("/api/v1/calls").status_code == 200


def test_refused_tokens_are_limited_per_address_before_any_lookup(client, settings, staff):
    """Authentication runs before the throttles, so a guesser is counted by its refusals: past
    the limit its address gets 429 and the database is not asked."""
    settings.API_FAILED_TOKENS_PER_ADDRESS = (3, 60)
    bad = {"HTTP_AUTHORIZATION": "Bearer api_notarealtokennotarealtoken12"}
    assert [client.get(ME, **bad).status_code for _ in range(4)] == [401, 401, 401, 429]
    with mock.patch("api.auth.api_token_owner") as lookup:
        assert client.get(ME, **bad).json()["code"] == "throttled"
    lookup.assert_not_called()
    assert client.get(ME, REMOTE_ADDR="10.0.0.9", **bearer(staff)).status_code == 200


def test_the_rate_limit_counts_per_token_and_per_address(client, settings, staff, other_staff):
    settings.API_THROTTLE_PER_TOKEN = (3, 60)
    settings.API_THROTTLE_PER_ADDRESS = (2, 60)
    mine, theirs = bearer(staff), bearer(other_staff)
    assert [client.get(ME, **mine).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(ME, **theirs).status_code == 200  # another token: its own count
    refused = client.get(ME, **mine)
    assert refused.json()["code"] == "throttled" and refused["Retry-After"]
    assert [client.get("/api/v1/calls").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/api/v1/calls", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_no_log_line_holds_a_token(client, staff, caplog):
    _token, secret = services.api_token_create(user=staff, name="x")
    revoked, revoked_secret = services.api_token_create(user=staff, name="y")
    services.api_token_revoke(token=revoked, by=staff)
    with caplog.at_level(logging.DEBUG):
        client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}")
        client.get(ME, HTTP_AUTHORIZATION=f"Bearer {revoked_secret}")
        client.get(ME, HTTP_AUTHORIZATION=f"Token {secret}")
        client.get(f"{ME}?token={secret}")
        client.get(f"/api/v1/calls?x={secret}")
        client.get("/api/v1/calls/999999", HTTP_AUTHORIZATION=f"Bearer {secret}")
        with mock.patch("api.me.my_proposals", side_effect=RuntimeError("boom")):
            assert client.get(ME, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 500
    # Every line as a handler writes it: the message, its arguments, the traceback.
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s %(args)s")
    text = "\n".join([formatter.format(r) for r in caplog.records] + [caplog.text])
    assert "boom" in caplog.text  # the server error was logged …
    for value in (secret, revoked_secret, secret[4:], revoked_secret[4:]):
        assert value not in text  # … and no token anywhere
    assert PersonalDataAccess.objects.filter(path__contains="api_").count() == 0


def test_answers_with_personal_data_are_recorded_in_the_access_log(client, staff):
    headers = bearer(staff)
    client.get("/api/v1/calls", **headers)
    assert not PersonalDataAccess.objects.exists()
    client.get(ME, **headers)
    client.get("/api/v1/me/tasks", **headers)
    logged = list(PersonalDataAccess.objects.order_by("id").values_list("user_id", "what", "path"))
    assert logged == [
        (staff.pk, "api:me-proposals", ME),
        (staff.pk, "api:me-tasks", "/api/v1/me/tasks"),
    ]


def test_my_data_lists_the_tokens_without_the_digest(staff):
    token, secret = services.api_token_create(user=staff, name="보고 시스템")
    services.api_token_create(user=UserFactory(), name="남의 것")
    assert "api_tokens" in {s.slug for s in personal_data_sections()}
    rows = api_tokens_personal_data(staff)
    assert [r["name"] for r in rows] == ["보고 시스템"]
    assert set(rows[0]) == {"name", "created", "expires", "last_used", "revoked"}
    assert token.digest not in str(rows) and secret not in str(rows)


def test_dead_tokens_are_deleted_after_the_retention_period(staff):
    live, _s = services.api_token_create(user=staff, name="live")
    old_revoked, _s = services.api_token_create(user=staff, name="old revoked")
    recent_revoked, _s = services.api_token_create(user=staff, name="recent revoked")
    old_expired, _s = services.api_token_create(user=staff, name="old expired")
    now = timezone.now()
    ApiToken.objects.filter(pk=old_revoked.pk).update(revoked_at=now - timedelta(days=91))
    ApiToken.objects.filter(pk=recent_revoked.pk).update(revoked_at=now - timedelta(days=10))
    ApiToken.objects.filter(pk=old_expired.pk).update(expires_at=now - timedelta(days=91))
    from accounts.tasks import prune_api_tokens

    assert prune_api_tokens() == 2
    assert set(ApiToken.objects.values_list("name", flat=True)) == {"live", "recent revoked"}
