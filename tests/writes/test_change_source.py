"""Where a change came from: change_source() gives every history record written inside it its source, saved one by
one, removed or written in bulk; outside any source a record has none."""

from decimal import Decimal

import pytest

from appraise.writes import COMMAND_LINE, WORKBOOK, change_source, current_change_source
from councils.models import Council, FundingDeficit
from councils.services import funding_deficit_update
from services.models import Baseline
from services.services import BaselineFigures, BaselineUpdate, baseline_bulk_apply

pytestmark = pytest.mark.django_db


def newest_reason(model, **where) -> str | None:
    return model.history.filter(**where).order_by("-history_date", "-history_id").first().history_change_reason


def test_the_innermost_source_holds_and_the_outer_one_comes_back():
    assert current_change_source() == ""
    with change_source(COMMAND_LINE):
        with change_source(WORKBOOK):
            assert current_change_source() == WORKBOOK
        assert current_change_source() == COMMAND_LINE
    assert current_change_source() == ""


def test_a_source_is_cleared_when_its_block_fails():
    with pytest.raises(RuntimeError), change_source(WORKBOOK):
        raise RuntimeError
    assert current_change_source() == ""


def test_a_change_saved_or_removed_inside_a_source_records_it(dh_appraisal):
    dbc = Council.objects.get(code="DBC")
    with change_source(COMMAND_LINE):
        funding_deficit_update(council=dbc, year=2014, amount=Decimal(1), expected_version=1, user=None)
        funding_deficit_update(council=dbc, year=2012, amount=None, expected_version=1, user=None)
    assert newest_reason(FundingDeficit, council=dbc, year=2014) == COMMAND_LINE
    assert newest_reason(FundingDeficit, council=dbc, year=2012) == COMMAND_LINE


def test_a_change_outside_any_source_records_none(dh_appraisal):
    dbc = Council.objects.get(code="DBC")
    funding_deficit_update(council=dbc, year=2014, amount=Decimal(1), expected_version=1, user=None)
    assert newest_reason(FundingDeficit, council=dbc, year=2014) is None


def test_a_bulk_write_inside_a_source_records_it(dh_appraisal):
    row = Baseline.objects.filter(council__code="DBC").first()
    figures = BaselineFigures(row.gross_budget, Decimal(7), row.fte, row.third_party_spend)
    update = BaselineUpdate(row.pk, row.council_id, row.service_id, row.year, figures, row.version)
    with change_source(WORKBOOK):
        baseline_bulk_apply(creates=[], updates=[update])
    assert newest_reason(Baseline, id=row.pk) == WORKBOOK
