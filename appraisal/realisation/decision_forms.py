"""Recording Cabinet's decision on the dashboard (issue 19): the meeting, the date it decided, and which of the
scenarios shown to members it approved. The service (appraisal/realisation/services.py) keeps the figures."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from appraise.form_saves import ErrorList

ERR_MEETING = "Enter the meeting that made the decision, like Cabinet"
ERR_DATE = "Enter the date of the decision as a real date, like 14 March 2011"
ERR_DATE_MISSING = "Enter the date of the decision"
ERR_FUTURE = "The date of the decision cannot be in the future"
ERR_SCENARIO = "Choose one of the scenarios shown to members"
LABELS = {"meeting": "Meeting", "approved_on": "Date of the decision", "scenario": "Scenario approved"}


class DecisionForm(ErrorList, forms.Form):
    meeting = forms.CharField(max_length=200, initial="Cabinet", error_messages={"required": ERR_MEETING})
    approved_on = forms.DateField(
        # A date box sends ISO dates (2011-03-14); a browser without one sends what was typed, as the hint says.
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"],
        error_messages={"required": ERR_DATE_MISSING, "invalid": ERR_DATE},
    )
    scenario = forms.ChoiceField(required=False, error_messages={"invalid_choice": ERR_SCENARIO})

    def __init__(self, *args, scenarios, **kwargs):
        """`scenarios`: those shown to members, in their order; the first is chosen unless another is."""
        kwargs.setdefault("auto_id", "decision-%s")
        super().__init__(*args, **kwargs)
        self.scenarios = {str(s.pk): s for s in scenarios}
        self.fields["scenario"].choices = [(pk, s.name) for pk, s in self.scenarios.items()]
        if self.scenarios and not self.is_bound:
            self.initial.setdefault("scenario", next(iter(self.scenarios)))
        for name, label in LABELS.items():
            self.fields[name].label = label

    def clean_meeting(self) -> str:
        meeting = self.cleaned_data["meeting"].strip()
        if not meeting:
            raise ValidationError(ERR_MEETING)
        return meeting

    def clean_approved_on(self) -> datetime.date:
        day = self.cleaned_data["approved_on"]
        if day > timezone.localdate():
            raise ValidationError(ERR_FUTURE)
        return day

    def clean_scenario(self):
        """The Scenario chosen (none chosen: the first shown); None where no scenario is shown to members."""
        chosen = self.cleaned_data["scenario"] or next(iter(self.scenarios), None)
        return self.scenarios[chosen] if chosen else None
