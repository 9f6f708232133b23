"""Optimism bias by Green Book category (issue 17): applied bias = upper × (1 − mitigated share), never below the
lower bound. Every value worked by hand from HM Treasury's table (options_types.BIAS_CATEGORIES):

category                          upper  lower |  0%    50%    92%              100%
standard buildings                  24     2   |  24    12     1.92 -> 2 (floor)   2
non-standard buildings              51     4   |  51    25.5   4.08                4
standard civil engineering          44     3   |  44    22     3.52                3
non-standard civil engineering      66     6   |  66    33     5.28 -> 6 (floor)   6
equipment and development (ICT)    200    10   | 200   100    16                  10
outsourcing (operating cost)        41     0   |  41    20.5   3.28                0
"""

from decimal import Decimal as D

import pytest

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.calculations import options as opt

TABLE = {
    opt.STANDARD_BUILDINGS: ("24", "12", "2", "2"),
    opt.NON_STANDARD_BUILDINGS: ("51", "25.5", "4.08", "4"),
    opt.STANDARD_CIVIL: ("44", "22", "3.52", "3"),
    opt.NON_STANDARD_CIVIL: ("66", "33", "6", "6"),
    opt.EQUIPMENT: ("200", "100", "16", "10"),
    opt.OUTSOURCING: ("41", "20.5", "3.28", "0"),
}


@pytest.mark.parametrize("code", TABLE)
@pytest.mark.parametrize("column, mitigated", list(enumerate([D(0), D(50), D(92), D(100)])))
def test_applied_bias_for_each_category_at_0_50_92_and_100_percent_mitigated(code, column, mitigated):
    assert opt.applied_bias(code, mitigated) == D(TABLE[code][column])


def test_the_table_holds_the_green_books_bounds():
    assert [(c.code, c.upper, c.lower) for c in opt.BIAS_CATEGORIES] == [
        (opt.STANDARD_BUILDINGS, 24, 2),
        (opt.NON_STANDARD_BUILDINGS, 51, 4),
        (opt.STANDARD_CIVIL, 44, 3),
        (opt.NON_STANDARD_CIVIL, 66, 6),
        (opt.EQUIPMENT, 200, 10),
        (opt.OUTSOURCING, 41, 0),
    ]
    assert opt.BIAS_BY_CODE[opt.OUTSOURCING].applies_to == "operating cost"
    assert "Optimism Bias (2003)" in opt.BIAS_SOURCE and "2022 edition" in opt.BIAS_SOURCE


def test_the_green_books_worked_example_non_standard_buildings_92_percent_mitigated_is_4_percent():
    applied = opt.applied_bias(opt.NON_STANDARD_BUILDINGS, D(92))
    assert applied == D("4.08")  # (1 − 0.92) × 51%, kept exact
    assert fmt.round_half_up(applied, 0) == 4  # as the Green Book quotes it
    assert fmt.pct(applied) == "4.1%"  # as Appraise shows a %: one decimal, half-up


@pytest.mark.parametrize("mitigated", [D(-1), D("100.01"), None])
def test_a_mitigated_share_outside_0_to_100_is_refused(mitigated):
    with pytest.raises(CalculationError, match="between 0% and 100%"):
        opt.applied_bias(opt.EQUIPMENT, mitigated)


def test_an_unknown_category_is_refused():
    with pytest.raises(CalculationError, match="not one of the Green Book"):
        opt.applied_bias("ships", D(0))
