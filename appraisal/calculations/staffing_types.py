"""Staffing structures' inputs (PostInput, GradeProfile, RedundancyPolicy), results (StructureFigures,
LeaverFigures, StaffingFigures) and the rules they carry: the statutory redundancy scheme, how a post's cost is
shared, the pension strain estimate and the staff consultation checklist. Plain frozen dataclasses and
constants, no behaviour: staffing.py re-exports them. Issue 18, seed 002."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

# --- How a post's cost falls on the partners --------------------------------------------------------------

EMPLOYER = "employer"  # not shared: the employing council pays it all
BASIS = "basis"  # shared on the option's sharing basis; the employing council hosts it and recharges the others
SHARES = "shares"  # shared in named shares (a post two councils already share): the host recharges them

COST_SPLITS: tuple[tuple[str, str], ...] = (
    (EMPLOYER, "Not shared: the employing council pays"),
    (BASIS, "Shared on the option's sharing basis"),
    (SHARES, "Shared in named shares"),
)

# --- The statutory redundancy scheme (Employment Rights Act 1996, s.162) ----------------------------------

MIN_SERVICE_YEARS = 2  # under two complete years' service: no statutory redundancy pay
MAX_COUNTED_YEARS = 20  # at most 20 years count, counting back from the date of leaving
YOUNG_AGE, OLDER_AGE = 22, 41  # ½ week for each year under 22, 1 week 22–40, 1½ weeks from 41
WEEKS_PER_YEAR = 52
MIN_AGE, MAX_AGE = 16, 75  # the ages an officer may give a postholder
WORKING_FROM_AGE = 16  # years of service cannot be more than age − 16

# Statutory weekly pay cap by the date it took effect (the Employment Rights (Increase of Limits) Orders). The
# application keeps this table in the database, editable; these are the values it starts with.
STATUTORY_CAPS: tuple[tuple[date, Decimal], ...] = (
    (date(2003, 2, 1), Decimal(260)),
    (date(2004, 2, 1), Decimal(270)),
    (date(2005, 2, 1), Decimal(280)),
    (date(2006, 2, 1), Decimal(290)),
    (date(2007, 2, 1), Decimal(310)),
    (date(2008, 2, 1), Decimal(330)),
    (date(2009, 2, 1), Decimal(350)),
    (date(2009, 10, 1), Decimal(380)),
    (date(2011, 2, 1), Decimal(400)),
    (date(2012, 2, 1), Decimal(430)),
    (date(2013, 2, 1), Decimal(450)),
    (date(2014, 4, 6), Decimal(464)),
    (date(2015, 4, 6), Decimal(475)),
    (date(2016, 4, 6), Decimal(479)),
    (date(2017, 4, 6), Decimal(489)),
    (date(2018, 4, 6), Decimal(508)),
    (date(2019, 4, 6), Decimal(525)),
    (date(2020, 4, 6), Decimal(538)),
    (date(2021, 4, 6), Decimal(544)),
    (date(2022, 4, 6), Decimal(571)),
    (date(2023, 4, 6), Decimal(643)),
    (date(2024, 4, 6), Decimal(700)),
    (date(2025, 4, 6), Decimal(719)),
)

CAP_RULE = (
    "A leaver's weekly pay is capped at the statutory limit in force in the year the new structure starts (the "
    "limit in force at the end of April of that year, after the annual change)."
)

# --- Pension strain (Local Government Pension Scheme) -----------------------------------------------------

STRAIN_FROM_AGE = 55  # LGPS members made redundant at 55 or over take their pension unreduced: the fund charges
# the employer the strain on the fund of paying it early.
ACCRUAL_DIVISOR = 49  # the pension given up is estimated as pay × years of membership ÷ 49 (LGPS 2014 accrual)

# Strain cost per £1 of annual pension paid early, by age at leaving: an estimate to be replaced by the fund
# actuary's own factors (the application keeps this table in the database, editable, marked as an estimate).
STRAIN_FACTORS: tuple[tuple[int, Decimal], ...] = (
    (55, Decimal("6.00")),
    (56, Decimal("5.50")),
    (57, Decimal("5.00")),
    (58, Decimal("4.50")),
    (59, Decimal("4.00")),
    (60, Decimal("3.50")),
    (61, Decimal("3.00")),
    (62, Decimal("2.50")),
    (63, Decimal("2.00")),
    (64, Decimal("1.50")),
    (65, Decimal("1.00")),
    (66, Decimal("0.50")),
    (67, Decimal("0.00")),
)

STRAIN_RULE = (
    "Pension strain is an estimate: the pension given up (pay × years of membership ÷ 49) × a strain factor for "
    "the age at leaving. Replace the factors with the pension fund actuary's before a decision."
)

# --- Staff consultation (seed 004's protocol; seeds 000 §12 and 002 §42–43) ---------------------------------

CONSULTATION_STEPS: tuple[tuple[str, str], ...] = (
    ("staff_briefed", "Staff briefed on the proposal"),
    ("unions_consulted", "Trade unions consulted"),
    ("roadshows", "Staff roadshows or briefings held by directors"),
    ("job_protection", "Job protection arrangements agreed"),
    ("hr_policies", "HR policies compared and aligned"),
    ("employing_body", "Employing body agreed"),
    ("pensions", "Pension arrangements agreed with the fund"),
    ("tupe_consultation", "TUPE consultation with affected staff"),
)


# --- Inputs -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """Who holds a post today: what leaving would cost if the post is deleted."""

    age: int
    years_service: int
    pension_member: bool = True


@dataclass(frozen=True)
class GradeProfile:
    """A grade's average postholder, taken for a deleted post whose holder is not named."""

    name: str
    age: int
    years_service: int


@dataclass(frozen=True)
class RedundancyPolicy:
    """A council's discretion above the statutory scheme."""

    multiplier: Decimal = Decimal(1)  # statutory weeks × this
    actual_pay: bool = False  # True: a week's actual pay, not capped at the statutory limit


@dataclass(frozen=True)
class PostInput:
    key: str  # the post's identity (its database id)
    title: str
    council: str  # the employing council's code
    cluster: str
    grade: str
    fte: Decimal
    salary: Decimal  # £ a year for one full-time post
    on_cost_pct: Decimal  # employer's National Insurance and pension contributions, % of salary
    split: str = EMPLOYER
    shares: Mapping[str, Decimal] = field(default_factory=dict)  # SHARES: council code -> %
    continues: str | None = None  # a proposed post: the baseline post (key) it carries on
    holder: Holder | None = None  # a baseline post: who holds it (None: the grade's average)


# --- Results ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostFigures:
    post: PostInput
    cost: Decimal  # a year, with on-costs
    by_council: Mapping[str, Decimal]


@dataclass(frozen=True)
class StructureFigures:
    name: str
    option: str | None  # None: the baseline
    posts: tuple[PostFigures, ...]
    fte: Decimal
    cost: Decimal
    by_council: Mapping[str, Decimal]  # council code -> its share of the cost
    by_cluster: Mapping[str, Mapping[str, Decimal]]  # cluster -> council code -> share
    posts_by_council: Mapping[str, int]  # posts employed by each council
    fte_by_council: Mapping[str, Decimal]


@dataclass(frozen=True)
class LeaverFigures:
    key: str
    title: str
    council: str
    grade: str
    named: bool  # True: the postholder's own age and service; False: the grade's average
    people: Decimal  # the deleted post's FTE (more than one: several identical leavers)
    age: int
    years_service: int
    weekly_pay: Decimal
    weekly_pay_cap: Decimal
    statutory_weeks: Decimal
    statutory_redundancy: Decimal
    multiplier: Decimal
    redundancy: Decimal
    pension_strain: Decimal


@dataclass(frozen=True)
class StaffingFigures:
    baseline: StructureFigures
    proposed: StructureFigures
    savings_by_council: Mapping[str, Decimal]  # full-year: baseline share − proposed share
    savings_by_cluster: Mapping[str, Mapping[str, Decimal]]
    saving: Decimal
    deleted: tuple[PostInput, ...]
    created: tuple[PostInput, ...]
    leavers: tuple[LeaverFigures, ...]
    redundancy_by_council: Mapping[str, Decimal]
    strain_by_council: Mapping[str, Decimal]
    shared_leaving_costs: bool  # True: the partners share them on the costs basis
    one_off_by_council: Mapping[str, Decimal]
    payback_years_by_council: Mapping[str, Decimal | None]  # one-off cost ÷ full-year saving
