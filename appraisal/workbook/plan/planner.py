"""What every sheet's comparison shares: the workbook, the figures held, the role rules and the plan being made;
names resolved (with the closest name suggested, by difflib) and the role rules checked, each failure a problem
at its cell."""

import difflib

from appraisal.workbook.contract import COUNCILS as _COUNCILS_SHEET
from appraisal.workbook.contract import normalise_name as _n
from appraisal.workbook.plan.actor import Actor
from appraisal.workbook.plan.ops import ClusterRef, NewClusterRef, NewServiceRef, ServiceRef
from appraisal.workbook.plan.preview import Plan, appraisals_named
from appraisal.workbook.plan.state import ClusterRec, CouncilRec, State
from appraisal.workbook.rows import ParsedWorkbook, Problem
from services.services import ClusterCreate


class Planner:
    def __init__(self, parsed: ParsedWorkbook, state: State, actor: Actor, plan: Plan):
        self.parsed, self.state, self.actor, self.plan = parsed, state, actor, plan
        self.ops = plan.ops
        self.creating = state.appraisal is None
        self.can_create_catalogue = self.creating and actor.is_admin
        by_id = {c.id: c for c in state.councils.values()}
        self.partners: list[CouncilRec] = [by_id[i] for i in state.member_ids]
        self.clusters_by_id: dict[int, ClusterRec] = {c.id: c for c in state.clusters.values()}
        self.new_clusters: dict[str, ClusterCreate] = {}  # by normalised name
        self.new_services: dict[tuple[str, str], str] = {}  # normalised (cluster, service) -> name
        self.new_councils: dict[str, CouncilRec] = {}  # by code: councils this import creates
        self.refused_codes: set[str] = set()  # new councils refused at their Councils row: not named again
        self._suggestions: dict[tuple, str | None] = {}

    def problem(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.plan.problems.append(Problem(sheet, row, self.parsed.letter(sheet, column), message))

    def _closest(self, kind, word: str, options: dict[str, str]) -> str | None:
        """options: normalised -> shown. The closest shown name to word, or None."""
        key = (kind, word)
        if key not in self._suggestions:
            found = difflib.get_close_matches(_n(word), list(options), n=1, cutoff=0.6)
            self._suggestions[key] = options[found[0]] if found else None
        return self._suggestions[key]

    def council(self, sheet: str, row: int, column: str, code: str) -> CouncilRec | None:
        council = self.state.councils.get(code) or self.new_councils.get(code)
        if council is None:
            if code not in self.refused_codes:
                self.problem(sheet, row, column, f"no council has the code '{code}'{self._council_hint(sheet, code)}")
            return None
        if council not in self.partners:
            where = "in the Councils sheet" if self.creating else "a partner council in this appraisal"
            self.problem(sheet, row, column, f"{council.name} ({council.code}) is not {where}")
            return None
        return council

    def _council_hint(self, sheet: str, code: str) -> str:
        """After "no council has the code ...": the closest code, in a sheet that names a council held; else how a
        council is added (a Councils row names a council meant to be new)."""
        known = {**self.state.councils, **self.new_councils}
        options = {_n(c.code): c.code for c in known.values()} | {_n(c.name): c.code for c in known.values()}
        guess = self._closest("council", code, options) if sheet != _COUNCILS_SHEET.name else None
        if guess:
            return f"; did you mean {guess} ({known[guess].name})?"
        if self.can_create_catalogue:  # a Councils row of a new appraisal would have created it
            return "; add it to the Councils sheet"
        if self.actor.is_admin:
            return "; a council joins an existing appraisal in Administration"
        return "; only a programme admin can add a council, when setting up a new partnership"

    def cluster(self, sheet: str, row: int, column: str, name: str) -> ClusterRef | None:
        """A cluster id, a NewClusterRef, or None with a problem."""
        key = _n(name)
        if key in self.state.clusters:
            return self.state.clusters[key].id
        if key in self.new_clusters:
            return NewClusterRef(key)
        both = (self.state.clusters, self.new_clusters)
        options = {key: cluster.name for clusters in both for key, cluster in clusters.items()}
        guess = self._closest("cluster", name, options)
        hint = f"; did you mean '{guess}'?" if guess else ""
        self.problem(sheet, row, column, f"no service cluster is called '{name}'{hint}")
        return None

    def service(self, sheet: str, row: int, cluster_name: str, name: str) -> ServiceRef | None:
        """A service id, a NewServiceRef, or None with a problem at the cluster or service cell."""
        key = (_n(cluster_name), _n(name))
        if key in self.state.services:
            return self.state.services[key].id
        if key in self.new_services:
            return NewServiceRef(*key)
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

    def may_change_shared(self, sheet: str, row: int, column: str, affects: tuple[str, ...]) -> bool:
        """A council's own figure (its budgets, a deficit, a baseline) that other appraisals show too: a programme
        admin may change it (the preview names them); anyone else gets a problem at the cell."""
        if not affects or self.actor.is_admin:
            return True
        shows = "shows" if len(affects) == 1 else "show"
        message = f"{appraisals_named(affects)} also {shows} this figure: only a programme admin can change it"
        self.problem(sheet, row, column, message)
        return False

    def may_change_assumptions(self, sheet: str, row: int, column: str) -> bool:
        if self.actor.can_edit_assumptions:
            return True
        self.problem(sheet, row, column, "you cannot change this appraisal's savings assumptions")
        return False
