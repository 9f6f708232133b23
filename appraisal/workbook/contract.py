"""The workbook format: which sheets, which columns, what each cell may hold. Shared by the reader and the writer.

docs/workbook.md describes the same contract for people; change both together.
"""

from dataclasses import dataclass
from datetime import timedelta

# Limits on what an upload may be: a council's budget book is a few thousand rows and well under 1 MB.
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
TOO_LARGE = "The file is {size:.1f} MB; the largest Appraise takes is 10 MB."  # said by the form and the reader
EXTENSIONS = (".xlsx", ".xlsm")  # an Excel workbook, with or without macros (which are never run)

# Limits on the workbook unpacked (an .xlsx is a zip of XML files), checked before any of it is read, so that a small
# file cannot unpack to gigabytes (issue 13). 20,000 Baselines rows unpack to 6 MB, so MAX_ROWS rows to about 30 MB;
# Excel packs its XML 5 to 15 times, a "zip bomb" about 1,000 times.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all the files in the workbook together
MAX_PARTS = 1_000  # files in the workbook: Excel writes a few dozen
MAX_PACKING_RATIO = 200  # unpacked size / packed size of any file over PACKING_CHECKED_FROM
PACKING_CHECKED_FROM = 1024 * 1024
# Distinct pieces of text (Excel's shared strings), counted as they are read: a 100,000-row budget book holds a few
# thousand (codes, clusters, services repeat); each costs memory whether or not a sheet Appraise reads uses it.
MAX_SHARED_STRINGS = 500_000
# Reading stops after this many problems: the preview lists 200, and 100,000 bad rows must not become a million
# messages in memory.
MAX_PROBLEMS = 1_000

# An upload waits this long for its preview to be confirmed; then its stored contents are deleted (uploads.py).
UPLOAD_KEPT = timedelta(days=1)

# Kinds of cell.
TEXT = "text"
CODE = "code"  # a council code: upper-cased
MONEY = "money"  # pounds, may be below zero (net budgets of income-generating services)
MONEY_POSITIVE = "money_positive"  # pounds, zero or more
NUMBER_POSITIVE = "number_positive"  # FTEs: zero or more, two decimal places
YEAR = "year"  # a financial year: 2011/12, 2011-12 or 2011
SCOPE = "scope"  # key / limited / excluded (or the words shown on screen)
COUNCIL_TYPE = "council_type"
FLAG = "flag"  # yes / no
NUMBER = "number"  # FTEs and percentages, two decimal places; below zero is refused where the row is checked
WHOLE = "whole"  # a whole number: a post's ID, an age, years of service
COST_SPLIT = "cost_split"  # how a post's cost is shared (staffing.COST_SPLITS)
SHARES = "shares"  # named shares as officers type them: "DBC 50, HBC 50"

# Largest magnitudes the database holds (DecimalField max_digits 14 and 9, two decimal places).
MONEY_LIMIT = 10**12
FTE_LIMIT = 10**7


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    help: str = ""
    width: int = 14
    max_length: int | None = None  # for text: the database's limit
    title: str = ""  # how people name the column (the preview, problems, Excel's checks); blank: from the name

    @property
    def label(self) -> str:
        """'Net budget' for net_budget: the one home of a column's name in people's words."""
        return self.title or self.name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    required: bool = True
    help: str = ""
    headers_in_words: bool = False  # row 1 written as the columns' labels ("Post title"), not their names

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def headers(self) -> list[str]:
        """Row 1 as the writer writes it; normalise_header reads either form back to the column's name."""
        return [c.label for c in self.columns] if self.headers_in_words else self.column_names


APPRAISAL = Sheet(
    "Appraisal",
    (
        Column("title", TEXT, required=False, help="The appraisal's title.", width=60, max_length=300),
        Column("base_year", YEAR, required=False, help="Year of the baseline budgets, e.g. 2011/12.", width=12),
        Column("deficit_year", YEAR, required=False, help="Year the funding deficit is measured at.", width=12),
    ),
    required=False,
    help="Optional, one row. A blank cell keeps what the appraisal has (for a new appraisal: the latest Baselines "
    "year and the latest Deficits year). Only a programme admin can change these.",
)
COUNCILS = Sheet(
    "Councils",
    (
        Column(
            "code", CODE, help="The council's short code, e.g. DBC (at most 10 characters).", width=10, max_length=10
        ),
        Column(
            "name",
            TEXT,
            help="The council's name as Appraise holds it (a programme admin renames councils in Administration).",
            width=36,
            max_length=200,
        ),
        Column("type", COUNCIL_TYPE, help="unitary, district, county, metropolitan or london_borough.", width=16),
        Column(
            "net_budget",
            MONEY,
            required=False,
            help="Whole-council net revenue budget, £. Blank: no change.",
            width=18,
            title="Net revenue budget",
        ),
        Column(
            "gross_budget",
            MONEY_POSITIVE,
            required=False,
            help="Whole-council gross expenditure, £. Blank: no change.",
            width=18,
        ),
    ),
    help="The partner councils, one row each; for a new appraisal, its partners in this order. A programme admin "
    "setting up a new partnership may list councils Appraise does not hold yet: they are created.",
)
DEFICITS = Sheet(
    "Deficits",
    (
        Column("council_code", CODE, help="A code from the Councils sheet.", width=14),
        Column("year", YEAR, help="e.g. 2014/15.", width=10),
        Column("amount", MONEY_POSITIVE, help="Forecast funding deficit, £ (a positive amount).", width=18),
    ),
    help="Each council's forecast funding deficit (funding gap) for each year of its medium-term financial plan.",
)
SERVICES = Sheet(
    "Services",
    (
        Column("cluster", TEXT, help="Service cluster, e.g. Corporate Services.", width=44, max_length=200),
        Column("service", TEXT, help="Service within the cluster.", width=48, max_length=200),
        Column("scope", SCOPE, help="key, limited or excluded: this appraisal's scope for the service.", width=12),
        Column(
            "reason",
            TEXT,
            required=False,
            help="Why the service has that scope. Blank: no change (a service new to the appraisal takes its usual "
            "reason).",
            width=48,
            max_length=300,
        ),
        Column(
            "out_of_scope",
            FLAG,
            required=False,
            help="yes for out-of-scope expenditure clusters (only read when a new cluster is created).",
            width=12,
        ),
    ),
    help="The services this appraisal covers and the scope of each: every service listed is in the appraisal, and "
    "only these services' budgets enter its figures.",
)
BASELINES = Sheet(
    "Baselines",
    (
        Column("council_code", CODE, help="A code from the Councils sheet.", width=14),
        Column("cluster", TEXT, help="As in the Services sheet.", width=44),
        Column("service", TEXT, help="As in the Services sheet.", width=48),
        Column("year", YEAR, help="e.g. 2011/12.", width=10),
        Column("gross_budget", MONEY_POSITIVE, help="Gross budget, £ (zero or more).", width=16),
        Column("net_budget", MONEY, help="Net budget, £ (below zero for income-generating services).", width=16),
        Column(
            "fte",
            NUMBER_POSITIVE,
            required=False,
            title="FTE",
            help="Full-time equivalent staff. Blank: no change (0 for a new row).",
            width=10,
        ),
        Column(
            "third_party_spend",
            MONEY_POSITIVE,
            required=False,
            title="Third-party spend",
            help="Third-party spend, £. Blank: no change (0 for a new row).",
            width=18,
        ),
    ),
    help="One row per council, service and year. A row with every figure blank is skipped.",
)
SAVINGS = Sheet(
    "Savings",
    (
        Column("cluster", TEXT, help="Service cluster.", width=44),
        Column(
            "min_saving",
            MONEY_POSITIVE,
            required=False,
            help="Minimum full-year saving, £.",
            width=16,
            title="Minimum saving",
        ),
        Column(
            "max_saving",
            MONEY_POSITIVE,
            required=False,
            help="Maximum full-year saving, £.",
            width=16,
            title="Maximum saving",
        ),
    ),
    help="The savings range of each cluster for the partnership. Both blank: no change (a range is removed on the "
    "appraisal's Savings ranges page).",
)

# The staffing structures (issue 18): every post of today's structure and of each option's proposed one. Headers in
# words, each written so that normalise_header reads it back as the column's name ("Salary (£ a year)" -> salary).
TODAY = "Today"  # the Structure cell of a post of today's (the baseline) structure; a blank cell means it too
POSTS = Sheet(
    "Posts",
    (
        Column("id", WHOLE, required=False, title="ID", width=8, help="The post's ID in Appraise. Blank: a new post."),
        Column(
            "structure",
            TEXT,
            required=False,
            width=30,
            help=f"{TODAY} (or blank) for today's structure, else the name of the option whose proposed structure "
            "holds the post.",
        ),
        Column("post_title", TEXT, title="Post title", width=40, max_length=200, help="The post's title."),
        Column("cluster", TEXT, width=36, help="The service cluster the post works in."),
        Column("grade", TEXT, width=14, help="One of the appraisal's grades (added on its Staffing page)."),
        Column(
            "employing_council",
            CODE,
            title="Employing council (code)",
            width=14,
            help="The code of the partner council that employs the postholder.",
        ),
        Column("fte", NUMBER, title="FTE", width=8, help="Full-time equivalent, zero or more."),
        Column("salary", MONEY, title="Salary (£ a year)", width=16, help="£ a year for one full-time post."),
        Column(
            "on_costs",
            NUMBER,
            required=False,
            title="On-costs (%)",
            width=12,
            help="Employer's National Insurance and pension, % of salary. Blank: the employing council's.",
        ),
        Column(
            "cost_shared",
            COST_SPLIT,
            required=False,
            title="Cost shared",
            width=36,
            help="Not shared (the employing council pays), shared on the option's sharing basis, or shared in named "
            "shares. Blank: not shared.",
        ),
        Column(
            "named_shares",
            SHARES,
            required=False,
            title="Named shares",
            width=22,
            max_length=300,
            help="For a post shared in named shares: each council's code and %, such as DBC 50, HBC 50.",
        ),
        Column(
            "carries_on",
            WHOLE,
            required=False,
            title="Carries on",
            width=12,
            help="A proposed post: the ID of the post of today's structure it carries on (its holder stays). Blank: "
            "a new post.",
        ),
        Column(
            "postholders_age",
            WHOLE,
            required=False,
            title="Postholder's age",
            width=10,
            help="16 to 75. Blank: the grade's average.",
        ),
        Column(
            "years_of_service",
            WHOLE,
            required=False,
            title="Years of service",
            width=10,
            help="Complete years, at most the age less 16. Blank: the grade's average.",
        ),
        Column(
            "in_pension_scheme",
            FLAG,
            required=False,
            title="In pension scheme",
            width=10,
            help="Yes or No: is the postholder in the Local Government Pension Scheme? Blank: yes.",
        ),
    ),
    required=False,
    headers_in_words=True,
    help="Every post of today's structure and of each option's proposed one, one row each. A row without an ID adds "
    "a post; a row with one changes that post. A post left out of the sheet is kept (posts are deleted on the "
    "appraisal's Staffing page). Here a blank cell means none (the council's on-costs, no postholder named), "
    "not 'no change'.",
)

SHEETS: tuple[Sheet, ...] = (APPRAISAL, COUNCILS, DEFICITS, SERVICES, BASELINES, SAVINGS, POSTS)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}


def column_label(sheet: str, column: str) -> str:
    """A column's name in people's words ('Net budget'), or the name as given if the contract has no such column."""
    found = SHEETS_BY_NAME.get(sheet)
    for c in found.columns if found else ():
        if c.name == column:
            return c.label
    return column.replace("_", " ").capitalize()


def column_words(sheet: str, column: str) -> str:
    """The label inside a sentence: 'net budget', 'third-party spend', 'FTE'."""
    label = column_label(sheet, column)
    return label if label.isupper() else label[0].lower() + label[1:]


# Sheets the writer adds for people and the reader ignores.
INSTRUCTIONS = "Instructions"
SUMMARY = "Summary"

SCOPE_WORDS = {
    "key": "key",
    "key service": "key",
    "key service (in scope)": "key",
    "in scope": "key",
    "limited": "limited",
    "limited value": "limited",
    "excluded": "excluded",
    "exclude": "excluded",
}
FLAG_WORDS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}


def normalise_header(value) -> str:
    """'Gross budget (£)' -> 'gross_budget': headers are matched however a person writes them."""
    import re

    text = re.sub(r"\(.*?\)", "", str(value or "")).strip().lower().replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def normalise_name(value: str) -> str:
    """Names match ignoring case and runs of spaces: 'corporate  services' is 'Corporate Services'."""
    return " ".join(str(value).split()).casefold()
