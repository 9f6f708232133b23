"""The change history of an appraisal's scenarios (with their clusters, phasing, costs and custom shares) and of
its cabinet report, read from django-simple-history's records like the figures in selectors.py beside it.

One query a kind; rows are named from the scenarios' latest recorded names, so a renamed or deleted scenario's
changes still read "Scenario Low · …".
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from appraisal import formatting as fmt
from appraisal.history.records import rows_for
from appraisal.models import Appraisal, CabinetReport, CostItem, CustomShare, Scenario, ScenarioCluster, ScenarioPhase
from councils import financial_years

SHORT_TEXT = 120  # characters of a report section shown before and after a change


@dataclass(frozen=True)
class Names:
    councils: dict  # council pk -> code, the appraisal's partners
    clusters: Callable[[int], str]  # cluster pk -> name


def _choice(choices) -> Callable:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value)) if value not in (None, "") else "(none)"


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
    ("delivery_option", "Delivery option", _choice(Scenario.DeliveryOption.choices)),
    ("delivery_vehicle", "Delivery vehicle", _choice(Scenario.DeliveryVehicle.choices)),
    ("first_year", "First year", _year),
    ("years", "Period", _years),
    ("savings_basis", "Sharing basis for savings", _choice(Scenario.Basis.choices)),
    ("costs_basis", "Sharing basis for costs", _choice(Scenario.Basis.choices)),
    ("discount_rate", "Discount rate", _percent),
    ("optimism_bias", "Optimism bias", _percent),
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
        ("author", "Report author", _text),
        ("contact", "Author's contact", _text),
        ("is_final", "Final or draft", _yes_no("Final", "Draft")),
        ("scenario", "Main scenario", lambda pk: scenario_name(pk) if pk else "(none)"),
        *sections,
    )


def _histories(model, **where) -> list:
    return list(model.history.filter(**where).select_related("history_user"))


def _scenario_names(records) -> dict[int, str]:
    """Scenario pk -> its latest recorded name."""
    names = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        names[record.id] = record.name
    return names


def _council_code(names: Names) -> Callable[[int | None], str]:
    return lambda pk: names.councils.get(pk, f"council {pk}") if pk else ""


def scenario_and_report_rows(*, appraisal: Appraisal, names: Names, scenarios: bool, report: bool) -> list:
    """Every recorded change to the appraisal's scenarios and their parts (if `scenarios`) and to its cabinet
    report (if `report`)."""
    if not (scenarios or report):
        return []
    records = _histories(Scenario, appraisal_id=appraisal.pk)
    called = _scenario_names(records)
    rows = _scenario_rows(records, called, names) if scenarios else []
    if report:
        rows += _report_rows(appraisal, called, names)
    return rows


def _scenario_rows(scenarios: list, called: dict, names: Names) -> list:
    code = _council_code(names)

    def of(record) -> str:
        return f"Scenario {called.get(record.scenario_id, record.scenario_id)}"

    def cluster(pk) -> str:
        return names.clusters(pk) if pk else "All clusters"

    ids = list(called)
    rows = rows_for(
        scenarios, SCENARIO_FIELDS, lambda r: f"Scenario {called[r.id]}", kind="scenarios", brief=SCENARIO_BRIEF
    )
    rows += rows_for(
        _histories(ScenarioCluster, scenario_id__in=ids), CLUSTER_FIELDS,
        lambda r: f"{of(r)} · {cluster(r.cluster_id)}", kind="scenarios", brief=CLUSTER_FIELDS[1:2],
    )  # fmt: skip
    rows += rows_for(
        _histories(ScenarioPhase, scenario_id__in=ids), PHASE_FIELDS,
        lambda r: f"{of(r)} · Phasing · {cluster(r.cluster_id)} · {financial_years.label(r.year)}", kind="scenarios",
    )  # fmt: skip
    rows += rows_for(
        _histories(CostItem, scenario_id__in=ids), COST_FIELDS,
        lambda r: f"{of(r)} · Cost · {_choice(CostItem.Category.choices)(r.category)} · {_year(r.year)}",
        kind="scenarios", council=lambda r: code(r.council_id), brief=COST_BRIEF,
    )  # fmt: skip
    rows += rows_for(
        _histories(CustomShare, scenario_id__in=ids), SHARE_FIELDS,
        lambda r: f"{of(r)} · Custom share of {r.applies_to} · {code(r.council_id)}",
        kind="scenarios", council=lambda r: code(r.council_id),
    )  # fmt: skip
    return rows


def _report_rows(appraisal: Appraisal, called: dict, names: Names) -> list:
    """The cabinet report's changes: its settings and its text sections."""
    fields = _report_fields(lambda pk: called.get(pk, f"scenario {pk} (removed)"), _council_code(names))
    records = _histories(CabinetReport, appraisal_id=appraisal.pk)
    return rows_for(records, fields, lambda r: "Cabinet report", kind="report", brief=())
