"""The page header's per-person state (unread count, roles, board seats) is read in one fixed
statement on every page (glab_portal.header), never cached: every change shows on the next page,
and the statement answers what the ORM's own definitions answer."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from accounts.permissions import group_names, is_innovation_unit
from accounts.services import user_grant_role
from glab_portal.header import header_state
from notifications.models import Notification
from notifications.services import notifications_mark_read, notify
from screening.permissions import seated_call_ids
from screening.services import board_member_add, board_member_remove
from tests.factories import CallFactory, UserFactory, innovation_unit_user

pytestmark = pytest.mark.django_db

# A page whose own content asks nothing about the person (the home page shows their work).
HOME = "/calls/"


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


def _header_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    return [q["sql"] for q in queries.captured_queries if "'unread'" in q["sql"]]


def test_the_header_costs_one_statement_and_writes_nothing_to_the_cache(client, staff):
    client.force_login(staff)
    client.get(HOME)
    assert len(_header_queries(client)) == 1
    cache.clear()
    client.get(HOME)
    assert not any("header" in key for key in cache._cache)  # the test settings' LocMemCache
    # The roles once (group_names), the unread count and the seats only in the header's statement.
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    sql = [q["sql"] for q in queries.captured_queries]
    assert len([q for q in sql if "auth_group" in q]) == 1
    assert not any("notifications_notification" in q and "'unread'" not in q for q in sql)


@pytest.mark.parametrize("unit,liaison,seated,unread", [
    (False, False, False, 0),
    (True, False, False, 3),
    (False, True, True, 1),
    (True, True, True, 2),
])
def test_the_statement_answers_what_the_orm_answers(unit, liaison, seated, unread, innovation_unit):
    """glab_portal.header and accounts.permissions.group_names read with their own SQL what the
    ORM's relations and screening.permissions define: the same answers for people with and
    without each."""
    person, other = UserFactory(), UserFactory()
    if unit:
        user_grant_role(user=person, role=Role.INNOVATION_UNIT)
    if liaison:
        user_grant_role(user=person, role=Role.DEPARTMENT_LIAISON)
    person.groups.add(Group.objects.create(name="not-a-role"))
    calls = [CallFactory(), CallFactory()]
    if seated:
        for call in calls:
            board_member_add(call=call, user=person, by=innovation_unit)
    board_member_add(call=calls[0], user=other, by=innovation_unit)
    _notify(person, "read")
    notifications_mark_read(user=person)
    for n in range(unread):
        _notify(person, n)
    _notify(other, "other")  # someone else's unread notification

    state = header_state(User.objects.get(pk=person.pk))
    fresh = User.objects.get(pk=person.pk)
    assert state["unread"] == Notification.objects.filter(recipient=fresh, read_at__isnull=True).count() == unread
    held = {role for role, has in ((Role.INNOVATION_UNIT.value, unit), (Role.DEPARTMENT_LIAISON.value, liaison)) if has}
    assert state["groups"] == group_names(fresh) == held
    assert set(fresh.groups.filter(name__in=Role.values).values_list("name", flat=True)) == held
    assert bool(seated_call_ids(fresh)) == seated
    assert state["board"] == (seated and not unit)


def test_the_roles_and_seats_read_by_the_header_serve_the_rest_of_the_request(staff, innovation_unit):
    call = CallFactory()
    board_member_add(call=call, user=staff, by=innovation_unit)
    user = User.objects.get(pk=staff.pk)
    header_state(user)
    with CaptureQueriesContext(connection) as queries:
        assert seated_call_ids(user) == {call.pk}
        assert not is_innovation_unit(user)
    assert len(queries) == 0


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
    _notify(other_staff, 1)
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


def test_the_unit_sees_the_screening_menu_by_its_role(client, innovation_unit):
    client.force_login(innovation_unit)
    assert reverse("screening:screening-list") in client.get(HOME).content.decode()
