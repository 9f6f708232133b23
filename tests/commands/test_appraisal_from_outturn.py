"""appraisal_from_outturn (the command): creates the appraisal from the published figures and says what it made; a
problem is printed in plain words, the command fails and nothing is created."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from appraisal.models import Appraisal, NotProvided
from appraisal.outturn import data
from councils.models import Council
from services.models import Baseline

pytestmark = pytest.mark.django_db


def published(year: str, *codes: str) -> dict[tuple[str, str], int]:
    """(ONS code, service area) -> net current expenditure, read from the shipped file with the csv module."""
    with data.CSV.open(newline="") as f:
        return {
            (r["ons_code"], r["service_area"]): int(r["net_current_expenditure_gbp"])
            for r in csv.DictReader(f)
            if r["ons_code"] in codes and r["financial_year"] == year
        }


def run(*args) -> str:
    out = io.StringIO()
    call_command("appraisal_from_outturn", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_creates_baselines_equal_to_the_published_rows_to_the_pound():
    out = run("--councils", "E06000005,E06000001", "--year", "2024/25", "--slug", "dh-2024")
    rows = published("2024/25", "E06000005", "E06000001")
    held = {
        (b.council.ons_code, b.service.name): int(b.net_budget)
        for b in Baseline.objects.filter(year=2024).select_related("council", "service")
    }
    # Every published row, and nil where Hartlepool reported nothing in Other Services (MHCLG's residual line).
    assert held == {("E06000001", "Other Services"): 0} | {k: v for k, v in rows.items() if k[1] != data.TOTAL}
    for code in ("E06000005", "E06000001"):
        assert Council.objects.get(ons_code=code).net_revenue_budget == Decimal(rows[(code, data.TOTAL)])
    assert "Created 'Shared services: Darlington and Hartlepool' (dh-2024), baselines 2024/25." in out
    assert "  Darlington Council (DARL, E06000005): created; net revenue budget £211,739,000" in out
    areas = {area for _, area in held}
    assert f"{len(areas)} services, {len(held)} baselines, 0 not provided" in out
    assert not NotProvided.objects.exists()  # two unitaries: each provides every area the other does
    assert data.OGL in out


def test_the_command_takes_a_title_and_counts_what_a_tier_does_not_provide():
    out = run("--councils", "E07000011, E10000003", "--year", "2024", "--slug", "hunts", "--title", "Hunts and Cambs")
    assert Appraisal.objects.get(slug="hunts").title == "Hunts and Cambs"
    assert NotProvided.objects.count() == 4
    assert "4 not provided by a council's tier." in out


def test_a_council_that_did_not_submit_fails_the_command_with_its_name_and_year_and_creates_nothing():
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem; nothing was created."):
        call_command(
            "appraisal_from_outturn",
            "--councils",
            "E06000005,E06000039",
            "--year",
            "2024/25",
            "--slug",
            "ds",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert "Slough UA did not submit its return for 2024/25." in err.getvalue()
    assert (Appraisal.objects.count(), Council.objects.count(), Baseline.objects.count()) == (0, 0, 0)


def test_a_year_that_is_not_a_financial_year_fails_the_command():
    with pytest.raises(CommandError, match="'2024/26' is not a financial year"):
        run("--councils", "E06000005,E06000001", "--year", "2024/26", "--slug", "dh")
