"""`manage.py appraise SLUG --benefits [--format json]`: the benefits register and the plan against what was
delivered (issue 19), for scripting and reading, from the same reads as the Benefits and Realisation pages.

The JSON contract: {"appraisal", "approved": {"date", "meeting"} or null, "benefits": [{"name", "kind"
("financial"|"non-financial"), "measure", "unit", "baseline", "target", "due_year", "owner", "latest_reading" or
null, "rag" or null}], "realisation": {"years": [{"year", "planned_savings", "actual_savings" or null, "variance"
or null}], "councils": [{"code", "planned_savings", "actual_savings", "rag"}]}, "partners": [{"code", "join_year",
"leave_year" or null}]}. Money is a string of pounds to the penny; years are financial years ("2012/13"); a
measure's values are plain decimal strings; a reading is {"date", "value"}; "rag" is "green", "amber" or "red".
A council's planned_savings are over its own years of the plan (with planned_to_date, the years recorded so far,
which its RAG compares with); a partner there from the start has the plan's first year as its join_year.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.core.management.base import CommandError

from appraisal import formatting as fmt
from appraisal.calculations import CalculationError
from appraisal.calculations import realisation as rl
from appraisal.models import Appraisal, Benefit
from appraisal.realisation.benefit_selectors import BenefitState, benefit_list
from appraisal.realisation.selectors import approved_get, realisation_overview

KIND = {Benefit.Kind.FINANCIAL: "financial", Benefit.Kind.NON_FINANCIAL: "non-financial"}


def _value(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _owner(b: Benefit) -> str:
    return ", ".join(p for p in (b.owner_role, b.owner_council.name if b.owner_council else "") if p)


def _benefit_dict(state: BenefitState) -> dict:
    b, latest = state.benefit, state.latest
    return {
        "name": b.name,
        "kind": KIND[b.kind],
        "measure": b.measure,
        "unit": b.unit,
        "baseline": _value(b.baseline_value),
        "target": _value(b.target_value),
        "due_year": fmt.year_label(b.due_year) if b.due_year else None,
        "owner": _owner(b),
        "latest_reading": {"date": latest.taken_on.isoformat(), "value": _value(latest.value)} if latest else None,
        "rag": state.status.rag,
    }


def _realisation_dict(r: rl.Realisation | None) -> dict:
    if r is None:
        return {"scenario": None, "years": [], "councils": []}
    years = [
        {
            "year": fmt.year_label(y.year),
            "planned_savings": fmt.money_plain(y.planned),
            "actual_savings": fmt.money_plain(y.actual),
            "variance": fmt.money_plain(y.variance),
        }
        for y in r.years
    ]
    councils = [
        {
            "code": c.code,
            "planned_savings": fmt.money_plain(c.delivery.planned),
            "planned_to_date": fmt.money_plain(c.delivery.planned_to_date),
            "actual_savings": fmt.money_plain(c.delivery.actual),
            "rag": c.delivery.rag,
        }
        for c in r.councils
    ]
    return {"scenario": r.scenario, "years": years, "councils": councils}


def benefits_as_dict(appraisal: Appraisal) -> dict:
    """The contract's dict. Raises CalculationError where the plan cannot be worked out."""
    approved = approved_get(appraisal=appraisal)
    realisation = realisation_overview(appraisal=appraisal)
    delivery = {c.name: c.delivery for c in realisation.clusters} if realisation else {}
    first = realisation.years[0].year if realisation and realisation.years else None
    partners = [
        {
            "code": m.council.code,
            "join_year": fmt.year_label(m.join_year or first) if (m.join_year or first) else None,
            "leave_year": fmt.year_label(m.leave_year) if m.leave_year else None,
        }
        for m in appraisal.memberships.select_related("council").order_by("council__name")
    ]
    return {
        "appraisal": appraisal.slug,
        "approved": {"date": approved.approved_on.isoformat(), "meeting": approved.meeting} if approved else None,
        "benefits": [_benefit_dict(s) for s in benefit_list(appraisal=appraisal, delivery=delivery)],
        "realisation": _realisation_dict(realisation),
        "partners": partners,
    }


def _rag(rag: str | None) -> str:
    return rag.capitalize() if rag else "-"


def benefits_output(appraisal: Appraisal, *, as_json: bool, table) -> str:
    """The JSON contract, or readable tables made with `table(headers, rows, totals)` (the command's)."""
    try:
        data = benefits_as_dict(appraisal)
    except CalculationError as exc:
        raise CommandError(f"{appraisal.title}: {exc}") from exc
    if as_json:
        return json.dumps(data, indent=2)
    approved = approved_get(appraisal=appraisal)
    lines = [appraisal.title, ""]
    lines.append(
        f"Approved by {approved.meeting} on {approved.approved_on:%-d %B %Y}" if approved else "Not yet approved"
    )
    lines += ["", "Benefits", ""]
    rows = [
        [b["name"], b["measure"], b["baseline"] or "-", b["target"] or "-", _rag(b["rag"])] for b in data["benefits"]
    ]
    lines += table(["Benefit", "Measure", "Baseline", "Target", "RAG"], rows) if rows else ["No benefits recorded."]
    real = data["realisation"]
    if real["scenario"]:
        lines += ["", f"Savings planned (scenario {real['scenario']}) and delivered", ""]
        rows = [
            [
                y["year"],
                fmt.money(Decimal(y["planned_savings"])),
                *(fmt.money(Decimal(v)) if v else "-" for v in (y["actual_savings"], y["variance"])),
            ]
            for y in real["years"]
        ]
        lines += table(["Year", "Planned", "Delivered", "Variance"], rows)
    lines += [
        "",
        "Partners: "
        + ", ".join(
            f"{p['code']} from {p['join_year']}" + (f" to {p['leave_year']}" if p["leave_year"] else "")
            for p in data["partners"]
        ),
    ]
    return "\n".join(lines) + "\n"
