from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labs import services
from labs.models import LogEntry
from tests.factories import UserFactory
from tests.factories.labs import running_lab

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab_and_member(innovation_unit):
    member = UserFactory()
    return running_lab(member, UserFactory(), iu=innovation_unit), member


def _log(lab, member, n, *, start=0):
    today = timezone.localdate()
    for i in range(start, start + n):
        entry = services.log_entry_create(lab=lab, by=member, entry_date=today - timedelta(days=i), did=f"활동 {i:02d}")
        services.log_comment_add(entry=entry, by=member, body=f"메모 {i:02d}")


def _entries_on(client, lab, page):
    response = client.get(reverse("labs:timeline", kwargs={"pk": lab.pk}), {"page": page})
    assert response.status_code == 200
    return [item.entry.did for item in response.context["items"] if item.entry], response


def test_the_timeline_shows_twenty_entries_a_page_newest_first(client, lab_and_member, innovation_unit):
    lab, member = lab_and_member
    _log(lab, member, 45)
    client.force_login(innovation_unit)
    pages = [_entries_on(client, lab, page) for page in (1, 2, 3)]
    assert [did for did, _ in pages] == [
        [f"활동 {i:02d}" for i in range(0, 20)],
        [f"활동 {i:02d}" for i in range(20, 40)],
        [f"활동 {i:02d}" for i in range(40, 45)],
    ]
    first = pages[0][1].content.decode()
    assert "활동 00" in first and "메모 00" in first and "활동 20" not in first
    assert "?page=2" in first and "?page=3" in first  # pagination links
    assert "경과" in first  # days elapsed / remaining are still shown on every page
    assert client.get(reverse("labs:timeline", kwargs={"pk": lab.pk}), {"page": 4}).status_code == 404


def test_page_one_runs_the_same_queries_with_25_or_45_entries(
    client, lab_and_member, innovation_unit, django_assert_num_queries
):
    lab, member = lab_and_member
    services.milestone_create(lab=lab, by=member, title="중간 점검", target_date=lab.end_date)
    _log(lab, member, 25)
    client.force_login(innovation_unit)
    url = reverse("labs:timeline", kwargs={"pk": lab.pk})
    client.get(url)  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _log(lab, member, 20, start=25)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_each_milestone_shows_once_among_the_entries_of_its_date(client, lab_and_member):
    lab, member = lab_and_member
    _log(lab, member, 45)
    today = timezone.localdate()
    for title, day in [("다가올 단계", lab.end_date), ("스무째 날", today - timedelta(days=20)),
                       ("아주 오래전", today - timedelta(days=400))]:
        services.milestone_create(lab=lab, by=member, title=title, target_date=day)
    client.force_login(member)
    url = reverse("labs:timeline", kwargs={"pk": lab.pk})
    shown = {
        page: [item.milestone.title for item in client.get(url, {"page": page}).context["items"] if item.milestone]
        for page in (1, 2, 3)
    }
    assert shown == {1: ["다가올 단계"], 2: ["스무째 날"], 3: ["아주 오래전"]}
    items = client.get(url, {"page": 2}).context["items"]
    assert items[0].milestone and items[0].milestone.title == "스무째 날"  # above the entries of its day


def test_a_comment_on_an_older_entry_returns_to_its_page(client, lab_and_member, innovation_unit):
    lab, member = lab_and_member
    _log(lab, member, 45)
    oldest = LogEntry.objects.filter(lab=lab).order_by("entry_date").first()
    client.force_login(innovation_unit)
    response = client.post(reverse("labs:entry-comment", kwargs={"pk": lab.pk, "entry_pk": oldest.pk}), {"body": "확인"})
    assert response.status_code == 302
    assert response["Location"] == reverse("labs:timeline", kwargs={"pk": lab.pk}) + f"?page=3#entry-{oldest.pk}"
    assert "확인" in client.get(response["Location"]).content.decode()
