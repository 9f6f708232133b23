"""The options appraisal's chart (issue 17): each option's weighted score beside its NPV and risk-adjusted NPV, as
SVG drawn on the server for the cabinet report; a page may show it too (on a screen its SVG keeps a minimum width at
which its text stays 11 px, as appraisal/charts.py's charts do).

Drawn in the style of appraisal/charts.py (its colours, fonts, £ axis, label wrapping, SVG output and cache, by
import), with text a point larger: the report shows a chart at 88% of the A4 text width, and this one must stay at
11 px or more there too. The ranked options table beside it gives every figure it draws.

Input: the calculation's OptionsComparison only (no ORM, no request). Output: an SVG string.
"""

from __future__ import annotations

from decimal import Decimal

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from appraisal.charts import BLUE, DARK, GREY, LIGHT_GREY, TURQUOISE, _cached, _m, _pounds_axis, _row_height, _svg
from appraisal.charts import _wrapped as wrapped

FONT_SIZE = 11  # points of the drawing: 11.6 px or more as the report shows it (tests/report/test_options_in_report.py)
WIDTH_INCHES = 6.6  # with its labels, as wide as the report shows it (88% of the A4 text), so 11 pt stays 11 px
ROW_INCHES = 0.62  # each option's band: its score bar, and its NPV and risk-adjusted NPV bars


def chart_rows(comparison) -> tuple[tuple[str, Decimal, Decimal, Decimal], ...]:
    """(name, weighted score, NPV, risk-adjusted NPV) of each option in rank order: plain, so the drawing is cached
    by its figures."""
    return tuple(
        (
            o.figures.name + (" (preferred)" if o.preferred else ""),
            o.weighted_score,
            o.figures.npv,
            o.figures.risk_adjusted_npv,
        )
        for o in comparison.options
    )


def options_chart(comparison) -> str:
    """The options in rank order, the first at the top: weighted score (out of 100) on the left, NPV and
    risk-adjusted NPV on the right."""
    return _options_chart(chart_rows(comparison))


@_cached
def _options_chart(rows) -> str:
    labels = [wrapped(name) for name, *_ in rows]
    with matplotlib.rc_context({"font.size": FONT_SIZE}):
        fig = Figure(figsize=(WIDTH_INCHES, _row_height(labels, ROW_INCHES) * len(rows) + 1.4))
        score_ax, money_ax = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [2, 3], "wspace": 0.08})
        y = list(range(len(rows)))[::-1]  # rank 1 at the top
        scores = [_m(score) for _, score, _, _ in rows]
        score_ax.barh(y, scores, height=0.55, color=BLUE)
        for yi, value, (_, exact, _, _) in zip(y, scores, rows, strict=True):
            score_ax.annotate(f"{exact:.1f}", (value, yi), xytext=(3, 0), textcoords="offset points", va="center",
                              color=DARK)  # fmt: skip
        score_ax.set_xlim(0, 118)  # room for the figure after a bar of 100
        score_ax.set_xticks([0, 25, 50, 75, 100])
        score_ax.set_xlabel("Weighted score (out of 100)")
        score_ax.set_yticks(y, labels)
        score_ax.tick_params(axis="y", length=0)
        npvs = [_m(npv) for _, _, npv, _ in rows]
        adjusted = [_m(adj) for _, _, _, adj in rows]
        money_ax.barh([i + 0.15 for i in y], npvs, height=0.3, color=TURQUOISE, label="NPV")
        money_ax.barh([i - 0.15 for i in y], adjusted, height=0.3, color=GREY, label="Risk-adjusted NPV")
        money_ax.axvline(0, color=DARK, linewidth=0.8)
        money_ax.xaxis.set_major_formatter(FuncFormatter(_pounds_axis))
        money_ax.set_xlabel("Net present value")
        money_ax.tick_params(axis="y", length=0)
        money_ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
        money_ax.locator_params(axis="x", nbins=4)  # four £ ticks at 11 pt never run into each other
        for ax in (score_ax, money_ax):
            ax.grid(axis="x", color=LIGHT_GREY, linewidth=0.6)
            ax.set_axisbelow(True)
        return _svg(fig, "Options compared: weighted score, NPV and risk-adjusted NPV")
