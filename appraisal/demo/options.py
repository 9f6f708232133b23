"""The demo's options appraisal (issue 17): a fixture appraisal's criteria and short list, each option with its central
scenario (the scenario machinery's, through scenario_load), its model per cluster, scores and risk register.

An entry's "options" lists the short list; business as usual ("business_as_usual": true) is the one every appraisal
is made with, and the entry gives only its scores and risks. "criteria", when given, replaces the default criteria.
Each write validates and saves only what differs, so loading the same file twice changes nothing."""

from decimal import Decimal

from appraisal.models import (
    Appraisal,
    Criterion,
    Option,
    OptionClusterModel,
    OptionScore,
    Risk,
    Scenario,
    ScenarioCluster,
)
from appraisal.options.services import options_defaults_create
from appraisal.scenarios.services import scenario_load
from appraise.writes import save_if_changed
from councils import financial_years
from councils.models import Council
from services.models import ServiceCluster


def criteria_load(*, appraisal: Appraisal, specs: list[dict]) -> None:
    """The appraisal's criteria exactly as listed (name, weight, "financial"), in that order; any other goes, with
    its scores."""
    names = [c["name"] for c in specs]
    appraisal.criteria.exclude(name__in=names).delete()
    for position, c in enumerate(specs):
        criterion = Criterion.objects.filter(appraisal=appraisal, name=c["name"]).first()
        values = {"weight": int(c["weight"]), "is_financial": bool(c.get("financial", False)), "position": position}
        save_if_changed(criterion or Criterion(appraisal=appraisal, name=c["name"]), values)


def options_load(*, appraisal: Appraisal, specs: list[dict], first_scenario_position: int) -> list[Option]:
    """The appraisal's short list as the entry gives it, in its order; business as usual is made if missing."""
    bau, _ = options_defaults_create(appraisal=appraisal)
    councils = {m.council.code: m.council for m in appraisal.memberships.select_related("council")}
    options = []
    # The options' scenarios follow the appraisal's own, in the entry's order, but a preferred option's scenario
    # shown to members comes first: the dashboard and the cabinet report then present the preferred option.
    with_scenario = sorted((not _shown_preferred(s), n) for n, s in enumerate(specs) if "scenario" in s)
    positions = {n: first_scenario_position + i for i, (_, n) in enumerate(with_scenario)}
    for n, spec in enumerate(specs):
        option = bau if spec.get("business_as_usual") else _option_upsert(appraisal, spec, n, councils)
        if option.business_as_usual:
            save_if_changed(option, {"position": n})
        if "cluster_models" in spec:
            _cluster_models_load(option, spec["cluster_models"], councils)
        if "scenario" in spec:
            _central_scenario_load(appraisal, option, spec["scenario"], positions[n])
        _scores_load(appraisal, option, spec.get("scores", {}))
        _risks_load(option, spec.get("risks", []))
        options.append(option)
    return options


def _shown_preferred(spec: dict) -> bool:
    status = spec["scenario"].get("status", Scenario.Status.SHOWN)
    return bool(spec.get("preferred")) and status == Scenario.Status.SHOWN


def _option_upsert(appraisal: Appraisal, spec: dict, position: int, councils: dict[str, Council]) -> Option:
    option = Option.objects.filter(appraisal=appraisal, name=spec["name"]).first()
    lead = spec.get("lead_authority")
    values = {
        "delivery_model": spec["delivery_model"],
        "lead_authority": councils[lead] if lead else None,
        "description": spec.get("description", ""),
        "preferred": bool(spec.get("preferred", False)),
        "preferred_reason": spec.get("preferred_reason", ""),
        "savings_adjustment_pct": Decimal(str(spec.get("savings_adjustment_pct", 0))),
        "savings_adjustment_reason": spec.get("savings_adjustment_reason", ""),
        "position": position,
    }
    option = option or Option(appraisal=appraisal, name=spec["name"])
    save_if_changed(option, values)
    return option


def _cluster_models_load(option: Option, specs: dict[str, dict], councils: dict[str, Council]) -> None:
    clusters = {c.name: c for c in ServiceCluster.objects.filter(name__in=specs)}
    option.cluster_models.exclude(cluster__name__in=specs).delete()
    for name, spec in specs.items():
        row = OptionClusterModel.objects.filter(option=option, cluster=clusters[name]).first()
        lead = spec.get("lead_authority")
        values = {"delivery_model": spec["delivery_model"], "lead_authority": councils[lead] if lead else None}
        save_if_changed(row or OptionClusterModel(option=option, cluster=clusters[name]), values)


def _central_scenario_load(appraisal: Appraisal, option: Option, spec: dict, position: int) -> Scenario:
    """The option's central case, by the scenario machinery (scenario_load, cost lines with their Green Book
    category, mitigation and recurrence too): its name is the option's unless the entry gives one; "out" lists the
    clusters it leaves out."""
    spec = {"name": option.name, **spec}
    scenario = scenario_load(appraisal=appraisal, spec=spec, position=position)
    save_if_changed(scenario, {"option": option, "case": Scenario.Case.CENTRAL})
    for name in spec.get("out", []):
        cluster = ServiceCluster.objects.get(name=name)
        setting = scenario.cluster_settings.filter(cluster=cluster).first()
        save_if_changed(setting or ScenarioCluster(scenario=scenario, cluster=cluster), {"included": False})
    return scenario


def _scores_load(appraisal: Appraisal, option: Option, specs: dict[str, dict]) -> None:
    criteria = {c.name: c for c in appraisal.criteria.all()}
    option.scores.exclude(criterion__name__in=specs).delete()
    for name, spec in specs.items():
        criterion = criteria[name]
        row = OptionScore.objects.filter(option=option, criterion=criterion).first()
        values = {"score": int(spec["score"]), "reason": spec.get("reason", "")}
        save_if_changed(row or OptionScore(option=option, criterion=criterion), values)


RISK_LOADED = ("description", "category", "likelihood", "impact", "owner", "mitigation", "cost", "probability", "year")


def _risk_values(spec: dict, position: int) -> dict:
    money = {k: Decimal(str(spec[k])) if spec.get(k) is not None else None for k in ("cost", "probability")}
    return {
        "description": spec["description"],
        "category": spec.get("category", ""),
        "likelihood": int(spec["likelihood"]),
        "impact": int(spec["impact"]),
        "owner": spec.get("owner", ""),
        "mitigation": spec.get("mitigation", ""),
        **money,
        "year": financial_years.parse(spec["year"]) if spec.get("year") else None,
        "position": position,
    }


def _risks_load(option: Option, specs: list[dict]) -> None:
    # Risks have no natural key: like cost lines, the register is replaced only when it differs from the entry.
    wanted = [_risk_values(spec, i) for i, spec in enumerate(specs)]
    fields = (*RISK_LOADED, "position")
    current = [{f: getattr(r, f) for f in fields} for r in option.risks.order_by("position", "pk")]
    if current == wanted:
        return
    option.risks.all().delete()
    for values in wanted:
        save_if_changed(Risk(option=option), values)
