"""The simulation settings form (issue 20): each setting as officers type it, with a label and a hint saying what it
means and its default. The form only reads what was typed (numbers, percentages); the limits are the model's
(appraisal/models/simulation.py) and its messages are put beside the fields by the view."""

from decimal import Decimal

from django import forms

from appraisal.calculations import simulation_types as st
from appraisal.scenarios.fields import NumberField, PercentField, WholeNumberField
from appraise.form_saves import ErrorList


def _plain(value: Decimal) -> str:
    """60 -> '60', 0.50 -> '0.5'."""
    return f"{Decimal(value).normalize():f}"


SHAPE_LABELS = dict(st.SHAPES)
LABELS = {
    "runs": "Number of runs",
    "seed": "Random seed",
    "shape": "Shape of each range",
    "correlation": "Correlation between service clusters",
    "slip_none": "No delay (%)",
    "slip_one": "One year's delay (%)",
    "slip_two": "Two years' delay (%)",
    "spread": "Range around a single figure (± %)",
    "gap_share": "Share of each council's funding gap (%)",
}
SLIPPAGE_LEGEND = "Chance of the savings starting late"
SLIPPAGE_HINT = (
    "The chance that the savings start when planned, a year late or two years late. The three must add up to 100%. "
    f"Defaults {_plain(st.DEFAULT_SLIPPAGE[0])}%, {_plain(st.DEFAULT_SLIPPAGE[1])}% and "
    f"{_plain(st.DEFAULT_SLIPPAGE[2])}%."
)
HINTS = {
    "runs": (
        "How many times the figures are drawn from their ranges. More runs give steadier results but take longer. "
        f"Between {st.MIN_RUNS:,} and {st.MAX_RUNS:,}. Default {st.DEFAULT_RUNS:,}."
    ),
    "seed": (
        "Where the random draws start. The same seed gives the same results every time, so a figure in a report can "
        f"be checked; a different seed shows how much the results move by chance. Any whole number. "
        f"Default {st.DEFAULT_SEED}."
    ),
    "shape": (
        "How each saving and cost is drawn between its lowest and highest figure, with the most likely value at the "
        f"point the scenario chose. Default {SHAPE_LABELS[st.DEFAULT_SHAPE].split(' (')[0]}."
    ),
    "correlation": (
        "0 means each cluster's saving is drawn independently; 1 means they all turn out high or low together. "
        f"Default {_plain(st.DEFAULT_CORRELATION)}."
    ),
    "spread": (
        "Where a saving or a cost line has one figure rather than a low and a high, it is drawn from this far below "
        f"it to this far above. Default {_plain(st.DEFAULT_SPREAD)}%."
    ),
    "gap_share": (
        "The results give the chance that each council's savings close at least this share of its funding gap in "
        f"each year of its medium-term plan. Default {_plain(st.DEFAULT_GAP_SHARE)}%."
    ),
}
ERR_RUNS_TYPED = f"Enter the number of runs as a whole number, like {st.DEFAULT_RUNS:,}"
ERR_SEED_TYPED = f"Enter the seed as a whole number, like {st.DEFAULT_SEED}"
ERR_CORRELATION_TYPED = "Enter the correlation as a number from 0 to 1, like 0.5"


class SimulationSettingsForm(ErrorList, forms.Form):
    runs = WholeNumberField(message=ERR_RUNS_TYPED)
    seed = WholeNumberField(message=ERR_SEED_TYPED)
    shape = forms.ChoiceField(
        choices=st.SHAPES, error_messages={"required": "Choose a shape", "invalid_choice": "Choose one of the shapes"}
    )
    correlation = NumberField(
        message=ERR_CORRELATION_TYPED, places_message="Give the correlation to at most 2 decimal places, like 0.55"
    )
    slip_none = PercentField(error_messages={"required": "Enter the chance of no delay, like 60"})
    slip_one = PercentField(error_messages={"required": "Enter the chance of one year's delay, like 30"})
    slip_two = PercentField(error_messages={"required": "Enter the chance of two years' delay, like 10"})
    spread = PercentField(error_messages={"required": "Enter the range around a single figure, like 20"})
    gap_share = PercentField(error_messages={"required": "Enter the share of the funding gap to test, like 25"})
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "settings-%s")
        super().__init__(*args, **kwargs)
        for name, label in LABELS.items():
            self.fields[name].label = label

    @classmethod
    def showing(cls, u: st.Uncertainty, *, version: int) -> "SimulationSettingsForm":
        """The form filled in with settings as they stand (`version` 0: none saved, the defaults)."""
        none, one, two = u.slippage
        values = {"runs": f"{u.runs:,}", "seed": u.seed, "shape": u.shape, "correlation": _plain(u.correlation)}
        values |= {"slip_none": _plain(none), "slip_one": _plain(one), "slip_two": _plain(two)}
        values |= {"spread": _plain(u.spread), "gap_share": _plain(u.gap_share), "version": version}
        return cls(initial=values)

    def values(self) -> dict:
        """The settings typed, as the service takes them."""
        return {name: self.cleaned_data[name] for name in LABELS}


def settings_summary(u: st.Uncertainty) -> list[tuple[str, str]]:
    """The settings as members read them: (what, value), each with the default beside it where it differs."""

    def shown(value: str, default: str) -> str:
        return f"{value} (the default)" if value == default else f"{value} (default {default})"

    def slippage(chances) -> str:
        none, one, two = (f"{_plain(c)}%" for c in chances)
        return f"{none} no delay, {one} one year late, {two} two years late"

    shape = SHAPE_LABELS.get(u.shape, u.shape)
    gap_share = shown(f"{_plain(u.gap_share)}%", f"{_plain(st.DEFAULT_GAP_SHARE)}%")
    return [
        (LABELS["runs"], shown(f"{u.runs:,}", f"{st.DEFAULT_RUNS:,}")),
        (LABELS["seed"], shown(str(u.seed), str(st.DEFAULT_SEED))),
        (LABELS["shape"], shown(shape, SHAPE_LABELS[st.DEFAULT_SHAPE])),
        (LABELS["correlation"], shown(_plain(u.correlation), _plain(st.DEFAULT_CORRELATION))),
        (SLIPPAGE_LEGEND, shown(slippage(u.slippage), slippage(st.DEFAULT_SLIPPAGE))),
        ("Range around a single figure", shown(f"±{_plain(u.spread)}%", f"±{_plain(st.DEFAULT_SPREAD)}%")),
        ("Share of each council's funding gap tested", gap_share),
    ]
