"""A person's "my data": the page and the download hold their data, every registered section,
and nobody else's; a board member's reviews name no proposer; the queries do not grow with the
rows; the download is logged with the person as subject."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core import personal_data
from core.personal_data import personal_data_sections, register_personal_data
from notifications.models import Notification
from notifications.services import notify
from privacy.models import PersonalDataAccess
from tests.factories import UserFactory

from .world import fill

pytestmark = pytest.mark.django_db

# The sections this part of issue 20 registers; ``fill`` writes a row in each.
SECTIONS = (
    "profile",
    "proposals",
    "proposal_attachments",
    "call_questions",
    "board_seats",
    "board_assignments",
    "reviews",
    "conflicts_declared",
    "outside_evaluator",
    "department_answers",
    "effect_reviews",
    "lab_memberships",
    "lab_log_entries",
    "lab_comments",
    "lab_decisions",
    "lab_signoffs",
    "lab_files",
    "notifications",
    "hr_imports",
    "privacy_consents",
    "access_log_about_you",
    "access_log_by_you",
    "correction_requests",
)


def download(client, user) -> tuple[dict, bytes]:
    client.force_login(user)
    response = client.get(reverse("privacy:my-data-download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="glab-my-data-')
    return json.loads(response.content.decode("utf-8")), response.content


@pytest.fixture
def two_people():
    a = UserFactory(full_name="가나다")
    b = UserFactory(full_name="라마바")
    others_a = fill(a, marker="AAA")
    others_b = fill(b, marker="BBB")
    return a, b, others_a, others_b


def test_the_file_holds_every_section_of_the_persons_data_and_nothing_of_anyone_else(
    client, two_people
):
    a, b, others_a, others_b = two_people
    document, raw = download(client, a)
    text = raw.decode("utf-8")
    counts = {section["section"]: section["count"] for section in document["sections"]}
    assert [s["section"] for s in document["sections"]] == [
        s.slug for s in personal_data_sections()
    ]
    assert all(counts[slug] >= 1 for slug in SECTIONS), {slug: counts[slug] for slug in SECTIONS}
    assert document["employee_number"] == a.username
    assert "AAA" in text and a.full_name in text
    assert "BBB" not in text
    for other in [b, *others_a.values(), *others_b.values()]:
        assert other.full_name not in text, other.full_name
        assert f'"{other.username}"' not in text, other.username
    # Unicode as itself (UTF-8), dates as ISO 8601 with the Korean offset.
    assert "\\u" not in text
    assert document["generated_at"].endswith("+09:00")


def test_a_board_members_reviews_name_no_proposer(client, two_people):
    a, _b, others_a, _others_b = two_people
    document, _raw = download(client, a)
    board = [
        s
        for s in document["sections"]
        if s["section"] in ("reviews", "board_assignments", "conflicts_declared")
    ]
    rows = json.dumps([s["rows"] for s in board], ensure_ascii=False)
    proposer = others_a["proposer0"]
    assert "AAA 심사 대상 0" in rows and '"AAA 혁신성": 4' in rows and "AAA 심사 의견 0" in rows
    assert proposer.full_name not in rows and proposer.username not in rows
    assert not any(key in rows for key in ('"proposer', '"department"'))


def test_the_download_is_logged_with_the_person_as_subject(client):
    person = UserFactory()
    download(client, person)
    entry = PersonalDataAccess.objects.get(what="privacy:my-data-download")
    assert (entry.user_id, entry.object_type, entry.object_id) == (
        person.pk,
        "accounts.user",
        person.pk,
    )
    document, _raw = download(client, person)
    about = next(s for s in document["sections"] if s["section"] == "access_log_about_you")
    assert [row["what"] for row in about["rows"]] == ["privacy:my-data-download"]


def _queries(client, user, url) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["privacy:my-data-download", "privacy:my-data"])
def test_queries_do_not_grow_with_the_rows(client, url_name):
    few, many = UserFactory(), UserFactory()
    fill(few, marker="FEW", n=1)
    fill(many, marker="MANY", n=4)
    url = reverse(url_name)
    _queries(client, few, url)  # warm up (content types, permissions caches)
    assert _queries(client, few, url) == _queries(client, many, url)


def test_the_page_shows_every_registered_section_with_its_count(client):
    person = UserFactory()
    fill(person, marker="PAGE", n=2)
    client.force_login(person)
    html = client.get(reverse("privacy:my-data")).content.decode()
    with translation.override("ko"):
        titles = {s.slug: str(s.title) for s in personal_data_sections()}
    # Sections holding something are rows with their count; the rest are named in one line.
    for slug, title in titles.items():
        if slug in SECTIONS:
            assert f'<th scope="row">{title}</th>' in html, title
        else:
            assert title in html and f'<th scope="row">{title}</th>' not in html, title
    assert reverse("privacy:my-data-download") in html


def test_a_section_registered_by_another_app_appears_on_the_page_and_in_the_file(client):
    person = UserFactory()
    register_personal_data(
        order=999, slug="test_extra", title="시험 항목", func=lambda user: [{"n": 1}, {"n": 2}]
    )
    try:
        client.force_login(person)
        assert "시험 항목" in client.get(reverse("privacy:my-data")).content.decode()
        document, _raw = download(client, person)
        extra = document["sections"][-1]
        assert (extra["section"], extra["title"], extra["count"], extra["rows"]) == (
            "test_extra",
            "시험 항목",
            2,
            [{"n": 1}, {"n": 2}],
        )
    finally:
        personal_data._sections.pop("test_extra")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("privacy:my-data", "privacy:my-data-download"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_notification_naming_a_colleague_does_not_put_the_name_in_the_file(client):
    """Emails name other people (the colleague who invited one to co-propose, a lab member
    released from duties): the file lists a notification's kind, link and dates, not its text."""
    invitee, inviter = UserFactory(), UserFactory(full_name="초대한동료")
    notify(
        kind="coproposer_invited",
        recipients=[invitee],
        about=None,
        context={"inviter": inviter, "proposal": {"title": "과제"}, "call": {"title": "공모"}},
        url="/proposals/1/",
    )
    assert "초대한동료" in Notification.objects.get(recipient=invitee).body_text  # the email names them
    rows = next(s for s in download(client, invitee)[0]["sections"] if s["section"] == "notifications")["rows"]
    assert rows and rows[0]["link"] == "/proposals/1/"
    assert "초대한동료" not in json.dumps(rows, ensure_ascii=False)
