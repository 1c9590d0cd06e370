"""The session remembers a consent to the current privacy notice (privacy.services), so pages
after the first ask the database nothing; the mark never outlives the consent it stands for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from privacy.models import PrivacyConsent
from privacy.services import CONSENT_SESSION_KEY, consent_required

pytestmark = pytest.mark.django_db

CONSENT_TABLE = PrivacyConsent._meta.db_table


@pytest.fixture
def consent_on(settings):
    settings.PRIVACY_CONSENT_REQUIRED = True
    settings.PRIVACY_NOTICE_VERSION = "2026-1"


def _consent_queries(client, url="/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(CONSENT_TABLE in query["sql"] for query in queries.captured_queries)


def test_a_sign_in_marks_the_session_and_pages_ask_nothing(client, staff, consent_on):
    PrivacyConsent.objects.create(user=staff, notice_version="2026-1")
    client.force_login(staff)
    assert client.session[CONSENT_SESSION_KEY] == f"{staff.pk}:2026-1"
    assert _consent_queries(client) == 0
    assert _consent_queries(client, reverse("notifications:list")) == 0


def test_accepting_the_notice_marks_the_session(client, staff, consent_on):
    client.force_login(staff)
    assert CONSENT_SESSION_KEY not in client.session
    client.post(reverse("privacy:consent"), {"agree": "on", "next": "/"})
    assert client.session[CONSENT_SESSION_KEY] == f"{staff.pk}:2026-1"
    assert _consent_queries(client) == 0


def test_a_session_from_before_the_mark_is_marked_on_its_next_page(client, staff, consent_on):
    PrivacyConsent.objects.create(user=staff, notice_version="2026-1")
    client.force_login(staff)
    session = client.session
    del session[CONSENT_SESSION_KEY]
    session.save()
    assert _consent_queries(client) == 1
    assert _consent_queries(client) == 0


def test_a_new_notice_version_drops_the_mark(client, staff, consent_on, settings):
    PrivacyConsent.objects.create(user=staff, notice_version="2026-1")
    client.force_login(staff)
    settings.PRIVACY_NOTICE_VERSION = "2027-1"
    assert client.get("/").status_code == 302
    assert CONSENT_SESSION_KEY not in client.session


def test_a_deleted_consent_drops_the_mark_from_the_persons_sessions(
    client, staff, other_staff, consent_on, django_capture_on_commit_callbacks
):
    PrivacyConsent.objects.create(user=staff, notice_version="2026-1")
    PrivacyConsent.objects.create(user=other_staff, notice_version="2026-1")
    client.force_login(staff)
    other = type(client)()
    other.force_login(other_staff)
    assert client.get("/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        PrivacyConsent.objects.filter(user=staff).delete()
    assert CONSENT_SESSION_KEY not in client.session
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("privacy:consent"))
    assert other.session[CONSENT_SESSION_KEY] == f"{other_staff.pk}:2026-1"
    assert other.get("/").status_code == 200


def test_dropping_the_mark_keeps_the_sessions_expiry(
    client, staff, consent_on, django_capture_on_commit_callbacks
):
    from django.contrib.sessions.models import Session

    PrivacyConsent.objects.create(user=staff, notice_version="2026-1")
    client.force_login(staff)
    assert client.get("/").status_code == 200
    expiry = Session.objects.get(pk=client.session.session_key).expire_date
    with django_capture_on_commit_callbacks(execute=True):
        PrivacyConsent.objects.filter(user=staff).delete()
    assert Session.objects.get(pk=client.session.session_key).expire_date == expiry
    assert CONSENT_SESSION_KEY not in client.session


def test_a_mark_for_someone_else_counts_for_nothing(staff, other_staff, consent_on):
    PrivacyConsent.objects.create(user=other_staff, notice_version="2026-1")
    session = {CONSENT_SESSION_KEY: f"{other_staff.pk}:2026-1"}
    assert consent_required(staff, session) is True
    assert CONSENT_SESSION_KEY not in session


def test_with_consent_switched_off_nothing_is_asked_or_marked(client, staff, settings):
    settings.PRIVACY_CONSENT_REQUIRED = False
    client.force_login(staff)
    assert CONSENT_SESSION_KEY not in client.session
    assert _consent_queries(client) == 0
