"""The report settings form: the cover block, the scenarios presented, and the text sections."""

from django import forms

from appraisal.models import CabinetReport
from appraisal.report.text import MAX_SECTION_CHARS, MAX_TABLE_ROWS, validate_section
from appraisal.summary.dashboard import MAX_COMPARED

SECTION_HELP = (
    "Markdown: a blank line between paragraphs; “1.” starts a numbered list, and a list indented by four spaces "
    "is lettered (a), (b)… as in the recommendations. "
    f"Up to {MAX_SECTION_CHARS:,} characters, and tables of up to {MAX_TABLE_ROWS} rows."
)


class CabinetReportForm(forms.Form):
    presenting_council = forms.ModelChoiceField(queryset=None, label="Council presenting the report")
    meeting = forms.CharField(max_length=200, label="Meeting", help_text="For example Cabinet, or Executive.")
    meeting_date = forms.DateField(
        label="Date of the meeting", required=False,
        # A date box takes and gives ISO dates (2011-08-08) whatever the language, not the locale's 08/08/2011.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date of the meeting as a real date, like 2011-08-08"},
    )  # fmt: skip
    title = forms.CharField(max_length=300, label="Title of the report")
    cabinet_members = forms.CharField(
        label="Responsible cabinet member(s)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line, e.g. Councillor A Smith, Resources Portfolio.",
    )  # fmt: skip
    directors = forms.CharField(
        label="Responsible director(s)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line.",
    )  # fmt: skip
    author = forms.CharField(max_length=200, label="Report author", required=False)
    contact = forms.CharField(max_length=200, label="Author's contact", required=False, help_text="Telephone or email.")
    is_final = forms.BooleanField(label="This report is final (not marked DRAFT)", required=False)
    scenario = forms.ModelChoiceField(queryset=None, label="Scenario the report presents", required=False,
                                      empty_label="The first scenario")  # fmt: skip
    compared_scenarios = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label=f"Scenarios compared side by side (up to {MAX_COMPARED})",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, appraisal, councils, generated: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenting_council"].queryset = councils
        self.fields["scenario"].queryset = appraisal.scenarios.all()
        self.fields["compared_scenarios"].queryset = appraisal.scenarios.all()
        self.generated = generated
        for key, label in CabinetReport.SECTIONS:
            # Limited by a validator, not max_length: the browser would cut a long paste short without a word.
            self.fields[key] = forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 6}),
                                               help_text=SECTION_HELP, validators=[validate_section])  # fmt: skip
            self.fields[f"reset_{key}"] = forms.BooleanField(label="Use the text generated from the figures",
                                                             required=False)  # fmt: skip

    def clean_compared_scenarios(self):
        chosen = self.cleaned_data["compared_scenarios"]
        if len(chosen) > MAX_COMPARED:
            raise forms.ValidationError(f"Choose at most {MAX_COMPARED} scenarios to compare")
        return chosen

    def section_rows(self):
        """Each section's box, its reset tick box, and whether it is the generated text now."""
        for key, _ in CabinetReport.SECTIONS:
            yield self[key], self[f"reset_{key}"]

    def values(self) -> dict:
        data = self.cleaned_data
        values = {name: data[name] for name in ("presenting_council", "meeting", "meeting_date", "title",
                                                "cabinet_members", "directors", "author", "contact", "is_final",
                                                "scenario")}  # fmt: skip
        for key, _ in CabinetReport.SECTIONS:
            values[key] = "" if data[f"reset_{key}"] else data[key]
        return values
