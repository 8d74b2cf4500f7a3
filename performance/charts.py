"""Server-side SVG charts: geometry here, drawing in templates/performance/partials/chart_*.html.

No JavaScript and no downloaded library. Bars are filled with hatching patterns and every bar and
point carries its number, so the charts read when printed in black and white; each chart has a
table with the same numbers beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Fill patterns, in order, defined in the partials' <defs>: solid, diagonal hatch, dots, cross-hatch.
PATTERNS = ("solid", "hatch", "dots", "cross")
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 170
BAR_AREA = 300
VALUE_WIDTH = 70


@dataclass
class Bar:
    label: str
    value: float
    text: str
    url: str
    y: int
    width: float
    pattern: str
    text_x: float = 0
    text_y: int = 0


@dataclass
class BarChart:
    id: str
    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    target_x: float | None = None
    target_text: str = ""
    bar_height: int = BAR_HEIGHT

    @property
    def label_x(self) -> int:
        return self.label_width - 6


def bar_chart(
    chart_id: str,
    title: str,
    items: list[tuple[str, float | None, str]],
    *,
    maximum: float | None = None,
    suffix: str = "",
    target: float | None = None,
    target_text: str = "",
    patterns: bool = False,
) -> BarChart:
    """Horizontal bars for (label, value, url) items; `patterns` gives each bar its own fill (for a mix
    such as the satisfaction ratings), `target` draws a dashed line (the 95% resolution target)."""
    values = [v or 0 for _label, v, _url in items]
    top = maximum if maximum is not None else max(values, default=0)
    top = top or 1
    bars = []
    for i, (label, value, url) in enumerate(items):
        shown = "—" if value is None else f"{value:g}{suffix}"
        bars.append(
            Bar(
                label=str(label),
                value=value or 0,
                text=shown,
                url=url,
                y=i * (BAR_HEIGHT + BAR_GAP),
                width=round(BAR_AREA * (value or 0) / top, 1),
                pattern=PATTERNS[i % len(PATTERNS)] if patterns else "hatch",
                text_x=LABEL_WIDTH + round(BAR_AREA * (value or 0) / top, 1) + 4,
                text_y=i * (BAR_HEIGHT + BAR_GAP) + 15,
            )
        )
    height = max(len(bars) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT) + 20
    target_x = None if target is None else LABEL_WIDTH + round(BAR_AREA * target / top, 1)
    return BarChart(
        id=chart_id,
        title=title,
        bars=bars,
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=height,
        target_x=target_x,
        target_text=target_text,
    )


@dataclass
class Series:
    name: str
    points: list[tuple[float, float, int]]  # x, y, value
    dash: str  # stroke-dasharray: "" solid, "6 4" dashed
    marker: str  # "circle" or "square"
    polyline: str = ""


@dataclass
class LineChart:
    id: str
    title: str
    labels: list[tuple[float, str]]
    series: list[Series] = field(default_factory=list)
    width: int = 640
    height: int = 240
    plot_top: int = 20
    plot_bottom: int = 200
    plot_left: int = 40
    plot_right: int = 620
    maximum: int = 0


def line_chart(chart_id: str, title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> LineChart:
    """Lines over months: the first series solid with circles, the next dashed with squares; each
    point labelled with its number."""
    chart = LineChart(id=chart_id, title=title, labels=[])
    top = max((v for _name, values in series for v in values), default=0) or 1
    step = (chart.plot_right - chart.plot_left) / max(len(labels) - 1, 1)
    chart.labels = [(round(chart.plot_left + i * step, 1), label) for i, label in enumerate(labels)]
    chart.maximum = top
    styles = [("", "circle"), ("6 4", "square"), ("2 3", "circle")]
    for index, (name, values) in enumerate(series):
        dash, marker = styles[index % len(styles)]
        points = [
            (
                round(chart.plot_left + i * step, 1),
                round(chart.plot_bottom - (chart.plot_bottom - chart.plot_top) * v / top, 1),
                v,
            )
            for i, v in enumerate(values)
        ]
        line = Series(name=name, points=points, dash=dash, marker=marker)
        line.polyline = " ".join(f"{x},{y}" for x, y, _v in points)
        chart.series.append(line)
    return chart
