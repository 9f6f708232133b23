"""The options pages' forms: adding an option, its details, a mixed option's model per cluster, its scores, its
risks, the criteria and the preferred option. Each checks what it can alone; the rules that need what is stored
(a name no other option has, a reason for a preferred option that does not rank first) are the services', and
`form_errors_from` puts their ValidationError beside the field it names. Cost lines are the scenario machinery's
(scenarios/forms.py CostLineForm)."""

from django import forms

from appraisal.calculations import options as opt
from appraisal.models import Risk, Scenario
from appraisal.scenarios.fields import MoneyField, PercentField
from councils import financial_years

MODEL_CHOICES = [(code, label) for code, label in opt.DELIVERY_MODELS]
NEW_MODEL_CHOICES = [(code, label) for code, label in opt.DELIVERY_MODELS if code != opt.IN_HOUSE]
CLUSTER_MODEL_CHOICES = [("", "Not decided")] + [
    (code, label) for code, label in opt.DELIVERY_MODELS if code not in (opt.MIXED,)
]
SCORE_CHOICES = [("", "Not scored")] + [(str(n), str(n)) for n in range(opt.MIN_SCORE, opt.MAX_SCORE + 1)]
FACTOR_CHOICES = [(n, str(n)) for n in range(opt.MIN_RATING_FACTOR, opt.MAX_RATING_FACTOR + 1)]

LABELS = {
    "name": "Name",
    "delivery_model": "Delivery model",
    "lead_authority": "Lead authority",
    "description": "Description",
    "savings_adjustment_pct": "Adjustment to savings",
    "savings_adjustment_reason": "Reason for the adjustment",
    "weight": "Weight",
    "option": "Preferred option",
    "reason": "Reason",
    "category": "Category",
    "likelihood": "Likelihood",
    "impact": "Impact",
    "owner": "Owner",
    "mitigation": "Mitigation",
    "cost": "Cost if it happens",
    "probability": "Probability",
    "year": "Year",
    "case": "Case",
}


def _council_choices(councils) -> list[tuple]:
    return [("", "None")] + [(c.pk, c.name) for c in councils]


class _CouncilsMixin:
    def _set_councils(self, councils, *names):
        self.councils = {c.pk: c for c in councils}
        for name in names:
            self.fields[name].choices = _council_choices(councils)
            self.fields[name].error_messages["invalid_choice"] = "Choose one of the appraisal's councils"

    def council(self, value):
        return self.councils.get(value) if value is not None else None


class OptionAddForm(_CouncilsMixin, forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter a name for the option"})
    delivery_model = forms.ChoiceField(choices=NEW_MODEL_CHOICES)
    lead_authority = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])
    description = forms.CharField(required=False, widget=forms.Textarea, max_length=4000)

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._set_councils(councils, "lead_authority")

    def clean(self):
        data = super().clean()
        data["lead_authority"] = self.council(data.get("lead_authority"))
        return data


class OptionDetailsForm(OptionAddForm):
    delivery_model = forms.ChoiceField(choices=MODEL_CHOICES)
    savings_adjustment_pct = PercentField(required=False)
    savings_adjustment_reason = forms.CharField(required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if "savings_adjustment_pct" in data:
            data["savings_adjustment_pct"] = data["savings_adjustment_pct"] or 0
        return data


class ClusterModelsForm(_CouncilsMixin, forms.Form):
    """A mixed option's model for each cluster: model-<cluster id> and lead-<cluster id>."""

    def __init__(self, *args, clusters=(), councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.clusters = list(clusters)
        for c in self.clusters:
            self.fields[f"model-{c.pk}"] = forms.ChoiceField(choices=CLUSTER_MODEL_CHOICES, required=False)
            self.fields[f"lead-{c.pk}"] = forms.TypedChoiceField(
                coerce=int, empty_value=None, required=False, choices=[]
            )
        self._set_councils(councils, *(f"lead-{c.pk}" for c in self.clusters))

    def rows(self):
        return [(c, self[f"model-{c.pk}"], self[f"lead-{c.pk}"]) for c in self.clusters]

    def chosen(self) -> dict:
        data = self.cleaned_data
        return {c: (data[f"model-{c.pk}"], self.council(data[f"lead-{c.pk}"])) for c in self.clusters}


class ScoresForm(forms.Form):
    """The option's score (0–5) and reason on each criterion scored by hand: score-<id> and reason-<id>."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = [c for c in criteria if not c.is_financial]
        for c in self.criteria:
            self.fields[f"score-{c.pk}"] = forms.TypedChoiceField(
                choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
            )
            self.fields[f"reason-{c.pk}"] = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)

    def rows(self):
        return [(c, self[f"score-{c.pk}"], self[f"reason-{c.pk}"]) for c in self.criteria]

    def chosen(self) -> dict:
        data = self.cleaned_data
        return {c: (data[f"score-{c.pk}"], data[f"reason-{c.pk}"]) for c in self.criteria}


class RiskForm(forms.Form):
    description = forms.CharField(max_length=300, error_messages={"required": "Describe the risk"})
    category = forms.ChoiceField(choices=[("", "Not given")] + list(Risk.Category.choices), required=False)
    likelihood = forms.TypedChoiceField(choices=FACTOR_CHOICES, coerce=int)
    impact = forms.TypedChoiceField(choices=FACTOR_CHOICES, coerce=int)
    owner = forms.CharField(max_length=200, required=False)
    mitigation = forms.CharField(required=False, max_length=4000, widget=forms.Textarea)
    cost = MoneyField(required=False)
    probability = PercentField(required=False)
    year = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "None")] + [(y, financial_years.label(y)) for y in years]
        self.fields["year"].error_messages["invalid_choice"] = "Choose a year within the option's period"

    def clean(self):
        data = super().clean()
        costed = {name: data.get(name) for name in ("cost", "probability", "year") if name not in self.errors}
        given = [name for name, value in costed.items() if value is not None]
        if given and len(given) < 3:
            for name, value in costed.items():
                if value is None:
                    self.add_error(name, "Give a costed risk's cost, probability and year together")
        return data


class CriterionAddForm(forms.Form):
    name = forms.CharField(max_length=100, error_messages={"required": "Enter a name for the criterion"})
    weight = forms.IntegerField(
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the weight, a whole number from 0 to 100",
            "invalid": "Enter the weight, a whole number from 0 to 100",
        },
    )


class CriteriaForm(forms.Form):
    """Every criterion's name and weight at once (name-<id>, weight-<id>), so two weights move together."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        message = "Enter the weight, a whole number from 0 to 100"
        for c in self.criteria:
            self.fields[f"name-{c.pk}"] = forms.CharField(max_length=100, required=not c.is_financial)
            self.fields[f"weight-{c.pk}"] = forms.IntegerField(
                min_value=0,
                max_value=100,
                error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
            )

    def rows(self):
        return [(c, self[f"name-{c.pk}"], self[f"weight-{c.pk}"]) for c in self.criteria]

    def chosen(self) -> dict:
        data = self.cleaned_data
        return {c.pk: (data[f"name-{c.pk}"] or c.name, data[f"weight-{c.pk}"]) for c in self.criteria}


class PreferredForm(forms.Form):
    option = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, choices=[])
    reason = forms.CharField(required=False, max_length=4000, widget=forms.Textarea)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [("", "The option ranked first")] + [(o.pk, o.name) for o in options]
        self.fields["option"].error_messages["invalid_choice"] = "Choose one of the appraisal's options"


class CaseAddForm(forms.Form):
    case = forms.ChoiceField(choices=[(Scenario.Case.LOW, "Low case"), (Scenario.Case.HIGH, "High case")])
