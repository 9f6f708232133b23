"""The peers' charts (issue 21): a council's spend by service area against the middle half of its peers, and a small
trend line (sparkline) of each area's spend year to year.

The peers chart is drawn with matplotlib in the style of appraisal/charts.py (and through its helpers, so it scales and
keeps its text as text the same way). Areas differ a hundredfold in size (education against planning), so each area
is drawn as a share of its peers' median (100%): the council's dot against the bar from the lower to the upper
quartile, all on one scale; the table beside it gives every figure in pounds.

The sparkline is a few lines of SVG written here: a chart of three points needs no axes, and small inline SVG keeps
the page light. Its text alternative gives the three figures.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from appraisal import formatting as fmt
from appraisal.calculations.peers import AreaTrend, CouncilPeers
from appraisal.charts import BLUE, DARK, GREY, LIGHT_GREY, RED, _cached, _phone_axis, _size, _svg, _wrapped

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 28, 4


def _comparable(peers: CouncilPeers):
    """The areas a share of the median means something for: the council spends in it and the peers' median is above
    nothing (a median of nil or less has no share)."""
    return [a for a in peers.areas if a.spend is not None and a.peers is not None and a.peers.median > 0]


def _share(value: Decimal, median: Decimal) -> float:
    # Floats only to place marks; every figure in words or tables stays Decimal.
    return float(value / median * 100)


@_cached
def peers_chart(peers: CouncilPeers, phone: bool = False) -> str:
    """The council's net spend in each area against its peers' lower quartile, median and upper quartile, as % of
    the median; an area above the upper quartile says so in its label (not by colour alone)."""
    areas = _comparable(peers)[::-1]
    labels = [_wrapped(a.area + (" (well above)" if a.well_above else ""), phone) for a in areas]
    fig = Figure(figsize=_size(phone, 0.42 * len(areas) + (1.9 if phone else 1.4)))
    ax = fig.subplots()
    y = range(len(areas))
    lows = [_share(a.peers.lower_quartile, a.peers.median) for a in areas]
    highs = [_share(a.peers.upper_quartile, a.peers.median) for a in areas]
    ax.barh(list(y), [h - lo for lo, h in zip(lows, highs, strict=True)], left=lows, color=LIGHT_GREY, height=0.55)
    ax.axvline(100, color=DARK, linewidth=1.2)
    for i, a in enumerate(areas):
        colour, marker = (RED, "D") if a.well_above else (BLUE, "o")
        ax.scatter([_share(a.spend, a.peers.median)], [i], color=colour, marker=marker, s=42, zorder=3)
    ax.set_yticks(list(y), labels)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}%"))
    _phone_axis(ax, "x", phone)
    ax.set_xlabel(f"Net spend {fmt.year_label(peers.year)} as a share of the peers' median (100%)")
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    handles = [
        Patch(color=LIGHT_GREY, label="Peers' middle half (lower to upper quartile)"),
        Line2D([], [], color=DARK, linewidth=1.2, label="Peers' median"),
        Line2D([], [], color=BLUE, marker="o", linestyle="", label=peers.name),
    ]
    if any(a.well_above for a in areas):
        handles.append(Line2D([], [], color=RED, marker="D", linestyle="", label="Above the upper quartile"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1 if phone else 2)
    return _svg(fig, f"{peers.name}: net spend by service area against the {peers.class_plural}")


def sparkline_text(trend: AreaTrend) -> str:
    """The sparkline's text alternative: each year's figure ("2022/23 £5,901,000; …")."""
    return "; ".join(
        f"{fmt.year_label(y.year)} {fmt.pounds(y.spend) if y.spend is not None else 'not provided'}"
        for y in trend.years
    )


def sparkline(trend: AreaTrend, council: str) -> str:
    """A line through each year's spend (a gap where the tier did not provide the area), a year that jumped ringed in
    red; as inline SVG with its figures as its text alternative."""
    values = [y.spend for y in trend.years]
    known = [v for v in values if v is not None]
    label = escape(f"{council}, {trend.area}: {sparkline_text(trend)}")
    if not known:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or Decimal(1)
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)

    def point(i: int, v: Decimal) -> tuple[float, float]:
        y = SPARK_HEIGHT / 2 if high == low else SPARK_PAD + float((high - v) / span) * (SPARK_HEIGHT - 2 * SPARK_PAD)
        return round(SPARK_PAD + i * step, 1), round(y, 1)

    marks, run, runs = [], [], []
    for i, (year, v) in enumerate(zip(trend.years, values, strict=True)):
        if v is None:
            runs.append(run)
            run = []
            continue
        x, y = point(i, v)
        run.append(f"{x},{y}")
        colour = RED if year.jumped else BLUE
        marks.append(f'<circle cx="{x}" cy="{y}" r="{3.2 if year.jumped else 2.2}" fill="{colour}"/>')
    runs.append(run)
    lines = "".join(
        f'<polyline points="{" ".join(r)}" fill="none" stroke="{GREY}" stroke-width="1.5"/>' for r in runs if len(r) > 1
    )
    return (
        f'<svg class="sparkline" role="img" aria-label="{label}" width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" '
        f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" focusable="false">{lines}{"".join(marks)}</svg>'
    )
