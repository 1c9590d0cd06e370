"""The budgets of issue 15: server CPU per request, cold (page-data cache emptied, distinct
objects), as a multiple of the bare Django view's CPU per request measured in the same run,
interleaved; and the flatness of p50 from 10,000 to 100,000 proposals."""

# kind -> (label, budget as a multiple of the bare view)
BUDGETS = {
    "empty": ("signed-in empty page", 3.0),
    "detail": ("detail page", 15.0),
    "panel": ("deferred panel (part of a detail page)", 15.0),
    "list": ("50-row list", 20.0),
    "heavy": ("search, ranking, dashboard, outcomes", 30.0),
}
# The first three rows of the table are hard; the last two should be met.
HARD = {"empty", "detail", "panel", "list"}
FLATNESS = 1.25  # p50 at 100,000 proposals / p50 at 10,000, median of interleaved rounds


def budget(kind: str) -> float:
    return BUDGETS[kind][1]


def verdict(kind: str, multiple: float | None, errors: int) -> str:
    if errors or multiple is None:
        return "error"
    return "ok" if multiple <= budget(kind) else "over"


def flat_verdict(ratio: float | None) -> str:
    if ratio is None:
        return ""
    return "ok" if ratio <= FLATNESS else "over"
