import copy
import re
from datetime import timedelta
from pathlib import Path
from smtplib import SMTPException

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import translation

from notifications.enums import EmailStatus
from notifications.models import Notification
from notifications.services import max_attempts, notifications_deliver_batch, notify
from tests.factories import CallFactory, UserFactory

TEMPLATES_DIR = Path(__file__).parent / "templates"
KIND = "outbox_test"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


class FailingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):
        raise SMTPException("421 service not available")


@pytest.fixture(autouse=True)
def outbox_templates(settings):
    """The test kind's templates live next to this module."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
    settings.TEMPLATES = templates


@pytest.fixture
def about(db):
    return CallFactory(title="2026년 G-랩 과제 공모")


def send(about, recipients, occasion=""):
    return notify(
        kind=KIND,
        recipients=recipients,
        about=about,
        context={"title": "제안이 접수되었습니다"},
        url=about.get_absolute_url(),
        occasion=occasion,
    )


def test_one_row_per_recipient_with_a_unique_key(
    about, staff, other_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        rows = send(about, [staff, other_staff, staff, None])
    assert len(rows) == 2
    stored = Notification.objects.order_by("recipient__pk")
    assert {n.recipient for n in stored} == {staff, other_staff}
    assert len({n.key for n in stored}) == 2
    assert all(n.kind == KIND and n.email_status == EmailStatus.PENDING for n in stored)
    assert all(n.url == about.get_absolute_url() for n in stored)


def test_inactive_recipients_are_skipped_and_missing_addresses_are_not_emailed(
    about, django_capture_on_commit_callbacks, mailoutbox
):
    inactive = UserFactory(is_active=False)
    no_email = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        send(about, [inactive, no_email])
    assert list(Notification.objects.values_list("recipient", "email_status")) == [
        (no_email.pk, EmailStatus.SKIPPED)
    ]
    assert mailoutbox == []


def test_the_same_key_again_writes_and_sends_nothing(
    about, staff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        send(about, [staff])
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = send(about, [staff])
    assert again == []
    assert callbacks == []
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1

    # A different occasion is a new message.
    with django_capture_on_commit_callbacks(execute=True):
        send(about, [staff], occasion="deadline-2")
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2


def test_email_is_sent_after_commit_in_korean_with_text_and_html(
    about, staff, django_capture_on_commit_callbacks, mailoutbox
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(about, [staff])
        assert mailoutbox == []  # nothing leaves before the commit
    assert len(callbacks) == 1
    assert mailoutbox == []

    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == [staff.email]
    with translation.override("ko"):
        korean_word = translation.gettext("Notifications")
    assert HANGUL.search(korean_word), "the notifications catalogue lacks “Notifications”"
    assert korean_word in email.subject  # rendered in Korean although the request was in English
    assert "제안이 접수되었습니다" in email.body
    assert about.get_absolute_url() in email.body
    assert len(email.alternatives) == 1
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "<a href=" in html

    notification = Notification.objects.get()
    assert notification.email_status == EmailStatus.SENT
    assert notification.sent_at is not None
    assert notification.attempts == 1


def test_nothing_is_sent_when_the_transaction_rolls_back(
    about, staff, django_capture_on_commit_callbacks, mailoutbox
):
    from django.db import transaction

    class Boom(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        send(about, [staff])
        raise Boom
    assert callbacks == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


def deliver(notification_id: int) -> bool:
    """Delivers one notification if it is claimable; True when it was sent now."""
    return notification_id in notifications_deliver_batch(ids=[notification_id], limit=1).sent


def test_delivering_twice_sends_once(about, staff, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=False):
        send(about, [staff])
    notification = Notification.objects.get()

    assert deliver(notification.pk) is True
    assert deliver(notification.pk) is False

    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert notification.attempts == 1


def test_smtp_failure_leaves_the_row_pending_then_failed(
    about, staff, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        send(about, [staff])
    notification = Notification.objects.get()
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"

    assert deliver(notification.pk) is False
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.PENDING
    assert notification.attempts == 1
    assert "421" in notification.last_error
    assert notification.sent_at is None
    assert notification.lease_until is None

    # Backing off: an immediate second try does not even claim the row.
    assert deliver(notification.pk) is False
    notification.refresh_from_db()
    assert notification.attempts == 1

    # Each retry once its backoff has passed.
    for _ in range(max_attempts() - 1):
        assert notification.next_attempt_at > notification.created_at
        with time_machine.travel(notification.next_attempt_at + timedelta(seconds=1), tick=False):
            assert deliver(notification.pk) is False
        notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert notification.attempts == max_attempts()
    assert "421" in notification.last_error
    # A failed notification is not tried again by the deliverer.
    assert deliver(notification.pk) is False
    notification.refresh_from_db()
    assert notification.attempts == max_attempts()


def test_smtp_failure_through_the_task_never_breaks_the_request(
    about, staff, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send(about, [staff])
    notification = Notification.objects.get()
    assert notification.email_status in (EmailStatus.PENDING, EmailStatus.FAILED)
    assert notification.sent_at is None
    assert "421" in notification.last_error


# --- The notification centre -------------------------------------------------------------


@pytest.fixture
def inbox(about, staff, other_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        send(about, [staff, other_staff], occasion="first")
        send(about, [staff], occasion="second")
    return {
        "mine": list(Notification.objects.filter(recipient=staff)),
        "theirs": Notification.objects.get(recipient=other_staff),
    }


def test_the_centre_lists_only_my_notifications(staff_client, inbox):
    response = staff_client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert set(response.context["object_list"]) == set(inbox["mine"])
    assert inbox["theirs"] not in response.context["object_list"]


def test_the_unread_count_appears_in_the_header(staff_client, inbox):
    page = staff_client.get(reverse("home")).content.decode()
    assert re.search(r'portal-count">\s*2\b', page)


def test_mark_one_read_follows_its_link(staff_client, inbox):
    target = inbox["mine"][0]
    response = staff_client.post(reverse("notifications:read", args=[target.pk]))
    assert response.status_code == 302
    assert response["Location"] == target.url
    target.refresh_from_db()
    assert target.read_at is not None
    assert (
        Notification.objects.filter(recipient=target.recipient, read_at__isnull=True).count() == 1
    )
    assert re.search(r'portal-count">\s*1\b', staff_client.get(reverse("home")).content.decode())


def test_mark_all_read(staff_client, staff, inbox):
    response = staff_client.post(reverse("notifications:read-all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=staff, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=inbox["theirs"].pk).read_at is None
    assert "portal-count" not in staff_client.get(reverse("home")).content.decode()


def test_another_users_notification_is_404(staff_client, inbox):
    response = staff_client.post(reverse("notifications:read", args=[inbox["theirs"].pk]))
    assert response.status_code == 404
    assert Notification.objects.get(pk=inbox["theirs"].pk).read_at is None


def test_an_outside_link_is_not_followed(staff_client, staff, inbox):
    Notification.objects.filter(pk=inbox["mine"][0].pk).update(url="https://evil.example/")
    response = staff_client.post(reverse("notifications:read", args=[inbox["mine"][0].pk]))
    assert response["Location"] == reverse("notifications:list")


