"""Random malformed cells thrown at the importer: it writes nothing unless the whole workbook is valid."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from appraisal.workbook.apply import WorkbookRejected, workbook_apply, workbook_preview
from appraisal.workbook.contract import SHEETS_BY_NAME
from appraisal.workbook.writer import export_workbook

from .conftest import edit, snapshot

pytestmark = pytest.mark.django_db
SLUG = "darlington-hartlepool-2011"

# Cells an officer might mistype: (sheet, column letters, last data row of the D&H export).
TARGETS = [
    ("Baselines", "ADEFGH", 77),
    ("Deficits", "ABC", 7),
    ("Savings", "ABC", 8),
    ("Councils", "DE", 3),
    ("Services", "C", 39),
    ("Appraisal", "BC", 2),
]
CELLS = st.sampled_from(TARGETS).flatmap(
    lambda t: st.tuples(st.just(t[0]), st.sampled_from(t[1]), st.integers(2, t[2]))
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=10)
VALUES = st.one_of(
    TEXT,
    st.integers(-(10**13), 10**13),
    st.decimals(min_value=-(10**9), max_value=10**9, places=3),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2030, 1, 1)),
    st.none(),
    st.sampled_from(
        [
            "12,3OO",
            "£1,234",
            "(1,234)",
            "-£5",
            "=1+1",
            "=SUM(A1:A2)",
            "",
            " ",
            "DCB",
            "HBC",
            "2011/12",
            "2011-13",
            "1999",
            "limited",
            "Limited value",
            "maybe",
            "#DIV/0!",
            "1e5",
            "£",
            Decimal("-0.01"),
        ]
    ),  # fmt: skip
)


@pytest.fixture
def base(dh_appraisal) -> bytes:
    return export_workbook(appraisal=dh_appraisal)


# Each example exports, edits, previews and applies a whole workbook: half the profile's examples.
@settings(
    max_examples=settings.default.max_examples // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(st.tuples(CELLS, VALUES), min_size=1, max_size=4))
def test_nothing_is_written_unless_the_whole_workbook_is_valid(base, edits):
    changes: dict[str, dict] = {}
    for (sheet, column, row), value in edits:
        changes.setdefault(sheet, {})[f"{column}{row}"] = value
    content = edit(base, changes)
    preview = workbook_preview(content=content, file_name="random.xlsx", slug=SLUG)
    before = snapshot()
    with transaction.atomic():
        try:
            applied = workbook_apply(
                content=content, file_name="random.xlsx", slug=SLUG, fingerprint=preview.fingerprint
            )
        except WorkbookRejected as exc:
            assert preview.problems, "the preview showed no problem, yet the import was refused"
            assert [str(p) for p in exc.problems] == [str(p) for p in preview.problems]
            assert all(p.sheet in SHEETS_BY_NAME and p.row and p.column for p in exc.problems), exc.problems
            assert snapshot() == before
            event("refused")
        else:
            event("applied" if preview.count else "nothing to change")
            assert not preview.problems
            assert applied.plan.count == preview.count
            assert (snapshot() != before) == (preview.count > 0)
        transaction.set_rollback(True)
    assert snapshot() == before
