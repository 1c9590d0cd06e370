"""Leaving a lab cannot be undone: a POST without the confirm step writes nothing and says what
leaving does; the confirm step leaves; someone who is not a member gets no confirmation page."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from labs import permissions
from tests.db import row_counts
from tests.factories import UserFactory
from tests.factories.labs import running_lab

pytestmark = pytest.mark.django_db

STATEMENT = (
    "You will leave %(lab)s. Your rights in the lab and your release from routine "
    "duties end at once, and this cannot be undone."
)


def test_leave_without_confirm_writes_nothing_and_states_what_happens(client):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b)
    client.force_login(a)
    url = reverse("labs:membership-leave", args=[lab.pk])
    before = row_counts()

    response = client.post(url)

    assert response.status_code == 200
    assert row_counts() == before
    with translation.override("ko"):
        statement = translation.gettext(STATEMENT) % {"lab": lab.name}
    page = response.content.decode()
    assert escape(statement) in page
    assert 'name="confirm" value="1"' in page and f'action="{url}"' in page
    assert permissions.is_member(a, lab)


def test_leave_with_confirm_leaves(client):
    a, b = UserFactory(), UserFactory()
    lab = running_lab(a, b)
    client.force_login(a)

    response = client.post(reverse("labs:membership-leave", args=[lab.pk]), {"confirm": "1"})

    assert response.status_code == 302
    assert not permissions.is_member(a, lab)


def test_no_confirmation_page_for_someone_who_is_not_a_member(client):
    lab = running_lab()
    client.force_login(UserFactory())
    before = row_counts()
    assert client.post(reverse("labs:membership-leave", args=[lab.pk])).status_code == 403
    assert row_counts() == before
