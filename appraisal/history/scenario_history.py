"""The change history of an appraisal's scenarios (with their clusters, phasing, costs and custom shares) and of
its cabinet report, read from django-simple-history's records like the figures in selectors.py beside it.

Rows are named from the scenarios' latest recorded names (names.py), so a renamed or deleted scenario's changes
still read "Scenario Low · …".
"""

from collections.abc import Callable
from decimal import Decimal

from django.db.models import Q

from appraisal import formatting as fmt
from appraisal.history.names import Names
from appraisal.history.records import Table, rows_for
from appraisal.models import Appraisal, CabinetReport, CostItem, CustomShare, Scenario, ScenarioCluster, ScenarioPhase
from councils import financial_years

SHORT_TEXT = 120  # characters of a report section shown before and after a change


def _choice(choices) -> Callable:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value)) if value not in (None, "") else "(none)"


def _delivery_option(value) -> str:
    # Only Darlington & Hartlepool's scenarios have one; having none is said as the form says it.
    return _choice(Scenario.DeliveryOption.choices)(value) if value else Scenario.NO_DELIVERY_OPTION


def _percent(value) -> str:
    return "(none)" if value is None else f"{Decimal(value).normalize():,f}%"


def _number(value) -> str:
    return "(none)" if value is None else f"{Decimal(value).normalize():,f}"


def _money(value) -> str:
    return "(none)" if value is None else fmt.money(value)


def _year(value) -> str:
    return "(none)" if value is None else financial_years.label(value)


def _years(value) -> str:
    return "(none)" if value is None else f"{value} year{'' if value == 1 else 's'}"


def _text(value) -> str:
    text = " ".join((value or "").split())
    if not text:
        return "(none)"
    return text if len(text) <= SHORT_TEXT else f"{text[: SHORT_TEXT - 1].rstrip()}…"


def _date(value) -> str:
    return "(none)" if value is None else f"{value.day} {value:%b %Y}"


def _yes_no(yes: str, no: str) -> Callable:
    return lambda value: yes if value else no


SCENARIO_FIELDS = (
    ("name", "Name", _text),
    ("status", "Status", _choice(Scenario.Status.choices)),
    ("description", "Description", _text),
    ("delivery_option", "Delivery option", _delivery_option),
    ("delivery_vehicle", "Delivery vehicle", _choice(Scenario.DeliveryVehicle.choices)),
    ("first_year", "First year", _year),
    ("years", "Period", _years),
    ("savings_basis", "Sharing basis for savings", _choice(Scenario.Basis.choices)),
    ("costs_basis", "Sharing basis for costs", _choice(Scenario.Basis.choices)),
    ("discount_rate", "Discount rate", _percent),
    ("optimism_bias", "Optimism bias", _percent),
    ("case", "Case of its option", _choice(Scenario.Case.choices)),
)
SCENARIO_BRIEF = SCENARIO_FIELDS[:2]

CLUSTER_FIELDS = (
    ("included", "In this scenario", _yes_no("In", "Out")),
    ("point", "Savings point", _choice(ScenarioCluster.Point.choices)),
    ("custom_value", "Custom saving", _number),
)

PHASE_FIELDS = (("percent", "Phasing", _percent),)

COST_FIELDS = (
    ("category", "Category", _choice(CostItem.Category.choices)),
    ("description", "Description", _text),
    ("year", "Year", _year),
    ("amount", "Amount", _money),
    ("low", "Low estimate", _money),
    ("high", "High estimate", _money),
    ("bias_category", "Optimism bias category", _choice(CostItem._meta.get_field("bias_category").choices)),
    ("mitigated_pct", "Risk mitigated", _percent),
    ("recurring", "Recurring", _yes_no("Every year", "Once")),
    ("last_year", "Last year", _year),
)
COST_BRIEF = COST_FIELDS[3:4]

SHARE_FIELDS = (("percent", "Share", _percent),)

REPORT_SECTIONS = ("purpose", "summary", "recommendations", "reasons", "financial", "legal", "consultation")
REPORT_SECTIONS += ("risk", "equality", "crime_disorder")


def _report_fields(scenario_name, council_code) -> tuple:
    sections = tuple((name, str(CabinetReport._meta.get_field(name).verbose_name), _text) for name in REPORT_SECTIONS)
    return (
        ("title", "Title", _text),
        ("presenting_council", "Presenting council", lambda pk: council_code(pk) if pk else "(none)"),
        ("meeting", "Meeting", _text),
        ("meeting_date", "Date of the meeting", _date),
        ("cabinet_members", "Responsible cabinet member(s)", _text),
        ("directors", "Responsible director(s)", _text),
        ("contact_officer", "Contact officer", _text),
        ("author", "Report author", _text),
        ("contact", "Author's contact", _text),
        ("is_final", "Final or draft", _yes_no("Final", "Draft")),
        ("scenario", "Main scenario", lambda pk: scenario_name(pk) if pk else "(none)"),
        *sections,
    )


def _of(names: Names) -> Callable:
    return lambda r: f"Scenario {names.scenario(r.scenario_id)}"


def _cluster(names: Names, pk) -> str:
    return names.cluster(pk) if pk else "All clusters"


def _scenarios(records, names: Names, only) -> list:
    what = lambda r: f"Scenario {names.scenario(r.id)}"  # noqa: E731
    return rows_for(records, SCENARIO_FIELDS, what, kind="scenarios", brief=SCENARIO_BRIEF, only=only)


def _clusters(records, names: Names, only) -> list:
    of = _of(names)
    return rows_for(
        records, CLUSTER_FIELDS, lambda r: f"{of(r)} · {_cluster(names, r.cluster_id)}",
        kind="scenarios", brief=CLUSTER_FIELDS[1:2], only=only,
    )  # fmt: skip


def _phases(records, names: Names, only) -> list:
    of = _of(names)
    return rows_for(
        records, PHASE_FIELDS,
        lambda r: f"{of(r)} · Phasing · {_cluster(names, r.cluster_id)} · {financial_years.label(r.year)}",
        kind="scenarios", only=only,
    )  # fmt: skip


def _costs(records, names: Names, only) -> list:
    of = _of(names)
    return rows_for(
        records, COST_FIELDS,
        lambda r: f"{of(r)} · Cost · {_choice(CostItem.Category.choices)(r.category)} · {_year(r.year)}",
        kind="scenarios", council=lambda r: names.council(r.council_id), brief=COST_BRIEF, only=only,
    )  # fmt: skip


def _shares(records, names: Names, only) -> list:
    of = _of(names)
    return rows_for(
        records, SHARE_FIELDS, lambda r: f"{of(r)} · Custom share of {r.applies_to} · {names.council(r.council_id)}",
        kind="scenarios", council=lambda r: names.council(r.council_id), only=only,
    )  # fmt: skip


def _report(records, names: Names, only) -> list:
    """The cabinet report's changes: its settings and its text sections."""
    fields = _report_fields(names.scenario, names.council)
    return rows_for(records, fields, lambda r: "Cabinet report", kind="report", brief=(), only=only)


def _own(appraisal: Appraisal) -> Q:
    return Q(appraisal_id=appraisal.pk)


def _parts(appraisal: Appraisal) -> Q:
    """A scenario part's records: those of every scenario the appraisal has had."""
    return Q(scenario_id__in=Scenario.history.filter(appraisal_id=appraisal.pk).values("id"))


# The scenarios' and the report's audited tables, listed with the figures' in selectors.py.
TABLES = (
    Table("scenarios", Scenario, _own, _scenarios),
    Table("scenarios", ScenarioCluster, _parts, _clusters),
    Table("scenarios", ScenarioPhase, _parts, _phases),
    Table("scenarios", CostItem, _parts, _costs, by_council=True),
    Table("scenarios", CustomShare, _parts, _shares, by_council=True),
    Table("report", CabinetReport, _own, _report),
)
