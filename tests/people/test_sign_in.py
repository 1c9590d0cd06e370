"""First sign-in through an emailed one-time link, password reset, password change."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from accounts.enums import AccountSource
from accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.factories.people import STAFF_HEADER, csv_bytes, run

from .conftest import STAFF_ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Link requests are throttled per client (privacy.hardening); each test starts afresh."""
    cache.clear()


LINK = reverse("accounts:password-reset")
NEW_PASSWORD = "Gyeongnam-새비번-2026"


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/password/set/\S+/", message.body).group(0)


@override_settings(PORTAL_BASE_URL="https://glab.example.go.kr")
def test_first_sign_in_through_the_emailed_link(client, imported):
    kim = User.objects.get(username="1001")
    assert not kim.has_usable_password()
    assert "비밀번호" in client.get(reverse("accounts:login")).content.decode()
    assert client.get(LINK).status_code == 200

    response = client.post(LINK, {"username": "1001", "email": "1001@GYEONGNAM.go.kr"})

    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password-reset-sent"
    )
    assert [m.to for m in mail.outbox] == [["1001@gyeongnam.go.kr"]]
    message = mail.outbox[0]
    assert "1001" in message.body
    url = link_in(message)
    assert url.startswith("https://glab.example.go.kr/")  # never the request's Host header
    path = url.removeprefix("https://glab.example.go.kr")
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]

    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:password-set-done"
    )
    client.post(reverse("accounts:login"), {"username": "1001", "password": NEW_PASSWORD})
    assert client.session[SESSION_KEY] == str(kim.pk)
    # The link works once.
    client.logout()
    assert not client.get(path, follow=True).context["validlink"]


def test_a_link_is_sent_only_when_number_and_email_match(client, imported):
    client.post(LINK, {"username": "1001", "email": "someone@else.kr"})
    client.post(LINK, {"username": "9999", "email": "1001@gyeongnam.go.kr"})
    response = client.post(LINK, {"username": "1002", "email": "1001@gyeongnam.go.kr"})

    assert response.status_code == 302  # the same answer: nothing is revealed
    assert mail.outbox == []


def test_no_link_for_someone_who_left(client, imported):
    run(staff=csv_bytes(STAFF_HEADER, STAFF_ROWS[1:]), full=True)

    client.post(LINK, {"username": "1001", "email": "1001@gyeongnam.go.kr"})

    assert mail.outbox == []


def test_password_reset_for_someone_with_a_password(client, db):
    user = UserFactory(username="EXT-1", source=AccountSource.LOCAL, email="judge@example.org")

    client.post(LINK, {"username": "EXT-1", "email": "judge@example.org"})

    assert [m.to for m in mail.outbox] == [["judge@example.org"]]
    assert "재설정" in mail.outbox[0].subject
    path = re.sub(r"^https?://[^/]+", "", link_in(mail.outbox[0]))
    page = client.get(path, follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_change_when_signed_in(client, staff):
    client.force_login(staff)
    assert client.get(reverse("accounts:password-change")).status_code == 200

    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)


def test_link_requests_are_throttled(client, imported):
    for _ in range(5):
        assert (
            client.post(LINK, {"username": "1001", "email": "1001@gyeongnam.go.kr"}).status_code
            == 302
        )
    assert (
        client.post(LINK, {"username": "1001", "email": "1001@gyeongnam.go.kr"}).status_code == 429
    )
    assert len(mail.outbox) == 5
