"""Chart axes that fit their data: a time axis runs from the first to the last data point with
a small margin, labs years apart get an axis each, tick labels read in Korean, and count axes
leave room for their top tick."""

from datetime import date

import pytest
from django.utils import translation

from insight import charts


def lab(label, start, end, milestones=()):
    return {
        "label": label,
        "start": start,
        "end": end,
        "status": "",
        "url": "",
        "milestones": list(milestones),
    }


def test_time_domain_is_the_data_span_with_a_small_margin():
    first, last = charts.time_domain(date(2026, 9, 8), date(2027, 3, 8))
    assert first == date(2026, 9, 8) - (date(2026, 9, 8) - first)
    margin_before, margin_after = (date(2026, 9, 8) - first).days, (last - date(2027, 3, 8)).days
    assert margin_before == margin_after == 8  # 4 % of 181 days, rounded up
    first, last = charts.time_domain(date(2026, 3, 1), date(2026, 3, 10))
    assert (first, last) == (date(2026, 2, 22), date(2026, 3, 17))  # at least a week


def test_labs_years_apart_get_an_axis_each_that_fits_their_terms():
    drone = lab("드론", date(2018, 10, 1), date(2019, 1, 31), [(date(2018, 10, 20), "선정", True)])
    chain = lab("블록체인", date(2026, 9, 8), date(2027, 3, 7))
    with translation.override("ko"):
        chart = charts.gantt([chain, drone], today=date(2026, 12, 8))
    assert [[row.label for row in panel.rows] for panel in chart.panels] == [["드론"], ["블록체인"]]
    old, new = chart.panels
    assert date(2018, 9, 1) < old.first < date(2018, 10, 1) and date(2019, 1, 31) < old.last < date(
        2019, 3, 1
    )
    assert date(2026, 8, 1) < new.first < date(2026, 9, 8) and date(2027, 3, 7) < new.last < date(
        2027, 4, 15
    )
    # Each term fills most of its axis instead of being a dot on 2018–2027.
    for panel in chart.panels:
        row = panel.rows[0]
        assert row.width > 0.8 * charts.GANTT_PLOT
    assert old.today_x is None and new.today_x is not None
    # The year on the first tick and on January only.
    assert [label for _x, label, _anchor in new.months] == [
        "2026년 9월",
        "11월",
        "2027년 1월",
        "3월",
    ]
    assert new.y > old.y + old.height  # stacked, not overlapping
    assert chart.height >= new.y + new.height


def test_labs_close_in_time_share_one_axis():
    a = lab("가", date(2026, 1, 1), date(2026, 6, 30))
    b = lab("나", date(2026, 4, 1), date(2026, 9, 30))
    chart = charts.gantt([a, b], today=date(2026, 5, 1))
    assert len(chart.panels) == 1 and len(chart.panels[0].rows) == 2
    assert len(chart.rows) == 2
    assert charts.gantt([], today=date(2026, 5, 1)).panels == []


@pytest.mark.parametrize(
    ("first", "last", "step"),
    [
        (date(2026, 1, 5), date(2026, 3, 20), 1),
        (date(2024, 1, 1), date(2025, 12, 31), 6),
        (date(2018, 1, 1), date(2027, 1, 1), 24),
    ],
)
def test_month_ticks_stay_few_and_round(first, last, step):
    ticks = charts.month_ticks(first, last)
    assert 1 <= len(ticks) <= charts.GANTT_MAX_TICKS
    assert all(t.day == 1 and first <= t <= last for t in ticks)
    months = [t.year * 12 + t.month for t in ticks]
    assert all(b - a == step for a, b in zip(months, months[1:], strict=False))


def test_tick_labels_at_the_frame_are_not_cut():
    assert charts._tick(2, "2026년 9월")[2] == "start"
    assert (
        charts._tick(charts.GANTT_LEFT + charts.GANTT_PLOT + charts.GANTT_RIGHT - 2, "2027년 3월")[
            2
        ]
        == "end"
    )
    assert charts._tick(200, "2027년 1월")[2] == "middle"


def test_column_chart_leaves_room_above_the_top_tick_and_thins_day_labels():
    with translation.override("ko"):
        days = [(charts.day_label(date(2019, 5, 13 + n)), n % 3) for n in range(19)]
    chart = charts.column_chart(days, highlight={18})
    assert min(y for y, _label in chart.ticks) >= charts.COLUMN_TOP / 2  # the top tick is inside
    assert all(bar.value_y > 0 for bar in chart.bars)  # so is the tallest column's value
    labelled = [i for i, bar in enumerate(chart.bars) if bar.label]
    assert labelled[0] == 0 and 18 in labelled  # the first day and the deadline
    gaps = [b - a for a, b in zip(labelled, labelled[1:], strict=False)]
    slot = chart.plot_width / len(days)
    assert min(gaps) * slot >= charts.text_width(days[0][0])  # no two labels overlap
    assert chart.bars[0].label == "5월 13일"
    assert chart.bars[18].height > 0  # the deadline shows even on a day with nothing


def test_month_labels_never_overlap():
    drone = lab("드론", date(2018, 10, 1), date(2019, 1, 31))
    with translation.override("ko"):
        panel = charts.gantt([drone], today=date(2026, 12, 8)).panels[0]
    shown = [(x, label, anchor) for x, label, anchor in panel.months if label]
    assert shown[0][1] == "2018년 10월" and len(shown) >= 3
    extents = []
    for x, label, anchor in shown:
        width = charts.text_width(label)
        left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        extents.append((left, left + width))
    assert all(b[0] > a[1] for a, b in zip(extents, extents[1:], strict=False))
