"""Every notification kind reads in words, on the outbox and in its filter: no code such as
``routing_answered`` reaches the page."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from notifications import counts
from notifications.enums import EmailStatus, NotificationKind, notification_kind_label
from notifications.models import Notification
from tests.factories import UserFactory

from .visible_text import raw_codes, visible_text

SUBJECT_SUFFIX = "_subject.txt"


def _kinds_with_email_templates() -> set[str]:
    """The kinds whose email templates the portal has (in its apps and its project templates)."""
    base = Path(settings.BASE_DIR).resolve()
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    roots += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    return {
        path.name.removesuffix(SUBJECT_SUFFIX)
        for root in roots
        if root.resolve().is_relative_to(base) and "tests" not in root.resolve().parts
        for path in (root / "emails").glob(f"*{SUBJECT_SUFFIX}")
    }


def test_every_kind_with_email_templates_has_a_label():
    kinds = _kinds_with_email_templates()
    assert len(kinds) >= len(NotificationKind)
    assert kinds - set(NotificationKind.values) == set()


def test_an_unknown_kind_reads_as_other_notification_not_as_its_code():
    assert notification_kind_label("no_such_kind") != "no_such_kind"
    assert notification_kind_label(NotificationKind.ROUTING_ANSWERED) == str(
        NotificationKind.ROUTING_ANSWERED.label
    )


@pytest.mark.django_db
def test_the_outbox_shows_every_kind_in_words(iu_client):
    recipient = UserFactory(full_name="이수신")
    Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            kind=kind,
            key=f"{kind}:1",
            subject="제목",
            body_text="본문",
            email_status=EmailStatus.FAILED,
            last_error="",
        )
        for kind in [*NotificationKind.values, "unlabelled_kind"]
    )
    counts.rebuild()
    outbox = reverse("notifications:outbox")
    pages = [
        iu_client.get(outbox).content.decode(),
        iu_client.get(outbox, {"kind": NotificationKind.ROUTING_ANSWERED}).content.decode(),
    ]
    for html in pages:
        assert raw_codes(html, [*NotificationKind.values, "unlabelled_kind"]) == []
    text = visible_text(pages[0])
    assert all(str(kind.label) in text for kind in NotificationKind)
    assert str(NotificationKind.ROUTING_ANSWERED.label) in visible_text(pages[1])


@pytest.mark.django_db
def test_the_admin_list_shows_kinds_in_words(admin_client):
    Notification.objects.create(
        recipient=UserFactory(), kind=NotificationKind.ROUTING_ANSWERED, key="k", subject="제목"
    )
    response = admin_client.get(reverse("admin:notifications_notification_changelist"))
    assert response.status_code == 200
    assert str(NotificationKind.ROUTING_ANSWERED.label) in visible_text(response.content.decode())
