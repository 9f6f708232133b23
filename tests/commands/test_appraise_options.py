"""`manage.py appraise SLUG --options [--format json]`: the options appraisal's contract for scripting (issue 17), on
the seed 001 demo with business as usual and one hand-worked option beside it."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from appraisal.calculations import options as opt
from appraisal.models import CostItem, Criterion, Option, OptionScore, Risk, Scenario
from appraisal.options.services import options_defaults_create
from appraisal.scenarios.services import scenario_create

pytestmark = pytest.mark.django_db

SLUG = "darlington-hartlepool-2011"

# Scores by criterion (the financial one is worked out from the NPVs): business as usual keeps sovereignty and is
# easy to deliver; integration improves quality and resilience.
BAU_SCORES = {"Quality of service to customers": 3, "Resilience and capacity": 1,
              "Sovereignty and democratic control": 5, "Deliverability": 5, "Impact on staff": 4,
              "Ease of withdrawal": 5}  # fmt: skip
INTEGRATION_SCORES = {"Quality of service to customers": 4, "Resilience and capacity": 4,
                      "Sovereignty and democratic control": 2, "Deliverability": 3, "Impact on staff": 2,
                      "Ease of withdrawal": 3}  # fmt: skip


def short_list_cleared(appraisal) -> Option:
    """Business as usual with no scores or risks and the default criteria, whatever the demo fixture holds (seed 001's
    options once it has them), so the figures here are this file's own. Returns business as usual."""
    Scenario.objects.filter(appraisal=appraisal, option__isnull=False).delete()
    Option.objects.filter(appraisal=appraisal, business_as_usual=False).delete()
    Criterion.objects.filter(appraisal=appraisal).delete()
    Risk.objects.filter(option__appraisal=appraisal).delete()
    bau, _ = options_defaults_create(appraisal=appraisal)
    Option.objects.filter(pk=bau.pk).update(preferred=False, preferred_reason="")
    return bau


def score(option: Option, scores: dict[str, int]) -> None:
    for name, value in scores.items():
        OptionScore.objects.create(option=option, criterion=option.appraisal.criteria.get(name=name), score=value)


def option_with_figures(appraisal, name: str, *, model=opt.FEDERAL, years=3, **fields) -> Option:
    """An option as an officer adds it, with its central scenario: every cluster at its midpoint, 100% from
    2012/13, no costs, 3.5%, no optimism bias (scenario_create's defaults)."""
    option = Option.objects.create(appraisal=appraisal, name=name, delivery_model=model, **fields)
    scenario_create(appraisal=appraisal, name=name, first_year=2012, years=years, option=option, user=None)
    return option


def integration(appraisal) -> Option:
    """The hand-worked option: the midpoints of seed 001's ranges, (£5,380,000 + £8,360,000) / 2 = £6,870,000 a
    year from 2012/13 for three years; a £1,000,000 ICT platform in 2012/13 in the Green Book's equipment and
    development category with 90% of its risk mitigated (200% × 0.1 = 20%: £1,200,000); one costed risk."""
    option = option_with_figures(appraisal, "Integration of key services")
    CostItem.objects.create(
        scenario=option.scenarios.get(),
        category=CostItem.Category.ICT,
        description="Shared ICT platform",
        year=2012,
        amount=Decimal(1_000_000),
        bias_category=opt.EQUIPMENT,
        mitigated_pct=Decimal(90),
    )
    Risk.objects.create(
        option=option,
        description="Savings later than planned",
        category="implementation",
        likelihood=3,
        impact=4,
        owner="Programme board",
        mitigation="Phased plan with a benefits tracker",
        cost=Decimal(200_000),
        probability=Decimal(25),
        year=2013,
    )
    score(option, INTEGRATION_SCORES)
    return option


@pytest.fixture
def appraisal(dh_appraisal):
    bau = short_list_cleared(dh_appraisal)
    score(bau, BAU_SCORES)
    integration(dh_appraisal)
    return dh_appraisal


def appraise(*args) -> str:
    out = StringIO()
    call_command("appraise", SLUG, "--options", *args, stdout=out)
    return out.getvalue()


def options_json() -> dict:
    return json.loads(appraise("--format", "json"))


# Integration, discounted to 2012/13 (the appraisal's base year: Low and High start then) at 3.5%, each year's
# present value to the penny:
#   2012/13: 6,870,000 - 1,200,000           = 5,670,000.00
#   2013/14: 6,870,000 / 1.035               = 6,637,681.16
#   2014/15: 6,870,000 / 1.035^2 (1.071225)  = 6,413,218.51
#   NPV                                      = 18,720,899.67
# Expected cost of the risk: 25% x 200,000 = 50,000 in 2013/14, discounted 50,000 / 1.035 = 48,309.18, so the
# risk-adjusted NPV is 18,720,899.67 - 48,309.18 = 18,672,590.49.
# Weighted scores (weight x score / 5): financial 30 (integration has the best NPV: 5; business as usual the worst: 0)
#   integration: (30x5 + 15x4 + 15x4 + 10x2 + 10x3 + 10x2 + 10x3) / 5 = 370 / 5 = 74.0
#   business as usual: (30x0 + 15x3 + 15x1 + 10x5 + 10x5 + 10x4 + 10x5) / 5 = 250 / 5 = 50.0
INTEGRATION = {
    "name": "Integration of key services",
    "delivery_model": "federal",
    "business_as_usual": False,
    "preferred": True,
    "npv": "18720899.67",
    "risk_adjusted_npv": "18672590.49",
    "payback_year": "2012/13",
    "savings_full_effect": "6870000.00",
    "weighted_score": "74.0",
    "rank": 1,
    "scores": {"Financial value": 5, **INTEGRATION_SCORES},
    "cost_lines": [
        {
            "description": "Shared ICT platform",
            "category": "equipment",
            "ob_upper_pct": "200.0",
            "ob_lower_pct": "10.0",
            "mitigated_pct": "90.0",
            "ob_applied_pct": "20.0",
            "years": {"2012/13": "1200000.00"},
        }
    ],
    "risks": [
        {
            "description": "Savings later than planned",
            "likelihood": 3,
            "impact": 4,
            "rating": 12,
            "expected_cost": "50000.00",
        }
    ],
}
BUSINESS_AS_USUAL = {
    "name": "Business as usual",
    "delivery_model": "in_house",
    "business_as_usual": True,
    "preferred": False,
    "npv": "0.00",
    "risk_adjusted_npv": "0.00",
    "payback_year": None,
    "savings_full_effect": "0.00",
    "weighted_score": "50.0",
    "rank": 2,
    "scores": {"Financial value": 0, **BAU_SCORES},
    "cost_lines": [],
    "risks": [],
}


def test_the_json_holds_exactly_the_contracts_keys_with_the_hand_worked_figures(appraisal):
    assert options_json() == {
        "appraisal": SLUG,
        "discount_base_year": "2012/13",
        "criteria": [
            {"name": "Financial value", "weight": 30},
            {"name": "Quality of service to customers", "weight": 15},
            {"name": "Resilience and capacity", "weight": 15},
            {"name": "Sovereignty and democratic control", "weight": 10},
            {"name": "Deliverability", "weight": 10},
            {"name": "Impact on staff", "weight": 10},
            {"name": "Ease of withdrawal", "weight": 10},
        ],
        "options": [INTEGRATION, BUSINESS_AS_USUAL],
    }


def test_a_recurring_uncategorised_line_takes_the_scenarios_bias_every_year_and_an_unscored_criterion_is_null(
    appraisal,
):
    option = Option.objects.get(name="Integration of key services")
    scenario = option.scenarios.get()
    scenario.optimism_bias = Decimal(10)
    scenario.save()
    CostItem.objects.create(
        scenario=scenario, category=CostItem.Category.RUNNING, description="Joint committee", year=2013,
        amount=Decimal(50_000), recurring=True,
    )  # fmt: skip
    OptionScore.objects.filter(option=option, criterion__name="Impact on staff").delete()
    (integrated,) = [o for o in options_json()["options"] if o["name"] == option.name]
    assert integrated["cost_lines"][1] == {
        "description": "Joint committee",
        "category": None,
        "ob_upper_pct": None,
        "ob_lower_pct": None,
        "mitigated_pct": "0.0",
        "ob_applied_pct": "10.0",
        "years": {"2013/14": "55000.00", "2014/15": "55000.00"},
    }
    assert integrated["scores"]["Impact on staff"] is None


def test_business_as_usual_alone_has_npv_0_and_is_preferred(dh_appraisal):
    short_list_cleared(dh_appraisal)
    (bau,) = options_json()["options"]
    assert (bau["name"], bau["npv"], bau["rank"], bau["preferred"], bau["payback_year"]) == (
        "Business as usual", "0.00", 1, True, None,
    )  # fmt: skip


def test_the_table_reads_the_ranked_options_the_matrix_and_each_options_lines_and_risks(appraisal):
    lines = appraise().splitlines()
    assert lines[0] == "Strategic collaboration between Darlington & Hartlepool Borough Councils: options appraisal"
    assert lines[1] == (
        "NPVs at 2012/13 prices, discounted to 2012/13; savings a year at full effect; weighted score out of 100"
    )

    def row(start: str) -> list[str]:
        """The line that starts with `start`, its columns (two spaces or more apart)."""
        line = next(line for line in lines if line.startswith(start))
        return [cell for cell in line.split("  ") if cell.strip()]

    assert [c.strip() for c in row("Integration of key services (preferred)")] == [
        "Integration of key services (preferred)", "1", "Federal: a joint committee", "£18,720,900", "£18,672,590",
        "2012/13", "£6,870,000", "74.0",
    ]  # fmt: skip
    assert [c.strip() for c in row("Business as usual  ")] == [
        "Business as usual", "2", "In-house (business as usual)", "£0", "£0", "none", "£0", "50.0",
    ]  # fmt: skip
    assert "Preferred option: Integration of key services (rank 1, no other option chosen)" in lines
    assert [c.strip() for c in row("Financial value (scored from NPV)")] == [
        "Financial value (scored from NPV)", "30", "5", "0",
    ]  # fmt: skip
    assert [c.strip() for c in row("Weighted score")] == ["Weighted score", "100", "74.0", "50.0"]
    assert [c.strip() for c in row("Shared ICT platform")] == [
        "Shared ICT platform", "Equipment and development (ICT)", "200.0%", "10.0%", "90.0%", "20.0%", "£1,200,000",
    ]  # fmt: skip
    assert [c.strip() for c in row("Savings later than planned")] == [
        "Savings later than planned", "3", "4", "12 amber", "£50,000",
    ]  # fmt: skip
    assert lines[-2:] == ["  No cost lines.", "  No risks recorded."]


def test_a_preferred_option_that_does_not_rank_first_prints_its_reason(appraisal):
    Option.objects.filter(business_as_usual=True).update(
        preferred=True, preferred_reason="Members want to keep full sovereignty for now."
    )
    table = appraise()
    assert "Preferred option: Business as usual (chosen by officers)" in table
    assert "It ranks 2; why it is preferred: Members want to keep full sovereignty for now." in table
    bau = next(o for o in options_json()["options"] if o["business_as_usual"])
    assert (bau["preferred"], bau["rank"]) == (True, 2)


def test_an_appraisal_whose_criteria_do_not_add_up_says_so(appraisal):
    appraisal.criteria.filter(name="Ease of withdrawal").update(weight=5)
    with pytest.raises(CommandError, match="The criteria's weights add up to 95; they must add up to 100."):
        appraise("--format", "json")
