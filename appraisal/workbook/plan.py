"""Compare a parsed workbook with the figures held: what would change (old -> new), what is new, what goes.

`state_load` reads the current figures in a fixed handful of queries (never one per row) and takes a
fingerprint of them; `plan_make` is pure: it resolves names (suggesting the closest, with difflib), applies
the role rules given as an `Actor`, and lists the changes and the operations apply.py will run. The preview
shows the plan; confirming applies it only if the fingerprint is still the same.
"""

import difflib
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from appraisal import formatting as fmt
from appraisal import permissions
from appraisal.models import Appraisal, SavingsRange, ServiceScope
from appraisal.workbook import contract
from appraisal.workbook.reader import ParsedWorkbook, Problem
from councils import financial_years
from councils.models import Council, FundingDeficit
from services.models import Baseline, Scope, Service, ServiceCluster

_n = contract.normalise_name
_SLUG = re.compile(r"^[-a-z0-9_]{1,200}$")
RESERVED_SLUGS = {"import"}  # the address of the page that imports a new appraisal
SCOPE_LABELS = dict(Scope.choices)
TYPE_LABELS = dict(Council.CouncilType.choices)


# --- Who is importing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """The role rules for one import, worked out from appraisal.permissions (see actor_for)."""

    is_admin: bool
    editable_codes: frozenset[str] | None  # councils whose figures may change; None: every council
    can_edit_assumptions: bool
    own_council: str = ""  # "Darlington Borough Council's figures (DBC)"


ADMIN = Actor(is_admin=True, editable_codes=None, can_edit_assumptions=True)


def actor_for(user, appraisal: Appraisal | None) -> Actor:
    """A programme admin (or the command line, user None) may change everything; an officer their own council."""
    if user is None or permissions.is_programme_admin(user):
        return ADMIN
    if appraisal is None:
        return Actor(is_admin=False, editable_codes=frozenset(), can_edit_assumptions=False)
    member_ids = list(appraisal.memberships.values_list("council_id", flat=True))
    editable = permissions.editable_council_ids(user, appraisal, member_ids)
    codes = frozenset(Council.objects.filter(id__in=editable).values_list("code", flat=True))
    home = permissions.home_council(user)
    own = f"{home.name}'s figures ({home.code})" if home else ""
    return Actor(
        is_admin=False,
        editable_codes=codes,
        can_edit_assumptions=permissions.can_edit_assumptions(user, appraisal),
        own_council=own,
    )


# --- The figures held -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CouncilRec:
    id: int
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
    position: int


@dataclass(frozen=True, slots=True)
class ServiceRec:
    id: int
    cluster_id: int
    cluster: str
    name: str
    scope: str
    reason: str


@dataclass
class State:
    slug: str
    appraisal: dict | None  # id, title, base_year, deficit_year, description, status, report_date
    member_ids: list[int]
    councils: dict[str, CouncilRec]  # by code
    clusters: dict[str, ClusterRec]  # by normalised name
    services: dict[tuple[str, str], ServiceRec]  # by normalised (cluster, service)
    deficits: dict[tuple[int, int], tuple[int, Decimal]]  # (council id, year) -> (pk, amount)
    # (council id, service id, year) -> (pk, gross, net, fte, third-party, version)
    baselines: dict[tuple[int, int, int], tuple]
    savings: dict[int, tuple[int, Decimal, Decimal]]  # cluster id -> (pk, min, max)
    scopes: dict[int, tuple[int, str, str]]  # service id -> (pk, scope, reason)
    fingerprint: str = ""


def state_load(*, slug: str, council_codes: Iterable[str] = ()) -> State:
    """The figures an import of this slug is compared with: a fixed number of queries whatever the size."""
    appraisal = (
        Appraisal.objects.filter(slug=slug)
        .values("id", "title", "base_year", "deficit_year", "description", "status", "report_date")
        .first()
    )
    member_ids = []
    if appraisal:
        member_ids = list(
            Appraisal.objects.get(pk=appraisal["id"])
            .memberships.order_by("position", "council__name")
            .values_list("council_id", flat=True)
        )
    councils = {
        code: CouncilRec(pk, code, name, kind, net, gross)
        for pk, code, name, kind, net, gross in Council.objects.values_list(
            "id", "code", "name", "council_type", "net_revenue_budget", "gross_budget"
        )
    }
    wanted = set(member_ids) | {councils[c].id for c in set(council_codes) if c in councils}
    clusters = {
        _n(name): ClusterRec(pk, name, out, pos)
        for pk, name, out, pos in ServiceCluster.objects.values_list("id", "name", "out_of_scope", "position")
    }
    cluster_names = {c.id: c.name for c in clusters.values()}
    services = {
        (_n(cluster_names[cid]), _n(name)): ServiceRec(pk, cid, cluster_names[cid], name, scope, reason)
        for pk, cid, name, scope, reason in Service.objects.values_list(
            "id", "cluster_id", "name", "scope", "scope_reason"
        )
    }
    deficits = {
        (cid, year): (pk, amount)
        for pk, cid, year, amount in FundingDeficit.objects.filter(council_id__in=wanted).values_list(
            "id", "council_id", "year", "amount"
        )
    }
    baselines = {
        (cid, sid, year): (pk, gross, net, fte, tps, version)
        for pk, cid, sid, year, gross, net, fte, tps, version in Baseline.objects.filter(
            council_id__in=wanted
        ).values_list(
            "id",
            "council_id",
            "service_id",
            "year",
            "gross_budget",
            "net_budget",
            "fte",
            "third_party_spend",
            "version",
        )
    }
    savings, scopes = {}, {}
    if appraisal:
        savings = {
            cid: (pk, low, high)
            for pk, cid, low, high in SavingsRange.objects.filter(appraisal_id=appraisal["id"]).values_list(
                "id", "cluster_id", "min_saving", "max_saving"
            )
        }
        scopes = {
            sid: (pk, scope, reason)
            for pk, sid, scope, reason in ServiceScope.objects.filter(appraisal_id=appraisal["id"]).values_list(
                "id", "service_id", "scope", "reason"
            )
        }
    state = State(slug, appraisal, member_ids, councils, clusters, services, deficits, baselines, savings, scopes)
    state.fingerprint = fingerprint(state)
    return state


def fingerprint(state: State) -> str:
    """A digest of every figure the plan compares: if any changes between preview and confirm, refuse."""
    digest = hashlib.sha256()
    appraisal = state.appraisal or {}
    parts = [
        (appraisal.get("id"), appraisal.get("title"), appraisal.get("base_year"), appraisal.get("deficit_year")),
        tuple(state.member_ids),
        sorted((c.id, c.code, c.name, c.type, str(c.net_budget), str(c.gross_budget)) for c in state.councils.values()),
        sorted((c.id, c.name, c.out_of_scope) for c in state.clusters.values()),
        sorted((s.id, s.cluster_id, s.name, s.scope, s.reason) for s in state.services.values()),
        sorted((k, str(v[1])) for k, v in state.deficits.items()),
        sorted((k, str(v[1]), str(v[2])) for k, v in state.savings.items()),
        sorted((k, v[1], v[2]) for k, v in state.scopes.items()),
    ]
    for part in parts:
        digest.update(repr(part).encode())
    for key in sorted(state.baselines):
        _, gross, net, fte, tps, _ = state.baselines[key]
        digest.update(f"{key}{gross}|{net}|{fte}|{tps};".encode())
    return digest.hexdigest()


# --- The plan ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One cell's old and new value. show formats them when the preview shows them (most never are)."""

    sheet: str
    row: int | None
    what: str
    column: str
    old_value: object
    new_value: object
    show: Callable | None = None

    @property
    def old(self) -> str:
        return self.show(self.old_value) if self.show else self.old_value

    @property
    def new(self) -> str:
        return self.show(self.new_value) if self.show else self.new_value


@dataclass(frozen=True, slots=True)
class Addition:
    sheet: str
    row: int | None
    what: str
    values: object  # the details as text, or values for show to write out
    show: Callable | None = None

    @property
    def details(self) -> str:
        return self.show(self.values) if self.show else self.values


@dataclass(frozen=True, slots=True)
class Removal:
    sheet: str
    row: int | None
    what: str
    details: str


@dataclass
class Operations:
    """What apply.py runs. Cluster refs are ids or ("new", name); service refs ids or ("new", cluster, name)."""

    appraisal: dict | None = None
    new_clusters: list[tuple[str, bool]] = field(default_factory=list)
    new_services: list[tuple[str, str, str, str]] = field(default_factory=list)  # cluster, name, scope, reason
    councils: list[tuple[int, Decimal | None, Decimal | None]] = field(default_factory=list)
    deficits: list[tuple[int, int, Decimal]] = field(default_factory=list)
    baseline_creates: list[tuple] = field(default_factory=list)  # council id, service ref, year, 4 figures
    baseline_updates: list[tuple] = field(default_factory=list)  # pk, council id, service id, year, 4 figures, version
    savings: list[tuple] = field(default_factory=list)  # cluster ref, min, max
    savings_removes: list[int] = field(default_factory=list)
    scopes: list[tuple[int, str, str]] = field(default_factory=list)  # service id, scope, reason
    scope_removes: list[int] = field(default_factory=list)


@dataclass
class SheetChanges:
    sheet: str
    changes: list[Change]
    additions: list[Addition]
    removals: list[Removal]


@dataclass
class Plan:
    slug: str
    creating: bool
    fingerprint: str
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    ops: Operations = field(default_factory=Operations)

    @property
    def count(self) -> int:
        """How many figures change: each changed cell, each new row and each removed row counts once."""
        return len(self.changes) + len(self.additions) + len(self.removals)

    @property
    def valid(self) -> bool:
        return not self.problems

    def by_sheet(self) -> list[SheetChanges]:
        out = []
        for sheet in contract.SHEETS:
            group = SheetChanges(
                sheet.name,
                [c for c in self.changes if c.sheet == sheet.name],
                [a for a in self.additions if a.sheet == sheet.name],
                [r for r in self.removals if r.sheet == sheet.name],
            )
            if group.changes or group.additions or group.removals:
                out.append(group)
        return out

    def summary(self) -> str:
        if not self.count:
            return "Nothing to change: the workbook matches the figures already held."
        parts = [f"{len(self.changes):,} figure{'s' if len(self.changes) != 1 else ''} changed"]
        if self.additions:
            parts.append(f"{len(self.additions):,} row{'s' if len(self.additions) != 1 else ''} added")
        if self.removals:
            parts.append(f"{len(self.removals):,} row{'s' if len(self.removals) != 1 else ''} removed")
        return ", ".join(parts)


def _money(value: Decimal | None) -> str:
    return "blank" if value is None else fmt.money(value)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _baseline_details(figures: tuple) -> str:
    gross, net, fte, tps = figures
    return f"gross {fmt.money(gross)}, net {fmt.money(net)}, FTEs {_number(fte)}, third-party {fmt.money(tps)}"


def _scope(scope: str, reason: str) -> str:
    label = SCOPE_LABELS.get(scope, scope)
    return f"{label} ({reason})" if reason else label


class _Planner:
    def __init__(self, parsed: ParsedWorkbook, state: State, actor: Actor, plan: Plan):
        self.parsed, self.state, self.actor, self.plan = parsed, state, actor, plan
        self.ops = plan.ops
        self.creating = state.appraisal is None
        self.can_create_catalogue = self.creating and actor.is_admin
        self.by_id = {c.id: c for c in state.councils.values()}
        self.partners: list[CouncilRec] = [self.by_id[i] for i in state.member_ids]
        self.new_clusters: dict[str, tuple[str, bool]] = {}  # normalised name -> (name, out of scope)
        self.new_services: dict[tuple[str, str], str] = {}  # normalised (cluster, service) -> name
        self._suggestions: dict[tuple, str] = {}

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.plan.problems.append(Problem(sheet, row, self.parsed.letter(sheet, column), message))

    # Names -------------------------------------------------------------------------------------------------

    def _closest(self, kind: str, word: str, options: dict[str, str]) -> str | None:
        """options: normalised -> shown. The closest shown name to word, or None."""
        key = (kind, word)
        if key not in self._suggestions:
            found = difflib.get_close_matches(_n(word), list(options), n=1, cutoff=0.6)
            self._suggestions[key] = options[found[0]] if found else None
        return self._suggestions[key]

    def council(self, sheet: str, row: int, column: str, code: str) -> CouncilRec | None:
        council = self.state.councils.get(code)
        if council is None:
            options = {_n(c.code): c.code for c in self.state.councils.values()}
            options |= {_n(c.name): c.code for c in self.state.councils.values()}
            guess = self._closest("council", code, options)
            hint = (
                f"; did you mean {guess} ({self.state.councils[guess].name})?"
                if guess
                else "; councils are added in Administration"
            )
            self.problem(sheet, row, column, f"no council has the code '{code}'{hint}")
            return None
        if council not in self.partners:
            where = "in the Councils sheet" if self.creating else "a partner council in this appraisal"
            self.problem(sheet, row, column, f"{council.name} ({council.code}) is not {where}")
            return None
        return council

    def cluster(self, sheet: str, row: int, column: str, name: str):
        """A cluster id, ("new", normalised name), or None with a problem."""
        key = _n(name)
        if key in self.state.clusters:
            return self.state.clusters[key].id
        if key in self.new_clusters:
            return ("new", key)
        options = {k: c.name for k, c in self.state.clusters.items()} | {k: v[0] for k, v in self.new_clusters.items()}
        guess = self._closest("cluster", name, options)
        hint = f"; did you mean '{guess}'?" if guess else ""
        self.problem(sheet, row, column, f"no service cluster is called '{name}'{hint}")
        return None

    def service(self, sheet: str, row: int, cluster_name: str, name: str):
        """A service id, ("new", cluster, service), or None with a problem at the cluster or service cell."""
        key = (_n(cluster_name), _n(name))
        if key in self.state.services:
            return self.state.services[key].id
        if key in self.new_services:
            return ("new", *key)
        if self.cluster(sheet, row, "cluster", cluster_name) is None:
            return None
        in_cluster = {s: v.name for (c, s), v in self.state.services.items() if c == key[0]}
        in_cluster |= {s: v for (c, s), v in self.new_services.items() if c == key[0]}
        guess = self._closest(("service", key[0]), name, in_cluster)
        if guess:
            hint = f"; did you mean '{guess}'?"
        else:
            anywhere = {s: f"{v.name}' in '{v.cluster}" for (_, s), v in self.state.services.items()}
            other = self._closest("service-anywhere", name, anywhere)
            hint = f"; did you mean '{other}'?" if other else ""
        self.problem(sheet, row, "service", f"no service '{name}' in {cluster_name}{hint}")
        return None

    def may_change(self, sheet: str, row: int, column: str, council: CouncilRec) -> bool:
        codes = self.actor.editable_codes
        if codes is None or council.code in codes:
            return True
        if self.actor.own_council:
            message = f"you can change only {self.actor.own_council}"
        else:
            message = "you cannot change councils' figures"
        self.problem(sheet, row, column, message)
        return False

    def may_change_assumptions(self, sheet: str, row: int, column: str) -> bool:
        if self.actor.can_edit_assumptions:
            return True
        self.problem(sheet, row, column, "you cannot change this appraisal's savings assumptions")
        return False

    # Sheets ------------------------------------------------------------------------------------------------

    def councils(self) -> None:
        sheet = contract.COUNCILS.name
        if self.creating:
            self.partners = []
            for r in self.parsed.councils:
                council = self.state.councils.get(r.code)
                if council is not None:
                    self.partners.append(council)
            if not self.parsed.councils:
                self.plan.problems.append(Problem(sheet, 2, "A", "list at least one partner council"))
        for r in self.parsed.councils:
            council = self.council(sheet, r.row, "code", r.code)
            if council is None:
                continue
            what = f"{council.name} ({council.code})"
            if _n(r.name) != _n(council.name):
                self.problem(
                    sheet,
                    r.row,
                    "name",
                    f"'{r.name}' is not the name held for {council.code} ({council.name}); "
                    "councils are renamed in Administration",
                )
            if r.type != council.type:
                self.problem(
                    sheet,
                    r.row,
                    "type",
                    f"{council.code} is held as {TYPE_LABELS[council.type]}, not {TYPE_LABELS[r.type]}; "
                    "council types are changed in Administration",
                )
            changes = [
                Change(sheet, r.row, what, name, _money(old), _money(new))
                for name, old, new in (
                    ("net_budget", council.net_budget, r.net_budget),
                    ("gross_budget", council.gross_budget, r.gross_budget),
                )
                if old != new
            ]
            if changes and self.may_change(sheet, r.row, "code", council):
                self.plan.changes += changes
                self.ops.councils.append((council.id, r.net_budget, r.gross_budget))

    def deficits(self) -> None:
        sheet = contract.DEFICITS.name
        for r in self.parsed.deficits:
            council = self.council(sheet, r.row, "council_code", r.council_code)
            if council is None:
                continue
            what = f"{council.code} {financial_years.label(r.year)}"
            held = self.state.deficits.get((council.id, r.year))
            if held is not None and held[1] == r.amount:
                continue
            if not self.may_change(sheet, r.row, "council_code", council):
                continue
            if held is None:
                self.plan.additions.append(Addition(sheet, r.row, what, f"deficit {fmt.money(r.amount)}"))
            else:
                self.plan.changes.append(Change(sheet, r.row, what, "amount", fmt.money(held[1]), fmt.money(r.amount)))
            self.ops.deficits.append((council.id, r.year, r.amount))

    def services(self) -> None:
        sheet = contract.SERVICES.name
        positions: dict[str, int] = {}
        for r in self.parsed.services:
            ckey, skey = _n(r.cluster), _n(r.service)
            if self.can_create_catalogue:
                if ckey not in self.state.clusters and ckey not in self.new_clusters:
                    self.new_clusters[ckey] = (r.cluster, r.out_of_scope)
                    self.ops.new_clusters.append((r.cluster, r.out_of_scope))
                    out = " (out-of-scope expenditure)" if r.out_of_scope else ""
                    self.plan.additions.append(Addition(sheet, r.row, r.cluster, f"new service cluster{out}"))
                if (ckey, skey) not in self.state.services:
                    positions[ckey] = positions.get(ckey, 0) + 1
                    self.new_services[(ckey, skey)] = r.service
                    self.ops.new_services.append((ckey, r.service, r.scope, r.reason or ""))
                    self.plan.additions.append(
                        Addition(sheet, r.row, f"{r.cluster}: {r.service}", f"new service, {_scope(r.scope, '')}")
                    )
                    continue
            service_id = self.service(sheet, r.row, r.cluster, r.service)
            if service_id is None:
                continue
            self._scope(sheet, r, self.state.services[(ckey, skey)])

    def _scope(self, sheet: str, r, service: ServiceRec) -> None:
        held = self.state.scopes.get(service.id)
        current = (held[1], held[2]) if held else (service.scope, service.reason)
        wanted = (r.scope, r.reason if r.reason is not None else current[1])
        if wanted == current:
            return
        if not self.may_change_assumptions(sheet, r.row, "scope"):
            return
        what = f"{service.cluster}: {service.name}"
        if current[0] != wanted[0]:
            self.plan.changes.append(Change(sheet, r.row, what, "scope", _scope(current[0], ""), _scope(wanted[0], "")))
        if current[1] != wanted[1]:
            self.plan.changes.append(Change(sheet, r.row, what, "reason", current[1] or "blank", wanted[1] or "blank"))
        if held and wanted == (service.scope, service.reason):
            self.ops.scope_removes.append(held[0])  # back to the service's own default: no override needed
        else:
            self.ops.scopes.append((service.id, wanted[0], wanted[1]))

    def baselines(self) -> None:
        sheet = contract.BASELINES.name
        held_all = self.state.baselines
        changes, additions = self.plan.changes, self.plan.additions
        creates, updates = self.ops.baseline_creates, self.ops.baseline_updates
        services = self.state.services
        for r in self.parsed.baselines:
            council = self.council(sheet, r.row, "council_code", r.council_code)
            found = services.get((_n(r.cluster), _n(r.service)))
            ref = found.id if found is not None else self.service(sheet, r.row, r.cluster, r.service)
            if council is None or ref is None:
                continue
            figures = (r.gross_budget, r.net_budget, r.fte, r.third_party_spend)
            held = held_all.get((council.id, ref, r.year)) if found is not None else None
            if held is not None and held[1:5] == figures:
                continue
            if not self.may_change(sheet, r.row, "council_code", council):
                continue
            service_name = found.name if found is not None else r.service
            what = f"{council.code} · {service_name} · {financial_years.label(r.year)}"
            if held is None:
                additions.append(Addition(sheet, r.row, what, figures, _baseline_details))
                creates.append((council.id, ref, r.year, *figures))
                continue
            for name, old, new in zip(_FIGURE_NAMES, held[1:5], figures, strict=True):
                if old != new:
                    changes.append(Change(sheet, r.row, what, name, old, new, _number if name == "fte" else fmt.money))
            updates.append((held[0], council.id, ref, r.year, *figures, held[5]))

    def savings(self) -> None:
        sheet = contract.SAVINGS.name
        for r in self.parsed.savings:
            ref = self.cluster(sheet, r.row, "cluster", r.cluster)
            if ref is None:
                continue
            if isinstance(ref, int):
                cluster = next(c for c in self.state.clusters.values() if c.id == ref)
                name, out_of_scope = cluster.name, cluster.out_of_scope
            else:
                name, out_of_scope = self.new_clusters[ref[1]]
            held = self.state.savings.get(ref) if isinstance(ref, int) else None
            if r.min_saving is not None and out_of_scope:
                self.problem(
                    sheet, r.row, "cluster", f"{name} is out-of-scope expenditure: it cannot have a savings range"
                )
                continue
            if r.min_saving is None:
                if held is not None and self.may_change_assumptions(sheet, r.row, "min_saving"):
                    self.plan.removals.append(
                        Removal(sheet, r.row, name, f"savings range {fmt.money(held[1])} to {fmt.money(held[2])}")
                    )
                    self.ops.savings_removes.append(held[0])
                continue
            if held is not None and (held[1], held[2]) == (r.min_saving, r.max_saving):
                continue
            if not self.may_change_assumptions(sheet, r.row, "min_saving"):
                continue
            if held is None:
                shown = f"savings range {fmt.money(r.min_saving)} to {fmt.money(r.max_saving)}"
                self.plan.additions.append(Addition(sheet, r.row, name, shown))
            else:
                for column, old, new in (("min_saving", held[1], r.min_saving), ("max_saving", held[2], r.max_saving)):
                    if old != new:
                        self.plan.changes.append(Change(sheet, r.row, name, column, fmt.money(old), fmt.money(new)))
            self.ops.savings.append((ref, r.min_saving, r.max_saving))

    def appraisal(self) -> None:
        sheet = contract.APPRAISAL.name
        row = self.parsed.appraisal
        number = row.row if row else None
        if self.creating:
            title = (row.title if row and row.title else "") or self.state.slug.replace("-", " ").capitalize()
            base = row.base_year if row and row.base_year else None
            base = base or max((b.year for b in self.parsed.baselines), default=None)
            if base is None:
                self.plan.problems.append(
                    Problem(
                        sheet,
                        number,
                        "B" if row else None,
                        "the base year is unknown: add Baselines rows or an Appraisal sheet with base_year",
                    )  # fmt: skip
                )
                return
            deficit = row.deficit_year if row and row.deficit_year else None
            deficit = deficit or max((d.year for d in self.parsed.deficits), default=base)
            if deficit < base:
                self._years_problem(number, base, deficit)
            codes = ", ".join(c.code for c in self.partners)
            self.plan.additions.append(
                Addition(
                    sheet,
                    number,
                    self.state.slug,
                    f"new appraisal '{title}': baseline {financial_years.label(base)}, deficit "
                    f"{financial_years.label(deficit)}, councils {codes}",
                )
            )
            self.ops.appraisal = {
                "title": title,
                "base_year": base,
                "deficit_year": deficit,
                "council_ids": [c.id for c in self.partners],
            }
            return
        held = self.state.appraisal
        if row is None:
            return
        wanted = {
            "title": row.title or held["title"],
            "base_year": row.base_year or held["base_year"],
            "deficit_year": row.deficit_year or held["deficit_year"],
        }
        changed = [k for k, v in wanted.items() if v != held[k]]
        if not changed:
            return
        if not self.actor.is_admin:
            for name in changed:
                self.problem(
                    sheet, number, name, f"only a programme admin can change the appraisal's {name.replace('_', ' ')}"
                )
            return
        if wanted["deficit_year"] < wanted["base_year"]:
            self._years_problem(number, wanted["base_year"], wanted["deficit_year"])
        for name in changed:
            show = financial_years.label if name != "title" else str
            self.plan.changes.append(Change(sheet, number, self.state.slug, name, show(held[name]), show(wanted[name])))
        self.ops.appraisal = wanted | {"council_ids": None}

    def _years_problem(self, number, base, deficit) -> None:
        self.plan.problems.append(
            Problem(
                contract.APPRAISAL.name,
                number,
                self.parsed.letter(contract.APPRAISAL.name, "deficit_year") if number else None,
                f"the deficit year {financial_years.label(deficit)} is before the base year "
                f"{financial_years.label(base)}",
            )
        )


_FIGURE_NAMES = ("gross_budget", "net_budget", "fte", "third_party_spend")


def plan_make(parsed: ParsedWorkbook, state: State, actor: Actor) -> Plan:
    """Everything the workbook would change, or every problem that stops it. Pure: no queries."""
    plan = Plan(slug=state.slug, creating=state.appraisal is None, fingerprint=state.fingerprint)
    plan.problems = list(parsed.problems)
    if parsed.complete:
        _plan_sheets(parsed, state, actor, plan)
    if plan.problems:
        # A workbook that cannot be applied has no changes to show: only its problems.
        plan.changes, plan.additions, plan.removals, plan.ops = [], [], [], Operations()
    plan.problems.sort(key=lambda p: (_SHEET_ORDER.get(p.sheet, -1), p.row or 0, len(p.column or ""), p.column or ""))
    return plan


def _plan_sheets(parsed: ParsedWorkbook, state: State, actor: Actor, plan: Plan) -> None:
    if plan.creating and not actor.is_admin:
        message = f"There is no appraisal '{state.slug}'; only a programme admin can create one."
        plan.problems.append(Problem("", None, None, message))
        return
    if plan.creating and (state.slug in RESERVED_SLUGS or not _SLUG.match(state.slug)):
        message = f"'{state.slug}' cannot be an appraisal's address: use lower-case letters, numbers and hyphens"
        plan.problems.append(Problem("", None, None, message))
        return
    planner = _Planner(parsed, state, actor, plan)
    planner.councils()
    planner.services()
    planner.deficits()
    planner.baselines()
    planner.savings()
    planner.appraisal()


_SHEET_ORDER = {s.name: i for i, s in enumerate(contract.SHEETS)}


def council_codes(parsed: ParsedWorkbook) -> set[str]:
    """Every council code the workbook names, so state_load reads their figures too."""
    return (
        {r.code for r in parsed.councils}
        | {r.council_code for r in parsed.deficits}
        | {r.council_code for r in parsed.baselines}
    )
