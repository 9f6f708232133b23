"""The shipped outturn file read with the csv module, not pandas: what the tests check Appraise's figures against."""

import csv

from appraisal.outturn import data


def published(ons_code: str, year: str) -> dict[str, int]:
    """The file's rows for one authority and year (e.g. "2024/25"), by service area, in whole pounds."""
    with data.CSV.open(newline="") as f:
        return {
            r["service_area"]: int(r["net_current_expenditure_gbp"])
            for r in csv.DictReader(f)
            if r["ons_code"] == ons_code and r["financial_year"] == year
        }
