"""The figures an import is compared with, read in a fixed handful of queries (never one per row), and their
fingerprint: if any of them changes between the preview and the confirmation, the confirmation is refused.

Councils' budgets, deficits and baselines are the councils' own, not one appraisal's: the state also says which
other appraisals show each of them (Elsewhere), so that an import never changes another appraisal's figures
silently."""

import dataclasses
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from appraisal.baselines.selectors import ScopeChoice, service_scopes
from appraisal.calculations import staffing
from appraisal.models import Appraisal, AppraisalCouncil, Option, SavingsRange, ServiceScope
from appraisal.staffing.selectors import grade_list, post_list
from appraisal.workbook.contract import normalise_name
from appraisal.workbook.plan.ops import NewCouncilRef
from appraisal.workbook.rows import ParsedWorkbook
from appraise.collector import collector_paused
from councils.models import Council, FundingDeficit
from services.models import Baseline, Service, ServiceCluster
from services.services import BaselineFigures


@dataclass(frozen=True, slots=True)
class AppraisalRec:
    id: int
    title: str
    base_year: int
    deficit_year: int


@dataclass(frozen=True, slots=True)
class CouncilRec:
    id: int | NewCouncilRef  # a NewCouncilRef for a council the import creates
    code: str
    name: str
    type: str
    net_budget: Decimal | None
    gross_budget: Decimal | None


@dataclass(frozen=True, slots=True)
class ClusterRec:
    id: int
    name: str
    out_of_scope: bool


@dataclass(frozen=True, slots=True)
class ServiceRec:
    id: int
    cluster_id: int
    cluster: str
    name: str
    scope: str
    reason: str

    @property
    def scope_reason(self) -> str:
        """The service's own reason, named as on Service (appraisal/baselines/selectors.py scope_for_new reads it)."""
        return self.reason


class BaselineHeld(NamedTuple):
    """A baseline as held. A NamedTuple for speed, as BaselineFigures: state_load makes one for each row held."""

    pk: int
    figures: BaselineFigures
    version: int


@dataclass(frozen=True, slots=True)
class RangeHeld:
    min_saving: Decimal
    max_saving: Decimal


@dataclass(frozen=True, slots=True)
class NamedRec:
    """An option (with whether it is business as usual, which has no proposed structure) or a grade."""

    id: int
    name: str
    business_as_usual: bool = False


@dataclass(frozen=True, slots=True)
class PostHeld:
    """A post as held, with the names the Posts sheet shows (appraisal/staffing/selectors.py post_list reads it)."""

    id: int
    option_id: int | None
    structure: str  # the option's name; "" for today's structure
    title: str
    cluster: str
    grade: str
    council_code: str  # the employing council's code
    fte: Decimal
    salary: Decimal
    on_cost_pct: Decimal | None
    cost_split: str
    shares: str  # as staffing.shares_text writes them; "" for none
    continues: int | None
    holder_age: int | None
    holder_years_service: int | None
    pension_member: bool
    version: int


@dataclass(frozen=True)
class Elsewhere:
    """Which other appraisals show a council's figures (never the appraisal imported into), by title, sorted."""

    councils: dict[int, tuple[str, ...]]  # council id -> the appraisals it is a partner in: its budgets, deficits
    baselines: dict[tuple[int, int, int], tuple[str, ...]]  # (council id, service id, year) -> those whose figures
    # take that baseline in: the council is a partner, the service is in the appraisal's scope, the year its base year


@dataclass(frozen=True)
class State:
    slug: str
    appraisal: AppraisalRec | None  # None: the import creates the appraisal
    member_ids: tuple[int, ...]  # its partners, in order
    councils: dict[str, CouncilRec]  # by code
    clusters: dict[str, ClusterRec]  # by normalised name
    services: dict[tuple[str, str], ServiceRec]  # by normalised (cluster, service)
    deficits: dict[tuple[int, int], Decimal]  # (council id, year) -> amount
    baselines: dict[tuple[int, int, int], BaselineHeld]  # by (council id, service id, year)
    savings: dict[int, RangeHeld]  # by cluster id
    scopes: dict[int, ScopeChoice]  # by service id: the services the appraisal covers, with their scope there
    elsewhere: Elsewhere = Elsewhere({}, {})
    posts: dict[int, PostHeld] = dataclasses.field(default_factory=dict)  # by id: every structure's
    grades: dict[str, NamedRec] = dataclasses.field(default_factory=dict)  # by normalised name
    options: dict[str, NamedRec] = dataclasses.field(default_factory=dict)  # the short list, by normalised name
    fingerprint: str = ""


@collector_paused()
def state_load(*, slug: str, council_codes: Iterable[str] = ()) -> State:
    """The figures an import of this slug is compared with: a fixed number of queries whatever the size."""
    row = Appraisal.objects.filter(slug=slug).values_list("id", "title", "base_year", "deficit_year").first()
    appraisal = AppraisalRec(*row) if row else None
    member_ids = ()
    if appraisal:
        members = AppraisalCouncil.objects.filter(appraisal_id=appraisal.id).order_by("position", "council__name")
        member_ids = tuple(members.values_list("council_id", flat=True))
    councils = {
        code: CouncilRec(pk, code, name, kind, net, gross)
        for pk, code, name, kind, net, gross in Council.objects.values_list(
            "id", "code", "name", "council_type", "net_revenue_budget", "gross_budget"
        )
    }
    wanted = set(member_ids) | {councils[c].id for c in set(council_codes) if c in councils}
    clusters, services = _catalogue()
    deficits = FundingDeficit.objects.filter(council_id__in=wanted).values_list("council_id", "year", "amount")
    state = State(
        slug=slug,
        appraisal=appraisal,
        member_ids=member_ids,
        councils=councils,
        clusters=clusters,
        services=services,
        deficits={(cid, year): amount for cid, year, amount in deficits},
        baselines=_baselines(wanted),
        savings=_savings(appraisal),
        scopes=service_scopes(appraisal_id=appraisal.id) if appraisal else {},
        elsewhere=_elsewhere(appraisal, wanted),
        **(_staffing(appraisal) if appraisal else {}),
    )
    return dataclasses.replace(state, fingerprint=fingerprint(state))


def _catalogue() -> tuple[dict[str, ClusterRec], dict[tuple[str, str], ServiceRec]]:
    clusters = {
        normalise_name(name): ClusterRec(pk, name, out)
        for pk, name, out in ServiceCluster.objects.values_list("id", "name", "out_of_scope")
    }
    names = {c.id: c.name for c in clusters.values()}
    services = {
        (normalise_name(names[cid]), normalise_name(name)): ServiceRec(pk, cid, names[cid], name, scope, reason)
        for pk, cid, name, scope, reason in Service.objects.values_list(
            "id", "cluster_id", "name", "scope", "scope_reason"
        )
    }
    return clusters, services


def _baselines(council_ids: set[int]) -> dict[tuple[int, int, int], BaselineHeld]:
    rows = Baseline.objects.filter(council_id__in=council_ids).values_list(
        "id", "council_id", "service_id", "year", "gross_budget", "net_budget", "fte", "third_party_spend", "version"
    )
    return {
        (cid, sid, year): BaselineHeld(pk, BaselineFigures(gross, net, fte, tps), version)
        for pk, cid, sid, year, gross, net, fte, tps, version in rows
    }


def _elsewhere(appraisal: AppraisalRec | None, council_ids: set[int]) -> Elsewhere:
    """Where other appraisals show these councils' figures (two queries)."""
    partners = AppraisalCouncil.objects.filter(council_id__in=council_ids)
    if appraisal is not None:
        partners = partners.exclude(appraisal_id=appraisal.id)
    others: dict[int, tuple[str, int, list[int]]] = {}  # appraisal id -> (title, base year, partner ids)
    for cid, aid, title, base_year in partners.values_list(
        "council_id", "appraisal_id", "appraisal__title", "appraisal__base_year"
    ):
        others.setdefault(aid, (title, base_year, []))[2].append(cid)
    councils: dict[int, set[str]] = {}
    for title, _, cids in others.values():
        for cid in cids:
            councils.setdefault(cid, set()).add(title)
    baselines: dict[tuple[int, int, int], set[str]] = {}
    for aid, sid in ServiceScope.objects.filter(appraisal_id__in=others).values_list("appraisal_id", "service_id"):
        title, base_year, cids = others[aid]
        for cid in cids:
            baselines.setdefault((cid, sid, base_year), set()).add(title)
    return Elsewhere(
        {k: tuple(sorted(v)) for k, v in councils.items()}, {k: tuple(sorted(v)) for k, v in baselines.items()}
    )


def _staffing(appraisal: AppraisalRec) -> dict:
    """The appraisal's posts, grades and options (three queries)."""
    held = Appraisal(pk=appraisal.id)
    options = list(Option.objects.filter(appraisal_id=appraisal.id).values_list("id", "name", "business_as_usual"))
    names = {pk: name for pk, name, _ in options}
    posts = {
        p.pk: PostHeld(
            p.pk,
            p.option_id,
            names.get(p.option_id, ""),
            p.title,
            p.cluster.name,
            p.grade.name,
            p.council.code,
            p.fte,
            p.salary,
            p.on_cost_pct,
            p.cost_split,
            staffing.shares_text(p.shares or {}),
            p.continues_id,
            p.holder_age,
            p.holder_years_service,
            p.pension_member,
            p.version,
        )
        for p in post_list(appraisal=held, every=True)
    }
    return {
        "posts": posts,
        "grades": {normalise_name(g.name): NamedRec(g.pk, g.name) for g in grade_list(appraisal=held)},
        "options": {normalise_name(name): NamedRec(pk, name, bau) for pk, name, bau in options},
    }


def _savings(appraisal: AppraisalRec | None) -> dict[int, RangeHeld]:
    if appraisal is None:
        return {}
    rows = SavingsRange.objects.filter(appraisal_id=appraisal.id).values_list("cluster_id", "min_saving", "max_saving")
    return {cid: RangeHeld(low, high) for cid, low, high in rows}


def fingerprint(state: State) -> str:
    """A digest of every figure the plan compares: if any changes between preview and confirm, refuse."""
    digest = hashlib.sha256()
    a = state.appraisal
    parts = [
        (a.id, a.title, a.base_year, a.deficit_year) if a else (None, None, None, None),
        state.member_ids,
        sorted((c.id, c.code, c.name, c.type, str(c.net_budget), str(c.gross_budget)) for c in state.councils.values()),
        sorted((c.id, c.name, c.out_of_scope) for c in state.clusters.values()),
        sorted((s.id, s.cluster_id, s.name, s.scope, s.reason) for s in state.services.values()),
        sorted((k, str(v)) for k, v in state.deficits.items()),
        sorted((k, str(v.min_saving), str(v.max_saving)) for k, v in state.savings.items()),
        sorted((k, v.scope, v.reason) for k, v in state.scopes.items()),
        sorted(state.elsewhere.councils.items()),
        sorted(state.elsewhere.baselines.items()),
        sorted((dataclasses.astuple(p) for p in state.posts.values()), key=lambda p: p[0]),
        sorted(dataclasses.astuple(g) for g in state.grades.values()),
        sorted(dataclasses.astuple(o) for o in state.options.values()),
    ]
    for part in parts:
        digest.update(repr(part).encode())
    for key in sorted(state.baselines):
        f = state.baselines[key].figures
        digest.update(f"{key}{f.gross_budget}|{f.net_budget}|{f.fte}|{f.third_party_spend};".encode())
    return digest.hexdigest()


def council_codes(parsed: ParsedWorkbook) -> set[str]:
    """Every council code the workbook names, so state_load reads their figures too."""
    return (
        {r.code for r in parsed.councils}
        | {r.council_code for r in parsed.deficits}
        | {r.council_code for r in parsed.baselines}
    )
