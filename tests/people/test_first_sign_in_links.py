"""The innovation unit emails every imported person without a password their first-sign-in
link in one action, after a confirmation step, and sees who has signed in (issue 18).

The outbox row holds the email without the link; the link is made when the email is sent."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import AccountSource
from accounts.models import User
from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import notifications_deliver_batch
from people.first_sign_in import KIND, first_sign_in_links_send
from tests.factories import PASSWORD, UserFactory, innovation_unit_user
from tests.factories.people import STAFF_HEADER, csv_bytes, person, run

pytestmark = pytest.mark.django_db

PAGE = reverse("people:sign-in-list")
SEND = reverse("people:sign-in-links-send")
SET_PATH = re.compile(r"https?://[^/\s]+(/accounts/password/set/([^/\s]+)/([^/\s]+)/)")


@pytest.fixture
def unit(db):
    # A local account, so that the full import of ``imported`` leaves it alone.
    return innovation_unit_user(username="IU-1", source=AccountSource.LOCAL, department=None)


@pytest.fixture
def unit_client(client, unit):
    client.force_login(unit)
    return client


@pytest.fixture
def imported_people(imported, unit):
    """The three people of the import (no password yet), one of whom has since set one, and a
    fourth imported without an email address."""
    run(staff=csv_bytes(STAFF_HEADER, [person("1004", "최메일없음", "GENA", email="")]), full=False)
    set_one = User.objects.get(username="1003")
    set_one.set_password(PASSWORD)
    set_one.last_login = timezone.now()
    set_one.save()
    return User.objects.filter(username__in=["1001", "1002"]).order_by("username")


def _send(client, **data):
    return client.post(SEND, data)


def test_the_confirmation_states_how_many_people_will_be_emailed_and_writes_nothing(
    unit_client, imported_people
):
    response = _send(unit_client)
    assert response.status_code == 200
    text = response.content.decode()
    statement = response.context["statement"]
    assert re.search(r"(?<!\d)2(?!\d)", statement) and statement in text  # "2명에게": no \b before Hangul
    assert 'name="confirm" value="1"' in text
    assert not Notification.objects.filter(kind=KIND).exists()
    assert mail.outbox == []


def test_confirmed_each_person_without_a_password_is_emailed_once_a_working_link(
    unit_client, unit, imported_people, django_capture_on_commit_callbacks, settings
):
    settings.PORTAL_BASE_URL = "https://glab.example.go.kr"
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(unit_client, confirm="1")
    assert response.status_code == 302 and response["Location"] == PAGE

    rows = Notification.objects.filter(kind=KIND).order_by("recipient__username")
    assert [r.recipient.username for r in rows] == ["1001", "1002"]
    assert {r.email_status for r in rows} == {EmailStatus.SENT}
    # The stored row holds no link and no token: a backup or the admin never holds a live link.
    for row in rows:
        for stored in (row.subject, row.body_text, row.body_html, row.url):
            assert "/accounts/password/set/" not in stored
            assert default_token_generator.make_token(row.recipient) not in stored
        with translation.override(settings.LANGUAGE_CODE):
            placeholder = translation.gettext("(The link is made when this email is sent.)")
        assert placeholder in row.body_text  # where the link goes, it says when it is made

    assert sorted(m.to[0] for m in mail.outbox) == ["1001@gyeongnam.go.kr", "1002@gyeongnam.go.kr"]
    for message in mail.outbox:
        user = User.objects.get(email=message.to[0])
        url, _uid, token = SET_PATH.search(message.body).groups()
        assert user.full_name in message.body and user.username in message.body
        assert "https://glab.example.go.kr/accounts/password/set/" in message.body
        assert default_token_generator.check_token(user, token)
        html = message.alternatives[0][0]
        assert url in html
        # The link works: it opens the set-password form.
        page = unit_client.get(url, follow=True)
        assert page.context["validlink"]

    # A second press: nobody is waiting, nothing is written or sent.
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(unit_client, confirm="1")
    assert response.status_code == 302
    assert Notification.objects.filter(kind=KIND).count() == 2
    assert len(mail.outbox) == 2
    assert first_sign_in_links_send(by=unit) == 0


def test_someone_who_set_a_password_before_delivery_is_not_emailed(imported_people, unit):
    # Written now; delivery is queued on commit, which this test's transaction never reaches.
    assert first_sign_in_links_send(by=unit) == 2
    assert mail.outbox == []
    kim = User.objects.get(username="1001")
    kim.set_password(PASSWORD)  # through the self-service form, say, before the worker ran
    kim.save()

    report = notifications_deliver_batch()

    assert [m.to[0] for m in mail.outbox] == ["1002@gyeongnam.go.kr"]
    dropped = Notification.objects.get(kind=KIND, recipient=kim)
    assert dropped.email_status == EmailStatus.DROPPED and dropped.pk in report.dropped


def test_only_the_innovation_unit_may_send(imported_people, staff):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        first_sign_in_links_send(by=staff)
    assert not Notification.objects.filter(kind=KIND).exists()


def test_the_page_shows_who_has_signed_in(unit_client, imported_people):
    response = unit_client.get(PAGE)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary == {
        "total": 4,
        "signed_in": 1,
        "never": 3,
        "no_password": 3,
        "no_email": 1,
        "awaiting_link": 2,
    }
    never = unit_client.get(PAGE, {"state": "never"})
    assert sorted(p.username for p in never.context["people"]) == ["1001", "1002", "1004"]
    signed_in = unit_client.get(PAGE, {"state": "signed_in"})
    assert [p.username for p in signed_in.context["people"]] == ["1003"]
    assert "박혁신" in signed_in.content.decode()


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(PAGE).status_code == 200
    return len(context.captured_queries)


def test_the_sign_in_page_uses_the_same_number_of_queries_for_few_and_many_people(
    unit_client, imported_people, unit
):
    first_sign_in_links_send(by=unit)
    few = _page_queries(unit_client)
    rows = [person(f"3{n:03d}", f"직원{n:02d}", "ICT") for n in range(40)]
    run(staff=csv_bytes(STAFF_HEADER, rows), full=False)
    first_sign_in_links_send(by=unit)
    User.objects.filter(username__in=["3000", "3001"]).update(last_login=timezone.now())
    UserFactory(source=AccountSource.LOCAL)  # a local account is not listed
    many = _page_queries(unit_client)
    assert len(unit_client.get(PAGE).context["people"]) == 44
    assert few == many
