"""An appraisal's plan against what was delivered (issue 19), worked by hand: three councils, the third joining in
the last year; one year recorded; a saving delivered before the appraisal shown apart and not counted."""

from decimal import Decimal as D

from appraisal.calculations import realisation as r

PLAN = {
    "councils": {
        "A": {2020: D(100), 2021: D(200), 2022: D(300)},
        "B": {2020: D(100), 2021: D(200), 2022: D(150)},
        "C": {2020: D(0), 2021: D(0), 2022: D(150)},
    },
    "clusters": {"HR": {2020: D(200), 2021: D(400), 2022: D(600)}},
    "costs": {"A": {2020: D(50)}, "B": {2020: D(50)}, "C": {}},
}
PARTNERS = [r.Partner("A", "Alpha"), r.Partner("B", "Beta"), r.Partner("C", "Gamma", join_year=2022)]
ACTUALS = [
    r.Actual("A", "HR", 2020, D(95), D(40)),
    r.Actual("B", "HR", 2020, D(70), D(60)),
    r.Actual("A", "HR", 2019, D(100), D(0), before_appraisal=True),
]


def realised():
    return r.realise(PLAN, ACTUALS, PARTNERS, scenario="Central", approved=True)


def test_the_year_recorded_is_set_against_its_plan_and_the_rest_wait():
    years = realised().years
    assert [(y.year, y.planned, y.actual, y.variance, y.rag) for y in years] == [
        (2020, D(200), D(165), D(-35), "amber"),  # 82.5% of plan
        (2021, D(400), None, None, None),
        (2022, D(600), None, None, None),
    ]


def test_the_whole_is_rated_on_the_years_recorded_and_the_earlier_saving_is_apart():
    result = realised()
    assert result.delivery == r.Delivery(D(1200), D(200), D(165), D(-35), "amber")
    assert result.before_appraisal == D(100)
    assert (result.costs_planned, result.costs_incurred) == (D(100), D(100))


def test_each_council_is_rated_on_its_own_plan_over_its_own_years():
    a, b, c = realised().councils
    assert (a.delivery.actual, a.delivery.planned_to_date, a.delivery.rag) == (D(95), D(100), "green")  # 95%
    assert (b.delivery.actual, b.delivery.rag) == (D(70), "red")  # 70%
    assert [y.year for y in c.years] == [2022]  # a partner from its third year only
    assert (c.join_year, c.delivery.planned, c.delivery.actual, c.delivery.rag) == (2022, D(150), D(0), None)


def test_each_cluster_is_rated_on_its_savings():
    (hr,) = realised().clusters
    assert (hr.name, hr.delivery.planned, hr.delivery.actual, hr.delivery.variance, hr.delivery.rag) == (
        "HR",
        D(1200),
        D(165),
        D(-35),
        "amber",
    )


def test_a_non_financial_benefit_is_rated_by_its_reading_and_a_financial_one_by_its_clusters_delivery():
    # Time to fix an ICT incident: 5 days at the baseline, 3 the target; 3.4 is 80% of the way: amber.
    fix = r.benefit_status(financial=False, baseline=D(5), target=D(3), reading=D("3.4"))
    assert (fix.rag, fix.progress) == ("amber", 80)
    assert r.benefit_status(financial=False, baseline=D(5), target=D(3), reading=None).text == r.NOT_MEASURED
    assert r.benefit_status(financial=False, baseline=None, target=D(3), reading=D(4)).text == r.NO_BASELINE
    assert r.benefit_status(financial=False, baseline=D(3), target=D(3), reading=D(4)).text == r.NO_MOVE
    (hr,) = realised().clusters
    saving = r.benefit_status(financial=True, baseline=None, target=None, reading=None, delivery=hr.delivery)
    assert (saving.rag, saving.delivered, saving.planned) == ("amber", D(165), D(200))
    assert r.benefit_status(financial=True, baseline=None, target=None, reading=None).text == r.NOT_MEASURED
