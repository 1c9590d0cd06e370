"""A call's page shows its facts, description and notices as they are now, the viewer's own
proposals and buttons, in a fixed number of queries however many notices it has."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import Call
from tests.factories import CallFactory, ProposalFactory, innovation_unit_user

pytestmark = pytest.mark.django_db


def page(client, call) -> str:
    response = client.get(call.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries), [q["sql"] for q in queries]


def test_notices_and_edits_show_at_once(staff_client, open_call):
    iu = open_call.created_by
    assert "설명회를 엽니다" not in page(staff_client, open_call)
    services.call_notice_post(call=open_call, by=iu, body="설명회를 엽니다")
    assert "설명회를 엽니다" in page(staff_client, open_call)
    services.call_update(call=open_call, by=iu, description="새로 고친 공모 설명", guidance="작성 요령")
    body = page(staff_client, open_call)
    assert "새로 고친 공모 설명" in body and "작성 요령" in body


def test_the_viewers_own_parts_are_live(client, staff, open_call):
    client.force_login(staff)
    assert "내가 쓴 제안" not in page(client, open_call)
    ProposalFactory(call=open_call, proposer=staff, title="내가 쓴 제안")
    assert "내가 쓴 제안" in page(client, open_call)
    # The phase follows the clock: closing the call takes the "Write a proposal" button away.
    write = reverse("proposals:proposal-create", args=[open_call.pk])
    assert write in page(client, open_call)
    Call.objects.filter(pk=open_call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert write not in page(client, open_call)
    # The unit's buttons are the unit's only.
    client.force_login(innovation_unit_user())
    assert reverse("proposals:call-update", args=[open_call.pk]) in page(client, open_call)


def test_the_call_page_runs_a_fixed_number_of_queries(staff_client, open_call):
    url = open_call.get_absolute_url()
    first, _ = count(staff_client, url)
    for i in range(10):
        services.call_notice_post(call=open_call, by=open_call.created_by, body=f"공지 {i}")
    many, sql = count(staff_client, url)
    assert many == first, "\n".join(sql)


def test_a_notice_deleted_in_the_admin_goes_at_once(staff_client, open_call, admin_client):
    notice = services.call_notice_post(call=open_call, by=open_call.created_by, body="잘못 올린 공지")
    assert "잘못 올린 공지" in page(staff_client, open_call)
    admin_client.post(reverse("admin:proposals_callnotice_delete", args=[notice.pk]), {"post": "yes"})
    assert "잘못 올린 공지" not in page(staff_client, open_call)


def test_every_call_has_its_own_fragments(staff_client):
    one, two = CallFactory(description="첫째 공모 설명"), CallFactory(description="둘째 공모 설명")
    assert "첫째 공모 설명" in page(staff_client, one)
    body = page(staff_client, two)
    assert "둘째 공모 설명" in body and "첫째 공모 설명" not in body
