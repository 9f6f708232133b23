"""The history is counted and paged by the database: a long history costs the same few queries as a short one, and
its first and last pages hold the right changes."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from appraisal.history.selectors import history_entries
from councils.models import Council, FundingDeficit
from tests.history.test_history import HISTORY, history_rows

pytestmark = pytest.mark.django_db

MANY = 2000
QUERIES = 22  # sign-in, the appraisal, its councils, the filters' people, count, page, names, a table each at most


def many_deficit_changes(n: int = MANY) -> FundingDeficit:
    """n changes to DBC's 2014/15 deficit after everything else, a second apart, written in bulk: £1, £2, … £n."""
    deficit = FundingDeficit.objects.get(council__code="DBC", year=2014)
    start = timezone.now()
    records = [
        FundingDeficit.history.model(
            id=deficit.pk, council_id=deficit.council_id, year=2014, amount=Decimal(i), version=deficit.version + i,
            history_type="~", history_date=start + datetime.timedelta(seconds=i),
            history_change_reason="Workbook upload",
        )
        for i in range(1, n + 1)
    ]  # fmt: skip
    FundingDeficit.history.model.objects.bulk_create(records, batch_size=500)
    return deficit


def test_the_count_and_the_first_and_last_pages_of_a_long_history(sign_in, dh_appraisal):
    client = sign_in("member", "HBC")
    before = history_entries(appraisal=dh_appraisal).count()
    many_deficit_changes()
    total = before + MANY
    first = client.get(HISTORY)
    assert f"Showing 1 to 50 of {total} changes." in first.content.decode()
    rows = history_rows(first)
    assert len(rows) == 50
    assert rows[0][1:] == ["System Source: Workbook upload", "Funding deficit DBC · 2014/15 Deficit", "£1,999 → £2,000"]
    assert rows[49][3] == "£1,950 → £1,951"
    pages = -(-total // 50)
    last = client.get(HISTORY, {"page": pages})
    assert f"Page {pages} of {pages}" in last.content.decode()
    assert len(history_rows(last)) == total - 50 * (pages - 1)
    # The oldest changes are the demo's, loaded before the 2,000 edits
    assert all(row[1] == "System Source: Demo data" for row in history_rows(last))


def test_a_filtered_page_deep_in_a_long_history_reads_the_right_changes(sign_in, dh_appraisal):
    client = sign_in("member", "HBC")
    many_deficit_changes()
    page = client.get(HISTORY, {"council": "DBC", "kind": "deficits", "page": 30})
    rows = history_rows(page)
    # Page 30 of DBC's deficits, newest first: the 1,451st to the 1,500th newest of the 2,000 changes.
    assert [row[3] for row in rows[:2]] == ["£549 → £550", "£548 → £549"]
    assert rows[-1][3] == "£500 → £501"


def test_a_long_history_costs_no_more_queries_than_a_short_one(sign_in, django_assert_max_num_queries):
    client = sign_in("member", "HBC")
    with django_assert_max_num_queries(QUERIES):
        client.get(HISTORY)
    many_deficit_changes()
    for params in ({}, {"page": 41}, {"council": "DBC", "kind": "deficits", "page": 7}, {"person": "system"}):
        with django_assert_max_num_queries(QUERIES):
            assert client.get(HISTORY, params).status_code == 200


def test_a_change_before_a_page_is_diffed_against_the_change_before_it_on_another_page(sign_in):
    """The page's oldest change still shows what it changed from, though that change is on the next page."""
    client = sign_in("member", "HBC")
    many_deficit_changes(60)
    rows = history_rows(client.get(HISTORY))
    assert rows[49][3] == "£10 → £11"
    assert history_rows(client.get(HISTORY, {"page": 2}))[0][3] == "£9 → £10"
    assert Council.objects.filter(code="DBC").exists()
