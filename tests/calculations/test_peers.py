"""Peers and year to year (appraisal/calculations/peers.py), against the shipped Revenue Outturn read afresh here."""

from decimal import Decimal

import pandas as pd
import pytest

from appraisal.calculations.peers import council_peers, council_trend, peer_stats
from appraisal.outturn import data

UNITARY = "Unitary Authority"
DARLINGTON, HARTLEPOOL, DURHAM = "E06000005", "E06000001", "E06000047"


@pytest.fixture(scope="module")
def unitaries_2024() -> pd.DataFrame:
    """The unitary authorities' service-area rows for 2024/25, read from the CSV without the product's reader."""
    frame = pd.read_csv(data.CSV)
    return frame[
        (frame["class"] == UNITARY)
        & (frame["financial_year"] == "2024/25")
        & (frame["return_status"] == "submitted")
        & (frame["service_area"] != "Total net current expenditure")
    ]


def _peers(ons_code: str, population: int | None = None):
    found = data.council_outturn(ons_code, 2024)
    rows = data.class_year(UNITARY, 2024)
    return council_peers(
        name=found.authority.name, authority_class=UNITARY, year=2024, by_area=found.by_area, class_rows=rows,
        population=population,
    )  # fmt: skip


def test_the_peer_median_for_a_class_equals_pandas_median_over_its_rows(unitaries_2024):
    stats = peer_stats(data.class_year(UNITARY, 2024))
    for area, rows in unitaries_2024.groupby("service_area"):
        spend = rows["net_current_expenditure_gbp"]
        assert stats[area].median == Decimal(spend.median()), area
        assert stats[area].count == len(spend)
    assert stats["Adult Social Care"].median == Decimal(99_268_000)
    assert stats["Adult Social Care"].count == 61


def test_the_quartiles_equal_pandas_quartiles_over_the_rows(unitaries_2024):
    stats = peer_stats(data.class_year(UNITARY, 2024))
    for area, rows in unitaries_2024.groupby("service_area"):
        spend = rows["net_current_expenditure_gbp"]
        assert stats[area].lower_quartile == Decimal(spend.quantile(0.25)), area
        assert stats[area].upper_quartile == Decimal(spend.quantile(0.75)), area
    # Between two authorities' figures: the three unitaries with a fire service (linear interpolation, exact).
    assert stats["Fire & Rescue"].lower_quartile == Decimal("11748500")
    assert stats["Central Services"].upper_quartile == Decimal(18_430_000)


def test_a_council_above_the_upper_quartile_is_well_above_its_peers():
    durham = _peers(DURHAM)
    central = next(a for a in durham.areas if a.area == "Central Services")
    assert central.spend == Decimal(48_868_000)
    assert central.peers.upper_quartile == Decimal(18_430_000)
    assert central.well_above
    assert "Central Services" in [a.area for a in durham.well_above]
    assert durham.authorities == 61
    assert durham.class_plural == "unitary authorities"


def test_a_council_within_its_peers_is_not_flagged():
    darlington = _peers(DARLINGTON)
    assert darlington.well_above == ()
    adults = next(a for a in darlington.areas if a.area == "Adult Social Care")
    assert adults.spend == Decimal(49_851_000)
    assert not adults.well_above


def test_an_area_the_tier_does_not_provide_has_no_spend_and_no_flag():
    hartlepool = _peers(HARTLEPOOL)
    by_area = {a.area: a for a in hartlepool.areas}
    assert by_area["Other Services"].spend == 0  # MHCLG's residual line: nil where nothing was reported
    for area in ("Police", "Fire & Rescue"):
        assert by_area[area].spend is None
        assert not by_area[area].provided
        assert not by_area[area].well_above
    assert by_area["Police"].peers is None  # no unitary authority reports police spending
    assert len(hartlepool.areas) == len(data.SERVICE_AREAS)


def test_per_head_is_the_councils_own_spend_over_its_population_to_the_penny():
    darlington = _peers(DARLINGTON, population=108_000)
    central = next(a for a in darlington.areas if a.area == "Central Services")
    assert central.per_head == Decimal("85.51")  # £9,235,000 / 108,000 = £85.5092…
    assert next(a for a in darlington.areas if a.area == "Police").per_head is None
    assert next(a for a in _peers(DARLINGTON).areas if a.area == "Central Services").per_head is None


def _trend(ons_code: str):
    by_year = {y: data.council_outturn(ons_code, y).by_area for y in data.years()}
    return {t.area: t for t in council_trend(by_year, data.SERVICE_AREAS)}


def test_the_trend_gives_each_years_spend_and_flags_a_change_of_more_than_20_per_cent():
    children = _trend(HARTLEPOOL)["Children's Social Care"]
    assert [y.spend for y in children.years] == [Decimal(33_108_000), Decimal(40_682_000), Decimal(49_198_000)]
    first, second, third = children.years
    assert first.change_pct is None and not first.jumped
    assert second.jumped and second.rose  # up 22.9%
    assert round(second.change_pct, 1) == Decimal("22.9")
    assert third.jumped  # up 20.9%
    adults = _trend(HARTLEPOOL)["Adult Social Care"]
    assert [y.jumped for y in adults.years] == [False, True, False]  # up 20.3%, then 11.4%


def test_a_change_of_exactly_20_per_cent_is_not_flagged_and_a_fall_is():
    by_year = {2022: {"A": Decimal(100), "B": Decimal(100)}, 2023: {"A": Decimal(120), "B": Decimal(79)}}
    trend = {t.area: t for t in council_trend(by_year, ["A", "B"])}
    assert not trend["A"].years[1].jumped
    assert trend["B"].years[1].jumped and not trend["B"].years[1].rose
    assert trend["B"].years[1].change_size == Decimal(21)


def test_no_change_is_worked_out_from_an_area_not_provided_or_nil():
    by_year = {2022: {"A": None, "B": Decimal(0)}, 2023: {"A": Decimal(5), "B": Decimal(5)}}
    trend = {t.area: t for t in council_trend(by_year, ["A", "B"])}
    assert trend["A"].years[1].change_pct is None and trend["B"].years[1].change_pct is None
    assert trend["A"].jumps == ()
