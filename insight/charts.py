"""Chart geometry for server-rendered SVG: plain arithmetic, no drawing library.

Each builder returns a small dataclass the templates under ``insight/charts/`` draw; the same
rows fill the data table printed beside every chart, so the picture never says more than the
table (and screen-reader users get the table).
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 190
PLOT_WIDTH = 420
VALUE_WIDTH = 50
COLUMN_PLOT_HEIGHT = 180
AXIS_HEIGHT = 36
GANTT_ROW = 34
GANTT_LABEL = 190
GANTT_PLOT = 560


@dataclass
class Bar:
    label: str
    value: float
    display: str
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    highlight: bool = False
    text_x: float = 0
    value_x: float = 0
    value_y: float = 0


@dataclass
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    ticks: list[tuple[float, str]] = field(default_factory=list)


def _display(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def axis_ticks(top: float) -> list[float]:
    """The y-axis ticks from 0 to ``top`` (a ``nice_max``): at most six, a round step apart (1, 2,
    5 × 10ⁿ), so that counts read as whole numbers (0, 1, 2 rather than 0, 0.5, 1, 1.5, 2)."""
    step = 10 ** math.floor(math.log10(top)) if top >= 1 else top
    for factor in (0.1, 0.2, 0.5, 1, 2, 5):
        candidate = step * factor
        if candidate >= 1 and top / candidate <= 5:
            step = candidate
            break
    count = int(round(top / step))
    return [step * index for index in range(count + 1)]


def bar_chart(rows: list[tuple[str, float]]) -> BarChart:
    """Horizontal bars, one per (label, value), longest scale first as given."""
    top = nice_max(max((v for _label, v in rows), default=0))
    bars = []
    for index, (label, value) in enumerate(rows):
        bars.append(
            Bar(
                label=str(label),
                value=value,
                display=_display(value),
                x=LABEL_WIDTH,
                y=index * (BAR_HEIGHT + BAR_GAP),
                width=round(PLOT_WIDTH * value / top, 1),
                height=BAR_HEIGHT,
                text_x=LABEL_WIDTH - 8,
                value_x=round(LABEL_WIDTH + PLOT_WIDTH * value / top + 6, 1),
                value_y=index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT * 0.7,
            )
        )
    height = max(1, len(rows)) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(bars=bars, width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, height=height)


def column_chart(
    rows: list[tuple[str, float]], *, highlight: set[int] | frozenset = frozenset(), label_every: int = 1
) -> BarChart:
    """Vertical columns (days, score bins), with a few y-axis ticks; ``highlight`` marks
    columns by index (e.g. the deadline day)."""
    top = nice_max(max((v for _label, v in rows), default=0))
    count = max(1, len(rows))
    slot = max(8.0, min(48.0, 640 / count))
    left = 36
    bars = []
    for index, (label, value) in enumerate(rows):
        height = round(COLUMN_PLOT_HEIGHT * value / top, 1)
        x = round(left + index * slot + slot * 0.1, 1)
        bars.append(
            Bar(
                label="" if index % label_every else str(label),
                value=value,
                display=_display(value),
                x=x,
                y=round(COLUMN_PLOT_HEIGHT - height, 1),
                width=round(slot * 0.8, 1),
                height=height,
                highlight=index in highlight,
                text_x=round(x + slot * 0.4, 1),
                value_y=round(COLUMN_PLOT_HEIGHT - height - 3, 1),
            )
        )
    ticks = [(round(COLUMN_PLOT_HEIGHT * (1 - value / top), 1), _display(value)) for value in axis_ticks(top)]
    return BarChart(
        bars=bars,
        width=int(left + count * slot + 8),
        height=COLUMN_PLOT_HEIGHT + AXIS_HEIGHT,
        label_width=left,
        plot_width=int(count * slot),
        ticks=ticks,
    )


def daily_series(counts: dict[date, int], start: date, end: date) -> list[tuple[date, int]]:
    """Every day from ``start`` to ``end`` with its count (0 where nothing happened)."""
    if end < start:
        return []
    days = (end - start).days + 1
    return [(start + timedelta(days=n), counts.get(start + timedelta(days=n), 0)) for n in range(days)]


def histogram(values: list[float], *, low: float, high: float, width: float) -> list[tuple[str, int]]:
    """Counts of ``values`` in bins of ``width`` from ``low`` to ``high`` (the last bin closed)."""
    bins = max(1, math.ceil((high - low) / width))
    counts = [0] * bins
    for value in values:
        index = min(bins - 1, max(0, int((value - low) // width)))
        counts[index] += 1
    return [
        (f"{_display(low + i * width)}–{_display(min(high, low + (i + 1) * width))}", counts[i])
        for i in range(bins)
    ]


@dataclass
class GanttMark:
    x: float
    label: str
    day: date
    done: bool


@dataclass
class GanttRow:
    label: str
    start: date
    end: date
    status: str
    url: str
    x: float
    width: float
    y: float
    marks: list[GanttMark]


@dataclass
class Gantt:
    rows: list[GanttRow]
    width: int
    height: int
    months: list[tuple[float, str]]
    today_x: float | None
    label_width: int = GANTT_LABEL


def gantt(items: list[dict], *, today: date) -> Gantt:
    """A timeline: ``items`` are dicts with label, start, end, status, url and milestones
    (a list of (day, title, done)); the scale spans every term (and today)."""
    if not items:
        return Gantt(rows=[], width=GANTT_LABEL + GANTT_PLOT, height=AXIS_HEIGHT, months=[], today_x=None)
    first = min(item["start"] for item in items)
    last = max(item["end"] for item in items)
    first = min(first, today) if (last - today).days < 400 else first
    last = max(last, today) if (today - first).days < 400 else last
    first = first.replace(day=1)
    span = max(1, (last - first).days + 1)

    def x_of(day: date) -> float:
        return round(GANTT_LABEL + GANTT_PLOT * (day - first).days / span, 1)

    rows = []
    for index, item in enumerate(items):
        start_x = x_of(item["start"])
        rows.append(
            GanttRow(
                label=item["label"],
                start=item["start"],
                end=item["end"],
                status=item["status"],
                url=item["url"],
                x=start_x,
                width=max(2.0, round(x_of(item["end"] + timedelta(days=1)) - start_x, 1)),
                y=AXIS_HEIGHT + index * GANTT_ROW,
                marks=[GanttMark(x=x_of(d), label=title, day=d, done=done) for d, title, done in item["milestones"]],
            )
        )
    months = []
    cursor = first
    step = max(1, math.ceil(span / 31 / 12))
    while cursor <= last:
        months.append((x_of(cursor), f"{cursor.year}.{cursor.month:02d}"))
        month = cursor.month - 1 + step
        cursor = date(cursor.year + month // 12, month % 12 + 1, 1)
    today_x = x_of(today) if first <= today <= last else None
    return Gantt(
        rows=rows,
        width=GANTT_LABEL + GANTT_PLOT + 10,
        height=AXIS_HEIGHT + len(rows) * GANTT_ROW + 6,
        months=months,
        today_x=today_x,
    )


@dataclass
class Figure:
    """One chart with its data table: ``kind`` picks the template (bars, columns, gantt);
    ``insight/charts/_figure.html`` draws it."""

    slug: str
    title: str
    summary: str
    kind: str
    chart: object
    headers: list[str]
    rows: list[list]
