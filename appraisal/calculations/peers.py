"""Peers and year to year (issue 21): a council's net spend by service area beside the median and quartiles of all
authorities of its class (MHCLG's class: Unitary Authority, Shire District, …) that year, flagged where it is above
the upper quartile; and each area's spend in each year, flagged where it changed by more than 20% in a year.

Pure: plain values and a pandas frame of the class's rows in (appraisal/outturn/data.class_year: submitted returns,
service areas only), frozen dataclasses out. The quartiles are pandas' own (Series.quantile with its default linear
interpolation), so anyone working them out from the published file with pandas gets the same figures. They are kept
exact (a quartile can fall between two authorities' figures: £11,748,500.50) and rounded only when shown.

Per head is the council's own spend divided by its population: the published figures carry no populations, so the
peers' spend per head cannot be worked out, and the page says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

QUARTILES = (0.25, 0.5, 0.75)
# A change of more than this share of the year before, up or down, is flagged: a baseline that jumped.
JUMP_PCT = Decimal(20)
PENNY = Decimal("0.01")

# MHCLG's classes as the page names their members ("the 61 unitary authorities").
CLASS_PLURALS = {
    "Unitary Authority": "unitary authorities",
    "Shire District": "shire districts",
    "Shire County": "shire counties",
    "Met District": "metropolitan districts",
    "London": "London boroughs",
}


@dataclass(frozen=True)
class PeerStats:
    """The spread of one service area's net spend across the authorities of a class that reported it."""

    count: int  # authorities of the class that reported net spend in the area
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal


@dataclass(frozen=True)
class AreaPeers:
    area: str
    spend: Decimal | None  # the council's net spend; None: not provided by its tier
    peers: PeerStats | None  # None where no authority of the class reported the area
    per_head: Decimal | None  # the council's spend per resident, to the penny; None without a population
    well_above: bool  # its spend is above the peers' upper quartile

    @property
    def provided(self) -> bool:
        return self.spend is not None


@dataclass(frozen=True)
class CouncilPeers:
    name: str
    authority_class: str
    year: int
    authorities: int  # authorities of the class that submitted a return that year (the council among them)
    population: int | None
    areas: tuple[AreaPeers, ...]

    @property
    def class_plural(self) -> str:
        return CLASS_PLURALS.get(self.authority_class, self.authority_class.lower())

    @property
    def well_above(self) -> tuple[AreaPeers, ...]:
        return tuple(a for a in self.areas if a.well_above)


@dataclass(frozen=True)
class YearSpend:
    year: int
    spend: Decimal | None  # None: not provided by the tier that year
    change_pct: Decimal | None  # the change on the year before, % of its spend; None for the first or no base
    jumped: bool  # changed by more than JUMP_PCT

    @property
    def rose(self) -> bool:
        return self.change_pct is not None and self.change_pct > 0

    @property
    def change_size(self) -> Decimal | None:
        return None if self.change_pct is None else abs(self.change_pct)


@dataclass(frozen=True)
class AreaTrend:
    area: str
    years: tuple[YearSpend, ...]

    @property
    def jumps(self) -> tuple[YearSpend, ...]:
        return tuple(y for y in self.years if y.jumped)


def _exact(value: float) -> Decimal:
    # pandas' linear quartiles of whole pounds fall on quarters of a pound, held exactly by a float (and so by
    # the Decimal made from it) at any council's size.
    return Decimal(float(value))


def peer_stats(class_rows: pd.DataFrame) -> dict[str, PeerStats]:
    """Each service area's count, lower quartile, median and upper quartile over the class's rows."""
    spend = class_rows.groupby("service_area", observed=True)["net_current_expenditure_gbp"]
    quartiles = spend.quantile(list(QUARTILES)).unstack()
    counts = spend.size()
    return {
        str(area): PeerStats(int(counts[area]), *(_exact(row[q]) for q in QUARTILES))
        for area, row in quartiles.iterrows()
    }


def per_head(spend: Decimal | None, population: int | None) -> Decimal | None:
    if spend is None or not population:
        return None
    return (spend / Decimal(population)).quantize(PENNY, rounding=ROUND_HALF_UP)


def council_peers(
    *,
    name: str,
    authority_class: str,
    year: int,
    by_area: Mapping[str, Decimal | None],
    class_rows: pd.DataFrame,
    population: int | None = None,
) -> CouncilPeers:
    """The council's spend in each area (in by_area's order) beside its class's quartiles that year."""
    stats = peer_stats(class_rows)
    areas = []
    for area, spend in by_area.items():
        peers = stats.get(area)
        above = spend is not None and peers is not None and spend > peers.upper_quartile
        areas.append(AreaPeers(area, spend, peers, per_head(spend, population), above))
    authorities = int(class_rows["ons_code"].nunique())
    return CouncilPeers(name, authority_class, year, authorities, population, tuple(areas))


def _change_pct(before: Decimal | None, now: Decimal | None) -> Decimal | None:
    if before is None or now is None or before == 0:
        return None
    return (now - before) * 100 / abs(before)


def council_trend(by_year: Mapping[int, Mapping[str, Decimal | None]], areas: Sequence[str]) -> tuple[AreaTrend, ...]:
    """Each area's spend in each year (by_year: year -> area -> spend), with its change on the year before."""
    years = sorted(by_year)
    trends = []
    for area in areas:
        rows, before = [], None
        for year in years:
            now = by_year[year].get(area)
            change = _change_pct(before, now)
            rows.append(YearSpend(year, now, change, change is not None and abs(change) > JUMP_PCT))
            before = now
        trends.append(AreaTrend(area, tuple(rows)))
    return tuple(trends)
