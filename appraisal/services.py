"""Writes for appraisals. Each validates before it saves; loading a fixture is all-or-nothing."""

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from appraisal.models import (
    Appraisal,
    AppraisalCouncil,
    CostItem,
    SavingsRange,
    Scenario,
    ScenarioCluster,
    ScenarioPhase,
)
from appraise.writes import save_if_changed
from councils import financial_years
from councils.models import Council, UserRole
from councils.services import council_upsert, funding_deficit_set
from services.models import Service, ServiceCluster
from services.services import baseline_set, cluster_upsert, service_upsert

FIXTURE_FORMAT = "appraise-fixture/1"


@transaction.atomic
def appraisal_upsert(
    *,
    slug: str,
    title: str,
    base_year: int,
    deficit_year: int,
    councils: list[Council],
    description: str = "",
    status: str = Appraisal.Status.DRAFT,
    report_date: datetime.date | None = None,
) -> Appraisal:
    appraisal = Appraisal.objects.filter(slug=slug).first() or Appraisal(slug=slug)
    values = {
        "title": title,
        "base_year": base_year,
        "deficit_year": deficit_year,
        "description": description,
        "status": status,
        "report_date": report_date,
    }
    save_if_changed(appraisal, values)
    if len({c.pk for c in councils}) != len(councils):
        raise ValidationError("A council can take part in an appraisal only once.")
    appraisal.memberships.exclude(council__in=councils).delete()
    for position, council in enumerate(councils):
        membership = AppraisalCouncil.objects.filter(appraisal=appraisal, council=council).first()
        save_if_changed(membership or AppraisalCouncil(appraisal=appraisal, council=council), {"position": position})
    return appraisal


@transaction.atomic
def savings_range_set(
    *, appraisal: Appraisal, cluster: ServiceCluster, min_saving: Decimal, max_saving: Decimal, user=None
) -> SavingsRange:
    savings = SavingsRange.objects.filter(appraisal=appraisal, cluster=cluster).first() or SavingsRange(
        appraisal=appraisal, cluster=cluster
    )
    save_if_changed(savings, {"min_saving": min_saving, "max_saving": max_saving}, user=user)
    return savings


# --- Fixtures -------------------------------------------------------------------------------------


class FixtureError(ValueError):
    pass


def _money(value, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise FixtureError(f"{where}: '{value}' is not an amount in pounds") from None


def _year(value, where: str) -> int:
    try:
        return financial_years.parse(value)
    except ValueError as exc:
        raise FixtureError(f"{where}: {exc}") from None


@transaction.atomic
def fixture_load(*, path: Path) -> list[Appraisal]:
    """Load a fixture file (councils, clusters, services, baselines, appraisals), updating what exists.

    Idempotent: loading the same file twice leaves the database as after the first load.
    Runs in one transaction, so a fixture with an error changes nothing.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("format") != FIXTURE_FORMAT:
        raise FixtureError(f"{path}: not an Appraise fixture (expected format {FIXTURE_FORMAT}).")

    councils = {}
    for c in data.get("councils", []):
        council = council_upsert(
            code=c["code"],
            name=c["name"],
            slug=c.get("slug"),
            council_type=c["council_type"],
            net_revenue_budget=_money(c["net_revenue_budget"], c["code"]) if c.get("net_revenue_budget") else None,
            gross_budget=_money(c["gross_budget"], c["code"]) if c.get("gross_budget") else None,
        )
        councils[council.code] = council
        for year, amount in c.get("deficits", {}).items():
            funding_deficit_set(
                council=council, year=_year(year, c["code"]), amount=_money(amount, f"{c['code']} {year}")
            )

    services: dict[tuple[str, str], Service] = {}
    clusters: dict[str, ServiceCluster] = {}
    for position, cl in enumerate(data.get("clusters", []), start=1):
        cluster = cluster_upsert(
            name=cl["name"],
            position=position,
            out_of_scope=cl.get("out_of_scope", False),
            description=cl.get("description", ""),
        )
        clusters[cluster.name] = cluster
        for s_position, s in enumerate(cl.get("services", []), start=1):
            services[(cluster.name, s["name"])] = service_upsert(
                cluster=cluster, name=s["name"], position=s_position, scope=s["scope"], scope_reason=s.get("reason", "")
            )

    if "baselines" in data:
        block = data["baselines"]
        year = _year(block["year"], "baselines")
        columns = block["columns"]
        for n, values in enumerate(block["rows"], start=1):
            row = dict(zip(columns, values, strict=True))
            where = f"baseline row {n}"
            try:
                council = councils[row["council"]]
                service = services[(row["cluster"], row["service"])]
            except KeyError as exc:
                raise FixtureError(f"{where}: unknown council, cluster or service {exc}") from None
            baseline_set(
                council=council,
                service=service,
                year=year,
                gross_budget=_money(row["gross_budget"], where),
                net_budget=_money(row["net_budget"], where),
                fte=_money(row.get("fte", 0), where),
                third_party_spend=_money(row.get("third_party_spend", 0), where),
            )

    appraisals = []
    for a in data.get("appraisals", []):
        appraisal = appraisal_upsert(
            slug=a["slug"],
            title=a["title"],
            description=a.get("description", ""),
            status=a.get("status", Appraisal.Status.DRAFT),
            report_date=datetime.date.fromisoformat(a["report_date"]) if a.get("report_date") else None,
            base_year=_year(a["base_year"], a["slug"]),
            deficit_year=_year(a["deficit_year"], a["slug"]),
            councils=[councils.get(code) or Council.objects.get(code=code) for code in a["councils"]],
        )
        for r in a.get("savings_ranges", []):
            cluster = clusters.get(r["cluster"]) or ServiceCluster.objects.get(name=r["cluster"])
            savings_range_set(
                appraisal=appraisal,
                cluster=cluster,
                min_saving=_money(r["min_saving"], r["cluster"]),
                max_saving=_money(r["max_saving"], r["cluster"]),
            )
        for position, spec in enumerate(a.get("scenarios", [])):
            scenario_load(appraisal=appraisal, spec=spec, position=position)
        appraisals.append(appraisal)
    return appraisals


# --- Demo users -----------------------------------------------------------------------------------

# (username, password, role, council code, what they can do). Demo passwords only: change them for real use.
DEMO_USERS = [
    ("admin", "appraise-admin", "admin", None, "Programme admin: everything, including Administration"),
    ("dbc-officer", "appraise-officer", "officer", "DBC", "Officer, Darlington: edits Darlington's figures"),
    ("hbc-officer", "appraise-officer", "officer", "HBC", "Officer, Hartlepool: edits Hartlepool's figures"),
    ("dbc-member", "appraise-member", "member", "DBC", "Member (councillor), Darlington: reads only"),
    ("hbc-member", "appraise-member", "member", "HBC", "Member (councillor), Hartlepool: reads only"),
]


@transaction.atomic
def user_role_set(*, user, role: str, council: Council | None) -> UserRole:
    user_role = UserRole.objects.filter(user=user).first() or UserRole(user=user)
    save_if_changed(user_role, {"role": role, "council": council})
    return user_role


@transaction.atomic
def demo_users_ensure() -> list[tuple[str, str, str]]:
    """Create the demo users if missing; an existing user's password is left as it is."""
    User = get_user_model()
    shown = []
    for username, password, role, code, description in DEMO_USERS:
        council = Council.objects.filter(code=code).first() if code else None
        if code and council is None:
            continue  # that council's fixture is not loaded
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=password,
                email=f"{username}@example.org",
                is_staff=role == "admin",
                is_superuser=role == "admin",
            )
        user_role_set(user=user, role=role, council=council)
        shown.append((username, password, description))
    return shown


# --- Scenarios ------------------------------------------------------------------------------------


@transaction.atomic
def scenario_load(*, appraisal: Appraisal, spec: dict, position: int = 0, user=None) -> Scenario:
    """Create or replace a scenario from a plain description (a fixture's "scenarios" entry)."""
    scenario = Scenario.objects.filter(appraisal=appraisal, name=spec["name"]).first() or Scenario(
        appraisal=appraisal, name=spec["name"]
    )
    first_year = financial_years.parse(spec["first_year"])
    values = {
        "description": spec.get("description", ""),
        "position": position,
        "delivery_option": spec.get("delivery_option", Scenario.DeliveryOption.INTEGRATION),
        "delivery_vehicle": spec.get("delivery_vehicle", ""),
        "first_year": first_year,
        "years": spec["years"],
        "savings_basis": spec.get("savings_basis", Scenario.Basis.CLUSTER_NET_BUDGET),
        "costs_basis": spec.get("costs_basis", Scenario.Basis.NET_BUDGET),
        "discount_rate": Decimal(str(spec.get("discount_rate", "3.5"))),
        "optimism_bias": Decimal(str(spec.get("optimism_bias", "0"))),
    }
    save_if_changed(scenario, values, user=user)

    wanted_points = {ServiceCluster.objects.get(name=name).pk: point for name, point in spec.get("points", {}).items()}
    for cluster_id, point in wanted_points.items():
        setting = ScenarioCluster.objects.filter(scenario=scenario, cluster_id=cluster_id).first()
        kind, value = (point, None) if isinstance(point, str) else (point["kind"], Decimal(str(point["value"])))
        save_if_changed(
            setting or ScenarioCluster(scenario=scenario, cluster_id=cluster_id),
            {"point": kind, "custom_value": value, "included": True},
            user=user,
        )
    for year_label, percent in spec.get("phasing", {}).items():
        year = financial_years.parse(year_label)
        phase = ScenarioPhase.objects.filter(scenario=scenario, cluster=None, year=year).first()
        save_if_changed(
            phase or ScenarioPhase(scenario=scenario, year=year), {"percent": Decimal(str(percent))}, user=user
        )
    # Cost items have no natural key: replace them only when they differ, so loading twice changes nothing.
    wanted_costs = [
        (c["category"], c.get("description", ""), financial_years.parse(c["year"]), Decimal(str(c["amount"])))
        for c in spec.get("costs", [])
    ]
    current = [(c.category, c.description, c.year, c.amount) for c in scenario.cost_items.order_by("pk")]
    if current != wanted_costs:
        scenario.cost_items.all().delete()
        for category, description, year, amount in wanted_costs:
            item = CostItem(scenario=scenario, category=category, description=description, year=year, amount=amount)
            save_if_changed(item, {}, user=user)
    return scenario


@transaction.atomic
def scenario_clone(*, scenario: Scenario, name: str, user=None) -> Scenario:
    """A copy of the scenario and all its assumptions under a new name, to try a variation."""
    if Scenario.objects.filter(appraisal=scenario.appraisal, name__iexact=name.strip()).exists():
        raise ValidationError({"name": "This appraisal already has a scenario with that name."})
    copy = Scenario.objects.get(pk=scenario.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.version = 1
    save_if_changed(copy, {"name": name.strip(), "position": scenario.appraisal.scenarios.count()}, user=user)
    for related in ("cluster_settings", "phases", "cost_items", "custom_shares"):
        for row in getattr(scenario, related).all():
            row.pk = None
            row.id = None
            row._state.adding = True
            row.scenario = copy
            save_if_changed(row, {}, user=user)
    return copy


# --- Service scopes -------------------------------------------------------------------------------


@transaction.atomic
def service_scope_set(*, appraisal: Appraisal, service: Service, scope: str, reason: str = "", user=None):
    """Set this appraisal's scope for a service (key / limited value / excluded), with the reason for it."""
    from appraisal.models import ServiceScope

    service_scope = ServiceScope.objects.filter(appraisal=appraisal, service=service).first() or ServiceScope(
        appraisal=appraisal, service=service
    )
    save_if_changed(service_scope, {"scope": scope, "reason": reason}, user=user)
    return service_scope
