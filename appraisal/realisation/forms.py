"""The realisation page's form: savings delivered and costs incurred by one partner council in one of the plan's
clusters in one year. A new actual names its council, cluster and year; a recorded one keeps them and carries the
version the form showed. The year must be one the plan covers and the council a partner in it, unless the saving
was delivered before the appraisal (seed 002's £100,000): that one may be earlier and is never counted."""

from django import forms

from appraisal import formatting as fmt
from appraisal.scenarios.fields import MoneyField
from councils.financial_years import label

LABELS = {
    "council": "Council",
    "cluster": "Cluster",
    "year": "Year",
    "before_appraisal": "Delivered before the appraisal",
    "savings": "Savings delivered (£)",
    "costs": "Costs incurred (£)",
    "note": "Note",
}
EARLIER_YEARS = 5  # how far before the plan a saving delivered before the appraisal may be
ERR_SAVINGS = "Enter the savings delivered in pounds, like 125,000 (0 if none yet)"


def err_year(years: list[int]) -> str:
    return (
        f"Choose one of the plan's years, {label(years[0])} to {label(years[-1])}, or tick “Delivered before the "
        "appraisal” for an earlier year"
    )


def err_membership(partner) -> str:
    if partner.join_year is not None:
        joined = f"a partner from {label(partner.join_year)}"
        left = f" and left after {label(partner.leave_year)}" if partner.leave_year is not None else ""
        return f"{partner.name} is {joined}{left}: choose a year it is a partner"
    return f"{partner.name} left the partnership after {label(partner.leave_year)}: choose a year it is a partner"


class ActualForm(forms.Form):
    """`partners`: the plan's councils (realisation's CouncilRealisation: code, name, join and leave years, and the
    plan's years it is a partner in); `clusters`: ServiceClusters; `years`: the plan's. With `row` (a recorded
    SavingActual) its council, cluster and year are fixed."""

    council = forms.ChoiceField(
        error_messages={"required": "Choose a council", "invalid_choice": "Choose one of the partner councils"}
    )
    cluster = forms.ChoiceField(
        error_messages={"required": "Choose a cluster", "invalid_choice": "Choose one of the plan's clusters"}
    )
    year = forms.TypedChoiceField(
        coerce=int, error_messages={"required": "Choose a year", "invalid_choice": "Choose a year from the list"}
    )
    before_appraisal = forms.BooleanField(required=False)
    savings = MoneyField(error_messages={"required": ERR_SAVINGS})
    costs = MoneyField(required=False)
    note = forms.CharField(
        max_length=300, required=False, error_messages={"max_length": "Keep the note to 300 characters"}
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, partners=(), clusters=(), years=(), row=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = {p.code: p for p in partners}
        self.clusters = {str(c.pk): c for c in clusters}
        self.years = sorted(years)
        self.row = row
        if row is not None:
            for name in ("council", "cluster", "year"):
                del self.fields[name]
            return
        self.fields["council"].choices = [("", "Choose a council"), *((p.code, p.name) for p in partners)]
        self.fields["cluster"].choices = [("", "Choose a cluster"), *((str(c.pk), c.name) for c in clusters)]
        first = self.years[0] if self.years else 0
        earlier = range(first - EARLIER_YEARS, first) if self.years else ()
        self.fields["year"].choices = [("", "Choose a year"), *((y, label(y)) for y in [*earlier, *self.years])]

    def _chosen(self, cleaned):
        """(partner, year) the actual is for, or (None, None) where a field was refused."""
        if self.row is not None:
            return self.partners.get(self.row.council.code), self.row.year
        return self.partners.get(cleaned.get("council")), cleaned.get("year")

    def clean(self):
        cleaned = super().clean()
        partner, year = self._chosen(cleaned)
        if year is None or cleaned.get("before_appraisal"):
            return cleaned
        where = "year" if "year" in self.fields else None
        if year not in self.years:
            self.add_error(where, err_year(self.years) if self.years else "The plan has no years")
        elif partner is not None and year not in {y.year for y in partner.years}:  # its membership years
            self.add_error(where, err_membership(partner))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "savings": data["savings"],
            "costs": data.get("costs") or 0,
            "before_appraisal": bool(data.get("before_appraisal")),
            "note": (data.get("note") or "").strip(),
        }

    def target(self) -> tuple[str, object, int]:
        """(council code, ServiceCluster, year) of a new actual."""
        data = self.cleaned_data
        return data["council"], self.clusters[data["cluster"]], data["year"]


def actual_initial(row) -> dict:
    return {
        "savings": fmt.money(row.savings),
        "costs": fmt.money(row.costs),
        "before_appraisal": row.before_appraisal,
        "note": row.note,
        "version": row.version,
    }
