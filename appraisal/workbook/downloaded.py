"""What a downloaded workbook showed: the councils' own figures (budgets, deficits, baselines) as they were when it was
downloaded, kept in a very hidden, protected sheet of the workbook itself, so that an upload can tell a row the
uploader left alone from one they changed (issue 16 item 6).

A partner officer may change their council's figures after an officer downloaded the workbook: the downloaded rows
then differ from the figures held although nobody touched them in Excel. plan/ compares a row the uploader may not
change with the figures held and then with these: left as downloaded, it is ignored (said once in the preview),
never refused and never written. A colleague may change a figure the uploader may change too (the same council's
officer, a programme admin): a cell left as downloaded then keeps the colleague's figure, and one changed on both
sides is refused (plan/planner.py since_download: no lost updates). The sheet is only ever evidence for keeping the
figures held: whatever someone writes into it, it can have a cell kept as held or refused, never a figure written.

Each row of the sheet: its key (the sheet and the row's council, service and year, as key() makes it), then the
figures as text (the Decimal as held, exactly; blank for none). Pure: no ORM.
"""

from decimal import Decimal, InvalidOperation

from appraisal.workbook import contract

SHEET = "Appraise download"  # very hidden: Excel's menus cannot show it
MARKER = "Appraise: the figures as downloaded, to tell rows you left alone from rows you changed"

# The values kept for each sheet, in order (the columns of the contract's sheet): pounds and FTEs as Decimal, but the
# Appraisal sheet's title as text and its years as their first calendar year.
FIGURES = {
    contract.APPRAISAL.name: ("title", "base_year", "deficit_year"),
    contract.COUNCILS.name: ("net_budget", "gross_budget"),
    contract.DEFICITS.name: ("amount",),
    contract.BASELINES.name: ("gross_budget", "net_budget", "fte", "third_party_spend"),
    contract.SAVINGS.name: ("min_saving", "max_saving"),
    # A post's every cell but its ID (which is its key), as text compared exactly (post_text): blank as "".
    contract.POSTS.name: tuple(contract.POSTS.column_names[1:]),
}
_READ = {"title": lambda v: " ".join(str(v).split()), "base_year": int, "deficit_year": int}

Value = Decimal | str | int | None
Downloaded = dict[str, tuple[Value, ...]]  # key -> values, as FIGURES names them


def key(sheet: str, *parts) -> str:
    """'Baselines|DBC|finance|finance|2011': the sheet, then the council code, names as compared (any case or spacing)
    and the year's first calendar year."""
    return "|".join([sheet, *(contract.normalise_name(p) for p in parts)])


def appraisal_key() -> str:
    return key(contract.APPRAISAL.name)


def council_key(code: str) -> str:
    return key(contract.COUNCILS.name, code)


def deficit_key(code: str, year: int) -> str:
    return key(contract.DEFICITS.name, code, year)


def baseline_key(code: str, cluster: str, service: str, year: int) -> str:
    return key(contract.BASELINES.name, code, cluster, service, year)


def savings_key(cluster: str) -> str:
    return key(contract.SAVINGS.name, cluster)


def post_key(post_id: int) -> str:
    return key(contract.POSTS.name, post_id)


def post_text(value) -> str:
    """A post's cell as the download keeps it and the upload compares it: text with its spacing evened out (names
    compared in any case), a number without trailing zeros, yes/no; blank as ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int | float):
        return f"{Decimal(str(value)).normalize():f}"
    return " ".join(str(value).split())


_POST_NAMES = ("structure", "cluster", "grade")  # names: compared in any case


def post_texts(values: dict) -> dict[str, str]:
    """A post as compared (FIGURES' columns -> post_text), from its values as the upload reads them (the structure
    blank for today's, the cost shared as its code, pension membership True or False)."""
    texts = {name: post_text(values.get(name)) for name in FIGURES[contract.POSTS.name]}
    return texts | {name: texts[name].casefold() for name in _POST_NAMES}


def as_text(value) -> str | None:
    return None if value is None else str(value)


def values(key: str, cells: list) -> tuple[Value, ...] | None:
    """A kept row's values read back (from the sheet, or as stored.py keeps them): text as written (or a number, if
    someone typed one), blank for none. None if the key names no sheet FIGURES keeps or a value cannot be read: the
    row is then not evidence of anything and is left out."""
    sheet = key.split("|", 1)[0]
    names = FIGURES.get(sheet)
    if names is None:
        return None
    cells = [*cells[: len(names)], *[None] * (len(names) - len(cells))]
    if sheet == contract.POSTS.name:
        return tuple(post_text(cell) for cell in cells)
    try:
        return tuple(_value(name, cell) for name, cell in zip(names, cells, strict=True))
    except (ValueError, InvalidOperation):
        return None


def _value(name: str, cell) -> Value:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, bool):
        raise ValueError(cell)
    if name in _READ:
        return _READ[name](cell)
    amount = Decimal(str(cell).strip())
    if not amount.is_finite():
        raise ValueError(cell)
    return amount
