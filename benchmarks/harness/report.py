"""Rows from the measured batches; benchmarks/results/<scale>.json and latest.md."""

import json
import os
import platform
import time
from pathlib import Path

from benchmarks import budgets
from benchmarks.harness.measure import BATCH, ROUNDS, median, percentile

RESULTS = Path(__file__).resolve().parent.parent / "results"


def _per_request(batches: list[dict], part: str) -> float:
    requests = sum(len(b["times"]) for b in batches)
    return sum(b["cpu"][part] for b in batches) / requests


def floor_row(batches: list[dict]) -> dict:
    times = [t for b in batches for t in b["times"]]
    return {"cpu_ms": _per_request(batches, "app"), "p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95)}


def page_row(page: dict, batches: list[dict], floor: dict) -> dict:
    times = [t for b in batches for t in b["times"]]
    statuses = [s for b in batches for s in b["statuses"]]
    app, db = _per_request(batches, "app"), _per_request(batches, "db")
    errors = sum(1 for s in statuses if s != 200)
    multiple = (app + db) / floor["cpu_ms"] if floor["cpu_ms"] else None
    queries = [q for b in batches for q in b["queries"] if q is not None]
    return {
        "page": page["name"], "kind": page["kind"], "viewer": page["viewer"],
        "distinct_urls": len({r[0] for r in page["requests"]}), "requests": len(times),
        "cpu_ms": round(app + db, 2), "app_cpu_ms": round(app, 2), "db_cpu_ms": round(db, 2),
        "floor_cpu_ms": round(floor["cpu_ms"], 3), "x_bare": round(multiple, 1) if multiple else None,
        "budget": budgets.budget(page["kind"]), "verdict": budgets.verdict(page["kind"], multiple, errors),
        "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1),
        "queries": median(queries), "errors": errors, "statuses": sorted(set(statuses)),
        "harness_error": page.get("error", ""),
    }


def rows(sites, data: dict) -> dict[int, list[dict]]:
    out = {site.scale: [] for site in sites}
    for name, per in data.items():
        floor = floor_row(per["floor"])
        for site in sites:
            out[site.scale].append(page_row(site.pages[name], per[site.scale], floor))
    if len(sites) == 2:
        small, large = sorted(out)
        for name, row in zip(data, out[large], strict=True):
            ratios = [percentile(b["times"], 0.5) / percentile(a["times"], 0.5)
                      for a, b in zip(data[name][small], data[name][large], strict=True)]
            row["p50_ratio_vs_10k"] = round(median(ratios), 2)
            row["flatness"] = budgets.flat_verdict(row["p50_ratio_vs_10k"])
    return out


def write_json(scale: int, page_rows: list[dict], floor: dict, info: dict, extra: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "proposals": scale,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(),
                    "load_average_at_end": os.getloadavg()},
        "method": {"rounds": ROUNDS, "batch": BATCH, "gunicorn": "sync, 2 workers", "cache": "emptied before each request",
                   "cpu": "gunicorn workers + their PostgreSQL backends, /proc schedstat", "bare_view": floor},
        "info": info, "pages": page_rows, **extra,
    }
    (RESULTS / f"{scale}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


def _fmt(value, digits=1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _run_notes(results: dict[int, dict]) -> list[str]:
    lines = []
    for scale, result in results.items():
        info = result.get("info", {})
        hits = ", ".join(f"{word}: {n:,}" for word, n in info.get("search_hits", {}).items())
        lines.append(f"- {scale:,} proposals, run {result['when']}: proposals matching the searched words ({hits}); "
                     f"load average at the end {', '.join(f'{x:.1f}' for x in result['machine']['load_average_at_end'])}.")
        for part in ("deadline_rush", "reminder_dispatch"):
            if part in result:
                lines.append(f"- {part.replace('_', ' ')}: `{json.dumps(result[part], ensure_ascii=False)}`")
    return lines


def markdown(results: dict[int, dict]) -> str:
    """latest.md from the results of each scale (as written to <scale>.json)."""
    lines = ["# `make bench`: latest results", "",
             "Server CPU per request (gunicorn workers + their PostgreSQL backends), cold: distinct objects, "
             "page-data cache emptied before every request; ×bare = multiple of the bare Django view's CPU per request "
             "measured interleaved in the same run (one bare view for both sizes). See docs/performance.md (Method).",
             "", *_run_notes(results), ""]
    for scale, result in results.items():
        floor = result["method"]["bare_view"]
        lines += [f"## {scale:,} proposals", "",
                  f"Bare view: {floor['cpu_ms']:.3f} ms CPU per request, p50 {floor['p50_ms']:.1f} ms.", "",
                  "| page | kind | viewer | CPU ms | ×bare | budget | p50 ms | p95 ms | queries | p50 100k/10k |",
                  "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
        for row in result["pages"]:
            ratio = row.get("p50_ratio_vs_10k")
            flat = f"{ratio:.2f}× {row['flatness']}" if ratio is not None else "—"
            lines.append(
                f"| {row['page'].strip()} | {row['kind']} | {row['viewer']} | {row['cpu_ms']:.1f} "
                f"(app {row['app_cpu_ms']:.1f} + db {row['db_cpu_ms']:.1f}) | {_fmt(row['x_bare'])}× | "
                f"≤{row['budget']:g}× {row['verdict']} | {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | "
                f"{_fmt(row['queries'], 0)} | {flat} |")
        lines.append("")
    return "\n".join(lines)


def write_markdown() -> str:
    """latest.md from the <scale>.json files present (also: python -m benchmarks.harness.report)."""
    results = {}
    for scale in (10_000, 100_000):
        path = RESULTS / f"{scale}.json"
        if path.exists():
            results[scale] = json.loads(path.read_text(encoding="utf-8"))
    text = markdown(results)
    (RESULTS / "latest.md").write_text(text + "\n", encoding="utf-8")
    return text


if __name__ == "__main__":
    print(write_markdown())
