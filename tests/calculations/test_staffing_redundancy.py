"""The statutory redundancy scheme, the council's discretion and pension strain, worked by hand (issue 18).

For each complete year of service, at most 20 counting back from leaving: ½ week's pay for a year in which the
person was under 22, 1 week aged 22–40, 1½ weeks aged 41 or over; nothing under 2 years' service.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from appraisal.calculations import staffing as staff
from appraisal.calculations.summary import CalculationError

FACTORS = dict(staff.STRAIN_FACTORS)


def test_age_21_with_3_years_is_one_and_a_half_weeks():
    # Years aged 20, 19 and 18: all under 22, ½ week each = 1.5 weeks.
    assert staff.statutory_weeks(21, 3) == D("1.5")


def test_age_30_with_8_years_is_8_weeks():
    # Years aged 29 back to 22: eight years at 1 week = 8 weeks.
    assert staff.statutory_weeks(30, 8) == D(8)


def test_age_45_with_25_years_counts_only_20_years():
    # Only 20 years count, aged 44 back to 25: 44, 43, 42, 41 at 1½ weeks (4 × 1.5 = 6) and 40 back to 25 at
    # 1 week (16 × 1 = 16): 22 weeks. The five earliest years (aged 24 to 20) do not count.
    assert staff.statutory_weeks(45, 25) == D(22)
    assert staff.statutory_weeks(45, 20) == D(22)


def test_age_60_with_2_years_is_3_weeks():
    # Years aged 59 and 58: 2 × 1½ = 3 weeks.
    assert staff.statutory_weeks(60, 2) == D(3)


def test_under_2_years_service_is_nil():
    assert staff.statutory_weeks(40, 1) == D(0)
    assert staff.statutory_weeks(40, 0) == D(0)


def test_a_year_at_22_and_at_41_takes_the_higher_rate():
    # Age 23 with 2 years: aged 22 (1 week) and 21 (½ week) = 1.5; age 42 with 2: aged 41 (1½) and 40 (1) = 2.5.
    assert staff.statutory_weeks(23, 2) == D("1.5")
    assert staff.statutory_weeks(42, 2) == D("2.5")


def test_impossible_people_are_refused():
    with pytest.raises(CalculationError, match="Give an age from 16 to 75"):
        staff.statutory_weeks(15, 0)
    with pytest.raises(CalculationError, match="cannot be more than 14 for someone aged 30"):
        staff.statutory_weeks(30, 15)


def test_cap_for_year_takes_the_limit_in_force_after_aprils_change():
    # CAP_RULE: the limit in force at the end of April of the year the structure starts.
    assert staff.cap_for_year(staff.STATUTORY_CAPS, 2024) == D(700)  # 2024/25: £700 from 6 April 2024
    assert staff.cap_for_year(staff.STATUTORY_CAPS, 2025) == D(719)  # 2025/26: £719 from 6 April 2025
    assert staff.cap_for_year(staff.STATUTORY_CAPS, 2013) == D(450)  # 2013/14: £450 from 1 February 2013
    assert staff.cap_for_year(staff.STATUTORY_CAPS, 2010) == D(380)  # 2010/11: £380 from 1 October 2009
    with pytest.raises(CalculationError, match="No statutory weekly pay limit is held for 2002/03"):
        staff.cap_for_year(staff.STATUTORY_CAPS, 2002)


def test_cap_for_year_reads_the_table_it_is_given_in_any_order():
    caps = [(date(2025, 4, 6), D(719)), (date(2024, 4, 6), D(700))]
    assert staff.cap_for_year(caps, 2024) == D(700)


def post(salary, age, years, *, fte=D(1), member=True, council="A"):
    return staff.PostInput(
        key="p1",
        title="Head of Service",
        council=council,
        cluster="X",
        grade="Head of Service",
        fte=fte,
        salary=D(salary),
        on_cost_pct=D(0),
        holder=staff.Holder(age, years, member),
    )


STATUTORY = staff.RedundancyPolicy()


def leave(p, policy=STATUTORY, cap=D(700)):
    return staff.leaver(p, {}, policy, cap, FACTORS)


def test_weekly_pay_above_the_cap_is_capped():
    # £52,000 ÷ 52 = £1,000 a week, capped at £700; age 45 with 25 years: 22 weeks × £700 = £15,400.
    person = leave(post(52000, 45, 25))
    assert (person.weekly_pay, person.weekly_pay_cap, person.statutory_weeks) == (D("1000.00"), D(700), D(22))
    assert person.statutory_redundancy == D("15400.00")
    assert person.redundancy == D("15400.00")


def test_weekly_pay_below_the_cap_is_paid_as_it_is():
    # £26,000 ÷ 52 = £500 a week, under the £700 cap: 22 weeks × £500 = £11,000.
    person = leave(post(26000, 45, 25))
    assert person.weekly_pay == D("500.00")
    assert person.statutory_redundancy == person.redundancy == D("11000.00")


def test_a_part_time_weekly_pay_is_of_the_hours_worked():
    # 0.5 FTE of £52,000: £26,000 ÷ 52 = £500 a week; age 30 with 8 years: 8 × £500 = £4,000.
    person = leave(post(52000, 30, 8, fte=D("0.5")))
    assert (person.weekly_pay, person.people, person.redundancy) == (D("500.00"), D(1), D("4000.00"))


def test_the_councils_multiplier_multiplies_the_statutory_weeks():
    # 22 weeks × £700 × 1.5 = £23,100; the statutory figure stays £15,400.
    person = leave(post(52000, 45, 25), staff.RedundancyPolicy(multiplier=D("1.5")))
    assert (person.statutory_redundancy, person.multiplier, person.redundancy) == (
        D("15400.00"),
        D("1.5"),
        D("23100.00"),
    )


def test_a_council_paying_on_actual_pay_pays_the_uncapped_week():
    # 22 weeks × £1,000 (not £700) = £22,000; × 2 = £44,000 with a multiplier of 2.
    assert leave(post(52000, 45, 25), staff.RedundancyPolicy(actual_pay=True)).redundancy == D("22000.00")
    both = staff.RedundancyPolicy(multiplier=D(2), actual_pay=True)
    assert leave(post(52000, 45, 25), both).redundancy == D("44000.00")


def test_weekly_pay_is_rounded_to_the_penny():
    # £50,000 ÷ 52 = £961.538… -> £961.54; uncapped, 8 weeks × £961.54 = £7,692.32.
    person = leave(post(50000, 30, 8), staff.RedundancyPolicy(actual_pay=True))
    assert (person.weekly_pay, person.redundancy) == (D("961.54"), D("7692.32"))


def test_pension_strain_for_a_member_aged_55_or_over():
    # Age 58 with 20 years on £49,000: pension given up £49,000 × 20 ÷ 49 = £20,000 a year; factor at 58 is 4.50:
    # strain £90,000. Redundancy: aged 57 back to 38, 17 years at 1½ + 3 at 1 = 28.5 weeks × £700 = £19,950.
    person = leave(post(49000, 58, 20))
    assert person.pension_strain == D("90000.00")
    assert (person.statutory_weeks, person.redundancy) == (D("28.5"), D("19950.00"))


def test_pension_strain_at_60_with_2_years():
    # £49,000 × 2 ÷ 49 = £2,000 a year × 3.50 (age 60) = £7,000.
    assert leave(post(49000, 60, 2)).pension_strain == D("7000.00")


def test_no_pension_strain_under_55_or_for_someone_outside_the_scheme():
    assert leave(post(49000, 54, 20)).pension_strain == D(0)
    assert leave(post(49000, 60, 20, member=False)).pension_strain == D(0)
    assert staff.strain_factor(FACTORS, 54) == D(0)
    assert staff.strain_factor(FACTORS, 70) == D("0.00")  # past the table: the last factor (nil)


def test_a_post_without_a_named_holder_takes_its_grades_average():
    # Grade average: age 50 with 12 years, a scheme member: aged 49 back to 38, 9 × 1½ + 3 × 1 = 16.5 weeks.
    p = staff.PostInput("p2", "Manager", "A", "X", "M1", D(1), D(36400), D(0))
    person = staff.leaver(p, {"M1": staff.GradeProfile("M1", 50, 12)}, staff.RedundancyPolicy(), D(700), FACTORS)
    # £36,400 ÷ 52 = £700 a week exactly: 16.5 × £700 = £11,550.
    assert (person.named, person.age, person.statutory_weeks, person.redundancy) == (
        False,
        50,
        D("16.5"),
        D("11550.00"),
    )
    assert person.pension_strain == D(0)


def test_a_post_of_more_than_one_fte_is_that_many_leavers():
    # 2 FTE of £26,000 each: £500 a week; age 30 with 8 years: 8 × £500 × 2 people = £8,000.
    person = leave(post(26000, 30, 8, fte=D(2)))
    assert (person.people, person.redundancy) == (D(2), D("8000.00"))


def test_holder_errors_say_what_is_wrong_beside_each_field():
    assert staff.holder_errors(15, 0) == {"age": staff.AGE_RANGE}
    assert staff.holder_errors(76, 10) == {"age": "Give an age from 16 to 75."}
    assert staff.holder_errors(30, -1) == {"years_service": staff.NEGATIVE_SERVICE}
    assert staff.holder_errors(30, 15) == {
        "years_service": "Years of service cannot be more than 14 for someone aged 30 (age − 16)."
    }
    assert staff.holder_errors(30, 14) == {}
    assert staff.holder_errors(16, 0) == staff.holder_errors(75, 59) == {}
    assert staff.holder_errors(None, None) == {}
