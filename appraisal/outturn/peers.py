"""Reads: the peers of an appraisal's councils (issue 21), for the baselines page and the cabinet report's appendix.

Only an appraisal whose baselines came from the published figures (a BaselineSource) has them, and only for its
councils with an ONS code: each council's spend by service area in the source's year beside its class's quartiles
(appraisal/calculations/peers.py), and, for a council with returns in every year the data covers, each area's spend
year to year.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from appraisal.calculations.peers import AreaPeers, AreaTrend, CouncilPeers, council_peers, council_trend
from appraisal.models import Appraisal, BaselineSource
from appraisal.outturn import charts, data
from appraisal.summary.selectors import appraisal_councils
from councils import financial_years
from councils.models import Council


@dataclass(frozen=True)
class PeerRow:
    """One service area's row: the council against its peers, and its trend (None without every year's return)."""

    peers: AreaPeers
    trend: AreaTrend | None
    sparkline: str = ""  # inline SVG of the trend, its figures in its text alternative


@dataclass(frozen=True)
class CouncilPeersView:
    council: Council | None  # None only in the copy kept for the process (_worked_out), never in one returned
    peers: CouncilPeers | None  # None where the council has no figures that year (see `problem`)
    rows: tuple[PeerRow, ...] = ()
    trend_years: tuple[int, ...] = ()  # the years of the trend; empty without a return in each of them
    problem: str = ""  # why the council has no figures to compare, in plain words
    chart: str = ""  # its spend against the peers' interquartile range by area (SVG)
    chart_phone: str = ""

    @property
    def has_per_head(self) -> bool:
        return bool(self.peers and self.peers.population)

    @property
    def population(self) -> str:
        """'108,000'."""
        return f"{self.peers.population:,}" if self.has_per_head else ""

    @property
    def trend_span(self) -> str:
        """'2022/23 to 2024/25'."""
        if not self.trend_years:
            return ""
        return f"{financial_years.label(self.trend_years[0])} to {financial_years.label(self.trend_years[-1])}"

    @property
    def columns(self) -> int:
        """The figure columns between the area and the trend: spend, three quartiles, per head, the marker."""
        return 6 if self.has_per_head else 5


@dataclass(frozen=True)
class AppraisalPeers:
    source: BaselineSource
    year: int
    councils: tuple[CouncilPeersView, ...]
    licence: str = data.OGL
    publisher: str = data.PUBLISHER
    dataset: str = data.DATASET
    url: str = data.URL

    @property
    def year_label(self) -> str:
        return financial_years.label(self.year)


def _trend(ons_code: str, authority: data.Authority) -> tuple[tuple[int, ...], dict[str, AreaTrend]]:
    years = data.years()
    if any(y not in authority.years for y in years):
        return (), {}
    by_year = {y: data.council_outturn(ons_code, y).by_area for y in years}
    return years, {t.area: t for t in council_trend(by_year, data.SERVICE_AREAS)}


def council_peers_view(*, council: Council, year: int, with_charts: bool = True) -> CouncilPeersView:
    """One council against its peers in `year`, with its trend; the problem in words where it has no figures."""
    view = _worked_out(council.ons_code, council.name, council.population, year, with_charts)
    return replace(view, council=council)


@lru_cache(maxsize=256)
def _worked_out(ons_code: str, name: str, population: int | None, year: int, with_charts: bool) -> CouncilPeersView:
    """The council's view without the council (None), kept for the process: the published figures never change
    while it runs, and the key holds everything of the council they use, so an edited name or population is worked
    out afresh. The baselines page shows them on every load."""
    try:
        authority = data.authority(ons_code)
        outturn = data.council_outturn(authority.ons_code, year)
    except data.OutturnError as exc:
        return CouncilPeersView(None, None, problem=str(exc))
    peers = council_peers(
        name=name,
        authority_class=authority.authority_class,
        year=year,
        by_area=outturn.by_area,
        class_rows=data.class_year(authority.authority_class, year),
        population=population,
    )
    trend_years, trends = _trend(authority.ons_code, authority)
    rows = []
    for area in peers.areas:
        trend = trends.get(area.area)
        line = charts.sparkline(trend, name) if trend and with_charts else ""
        rows.append(PeerRow(area, trend, line))
    drawn = {"chart": charts.peers_chart(peers), "chart_phone": charts.peers_chart(peers, True)} if with_charts else {}
    return CouncilPeersView(None, peers, tuple(rows), trend_years, **drawn)


def appraisal_peers(*, appraisal: Appraisal, with_charts: bool = True) -> AppraisalPeers | None:
    """The peers of each of the appraisal's councils with an ONS code, in the year its baselines came from; None for
    an appraisal whose baselines were not taken from the published figures, or without such a council."""
    source = BaselineSource.objects.filter(appraisal=appraisal).first()
    if source is None:
        return None
    councils = [c for c in appraisal_councils(appraisal=appraisal) if c.ons_code]
    if not councils:
        return None
    views = tuple(council_peers_view(council=c, year=source.year, with_charts=with_charts) for c in councils)
    return AppraisalPeers(source, source.year, views)
