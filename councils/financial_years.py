"""UK local-government financial years (1 April to 31 March), stored as the starting calendar year.

2014 means 2014/15. Councils write them "2014/15"; workbooks sometimes say "2014-15" or "2014/2015".
Pure helpers: no ORM, no request.
"""

import re

from django.core.exceptions import ValidationError

EARLIEST = 1990
LATEST = 2100

_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:[/\-–]\s*(\d{2}|\d{4}))?\s*$")


def label(year: int) -> str:
    """2014 -> '2014/15'."""
    return f"{year}/{(year + 1) % 100:02d}"


def parse(text: str | int) -> int:
    """'2014/15', '2014-15', '2014/2015' or 2014 -> 2014; anything else raises ValueError with a plain reason."""
    if isinstance(text, int):
        year = text
    else:
        match = _PATTERN.match(str(text))
        if not match:
            raise ValueError(f"'{text}' is not a financial year such as 2014/15")
        year = int(match.group(1))
        end = match.group(2)
        if end is not None:
            expected = (year + 1) % 100 if len(end) == 2 else year + 1
            if int(end) != expected:
                raise ValueError(f"'{text}' is not a financial year: {label(year)} ends in {year + 1}")
    if not EARLIEST <= year <= LATEST:
        raise ValueError(f"{year} is outside the years Appraise holds ({EARLIEST} to {LATEST})")
    return year


def validate_year(value: int) -> None:
    if not EARLIEST <= value <= LATEST:
        raise ValidationError(
            "Enter the financial year's starting year between %(lo)s and %(hi)s (2014 means 2014/15).",
            params={"lo": EARLIEST, "hi": LATEST},
            code="financial_year",
        )


def choices(start: int = 2005, end: int = 2035) -> list[tuple[int, str]]:
    return [(y, label(y)) for y in range(start, end + 1)]
