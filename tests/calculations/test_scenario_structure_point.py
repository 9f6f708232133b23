"""A scenario's cluster taking its saving from the staffing structures (SavingsPoint STRUCTURE), worked by hand on
the scenario of test_scenario_hand_checked.py (councils A and B, clusters X and Y, phasing 50%, 100%, 100%).

X takes its saving from the structures: A saves £30,000 a year, B's share of the new posts costs it £6,000 more than
its share of today's (a saving of −£6,000): X's full-year saving is £24,000, phased 12,000, 24,000, 24,000, and shared
as the structures share it (A 30,000 : B −6,000 of 24,000): A 15,000, 30,000, 30,000; B −3,000, −6,000, −6,000.
Y stays at its minimum, £10,000 (5,000, 10,000, 10,000), shared on net budget in Y, A 40% / B 60%.
    A: 15,000 + 2,000 = 17,000; 30,000 + 4,000 = 34,000; 34,000  -> 85,000
    B: −3,000 + 3,000 = 0;       −6,000 + 6,000 = 0;     0       -> 0
    total 17,000, 34,000, 34,000 = 85,000
"""

from decimal import Decimal as D

from appraisal.calculations import scenario as sc
from tests.calculations.conftest import assumptions, base

STRUCTURE_X = {"X": sc.SavingsPoint(sc.STRUCTURE), "Y": sc.SavingsPoint(sc.MIN)}


def test_the_cluster_takes_its_phased_saving_from_the_structures():
    result = sc.model(base(), assumptions(points=STRUCTURE_X, structure_savings={"X": {"A": D(30000), "B": D(-6000)}}))
    x, y = result.clusters
    assert (x.full_year_saving, x.savings_by_year) == (D(24000), (D(12000), D(24000), D(24000)))
    assert y.savings_by_year == (D(5000), D(10000), D(10000))
    assert [y.savings for y in result.years] == [D(17000), D(34000), D(34000)]
    a, b = result.councils
    assert [y.savings for y in a.years] == [D(17000), D(34000), D(34000)]
    assert [y.savings for y in b.years] == [D(0), D(0), D(0)]
    assert (a.savings, b.savings, result.total_savings) == (D(85000), D(0), D(85000))


def test_the_councils_shares_add_up_to_the_penny():
    # X: A £10,000.01, B −£3,333.34: £6,666.67 a year, phased 50% -> £3,333.34 (3,333.335 half-up).
    # Year 1 shared A 10,000.01 : B −3,333.34: A 3,333.34 × 10,000.01 ÷ 6,666.67 = 5,000.008… -> 5,000.01,
    # B 3,333.34 × −3,333.34 ÷ 6,666.67 = −1,666.668… -> −1,666.67 (together 3,333.34); years 2 and 3 the full-year
    # shares themselves. With Y (A 2,000 then 4,000; B 3,000 then 6,000):
    # A 7,000.01, 14,000.01, 14,000.01; B 1,333.33, 2,666.66, 2,666.66.
    savings = {"X": {"A": D("10000.01"), "B": D("-3333.34")}}
    result = sc.model(base(), assumptions(points=STRUCTURE_X, structure_savings=savings))
    assert result.clusters[0].savings_by_year == (D("3333.34"), D("6666.67"), D("6666.67"))
    a, b = result.councils
    assert [y.savings for y in a.years] == [D("7000.01"), D("14000.01"), D("14000.01")]
    assert [y.savings for y in b.years] == [D("1333.33"), D("2666.66"), D("2666.66")]
    for i, year in enumerate(result.years):
        assert a.years[i].savings + b.years[i].savings == year.savings


def test_a_cluster_without_posts_saves_nothing_from_the_structures():
    result = sc.model(base(), assumptions(points=STRUCTURE_X, structure_savings={}))
    assert result.clusters[0].full_year_saving == D(0)
    assert [y.savings for y in result.years] == [D(5000), D(10000), D(10000)]
