"""Staffing implications (issue 18), for the members' dashboard and the cabinet report: the presented option's
structures against today's by council (posts and FTE before and after, posts deleted and created, the full-year
saving, redundancy, pension strain, one-off cost, payback), who hosts the staff (TUPE), who bears the leaving costs,
the staff consultation checklist and the leavers, anonymised (councils publish leaver costs by post, never by name).

Built from one staffing_overview (appraisal/staffing/selectors.py); the option presented is the one the options
comparison prefers (officers' choice, else the option ranked first: appraisal/calculations/options.py compare), or,
where the options cannot be ranked, the option officers chose, else the first option with a proposed structure.
Seeds 001 §3.3 and 002 §37 call this section "HR implications"; seed 004 gives the consultation protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.calculations import staffing as staff
from appraisal.staffing.selectors import OptionStaffing, StaffingOverview, staffing_overview


def presented_staffing(overview: StaffingOverview, ranked: Sequence[str] = ()) -> OptionStaffing | None:
    """The option whose structures are presented. `ranked`: the options comparison's names, its preferred option
    first then in rank order (empty where the options cannot be ranked): the preferred option if it has a proposed
    structure, else the best ranked that has; else the option officers chose; else the first with a structure."""
    by_name = {row.option.name: row for row in overview.options}
    for name in ranked:
        if name in by_name:
            return by_name[name]
    chosen = next((row for row in overview.options if row.option.preferred), None)
    return chosen or (overview.options[0] if overview.options else None)


def ranked_names(comparison) -> list[str]:
    """The comparison's preferred option's name, then every option's in rank order (none without a comparison)."""
    if comparison is None:
        return []
    names = [o.figures.name for o in comparison.options]
    return [comparison.preferred, *names] if getattr(comparison, "preferred", None) else names


def pounds_adding_up(values: Sequence[Decimal]) -> list[Decimal]:
    """Each value to the whole pound so that they add up to their total to the pound (half-up): a value rounded
    furthest from itself takes the pound a total needs, so a table's rows add up to its totals row exactly."""
    rounded = [fmt.round_half_up(v, 0) for v in values]
    left = int(fmt.round_half_up(sum(values, Decimal(0)), 0) - sum(rounded, Decimal(0)))
    step = 1 if left > 0 else -1
    order = sorted(range(len(values)), key=lambda i: step * (rounded[i] - values[i]))
    for i in order[: abs(left)]:
        rounded[i] += step
    return rounded


def payback_text(years: Decimal | None, one_off: Decimal) -> str:
    """'2.3 years'; 'no one-off cost'; 'not paid back by the saving' where the structures save it nothing."""
    if one_off <= 0:
        return "no one-off cost"
    if years is None:
        return "not paid back by the saving"
    return f"{fmt.round_half_up(years, 1):.1f} years"


def fte_text(fte: Decimal) -> str:
    """FTE as officers type it: 2.5, 1, 0.61 (no trailing zeros)."""
    return f"{fte.normalize():f}" if fte else "0"


@dataclass(frozen=True)
class CouncilRow:
    name: str  # the council's name, or "Total"
    code: str
    posts_before: int
    posts_after: int
    fte_before: Decimal
    fte_after: Decimal
    deleted: int
    created: int
    saving: Decimal  # whole pounds, adding up to the total
    redundancy: Decimal
    strain: Decimal
    one_off: Decimal
    payback: str

    @property
    def fte_before_text(self) -> str:
        return fte_text(self.fte_before)

    @property
    def fte_after_text(self) -> str:
        return fte_text(self.fte_after)


@dataclass(frozen=True)
class LeaverRow:
    title: str
    council: str
    grade: str
    age: int
    years_service: int
    named: bool  # False: the grade's average postholder
    statutory_weeks: str  # "22.0"
    redundancy: Decimal
    strain: Decimal

    @property
    def age_band(self) -> str:
        """Five-year bands, as councils publish leavers' costs anonymised: 57 -> '55 to 59'."""
        low = self.age - self.age % 5
        return f"{low} to {low + 4}"


@dataclass(frozen=True)
class LeaverGroup:
    council: str
    leavers: tuple[LeaverRow, ...]


@dataclass(frozen=True)
class StepRow:
    label: str
    done_on: object  # date or None
    note: str


@dataclass(frozen=True)
class StaffingSection:
    option: str
    option_pk: int
    first_year: int
    rows: tuple[CouncilRow, ...]
    total: CouncilRow
    host: str  # the host employer's name; blank: not yet agreed
    shared_leaving_costs: bool
    steps: tuple[StepRow, ...]
    leavers: tuple[LeaverRow, ...]
    leavers_total: tuple[Decimal, Decimal]  # redundancy, strain, whole pounds
    weekly_pay_cap: Decimal | None
    set_up_url: str  # where officers set the host employer and the consultation steps
    strain_rule: str = staff.STRAIN_RULE
    cap_rule: str = staff.CAP_RULE

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s.done_on)

    @property
    def any_averaged(self) -> bool:
        """Whether a leaver is a grade's average postholder (no holder's age and service given)."""
        return any(not leaver.named for leaver in self.leavers)

    @property
    def leaver_groups(self) -> tuple[LeaverGroup, ...]:
        """The leavers by council, in the councils' order, councils without leavers left out."""
        groups = [LeaverGroup(r.name, tuple(x for x in self.leavers if x.council == r.name)) for r in self.rows]
        return tuple(g for g in groups if g.leavers)


def _set_up_url(slug: str, option_pk: int) -> str:
    try:  # the staffing page, where officers set the host employer and tick off the consultation
        return reverse("appraisal_staffing", args=[slug]) + f"?option={option_pk}"
    except NoReverseMatch:
        return reverse("option_detail", args=[slug, option_pk])


def _council_rows(figures: staff.StaffingFigures, councils) -> tuple[list[CouncilRow], CouncilRow]:
    codes = [c.code for c in councils]
    deleted = {code: sum(1 for p in figures.deleted if p.council == code) for code in codes}
    created = {code: sum(1 for p in figures.created if p.council == code) for code in codes}
    money = {
        name: pounds_adding_up([source[code] for code in codes])
        for name, source in (
            ("saving", figures.savings_by_council),
            ("redundancy", figures.redundancy_by_council),
            ("strain", figures.strain_by_council),
        )
    }
    before, after = figures.baseline, figures.proposed
    rows = []
    for i, c in enumerate(councils):
        one_off = money["redundancy"][i] + money["strain"][i]
        rows.append(
            CouncilRow(
                name=c.name,
                code=c.code,
                posts_before=before.posts_by_council[c.code],
                posts_after=after.posts_by_council[c.code],
                fte_before=before.fte_by_council[c.code],
                fte_after=after.fte_by_council[c.code],
                deleted=deleted[c.code],
                created=created[c.code],
                saving=money["saving"][i],
                redundancy=money["redundancy"][i],
                strain=money["strain"][i],
                one_off=one_off,
                payback=payback_text(figures.payback_years_by_council[c.code], figures.one_off_by_council[c.code]),
            )
        )
    one_off = sum(figures.one_off_by_council.values(), Decimal(0))
    # The partnership's payback by the calculation's own rule for a council's (one-off cost ÷ full-year saving).
    payback = staff.payback_years(one_off, figures.saving)
    total = CouncilRow(
        name="Total",
        code="",
        posts_before=sum(r.posts_before for r in rows),
        posts_after=sum(r.posts_after for r in rows),
        fte_before=before.fte,
        fte_after=after.fte,
        deleted=len(figures.deleted),
        created=len(figures.created),
        saving=sum((r.saving for r in rows), Decimal(0)),
        redundancy=sum((r.redundancy for r in rows), Decimal(0)),
        strain=sum((r.strain for r in rows), Decimal(0)),
        one_off=sum((r.one_off for r in rows), Decimal(0)),
        payback=payback_text(payback, one_off),
    )
    return rows, total


def _leavers(figures: staff.StaffingFigures, names: dict[str, str]) -> tuple[LeaverRow, ...]:
    return tuple(
        LeaverRow(
            title=p.title,
            council=names.get(p.council, p.council),
            grade=p.grade,
            age=p.age,
            years_service=p.years_service,
            named=p.named,
            statutory_weeks=f"{p.statutory_weeks.quantize(Decimal('0.1')):f}",
            redundancy=amount[0],
            strain=amount[1],
        )
        for p, *amount in zip(
            figures.leavers,
            pounds_adding_up([p.redundancy for p in figures.leavers]),
            pounds_adding_up([p.pension_strain for p in figures.leavers]),
            strict=True,
        )
    )


def staffing_section(
    *, overview: StaffingOverview, slug: str, councils, ranked: Sequence[str] = ()
) -> StaffingSection | None:
    """The section for the presented option; None where no option has a proposed structure (or none has posts)."""
    chosen = presented_staffing(overview, ranked)
    if chosen is None:
        return None
    option, figures = chosen.option, chosen.figures
    rows, total = _council_rows(figures, councils)
    held = {s.step: s for s in option.consultation_steps.all()}
    steps = tuple(
        StepRow(label, held[code].done_on if code in held else None, held[code].note if code in held else "")
        for code, label in staff.CONSULTATION_STEPS
    )
    leavers = _leavers(figures, {c.code: c.name for c in councils})
    return StaffingSection(
        option=option.name,
        option_pk=option.pk,
        first_year=chosen.first_year,
        rows=tuple(rows),
        total=total,
        host=option.host_employer.name if option.host_employer_id else "",
        shared_leaving_costs=figures.shared_leaving_costs,
        steps=steps,
        leavers=leavers,
        leavers_total=(total.redundancy, total.strain),
        weekly_pay_cap=figures.leavers[0].weekly_pay_cap if figures.leavers else None,
        set_up_url=_set_up_url(slug, option.pk),
    )


def ranked_in_report(options) -> list[str]:
    """The names in a ReportOptions (appraisal/report/options.py): its preferred option, then in rank order."""
    if options is None:
        return []
    return [options.preferred.name, *(row.name for row in options.rows)]


def staffing_implications(*, appraisal, figures, plan, options) -> tuple[StaffingSection | None, str]:
    """The section for the dashboard and the cabinet report, from their figures, plan and options compared
    (ReportOptions, or None where the options cannot be ranked): (section, "") or, where the structures cannot be
    worked out, (None, why). (None, "") where the appraisal has no posts or no option a proposed structure."""
    try:
        overview = staffing_overview(appraisal=appraisal, figures=figures, plan=plan)
    except CalculationError as exc:
        return None, str(exc)
    if overview.baseline is None:
        return None, ""
    if overview.problem:
        return None, overview.problem
    section = staffing_section(
        overview=overview, slug=appraisal.slug, councils=figures.councils, ranked=ranked_in_report(options)
    )
    return section, ""
