"""Figures as people type them ("£1,234", "(250)", "6.5") turned into Decimals. Pure: no ORM, no request.

Shared by the baseline grid and the workbook importer, so a figure is read the same way wherever it is typed.
Each error is a ValueError whose message can be shown to the person who typed the figure.
"""

import re
from decimal import Decimal, InvalidOperation

# Digits grouped in threes by commas ("1,234,567") or not at all ("1234567"), with optional decimals.
_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
_MINUS_SIGNS = "-\u2212\u2013"  # hyphen-minus, the minus sign, and the en dash spreadsheets sometimes show
# Letters people type for digits that look like them: O for zero, l and I for one.
_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1"}
_DIGIT_NAMES = {"0": "zero", "1": "one"}


class NotANumber(ValueError):
    """What was typed is not a number. str() is the short message ("'12O' is not a number"); `hint`, if any, says
    how to fix it ("Enter a number, like 1,250,000 — the letter O is not zero"), for forms that show both."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def _lookalike_hint(cleaned: str, *, currency: bool) -> str:
    """A hint when letters stand where digits would and, read as those digits, the text is a number."""
    letters = [ch for ch in dict.fromkeys(cleaned) if ch in _LOOKALIKES]
    as_digits = cleaned.translate(str.maketrans(_LOOKALIKES))
    if not letters or not _NUMBER.match(as_digits):
        return ""
    example = "1,250,000" if currency else "12.5"
    named = " and ".join(f"the letter {ch} is not {_DIGIT_NAMES[_LOOKALIKES[ch]]}" for ch in letters)
    return f"Enter a number, like {example} — {named}"


def parse_number(text, *, places: int = 2, currency: bool = False, blank: Decimal | None = Decimal(0)) -> Decimal:
    """Read a typed number: surrounding and grouping spaces, commas in threes, a leading minus or accounting
    brackets "(250)", and a £ sign if `currency`. At most `places` decimal places.

    Blank text gives `blank`; pass blank=None to refuse it. Numbers already read from a spreadsheet
    (int, Decimal, float) are accepted as they are, subject to the same decimal-places rule.
    """
    if isinstance(text, bool):
        raise ValueError(f"'{text}' is not a number")
    if isinstance(text, (int, Decimal, float)):
        # str() of a float is its shortest round-trip form: 1234.5, not 1234.4999999...
        value = Decimal(str(text))
        if not value.is_finite():
            raise ValueError(f"'{text}' is not a number")
        return _check_places(value, str(text), places)
    original = "" if text is None else str(text)
    cleaned = re.sub(r"\s+", "", original)  # also non-breaking spaces, which Excel uses to group thousands
    if not cleaned:
        if blank is None:
            raise ValueError("Enter a number")
        return blank
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1]
    if cleaned[:1] and cleaned[0] in _MINUS_SIGNS and not negative:
        negative, cleaned = True, cleaned[1:]
    if currency and cleaned.startswith("£"):
        cleaned = cleaned[1:]
        if cleaned[:1] and cleaned[0] in _MINUS_SIGNS and not negative:  # "£-250"
            negative, cleaned = True, cleaned[1:]
    if not cleaned or not _NUMBER.match(cleaned):
        hint = _lookalike_hint(cleaned, currency=currency)
        raise NotANumber(f"'{original.strip()}' is not a number", hint)
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only what Decimal reads
        raise ValueError(f"'{original.strip()}' is not a number") from None
    return _check_places(-value if negative else value, original.strip(), places)


def _check_places(value: Decimal, shown: str, places: int) -> Decimal:
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        unit = "decimal place" if places == 1 else "decimal places"
        raise ValueError(f"'{shown}' has too many decimal places: use at most {places} {unit}")
    return value + 0  # "+ 0" turns -0 into 0


def parse_money(text, *, blank: Decimal | None = Decimal(0)) -> Decimal:
    """An amount in pounds: "£1,234", "1,234.50", "-250", "(250)", " £ 1 234 ". Pence at most."""
    return parse_number(text, places=2, currency=True, blank=blank)


def parse_fte(text, *, blank: Decimal | None = Decimal(0)) -> Decimal:
    """Full-time equivalents: "6.5", "12", "1,204.25". Two decimal places at most."""
    return parse_number(text, places=2, currency=False, blank=blank)
