"""Charts drawn on the server as SVG, so the dashboard and the cabinet report show the same image.

Matplotlib (a well-kept library) rather than hand-drawn SVG: axes, ticks, legends and layout come for free
and stay consistent, and with `svg.fonttype = none` the labels stay real text (selectable, readable by
screen readers, and drawn by WeasyPrint in the report's own font). Every chart has a data table beside it
in the templates for people who cannot see it.

Input: results of the calculation package only (no ORM, no request). Output: an SVG string.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import textwrap
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402  (after choosing the backend)

from appraisal import formatting as fmt  # noqa: E402

BLUE, GREEN, RED, GREY, LIGHT_GREY, TURQUOISE, DARK = (
    "#1d70b8",
    "#00703c",
    "#d4351c",
    "#505a5f",
    "#b1b4b6",
    "#28a197",
    "#0b0c0c",
)

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # keep text as text
        "svg.hashsalt": "appraise",  # stable element ids, so the same figures give the same SVG
        # Liberation Sans is metric-compatible with Arial (fonts-liberation); DejaVu ships with matplotlib.
        "font.family": ["Liberation Sans", "DejaVu Sans"],
        "font.size": 10,
        "axes.edgecolor": GREY,
        "axes.labelcolor": DARK,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.color": DARK,
        "ytick.color": DARK,
        "legend.frameon": False,
    }
)


MIN_TEXT_PX = 11  # the smallest text a chart shows on a screen, in CSS pixels
LABEL_WRAP = 28  # characters of an axis label on one line
WIDTH_IN = 7.5  # the drawing's width: the report's A4 column, a desktop's page
# A phone's drawing (issue 16): its width with the labels beside it about 300 pt, so that across a 390 px phone's
# 360 px column the 10 pt text shows at 11 px or more. The dashboard shows it below 641 px; the report never.
PHONE_WIDTH_IN = 3.4
PHONE_LABEL_WRAP = 14
LINE_HEIGHT_IN = 0.12  # inches a wrapped label's every further line adds to its row

_CACHE: dict[str, str] = {}
_CACHE_SIZE = 256


def _cached(fn):
    """Drawing takes tens of milliseconds: keep the SVG of the same figures (results are plain, frozen data)."""

    def wrapper(*args):
        key = fn.__name__ + hashlib.sha256(repr(args).encode()).hexdigest()
        if key not in _CACHE:
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = fn(*args)
        return _CACHE[key]

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _pounds_axis(value, _pos=None) -> str:
    """Axis ticks in £m (or £k for small amounts)."""
    value = float(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000:
        return f"{sign}£{value / 1_000_000:.1f}m"
    if value >= 1_000:
        return f"{sign}£{value / 1_000:.0f}k"
    return f"{sign}£{value:.0f}"


def _svg(fig: Figure, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Title": title})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]  # drop the XML prologue and doctype so it can sit inside HTML
    # Scale with its container; the viewBox keeps the proportions.
    svg = re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 width="100%"', svg, count=1)
    # ...but never so narrow that its smallest text shows below 11 px (issue 16: labels of 5 px on a phone): the
    # page's frame around it scrolls sideways instead. The report's <img> ignores it (A4 keeps the drawn size).
    width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg).group(1))
    smallest = min(float(size) for size in re.findall(r"font-size: ?([\d.]+)px", svg))
    min_width = math.ceil(width * MIN_TEXT_PX / smallest)
    return svg.replace("<svg", f'<svg role="img" aria-label="{title}" style="min-width: {min_width}px"', 1)


def _wrapped(label: str, phone: bool = False) -> str:
    """A long axis label on two or three lines, so the drawing keeps its width for the bars (and fits a tablet at
    11 px); narrower still on a phone."""
    width = PHONE_LABEL_WRAP if phone else LABEL_WRAP
    return "\n".join(textwrap.wrap(label, width)) if len(label) > width else label


def _size(phone: bool, height: float) -> tuple[float, float]:
    return (PHONE_WIDTH_IN if phone else WIDTH_IN, height)


def _phone_axis(ax, axis: str, phone: bool) -> None:
    """On a phone, fewer money ticks, so their labels do not run into each other."""
    if phone:
        getattr(ax, f"{axis}axis").set_major_locator(MaxNLocator(4))


def _row_height(labels, inches: float) -> float:
    """Each row's height, taller when a label runs to more lines so wrapped labels never overlap."""
    return inches + LINE_HEIGHT_IN * max((label.count("\n") for label in labels), default=0)


def _m(value: Decimal) -> float:
    # Floats only to place marks on the drawing; every figure shown in words or tables stays Decimal.
    return float(value)


@_cached
def savings_range_chart(summary, phone: bool = False) -> str:
    """Minimum to maximum saving by cluster, as range bars (seed 001 §2.4)."""
    clusters = [c for c in summary.clusters if c.has_range]
    names = [_wrapped(c.name, phone) for c in clusters][::-1]
    fig = Figure(figsize=_size(phone, _row_height(names, 0.45) * len(clusters) + 1.2))
    ax = fig.subplots()
    lows = [_m(c.min_saving) for c in clusters][::-1]
    highs = [_m(c.max_saving) for c in clusters][::-1]
    ax.barh(names, [h - lo for lo, h in zip(lows, highs, strict=True)], left=lows, color=BLUE, height=0.5,
            label="Range from minimum to maximum saving")  # fmt: skip
    ax.scatter(lows, names, color=DARK, marker="|", s=120, zorder=3)
    ax.xaxis.set_major_formatter(FuncFormatter(_pounds_axis))
    ax.set_xlabel("Potential saving a year")
    ax.set_xlim(left=0)
    _phone_axis(ax, "x", phone)
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    return _svg(fig, "Minimum and maximum saving a year by service cluster")


@_cached
def deficit_chart(councils, phone: bool = False) -> str:
    """Each council's funding deficit against its minimum and maximum saving.

    `councils`: items with name, deficit, min_saving and max_saving (summary.CouncilSummary or similar).
    """
    rows = list(councils)
    fig = Figure(figsize=_size(phone, 0.9 * len(rows) + (2.0 if phone else 1.3)))
    ax = fig.subplots()
    labels = [_wrapped(r.name, phone) if phone else r.name for r in rows][::-1]
    y = range(len(rows))
    deficits = [_m(r.deficit) for r in rows][::-1]
    mins = [_m(r.min_saving) for r in rows][::-1]
    maxes = [_m(r.max_saving) for r in rows][::-1]
    ax.barh([i + 0.22 for i in y], deficits, height=0.4, color=LIGHT_GREY, label="Funding deficit")
    ax.barh([i - 0.22 for i in y], maxes, height=0.4, color=TURQUOISE, label="Maximum saving")
    ax.barh([i - 0.22 for i in y], mins, height=0.4, color=GREEN, label="Minimum saving")
    ax.set_yticks(list(y), labels)
    ax.xaxis.set_major_formatter(FuncFormatter(_pounds_axis))
    _phone_axis(ax, "x", phone)
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1 if phone else 3)
    return _svg(fig, "Funding deficit and savings by council")


@_cached
def yearly_profile_chart(result, phone: bool = False) -> str:
    """Savings and implementation costs each year, with cumulative net: payback is where the line crosses zero."""
    years = [fmt.year_label(y.year) for y in result.years]
    fig = Figure(figsize=_size(phone, 4.2 if phone else 3.6))
    ax = fig.subplots()
    x = range(len(years))
    ax.bar([i - 0.2 for i in x], [_m(y.savings) for y in result.years], width=0.4, color=GREEN, label="Savings")
    ax.bar([i + 0.2 for i in x], [-_m(y.costs) for y in result.years], width=0.4, color=RED,
           label="Implementation costs")  # fmt: skip
    ax.plot(list(x), [_m(y.cumulative_net) for y in result.years], color=DARK, marker="o", linewidth=2,
            label="Cumulative net")  # fmt: skip
    ax.axhline(0, color=GREY, linewidth=0.8)
    if result.payback_year is not None:
        i = [y.year for y in result.years].index(result.payback_year)
        ax.annotate(f"Payback {fmt.year_label(result.payback_year)}", (i, _m(result.years[i].cumulative_net)),
                    xytext=(-24, 22), textcoords="offset points", ha="right", fontsize=9, color=DARK, zorder=5,
                    bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": GREY, "linewidth": 0.6},
                    arrowprops={"arrowstyle": "-", "color": DARK, "linewidth": 0.8})  # fmt: skip
        # A label on a white card with a leader line, so bars behind it do not run through its letters.
    ax.set_xticks(list(x), years)
    if phone:  # the years' labels slanted, so a ten-year period still fits
        ax.tick_params(axis="x", labelrotation=45)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.yaxis.set_major_formatter(FuncFormatter(_pounds_axis))
    ax.grid(axis="y", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1 if phone else 3)
    return _svg(fig, "Savings, implementation costs and cumulative net by year")


@_cached
def tornado_chart(result, phone: bool = False) -> str:
    """NPV at each assumption's low and high value, widest swing on top, around the scenario's NPV."""
    rows = sorted(result.sensitivity, key=lambda s: abs(_m(s.npv_high) - _m(s.npv_low)))
    base = _m(result.npv)
    labels = [_wrapped(s.assumption.replace("Saving: ", "Saving – "), phone) for s in rows]
    fig = Figure(figsize=_size(phone, _row_height(labels, 0.42) * len(rows) + 1.3))
    ax = fig.subplots()
    for i, s in enumerate(rows):
        lo, hi = _m(s.npv_low), _m(s.npv_high)
        ax.barh(i, lo - base, left=base, color=RED if lo < base else GREEN, height=0.55)
        ax.barh(i, hi - base, left=base, color=GREEN if hi > base else RED, height=0.55)
    ax.axvline(base, color=DARK, linewidth=1.2)
    ax.set_yticks(range(len(rows)), labels)
    ax.xaxis.set_major_formatter(FuncFormatter(_pounds_axis))
    _phone_axis(ax, "x", phone)
    ax.set_xlabel(f"Net present value\n(scenario NPV {fmt.pounds(result.npv)})" if phone else
                  f"Net present value (scenario NPV {fmt.pounds(result.npv)})")  # fmt: skip
    ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    return _svg(fig, "Sensitivity of the net present value to each assumption")


def scenario_charts(result, phone: bool = False) -> dict[str, str]:
    """A scenario's charts (the yearly profile and the sensitivity), keyed by name; with `phone`, also each one drawn
    for a phone, keyed by its name and "_phone" (the page shows one or the other by the window's width)."""
    if result is None:
        return {}
    charts = {"yearly": yearly_profile_chart(result), "tornado": tornado_chart(result)}
    if phone:
        charts |= {"yearly_phone": yearly_profile_chart(result, True), "tornado_phone": tornado_chart(result, True)}
    return charts


def dashboard_charts(dashboard, phone: bool = False) -> dict[str, str]:
    """The dashboard's charts as SVG strings, keyed by name; with `phone`, also each one drawn for a phone."""
    summary = dashboard.figures.summary
    charts = {"ranges": savings_range_chart(summary), "deficits": deficit_chart(summary.councils)}
    if phone:
        charts["ranges_phone"] = savings_range_chart(summary, True)
        charts["deficits_phone"] = deficit_chart(summary.councils, True)
    return charts | scenario_charts(dashboard.result, phone)
