"""What every sheet's comparison shares: the workbook, the figures held, the role rules and the plan being made;
names resolved (with the closest name suggested, by difflib) and the role rules checked, each failure a problem
at its cell."""

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from appraisal import formatting as fmt
from appraisal.workbook.contract import COUNCILS as _COUNCILS_SHEET
from appraisal.workbook.contract import column_words
from appraisal.workbook.contract import normalise_name as _n
from appraisal.workbook.plan.actor import Actor
from appraisal.workbook.plan.ops import ClusterRef, NewClusterRef, NewServiceRef, ServiceRef
from appraisal.workbook.plan.preview import Conflict, History, Kept, Plan, appraisals_named
from appraisal.workbook.plan.state import ClusterRec, CouncilRec, State
from appraisal.workbook.rows import ParsedWorkbook, Problem
from services.services import ClusterCreate


@dataclass(frozen=True, slots=True)
class SinceDownload:
    """What since_download makes of a row the uploader may change."""

    wanted: dict  # the workbook's figures, with None (no change) where the figure held is kept
    kept: tuple[str, ...]  # columns left as downloaded that a colleague changed since: theirs is kept
    conflicts: tuple[str, ...]  # columns changed in the workbook and by a colleague since: refused


def since_download(wanted: dict, held: dict | None, as_downloaded: dict | None) -> SinceDownload:
    """No lost updates: a row the uploader may change (their council's, or any as a programme admin), each figure
    compared with what the download showed. Officer A downloads; colleague B changes a figure on its page; A uploads
    the copy with a change to another figure: B's figure, as A's copy still shows it, must not be put back.

    wanted: column -> the workbook's figure (None: blank, no change); held: column -> the figure held (None: the row
    is not held, so an addition, which this leaves alone); as_downloaded: column -> what the download showed, or None
    if the workbook does not say (made by hand, downloaded before, or a row it did not show): then nothing changes.
    For each figure:
    - the figure held is what the download showed (nobody changed it since): the workbook's figure stands;
    - the workbook shows it as downloaded (A did not touch it) but B changed it since: B's is kept;
    - the workbook shows the figure held now: A and B agree, and nothing changes;
    - otherwise A and B both changed it: a conflict, refused at the cell.
    Pure, as may_change_row's comparison is: every sheet's rows go through it (councils_sheet.py, sheets.py,
    appraisal_sheet.py, by Planner.keep_changes_since_download)."""
    if as_downloaded is None or held is None:
        return SinceDownload(wanted, (), ())
    out, kept, conflicts = dict(wanted), [], []
    for column, new in wanted.items():
        then, now = as_downloaded[column], held[column]
        if new is None or then == now or new == now:
            continue
        if new == then:
            out[column] = None
            kept.append(column)
        else:
            conflicts.append(column)
    return SinceDownload(out, tuple(kept), tuple(conflicts))


def _pounds(column: str, value) -> str:
    return fmt.money(value)


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

    def closest(self, kind, word: str, options: dict[str, str]) -> str | None:
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
        guess = self.closest("council", code, options) if sheet != _COUNCILS_SHEET.name else None
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
        guess = self.closest("cluster", name, options)
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
        guess = self.closest(("service", key[0]), name, in_cluster)
        if guess:
            hint = f"; did you mean '{guess}'?"
        else:
            anywhere = {s: f"{v.name}' in '{v.cluster}" for (_, s), v in self.state.services.items()}
            other = self.closest("service-anywhere", name, anywhere)
            hint = f"; did you mean '{other}'?" if other else ""
        self.problem(sheet, row, "service", f"no service '{name}' in {cluster_name}{hint}")
        return None

    def may_change_row(
        self,
        sheet: str,
        row: int,
        council: CouncilRec,
        describe: Callable[[str], str],
        key: str,
        wanted: dict[str, Decimal | None],
        held: dict[str, Decimal] | None,
        affects: tuple[str, ...] = (),
        show: Callable[[str, Decimal], str] | None = None,
    ) -> bool:
        """A row of a council's own figures that differs from those held (wanted: column -> the workbook's figure,
        None for a blank, which keeps the figure held). True if the uploader may change it. If not (a partner's row,
        or a figure other appraisals show and only a programme admin may change), the row is never applied: left as
        it was downloaded (the partner changed it since), it is ignored and the preview says so once for the council;
        otherwise each cell changed is a problem naming its value here and in the appraisal (issue 16 item 6).
        describe: the figure in words from its column's ("net budget" -> "Hartlepool Borough Council's Finance net
        budget for 2011/12"); show: how a column's figure is written (pounds by default)."""
        refusal = self._refusal(council, affects)
        if refusal is None:
            return True
        kept = self.parsed.downloaded.get(key) if self.parsed.downloaded is not None else None
        as_downloaded = dict(zip(wanted, kept, strict=True)) if kept is not None else None
        compared = as_downloaded if as_downloaded is not None else held
        if compared is None:  # a row the appraisal does not hold, and the download did not show
            first = next(column for column, value in wanted.items() if value is not None)
            what = describe(column_words(sheet, first))
            message = f"{what} is not in the appraisal; {refusal.replace('change', 'add')}. Remove the row."
            self.problem(sheet, row, first, message)
            return False
        changed = [(c, new) for c, new in wanted.items() if new is not None and new != compared[c]]
        if not changed:  # as downloaded: the figures held changed since, and stay as they are
            if as_downloaded is not None:
                notice = (
                    f"{council.name}'s figures changed after you downloaded this workbook; your copy's older figures "
                    "for them are ignored."
                )
                self.plan.ignored.setdefault(notice)
            return False
        show = show or (lambda column, value: fmt.money(value))
        for column, new in changed:
            now = held.get(column) if held is not None else None
            then = compared[column]
            in_appraisal = f"{show(column, now)} in the appraisal" if now is not None else "blank in the appraisal"
            if as_downloaded is not None and then != now:
                shown = show(column, then) if then is not None else "blank"
                in_appraisal += f" ({shown} when you downloaded this workbook)"
                advice = f"Put back {shown}, as you downloaded it." if then is not None else "Leave it blank."
            elif now is None:
                advice = "Leave it blank."
            else:
                advice = f"Put back {show(column, now)}"
                advice += " or leave the row as you downloaded it." if as_downloaded is not None else "."
            what = describe(column_words(sheet, column))
            message = f"{what} is {show(column, new)} here but {in_appraisal}; {refusal}. {advice}"
            self.problem(sheet, row, column, message)
        return False

    def keep_changes_since_download(
        self,
        sheet: str,
        row: int | None,
        whose: str,
        describe: Callable[[str], str],
        key: str,
        wanted: dict,
        held: dict | None,
        show: Callable[[str, object], str] | None = None,
        history: History | None = None,
    ) -> dict | None:
        """A row the uploader may change (may_change_row said so), by since_download: its figures, with None (no
        change) where a colleague's figure is kept, each said in the preview once for `whose` (a council's name, or ""
        for the appraisal's own figures); or None if a cell conflicts, each a problem at its cell with the three
        values. describe and show as for may_change_row; history: where changed_since.py finds who changed it."""
        downloaded = self.parsed.downloaded
        kept_row = downloaded.get(key) if downloaded is not None and held is not None else None
        if kept_row is None:  # a workbook made by hand, a row the download did not show, or an addition
            return wanted
        as_downloaded = dict(zip(wanted, kept_row, strict=True))
        found = since_download(wanted, held, as_downloaded)
        show = show or _pounds
        shown = lambda column, value: None if value is None else show(column, value)  # noqa: E731
        for column in found.kept:
            what = describe(column_words(sheet, column))
            then, now = as_downloaded[column], held[column]
            self.plan.kept.append(Kept(sheet, whose, what, shown(column, then), shown(column, now), history))
        for column in found.conflicts:
            what = describe(column_words(sheet, column))
            letter = self.parsed.letter(sheet, column)
            yours, theirs, then = wanted[column], held[column], as_downloaded[column]
            conflict = Conflict(
                sheet, row, letter, what, show(column, yours), shown(column, theirs), shown(column, then), history
            )
            self.plan.conflicts.append(conflict)
            self.plan.problems.append(conflict.problem)
        return None if found.conflicts else found.wanted

    def _refusal(self, council: CouncilRec, affects: tuple[str, ...]) -> str | None:
        """Why the uploader may not change this council's figure ("only ... can change it"), or None if they may."""
        codes = self.actor.editable_codes
        if codes is not None and council.code not in codes:
            return f"only {council.name}'s officers can change it"
        if affects and not self.actor.is_admin:
            shows = "shows" if len(affects) == 1 else "show"
            return f"{appraisals_named(affects)} also {shows} this figure: only a programme admin can change it"
        return None

    def may_change_assumptions(self, sheet: str, row: int, column: str) -> bool:
        if self.actor.can_edit_assumptions:
            return True
        self.problem(sheet, row, column, "you cannot change this appraisal's savings assumptions")
        return False
