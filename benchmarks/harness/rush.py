"""The deadline rush and the reminder dispatch (run once, at 10,000 proposals, against the
portal's gunicorn), unchanged in substance from the earlier harness:

- the rush: 500 proposers submit their drafts at once (50 concurrent clients, real HTTP POSTs
  with session and CSRF); every submission must be stored with a distinct reference and no
  response may be a 5xx. Afterwards the drafts are put back (status, reference, submitted_at),
  so the seeded database serves the next run as well;
- the dispatch: 10,000 due reminders in the outbox delivered by 2 processes running the
  outbox's batch delivery to a local aiosmtpd sink, each exactly once.

    python -m benchmarks.harness.rush BASE_URL OUT.json     (DATABASE_URL: the 10,000 database)
"""

import email
import email.header
import json
import multiprocessing
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from benchmarks.harness.servers import free_port

RUSH_SUBMISSIONS, RUSH_CLIENTS, RUSH_LIMIT_S = 500, 50, 60
REMINDERS, REMINDER_LIMIT_S, DELIVERY_PROCESSES = 10_000, 60, 2
REMINDER_SUBJECT = "[G-랩] 마감 알림"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def _session(user) -> str:
    from django.conf import settings

    from benchmarks.harness.targets import sessions

    return f"{settings.SESSION_COOKIE_NAME}={sessions({user.pk})[user.pk]}"


def _submit_all(base: str, jobs: list) -> tuple[list[int], list[float], float]:
    statuses, latencies, lock = [], [], threading.Lock()

    def submit(job):
        pk, cookie, token = job
        request = urllib.request.Request(
            f"{base}/proposals/{pk}/submit/", data=b"", method="POST",
            headers={"Cookie": cookie, "X-CSRFToken": token, "Content-Type": "application/x-www-form-urlencoded"})
        started = time.perf_counter()
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        with lock:
            statuses.append(status)
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.monotonic()
    with ThreadPoolExecutor(RUSH_CLIENTS) as pool:
        list(pool.map(submit, jobs))
    return statuses, sorted(latencies), time.monotonic() - started


def deadline_rush(base: str) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from proposals.enums import ProposalStatus
    from proposals.models import Call, Proposal

    now = timezone.now()
    open_call = Call.objects.filter(stored_phase="", opens_at__lte=now, closes_at__gt=now).order_by("-opens_at").first()
    drafts = list(Proposal.objects.filter(call=open_call, status=ProposalStatus.DRAFT)
                  .select_related("proposer").order_by("pk")[:RUSH_SUBMISSIONS])
    if len(drafts) < RUSH_SUBMISSIONS:
        return {"ok": False, "note": "the open call has no drafts left: re-seed (dropdb glab_bench_10k)"}
    jobs = []
    for draft in drafts:
        token = secrets.token_hex(16)
        jobs.append((draft.pk, f"{_session(draft.proposer)}; {settings.CSRF_COOKIE_NAME}={token}", token))
    statuses, latencies, elapsed = _submit_all(base, jobs)
    pks = [d.pk for d in drafts]
    references = list(Proposal.objects.filter(pk__in=pks, status=ProposalStatus.SUBMITTED).values_list("reference", flat=True))
    Proposal.objects.filter(pk__in=pks).update(status=ProposalStatus.DRAFT, reference="", submitted_at=None)
    return {
        "submissions": RUSH_SUBMISSIONS, "clients": RUSH_CLIENTS, "seconds": round(elapsed, 2),
        "stored": len(references), "distinct_references": len(set(references)),
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "server_errors": sum(1 for s in statuses if s >= 500),
        "p50_ms": round(latencies[len(latencies) // 2], 1), "p95_ms": round(latencies[int(len(latencies) * 0.95)], 1),
        "ok": elapsed <= RUSH_LIMIT_S and len(references) == RUSH_SUBMISSIONS == len(set(references))
        and not any(s >= 500 for s in statuses),
    }


def _deliver_until_empty(port: int) -> None:
    """One delivery process: the outbox's batch delivery until nothing is claimable."""
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    from notifications.services import notifications_deliver_batch

    while notifications_deliver_batch().sent:
        pass


class Sink:
    """Keeps each message's bytes; parsed after the clock stops."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 OK"

    def subjects(self) -> list[str]:  # a method: aiosmtpd inspects its handler's attributes
        return [str(email.header.make_header(email.header.decode_header(email.message_from_bytes(m)["Subject"] or "")))
                for m in self.messages]


def _queue_reminders() -> None:
    from accounts.models import User
    from notifications.models import Notification
    from proposals.models import Call

    Notification.objects.filter(kind="bench_reminder").delete()
    users = list(User.objects.filter(username__startswith="b0").order_by("pk")[:2000])
    call = Call.objects.get(code="B000")
    Notification.objects.bulk_create(
        [Notification(recipient=users[i % len(users)], kind="bench_reminder", key=f"bench-reminder:{i}",
                      subject=f"{REMINDER_SUBJECT} {i}", body_text="공모 마감이 다가옵니다.", about_type="proposals.call",
                      about_id=call.pk, occasion=f"bench-{i}") for i in range(REMINDERS)], batch_size=5000)


def reminder_dispatch() -> dict:
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.db import connection

    from notifications.enums import EmailStatus
    from notifications.models import Notification

    _queue_reminders()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    connection.close()
    started = time.monotonic()
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_deliver_until_empty, args=(controller.port,)) for _ in range(DELIVERY_PROCESSES)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    elapsed = time.monotonic() - started
    controller.stop()
    rows = Notification.objects.filter(kind="bench_reminder")
    subjects = sink.subjects()
    reminders = [s for s in subjects if s.startswith(REMINDER_SUBJECT)]
    result = {
        "reminders": REMINDERS, "delivery_processes": DELIVERY_PROCESSES, "seconds": round(elapsed, 2),
        "emails_received": len(reminders), "distinct_emails": len(set(reminders)),
        "other_emails_delivered": len(subjects) - len(reminders),
        "rows_sent": rows.filter(email_status=EmailStatus.SENT).count(),
        "rows_attempted_more_than_once": rows.filter(attempts__gt=1).count(),
        "batch_size": settings.NOTIFICATION_BATCH_SIZE,
    }
    result["ok"] = (elapsed <= REMINDER_LIMIT_S and result["emails_received"] == result["distinct_emails"]
                    == result["rows_sent"] == REMINDERS)
    return result


def main(base: str, out: str) -> None:
    import django

    django.setup()
    rush = deadline_rush(base)
    print(f"  deadline rush: {rush}", flush=True)
    reminders = reminder_dispatch()
    print(f"  reminder dispatch: {reminders}", flush=True)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"deadline_rush": rush, "reminder_dispatch": reminders}, handle, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
