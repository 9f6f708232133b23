"""Against similar councils on the baselines page (issue 21): each council's net spend by area beside its class's
quartiles, per head, the marker in words, the trend, the chart and the licence statement."""

import re
from html import unescape

import pytest

from appraisal.models import BaselineSource
from appraisal.outturn import data
from councils.models import Council

DARLINGTON, HARTLEPOOL, DURHAM = "E06000005", "E06000001", "E06000047"


def from_published_figures(appraisal, codes=None, year=2024):
    """The appraisal as if its baselines had been taken from the published figures: its councils' ONS codes and
    where the baselines came from."""
    codes = codes or {"DBC": DARLINGTON, "HBC": HARTLEPOOL}
    for code, ons_code in codes.items():
        Council.objects.filter(code=code).update(ons_code=ons_code)
    BaselineSource.objects.create(
        appraisal=appraisal, dataset=data.DATASET, publisher=data.PUBLISHER, year=year, licence=data.OGL, url=data.URL
    )
    return appraisal


def page(client, appraisal, **headers) -> str:
    response = client.get(f"/appraisals/{appraisal.slug}/baselines/", **headers)
    assert response.status_code == 200
    return response.content.decode()


def row(html: str, council: Council, area: str) -> str:
    """The text of the council's peers row for an area, tags dropped and spaces squeezed."""
    table = re.search(rf'<table class="table" id="peers-table-{council.pk}">(.*?)</table>', html, re.S).group(1)
    for tr in re.findall(r"<tr id=\"peers-.*?</tr>", table, re.S):
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", tr)).split())
        if text.startswith(area):
            return text
    raise AssertionError(f"no row for {area}")


@pytest.fixture
def officer(signed_in):
    return signed_in("officer")


def test_the_section_shows_each_councils_spend_beside_its_peers_in_pounds(officer, dh_appraisal):
    from_published_figures(dh_appraisal)
    html = page(officer, dh_appraisal)
    assert "Against similar councils" in html
    darlington = Council.objects.get(code="DBC")
    # Darlington's adult social care £49,851,000 against the 61 unitaries' £73,267,000, £99,268,000 and £155,880,000.
    adults = row(html, darlington, "Adult Social Care")
    assert adults.startswith("Adult Social Care £49,851,000 £73,267,000 £99,268,000 £155,880,000")
    assert "the 61 unitary authorities that submitted a return for 2024/25" in html
    assert "Well above its peers</strong>" not in html  # Darlington and Hartlepool spend within their peers


def test_the_licence_statement_and_source_are_beneath_the_figures(officer, dh_appraisal):
    from_published_figures(dh_appraisal)
    html = page(officer, dh_appraisal)
    source = re.search(r'id="peers-source">(.*?)</p>', html, re.S).group(1)
    assert data.OGL in source
    assert "Ministry of Housing, Communities and Local Government" in source
    assert "2024/25" in source


def test_an_area_the_tier_does_not_provide_reads_as_such(officer, dh_appraisal):
    from_published_figures(dh_appraisal)
    html = page(officer, dh_appraisal)
    hartlepool = Council.objects.get(code="HBC")
    assert row(html, hartlepool, "Police").startswith("Police Not provided by this tier")
    # Other Services is MHCLG's residual line: Hartlepool reported nothing there, so nil, not "not provided"; fewer
    # than half of the unitaries report it, and the row says how many did.
    assert row(html, hartlepool, "Other Services").startswith("Other Services (29 reported it) £0 ")
    assert row(html, Council.objects.get(code="DBC"), "Other Services").startswith(
        "Other Services (29 reported it) -£1,109,000"
    )


def test_a_council_above_its_peers_upper_quartile_is_marked_in_words(officer, dh_appraisal):
    from_published_figures(dh_appraisal, {"DBC": DARLINGTON, "HBC": DURHAM})
    html = page(officer, dh_appraisal)
    durham = Council.objects.get(code="HBC")
    central = row(html, durham, "Central Services")
    assert central.startswith("Central Services £48,868,000 £7,099,000 £12,528,000 £18,430,000")
    assert "Well above its peers" in central
    assert "Well above its peers" not in row(html, Council.objects.get(code="DBC"), "Central Services")


def test_per_head_shows_only_where_a_population_is_held_and_says_why_it_is_the_councils_own(officer, dh_appraisal):
    from_published_figures(dh_appraisal)
    Council.objects.filter(code="DBC").update(population=108_000)
    html = page(officer, dh_appraisal)
    assert "Central Services £9,235,000 £7,099,000 £12,528,000 £18,430,000 £85.51" in row(
        html, Council.objects.get(code="DBC"), "Central Services"
    )
    assert "its peers' spend per head cannot be shown beside it" in html
    assert html.count('<th scope="col" class="num">Per head</th>') == 1  # Hartlepool has no population held


def test_the_trend_gives_the_three_years_figures_and_marks_a_jump(officer, dh_appraisal):
    from_published_figures(dh_appraisal)
    html = page(officer, dh_appraisal)
    children = row(html, Council.objects.get(code="HBC"), "Children's Social Care")
    assert "2022/23 £33,108,000 2023/24 £40,682,000 2024/25 £49,198,000" in children
    assert "Up 22.9% in 2023/24" in children and "Up 20.9% in 2024/25" in children
    # The sparkline's text alternative gives the same three figures.
    labels = [unescape(label) for label in re.findall(r'<svg class="sparkline" role="img" aria-label="([^"]+)"', html)]
    spoken = (
        "Hartlepool Borough Council, Children's Social Care: 2022/23 £33,108,000; 2023/24 £40,682,000; "
        "2024/25 £49,198,000"
    )
    assert spoken in labels
    assert "a change of more than 20% on the year before is marked" in html


def test_one_chart_per_council_against_the_peers_middle_half(officer, dh_appraisal):
    from_published_figures(dh_appraisal)
    html = page(officer, dh_appraisal)
    assert html.count('<figure class="chart">') == 2
    assert "net spend by service area against the unitary authorities" in html


def test_nothing_new_shows_for_an_appraisal_whose_baselines_were_typed(officer, dh_appraisal):
    Council.objects.filter(code="DBC").update(ons_code=DARLINGTON)
    html = page(officer, dh_appraisal)
    assert "Against similar councils" not in html
    assert data.OGL not in html


def test_a_council_without_an_ons_code_shows_nothing_new(officer, dh_appraisal):
    from_published_figures(dh_appraisal, {"DBC": DARLINGTON})
    html = page(officer, dh_appraisal)
    assert f'id="peers-table-{Council.objects.get(code="DBC").pk}"' in html
    assert f'id="peers-table-{Council.objects.get(code="HBC").pk}"' not in html


def test_a_council_without_a_return_that_year_says_so(officer, dh_appraisal):
    from_published_figures(dh_appraisal, year=2024)
    no_return = next(a for a in data.authorities() if 2024 not in a.years)
    Council.objects.filter(code="HBC").update(ons_code=no_return.ons_code)
    html = page(officer, dh_appraisal)
    assert f"{no_return.name} did not submit its return for 2024/25." in html
    assert "It has no published figures to compare." in html


def test_a_population_entered_after_the_page_was_shown_changes_the_per_head_figures(officer, dh_appraisal):
    # The peers are kept between page loads (the published figures never change), but not past an edited council.
    from_published_figures(dh_appraisal)
    Council.objects.filter(code="DBC").update(population=108_000)
    page(officer, dh_appraisal)
    Council.objects.filter(code="DBC").update(population=216_000)
    html = page(officer, dh_appraisal)
    assert "Central Services £9,235,000 £7,099,000 £12,528,000 £18,430,000 £42.75" in row(
        html, Council.objects.get(code="DBC"), "Central Services"
    )
