"""Start an appraisal from MHCLG's published outturn (issue 21): the councils (any not held yet created from the
figures), their services grouped into clusters, and each council's net expenditure in each service area as its
baseline for the year; areas its tier does not provide are marked so, not given a nil baseline.

Everything is checked before anything is written, and the writes go through the same services the workbook import
uses (councils_bulk_create, cluster_bulk_create, service_bulk_create, baseline_bulk_apply, appraisal_upsert,
service_scopes_bulk_apply), so the history records who started the appraisal and from where.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from appraisal.baselines.services import ServiceScopeSet, service_scopes_bulk_apply
from appraisal.formatting import and_list
from appraisal.models import Appraisal, BaselineSource, NotProvided
from appraisal.outturn import data
from appraisal.summary.services import appraisal_upsert
from councils import financial_years
from councils.models import Council
from councils.services import CouncilCreate, councils_bulk_create
from services.models import Baseline, Scope, Service, ServiceCluster
from services.services import (
    BaselineCreate,
    BaselineFigures,
    ClusterCreate,
    ServiceCreate,
    baseline_bulk_apply,
    cluster_bulk_create,
    service_bulk_create,
)

ERR_TOO_FEW = "Choose at least two councils."
ERR_TWICE = "{name} is chosen more than once: choose each council once."
ERR_NO_SLUG = "Give the appraisal an address, such as darlington-hartlepool."
ERR_SLUG_FORM = "The address can hold only letters, numbers, hyphens and underscores, such as darlington-hartlepool."
ERR_SLUG_USED = "An appraisal called '{title}' already uses the address '{slug}': choose another."
ERR_TITLE_LONG = "The title can be at most {limit} characters."

DESCRIPTION = (
    "Baselines from {publisher}'s published net current expenditure by service area, {year}. Gross budgets, FTEs "
    "and third-party spend are not in the published figures: enter them in the baselines grid or the workbook. "
    "Until then each gross budget is its net budget (nil where the net budget is below nil)."
)


@transaction.atomic
def appraisal_from_outturn(
    *, ons_codes: list[str], year: int, slug: str, title: str | None = None, user=None
) -> Appraisal:
    """A draft appraisal of the councils with these ONS codes, its baselines their published figures for `year` (the
    starting year: 2024 means 2024/25). Raises ValidationError, with every problem in plain words, and writes
    nothing, if a code is unknown or not a council's, a council did not submit its return that year, fewer than two
    councils are chosen, or the address is in use."""
    slug = (slug or "").strip()
    figures = _checked(ons_codes=ons_codes, year=year, slug=slug, title=title)
    councils = _councils_ensure(figures, user)
    services = _services_ensure(figures)
    names = [_short_name(f.authority) for f in figures]
    appraisal = appraisal_upsert(
        slug=slug,
        title=(title or "").strip() or default_title(names),
        base_year=year,
        deficit_year=year + 1,
        councils=councils,
        description=DESCRIPTION.format(publisher=data.PUBLISHER, year=financial_years.label(year)),
    )
    scopes = [ServiceScopeSet(service.pk, None) for service in services.values()]
    service_scopes_bulk_apply(appraisal=appraisal, scopes=scopes, user=user)
    _baselines_create(appraisal, figures, councils, services, user)
    source = BaselineSource(
        appraisal=appraisal, dataset=data.DATASET, publisher=data.PUBLISHER, year=year, licence=data.OGL, url=data.URL
    )
    source.full_clean()
    source.save()
    return appraisal


def _checked(*, ons_codes: list[str], year: int, slug: str, title: str | None) -> list[data.CouncilOutturn]:
    """Each council's published figures, in the order chosen; or ValidationError with every problem found."""
    codes = [c.strip().upper() for c in ons_codes if c and c.strip()]
    problems = []
    if len(set(codes)) < 2:
        problems.append(ERR_TOO_FEW)
    figures = []
    for code in dict.fromkeys(codes):
        try:
            figures.append(data.council_outturn(code, year))
        except data.OutturnError as exc:
            problems.append(str(exc))
            continue
        if codes.count(code) > 1:
            problems.append(ERR_TWICE.format(name=_short_name(figures[-1].authority)))
    problems.extend(_slug_problems(slug))
    limit = Appraisal._meta.get_field("title").max_length
    if title and len(title.strip()) > limit:
        problems.append(ERR_TITLE_LONG.format(limit=limit))
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))  # the year not covered is said once, not per council
    return figures


def _slug_problems(slug: str) -> list[str]:
    if not slug:
        return [ERR_NO_SLUG]
    try:
        validate_slug(slug)
    except ValidationError:
        return [ERR_SLUG_FORM]
    held = Appraisal.objects.filter(slug=slug).first()
    return [ERR_SLUG_USED.format(title=held.title, slug=slug)] if held else []


# --- Councils: the ones held with these ONS codes, the others created from the published figures


# MHCLG's abbreviations after a council's name ("Darlington UA", "Essex CC", "Bury MBC", "Rugby BC").
_MHCLG_SUFFIX = re.compile(r"\s+(UA|CC|MBC|MDC|DC|BC|LB)$")
_MINOR_WORDS = {"and", "of", "on", "upon", "the", "with", "in", "under", "le"}


def _short_name(authority: data.Authority) -> str:
    """The place, without MHCLG's abbreviation: "Darlington UA" -> "Darlington"."""
    return _MHCLG_SUFFIX.sub("", authority.name).strip()


def council_name(authority: data.Authority) -> str:
    """A readable council name: "Darlington UA" -> "Darlington Council", "Essex CC" -> "Essex County Council";
    "City of London" as it is. Whether a unitary is a borough, a city or a county council is not in the data."""
    short = _short_name(authority)
    if short.startswith("City of ") or short.endswith("Council"):
        return short
    return f"{short} County Council" if authority.council_type == Council.CouncilType.COUNTY else f"{short} Council"


def council_code(short_name: str, taken: set[str]) -> str:
    """A short code of letters (at most 10) not in `taken`: the first four letters of a one-word place (DARL), the
    initials of a longer one (Redcar & Cleveland: RC), lengthened until no council holds it."""
    words = [w for w in re.findall(r"[A-Za-z]+", short_name) if w.lower() not in _MINOR_WORDS] or ["COUNCIL"]
    words = [w.upper() for w in words]
    if len(words) == 1:
        candidates = [words[0][:n] for n in range(4, 11)]
    else:
        initials = "".join(w[0] for w in words)[:9]
        candidates = [initials] + [initials[:-1] + words[-1][:n] for n in range(2, 11 - len(initials) + 1)]
    base = candidates[0][:9]
    candidates += [base + letter for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    for code in candidates:
        if code not in taken:
            taken.add(code)
            return code
    raise ValidationError(f"No short code is free for {short_name}: add the council in Administration first.")


def _councils_ensure(figures: list[data.CouncilOutturn], user) -> list[Council]:
    """The councils in the order chosen: held ones (by ONS code) as they are, the others created with their name,
    type and net revenue budget (the published total net current expenditure)."""
    held = {c.ons_code: c for c in Council.objects.filter(ons_code__in=[f.authority.ons_code for f in figures])}
    new = [f for f in figures if f.authority.ons_code not in held]
    if new:
        codes = set(Council.objects.values_list("code", flat=True))
        names = {n.lower() for n in Council.objects.values_list("name", flat=True)}
        creates = []
        for f in new:
            name = council_name(f.authority)
            if name.lower() in names:  # a council of that name held without its ONS code: told apart by the code
                name = f"{name} ({f.authority.ons_code})"
            names.add(name.lower())
            code = council_code(_short_name(f.authority), codes)
            creates.append(CouncilCreate(code, name, f.authority.council_type, f.total, None, f.authority.ons_code))
        made = councils_bulk_create(councils=creates, user=user)
        held |= {c.ons_code: c for c in made}
    return [held[f.authority.ons_code] for f in figures]


# --- Services: one per service area some chosen council provides, under its cluster (shared across appraisals)


def _services_ensure(figures: list[data.CouncilOutturn]) -> dict[str, Service]:
    """Service area -> service, for the areas at least one of the councils provides, in data.CLUSTERS' order; the
    clusters and services held with these names are used, the others created."""
    wanted = [
        (cluster, [a for a in areas if any(f.by_area[a] is not None for f in figures)])
        for cluster, areas in data.CLUSTERS
    ]
    wanted = [(cluster, areas) for cluster, areas in wanted if areas]
    clusters = {c.name: c for c in ServiceCluster.objects.filter(name__in=[name for name, _ in wanted])}
    missing = [ClusterCreate(name, False) for name, _ in wanted if name not in clusters]
    clusters |= {c.name: c for c in cluster_bulk_create(clusters=missing)}
    held = {
        (s.cluster_id, s.name): s
        for s in Service.objects.filter(cluster__in=clusters.values(), name__in=data.SERVICE_AREAS)
    }
    new = []
    for name, areas in wanted:
        cluster = clusters[name]
        for position, area in enumerate(areas, start=1):
            if (cluster.pk, area) not in held:
                new.append(ServiceCreate(cluster.pk, area, position, Scope.KEY, ""))
    held |= {(s.cluster_id, s.name): s for s in service_bulk_create(services=new)}
    return {area: held[(clusters[name].pk, area)] for name, areas in wanted for area in areas}


def _baselines_create(
    appraisal: Appraisal,
    figures: list[data.CouncilOutturn],
    councils: list[Council],
    services: dict[str, Service],
    user,
) -> None:
    """Each council's published net expenditure in each area as its baseline for the year, and a NotProvided row
    where its tier does not provide the area. A baseline a council already holds for that service and year (one an
    officer has refined for another appraisal) is kept as it is."""
    held = set(
        Baseline.objects.filter(
            council__in=councils, service__in=services.values(), year=appraisal.base_year
        ).values_list("council_id", "service_id")
    )
    creates, not_provided = [], []
    for f, council in zip(figures, councils, strict=True):
        for area, service in services.items():
            if (council.pk, service.pk) in held:
                continue
            net = f.by_area[area]
            if net is None:
                not_provided.append(NotProvided(appraisal=appraisal, council=council, service=service))
            else:
                figures_ = BaselineFigures(max(net, Decimal(0)), net, Decimal(0), Decimal(0))
                creates.append(BaselineCreate(council.pk, service.pk, appraisal.base_year, figures_))
    baseline_bulk_apply(creates=creates, updates=[], user=user)
    NotProvided.objects.bulk_create(not_provided)


def default_title(names: list[str]) -> str:
    """'Shared services: Darlington and Hartlepool'; three or more: 'A, B and C'."""
    return f"Shared services: {and_list(names)}"[: Appraisal._meta.get_field("title").max_length]
