"""MHCLG's Revenue Outturn shipped with the product (issue 21): every English authority's net current expenditure by
service area, 2022/23 to 2024/25, read once with pandas from data/net-expenditure-by-service-area.csv (see
data/README.md for its source and licence). Works offline: nothing is fetched.

The 13 service areas do not add up to "Total net current expenditure" (MHCLG's own line, which holds items not
broken down into the areas): the areas are the baselines, the total is the council-wide net revenue budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from councils import financial_years

CSV = Path(__file__).resolve().parent / "data" / "net-expenditure-by-service-area.csv"

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
DATASET = "Local authority revenue expenditure and financing England: Revenue Outturn time-series"
PUBLISHER = "Ministry of Housing, Communities and Local Government"
URL = "https://www.gov.uk/government/collections/local-authority-revenue-expenditure-and-financing"

TOTAL = "Total net current expenditure"
SUBMITTED = "submitted"

# The 13 service areas grouped into the clusters an appraisal starts from (officers regroup them in the grid).
CLUSTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Corporate", ("Central Services", "Other Services")),
    ("People", ("Adult Social Care", "Children's Social Care", "Education", "Public Health")),
    (
        "Place",
        (
            "Highways & Transport",
            "Environmental & Regulatory",
            "Planning & Development",
            "Housing Services",
            "Cultural & Related",
        ),
    ),
    ("Emergency services", ("Fire & Rescue", "Police")),
)
SERVICE_AREAS = tuple(area for _, areas in CLUSTERS for area in areas)

# MHCLG's class of authority -> the council's type in Appraise ("Other" bodies, such as fire and police
# authorities and combined authorities, are not councils that share services and cannot be chosen).
COUNCIL_TYPES = {
    "Unitary Authority": "unitary",
    "Shire District": "district",
    "Shire County": "county",
    "Met District": "metropolitan",
    "London": "london_borough",
}

# A tier provides a service area when at least half of the authorities of its class that submitted a return that
# year report net expenditure in it: so a district's education or a unitary's police is "not provided by this
# tier", while an area a council of a providing tier left blank is nil.
PROVIDED_SHARE = 0.5
# "Other Services" is MHCLG's residual line, which any tier reports only when it has something to put there (fewer
# than half of every class do): a council that left it blank spent nil there, it is not a service its tier lacks.
ANY_TIER = frozenset({"Other Services"})


class OutturnError(ValueError):
    """A request the published figures cannot answer, with the reason in plain words."""


@dataclass(frozen=True)
class Authority:
    ons_code: str
    name: str  # as MHCLG names it ("Darlington UA")
    authority_class: str  # "Unitary Authority", "Shire District", …
    council_type: str | None  # Council.CouncilType value; None for "Other" bodies
    years: tuple[int, ...]  # the years it submitted a return


@dataclass(frozen=True)
class CouncilOutturn:
    authority: Authority
    year: int
    total: Decimal  # total net current expenditure: the council's net revenue budget
    by_area: dict[str, Decimal | None]  # every service area; None: not provided by this tier


@lru_cache(maxsize=1)
def outturn() -> pd.DataFrame:
    """The whole file, one row per authority, year and service area; `year` the starting year (2024 = 2024/25)."""
    frame = pd.read_csv(
        CSV,
        dtype={
            "financial_year": "category",
            "ons_code": "string",
            "lgf_code": "string",
            "authority": "string",
            "class": "category",
            "subclass": "category",
            "return_status": "category",
            "service_area": "category",
            "net_current_expenditure_gbp": "int64",
        },
    )
    labels = frame["financial_year"].cat.categories
    frame["year"] = frame["financial_year"].cat.rename_categories([financial_years.parse(y) for y in labels])
    frame["year"] = frame["year"].astype("int16")
    return frame


def years() -> tuple[int, ...]:
    return tuple(sorted(int(y) for y in outturn()["year"].unique()))


@lru_cache(maxsize=1)
def _authorities() -> dict[str, Authority]:
    totals = outturn()[outturn()["service_area"] == TOTAL]
    latest = totals.sort_values("year", kind="stable").drop_duplicates("ons_code", keep="last")
    submitted = (
        totals[totals["return_status"] == SUBMITTED]
        .groupby("ons_code")["year"]
        .agg(lambda ys: tuple(sorted(int(y) for y in ys)))
    )
    return {
        str(code): Authority(str(code), str(name), str(cls), COUNCIL_TYPES.get(str(cls)), submitted.get(code, ()))
        for code, name, cls in zip(latest["ons_code"], latest["authority"], latest["class"], strict=True)
    }


def authorities(*, councils_only: bool = True) -> list[Authority]:
    """Every authority in the data, by name; only councils (not "Other" bodies) unless asked."""
    found = [a for a in _authorities().values() if a.council_type or not councils_only]
    return sorted(found, key=lambda a: a.name)


def authority(ons_code: str) -> Authority:
    found = _authorities().get(ons_code.strip().upper())
    if found is None:
        raise OutturnError(f"No English authority has the ONS code '{ons_code}' in the published figures.")
    return found


def search(query: str, *, limit: int = 10) -> list[Authority]:
    """Councils whose name (or ONS code) holds every word typed, names starting with the first word first."""
    words = query.lower().split()
    if not words:
        return []
    found = [a for a in authorities() if all(w in a.name.lower() or w == a.ons_code.lower() for w in words)]
    found.sort(key=lambda a: (not a.name.lower().startswith(words[0]), a.name))
    return found[:limit]


@lru_cache(maxsize=32)
def provided_areas(authority_class: str, year: int) -> frozenset[str]:
    """The service areas the tier provides that year (PROVIDED_SHARE of its class report them)."""
    frame = outturn()
    rows = frame[(frame["class"] == authority_class) & (frame["year"] == year)]
    submitted = rows.loc[rows["return_status"] == SUBMITTED, "ons_code"].nunique()
    if not submitted:
        return frozenset()
    counts = rows[rows["service_area"] != TOTAL].groupby("service_area", observed=True)["ons_code"].nunique()
    return ANY_TIER | {str(area) for area, n in counts.items() if n >= PROVIDED_SHARE * submitted}


def council_outturn(ons_code: str, year: int) -> CouncilOutturn:
    """A council's net expenditure by service area that year; refused for a body that is not a council, or a year it
    did not submit its return."""
    found = authority(ons_code)
    if found.council_type is None:
        raise OutturnError(f"{found.name} is not a council ({found.authority_class.lower()} body).")
    if year not in years():
        known = ", ".join(financial_years.label(y) for y in years())
        raise OutturnError(f"The published figures cover {known}, not {financial_years.label(year)}.")
    if year not in found.years:
        raise OutturnError(f"{found.name} did not submit its return for {financial_years.label(year)}.")
    frame = outturn()
    rows = frame[(frame["ons_code"] == found.ons_code) & (frame["year"] == year)]
    values = dict(zip(rows["service_area"].astype(str), rows["net_current_expenditure_gbp"], strict=True))
    provided = provided_areas(found.authority_class, year)
    by_area = {
        area: Decimal(int(values[area])) if area in values else (Decimal(0) if area in provided else None)
        for area in SERVICE_AREAS
    }
    return CouncilOutturn(found, year, Decimal(int(values[TOTAL])), by_area)


def class_year(authority_class: str, year: int) -> pd.DataFrame:
    """The submitted rows of one class of authority in one year (service areas only): what peers are measured by."""
    frame = outturn()
    rows = frame[
        (frame["class"] == authority_class)
        & (frame["year"] == year)
        & (frame["return_status"] == SUBMITTED)
        & (frame["service_area"] != TOTAL)
    ]
    return rows[["ons_code", "authority", "service_area", "net_current_expenditure_gbp"]]
