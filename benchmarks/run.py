"""`make bench`: for each scale (SCALE=10000, SCALE=100000, or both by default) create, migrate
and seed glab_bench_10k / glab_bench_100k once (benchmarks/seed.py), draw the requests
(benchmarks/harness/targets.py), serve each database with gunicorn (sync, 2 workers,
benchmarks.settings) next to a gunicorn serving the bare Django view (benchmarks.floor_settings),
measure every page in interleaved rounds (benchmarks/harness/measure.py), run the deadline rush
and the reminder dispatch at 10,000, and write benchmarks/results/<scale>.json and latest.md.
By hand only, not in CI. See docs/performance.md (Method).

Environment: SCALE; BENCH_ROUNDS (3) rounds of BENCH_BATCH (20) requests per page and scale;
BENCH_DISTINCT (100) URLs drawn per page; BENCH_WORKERS (2) gunicorn workers; BENCH_RUSH=0 skips
the deadline rush and the reminder dispatch.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.harness import measure, report  # noqa: E402
from benchmarks.harness.servers import Backends, CpuMeter, Gunicorn  # noqa: E402

CACHE_DB = {10_000: 10, 100_000: 11}


def scales() -> list[int]:
    wanted = os.environ.get("SCALE", "").strip()
    return [int(wanted)] if wanted else [10_000, 100_000]


def environment(scale: int) -> dict:
    return {"DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/glab_bench_{scale // 1000}k",
            "REDIS_CACHE_URL": f"redis://127.0.0.1:6379/{CACHE_DB.get(scale, 12)}"}


def _python(args: list[str], scale: int, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **environment(scale)}, check=True, **kwargs)


def prepare(scale: int) -> dict:
    """Database created, migrated and seeded (once); the requests drawn, with their sessions."""
    name = f"glab_bench_{scale // 1000}k"
    pg = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
    if subprocess.run(["psql", *pg, "-tAc", "select 1", name], capture_output=True).returncode != 0:
        subprocess.run(["createdb", *pg, name], check=True)
    _python(["manage.py", "migrate", "--no-input", "-v", "0"], scale)
    started = time.monotonic()
    _python(["benchmarks/seed.py", str(scale)], scale)
    seconds = time.monotonic() - started
    out = Path(tempfile.gettempdir()) / f"glab-bench-targets-{scale}.json"
    print(f"drawing the requests at {scale:,} ...", flush=True)
    _python(["-m", "benchmarks.harness.targets", str(out)], scale)
    targets = json.loads(out.read_text(encoding="utf-8"))
    targets["info"]["seed_or_check_seconds"] = round(seconds)
    return targets


def serve(chosen: list[int], targets: dict) -> tuple:
    floor = Gunicorn("floor", "benchmarks.floor_wsgi:application", {})
    backends = Backends()
    sites = []
    for scale in chosen:
        server = Gunicorn(f"portal-{scale}", "glab_portal.wsgi:application", environment(scale),
                          database=f"glab_bench_{scale // 1000}k")
        sites.append(measure.Site(scale, server, CpuMeter(server, backends), targets[scale],
                                  environment(scale)["REDIS_CACHE_URL"]))
    return floor, backends, sites


def rush(site) -> dict:
    out = Path(tempfile.gettempdir()) / "glab-bench-rush.json"
    print("deadline rush and reminder dispatch (10,000) ...", flush=True)
    try:
        _python(["-m", "benchmarks.harness.rush", site.server.base, str(out)], site.scale)
    except subprocess.CalledProcessError as error:  # the page results are still written
        return {"deadline_rush": {"ok": False, "error": str(error)}}
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    chosen = scales()
    targets = {scale: prepare(scale) for scale in chosen}
    floor, backends, sites = serve(chosen, targets)
    extra = {}
    try:
        print(f"pages: {measure.ROUNDS} rounds x {measure.BATCH} requests per page and scale, bare view interleaved",
              flush=True)
        data = measure.run(sites, floor, CpuMeter(floor, None))
        if 10_000 in chosen and os.environ.get("BENCH_RUSH", "1") != "0":
            extra[10_000] = rush(next(s for s in sites if s.scale == 10_000))
    finally:
        for server in [floor, *(site.server for site in sites)]:
            server.stop()
    tables = report.rows(sites, data)
    floor = report.floor_row([b for per in data.values() for b in per["floor"]])
    for site in sites:
        report.write_json(site.scale, tables[site.scale], floor, site.info, extra.get(site.scale, {}))
    print(report.write_markdown())
    print(f"wrote {report.RESULTS}/{{{','.join(str(s) for s in chosen)}}}.json and latest.md")

if __name__ == "__main__":
    main()
