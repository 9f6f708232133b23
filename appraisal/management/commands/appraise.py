import json

from django.core.management.base import BaseCommand, CommandError

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.calculations import options as opt
from appraisal.management.benefits_output import benefits_output
from appraisal.management.simulation_output import (
    ERR_SEED_ALONE,
    simulation_as_dict,
    simulation_lines,
    simulation_view,
)
from appraisal.management.staffing_output import staffing_output
from appraisal.models import Appraisal, Scenario
from appraisal.options.selectors import options_comparison
from appraisal.scenarios.selectors import scenario_get, scenario_list, scenario_result
from appraisal.summary.selectors import appraisal_figures, appraisal_get

# --options, --staffing and --benefits each print another report instead of the scenario, so nothing is simulated.
ERR_SIMULATE_WITH = (
    "--simulate goes with --scenario, not with --{}: it simulates a scenario's figures. Run the command once for each."
)


def _refuse_simulating_another_report(*, options, staffing, benefits, simulate, seed) -> None:
    """--simulate (and --seed, which goes with it) only with the scenario's report: the others print instead of it."""
    instead = [name for name, given in (("options", options), ("staffing", staffing), ("benefits", benefits)) if given]
    if instead and simulate is not None:
        raise CommandError(ERR_SIMULATE_WITH.format(instead[0]))
    if instead and seed is not None:
        raise CommandError(ERR_SEED_ALONE)


class Command(BaseCommand):
    help = "Print an appraisal's savings table and its savings against the funding deficit."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The appraisal's slug, e.g. darlington-hartlepool-2011")
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument("--scenario", help="Add a scenario's yearly profile, NPV, payback and sensitivity")
        parser.add_argument(
            "--options",
            action="store_true",
            help="Print the options appraisal instead: the options ranked, the criteria, cost lines and risks",
        )
        parser.add_argument(
            "--staffing",
            action="store_true",
            help="Print the staffing structures instead: today's and each option's proposed one, and the presented "
            "option's savings by council and leavers (the preferred option, else the one ranked first)",
        )
        parser.add_argument(
            "--benefits",
            action="store_true",
            help="Print the benefits register and the savings planned against those delivered instead, with each "
            "partner's years",
        )
        parser.add_argument(
            "--simulate",
            type=int,
            metavar="RUNS",
            help="With --scenario: add how sure its figures are, simulated RUNS times from their ranges with the "
            "appraisal's simulation settings",
        )
        parser.add_argument(
            "--seed", type=int, help="With --simulate: where the random draws start (the appraisal's seed if not given)"
        )
        parser.add_argument(
            "--option",
            metavar="NAME",
            help="With --staffing: present this option's savings and leavers instead of the preferred option's",
        )

    def handle(
        self,
        *args,
        slug,
        format,
        scenario=None,
        options=False,
        staffing=False,
        benefits=False,
        option=None,
        simulate=None,
        seed=None,
        **kwargs,
    ):
        try:
            appraisal = appraisal_get(slug=slug)
        except Appraisal.DoesNotExist:
            known = ", ".join(Appraisal.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No appraisal with slug '{slug}'. Known appraisals: {known}.") from None
        if option is not None and not staffing:
            raise CommandError("--option goes with --staffing: it chooses the option whose staffing is presented.")
        _refuse_simulating_another_report(
            options=options, staffing=staffing, benefits=benefits, simulate=simulate, seed=seed
        )
        if staffing:
            return self.print_staffing(appraisal, format, option)
        if benefits:
            return self.stdout.write(benefits_output(appraisal, as_json=format == "json", table=_table))
        if options:
            return self.print_options(appraisal, format)
        chosen = None
        if scenario is not None:
            try:
                chosen = scenario_get(appraisal=appraisal, name=scenario)
            except Scenario.DoesNotExist:
                known = ", ".join(s.name for s in scenario_list(appraisal=appraisal)) or "none yet"
                raise CommandError(f"No scenario '{scenario}' in {appraisal.slug}. Its scenarios: {known}.") from None
        try:
            figures = appraisal_figures(appraisal=appraisal)
            result = scenario_result(scenario=chosen, figures=figures) if chosen else None
            simulated = simulation_view(
                appraisal=appraisal, scenario=chosen, figures=figures, result=result, runs=simulate, seed=seed
            )
        except CalculationError as exc:
            raise CommandError(f"{appraisal.title}: {exc}") from exc
        if format == "json":
            data = fmt.summary_as_dict(appraisal.slug, figures.summary)
            if result is not None:
                data["discount_base_year"] = fmt.year_label(result.discount_base_year)
                data["scenario"] = fmt.scenario_as_dict(chosen.name, result)
            if simulated is not None:
                data["simulation"] = simulation_as_dict(simulated.simulation)
            self.stdout.write(json.dumps(data, indent=2))
        else:
            self.stdout.write(render_table(appraisal, figures.summary))
            if result is not None:
                self.stdout.write("\n" + render_scenario(chosen, result))
            if simulated is not None:
                self.stdout.write("\n" + "\n".join(simulation_lines(simulated, _table)))

    def print_options(self, appraisal, format) -> None:
        """The options appraisal (issue 17): every option with figures ranked; the JSON contract or a readable table."""
        view = options_comparison(appraisal=appraisal)
        if view.comparison is None:
            raise CommandError(f"{appraisal.title}: {view.problem}")
        if format == "json":
            self.stdout.write(json.dumps(fmt.options_as_dict(appraisal.slug, view.comparison), indent=2))
        else:
            self.stdout.write(render_options(appraisal, view))

    def print_staffing(self, appraisal, format, option_name) -> None:
        """The staffing structures (issue 18): the JSON contract or readable tables."""
        self.stdout.write(staffing_output(appraisal, as_json=format == "json", option_name=option_name, table=_table))


def _row(cells, widths):
    first, *rest = cells
    return f"{first:<{widths[0]}}" + "".join(f"{c:>{w}}" for c, w in zip(rest, widths[1:], strict=True))


def _table(headers: list[str], rows: list[list[str]], totals: list[str] | None = None) -> list[str]:
    """A text table's lines: the header, a rule, the rows and, under another rule, the totals if any. Each column is
    as wide as its widest cell; the figures' columns three wider for the gap, and right-aligned."""
    cells = [headers, *rows, *([totals] if totals else [])]
    widths = [max(len(r[i]) for r in cells) + (0 if i == 0 else 3) for i in range(len(headers))]
    rule = "-" * sum(widths)
    lines = [_row(headers, widths), rule, *(_row(r, widths) for r in rows)]
    if totals:
        lines += [rule, _row(totals, widths)]
    return lines


def render_table(appraisal, s) -> str:
    headers = ["Service cluster", "Combined net budget", "% of total", "Min saving", "Max saving", "Min %", "Max %"]
    rows = [
        [
            c.name,
            fmt.pounds(c.net_budget),
            fmt.pct(c.share_of_net_budget_pct),
            fmt.pounds(c.min_saving),
            fmt.pounds(c.max_saving),
            fmt.pct(c.min_saving_pct) if c.has_range else "",
            fmt.pct(c.max_saving_pct) if c.has_range else "",
        ]
        for c in s.clusters
    ]
    t, d = s.totals, s.deficit
    totals = [
        "Totals",
        fmt.pounds(t.net_budget),
        "100.0%" if t.net_budget > 0 else "n/a",
        fmt.pounds(t.min_saving),
        fmt.pounds(t.max_saving),
        fmt.pct(t.min_saving_pct),
        fmt.pct(t.max_saving_pct),
    ]
    lines = [
        appraisal.title,
        f"Baseline {appraisal.base_year_label}; funding deficit in {appraisal.deficit_year_label}",
        "",
        *_table(headers, rows, totals),
        "",
        f"In-scope net budget {fmt.pounds(t.in_scope_net_budget)}: savings of "
        f"{fmt.pct(t.in_scope_min_saving_pct)} to {fmt.pct(t.in_scope_max_saving_pct)}",
        f"Combined funding deficit {fmt.pounds(d.amount)} ({fmt.pct(d.pct_of_net_budget)} {d.pct_basis})",
        f"Savings close {fmt.pct(d.min_closed_pct)} to {fmt.pct(d.max_closed_pct)} of it, "
        f"leaving {fmt.pounds(d.max_gap)} to {fmt.pounds(d.min_gap)} still to find",
        "",
        "By council (savings shared pro rata to each council's net budget in each cluster):",
    ]
    cheaders = ["Council", "Net budget", "Deficit", "Min saving", "Max saving", "Min closed", "Max closed"]
    crows = [
        [
            f"{c.name} ({c.code})",
            fmt.pounds(c.net_budget),
            fmt.pounds(c.deficit),
            fmt.pounds(c.min_saving),
            fmt.pounds(c.max_saving),
            fmt.pct(c.against_deficit.min_closed_pct),
            fmt.pct(c.against_deficit.max_closed_pct),
        ]
        for c in s.councils
    ]
    lines += _table(cheaders, crows)
    if s.warnings:
        lines += ["", "Warnings:", *(f"  - {w}" for w in s.warnings)]
    return "\n".join(lines)


def render_scenario(scenario, r) -> str:
    headers = ["Year", "Savings", "Costs", "Net", "Cumulative net", "Discount factor", "Present value"]
    rows = [
        [
            fmt.year_label(y.year),
            fmt.pounds(y.savings),
            fmt.pounds(y.costs),
            fmt.pounds(y.net),
            fmt.pounds(y.cumulative_net),
            f"{float(y.discount_factor):.4f}",
            fmt.pounds(y.present_value),
        ]
        for y in r.years
    ]
    totals = [
        "Total",
        fmt.pounds(r.total_savings),
        fmt.pounds(r.total_costs),
        fmt.pounds(r.total_net),
        "",
        "",
        fmt.pounds(r.npv),
    ]
    payback = fmt.year_label(r.payback_year) if r.payback_year else "not within the period"
    base = fmt.year_label(r.discount_base_year)
    sheaders = ["Sensitivity", "NPV low", "NPV high", "Switching value"]
    srows = [
        [
            s.assumption,
            fmt.pounds(s.npv_low),
            fmt.pounds(s.npv_high),
            fmt.switching(s.switching_value, s.switching_unit, s.base_value),
        ]
        for s in r.sensitivity
    ]
    return "\n".join(
        [
            f"Scenario: {scenario.name} ({scenario.period_label}; discount rate "
            f"{scenario.discount_rate.normalize():f}%, optimism bias {scenario.optimism_bias.normalize():f}%)",
            "",
            *_table(headers, rows, totals),
            "",
            f"NPV {fmt.pounds(r.npv)}; payback year {payback}",
            f"NPV at {base} prices, discounted to {base} at {scenario.discount_rate.normalize():f}%",
            "",
            *render_councils(r),
            "",
            *render_plan(r),
            "",
            *_table(sheaders, srows),
        ]
    )


def render_councils(r) -> list[str]:
    """Each council's savings, costs, net and NPV, and the share of its funding gap closed in the headline year."""
    headers = ["Council", "Savings", "Costs", "Net", "NPV", f"Deficit closed {fmt.year_label(r.deficit_year)}"]
    rows = [
        [
            f"{c.name} ({c.code})",
            fmt.pounds(c.savings),
            fmt.pounds(c.costs),
            fmt.pounds(c.net),
            fmt.pounds(c.npv),
            fmt.pct(c.deficit_closed_pct) if c.deficit else "no gap forecast",
        ]
        for c in r.councils
    ]
    return _table(headers, rows)


def render_plan(r) -> list[str]:
    """Each year's savings against the funding gap forecast for it, combined and by council; a year with no gap
    forecast says so."""
    headers = ["Against the funding gap", "Year", "Savings", "Funding gap", "Gap closed"]
    rows = [
        [
            who,
            fmt.year_label(y.year),
            fmt.pounds(y.savings),
            "no gap forecast" if y.deficit is None else fmt.pounds(y.deficit),
            "" if y.deficit is None else fmt.pct(y.deficit_closed_pct),
        ]
        for who, years in [("Combined", r.years), *((c.code, c.years) for c in r.councils)]
        for y in years
    ]
    return _table(headers, rows)


MODEL_LABELS = dict(opt.DELIVERY_MODELS)


def render_options(appraisal, view) -> str:
    """The options ranked (money to the pound, as the pages show it), the criteria matrix, and each option's cost
    lines with their optimism bias and its risk register."""
    c = view.comparison
    base = fmt.year_label(c.options[0].figures.result.discount_base_year)
    headers = ["Option", "Rank", "Delivery model", "NPV", "Risk-adjusted NPV", "Payback", "Savings a year",
               "Weighted score"]  # fmt: skip
    rows = [
        [
            o.figures.name + (" (preferred)" if o.preferred else ""),
            str(o.rank),
            MODEL_LABELS.get(o.figures.delivery_model, o.figures.delivery_model),
            fmt.pounds(o.figures.npv),
            fmt.pounds(o.figures.risk_adjusted_npv),
            fmt.year_label(o.figures.result.payback_year) if o.figures.result.payback_year else "none",
            fmt.pounds(o.figures.result.full_year_savings),
            fmt.pct_number(o.weighted_score),
        ]
        for o in c.options
    ]
    lines = [
        f"{appraisal.title}: options appraisal",
        f"NPVs at {base} prices, discounted to {base}; savings a year at full effect; weighted score out of 100",
        "",
        *_table(headers, rows),
    ]
    preferred = next(o for o in c.options if o.preferred)
    how = "rank 1, no other option chosen" if c.preferred_by_default else "chosen by officers"
    lines += ["", f"Preferred option: {preferred.figures.name} ({how})"]
    if c.preferred_needs_reason:
        reason = next((o.preferred_reason for o in view.options if o.name == preferred.figures.name), "")
        lines.append(f"It ranks {preferred.rank}; why it is preferred: {reason.strip() or 'no reason given yet'}")
    if view.without_figures:
        names = ", ".join(o.name for o in view.without_figures)
        lines.append(f"Not yet compared (no central scenario): {names}")
    mheaders = ["Criterion", "Weight", *(o.figures.name for o in c.options)]
    mrows = [
        [
            crit.name + (" (scored from NPV)" if crit.financial else ""),
            f"{crit.weight.normalize():f}",
            *("-" if o.scores.get(crit.name) is None else str(o.scores[crit.name]) for o in c.options),
        ]
        for crit in c.criteria
    ]
    mtotals = ["Weighted score", "100", *(fmt.pct_number(o.weighted_score) for o in c.options)]
    lines += ["", *_table(mheaders, mrows, mtotals)]
    for o in c.options:
        lines += ["", *_option_lines(o)]
    return "\n".join(lines)


def _option_lines(o) -> list[str]:
    f = o.figures
    lines = [f"{f.name}: cost lines and risks"]
    if f.cost_lines:
        headers = ["Cost line", "Optimism bias category", "Upper", "Lower", "Mitigated", "Applied", "After bias"]
        rows = [
            [
                line.line.description or line.line.kind,
                line.bias.label if line.bias else "the scenario's own",
                fmt.pct(line.bias.upper) if line.bias else "",
                fmt.pct(line.bias.lower) if line.bias else "",
                fmt.pct(line.line.mitigated_pct) if line.bias else "",
                fmt.pct(line.applied_bias),
                fmt.pounds(sum(line.years_with_bias.values())),
            ]
            for line in f.cost_lines
        ]
        lines += _table(headers, rows)
    else:
        lines.append("  No cost lines.")
    if f.risks:
        lines.append("")
        headers = ["Risk", "Likelihood", "Impact", "Rating", "Expected cost"]
        rows = [
            [r.description, str(r.likelihood), str(r.impact), f"{r.rating} {r.rag}", fmt.pounds(r.expected_cost)]
            for r in f.risks
        ]
        lines += _table(headers, rows)
    else:
        lines.append("  No risks recorded.")
    return lines
