"""Structures' cost by council and the saving each council makes, worked by hand for each way a post's cost is
shared (issue 18).

Three councils, two clusters. Net budgets:   cluster X   cluster Y   whole
    A                                          600,000     100,000    700,000
    B                                          300,000     100,000    400,000
    C                                          100,000     200,000    300,000

Baseline (today's posts)                         cost                      A          B          C
    b1 Director X, A, employer      100,000 + 25% = 125,000            125,000
    b2 Director X, B, employer       80,000 + 25% = 100,000                       100,000
    b3 AD Education, A, shares A 50 B 50  72,000 + 25% = 90,000          45,000     45,000
    b4 Head of Y, C, employer        60,000 + 20% =  72,000                                  72,000
    total                                           387,000            170,000    145,000    72,000

Proposed (b2 deleted: no post carries it on)
    p1 Shared Director X (carries on b1), A, on the option's basis, cluster X: 110,000 + 25% = 137,500
    p2 AD Education (carries on b3), shares A 50 B 50: 90,000 -> 45,000 / 45,000
    p3 Head of Y (carries on b4), C, employer: 72,000
    p4 Commissioning manager (new), B, on the option's basis, cluster Y: 40,000 + 25% = 50,000
    total 137,500 + 90,000 + 72,000 + 50,000 = 349,500; the saving 387,000 − 349,500 = 37,500 whatever the basis.
"""

from decimal import Decimal as D

import pytest

from appraisal.calculations import AppraisalInput, BudgetLine, ClusterInput, CouncilInput, summarise
from appraisal.calculations import staffing as staff
from appraisal.calculations.scenario_types import CLUSTER_NET_BUDGET, CUSTOM, EQUAL, NET_BUDGET, SharingBasis
from appraisal.calculations.summary import CalculationError

CODES = ["A", "B", "C"]
NETS = {("A", "X"): 600000, ("A", "Y"): 100000, ("B", "X"): 300000, ("B", "Y"): 100000}
NETS |= {("C", "X"): 100000, ("C", "Y"): 200000}
GRADES = {"Director": staff.GradeProfile("Director", 50, 20), "Manager": staff.GradeProfile("Manager", 45, 10)}
FACTORS = dict(staff.STRAIN_FACTORS)


def summary():
    return summarise(
        AppraisalInput(
            councils=[CouncilInput(code, f"Council {code}") for code in CODES],
            clusters=[ClusterInput("X"), ClusterInput("Y")],
            lines=[BudgetLine(code, cluster, cluster.lower(), D(net)) for (code, cluster), net in NETS.items()],
        )
    )


def post(key, council, cluster, salary, on_costs, split=staff.EMPLOYER, shares=None, continues=None, **kw):
    return staff.PostInput(
        key=key,
        title=kw.pop("title", key),
        council=council,
        cluster=cluster,
        grade=kw.pop("grade", "Director"),
        fte=kw.pop("fte", D(1)),
        salary=D(salary),
        on_cost_pct=D(on_costs),
        split=split,
        shares={k: D(v) for k, v in (shares or {}).items()},
        continues=continues,
        holder=kw.pop("holder", None),
    )


HALVES = {"A": 50, "B": 50}
BASELINE = [
    post("b1", "A", "X", 100000, 25),
    post("b2", "B", "X", 80000, 25, holder=staff.Holder(58, 20)),
    post("b3", "A", "Y", 72000, 25, staff.SHARES, HALVES),
    post("b4", "C", "Y", 60000, 20),
]
PROPOSED = [
    post("p1", "A", "X", 110000, 25, staff.BASIS, continues="b1"),
    post("p2", "A", "Y", 72000, 25, staff.SHARES, HALVES, continues="b3"),
    post("p3", "C", "Y", 60000, 20, continues="b4"),
    post("p4", "B", "Y", 40000, 25, staff.BASIS, grade="Manager"),
]


def compare(basis: SharingBasis, **kw):
    weights = staff.basis_weights(summary(), basis)
    baseline = staff.structure("Today", None, BASELINE, CODES)
    proposed = staff.structure("Model", "1", PROPOSED, CODES, weights)
    return staff.compare_structures(
        baseline,
        proposed,
        CODES,
        grades=GRADES,
        policies=kw.pop("policies", {}),
        cap=D(700),
        factors=FACTORS,
        **kw,
    )


def test_employer_only_and_named_shares_posts_fall_on_their_councils():
    today = staff.structure("Today", None, BASELINE, CODES)
    assert [f.cost for f in today.posts] == [D("125000.00"), D("100000.00"), D("90000.00"), D("72000.00")]
    assert today.posts[2].by_council == {"A": D("45000.00"), "B": D("45000.00"), "C": D(0)}
    assert today.by_council == {"A": D(170000), "B": D(145000), "C": D(72000)}
    assert today.cost == D(387000)
    assert today.by_cluster == {
        "X": {"A": D(125000), "B": D(100000), "C": D(0)},
        "Y": {"A": D(45000), "B": D(45000), "C": D(72000)},
    }
    assert (today.posts_by_council, today.fte) == ({"A": 2, "B": 1, "C": 1}, D(4))


def test_named_shares_that_do_not_divide_evenly_still_add_up_to_the_penny():
    # £100.00 in thirds: 33.33 + 33.33 + 33.34 by share; £100.01 in equal shares: the spare penny to A (first).
    odd = post("o", "A", "X", 100, 0, staff.SHARES, {"A": "33.33", "B": "33.33", "C": "33.34"})
    assert staff.structure("S", None, [odd], CODES).by_council == {"A": D("33.33"), "B": D("33.33"), "C": D("33.34")}
    thirds = post("t", "A", "X", "100.01", 0, staff.SHARES, {"A": 1, "B": 1, "C": 1})
    assert staff.structure("S", None, [thirds], CODES).by_council == {"A": D("33.34"), "B": D("33.34"), "C": D("33.33")}


# Equal: p1 £137,500 ÷ 3 = 45,833.33⅓ each, the spare penny to A; p4 £50,000 ÷ 3 = 16,666.66⅔, the two spare pennies
# to A and B. A 45,833.34 + 45,000 + 16,666.67 = 107,500.01; B 45,833.33 + 45,000 + 16,666.67 = 107,500.00;
# C 45,833.33 + 72,000 + 16,666.66 = 134,499.99. Savings A 62,499.99, B 37,500.00, C −62,499.99 (C pays more).
#
# Net budget (whole budgets 7:4:3): p1 68,750 / 39,285.71 / 29,464.29 (C takes the spare penny: remainder .57 > .43);
# p4 25,000 / 14,285.71 / 10,714.29. A 138,750.00, B 98,571.42, C 112,178.58: savings 31,250.00, 46,428.58, −40,178.58.
#
# Cluster net budget (X 6:3:1, Y 1:1:2): p1 82,500 / 41,250 / 13,750; p4 12,500 / 12,500 / 25,000.
# A 140,000, B 98,750, C 110,750: savings 30,000, 46,250, −38,750.
#
# Custom A 50%, B 30%, C 20%: p1 68,750 / 41,250 / 27,500; p4 25,000 / 15,000 / 10,000.
# A 138,750, B 101,250, C 109,500: savings 31,250, 43,750, −37,500.
@pytest.mark.parametrize(
    ("basis", "proposed", "savings"),
    [
        (SharingBasis(EQUAL), ("107500.01", "107500.00", "134499.99"), ("62499.99", "37500.00", "-62499.99")),
        (SharingBasis(NET_BUDGET), ("138750.00", "98571.42", "112178.58"), ("31250.00", "46428.58", "-40178.58")),
        (SharingBasis(CLUSTER_NET_BUDGET), ("140000", "98750", "110750"), ("30000", "46250", "-38750")),
        (
            SharingBasis(CUSTOM, {"A": D(50), "B": D(30), "C": D(20)}),
            ("138750", "101250", "109500"),
            ("31250", "43750", "-37500"),
        ),
    ],
    ids=["equal", "net-budget", "cluster-net-budget", "custom"],
)
def test_the_saving_split_by_council_on_each_sharing_basis(basis, proposed, savings):
    figures = compare(basis)
    assert figures.proposed.by_council == dict(zip(CODES, map(D, proposed), strict=True))
    assert figures.savings_by_council == dict(zip(CODES, map(D, savings), strict=True))
    assert figures.saving == D(37500) == sum(figures.savings_by_council.values())
    assert figures.proposed.cost == D(349500)


def test_the_saving_by_cluster():
    # X: before A 125,000, B 100,000; after (cluster net budget) 82,500 / 41,250 / 13,750.
    # Y: before 45,000 / 45,000 / 72,000; after 45,000 + 12,500, 45,000 + 12,500, 72,000 + 25,000.
    figures = compare(SharingBasis(CLUSTER_NET_BUDGET))
    assert figures.savings_by_cluster == {
        "X": {"A": D(42500), "B": D(58750), "C": D(-13750)},
        "Y": {"A": D(-12500), "B": D(-12500), "C": D(-25000)},
    }


def test_deleted_and_created_posts_follow_continues():
    figures = compare(SharingBasis(EQUAL))
    assert [p.key for p in figures.deleted] == ["b2"]
    assert [p.key for p in figures.created] == ["p4"]
    # A proposed post carrying on a post that is not in the baseline is a new post.
    stray = staff.structure("M", "1", [post("p9", "A", "X", 1, 0, continues="gone")], CODES)
    today = staff.structure("Today", None, BASELINE, CODES)
    both = staff.compare_structures(today, stray, CODES, grades=GRADES, policies={}, cap=D(700), factors=FACTORS)
    assert [p.key for p in both.created] == ["p9"]
    assert [p.key for p in both.deleted] == ["b1", "b2", "b3", "b4"]


# b2's holder leaves: age 58 with 20 years on £80,000. Weekly £80,000 ÷ 52 = £1,538.46, capped at £700; weeks: aged
# 57 back to 38, 17 × 1½ + 3 × 1 = 28.5: £19,950. Strain: £80,000 × 20 ÷ 49 = £32,653.06… × 4.50 = £146,938.78.
def test_leaving_costs_fall_on_the_employing_council():
    figures = compare(SharingBasis(EQUAL))
    (person,) = figures.leavers
    assert (person.title, person.council, person.weekly_pay, person.statutory_weeks) == (
        "b2",
        "B",
        D("1538.46"),
        D("28.5"),
    )
    assert (person.redundancy, person.pension_strain) == (D("19950.00"), D("146938.78"))
    assert figures.redundancy_by_council == {"A": D(0), "B": D("19950.00"), "C": D(0)}
    assert figures.strain_by_council == {"A": D(0), "B": D("146938.78"), "C": D(0)}
    assert figures.one_off_by_council == {"A": D(0), "B": D("166888.78"), "C": D(0)}
    # B's payback: £166,888.78 ÷ £37,500 a year = 4.45 -> 4.5 years; A has no one-off cost; C saves nothing.
    assert figures.payback_years_by_council == {"A": D(0), "B": D("4.5"), "C": D(0)}


def test_the_councils_multiplier_applies_to_its_own_leavers():
    figures = compare(SharingBasis(EQUAL), policies={"B": staff.RedundancyPolicy(multiplier=D(2))})
    assert figures.redundancy_by_council["B"] == D("39900.00")  # 28.5 × £700 × 2


def test_shared_leaving_costs_are_split_on_the_costs_basis_to_the_penny():
    # Equal thirds: £19,950 -> £6,650 each; £146,938.78 -> £48,979.59⅓: the spare penny to A.
    figures = compare(SharingBasis(EQUAL), share_leaving_costs=True)
    assert figures.redundancy_by_council == {"A": D(6650), "B": D(6650), "C": D(6650)}
    assert figures.strain_by_council == {"A": D("48979.60"), "B": D("48979.59"), "C": D("48979.59")}
    assert sum(figures.one_off_by_council.values()) == D("166888.78")
    # On the costs basis A 2 : B 1 : C 1: £19,950 -> 9,975 / 4,987.50 / 4,987.50.
    weighted = compare(SharingBasis(EQUAL), share_leaving_costs=True, costs_weights=[("A", 2), ("B", 1), ("C", 1)])
    assert weighted.redundancy_by_council == {"A": D("9975.00"), "B": D("4987.50"), "C": D("4987.50")}


def test_a_basis_post_in_a_cluster_without_a_basis_is_refused():
    with pytest.raises(CalculationError, match="Z has no sharing basis in this option"):
        staff.structure("M", "1", [post("p", "A", "Z", 1, 0, staff.BASIS)], CODES, {})


def test_post_errors_say_what_is_wrong_beside_each_field():
    bad = post(
        "p", "Q", "X", -1, -2, staff.SHARES, {"A": 60, "B": 50}, fte=D(-1), grade="Chief", holder=staff.Holder(80, 1)
    )
    assert staff.post_errors(bad, CODES, GRADES) == {
        "salary": staff.NEGATIVE_SALARY,
        "fte": staff.NEGATIVE_FTE,
        "on_cost_pct": staff.NEGATIVE_ON_COSTS,
        "council": "'Q' is not one of the appraisal's councils (A, B, C).",
        "grade": "'Chief' is not one of the appraisal's grades.",
        "shares": "Named shares add up to 100% (these add up to 110%).",
        "holder_age": staff.AGE_RANGE,
    }
    young = post("p", "A", "X", 1, 0, holder=staff.Holder(20, 5))
    assert staff.post_errors(young, CODES, GRADES) == {"holder_years_service": staff.service_too_long(20)}
    assert staff.post_errors(BASELINE[2], CODES, GRADES) == {}


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ({"A": D(50), "Q": D(50)}, "Q is not one of the appraisal's councils (A, B, C)."),
        ({}, "Name the councils that share the post and each one's %."),
        ({"A": D(120), "B": D(-20)}, "A share cannot be negative."),
        ({"A": D("33.3"), "B": D("33.3")}, "Named shares add up to 100% (these add up to 66.6%)."),
        ({"A": D("33.34"), "B": D("66.66")}, ""),
    ],
)
def test_shares_error(shares, message):
    assert staff.shares_error(shares, CODES) == message


def test_parse_shares_reads_shares_as_officers_type_them():
    assert staff.parse_shares("DBC 50, HBC 50") == {"DBC": D(50), "HBC": D(50)}
    assert staff.parse_shares("dbc 50%; hbc 50%") == {"DBC": D(50), "HBC": D(50)}
    assert staff.parse_shares("DBC=33.34, HBC: 66.66,") == {"DBC": D("33.34"), "HBC": D("66.66")}
    assert staff.parse_shares("") == {}
    assert staff.shares_text({"DBC": D("50.00"), "HBC": "50"}) == "DBC 50, HBC 50"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("DBC", "'DBC' is not a council and a %."),
        ("DBC fifty", "'fifty' is not a percentage."),
        ("DBC NaN", "'NaN' is not a percentage."),
        ("DBC 50, dbc 50", "DBC is named twice."),
    ],
)
def test_parse_shares_refuses_what_it_cannot_read(text, message):
    with pytest.raises(ValueError, match=message.replace("%", "%").replace(".", r"\.")):
        staff.parse_shares(text)
