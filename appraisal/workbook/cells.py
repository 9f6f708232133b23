"""Reading one cell: what a person typed (or Excel stored) into a plain value, or a plain reason it cannot be.

Each parser raises ValueError whose message reads after the cell's address: "Baselines!E14: '12,3OO' is not a
number". Pure: no ORM.
"""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from appraisal.calculations import staffing
from appraisal.workbook import contract
from councils import financial_years
from services import parsing

PENNY = Decimal("0.01")


def _show(value) -> str:
    if isinstance(value, float) and not math.isfinite(value):  # as a program writes it in the sheet: Excel cannot
        return "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF")
    return str(value).strip() if isinstance(value, str) else str(value)


def parse_money(value, *, limit: int = contract.MONEY_LIMIT, text_parser=parsing.parse_money) -> Decimal:
    """A figure in pounds: a number Excel stored, or text such as '£1,234', '1 234', '(1,234)' or '-£1,234'.

    Text is read by services.parsing, as the baseline grid reads what people type. Numbers Excel stored are
    rounded half-up to the penny: a formula's result often carries floating-point tails (3703.6799999999994).
    """
    if value.__class__ is int:  # the usual case, first: a whole number of pounds
        if -limit < value < limit:
            return Decimal(value).quantize(PENNY)
        amount = Decimal(value)
    elif isinstance(value, bool) or isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        raise ValueError(f"'{_show(value)}' is not a number")
    elif isinstance(value, int | float | Decimal):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"'{value}' is not a number") from None
        if not amount.is_finite():
            raise ValueError(f"'{_show(value)}' is not a number")
    else:
        amount = text_parser(str(value), blank=None)
    # Checked before rounding: quantize() cannot hold a figure past 28 digits (1e26 pounds in pennies) and
    # would raise instead of saying which cell is too large.
    if abs(amount) >= limit or abs(amount.quantize(PENNY, rounding=ROUND_HALF_UP)) >= limit:
        raise ValueError(f"'{_show(value)}' is too large (the most Appraise holds is {limit:,} less a penny)")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_money_positive(value) -> Decimal:
    amount = parse_money(value)
    if amount < 0:
        raise ValueError(f"'{_show(value)}' is below zero; this figure cannot be negative")
    return amount


def parse_number_positive(value) -> Decimal:
    amount = parse_money(value, limit=contract.FTE_LIMIT, text_parser=parsing.parse_fte)
    if amount < 0:
        raise ValueError(f"'{_show(value)}' is below zero; FTEs cannot be negative")
    return amount


def parse_year(value) -> int:
    if isinstance(value, float) and value.is_integer() and abs(value) < 10**15:  # not 1e308 as 309 digits
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"'{_show(value)}' is not a financial year such as 2014/15")
    return financial_years.parse(value)


def parse_scope(value) -> str:
    scope = contract.SCOPE_WORDS.get(contract.normalise_name(value))
    if scope is None:
        raise ValueError(f"'{_show(value)}' is not a scope: write key, limited or excluded")
    return scope


def parse_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    flag = contract.FLAG_WORDS.get(contract.normalise_name(value))
    if flag is None:
        raise ValueError(f"'{_show(value)}' is not yes or no")
    return flag


def parse_text(value) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 10**15:
        value = int(value)
    return " ".join(str(value).split())


def parse_code(value) -> str:
    return parse_text(value).upper()


def council_type_parser(types: dict[str, str]):
    """types: value -> label (Council.CouncilType); accepts either, case-insensitively."""
    words = {contract.normalise_name(lbl): v for v, lbl in types.items()}
    words |= {contract.normalise_name(v): v for v in types}
    words |= {contract.normalise_name(v.replace("_", " ")): v for v in types}

    def parse(value) -> str:
        found = words.get(contract.normalise_name(value))
        if found is None:
            raise ValueError(f"'{_show(value)}' is not a council type: write one of {', '.join(types)}")
        return found

    return parse


def parse_number(value) -> Decimal:
    """An FTE or a percentage, to two decimal places; a figure below zero is refused where the row is checked, with
    the rule's own wording (appraisal/calculations/staffing.py)."""
    return parse_money(value, limit=contract.FTE_LIMIT, text_parser=_number_text)


def _number_text(text: str, *, blank=None) -> Decimal:
    """'12.5', '12.5%' or '1,234': a number as typed."""
    cleaned = text.strip().rstrip("%").replace(",", "").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"'{text.strip()}' is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"'{text.strip()}' is not a number")
    return amount


def parse_whole(value) -> int:
    """A whole number: a post's ID, an age, years of service."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 10**15:
        value = int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value.strip()) < 16:
        value = int(value.strip())
    if value.__class__ is not int or abs(value) >= 10**15:
        raise ValueError(f"'{_show(value)}' is not a whole number")
    return value


def cost_split_parser(splits: tuple[tuple[str, str], ...]):
    """splits: (code, label) as staffing.COST_SPLITS; accepts the label, the code or the label's first words
    ("Not shared", "Shared on the option's sharing basis", "Sharing basis", "Named shares"), any case."""
    words = {}
    for code, label in splits:
        words |= {contract.normalise_name(w): code for w in (code, label, label.split(":")[0])}
    words |= {"employer": "employer", "sharing basis": "basis", "named shares": "shares"}

    def parse(value) -> str:
        found = words.get(contract.normalise_name(value))
        if found is None:
            choices = "; ".join(label for _, label in splits)
            raise ValueError(f"'{_show(value)}' is not a way of sharing a post's cost: write one of {choices}")
        return found

    return parse


def parse_shares(value) -> str:
    """Named shares as officers type them ("DBC 50, HBC 50"), checked and written back the same way; whether the
    councils are the appraisal's and the shares add up to 100 is checked with the rest of the post."""
    return staffing.shares_text(staffing.parse_shares(parse_text(value)))
