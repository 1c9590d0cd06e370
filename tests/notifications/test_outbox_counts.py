"""The outbox counts (``OutboxCount``, kept by database triggers) equal a fresh count of the
notifications after every path that writes them, and the outbox page reads them instead of
counting."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from notifications import counts
from notifications.enums import EmailStatus, notification_kind_label
from notifications.models import Notification, OutboxCount
from notifications.services import (
    max_attempts,
    notification_retry,
    notifications_deliver_batch,
    notifications_mark_read,
    notifications_retry_failed,
    reminders_dispatch,
)
from tests.factories import UserFactory
from tests.notifications.test_outbox import FailingBackend, outbox_templates, send  # noqa: F401

pytestmark = pytest.mark.django_db

OUTBOX = reverse("notifications:outbox")


@pytest.fixture(autouse=True)
def counts_from_the_rows(db):
    """On SQLite, a transactional test's flush deletes the tables one by one in any order, so
    the triggers may leave count rows behind (PostgreSQL truncates them together): start each
    test from the rows there are."""
    counts.rebuild()


def assert_counts_right():
    assert counts.kept_counts() == counts.fresh_counts()


def _bulk(count, status=EmailStatus.SENT, kind="bulk_kind"):
    user = UserFactory()
    start = Notification.objects.count()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=kind,
            key=f"{kind}:{start + i}",
            subject="제목",
            body_text="본문",
            email_status=status,
        )
        for i in range(count)
    )


@pytest.fixture
def about(db):
    from tests.factories import CallFactory

    return CallFactory()


def test_services_and_the_worker_keep_the_counts(
    about,
    staff,
    other_staff,
    settings,
    django_capture_on_commit_callbacks,
    iu_client,
    innovation_unit,
):
    with django_capture_on_commit_callbacks(execute=False):
        send(about, [staff, other_staff])  # notify: two pending
    assert_counts_right()
    assert counts.kept_counts() == {("outbox_test", EmailStatus.PENDING): 2}
    sent = Notification.objects.get(recipient=staff)
    assert notifications_deliver_batch(ids=[sent.pk], limit=1).sent == [sent.pk]  # pending → sent
    assert_counts_right()
    settings.EMAIL_BACKEND = f"{FailingBackend.__module__}.FailingBackend"
    failing = Notification.objects.get(recipient=other_staff)
    for _ in range(max_attempts()):  # pending → sending → pending …, then failed
        failing.refresh_from_db()
        with time_machine.travel(
            (failing.next_attempt_at or failing.created_at) + timedelta(seconds=1), tick=False
        ):
            notifications_deliver_batch(ids=[failing.pk], limit=1)
        assert_counts_right()
    assert counts.kept_counts()[("outbox_test", EmailStatus.FAILED)] == 1
    with django_capture_on_commit_callbacks(execute=False):
        notification_retry(notification_id=failing.pk, by=innovation_unit)  # failed → pending
    assert_counts_right()
    notifications_mark_read(user=staff)  # an UPDATE that changes no state
    assert_counts_right()


def test_bulk_create_update_delete_and_the_admin_keep_the_counts(
    admin_client, innovation_unit, django_capture_on_commit_callbacks
):
    _bulk(5, EmailStatus.FAILED, kind="a")
    _bulk(3, EmailStatus.SENT, kind="b")
    assert counts.kept_counts() == {("a", EmailStatus.FAILED): 5, ("b", EmailStatus.SENT): 3}
    Notification.objects.filter(kind="b").update(email_status=EmailStatus.DROPPED)
    assert_counts_right()
    with django_capture_on_commit_callbacks(execute=False):
        admin_client.post(
            reverse("admin:notifications_notification_changelist"),
            {
                "action": "retry_failed",
                "_selected_action": list(
                    Notification.objects.filter(kind="a").values_list("pk", flat=True)[:2]
                ),
            },
        )
    assert Notification.objects.filter(email_status=EmailStatus.PENDING).count() == 2
    assert_counts_right()
    Notification.objects.filter(kind="a")[:1].get().recipient.delete()  # a cascade
    assert_counts_right()
    with django_capture_on_commit_callbacks(execute=False):
        notifications_retry_failed(by=innovation_unit, kind="")
    assert_counts_right()


def test_fold_and_rebuild_keep_the_counts_and_leave_one_row_per_kind_and_state(
    django_capture_on_commit_callbacks,
):
    _bulk(4, EmailStatus.PENDING, kind="a")
    Notification.objects.filter(
        pk__in=Notification.objects.values_list("pk", flat=True)[:3]
    ).update(email_status=EmailStatus.SENT)
    Notification.objects.filter(email_status=EmailStatus.PENDING).delete()
    before = counts.kept_counts()
    with django_capture_on_commit_callbacks(execute=False):
        reminders_dispatch()  # folds
    assert counts.kept_counts() == before == counts.fresh_counts() == {("a", EmailStatus.SENT): 3}
    assert list(OutboxCount.objects.values_list("kind", "email_status", "n")) == [
        ("a", EmailStatus.SENT, 3)
    ]
    OutboxCount.objects.all().delete()  # lost, e.g. a restore without them
    call_command("rebuild_outbox_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_counts_right()
    assert OutboxCount.objects.count() == 1


def test_the_outbox_page_shows_the_kept_counts_and_50_rows(iu_client):
    _bulk(51, EmailStatus.FAILED, kind="a")
    _bulk(2, EmailStatus.SENT, kind="b")
    response = iu_client.get(OUTBOX)
    assert {status.value: n for status, n in response.context["status_counts"]}[
        EmailStatus.FAILED
    ] == 51
    assert response.context["matching_count"] == 53
    assert len(response.context["notifications"]) == 50
    assert response.context["page_obj"].has_next()
    second = iu_client.get(OUTBOX, {"page": 2})
    assert len(second.context["notifications"]) == 3
    assert not second.context["page_obj"].has_next()
    assert iu_client.get(OUTBOX, {"kind": "b"}).context["matching_count"] == 2
    assert iu_client.get(OUTBOX, {"page": 3}).status_code == 404
    assert response.context["form"].fields["kind"].choices[1:] == [
        ("a", notification_kind_label("a")),
        ("b", notification_kind_label("b")),
    ]


def test_the_outbox_page_runs_the_same_queries_for_50_and_500_rows(
    iu_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _bulk(50, EmailStatus.SENT)
    iu_client.get(OUTBOX)
    with CaptureQueriesContext(connection) as few:
        iu_client.get(OUTBOX)
    _bulk(450, EmailStatus.FAILED, kind="other")
    with django_assert_num_queries(len(few.captured_queries)):
        response = iu_client.get(OUTBOX)
    assert len(response.context["notifications"]) == 50
    counting = [
        q["sql"]
        for q in few.captured_queries
        if "COUNT(" in q["sql"].upper() and "notifications_notification" in q["sql"]
    ]
    # Only the header's unread count of the signed-in person counts notifications.
    assert all(re.search(r'recipient_id"? = ', sql) for sql in counting), counting
