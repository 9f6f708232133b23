"""Helpers for the workbook tests: build and edit workbooks, and photograph the database to prove nothing changed."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from appraisal.models import (
    Appraisal,
    AppraisalCouncil,
    SavingsRange,
    ServiceScope,
    WorkbookUpload,
)
from appraisal.workbook import contract
from appraisal.workbook.writer import export_workbook
from councils.models import Council, FundingDeficit
from councils.services import user_role_set
from services.models import Baseline, Service, ServiceCluster


def build(sheets: dict[str, list[list]]) -> bytes:
    """A workbook from rows of values, one entry per sheet (the first row is the header)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def minimal(**overrides) -> dict[str, list[list]]:
    """A small valid workbook's sheets for Darlington and Hartlepool (two baselines), to be varied by tests."""
    sheets = {
        "Councils": [
            contract.COUNCILS.column_names,
            ["DBC", "Darlington Borough Council", "unitary", 72604370, 254800000],
            ["HBC", "Hartlepool Borough Council", "unitary", 83893676, 285300000],
        ],
        "Deficits": [contract.DEFICITS.column_names, ["DBC", "2014/15", 10400000], ["HBC", "2014/15", 12100000]],
        "Services": [
            contract.SERVICES.column_names,
            ["Strategic Management", "Directors and assistant directors", "key"],
        ],
        "Baselines": [
            contract.BASELINES.column_names,
            [
                "DBC",
                "Strategic Management",
                "Directors and assistant directors",
                "2011/12",
                1051761,
                973853,
                9.7,
                31553,
            ],
            [
                "HBC",
                "Strategic Management",
                "Directors and assistant directors",
                "2011/12",
                1094727,
                1013633,
                10.1,
                32842,
            ],
        ],
        "Savings": [contract.SAVINGS.column_names, ["Strategic Management", 1100000, 1600000]],
    }
    sheets.update(overrides)
    return sheets


def edit(content: bytes, changes: dict[str, dict[str, object]]) -> bytes:
    """The workbook with some cells set: {"Baselines": {"E3": "12,3OO"}}."""
    wb = load_workbook(io.BytesIO(content))
    for sheet, cells in changes.items():
        for ref, value in cells.items():
            wb[sheet][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def find_row(content: bytes, sheet: str, **match) -> int:
    """The row number of the first row whose named columns hold these values."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    rows = wb[sheet].iter_rows(values_only=True)
    header = list(next(rows))
    for number, values in enumerate(rows, start=2):
        if all(values[header.index(k)] == v for k, v in match.items()):
            return number
    raise AssertionError(f"no row in {sheet} with {match}")


def sheet_rows(content: bytes, sheet: str) -> list[tuple]:
    """A sheet's rows below its header, as values."""
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return [row for row in wb[sheet].iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]


def appraise_json_text(slug: str, scenario: str | None = None) -> str:
    """What `manage.py appraise SLUG --format json [--scenario NAME]` prints, exactly."""
    out = io.StringIO()
    call_command("appraise", slug, "--format", "json", *(["--scenario", scenario] if scenario else []), stdout=out)
    return out.getvalue()


# --- The upload pages, as a person uses them -----------------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload_page(client, content: bytes, *, slug: str, new: bool = False):
    """Upload a workbook on an appraisal's page (or, new=True, import a new appraisal with that slug); the response
    and the upload it made."""
    workbook = SimpleUploadedFile("figures.xlsx", content, content_type=XLSX)
    if new:
        response = client.post(reverse("workbook_import_new"), {"slug": slug, "workbook": workbook})
    else:
        response = client.post(reverse("workbook_upload", args=[slug]), {"workbook": workbook})
    return response, WorkbookUpload.objects.order_by("-created_at").first()


def preview_page(client, upload):
    return client.get(reverse("workbook_preview", args=[upload.pk]))


def confirm_page(client, upload):
    """Press "Confirm" on the preview, with the fingerprint the preview gave; follows the redirect."""
    preview = preview_page(client, upload).content.decode()
    found = re.search(r'name="fingerprint" value="(\w+)"', preview)
    data = {"fingerprint": found.group(1)} if found else {}
    return client.post(reverse("workbook_confirm", args=[upload.pk]), data, follow=True)


def snapshot() -> dict:
    """Every row an import could touch, with versions and history counts: equal snapshots mean nothing changed."""
    return {
        "appraisals": sorted(Appraisal.objects.values_list("slug", "title", "base_year", "deficit_year")),
        "memberships": sorted(AppraisalCouncil.objects.values_list("appraisal_id", "council_id", "position")),
        "councils": sorted(Council.objects.values_list("code", "name", "net_revenue_budget", "gross_budget")),
        "deficits": sorted(FundingDeficit.objects.values_list("council_id", "year", "amount", "version")),
        "clusters": sorted(ServiceCluster.objects.values_list("name", "out_of_scope")),
        "services": sorted(Service.objects.values_list("cluster_id", "name", "scope", "scope_reason")),
        "baselines": sorted(
            Baseline.objects.values_list(
                "council_id", "service_id", "year", "gross_budget", "net_budget", "fte", "third_party_spend", "version"
            )
        ),
        "savings": sorted(
            SavingsRange.objects.values_list("appraisal_id", "cluster_id", "min_saving", "max_saving", "version")
        ),
        "scopes": sorted(ServiceScope.objects.values_list("appraisal_id", "service_id", "scope", "reason")),
        "history": (
            Baseline.history.count(),
            FundingDeficit.history.count(),
            SavingsRange.history.count(),
            ServiceScope.history.count(),
        ),
    }


@pytest.fixture
def dh_export(dh_appraisal) -> bytes:
    return export_workbook(appraisal=dh_appraisal)


@pytest.fixture
def dbc_officer(django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("dbc-officer", password="pw")
    user_role_set(user=user, role="officer", council=Council.objects.get(code="DBC"))
    return user


@pytest.fixture
def dbc_member(django_user_model, dh_appraisal):
    user = django_user_model.objects.create_user("dbc-member", password="pw")
    user_role_set(user=user, role="member", council=Council.objects.get(code="DBC"))
    return user


@pytest.fixture
def outsider(django_user_model, dh_appraisal):
    """An officer of a council that is not in the appraisal."""
    council = Council.objects.create(
        code="SBC", name="Stockton-on-Tees Borough Council", slug="stockton", council_type="unitary"
    )
    user = django_user_model.objects.create_user("sbc-officer", password="pw")
    user_role_set(user=user, role="officer", council=council)
    return user


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("workbook-admin", "wb-admin@example.org", "pw")
