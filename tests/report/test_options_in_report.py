"""The cabinet report's "Options considered, including doing nothing" (issue 17): the ranked options table, the
criteria matrix, each option's risk register, the optimism-bias table, the preferred option and the
recommendations it gives; left out while business as usual is the only option. Seed 001 §2.5's four options on the
demo appraisal: business as usual, option 1 (the Low scenario's figures), option 2 (hand-worked, as in
tests/commands/test_appraise_options.py) and option 3 (the High scenario's)."""

import os
import re
import shutil
from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal import formatting as fmt
from appraisal.calculations import options as opt
from appraisal.models import Option, Risk, Scenario
from appraisal.options.selectors import options_comparison
from appraisal.report import services
from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data
from councils.models import Council
from tests.commands.test_appraise_options import BAU_SCORES, integration, score, short_list_cleared
from tests.helpers.html import cells
from tests.report.conftest import SLUG, pdf_text

pytestmark = pytest.mark.django_db

OPTION_1 = "Option 1: sharing approaches and contracts"
OPTION_2 = "Option 2: integration of key services"
OPTION_3 = "Option 3: operational merger"


def scenario_option(appraisal, scenario_name: str, name: str, model: str, **fields) -> Option:
    """An option whose central case is one of the demo's scenarios."""
    option = Option.objects.create(appraisal=appraisal, name=name, delivery_model=model, **fields)
    Scenario.objects.filter(appraisal=appraisal, name=scenario_name).update(option=option, case="central")
    return option


@pytest.fixture
def four_options(dh_appraisal):
    bau = short_list_cleared(dh_appraisal)
    score(bau, BAU_SCORES)
    darlington = Council.objects.get(code="DBC")
    one = scenario_option(dh_appraisal, "Low", OPTION_1, opt.SOVEREIGN, lead_authority=darlington, position=1)
    score(one, {"Quality of service to customers": 3, "Resilience and capacity": 2,
                "Sovereignty and democratic control": 4, "Deliverability": 4, "Impact on staff": 3,
                "Ease of withdrawal": 4})  # fmt: skip
    Risk.objects.create(option=one, description="Priorities of the partners diverge", category="political",
                        likelihood=2, impact=3, owner="Chief executives",
                        mitigation="Partnership agreement")  # fmt: skip
    two = integration(dh_appraisal)
    Option.objects.filter(pk=two.pk).update(name=OPTION_2, position=2)
    Scenario.objects.filter(option=two).update(name=OPTION_2)
    three = scenario_option(dh_appraisal, "High", OPTION_3, opt.COMPANY, position=3)
    score(three, {"Quality of service to customers": 3, "Resilience and capacity": 5,
                  "Sovereignty and democratic control": 1, "Deliverability": 1, "Impact on staff": 1,
                  "Ease of withdrawal": 1})  # fmt: skip
    Risk.objects.create(option=three, description="Loss of political control", category="political", likelihood=4,
                        impact=5, owner="Leaders", mitigation="Joint scrutiny", cost=Decimal(500_000),
                        probability=Decimal(40), year=2014)  # fmt: skip
    Risk.objects.create(option=three, description="Staff turnover in the change", category="people", likelihood=3,
                        impact=3, owner="HR directors", mitigation="Consultation and job protection")  # fmt: skip
    return dh_appraisal


def page(client) -> str:
    r = client.get(reverse("cabinet_report", args=[SLUG]))
    assert r.status_code == 200
    return r.content.decode()


@pytest.fixture
def member(user_with):
    client, _ = user_with("member")
    return client


def comparison(appraisal):
    return options_comparison(appraisal=appraisal).comparison


def test_the_ranked_options_table_has_each_options_figures_from_the_calculation(four_options, member):
    c = comparison(four_options)
    assert [o.figures.name for o in c.options] == [OPTION_2, OPTION_3, OPTION_1, "Business as usual"]
    rows = cells(page(member), "options-table")
    assert rows[:2] == [
        ["Rank", "Option", "Delivery model", "NPV", "Risk-adjusted NPV", "Payback", "Savings a year at full effect",
         "Funding gap closed 2014/15", "Weighted score"],
        ["Darlington Borough Council", "Hartlepool Borough Council"],
    ]  # fmt: skip
    figures, risks = rows[2::2], rows[3::2]  # each option's row of figures, and under it its top risks
    # Option 2 is the hand-worked option of tests/commands/test_appraise_options.py: NPV £18,720,899.67, risk-adjusted
    # £18,672,590.49. Option 3 (the High scenario, NPV £21,728,821) has the best NPV and business as usual the worst
    # (£0), so option 2 scores 5 x 18,720,899.67 / 21,728,821 = 4.3, to 4, on the financial criterion: weighted
    # (30x4 + 15x4 + 15x4 + 10x2 + 10x3 + 10x2 + 10x3) / 5 = 340 / 5 = 68.0.
    two = c.options[0]
    assert figures[0][:7] + figures[0][9:] == [
        "1", f"{OPTION_2} (preferred)", "Federal: a joint committee", "£18,720,900", "£18,672,590", "2012/13",
        "£6,870,000", "68.0",
    ]  # fmt: skip
    assert figures[0][7:9] == [fmt.pct(x.deficit_closed_pct) for x in two.figures.result.councils]
    assert risks[0] == ["", "Top risks: Savings later than planned (12, amber)"]
    for row, risk_row, ranked in zip(figures, risks, c.options, strict=True):
        f = ranked.figures
        assert row == [
            str(ranked.rank),
            f.name + (" (preferred)" if ranked.preferred else ""),
            row[2],
            fmt.pounds(f.npv),
            fmt.pounds(f.risk_adjusted_npv),
            fmt.year_label(f.result.payback_year) if f.result.payback_year else "–",
            fmt.pounds(f.result.full_year_savings),
            *(fmt.pct(x.deficit_closed_pct) for x in f.result.councils),
            fmt.pct_number(ranked.weighted_score),
        ]
        top = "; ".join(f"{r.description} ({r.rating}, {r.rag})" for r in f.top_risks) or "none recorded"
        assert risk_row == ["", f"Top risks: {top}"]
    assert figures[1][2] == "Arm&#x27;s-length company"  # as the HTML escapes it
    assert figures[2][2] == "Sovereign: Darlington Borough Council as lead authority"
    assert figures[3][1:8] == ["Business as usual", "In-house (business as usual)", "£0", "£0", "–", "£0", "0.0%"]
    assert risks[1] == ["", "Top risks: Loss of political control (20, red); Staff turnover in the change (9, amber)"]
    # Option 3's costed risk: 40% of £500,000 in 2014/15 takes £186,702.14 (200,000 / 1.035^2) off its NPV.
    three = c.options[1].figures
    assert three.npv - three.risk_adjusted_npv == Decimal("186702.14")


def test_the_criteria_matrix_gives_each_score_the_weights_and_the_weighted_totals(four_options, member):
    rows = cells(page(member), "criteria-table")
    assert rows == [
        ["Criterion", "Weight", OPTION_2, OPTION_3, OPTION_1, "Business as usual"],
        # Scored from NPV: the best (option 3, £21,728,821) 5, business as usual (the worst, £0) 0, the others in
        # proportion: option 2 5 x 18,720,899.67 / 21,728,821 = 4.3 -> 4, option 1 5 x 9,263,009.84 / 21,728,821
        # = 2.1 -> 2.
        ["Financial value (scored from NPV)", "30", "4", "5", "2", "0"],
        ["Quality of service to customers", "15", "4", "3", "3", "3"],
        ["Resilience and capacity", "15", "4", "5", "2", "1"],
        ["Sovereignty and democratic control", "10", "2", "1", "4", "5"],
        ["Deliverability", "10", "3", "1", "4", "5"],
        ["Impact on staff", "10", "2", "1", "3", "4"],
        ["Ease of withdrawal", "10", "3", "1", "4", "5"],
        # Option 3: (30x5 + 15x3 + 15x5 + 10x1 x 4) / 5 = 310 / 5; option 1: (30x2 + 15x3 + 15x2 + 10x4 + 10x4 + 10x3 +
        # 10x4) / 5 = 285 / 5.
        ["Weighted score", "100", "68.0", "62.0", "57.0", "50.0"],
    ]


def test_each_options_risk_register_gives_the_rating_in_words_owner_mitigation_and_expected_cost(four_options, member):
    html = page(member)
    assert cells(html, "risks-1") == [
        ["Risk", "L", "I", "Rating", "Owner", "Mitigation", "Expected cost"],
        ["Savings later than planned (Implementation)", "3", "4", "12 Amber", "Programme board",
         "Phased plan with a benefits tracker", "£50,000 in 2013/14"],
    ]  # fmt: skip
    assert cells(html, "risks-2")[1:] == [
        ["Loss of political control (Political)", "4", "5", "20 Red", "Leaders", "Joint scrutiny",
         "£200,000 in 2014/15"],
        ["Staff turnover in the change (Staff and HR)", "3", "3", "9 Amber", "HR directors",
         "Consultation and job protection", "–"],
    ]  # fmt: skip
    assert cells(html, "risks-3")[1] == ["Priorities of the partners diverge (Political)", "2", "3", "6 Green",
                                         "Chief executives", "Partnership agreement", "–"]  # fmt: skip
    assert "<strong>Business as usual</strong>: no risks are recorded." in html


def test_the_optimism_bias_table_gives_the_categories_their_source_and_the_lines_that_use_them(four_options, member):
    html = page(member)
    categories = cells(html, "bias-categories-table")
    assert categories[0] == ["Category", "Upper bound", "Lower bound", "Added to"]
    assert ["Equipment and development (ICT)", "200%", "10%", "capital cost"] in categories
    assert ["Outsourcing", "41%", "0%", "operating cost"] in categories
    assert opt.BIAS_SOURCE.replace("'", "&#x27;") in html
    # The ICT platform: 200% × (1 − 0.9) = 20% on £1,000,000.
    assert cells(html, "bias-lines-table")[1] == [
        OPTION_2, "Shared ICT platform", "Equipment and development (ICT)", "90.0%", "20.0%", "£1,000,000",
        "£1,200,000",
    ]  # fmt: skip


def test_the_recommendations_and_reasons_come_from_the_preferred_option(four_options):
    data = cabinet_report_data(appraisal=four_options)
    recommendations = data.sections["recommendations"].text
    assert (
        "2. That Cabinet agrees Option 2: integration of key services, the councils delivering the services together "
        "under a joint committee, as the preferred option, saving £6,870,000 a year at full effect from 2012/13, "
        "with a net present value of £18,720,900 (at 2012/13 prices, discounted to 2012/13 at 3.5%).\n3. That Cabinet "
        "approves the Low scenario as the basis for the detailed business case of the preferred option"
        in recommendations
    )
    assert "1. That Cabinet notes the findings of the appraisal: 4 options were appraised, including doing nothing" in (
        recommendations
    )
    reasons = data.sections["reasons"].text
    assert "Of the 4 options appraised, including doing nothing, Option 2: integration of key services ranks first" in (
        reasons
    )
    assert "its net present value is £18,720,900, and £18,672,590 once its costed risks are allowed for" in reasons
    assert "Doing nothing (business as usual) would leave each council's funding deficit as it is." in reasons
    html = report_html(data, for_pdf=True)
    assert "The preferred option is Option 2: integration of key services" in html
    assert 'id="preferred-reason"' not in html


def test_a_preferred_option_that_does_not_rank_first_prints_the_officers_reason(four_options, member):
    reason = "It keeps each council's sovereignty while the partnership proves itself."
    Option.objects.filter(name=OPTION_1).update(preferred=True, preferred_reason=reason)
    html = page(member)
    preferred = re.search(r'id="preferred-reason">(.*?)</p>', html, re.S).group(1)
    assert preferred == (
        "It ranks 3 of 4 on the weighted criteria. Officers prefer it because: It keeps each council&#x27;s "
        "sovereignty while the partnership proves itself."
    )
    data = cabinet_report_data(appraisal=four_options)
    assert "That Cabinet agrees Option 1: sharing approaches and contracts, Darlington Borough Council delivering" in (
        data.sections["recommendations"].text
    )
    assert "ranks 3 of the 4 options appraised on the weighted criteria" in data.sections["reasons"].text
    assert "preferred because: It keeps each council's sovereignty while the partnership proves itself." in (
        data.sections["reasons"].text
    )


def test_a_report_with_only_business_as_usual_has_no_options_section(dh_appraisal, member):
    short_list_cleared(dh_appraisal)
    Option.objects.create(appraisal=dh_appraisal, name="Outsourcing", delivery_model=opt.OUTSOURCED)  # no figures
    html = page(member)
    assert "Options considered" not in html and 'id="options-table"' not in html
    data = cabinet_report_data(appraisal=dh_appraisal)
    assert data.options is None
    assert data.sections["recommendations"].text.startswith("It is recommended that:\n\n1. Cabinet:\n")
    assert "Figure 3: savings, implementation costs and cumulative net by year" in html


def test_the_options_chart_text_is_at_least_11_px_as_the_report_shows_it(four_options):
    data = cabinet_report_data(appraisal=four_options)
    svg = data.charts["options"]
    width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg).group(1))
    smallest = min(float(size) for size in re.findall(r"font-size: ?([\d.]+)px", svg))
    # The report shows a chart 88% as wide as the A4 text (210 mm less margins of 20 and 18 mm), at 96 px an inch.
    shown_px = 0.88 * (210 - 38) / 25.4 * 96
    assert smallest * shown_px / width >= 11
    assert "Figure 3: each option" in report_html(data, for_pdf=True)
    assert "Figure 4: savings, implementation costs and cumulative net by year" in report_html(data, for_pdf=True)


def test_the_pdf_holds_the_options_section(four_options, member, tmp_path):
    """One render of the four-option report. APPRAISE_KEEP_PDF=path keeps it, to look at its pages."""
    data = cabinet_report_data(appraisal=four_options)
    pdf = services.html_to_pdf(report_html(data, for_pdf=True))
    if os.environ.get("APPRAISE_KEEP_PDF"):
        (tmp_path / "report.pdf").write_bytes(pdf)
        shutil.copy(tmp_path / "report.pdf", os.environ["APPRAISE_KEEP_PDF"])
    text = " ".join(pdf_text(pdf).split())  # lines joined: a cell's words may wrap
    for words in ["Options considered, including doing nothing", "The options ranked by weighted score",
                  "£18,720,900", "£18,672,590", "Risk register: Option 3: operational merger", "20 Red",
                  "Financial value (scored from NPV)", "Optimism bias by category"]:  # fmt: skip
        assert words in text, words


def test_without_a_reason_given_the_pdf_says_only_where_the_preferred_option_ranks(four_options, user_with):
    Option.objects.filter(name=OPTION_1).update(preferred=True, preferred_reason="")
    data = cabinet_report_data(appraisal=four_options)
    pdf_html = report_html(data, for_pdf=True)
    assert '<p id="preferred-reason">It ranks 3 of 4 on the weighted criteria.</p>' in pdf_html
    assert "Officers prefer it because" not in pdf_html and "not in the PDF" not in pdf_html
    assert "ranks 3 of the 4 options appraised on the weighted criteria (57.0 out of 100) and is preferred.\n" in (
        data.sections["reasons"].text
    )
    officer, _ = user_with("officer")
    assert "Say why this option is preferred although it does not rank first" in page(officer)


def test_presenting_the_preferred_options_own_case_needs_no_scenario_in_the_recommendations(four_options):
    Scenario.objects.filter(name=OPTION_2).update(status=Scenario.Status.SHOWN)
    recommendations = (
        cabinet_report_data(appraisal=four_options, scenario_name=OPTION_2).sections["recommendations"].text
    )
    assert "scenario as the basis" not in recommendations
    assert (
        "3. That officers work with the partner councils on the detailed design and implementation plan of the "
        "preferred option.\n4. That Cabinet receives a further report" in recommendations
    )


def test_business_as_usual_preferred_is_recommended_as_doing_nothing(four_options):
    Option.objects.filter(business_as_usual=True).update(
        preferred=True, preferred_reason="The partners' other commitments come first this year."
    )
    sections = cabinet_report_data(appraisal=four_options).sections
    assert (
        "2. That Cabinet agrees Business as usual, each council carrying on in-house as now, as the preferred option, "
        "and that sharing services is not pursued at this stage." in sections["recommendations"].text
    )
    assert (
        "Business as usual ranks 4 of the 4 options appraised on the weighted criteria (50.0 out of 100) and is "
        "preferred because: The partners' other commitments come first this year.\n2. It carries no implementation "
        "costs and none of the risks of change; it leaves each council's funding deficit as it is, to be closed by "
        "other means." in sections["reasons"].text
    )
