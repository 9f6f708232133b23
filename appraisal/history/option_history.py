"""The change history of an appraisal's options appraisal (issue 17): its options, each option's delivery model per
cluster, scores and risk register, and the criteria they are scored on, read from django-simple-history's records like
the scenarios in scenario_history.py beside it. Rows are named from the latest recorded names (names.py), so a renamed
or deleted option's changes still read "Option Partnership · …"."""

from django.db.models import Q

from appraisal.calculations import options as opt
from appraisal.history.names import Names
from appraisal.history.records import Table, rows_for
from appraisal.history.scenario_history import _choice, _money, _percent, _text, _year, _yes_no
from appraisal.models import Appraisal, Criterion, Option, OptionClusterModel, OptionScore, Risk


def _number(value) -> str:
    return "(none)" if value is None else str(value)


def _council(names: Names):
    return lambda pk: names.council(pk) if pk else "(none)"


def _option_fields(names: Names) -> tuple:
    return (
        ("name", "Name", _text),
        ("delivery_model", "Delivery model", _choice(opt.DELIVERY_MODELS)),
        ("lead_authority", "Lead authority", _council(names)),
        ("description", "Description", _text),
        ("preferred", "Preferred", _yes_no("Preferred", "Not preferred")),
        ("preferred_reason", "Why preferred", _text),
        ("savings_adjustment_pct", "Adjustment to savings", _percent),
        ("savings_adjustment_reason", "Why savings are adjusted", _text),
    )


CRITERION_FIELDS = (("name", "Name", _text), ("weight", "Weight", _number))
SCORE_FIELDS = (("score", "Score", _number), ("reason", "Reason", _text))
RISK_FIELDS = (
    ("description", "Description", _text),
    ("category", "Category", _choice(opt.RISK_CATEGORIES)),
    ("likelihood", "Likelihood", _number),
    ("impact", "Impact", _number),
    ("owner", "Owner", _text),
    ("mitigation", "Mitigation", _text),
    ("cost", "Cost if it happens", _money),
    ("probability", "Probability", _percent),
    ("year", "Year", _year),
)


def _of(names: Names):
    return lambda r: f"Option {names.option(r.option_id)}"


def _options(records, names: Names, only) -> list:
    fields = _option_fields(names)
    what = lambda r: f"Option {names.option(r.id)}"  # noqa: E731
    return rows_for(records, fields, what, kind="options", brief=fields[:2], only=only)


def _cluster_models(records, names: Names, only) -> list:
    of = _of(names)
    fields = (
        ("delivery_model", "Delivery model", _choice(opt.DELIVERY_MODELS)),
        ("lead_authority", "Lead authority", _council(names)),
    )
    return rows_for(
        records, fields, lambda r: f"{of(r)} · Model for {names.cluster(r.cluster_id)}",
        kind="options", brief=fields[:1], only=only,
    )  # fmt: skip


def _criteria(records, names: Names, only) -> list:
    what = lambda r: f"Criterion {names.criterion(r.id)}"  # noqa: E731
    return rows_for(records, CRITERION_FIELDS, what, kind="options", only=only)


def _scores(records, names: Names, only) -> list:
    of = _of(names)
    return rows_for(
        records, SCORE_FIELDS, lambda r: f"{of(r)} · Score for {names.criterion(r.criterion_id)}",
        kind="options", brief=SCORE_FIELDS[:1], only=only,
    )  # fmt: skip


def _risks(records, names: Names, only) -> list:
    of = _of(names)
    return rows_for(records, RISK_FIELDS, lambda r: f"{of(r)} · Risk", kind="options", brief=RISK_FIELDS[:1], only=only)


def _own(appraisal: Appraisal) -> Q:
    return Q(appraisal_id=appraisal.pk)


def _parts(appraisal: Appraisal) -> Q:
    """An option part's records: those of every option the appraisal has had."""
    return Q(option_id__in=Option.history.filter(appraisal_id=appraisal.pk).values("id"))


# The options appraisal's audited tables, listed with the figures' in selectors.py.
TABLES = (
    Table("options", Option, _own, _options),
    Table("options", OptionClusterModel, _parts, _cluster_models),
    Table("options", Criterion, _own, _criteria),
    Table("options", OptionScore, _parts, _scores),
    Table("options", Risk, _parts, _risks),
)
