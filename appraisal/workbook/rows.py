"""What a workbook is read into: one plain record a row of each sheet, and the problems found, each at its cell.

Made by reader.py, kept with an upload by stored.py, compared with the figures held by plan/. The row records are
slotted but not frozen: 100,000 may be made for one workbook, each time it is read or loaded, and a frozen
dataclass is made about three times more slowly; nothing changes one once made.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the workbook. sheet '' means the whole file; row and column may be unknown."""

    sheet: str
    row: int | None
    column: str | None
    message: str

    @property
    def location(self) -> str:
        if not self.sheet:
            return ""
        if self.row is not None and self.column:
            return f"{self.sheet}!{self.column}{self.row}"
        if self.row is not None:
            return f"{self.sheet} row {self.row}"
        return self.sheet

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(slots=True)
class AppraisalRow:
    row: int
    title: str | None
    base_year: int | None
    deficit_year: int | None


@dataclass(slots=True)
class CouncilRow:
    row: int
    code: str
    name: str
    type: str
    net_budget: Decimal | None  # None: blank, which keeps the budget held
    gross_budget: Decimal | None


@dataclass(slots=True)
class DeficitRow:
    row: int
    council_code: str
    year: int
    amount: Decimal


@dataclass(slots=True)
class ServiceRow:
    row: int
    cluster: str
    service: str
    scope: str
    reason: str | None
    out_of_scope: bool


@dataclass(slots=True)
class BaselineRow:
    row: int
    council_code: str
    cluster: str
    service: str
    year: int
    gross_budget: Decimal
    net_budget: Decimal
    fte: Decimal | None  # None: blank, which keeps the figure held (0 for a new baseline)
    third_party_spend: Decimal | None


@dataclass(slots=True)
class SavingsRow:
    row: int
    cluster: str
    min_saving: Decimal | None  # both None: blank, which keeps the range held
    max_saving: Decimal | None


@dataclass(slots=True)
class PostRow:
    """A post of today's structure (structure None) or of an option's proposed one; id None: a new post. Blank
    optional cells are None: no on-costs of its own, no postholder named (not "no change", as on other sheets)."""

    row: int
    id: int | None
    structure: str | None
    title: str
    cluster: str
    grade: str
    council_code: str
    fte: Decimal
    salary: Decimal
    on_cost_pct: Decimal | None
    cost_split: str
    shares: str | None  # as staffing.shares_text writes them: "DBC 50, HBC 50"
    continues: int | None  # the ID of the baseline post it carries on
    holder_age: int | None
    holder_years_service: int | None
    pension_member: bool


@dataclass
class ParsedWorkbook:
    appraisal: AppraisalRow | None = None
    councils: list[CouncilRow] = field(default_factory=list)
    deficits: list[DeficitRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)
    baselines: list[BaselineRow] = field(default_factory=list)
    savings: list[SavingsRow] = field(default_factory=list)
    posts: list[PostRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # sheet name -> column name -> letter, so later checks can point at the right cell.
    letters: dict[str, dict[str, str]] = field(default_factory=dict)
    # What the workbook showed when it was downloaded (downloaded.py): key -> figures; None if it does not say (a
    # workbook made by hand, or downloaded before issue 16).
    downloaded: dict[str, tuple] | None = None

    def letter(self, sheet: str, column: str) -> str:
        return self.letters.get(sheet, {}).get(column, "A")

    @property
    def complete(self) -> bool:
        """False if the file, a sheet or a column could not be read at all: then there is nothing to compare."""
        return not any(p.column is None for p in self.problems)


# ParsedWorkbook's lists, each with the record it holds (stored.py keeps them with an upload).
ROW_LISTS = {
    "councils": CouncilRow,
    "deficits": DeficitRow,
    "services": ServiceRow,
    "baselines": BaselineRow,
    "savings": SavingsRow,
    "posts": PostRow,
}
