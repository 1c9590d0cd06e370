"""The timeline's access check, which asks for the membership once, and its paging."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from labs import services
from tests.factories import UserFactory
from tests.factories.labs import running_lab

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab_and_member(innovation_unit):
    member = UserFactory()
    return running_lab(member, UserFactory(), iu=innovation_unit), member


def test_the_page_asks_for_the_membership_once(client, lab_and_member):
    """The access check and the page's own rights (write, comment) share one membership query."""
    lab, member = lab_and_member
    client.force_login(member)
    url = reverse("labs:timeline", kwargs={"pk": lab.pk})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.context["can_write"] and response.context["can_comment"]
    asked = [q["sql"] for q in queries.captured_queries if 'FROM "labs_membership"' in q["sql"]]
    assert len(asked) == 1


def test_an_unknown_lab_is_404(client, lab_and_member):
    _lab, member = lab_and_member
    client.force_login(member)
    assert client.get(reverse("labs:timeline", kwargs={"pk": 999999})).status_code == 404


def test_later_pages_read_only_the_date_above_them(client, lab_and_member):
    """Page 2 needs the date of page 1's last entry: one narrow query, not the entry with its
    files and comments."""
    lab, member = lab_and_member
    today = timezone.localdate()
    for i in range(25):
        entry = services.log_entry_create(lab=lab, by=member, entry_date=today - timedelta(days=i), did=f"활동 {i}")
        services.log_comment_add(entry=entry, by=member, body="메모")
    client.force_login(member)
    url = reverse("labs:timeline", kwargs={"pk": lab.pk})
    client.get(url)  # warm the per-process caches (content types)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url, {"page": 2})
    assert len(second.captured_queries) == len(first.captured_queries) + 1
    assert [item.entry.did for item in response.context["items"]] == [f"활동 {i}" for i in range(20, 25)]


def test_each_entry_names_its_author_escaped(client, lab_and_member):
    lab, member = lab_and_member
    member.full_name = "<b>김&이</b>"
    member.save(update_fields=["full_name"])
    services.log_entry_create(lab=lab, by=member, entry_date=timezone.localdate(), did="활동")
    client.force_login(member)
    html = client.get(reverse("labs:timeline", kwargs={"pk": lab.pk})).content.decode()
    assert "&lt;b&gt;김&amp;이&lt;/b&gt;" in html and "<b>김&이</b>" not in html
