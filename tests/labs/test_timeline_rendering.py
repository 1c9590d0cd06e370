"""The timeline's row helpers and its access check, which asks for the membership once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation

from labs import services
from tests.factories import UserFactory
from tests.factories.labs import running_lab

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [("labs:entry-update", "entry_pk"), ("labs:entry-comment", "entry_pk"), ("labs:milestone-toggle", "milestone_pk")],
)
def test_lab_item_url_is_reverse(name, kwarg):
    template = Template(f'{{% load labs_tags %}}{{% lab_item_url "{name}" lab_pk {kwarg}=item_pk %}}')
    for lab_pk, item_pk in [(1, 2), (12, 3456), (987, 987)]:
        html = template.render(Context({"lab_pk": lab_pk, "item_pk": item_pk}))
        assert html == reverse(name, kwargs={"pk": lab_pk, kwarg: item_pk})


def test_lab_item_url_follows_the_script_prefix():
    template = Template('{% load labs_tags %}{% lab_item_url "labs:entry-update" 1 entry_pk=2 %}')
    try:
        set_script_prefix("/portal/")
        assert template.render(Context()) == "/portal/labs/1/log/2/edit/"
    finally:
        set_script_prefix("/")
    assert template.render(Context()) == "/labs/1/log/2/edit/"


def test_entry_byline_is_the_blocktranslate_message_with_the_name_escaped():
    byline = Template("{% load labs_tags %}{{ name|entry_byline }}")
    blocktranslate = Template("{% load i18n %}{% blocktranslate %}entry by {{ name }}{% endblocktranslate %}")
    for language in ("ko", "en"):
        with translation.override(language):
            context = {"name": "<b>김&이</b>"}
            assert byline.render(Context(context)) == blocktranslate.render(Context(context))
    with translation.override("ko"):
        assert "&lt;b&gt;김&amp;이&lt;/b&gt;" in byline.render(Context({"name": "<b>김&이</b>"}))


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
