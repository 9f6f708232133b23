"""The cabinet report's text sections as generated from the figures: what a report says until an officer edits it.

Pure: plain values and the calculation package's results in, Markdown out; no ORM, no request. Figures are
written by appraisal/formatting.py, so "£5.4m" and "23.9%" here are the very figures the dashboard shows.
The wording follows the seed cabinet reports (000, 002, 003): numbered recommendations with lettered
sub-points, the reasons as a lettered list, the usual closing sections.

Names typed by people (councils, scenarios, the meeting, titles) are escaped before they go into the Markdown
(`md_escape`): a scenario named "[x](http://…)" reads as those characters, not as a live link (issue 13).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from appraisal import formatting as fmt
from appraisal.calculations import AppraisalSummary
from appraisal.calculations.scenario_types import ScenarioResult
from appraisal.report.options import OptionRow, ReportOptions
from appraisal.report.wording import Wording, delivery_words, optimism_sentence, sharing_sentence, sharing_words

# Without a scenario presented: each cluster's saving pro rata to the councils' net budgets in it, no optimism bias.
NO_SCENARIO = Wording(sharing_sentence(sharing_words(None, ()), None), optimism_sentence(None))


@dataclass(frozen=True)
class ReportFacts:
    """What the generated text needs to know besides the figures."""

    title: str
    councils: list[str]  # partner councils' names, in table order
    presenting_council: str
    meeting: str  # e.g. "Cabinet"
    base_year: str  # "2011/12"
    deficit_year: str  # "2014/15"
    summary: AppraisalSummary
    scenario_name: str | None = None
    scenario_period: str = ""
    result: ScenarioResult | None = None
    compared: list[tuple[str, ScenarioResult]] = field(default_factory=list)  # the other scenarios compared
    wording: Wording = NO_SCENARIO  # how savings are shared, the optimism bias, the NPV's prices and year
    options: ReportOptions | None = None  # the options appraised beyond business as usual (None: none yet)
    options_npv_basis: str = ""  # "at 2012/13 prices, discounted to 2012/13 at 3.5%": the preferred option's


# Characters that start Markdown inline markup (links, images, emphasis, code, table cells); Python-Markdown takes
# a backslash before each of them as the character itself.
_INLINE = re.compile(r"([\\`*_\[\]|])")
# ...and those that start a block at the start of a line: a list ("- x", "+ x", "1. x"), a heading, a quotation.
_LINE_START = re.compile(r"^(?:[-+#>]|\d+(?=[.)]))")
# Raw HTML and character references: "<b>" or "&lt;" in a name is shown as typed (the sanitiser would strip a tag).
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(name: str) -> str:
    """A name as literal Markdown text: every character shows as typed, on one line."""
    text = " ".join((name or "").split())
    text = _INLINE.sub(r"\\\g<1>", _ENTITY.sub("&amp;", text).replace("<", "&lt;"))
    return _LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(0).isdigit() else "\\" + m.group(0), text)


def _range(low: str, high: str) -> str:
    return low if low == high else f"{low} to {high}"


def _costs_text(f: ReportFacts) -> str:
    """The implementation costs of the scenario presented, or their range across the scenarios compared (only
    those the report presents: never a draft's)."""
    results = {name: r for name, r in f.compared}
    if f.result is not None:
        results[f.scenario_name] = f.result
    if not results:
        return ""
    costs = sorted(r.total_costs for r in results.values())
    if len(results) == 1:
        name = md_escape(next(iter(results)))
        return f" Implementation costs are estimated at {fmt.millions(costs[0])} under the {name} scenario."
    across = _range(fmt.millions(costs[0]), fmt.millions(costs[-1]))
    return f" Implementation costs are estimated at {across} across the scenarios compared."


def headline_sentence(f: ReportFacts) -> str:
    """'Integrating services would save between £5.4m and £8.4m a year, closing 23.9% to 37.2% of the combined
    £22.5m funding deficit forecast for 2014/15.'"""
    t, d = f.summary.totals, f.summary.deficit
    return (
        f"Integrating services would save between {fmt.millions(t.min_saving)} and {fmt.millions(t.max_saving)} "
        f"a year, closing {_range(fmt.pct(d.min_closed_pct), fmt.pct(d.max_closed_pct))} of the combined "
        f"{fmt.millions(d.amount)} funding deficit forecast for {f.deficit_year}."
    )


def _council_share(f: ReportFacts) -> str:
    """The presenting council's share of the savings, shared as the scenario presented shares them (the summary's
    councils are shared on its basis: selectors.py)."""
    for c in f.summary.councils:
        if c.name == f.presenting_council:
            a = c.against_deficit
            return (
                f" {md_escape(f.wording.sharing)} {md_escape(c.name)}'s share would be "
                f"{fmt.pounds(c.min_saving)} to {fmt.pounds(c.max_saving)} a year, "
                f"{_range(fmt.pct(a.min_closed_pct), fmt.pct(a.max_closed_pct))} of its own funding deficit of "
                f"{fmt.pounds(c.deficit)}."
            )
    return ""


def _scenario_sentence(f: ReportFacts) -> str:
    r = f.result
    if r is None:
        return ""
    payback = (
        f"pays back in {fmt.year_label(r.payback_year)}" if r.payback_year else "does not pay back within the period"
    )
    year = fmt.year_label(r.deficit_year)
    closes = (
        f"closes {fmt.pct(r.deficit_closed_pct)} of the combined deficit in {year}"
        if r.deficit_forecast
        else f"no funding gap is forecast for {year}"
    )
    npv_basis = f" {f.wording.npv_basis}" if f.wording.npv_basis else ""
    return (
        f"Under the {md_escape(f.scenario_name)} scenario ({md_escape(f.scenario_period)}) the savings reach "
        f"{fmt.pounds(r.full_year_savings)} a year from {fmt.year_label(r.full_effect_year)}, against implementation "
        f"costs of {fmt.pounds(r.total_costs)}; "
        f"the business case {payback}, with a net present value of {fmt.pounds(r.npv)}{npv_basis}; it {closes}."
    )


def _summary(f: ReportFacts, costs_text: str) -> str:
    t, d = f.summary.totals, f.summary.deficit
    return (
        f"{headline_sentence(f)} The combined deficit is {fmt.pct(d.pct_of_net_budget)} {d.pct_basis}."
        f"{_council_share(f)}\n\n"
        f"The savings are {_range(fmt.pct(t.min_saving_pct), fmt.pct(t.max_saving_pct))} of the combined "
        f"net budget of the services in this appraisal, {fmt.pounds(t.net_budget)} in {f.base_year}, and "
        f"{_range(fmt.pct(t.in_scope_min_saving_pct), fmt.pct(t.in_scope_max_saving_pct))} of the in-scope budget "
        f"of {fmt.pounds(t.in_scope_net_budget)}.{costs_text}" + (f"\n\n{_scenario_sentence(f)}" if f.result else "")
    )


def _recommendations(f: ReportFacts) -> str:
    """Numbered recommendations with lettered sub-points, as the seed reports give them."""
    t = f.summary.totals
    meeting = md_escape(f.meeting)
    others = fmt.and_list([md_escape(c) for c in f.councils if c != f.presenting_council]) or "the partner councils"
    approves = (
        f"    2. approves the {md_escape(f.scenario_name)} scenario as the basis for the detailed business case;\n"
        if f.scenario_name
        else ""
    )
    return (
        "It is recommended that:\n\n"
        f"1. {meeting}:\n"
        f"    1. notes the findings of the appraisal, that sharing services with {others} could save "
        f"{fmt.millions(t.min_saving)} to {fmt.millions(t.max_saving)} a year;\n"
        f"{approves}"
        "    3. agrees that officers work with the partner councils on the detailed design and implementation plan.\n"
        f"2. {meeting} receives a further report, with the detailed business case, before any decision to implement."
    )


# --- With options appraised beyond business as usual (issue 17): the recommendations and reasons follow the
# preferred option, as the seed reports recommend one option (seed 000: "That the principle of a Darlington/Stockton
# partnership for Support Services be approved"; seed 001 §5.2).


def _option_figures(p: OptionRow, npv_basis: str) -> str:
    """'saving £6,870,000 a year at full effect from 2012/13, with a net present value of £18,720,900 (at 2012/13
    prices, discounted to 2012/13 at 3.5%)'."""
    basis = f" ({npv_basis})" if npv_basis else ""
    return (
        f"saving {fmt.pounds(p.savings)} a year at full effect from {fmt.year_label(p.full_effect_year)}, with a "
        f"net present value of {fmt.pounds(p.npv)}{basis}"
    )


def _option_design(f: ReportFacts) -> str:
    """The next step: the preferred option's detailed design, on the scenario the report presents if it presents
    another than the preferred option's own."""
    if f.scenario_name and f.scenario_name != f.options.preferred_scenario:
        return (
            f"3. That {md_escape(f.meeting)} approves the {md_escape(f.scenario_name)} scenario as the basis for the "
            "detailed business case of the preferred option, and that officers work with the partner councils on its "
            "detailed design and implementation plan."
        )
    return (
        "3. That officers work with the partner councils on the detailed design and implementation plan of the "
        "preferred option."
    )


def _option_recommendations(f: ReportFacts) -> str:
    o, t = f.options, f.summary.totals
    p = o.preferred
    meeting = md_escape(f.meeting)
    name, words = md_escape(p.name), md_escape(delivery_words(p.model_code, p.lead_authority))
    others = fmt.and_list([md_escape(c) for c in f.councils if c != f.presenting_council]) or "the partner councils"
    if p.business_as_usual:
        agrees = (
            f"2. That {meeting} agrees {name}, {words}, as the preferred option, and that sharing services is not "
            "pursued at this stage."
        )
        then = "3. That officers keep the options under review and report back should the councils' position change."
        return (
            "It is recommended that:\n\n"
            f"1. That {meeting} notes the findings of the appraisal: {o.count} options were appraised, including "
            f"doing nothing (business as usual).\n{agrees}\n{then}"
        )
    return (
        "It is recommended that:\n\n"
        f"1. That {meeting} notes the findings of the appraisal: {o.count} options were appraised, including doing "
        f"nothing (business as usual), and sharing services with {others} could save {fmt.millions(t.min_saving)} "
        f"to {fmt.millions(t.max_saving)} a year.\n"
        f"2. That {meeting} agrees {name}, {words}, as the preferred option, "
        f"{_option_figures(p, f.options_npv_basis)}.\n"
        f"{_option_design(f)}\n"
        f"4. That {meeting} receives a further report, with the detailed business case, before any decision to "
        "implement."
    )


def _option_reasons(f: ReportFacts) -> str:
    o = f.options
    p = o.preferred
    name = md_escape(p.name)
    score = f"{fmt.pct_number(p.weighted_score)} out of 100"
    if o.preferred_needs_reason:
        because = f" because: {md_escape(o.preferred_reason).rstrip('.')}" if o.preferred_reason else ""
        ranked = (
            f"{name} ranks {p.rank} of the {o.count} options appraised on the weighted criteria ({score}) and is "
            f"preferred{because}."
        )
    else:
        ranked = (
            f"Of the {o.count} options appraised, including doing nothing, {name} ranks first on the weighted "
            f"criteria, with {score}."
        )
    if p.business_as_usual:
        money = "It carries no implementation costs and none of the risks of change; it leaves each council's "
        money += "funding deficit as it is, to be closed by other means."
    else:
        closes = (
            f", closing {fmt.pct(p.deficit_closed_pct)} of the combined funding deficit forecast for "
            f"{fmt.year_label(p.deficit_year)}"
            if p.deficit_closed_pct is not None
            else ""
        )
        payback = (
            f"it pays back in {fmt.year_label(p.payback_year)}"
            if p.payback_year
            else "it does not pay back within the period"
        )
        money = (
            f"It would save {fmt.pounds(p.savings)} a year at full effect{closes}; its net present value is "
            f"{fmt.pounds(p.npv)}, and {fmt.pounds(p.risk_adjusted_npv)} once its costed risks are allowed for; "
            f"{payback}."
        )
    doing_nothing = (
        "Business as usual carries the least risk while the other options' costs and savings are uncertain."
        if p.business_as_usual
        else "Doing nothing (business as usual) would leave each council's funding deficit as it is."
    )
    return (
        "The recommendations are supported by the following reasons:\n\n"
        f"1. {ranked}\n2. {money}\n3. {doing_nothing}\n"
        "4. Further work is needed on the detailed design, costs and risks before a final decision is taken."
    )


def default_sections(f: ReportFacts) -> dict[str, str]:
    """Each text section's generated Markdown, keyed like CabinetReport's fields: a table of the sections, each
    worked-out one in a function of its own above, the fixed wording of the rest as the seed reports put it."""
    partners = fmt.and_list([md_escape(c) for c in f.councils])
    costs_text = _costs_text(f)
    sections = {
        "purpose": (
            f"To report to Members the findings of the appraisal of shared services between {partners}, and to "
            "seek approval to move to the detailed design of the preferred option."
        ),
        "summary": _summary(f, costs_text),
        "recommendations": _option_recommendations(f) if f.options else _recommendations(f),
        "reasons": _option_reasons(f)
        if f.options
        else (
            "The recommendations are supported by the following reasons:\n\n"
            "1. The appraisal shows that sharing services can make savings for each participating council.\n"
            f"2. The savings would make a material contribution to closing the funding deficit forecast for "
            f"{f.deficit_year}.\n"
            "3. Further work is needed on the detailed design, costs and risks before a final decision is taken."
        ),
        "financial": (
            f"The savings, implementation costs, net present value and payback of the scenarios are set out in "
            f"Information and Analysis and in the Appendices.{costs_text} Savings and costs are shared between the "
            "partners on the bases set out in Appendix B; each council's share is shown in the tables. Budgets are "
            f"those of {f.base_year}; no inflation is added to savings or costs. The figures are estimates that the "
            "detailed business case will refine."
        ),
        "legal": (
            "Councils may share services and delegate functions to one another under section 101 of the Local "
            "Government Act 1972, section 113 of that Act (placing staff at the disposal of another authority) and "
            "sections 9EA and 9EB of the Local Government Act 2000. The governance of any shared service will be set "
            "out in a legal agreement between the partners, covering the sharing of costs, risks and benefits and "
            "the right to withdraw."
        ),
        "consultation": (
            "Chief officers and finance officers of the partner councils have been consulted in preparing the "
            "appraisal. Staff, trade unions and other stakeholders will be consulted on any detailed proposals."
        ),
        "risk": (
            "The main risks are that savings are lower or later than estimated, that implementation costs are "
            "higher, and that service performance suffers during the change. The sensitivity analysis shows how far "
            "each assumption would have to move before the business case stopped paying for itself (the switching "
            f"values). {f.wording.optimism}"
        ),
        "equality": (
            "There are no direct equality implications of this report. An equality impact assessment will be "
            "carried out on any detailed proposals that affect staff or service users."
        ),
        "crime_disorder": (
            "The contents of this report have been considered in the context of the requirements placed on the "
            "Council by Section 17 of the Crime and Disorder Act 1998, namely the duty to exercise its functions "
            "with due regard to their likely effect on crime and disorder, and to do all it reasonably can to "
            "prevent crime and disorder in its area. There are no implications arising from this report."
        ),
    }
    return sections
