"""The simulation's fan chart (issue 20), drawn as the dashboard's other charts are (appraisal/charts.py): matplotlib
SVG with its text kept as text, a title read out by screen readers, money on a pounds axis, and a phone's drawing.
The dashboard and the cabinet report show the same image, each beside a table of its figures.

Input: the simulation's results only (YearSpread, no ORM, no request). Output: an SVG string.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from appraisal import formatting as fmt
from appraisal.calculations.simulation_types import YearSpread
from appraisal.charts import BLUE, DARK, GREY, LIGHT_GREY, _cached, _m, _phone_axis, _pounds_axis, _size, _svg

BAND = "#a8c7e6"  # the P10 to P90 band: BLUE lightened, so the lines over it keep their contrast
FAN_TITLE = "Cumulative net savings by year: the range of the runs and the central case"


@_cached
def fan_chart(cumulative: tuple[YearSpread, ...], phone: bool = False) -> str:
    """Cumulative net savings (savings less costs to date) by year: the band where 8 runs in 10 fall (P10 to P90),
    the middle run (P50) and the central case (the scenario's own figures). Payback is where a line crosses zero."""
    years = [fmt.year_label(y.year) for y in cumulative]
    x = list(range(len(years)))
    fig = Figure(figsize=_size(phone, 4.4 if phone else 3.8))
    ax = fig.subplots()
    ax.fill_between(x, [_m(y.p10) for y in cumulative], [_m(y.p90) for y in cumulative], color=BAND, linewidth=0,
                    label="8 runs in 10 fall in this band (P10 to P90)")  # fmt: skip
    ax.plot(x, [_m(y.p50) for y in cumulative], color=BLUE, linewidth=2.2, marker="o", markersize=4,
            label="Middle run (P50)")  # fmt: skip
    ax.plot(x, [_m(y.central) for y in cumulative], color=DARK, linewidth=1.6, linestyle="--",
            label="Central case")  # fmt: skip
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.set_xticks(x, years)
    if phone:  # the years' labels slanted, so a ten-year period still fits
        ax.tick_params(axis="x", labelrotation=45)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
    ax.yaxis.set_major_formatter(FuncFormatter(_pounds_axis))
    _phone_axis(ax, "y", phone)
    ax.grid(axis="y", color=LIGHT_GREY, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=1 if phone else 3)
    return _svg(fig, FAN_TITLE)


def fan_charts(cumulative: tuple[YearSpread, ...], phone: bool = False) -> dict[str, str]:
    """The fan chart keyed "fan", and with `phone` also drawn for a phone ("fan_phone"), as dashboard_charts does."""
    charts = {"fan": fan_chart(tuple(cumulative))}
    if phone:
        charts["fan_phone"] = fan_chart(tuple(cumulative), True)
    return charts
