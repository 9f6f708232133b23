"""The report settings form: the cover block, the scenarios presented, and the text sections."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from appraisal.models import CabinetReport, Scenario
from appraisal.report.selectors import ReportData
from appraisal.report.services import NOT_SHOWN
from appraisal.report.text import MAX_SECTION_CHARS, MAX_TABLE_ROWS, validate_section
from appraisal.summary.dashboard import MAX_COMPARED
from councils.models import Council

SECTION_HELP = (
    "Markdown: a blank line between paragraphs; “1.” starts a numbered list, and a list indented by four spaces "
    "is lettered (a), (b)… as in the recommendations. "
    f"Up to {MAX_SECTION_CHARS:,} characters, and tables of up to {MAX_TABLE_ROWS} rows."
)
# The cover and scenario fields, saved as they are (the sections are saved blank while they are the generated text).
SETTINGS = (
    "presenting_council",
    "meeting",
    "meeting_date",
    "title",
    "cabinet_members",
    "directors",
    "contact_officer",
    "author",
    "contact",
    "is_final",
    "scenario",
)


@dataclass(frozen=True)
class ErrorItem:
    """An error for the shared error summary: the input's id, its label and the message."""

    id: str
    label: str
    error: str


class CabinetReportForm(forms.Form):
    presenting_council = forms.ModelChoiceField(queryset=None, label="Council presenting the report")
    meeting = forms.CharField(max_length=200, label="Meeting", help_text="For example Cabinet, or Executive.")
    meeting_date = forms.DateField(
        label="Date of the meeting",
        required=False,
        # A date box takes and gives ISO dates (2011-08-08) whatever the language, not the locale's 08/08/2011.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the date of the meeting as a real date, like 2011-08-08"},
    )
    title = forms.CharField(max_length=300, label="Title of the report")
    cabinet_members = forms.CharField(
        label="Responsible cabinet member(s)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line, e.g. Councillor A Smith, Resources Portfolio.",
    )
    directors = forms.CharField(
        label="Responsible director(s)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line.",
    )
    contact_officer = forms.CharField(
        max_length=200,
        label="Contact officer",
        required=False,
        help_text="Who answers questions about the report: name, job title and telephone, "
        "e.g. Anne Freimanis, Chief Executive, 01228 817000.",
    )
    author = forms.CharField(max_length=200, label="Report author", required=False)
    contact = forms.CharField(max_length=200, label="Author's contact", required=False, help_text="Telephone or email.")
    is_final = forms.BooleanField(label="This report is final (not marked DRAFT)", required=False)
    scenario = forms.ModelChoiceField(
        queryset=None,
        label="Scenario the report presents",
        required=False,
        empty_label="The first scenario",
        help_text="Only scenarios shown to members can be presented or compared.",
        error_messages={"invalid_choice": NOT_SHOWN},
    )
    compared_scenarios = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=f"Scenarios compared side by side (up to {MAX_COMPARED})",
        error_messages={"invalid_choice": NOT_SHOWN},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, report: ReportData, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        councils = [c.pk for c in report.dashboard.figures.councils]
        self.fields["presenting_council"].queryset = Council.objects.filter(pk__in=councils)
        # Only the scenarios shown to members: a draft is never presented or compared (issue 15).
        shown = Scenario.objects.filter(pk__in=[s.pk for s in report.shown])
        self.fields["scenario"].queryset = shown
        self.fields["compared_scenarios"].queryset = shown
        for key, label in CabinetReport.SECTIONS:
            # Limited by a validator, not max_length: the browser would cut a long paste short without a word.
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=SECTION_HELP,
                validators=[validate_section],
            )
            self.fields[f"reset_{key}"] = forms.BooleanField(
                label="Use the text generated from the figures", required=False
            )

    @classmethod
    def showing(cls, report: ReportData) -> CabinetReportForm:
        """The form as the page first shows it: the saved settings (or their defaults) and each section's text."""
        saved = report.report
        initial = {
            "presenting_council": saved.presenting_council_id or report.dashboard.figures.councils[0].pk,
            "meeting": saved.meeting or "Cabinet",
            "meeting_date": saved.meeting_date,
            "title": saved.title or report.appraisal.title,
            "cabinet_members": saved.cabinet_members,
            "directors": saved.directors,
            "contact_officer": saved.contact_officer,
            "author": saved.author,
            "contact": saved.contact,
            "is_final": saved.is_final,
            "scenario": saved.scenario_id,
            "compared_scenarios": list(report.compared_ids),
            "version": saved.version if saved.pk else 0,
        }
        initial.update({key: section.text for key, section in report.sections.items()})
        return cls(initial=initial, report=report)

    def over_version(self, version: int) -> CabinetReportForm:
        """The same answers again, over a colleague's newer version: the next save (after checking) goes over it."""
        data = {**self.data.dict(), "version": version, "compared_scenarios": self.data.getlist("compared_scenarios")}
        form = type(self)(data, report=self.report)
        form.is_valid()
        return form

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
        """The settings and sections to save; a section whose reset box is ticked goes back to the generated text."""
        data = self.cleaned_data
        values = {name: data[name] for name in SETTINGS}
        for key, _ in CabinetReport.SECTIONS:
            values[key] = "" if data[f"reset_{key}"] else data[key]
        return values

    def compared_ids(self) -> list[int]:
        return [s.pk for s in self.cleaned_data["compared_scenarios"]]

    def expected_version(self) -> int:
        """The version the page showed (0: there was no saved report)."""
        return self.cleaned_data["version"] or 0

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put the service's refusal beside the fields it names (or over the form)."""
        for field, errors in exc.message_dict.items():
            self.add_error(field if field in self.fields else None, errors)

    def error_summary(self) -> list[ErrorItem]:
        """Every error, for the summary at the top of the page; a form-wide one is the report title's."""
        if not self.is_bound:
            return []
        out = []
        for name, errors in self.errors.items():
            if name == "__all__":
                out += [ErrorItem("id_title", "Report", e) for e in errors]
            else:
                out += [ErrorItem(self[name].auto_id, self[name].label, e) for e in errors]
        return out
