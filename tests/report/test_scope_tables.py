"""The report's scope: two tables as seed 001 §2.3 sets them out, one row per cluster, each reason once."""

import re

import pytest

from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data

pytestmark = pytest.mark.django_db


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """Each body row of the table: its cells' texts, list items joined with ' | '."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    body = table[table.index("<tbody>") :]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([" | ".join(re.findall(r"<li>(.*?)</li>", c)) or re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def test_key_services_by_cluster_with_their_approaches(dh_appraisal):
    data = cabinet_report_data(appraisal=dh_appraisal)
    rows = table_rows(report_html(data, for_pdf=True), "key-services-table")
    assert [r[0] for r in rows] == [
        "Strategic Management", "Children &amp; Young People &amp; Adult Services", "Corporate Services",
        "Culture &amp; Leisure", "Environment",
    ]  # fmt: skip
    corporate = rows[2]
    assert corporate[1] == "HR | Finance | ICT | Revenues &amp; Benefits | Property management | Procurement"
    # HR and Finance give the same approach: it is listed once.
    assert corporate[2].split(" | ")[0] == "Scale, standardisation and self-service"
    assert len(corporate[2].split(" | ")) == 5


def test_limited_value_excluded_and_out_of_scope_services_with_the_challenge(dh_appraisal):
    data = cabinet_report_data(appraisal=dh_appraisal)
    rows = table_rows(report_html(data, for_pdf=True), "other-services-table")
    regeneration_name = "Regeneration, Regulatory, Planning &amp; Infrastructure"
    assert [r[0] for r in rows] == ["Corporate Services", regeneration_name, "Housing", "Out of scope expenditure"]
    assert rows[0][1] == "Democratic services | Communications and PR | Policy | Legal | Customer services"
    regeneration = rows[1]
    assert regeneration[1].endswith("Housing advice and homelessness")
    assert "Statutory housing functions; could be looked at for sharing later" in regeneration[2]
    # Seed 001 §2.3 lists Housing on its own, excluded; the demo holds no budget for it, yet the table shows it.
    assert rows[2][1] == "Social housing management and delivery (excluded)"
    assert "Darlington" in rows[2][2]
    # The cluster's name already says it is out of scope: not said twice.
    assert rows[3][1] == "Levies and precepts | Capital financing | Corporate contingencies"
    assert rows[3][2] == "Set by other bodies | Debt charges are each council&#x27;s own | Held by each council"
