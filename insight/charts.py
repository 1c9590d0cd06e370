"""Chart geometry for server-rendered SVG: plain arithmetic, no drawing library.

Each builder returns a small dataclass the templates under ``insight/charts/`` draw; the same
rows fill the data table printed beside every chart, so the picture never says more than the
table (and screen-reader users get the table).
"""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.formats import date_format

from labs.terms import add_months

# Sizes in SVG units. The charts are drawn about as wide as a phone (they shrink to fit the
# screen, and their 12px text with them), so on a phone the text stays readable.
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 140
PLOT_WIDTH = 260
VALUE_WIDTH = 40
COLUMN_TOP = 16  # room above the plot for the top tick and the tallest column's value
COLUMN_PLOT_HEIGHT = 180
COLUMN_LEFT = 36
COLUMN_PLOT_MAX = 420  # columns narrow to fit this width (never under 8 units each)
AXIS_HEIGHT = 28
TICK_FONT = 12
GANTT_ROW = 44  # a lab's name above its bar
GANTT_AXIS = 28
GANTT_LEFT = 8
GANTT_PLOT = 440
GANTT_RIGHT = 12
GANTT_PANEL_GAP = 16
GANTT_MAX_TICKS = 5
GANTT_MIN_MARGIN_DAYS = 7
GANTT_GAP_DAYS = 180  # labs further apart than this get an axis each
GANTT_MAX_SPAN_DAYS = 730  # and no axis spans more than two years


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

    @property
    def label_y(self) -> float:
        """Where the labels under columns sit."""
        return COLUMN_TOP + COLUMN_PLOT_HEIGHT + 16


def text_width(text: str, size: float = TICK_FONT) -> float:
    """About how wide ``text`` is drawn at ``size``: a Hangul (or other wide) character takes
    the font size, any other about 0.6 of it."""
    return sum(size if ord(char) >= 0x1100 else size * 0.6 for char in text)


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


def column_chart(rows: list[tuple[str, float]], *, highlight: set[int] | frozenset = frozenset()) -> BarChart:
    """Vertical columns (days, score bins), with a few y-axis ticks; ``highlight`` marks
    columns by index (e.g. the deadline day). Columns narrow to fit ``COLUMN_PLOT_MAX``; the
    labels under them are thinned to every n-th so that they never overlap, and a highlighted
    column is always labelled."""
    top = nice_max(max((v for _label, v in rows), default=0))
    count = max(1, len(rows))
    slot = max(8.0, min(48.0, COLUMN_PLOT_MAX / count))
    widest = max((text_width(str(label)) for label, _v in rows), default=0)
    every = max(1, math.ceil((widest + 6) / slot))
    labelled = {i for i in range(count) if i % every == 0 and all(abs(i - h) >= every for h in highlight)}
    labelled |= set(highlight)
    bars = []
    for index, (label, value) in enumerate(rows):
        # A highlighted day with nothing in it still shows, as a sliver on the axis.
        height = max(round(COLUMN_PLOT_HEIGHT * value / top, 1), 2 if index in highlight else 0)
        x = round(COLUMN_LEFT + index * slot + slot * 0.1, 1)
        bars.append(
            Bar(
                label=str(label) if index in labelled else "",
                value=value,
                display=_display(value),
                x=x,
                y=round(COLUMN_TOP + COLUMN_PLOT_HEIGHT - height, 1),
                width=round(slot * 0.8, 1),
                height=height,
                highlight=index in highlight,
                text_x=round(x + slot * 0.4, 1),
                value_y=round(COLUMN_TOP + COLUMN_PLOT_HEIGHT - height - 3, 1),
            )
        )
    ticks = [
        (round(COLUMN_TOP + COLUMN_PLOT_HEIGHT * (1 - value / top), 1), _display(value)) for value in axis_ticks(top)
    ]
    return BarChart(
        bars=bars,
        width=int(COLUMN_LEFT + count * slot + 8),
        height=COLUMN_TOP + COLUMN_PLOT_HEIGHT + AXIS_HEIGHT,
        label_width=COLUMN_LEFT,
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
    label_x: float = GANTT_LEFT


@dataclass
class GanttPanel:
    """One time axis of the timeline and the labs drawn on it: ``first``–``last`` is the axis's
    domain, ``y`` the panel's top in the drawing."""

    first: date
    last: date
    y: float
    height: float
    months: list[tuple[float, str, str]]  # x, label, text-anchor
    today_x: float | None
    rows: list[GanttRow]


@dataclass
class Gantt:
    panels: list[GanttPanel]
    width: int
    height: int

    @property
    def rows(self) -> list[GanttRow]:
        return [row for panel in self.panels for row in panel.rows]


def time_domain(first: date, last: date) -> tuple[date, date]:
    """The axis domain for data from ``first`` to ``last``: the data's own span with a small
    margin either side (4 % of the span, at least a week), so the first and last marks do not
    sit on the frame."""
    margin = timedelta(days=max(GANTT_MIN_MARGIN_DAYS, math.ceil((last - first).days * 0.04)))
    return first - margin, last + margin


def month_ticks(first: date, last: date, *, max_ticks: int = GANTT_MAX_TICKS) -> list[date]:
    """The first days of months inside ``first``–``last``, every 1, 2, 3 or 6 months or whole
    years, so that at most ``max_ticks`` are drawn (a long domain ticks each quarter, not each
    month)."""
    start = first if first.day == 1 else add_months(first.replace(day=1), 1)
    months = (last.year - start.year) * 12 + last.month - start.month + 1
    step = next((s for s in (1, 2, 3, 6) if math.ceil(months / s) <= max_ticks), 0)
    step = step or 12 * math.ceil(months / 12 / max_ticks)
    if step >= 12:  # yearly ticks fall on January
        start = start if start.month == 1 else date(start.year + 1, 1, 1)
    elif step > 1:  # quarter and half-year ticks fall on their first months
        start = add_months(start, (-(start.month - 1)) % step)
    ticks = []
    while start <= last:
        ticks.append(start)
        start = add_months(start, step)
    return ticks


def month_label(day: date, *, year: bool = True) -> str:
    """A month as the active language writes it (Korean: 2026년 3월, or 3월 without the year)."""
    return date_format(day, "YEAR_MONTH_FORMAT" if year else "F")


def day_label(day: date) -> str:
    """A day of the month as the active language writes it (Korean: 3월 5일)."""
    return date_format(day, "MONTH_DAY_FORMAT")


def _tick(x: float, label: str) -> tuple[float, str, str]:
    """A tick label centred on ``x``, or flush with the frame where centred it would be cut."""
    half = text_width(label) / 2
    if x - half < 0:
        return x, label, "start"
    if x + half > GANTT_LEFT + GANTT_PLOT + GANTT_RIGHT:
        return x, label, "end"
    return x, label, "middle"


def _month_ticks(days: list[date], x_of) -> list[tuple[float, str, str]]:
    """The axis's month ticks (x, label, anchor): the year on the first tick and on each
    January only (2026년 11월, 12월, 2027년 1월), and a label left out where it would overlap the
    one before (its grid line stays)."""
    ticks: list[tuple[float, str, str]] = []
    right = -math.inf
    for index, day in enumerate(days):
        x, label, anchor = _tick(x_of(day), month_label(day, year=index == 0 or day.month == 1))
        width = text_width(label)
        left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        if left < right + 6:
            label = ""
        else:
            right = left + width
        ticks.append((x, label, anchor))
    return ticks


def timeline_groups(items: list[dict]) -> list[list[dict]]:
    """``items`` (with start and end) in groups drawn on one axis each: a group ends where the
    next term starts more than ``GANTT_GAP_DAYS`` after every earlier one ended, or where it would
    span more than ``GANTT_MAX_SPAN_DAYS``. Labs years apart get an axis each instead of one
    axis from the first to the last on which each term is a dot."""
    groups: list[list[dict]] = []
    first = last = None
    for item in sorted(items, key=lambda i: (i["start"], i["end"])):
        if (
            groups
            and (item["start"] - last).days <= GANTT_GAP_DAYS
            and (max(last, item["end"]) - first).days <= GANTT_MAX_SPAN_DAYS
        ):
            groups[-1].append(item)
            last = max(last, item["end"])
        else:
            groups.append([item])
            first, last = item["start"], item["end"]
    return groups


def gantt(items: list[dict], *, today: date) -> Gantt:
    """A timeline: ``items`` are dicts with label, start, end, status, url and milestones (a
    list of (day, title, done)). Terms close in time share an axis (``timeline_groups``); each
    axis runs from its first start to its last end with a small margin (``time_domain``), and
    shows today when today falls inside it."""
    panels: list[GanttPanel] = []
    y = 0.0
    for group in timeline_groups(items):
        days = [d for i in group for d in (i["start"], i["end"], *(m[0] for m in i["milestones"]))]
        first, last = time_domain(min(days), max(days) + timedelta(days=1))
        span = (last - first).days

        def x_of(day: date, first=first, span=span) -> float:
            return round(GANTT_LEFT + GANTT_PLOT * (day - first).days / span, 1)

        rows = []
        for index, item in enumerate(group):
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
                    y=GANTT_AXIS + index * GANTT_ROW,
                    marks=[GanttMark(x=x_of(d), label=t, day=d, done=done) for d, t, done in item["milestones"]],
                )
            )
        height = GANTT_AXIS + len(rows) * GANTT_ROW
        panels.append(
            GanttPanel(
                first=first,
                last=last,
                y=y,
                height=height,
                months=_month_ticks(month_ticks(first, last), x_of),
                today_x=x_of(today) if first <= today <= last else None,
                rows=rows,
            )
        )
        y += height + GANTT_PANEL_GAP
    return Gantt(panels=panels, width=GANTT_LEFT + GANTT_PLOT + GANTT_RIGHT, height=max(GANTT_AXIS, int(y)))


WRAP_AFTER = 24  # characters of a data-table cell that stay on one line


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

    @property
    def empty(self) -> bool:
        """Nothing to draw: no rows, or only zeros (the table still says so)."""
        if self.kind == "gantt":
            return not self.chart.rows
        return not any(bar.value for bar in self.chart.bars)

    @property
    def table(self) -> list[list[tuple[str, bool]]]:
        """The data table's cells as ``(text, wrap)``: a cell of more than ``WRAP_AFTER``
        characters may wrap, the others keep to one line (worked out here once, where the
        template did it per cell with four filters)."""
        return [[(text, len(text) > WRAP_AFTER) for text in map(str, row)] for row in self.rows]

    @property
    def wide(self) -> bool:
        """A table of four or more columns goes under its chart rather than beside it, where
        it would wrap a word a line."""
        return len(self.headers) > 3
