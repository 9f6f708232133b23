"""The partners and their years on the scenarios page (issue 19): when each council joins and, optionally, leaves
the partnership, from which every scenario re-bases its shares of the savings and shared costs; and a prompt for
each scenario that has no entry contribution for a council joining later, or no exit cost for one leaving (seed
003: North Herts asked to join East Herts and Stevenage's shared services)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms

from appraisal.models import AppraisalCouncil, CostItem, Scenario
from appraisal.scenarios.fields import YearField
from councils import financial_years


class PartnerYearsForm(forms.Form):
    join_year = YearField(required=False)
    leave_year = YearField(required=False)

    def clean(self):
        data = super().clean()
        first, last = data.get("join_year"), data.get("leave_year")
        if first and last and last < first:
            self.add_error("leave_year", "A council cannot leave before it joins: enter a year on or after it joins.")
        return data


def _label(year: int | None) -> str:
    return financial_years.label(year) if year else ""


@dataclass
class PartnerRow:
    membership: AppraisalCouncil
    form: PartnerYearsForm | None  # None: this user only reads
    without_entry: list[str] = field(default_factory=list)  # scenarios with no entry contribution charged to it
    without_exit: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"partner-{self.membership.council_id}"

    @property
    def was(self) -> str:
        m = self.membership
        return f"{m.join_year or ''}:{m.leave_year or ''}"


def _lines_by_council(scenarios: list[Scenario]) -> dict[tuple[str, int], set[str]]:
    """(category, council id) -> the names of the scenarios that have such a line charged to that council."""
    out: dict[tuple[str, int], set[str]] = {}
    lines = CostItem.objects.filter(scenario__in=scenarios, category__in=CostItem.ONE_COUNCIL, council__isnull=False)
    for category, council_id, name in lines.values_list("category", "council_id", "scenario__name"):
        out.setdefault((category, council_id), set()).add(name)
    return out


def partner_rows(*, appraisal, scenarios: list[Scenario], editable: bool, bound=None) -> list[PartnerRow]:
    """Each partner with its years, its form for an officer (`bound`: the one posted, with its errors), and the
    scenarios still without its entry contribution or exit cost."""
    bound = bound or {}
    lines = _lines_by_council(scenarios)
    names = [s.name for s in scenarios]
    rows = []
    for m in appraisal.memberships.select_related("council").order_by("position", "council__name"):
        form = None
        if editable:
            initial = {"join_year": _label(m.join_year), "leave_year": _label(m.leave_year)}
            form = bound.get(m.council_id) or PartnerYearsForm(initial=initial, auto_id=f"id_partner-{m.council_id}-%s")
        row = PartnerRow(m, form)
        if m.join_year:
            row.without_entry = [n for n in names if n not in lines.get((CostItem.Category.ENTRY, m.council_id), ())]
        if m.leave_year:
            row.without_exit = [n for n in names if n not in lines.get((CostItem.Category.EXIT, m.council_id), ())]
        rows.append(row)
    return rows


def parse_was(text: str) -> tuple[int | None, int | None] | None:
    """The "join:leave" pair a form showed, as stored; None if it is not one (then no staleness check)."""
    first, sep, last = (text or "").partition(":")
    try:
        return (int(first) if first else None, int(last) if last else None) if sep else None
    except ValueError:
        return None
