# ruff: noqa: S310  (requests go to the drill's own 127.0.0.1 server)
"""Fault drills (see conftest.py): PostgreSQL restarted, a worker killed mid-delivery, Redis
down, two beats. Each breaks one thing for real and checks what people and the outbox see."""

import time
import urllib.error
import urllib.request

from .conftest import Portal, wait_until

SETUP_STAFF = """
from datetime import timedelta
from django.conf import settings
from django.test import Client
from django.utils import timezone
from accounts.models import Department, User
dept, _ = Department.objects.get_or_create(code="DRILL", defaults={"name": "훈련과"})
def person(name):
    user = User.objects.create_user(username=name, full_name=name, email=f"{name}@drill.go.kr",
                                    password="drill-pass", department=dept)
    client = Client()
    client.force_login(user)
    return user, settings.SESSION_COOKIE_NAME + "=" + client.cookies[settings.SESSION_COOKIE_NAME].value
"""


def http(method: str, url: str, cookie: str, csrf: str = "drillcsrftoken0123456789abcdefgh") -> int:
    request = urllib.request.Request(
        url, method=method, data=b"" if method == "POST" else None,
        headers={"Cookie": f"{cookie}; csrftoken={csrf}", "X-CSRFToken": csrf},
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def outbox(portal: Portal, kind: str = "") -> list[dict]:
    return portal.snippet(f"""
        from notifications.models import Notification
        rows = Notification.objects.filter(kind__startswith={kind!r}).order_by("id")
        result = list(rows.values("id", "kind", "email_status", "attempts", "recipient__email"))
    """)


def test_requests_after_a_postgresql_restart_succeed(pg, portal):
    cookie = portal.snippet(SETUP_STAFF + "result = person('pgrestart')[1]")
    base = portal.web()
    assert [http("GET", base + "/proposals/mine/", cookie) for _ in range(5)] == [200] * 5
    pg.restart()  # every connection the web worker holds is now dead
    assert [http("GET", base + "/proposals/mine/", cookie) for _ in range(10)] == [200] * 10


def test_a_worker_killed_mid_delivery_still_delivers_once(portal, redis_server, sink):
    redis_server.start()
    portal.snippet(SETUP_STAFF + """
from django.db import transaction
from notifications.services import notify
from proposals.models import Call
user, _cookie = person("killed")
call = Call.objects.create(title="훈련 공모", code="DRILL-K", description="-", created_by=user,
                           opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(days=5))
with transaction.atomic():
    notify(kind="proposal_submitted", recipients=[user], about=call, context={"proposal": call, "call": call})
""")
    sink.hang_next = True
    first = portal.worker("worker-1")
    wait_until(lambda: sink.started, 60, message="the worker to start sending")
    Portal.kill(first)  # SIGKILL to the worker's whole process group, mid-SMTP-transaction
    [row] = outbox(portal)
    assert row["email_status"] == "sending" and sink.received == []

    portal.worker("worker-2")
    time.sleep(7)  # the lease (DRILL_LEASE, 6 s) runs out
    portal.snippet("from notifications.services import reminders_dispatch; result = reminders_dispatch().requeued")
    wait_until(lambda: sink.received, 60, message="the re-queued delivery")
    time.sleep(3)
    assert sink.recipients() == ["killed@drill.go.kr"]
    [row] = outbox(portal)
    assert row["email_status"] == "sent" and row["attempts"] == 2


def test_with_redis_down_user_actions_succeed_and_notices_go_out_later(portal, redis_server, sink):
    # Redis is not started: the broker is unreachable for the web process.
    ids = portal.snippet(SETUP_STAFF + """
from proposals.models import Call, Proposal
user, cookie = person("noredis")
call = Call.objects.create(title="훈련 공모", code="DRILL-R", description="-", created_by=user,
                           opens_at=timezone.now() - timedelta(days=1), closes_at=timezone.now() + timedelta(days=5))
proposal = Proposal.objects.create(call=call, proposer=user, title="레디스 없이 제출", problem="문제", idea="아이디어",
                                   effect="효과", owning_department=dept)
result = [proposal.pk, cookie]
""")
    pk, cookie = ids
    base = portal.web()
    started = time.monotonic()
    assert http("POST", f"{base}/proposals/{pk}/submit/", cookie) == 302
    assert time.monotonic() - started < 10  # the broker timeout is short; nobody waits on Redis
    status = portal.snippet(f"from proposals.models import Proposal; result = Proposal.objects.get(pk={pk}).status")
    assert status == "submitted"
    [row] = outbox(portal, "proposal_submitted")
    assert row["email_status"] == "pending" and sink.received == []

    redis_server.start()
    portal.worker()
    portal.snippet("from notifications.services import reminders_dispatch; result = reminders_dispatch().requeued")
    wait_until(lambda: sink.received, 60, message="the receipt after Redis came back")
    time.sleep(2)
    assert sink.recipients() == ["noredis@drill.go.kr"]
    assert outbox(portal, "proposal_submitted")[0]["email_status"] == "sent"


def test_two_beats_send_each_reminder_once(portal, redis_server, sink):
    redis_server.start()
    portal.snippet(SETUP_STAFF + """
from proposals.models import Call
people = [person(f"beat{n}")[0] for n in range(3)]
Call.objects.create(title="방금 열린 공모", code="DRILL-B", description="-", created_by=people[0],
                    opens_at=timezone.now() - timedelta(hours=1), closes_at=timezone.now() + timedelta(days=5))
""")
    portal.worker()
    portal.beat("beat-1")
    portal.beat("beat-2")  # the mistake the deployment notes warn about
    wait_until(lambda: len(sink.received) >= 3, 90, message="the call-opened reminders")
    time.sleep(6)  # several more dispatcher runs from both beats
    assert sorted(sink.recipients()) == [f"beat{n}@drill.go.kr" for n in range(3)]
    rows = outbox(portal, "reminder_call_opened")
    assert len(rows) == 3 and {r["email_status"] for r in rows} == {"sent"}
