"""Notification preferences (issue 20, part 3): the rules per kind, the service that enforces
them, ``notify`` honouring each choice in a fixed number of queries, and the 알림 설정 page."""

import copy
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core.personal_data import personal_data_sections
from notifications import kinds
from notifications.enums import Delivery, EmailStatus, NotificationKind, notification_kind_label
from notifications.kinds import Group, KindRule, Rule, rule_for
from notifications.models import Notification, NotificationPreference
from notifications.preferences import deliveries_for, preferences_save
from notifications.services import notify
from tests.factories import CallFactory, UserFactory

from .visible_text import raw_codes, visible_text

TEMPLATES_DIR = Path(__file__).parent / "templates"
KIND = "outbox_test"  # its templates live next to this module
OPTIONAL = NotificationKind.REMINDER_CALL_OPENED
REQUIRED = NotificationKind.SCREENING_OUTCOME_SELECTED
FIXED = NotificationKind.FIRST_SIGN_IN_LINK


@pytest.fixture
def test_kind(settings, monkeypatch):
    """``outbox_test`` with its templates, sorted as a kind with every choice."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
    settings.TEMPLATES = templates
    monkeypatch.setitem(kinds.KINDS, KIND, KindRule(Group.CALLS, Rule.CHOICE))
    return KIND


def send(recipients, kind=KIND, about=None):
    about = about or CallFactory()
    return notify(
        kind=kind, recipients=recipients, about=about, context={"title": "알림"}, url="/x/"
    )


def prefer(user, kind, delivery):
    NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)


# --- The rules ------------------------------------------------------------------------------


def test_every_kind_with_a_label_is_sorted_into_a_group():
    """A kind added to NotificationKind needs a line in notifications/kinds.py (KINDS)."""
    assert set(NotificationKind.values) - set(kinds.KINDS) == set()


def test_a_kind_nobody_sorted_falls_back_to_other_and_is_never_silenced():
    rule = rule_for("idea_answered_somewhere")
    assert (rule.group, rule.rule) == (Group.OTHER, Rule.REQUIRED)
    assert kinds.effective("idea_answered_somewhere", None) == Delivery.IMMEDIATE
    assert kinds.effective("idea_answered_somewhere", Delivery.PORTAL) == Delivery.DIGEST


def test_required_notices_are_deadlines_of_ones_duties_and_decisions_on_ones_proposals():
    for kind in (
        NotificationKind.REMINDER_CALL_CLOSING_DRAFT,
        NotificationKind.SCREENING_OUTCOME_SELECTED,
        NotificationKind.SCREENING_OUTCOME_NOT_SELECTED,
        NotificationKind.REMINDER_SCREENING_DUE,
        NotificationKind.ROUTING_ANSWER_DUE,
        NotificationKind.REMINDER_LAB_REPORT_DUE,
    ):
        assert rule_for(kind).allowed == (Delivery.IMMEDIATE, Delivery.DIGEST), kind
    assert rule_for(FIXED).allowed == (Delivery.IMMEDIATE,)
    assert rule_for(OPTIONAL).allowed == tuple(Delivery)


# --- The service ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_required_notice_cannot_be_set_to_the_portal_only(staff):
    with pytest.raises(ValidationError) as refused:
        preferences_save(user=staff, choices={OPTIONAL: Delivery.PORTAL, REQUIRED: Delivery.PORTAL})
    assert set(refused.value.error_dict) == {REQUIRED}
    assert not NotificationPreference.objects.exists()  # nothing written, not even the valid one


@pytest.mark.django_db
@pytest.mark.parametrize("delivery", [Delivery.DIGEST, Delivery.PORTAL])
def test_security_mail_cannot_be_changed_at_all(staff, delivery):
    with pytest.raises(ValidationError):
        preferences_save(user=staff, choices={FIXED: delivery})
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "choices", [{"no_such_kind": Delivery.DIGEST}, {OPTIONAL: "weekly"}, {OPTIONAL: ""}]
)
def test_an_unknown_kind_or_choice_is_refused(staff, choices):
    with pytest.raises(ValidationError):
        preferences_save(user=staff, choices=choices)
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_only_choices_other_than_the_default_are_stored(staff):
    changed = preferences_save(
        user=staff,
        choices={OPTIONAL: Delivery.PORTAL, REQUIRED: Delivery.DIGEST, FIXED: Delivery.IMMEDIATE},
    )
    assert sorted(changed) == sorted([OPTIONAL, REQUIRED])
    stored = dict(NotificationPreference.objects.values_list("kind", "delivery"))
    assert stored == {OPTIONAL: Delivery.PORTAL, REQUIRED: Delivery.DIGEST}

    assert preferences_save(user=staff, choices={OPTIONAL: Delivery.PORTAL}) == []
    assert preferences_save(user=staff, choices={OPTIONAL: Delivery.IMMEDIATE}) == [OPTIONAL]
    assert dict(NotificationPreference.objects.values_list("kind", "delivery")) == {
        REQUIRED: Delivery.DIGEST
    }


@pytest.mark.django_db
def test_waiting_notices_follow_a_changed_choice(
    test_kind, staff, django_capture_on_commit_callbacks, mailoutbox
):
    prefer(staff, KIND, Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        send([staff])
    row = Notification.objects.get(recipient=staff)
    assert row.email_status == EmailStatus.DIGEST and mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        preferences_save(user=staff, choices={KIND: Delivery.IMMEDIATE})
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT and len(mailoutbox) == 1


@pytest.mark.django_db
def test_waiting_notices_switched_to_the_portal_are_not_emailed(test_kind, staff):
    prefer(staff, KIND, Delivery.DIGEST)
    send([staff])
    preferences_save(user=staff, choices={KIND: Delivery.PORTAL})
    assert Notification.objects.get(recipient=staff).email_status == EmailStatus.PORTAL_ONLY


# --- notify ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_notify_honours_each_choice(test_kind, django_capture_on_commit_callbacks, mailoutbox):
    at_once, digest, portal = UserFactory(), UserFactory(), UserFactory()
    no_address = UserFactory(email="")
    prefer(digest, KIND, Delivery.DIGEST)
    prefer(portal, KIND, Delivery.PORTAL)
    prefer(no_address, KIND, Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        send([at_once, digest, portal, no_address])
    statuses = dict(Notification.objects.values_list("recipient_id", "email_status"))
    assert statuses == {
        at_once.pk: EmailStatus.SENT,
        digest.pk: EmailStatus.DIGEST,
        portal.pk: EmailStatus.PORTAL_ONLY,
        no_address.pk: EmailStatus.SKIPPED,
    }
    assert [m.to for m in mailoutbox] == [[at_once.email]]
    # Every one of them has the notice in the portal, unread.
    assert Notification.objects.filter(read_at__isnull=True).count() == 4


@pytest.mark.django_db
def test_a_choice_the_rule_no_longer_allows_is_read_as_the_closest_allowed(staff, other_staff):
    """A row written before a kind became required (or by hand) cannot silence it."""
    prefer(staff, REQUIRED, Delivery.PORTAL)
    prefer(other_staff, FIXED, Delivery.DIGEST)
    assert deliveries_for(REQUIRED, [staff.pk]) == {staff.pk: Delivery.DIGEST}
    assert deliveries_for(FIXED, [other_staff.pk]) == {other_staff.pk: Delivery.IMMEDIATE}


@pytest.mark.django_db
def test_notify_runs_the_same_queries_for_1_and_50_recipients_with_preferences(
    test_kind, django_capture_on_commit_callbacks
):
    call = CallFactory()

    def run(n):
        people = UserFactory.create_batch(n)
        NotificationPreference.objects.bulk_create(
            NotificationPreference(user=u, kind=KIND, delivery=Delivery.DIGEST) for u in people
        )
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=False),
        ):
            send(people, about=call)
        return len(queries.captured_queries)

    one, fifty = run(1), run(50)
    assert fifty == one
    assert Notification.objects.filter(email_status=EmailStatus.DIGEST).count() == 51


# --- The page -------------------------------------------------------------------------------

URL = reverse("notifications:preferences")


@pytest.mark.django_db
def test_the_page_lists_kinds_in_groups_in_words(staff_client):
    with translation.override("en"):
        html = staff_client.get(URL).content.decode()
        text = visible_text(html)
        for group, _kinds in kinds.listed_kinds():
            assert str(group.label) in text
        assert str(notification_kind_label(REQUIRED)) in text
        assert str(Delivery.DIGEST.label) in text
        assert gettext("always emailed at once") in text
    assert raw_codes(html, NotificationKind.values) == []
    assert 'value="portal"' in html  # offered for an optional kind…
    assert f'name="{REQUIRED}" value="portal"' not in html  # …not for a required one
    assert f'name="{FIXED}"' not in html


@pytest.mark.django_db
def test_choosing_the_digest_saves_it_with_a_message(staff, staff_client):
    data = dict.fromkeys(_fields(staff_client), Delivery.IMMEDIATE)
    data[REQUIRED] = Delivery.DIGEST
    with translation.override("en"):
        response = staff_client.post(URL, data, follow=True)
        assert gettext("Your notification settings have been saved: %(count)s kind changed.") % {
            "count": 1
        } in visible_text(response.content.decode())
    assert response.redirect_chain == [(URL, 302)]
    assert dict(NotificationPreference.objects.values_list("kind", "delivery")) == {
        REQUIRED: Delivery.DIGEST
    }
    assert checked(response.content.decode(), REQUIRED) == Delivery.DIGEST


@pytest.mark.django_db
def test_a_refused_choice_shows_a_translated_error_and_keeps_the_others(staff_client):
    data = dict.fromkeys(_fields(staff_client), Delivery.IMMEDIATE)
    data[OPTIONAL] = Delivery.PORTAL
    data[REQUIRED] = Delivery.PORTAL  # not offered: a forged or stale form
    with translation.override("ko"):
        response = staff_client.post(URL, data)
        html = response.content.decode()
        assert response.status_code == 200
        assert gettext("Choose one of the options shown.") in html
    assert checked(html, OPTIONAL) == Delivery.PORTAL
    assert raw_codes(html, [REQUIRED]) == []  # the error names no code
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_the_service_refusal_reaches_the_page(staff_client, monkeypatch):
    """A rule tightened between showing and saving the form: the service still refuses."""
    data = dict.fromkeys(_fields(staff_client), Delivery.IMMEDIATE)
    data[OPTIONAL] = Delivery.PORTAL
    monkeypatch.setattr(
        "notifications.preferences.rule_for",
        lambda kind: KindRule(Group.CALLS, Rule.REQUIRED) if kind == OPTIONAL else rule_for(kind),
    )
    with translation.override("en"):
        response = staff_client.post(URL, data)
        assert (
            gettext(
                "This notice is required: it can be emailed at once or in the daily digest, "
                "but not switched off."
            )
            in response.content.decode()
        )
    assert not NotificationPreference.objects.exists()


@pytest.mark.django_db
def test_the_page_runs_the_same_queries_for_few_and_many_kinds(staff, staff_client, monkeypatch):
    staff_client.get(URL)  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(URL).status_code == 200
    many = {f"idea_test_{i}": KindRule(Group.IDEAS, Rule.CHOICE) for i in range(40)}
    for kind in many:
        monkeypatch.setitem(kinds.KINDS, kind, many[kind])
    NotificationPreference.objects.bulk_create(
        NotificationPreference(user=staff, kind=kind, delivery=Delivery.DIGEST) for kind in many
    )
    with CaptureQueriesContext(connection) as lots:
        html = staff_client.get(URL).content.decode()
    assert all(checked(html, kind) == Delivery.DIGEST for kind in many)
    assert len(lots.captured_queries) == len(few.captured_queries)


def checked(html: str, kind: str) -> str | None:
    """The value of the radio of ``kind`` that is checked."""
    match = re.search(rf'name="{kind}" value="(\w+)"[^>]*\bchecked\b', html)
    return match and match.group(1)


def _fields(client) -> list[str]:
    form = client.get(URL).context["form"]
    return list(form.fields)


# --- Personal data --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_choices_are_a_section_of_my_data(staff, other_staff):
    prefer(staff, REQUIRED, Delivery.DIGEST)
    prefer(other_staff, OPTIONAL, Delivery.PORTAL)
    section = next(s for s in personal_data_sections() if s.slug == "notification_preferences")
    [row] = section.func(staff)
    assert row["kind"] == REQUIRED and row["delivery"] == Delivery.DIGEST
    assert row["kind_label"] == str(notification_kind_label(REQUIRED))
