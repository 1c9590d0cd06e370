"""The measurement: rounds in which, for each page, a batch of requests to the bare view is
followed by a batch to the page on each seeded database, so machine noise hits all of them.
Every page request goes to the next distinct URL of its list, signed in as its viewer, with the
page-data cache (the server's Redis database) emptied just before; one request at a time.
The servers' CPU is read before and after each batch (harness.servers.CpuMeter)."""

import http.client
import os
import statistics
import time
from urllib.parse import urlsplit

import redis

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
BATCH = int(os.environ.get("BENCH_BATCH", "20"))
WARMUP = 4
SESSION_COOKIE = "sessionid"


def request(base: str, url: str, session: str = "", htmx: bool = False) -> tuple[int, float, int | None]:
    """(status, milliseconds, queries reported by the server) of one GET."""
    parts = urlsplit(base)
    headers = {"Accept-Language": "ko", "Connection": "close"}
    if session:
        headers["Cookie"] = f"{SESSION_COOKIE}={session}"
    if htmx:
        headers["HX-Request"] = "true"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    queries = response.getheader("X-Bench-Queries")
    return response.status, elapsed, int(queries) if queries else None


class Site:
    """One seeded database behind its gunicorn: its targets, its cache, its CPU meter."""

    def __init__(self, scale: int, server, meter, targets: dict, cache_url: str):
        self.scale, self.server, self.meter = scale, server, meter
        self.pages = {page["name"]: page for page in targets["pages"]}
        self.info = targets["info"]
        self.cache = redis.Redis.from_url(cache_url)

    def batch(self, page: dict, start: int, n: int) -> dict:
        requests = page["requests"]
        before = self.meter.read()
        statuses, times, queries = [], [], []
        for i in range(start, start + n):
            url, session, htmx = requests[i % len(requests)]
            self.cache.flushdb()
            status, ms, count = request(self.server.base, url, session, htmx)
            statuses.append(status)
            times.append(ms)
            queries.append(count)
        return {"cpu": self.meter.used(before, self.meter.read()), "times": times, "statuses": statuses,
                "queries": queries}

    def warm(self, page: dict) -> None:
        requests = page["requests"]
        for url, session, htmx in requests[-WARMUP:]:
            self.cache.flushdb()
            request(self.server.base, url, session, htmx)


def floor_batch(floor, meter, n: int) -> dict:
    before = meter.read()
    times = [request(floor.base, "/")[1] for _ in range(n)]
    return {"cpu": meter.used(before, meter.read()), "times": times}


def run(sites: list[Site], floor, floor_meter) -> dict:
    """{page name: {"floor": [batches], scale: [batches]}} over ROUNDS interleaved rounds."""
    names = list(sites[0].pages)
    for _ in range(WARMUP):
        request(floor.base, "/")
    for site in sites:
        for name in names:
            site.warm(site.pages[name])
    data = {name: {"floor": [], **{site.scale: [] for site in sites}} for name in names}
    for round_ in range(ROUNDS):
        started = time.monotonic()
        for name in names:
            data[name]["floor"].append(floor_batch(floor, floor_meter, BATCH))
            for site in sites:
                data[name][site.scale].append(site.batch(site.pages[name], round_ * BATCH, BATCH))
        print(f"  round {round_ + 1}/{ROUNDS}: {time.monotonic() - started:.0f} s", flush=True)
    return data


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values):
    return statistics.median(values) if values else None
