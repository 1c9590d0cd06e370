"""The page header's per-person state is cached, and every change to it shows on the next page.

The test settings switch this cache off (HEADER_CACHE_SECONDS = 0) so query counts elsewhere do
not depend on it; here it is on.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import Role
from accounts.services import user_grant_role
from notifications.services import notifications_mark_read, notify
from screening.services import board_member_add, board_member_remove
from tests.factories import CallFactory, UserFactory, innovation_unit_user

pytestmark = pytest.mark.django_db

# A page whose own content asks nothing about the person (the home page shows their work).
HOME = "/calls/"


@pytest.fixture(autouse=True)
def header_cache(settings):
    settings.HEADER_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _badge(client) -> str:
    html = client.get(HOME).content.decode()
    start = html.find("portal-notifications")
    return html[start : html.find("</a>", start)]


def _notify(user, n):
    call = CallFactory()
    notify(
        kind="call_deadline_extended",
        recipients=[user],
        about=call,
        occasion=str(n),
        context={"call": call, "old_closes_at": call.closes_at},
        url=call.get_absolute_url(),
    )


def test_a_warm_header_costs_no_queries(client, staff):
    client.force_login(staff)
    client.get(HOME)
    with CaptureQueriesContext(connection) as warm:
        client.get(HOME)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get(HOME)
    assert len(cold) - len(warm) == 3  # unread count, groups, board seats
    assert not any("notifications_notification" in q["sql"] for q in warm.captured_queries)


def test_unread_count_follows_new_and_read_notifications(client, staff):
    client.force_login(staff)
    assert "portal-count" not in _badge(client)
    _notify(staff, 1)
    assert ">1<" in _badge(client)
    _notify(staff, 2)
    assert ">2<" in _badge(client)
    notifications_mark_read(user=staff)
    assert "portal-count" not in _badge(client)


def test_someone_elses_notification_does_not_touch_my_header(client, staff, other_staff):
    client.force_login(staff)
    _badge(client)
    before = type(staff).objects.get(pk=staff.pk).header_changed_at
    _notify(other_staff, 1)
    assert type(staff).objects.get(pk=staff.pk).header_changed_at == before
    assert "portal-count" not in _badge(client)


def test_menu_follows_a_role_granted_and_taken_away(client, staff):
    client.force_login(staff)
    outbox = reverse("notifications:outbox")
    assert outbox not in client.get(HOME).content.decode()
    user_grant_role(user=staff, role=Role.INNOVATION_UNIT)
    assert outbox in client.get(HOME).content.decode()
    staff.groups.clear()
    assert outbox not in client.get(HOME).content.decode()


def test_menu_follows_a_board_seat(client, staff, innovation_unit):
    call = CallFactory()
    screening_list = reverse("screening:screening-list")
    client.force_login(staff)
    assert screening_list not in client.get(HOME).content.decode()
    board_member_add(call=call, user=staff, by=innovation_unit)
    assert screening_list in client.get(HOME).content.decode()
    board_member_remove(call=call, user=staff, by=innovation_unit)
    assert screening_list not in client.get(HOME).content.decode()


def test_one_persons_menu_never_shows_on_anothers_page(client):
    unit, plain = innovation_unit_user(), UserFactory()
    outbox = reverse("notifications:outbox")
    client.force_login(unit)
    assert outbox in client.get(HOME).content.decode()
    client.force_login(plain)
    page = client.get(HOME).content.decode()
    assert outbox not in page
    assert unit.full_name not in page
    client.logout()
    assert reverse("proposals:my-proposals") not in client.get(HOME).content.decode()


def test_current_menu_item_is_marked_and_other_pages_mark_none(client, staff):
    client.force_login(staff)
    calls = reverse("proposals:call-list")
    page = client.get(calls).content.decode()
    assert f'href="{calls}" aria-current="page"' in page
    assert 'aria-current="page"' not in client.get(reverse("notifications:list")).content.decode()


def test_the_unit_header_asks_for_no_board_seats(client, innovation_unit):
    """The innovation unit sees the screening menu by its role: its header skips the seat query."""
    client.force_login(innovation_unit)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        page = client.get(HOME).content.decode()
    assert reverse("screening:screening-list") in page
    assert not any("calluserobjectpermission" in q["sql"] for q in cold.captured_queries)
