"""`make bench`: seed PostgreSQL (once), serve with gunicorn, drive the main pages with wrk
interleaved with the floor, count queries per page, run the deadline rush and the reminder
dispatch, print a table and write benchmarks/results/latest.json. By hand only, not in CI.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/glab_bench),
BENCH_SECONDS per wrk run (default 4), BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 4),
BENCH_WORKERS gunicorn workers (default 2).
"""

import email
import email.header
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/glab_bench")
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
RUSH_SUBMISSIONS, RUSH_CLIENTS, RUSH_LIMIT_S = 500, 50, 60
REMINDERS, REMINDER_LIMIT_S, DELIVERY_PROCESSES = 10_000, 60, 2
REMINDER_SUBJECT = "[G-랩] 마감 알림"
DETAIL_BUDGET, LIST_BUDGET = 3.0, 8.0

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database():
    import dj_database_url

    db = dj_database_url.parse(DATABASE_URL)
    args = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    exists = subprocess.run(["psql", *args, "-tAc", "select 1", db["NAME"]], env=env, capture_output=True).returncode == 0
    if not exists:
        subprocess.run(["createdb", *args, db["NAME"]], env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, check=True)


def pages(a) -> list[dict]:
    """(name, kind, url, who): kind is detail or list (budget 3x or 8x the floor's p95), or
    panel: a deferred panel of the proposal page (core.panels), fetched by htmx after the
    page; measured and reported so the page's figure hides nothing, but it is not a page and
    has no budget of its own. ``cold``: the page caches what a repeat view shows, so a first view
    is also timed, in process (``cold_in_process``)."""
    from django.urls import reverse

    c_s, c_d, lab = a["screened_call"], a["decided_call"], a["lab"]
    return [
        {"name": "home", "kind": "list", "url": "/", "who": "staff"},
        {"name": "call list", "kind": "list", "url": reverse("proposals:call-list"), "who": "staff"},
        {"name": "call detail", "kind": "detail", "url": reverse("proposals:call-detail", args=[c_d.pk]), "who": "staff",
         "cold": True},
        {"name": "my proposals", "kind": "list", "url": reverse("proposals:my-proposals"), "who": "staff"},
        {"name": "proposal detail", "kind": "detail", "url": a["proposal"].get_absolute_url(), "who": "staff",
         "cold": True},
        {"name": "  panel: similar proposals", "kind": "panel", "who": "staff",
         "url": reverse("proposals:proposal-panel", kwargs={"pk": a["proposal"].pk, "slug": "similar"}), "htmx": True},
        {"name": "  panel: change history", "kind": "panel", "who": "staff",
         "url": reverse("proposals:proposal-panel", kwargs={"pk": a["proposal"].pk, "slug": "history"}), "htmx": True},
        {"name": "submissions (innovation unit)", "kind": "list",
         "url": reverse("proposals:call-submissions", args=[c_s.pk]), "who": "iu"},
        {"name": "board workspace", "kind": "list", "url": reverse("screening:workspace", args=[c_s.pk]), "who": "board"},
        {"name": "ranking", "kind": "list", "url": reverse("screening:ranking", args=[c_s.pk]), "who": "iu"},
        {"name": "department inbox", "kind": "list", "url": reverse("routing:inbox"), "who": "liaison"},
        {"name": "lab timeline", "kind": "list", "url": reverse("labs:timeline", args=[lab.pk]), "who": "lab_member"},
        {"name": "dashboard", "kind": "list", "url": reverse("insight:dashboard"), "who": "staff"},
        {"name": "unit dashboard", "kind": "list", "url": reverse("insight:unit-dashboard"), "who": "iu"},
        {"name": "outcomes", "kind": "list", "url": reverse("insight:outcomes"), "who": "staff"},
    ]


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def count_queries(page, user) -> tuple[int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    headers = {"HX-Request": "true"} if page.get("htmx") else {}
    client.get(page["url"], headers=headers)  # warm caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page["url"], headers=headers)
    return response.status_code, len(queries)


def cold_in_process(page, user, repeats: int = 40) -> dict:
    """The page with every cache emptied before each request (a first view: header, fragments
    and page body all rendered afresh), against the floor, both in this process with the test
    client (median of ``repeats``). wrk measures repeat views, which the detail pages' caches
    serve; this row says what a first view costs."""
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    client.force_login(user)

    def median_ms(url, clear):
        times = []
        for _ in range(repeats):
            if clear:
                cache.clear()
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    median_ms(page["url"], True)
    floor, cold = median_ms("/__floor__/", False), median_ms(page["url"], True)
    return {"cold_ms_in_process": round(cold, 2), "floor_ms_in_process": round(floor, 2),
            "cold_ratio_in_process": round(cold / floor, 2)}


def wrk(url: str, cookie: str, htmx: bool = False) -> dict:
    env = {**os.environ, "BENCH_COOKIE": cookie, "BENCH_HX": "1" if htmx else ""}
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{SECONDS}s", "--timeout", "10s",
         "-s", str(Path(__file__).with_name("latency.lua")), url],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    data = json.loads(line[len("BENCH "):])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


class Server:
    def __init__(self):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(tempfile.gettempdir()) / "glab-bench-gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "glab_portal.wsgi:application", "--bind",
             f"127.0.0.1:{self.port}", "--workers", str(WORKERS), "--worker-class", "sync",
             "--timeout", "60", "--keep-alive", "5", "--access-logfile", "-", "--log-level", "warning"],
            cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=self.log,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/__floor__/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def measure_pages(server, a) -> list[dict]:
    results = []
    cookies = {who: session_cookie(a[who]) for who in ("staff", "iu", "board", "liaison", "lab_member")}
    floor_url = server.base + "/__floor__/"
    for page in pages(a):
        status, queries = count_queries(page, a[page["who"]])
        floors, runs = [], []
        for _round in range(ROUNDS):
            floors.append(wrk(floor_url, cookies[page["who"]]))
            runs.append(wrk(server.base + page["url"], cookies[page["who"]], htmx=page.get("htmx", False)))
        p50 = statistics.median(r["p50"] for r in runs) / 1000
        p95 = statistics.median(r["p95"] for r in runs) / 1000
        floor_p95 = statistics.median(f["p95"] for f in floors) / 1000
        ratio = p95 / floor_p95 if floor_p95 else float("inf")
        budget = {"detail": DETAIL_BUDGET, "list": LIST_BUDGET}.get(page["kind"])
        row = {
            "page": page["name"], "url": page["url"], "kind": page["kind"], "status": status,
            "p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "rps": round(statistics.median(r["rps"] for r in runs), 1),
            "floor_p95_ms": round(floor_p95, 2), "ratio_p95": round(ratio, 2), "budget": budget,
            "within_budget": None if budget is None else (ratio <= budget and status == 200), "queries": queries,
            "errors": sum(r["errors"] for r in runs),
        }
        if page.get("cold"):
            row.update(cold_in_process(page, a[page["who"]]))
        results.append(row)
        limit = f"budget {budget:g}x" if budget else "no budget"
        print(f"  {row['page']:<32} p50 {row['p50_ms']:>7.2f} ms  p95 {row['p95_ms']:>7.2f} ms  "
              f"{row['rps']:>7.1f} req/s  {row['ratio_p95']:>6.2f}x floor "
              f"({limit})  {queries:>3} queries  "
              f"{'-' if budget is None else 'ok' if row['within_budget'] else 'OVER'}", flush=True)
        if page.get("cold"):
            print(f"  {'  first view (in process)':<32} {row['cold_ms_in_process']:>7.2f} ms, floor "
                  f"{row['floor_ms_in_process']:.2f} ms: {row['cold_ratio_in_process']:.2f}x", flush=True)
    return results


def deadline_rush(server, a) -> dict:
    from django.conf import settings

    from proposals.enums import ProposalStatus
    from proposals.models import Proposal

    drafts = list(Proposal.objects.filter(call=a["open_call"], status=ProposalStatus.DRAFT)
                  .select_related("proposer").order_by("pk")[:RUSH_SUBMISSIONS])
    assert len(drafts) == RUSH_SUBMISSIONS, "re-seed: the open call has no drafts left (dropdb glab_bench)"
    jobs = []
    for draft in drafts:
        token = secrets.token_hex(16)
        cookie = f"{session_cookie(draft.proposer)}; {settings.CSRF_COOKIE_NAME}={token}"
        jobs.append((draft.pk, cookie, token))
    statuses, latencies = [], []
    lock = threading.Lock()

    def submit(job):
        pk, cookie, token = job
        request = urllib.request.Request(
            f"{server.base}/proposals/{pk}/submit/", data=b"", method="POST",
            headers={"Cookie": cookie, "X-CSRFToken": token, "Content-Type": "application/x-www-form-urlencoded"},
        )
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
    elapsed = time.monotonic() - started
    stored = Proposal.objects.filter(pk__in=[d.pk for d in drafts], status=ProposalStatus.SUBMITTED)
    references = list(stored.values_list("reference", flat=True))
    latencies.sort()
    return {
        "submissions": RUSH_SUBMISSIONS, "clients": RUSH_CLIENTS, "seconds": round(elapsed, 2),
        "stored": len(references), "distinct_references": len(set(references)),
        "statuses": {str(s): statuses.count(s) for s in sorted(set(statuses))},
        "server_errors": sum(1 for s in statuses if s >= 500),
        "p50_ms": round(latencies[len(latencies) // 2], 1), "p95_ms": round(latencies[int(len(latencies) * 0.95)], 1),
        "ok": elapsed <= RUSH_LIMIT_S and len(references) == RUSH_SUBMISSIONS == len(set(references))
        and not any(s >= 500 for s in statuses),
    }


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def _deliver_until_empty(port: int) -> None:
    """One delivery process: the outbox's batch delivery, batch after batch, until nothing is
    claimable (what a Celery worker does, minus the broker)."""
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    from notifications.services import notifications_deliver_batch

    while notifications_deliver_batch().sent:
        pass


def reminder_dispatch() -> dict:
    import multiprocessing

    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from notifications.enums import EmailStatus
    from notifications.models import Notification
    from proposals.models import Call

    class Sink:
        """Keeps each message's bytes; they are parsed after the clock stops, so the sink's own
        parsing does not compete with the delivery processes for the two cores."""

        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.content)
            return "250 OK"

        def subjects(self) -> list[str]:  # a method: aiosmtpd inspects its handler's attributes
            return [
                str(email.header.make_header(email.header.decode_header(email.message_from_bytes(m)["Subject"] or "")))
                for m in self.messages
            ]

    Notification.objects.filter(kind="bench_reminder").delete()
    users = list(User.objects.filter(username__startswith="b0").order_by("pk")[:2000])
    call = Call.objects.get(code="B00")
    Notification.objects.bulk_create(
        [Notification(recipient=users[i % len(users)], kind="bench_reminder", key=f"bench:{i}",
                      subject=f"{REMINDER_SUBJECT} {i}", body_text="공모 마감이 다가옵니다.", about_type="proposals.call",
                      about_id=call.pk, occasion=f"bench-{i}") for i in range(REMINDERS)],
        batch_size=5000,
    )
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
    with CaptureQueriesContext(connection) as queries:
        from notifications.services import notifications_deliver_batch

        notifications_deliver_batch()  # nothing left: one claim query
    # The outbox also holds what the deadline rush queued (the 500 submission receipts): the
    # delivery sends those too; only the reminders are counted against the budget.
    subjects = sink.subjects()
    reminder_subjects = [s for s in subjects if s.startswith(REMINDER_SUBJECT)]
    result = {
        "reminders": REMINDERS, "delivery_processes": DELIVERY_PROCESSES, "seconds": round(elapsed, 2),
        "emails_received": len(reminder_subjects), "distinct_emails": len(set(reminder_subjects)),
        "other_emails_delivered": len(subjects) - len(reminder_subjects),
        "rows_sent": rows.filter(email_status=EmailStatus.SENT).count(),
        "rows_attempted_more_than_once": rows.filter(attempts__gt=1).count(),
        "batch_size": settings.NOTIFICATION_BATCH_SIZE,
        "queries_when_idle": len(queries),
    }
    result["ok"] = (elapsed <= REMINDER_LIMIT_S and result["emails_received"] == result["distinct_emails"]
                    == result["rows_sent"] == REMINDERS)
    return result


def main():
    RESULTS.mkdir(exist_ok=True)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    ensure_database()
    import django

    django.setup()
    from benchmarks import seed

    if not seed.seeded():
        started = time.monotonic()
        print("seeding ...", flush=True)
        counts = seed.seed()
        print(f"  seeded {counts} in {time.monotonic() - started:.0f} s", flush=True)
        subprocess.run(["psql", DATABASE_URL, "-qc", "VACUUM ANALYZE"], check=True)
    a = seed.actors()
    server = Server()
    try:
        print(f"pages (wrk, {CONNECTIONS} connections, {ROUNDS} rounds x {SECONDS} s, floor interleaved):", flush=True)
        page_results = measure_pages(server, a)
        print("deadline rush ...", flush=True)
        rush = deadline_rush(server, a)
        print(f"  {rush}", flush=True)
    finally:
        server.stop()
    print("reminder dispatch ...", flush=True)
    reminders = reminder_dispatch()
    print(f"  {reminders}", flush=True)
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "config": {"gunicorn_workers": WORKERS, "wrk_connections": CONNECTIONS, "rounds": ROUNDS, "seconds": SECONDS},
        "pages": page_results, "deadline_rush": rush, "reminder_dispatch": reminders,
    }
    (RESULTS / "latest.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"wrote {RESULTS / 'latest.json'}")


if __name__ == "__main__":
    main()
