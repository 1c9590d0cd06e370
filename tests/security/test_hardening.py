"""Headers, request-size caps, error pages and sign-in throttling."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import path, reverse

from accounts.models import User
from glab_portal.urls import urlpatterns as portal_urlpatterns
from privacy.hardening import ThrottleMiddleware, client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_every_page_carries_a_strict_content_security_policy(client):
    response = client.get(LOGIN)
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_style_hash_in_the_policy_matches_the_vendored_htmx(settings):
    """htmx inserts one <style> for its request indicator; the policy allows exactly it."""
    import base64
    import hashlib
    import re
    from pathlib import Path

    source = (Path(settings.BASE_DIR) / "static/vendor/htmx/htmx.min.js").read_text()
    parts = re.search(r'`<style\$\{e\}>`\+`(.*?)`\+`(.*?)`\+"</style>"', source)
    assert parts, "htmx no longer inserts its indicator style the way the policy's hash expects"
    css = (parts.group(1) + parts.group(2)).replace("${t}", "htmx-indicator").replace("${n}", "htmx-request")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in settings.CONTENT_SECURITY_POLICY["style-src"]


def test_a_body_over_the_cap_is_refused_with_413_before_it_is_read(client, settings):
    settings.REQUEST_BODY_MAX_BYTES = 1024
    before = User.objects.count()
    response = client.post(LOGIN, data={"username": "x" * 4000, "password": "y"})
    assert response.status_code == 413
    assert response.headers["Connection"] == "close"
    assert "너무" in response.content.decode() or "큽니다" in response.content.decode()
    assert User.objects.count() == before
    assert AccessAttempt.objects.count() == 0


def test_too_much_form_data_is_a_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(LOGIN, data={"username": "x" * 4000, "password": "y"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<h1>" in body and "Traceback" not in body


def test_a_server_error_shows_the_generic_page_and_nothing_else(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.security.boom_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "일시적인 오류" in body
    for leak in ("secret-detail", "SELECT", "Traceback", "RuntimeError", "boom_urls", settings.SECRET_KEY):
        assert leak not in body


def test_an_unknown_address_is_a_plain_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "urlpatterns" not in body and "Using the URLconf" not in body


def _fail(client, username, ip):
    return client.post(LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_sign_in_is_locked_per_account_across_addresses(client, settings):
    user = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _fail(client, user.username, f"10.0.0.{n + 1}").status_code == 200
    # The attempt that reaches the limit is answered with the lockout page.
    assert _fail(client, user.username, "10.0.0.99").status_code == 429
    # The right password from yet another address: still refused, with the Korean page.
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert "로그인" in response.content.decode() and "15분" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_persons_wrong_passwords_do_not_lock_out_a_colleague_at_the_same_address(client, settings):
    """The whole office signs in from one address: one person's typos lock that person only."""
    typist, colleague = UserFactory(), UserFactory()
    office = "10.9.9.9"
    statuses = [_fail(client, typist.username, office).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses[-1] == 429  # the typist is locked out
    response = client.post(LOGIN, {"username": colleague.username, "password": PASSWORD}, REMOTE_ADDR=office)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(colleague.pk)
    client.logout()
    # The typist stays locked, from this address and any other, with the right password too.
    for address in (office, "10.9.9.10"):
        response = client.post(LOGIN, {"username": typist.username, "password": PASSWORD}, REMOTE_ADDR=address)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session


def test_sign_in_posts_from_one_address_are_capped_far_above_an_office(client, settings):
    settings.THROTTLED_POSTS = {"accounts:login": {"address": (3, 3600)}}
    people = [UserFactory() for _ in range(4)]
    statuses = []
    for person in people:
        statuses.append(client.post(LOGIN, {"username": person.username, "password": PASSWORD}, REMOTE_ADDR="10.7.7.7").status_code)
        client.logout()
    assert statuses == [302, 302, 302, 429]
    # Another address is not affected.
    assert client.post(LOGIN, {"username": people[3].username, "password": PASSWORD}, REMOTE_ADDR="10.7.7.8").status_code == 302
    assert settings.THROTTLE_PER_ADDRESS >= 10_000  # the default: two tries each for 5,000 people


def test_a_success_before_the_limit_resets_the_count(client, settings):
    user = UserFactory()
    for _n in range(settings.AXES_FAILURE_LIMIT - 1):
        _fail(client, user.username, "10.1.1.1")
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1").status_code == 302
    client.logout()
    _fail(client, user.username, "10.1.1.1")
    assert client.post(LOGIN, {"username": user.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1").status_code == 302


def test_behind_the_proxy_the_client_address_is_the_one_the_proxy_appended(rf, settings):
    settings.BEHIND_PROXY = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "203.0.113.7"
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"


def reset_view(request):
    from django.http import HttpResponse

    return HttpResponse("sent")


urlpatterns = [path("reset/", reset_view, name="password-reset"), *portal_urlpatterns]


def test_throttled_posts_are_counted_per_account_per_pair_and_per_address(rf, settings):
    from django.core.cache import cache

    cache.clear()
    settings.THROTTLED_POSTS = {"password-reset": {"account": (4, 3600), "account_address": (2, 3600), "address": (4, 3600)}}
    settings.ROOT_URLCONF = "tests.security.test_hardening"
    middleware = ThrottleMiddleware(reset_view)

    def post(username, ip):
        request = rf.post("/reset/", {"username": username, "email": f"{username}@example.go.kr"}, REMOTE_ADDR=ip)
        request.user = AnonymousUser()
        return middleware(request).status_code

    assert [post("E1", "10.0.0.1") for _ in range(3)] == [200, 200, 429]  # the pair's limit
    assert post(" e1 ", "10.0.0.2") == 200  # the same account (case and spaces aside) from elsewhere
    assert post("E1", "10.0.0.3") == 429  # the account's limit (its fifth request)
    assert post("E2", "10.0.0.1") == 200  # a colleague at the first address
    assert post("E3", "10.0.0.1") == 429  # the address's limit (its fifth request)
    assert post("E3", "10.0.0.4") == 200
    # GET is never throttled.
    assert middleware(rf.get("/reset/", REMOTE_ADDR="10.0.0.1")).status_code == 200


def test_a_bad_host_header_is_a_plain_400_not_a_500(settings):
    settings.ALLOWED_HOSTS = ["portal.example.go.kr"]
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    body = response.content.decode()
    assert "잘못된 요청" in body and "evil.example" not in body


def test_the_password_reset_form_is_throttled(client):
    from django.core.cache import cache

    cache.clear()
    url = reverse("accounts:password-reset")
    statuses = [client.post(url, {"username": "E000001", "email": "a@example.go.kr"}).status_code for _ in range(6)]
    assert 429 not in statuses[:5] and statuses[5] == 429
    assert "요청 횟수" in client.post(url, {"username": "E000001"}).content.decode()
