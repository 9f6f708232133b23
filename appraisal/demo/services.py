"""The demo: loading a fixture file through each app's write services (all or nothing), and the demo users."""

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from appraisal.baselines.selectors import ScopeChoice, service_scopes
from appraisal.baselines.services import savings_range_set, service_scope_set, service_scopes_bulk_remove
from appraisal.demo.options import criteria_load, options_load
from appraisal.demo.realisation import realisation_load
from appraisal.demo.staffing import staffing_load
from appraisal.models import Appraisal
from appraisal.scenarios.services import scenario_load
from appraisal.summary.services import appraisal_upsert
from appraise.writes import DEMO_DATA, change_source
from councils import financial_years
from councils.models import Council
from councils.services import council_upsert, funding_deficit_set, user_role_set
from services.models import Service, ServiceCluster
from services.services import baseline_set, cluster_upsert, service_upsert

FIXTURE_FORMAT = "appraise-fixture/1"


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
@change_source(DEMO_DATA)
def fixture_load(*, path: Path) -> list[Appraisal]:
    """Load a fixture file (councils, clusters, services, baselines, appraisals), updating what exists.

    Each appraisal covers exactly the services its entry lists ("services"), or else every service of the file:
    a service it covered before that the file no longer gives it leaves its figures (its baselines stay stored).
    Idempotent: loading the same file twice leaves the database as after the first load.
    Runs in one transaction, so a fixture with an error changes nothing.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("format") != FIXTURE_FORMAT:
        raise FixtureError(f"{path}: not an Appraise fixture (expected format {FIXTURE_FORMAT}).")
    councils = _councils_load(data.get("councils", []))
    clusters, services = _clusters_load(data.get("clusters", []))
    if "baselines" in data:
        _baselines_load(data["baselines"], councils, services)
    return [_appraisal_load(a, councils, clusters, services) for a in data.get("appraisals", [])]


def _councils_load(specs: list[dict]) -> dict[str, Council]:
    """The fixture's councils with their deficit forecasts; code -> council."""
    councils = {}
    for c in specs:
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
    return councils


def _clusters_load(specs: list[dict]) -> tuple[dict[str, ServiceCluster], dict[tuple[str, str], Service]]:
    """The fixture's clusters in their order, each with its services: name -> cluster, (cluster, name) -> service."""
    services: dict[tuple[str, str], Service] = {}
    clusters: dict[str, ServiceCluster] = {}
    for position, cl in enumerate(specs, start=1):
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
    return clusters, services


def _baselines_load(block: dict, councils: dict[str, Council], services: dict[tuple[str, str], Service]) -> None:
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


def _appraisal_load(
    a: dict, councils: dict[str, Council], clusters: dict[str, ServiceCluster], services: dict[tuple[str, str], Service]
) -> Appraisal:
    """One appraisal with its services, savings ranges, scenarios and options (its criteria and short list, each
    option with its central scenario, scores and risks: appraisal/demo/options.py); a council or cluster not in the
    file must be stored. An entry with a slug and no title adds its criteria and options to the stored appraisal,
    which it leaves otherwise as it is (a file of options beside the appraisal's own, loaded after it)."""
    if "title" not in a:
        appraisal = Appraisal.objects.filter(slug=a["slug"]).first()
        if appraisal is None:
            raise FixtureError(f"{a['slug']}: no such appraisal to add options to; load its own fixture first.")
        _options_load(appraisal, a)
        return appraisal
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
    _scope_load(appraisal, a, services)
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
    _options_load(appraisal, a)
    return appraisal


def _options_load(appraisal: Appraisal, a: dict) -> None:
    if "criteria" in a:
        criteria_load(appraisal=appraisal, specs=a["criteria"])
    if "options" in a:
        # The options' central scenarios come after the appraisal's own scenarios.
        first = len(a["scenarios"]) if "scenarios" in a else appraisal.scenarios.filter(option=None).count()
        options_load(appraisal=appraisal, specs=a["options"], first_scenario_position=first)
    # The staffing structures after the options: an option's proposed structure, and its central scenario's clusters
    # that take their saving from it (appraisal/demo/staffing.py).
    staffing_load(appraisal=appraisal, entry=a)
    # Partners' join and leave years, the benefits register with its readings, and the actuals recorded since
    # (issue 19: appraisal/demo/realisation.py).
    realisation_load(appraisal=appraisal, entry=a)


def _scope_load(appraisal: Appraisal, a: dict, services: dict[tuple[str, str], Service]) -> None:
    """The services the appraisal covers, each with its scope there (the service's own unless the entry gives one);
    any other it covered before is taken out of it."""
    chosen: dict[int, tuple[Service, ScopeChoice]] = {}
    if "services" in a:
        for n, spec in enumerate(a["services"], start=1):
            key = (spec["cluster"], spec["service"])
            try:
                service = services.get(key) or Service.objects.get(cluster__name=key[0], name=key[1])
            except Service.DoesNotExist:
                raise FixtureError(f"{a['slug']} service {n}: no service '{key[1]}' in cluster '{key[0]}'") from None
            choice = ScopeChoice(spec.get("scope", service.scope), spec.get("reason", service.scope_reason))
            chosen[service.pk] = (service, choice)
    else:
        chosen = {s.pk: (s, ScopeChoice(s.scope, s.scope_reason)) for s in services.values()}
    for service, choice in chosen.values():
        service_scope_set(appraisal=appraisal, service=service, scope=choice.scope, reason=choice.reason)
    others = set(service_scopes(appraisal_id=appraisal.pk)) - set(chosen)
    service_scopes_bulk_remove(appraisal=appraisal, service_ids=others)


def demo_fixture_paths(directory: Path) -> list[Path]:
    """The fixture files in the order load_demo loads them: by name, each appraisal's own file before a file that
    adds to it (darlington-hartlepool-2011.json, then darlington-hartlepool-2011.options.json)."""
    return sorted(Path(directory).glob("*.json"), key=lambda p: (p.name.split(".")[0], p.name.count("."), p.name))


# (username, password, role, council code, what they can do). Demo passwords only: change them for real use.
DEMO_USERS = [
    ("admin", "appraise-admin", "admin", None, "Programme admin: everything, including Administration"),
    ("dbc-officer", "appraise-officer", "officer", "DBC", "Officer, Darlington: edits Darlington's figures"),
    ("hbc-officer", "appraise-officer", "officer", "HBC", "Officer, Hartlepool: edits Hartlepool's figures"),
    ("dbc-member", "appraise-member", "member", "DBC", "Member (councillor), Darlington: reads only"),
    ("hbc-member", "appraise-member", "member", "HBC", "Member (councillor), Hartlepool: reads only"),
    ("sbc-officer", "appraise-officer", "officer", "SBC", "Officer, Stockton-on-Tees: edits Stockton's figures"),
    ("sbc-member", "appraise-member", "member", "SBC", "Member (councillor), Stockton-on-Tees: reads only"),
    ("ccc-officer", "appraise-officer", "officer", "CCC", "Officer, Carlisle: edits Carlisle's figures"),
    ("ccc-member", "appraise-member", "member", "CCC", "Member (councillor), Carlisle: reads only"),
    ("rcbc-officer", "appraise-officer", "officer", "RCBC", "Officer, Redcar and Cleveland: edits its figures"),
    ("rcbc-member", "appraise-member", "member", "RCBC", "Member (councillor), Redcar and Cleveland: reads only"),
    ("ehc-officer", "appraise-officer", "officer", "EHC", "Officer, East Herts: edits East Herts' figures"),
    ("ehc-member", "appraise-member", "member", "EHC", "Member (councillor), East Herts: reads only"),
    ("stbc-officer", "appraise-officer", "officer", "STBC", "Officer, Stevenage: edits Stevenage's figures"),
    ("stbc-member", "appraise-member", "member", "STBC", "Member (councillor), Stevenage: reads only"),
    ("nhdc-officer", "appraise-officer", "officer", "NHDC", "Officer, North Herts: edits North Herts' figures"),
    ("nhdc-member", "appraise-member", "member", "NHDC", "Member (councillor), North Herts: reads only"),
]


@transaction.atomic
@change_source(DEMO_DATA)
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
