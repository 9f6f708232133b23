"""The "New appraisal from published figures" form: the councils chosen (ONS codes, carried as hidden inputs), what
was typed in the search box, the year, the title and the web address. The service checks the councils and the
address against the data and the database; this form only reads what was posted."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import slugify

from appraisal.outturn import data, services
from appraisal.workbook.plan import RESERVED_SLUGS
from appraise.form_saves import ErrorList
from councils import financial_years

# The search box is where the councils are chosen, so an error about them links there.
SEARCH_ID = "council-search"
# MHCLG's names end with the tier's initials ("Darlington UA", "Kent CC"): a web address reads better without them.
_TIER_SUFFIXES = ("UA", "CC", "DC", "BC", "MBC", "MDC", "LB")
SLUG_RESERVED = "That address is taken by one of Appraise's own pages: choose another."


@dataclass(frozen=True)
class Choice:
    """A council as the page lists it: chosen, or offered by the search."""

    ons_code: str
    name: str
    authority_class: str
    chosen: bool = False
    note: str = ""  # why the service would refuse it for the year shown


def choice(ons_code: str, *, year: int | None, chosen: bool = False) -> Choice:
    """The council with this code; a code the figures do not hold is listed as it is, for the service to refuse."""
    try:
        found = data.authority(ons_code)
    except data.OutturnError:
        return Choice(ons_code, ons_code, "Not in the published figures", chosen)
    note = ""
    if year is not None and year not in found.years:
        note = f"No return published for {financial_years.label(year)}"
    return Choice(found.ons_code, found.name, found.authority_class, chosen, note)


def matches(query: str, *, year: int | None, chosen: list[str], limit: int) -> tuple[list[Choice], bool]:
    """The councils the search finds (at most `limit`), and whether there are more."""
    found = data.search(query, limit=limit + 1)
    shown = [choice(a.ons_code, year=year, chosen=a.ons_code in chosen) for a in found[:limit]]
    return shown, len(found) > limit


def year_choices() -> list[tuple[int, str]]:
    return [(year, financial_years.label(year)) for year in reversed(data.years())]


def suggested_slug(names: list[str], year: int) -> str:
    """darlington-hartlepool-2024-25 from Darlington UA and Hartlepool UA in 2024/25; at most 200 characters."""
    words = []
    for name in names:
        parts = name.split()
        if len(parts) > 1 and parts[-1] in _TIER_SUFFIXES:
            parts = parts[:-1]
        words.append(slugify(" ".join(parts)))
    tail = slugify(financial_years.label(year).replace("/", "-"))
    head = "-".join(w for w in words if w)[: 200 - len(tail) - 1].rstrip("-")
    return f"{head}-{tail}" if head else tail


def _made_from(template: str, message: str) -> bool:
    """Whether `message` is `template` with its {placeholders} filled in."""
    pattern = re.sub(r"\\\{\w+\\\}", ".+", re.escape(template))
    return re.fullmatch(pattern, message) is not None


def _field_for(message: str) -> str:
    """The field a refusal of the service is about (it lists them all as one ValidationError)."""
    if any(_made_from(t, message) for t in (services.ERR_NO_SLUG, services.ERR_SLUG_FORM, services.ERR_SLUG_USED)):
        return "slug"
    return "title" if _made_from(services.ERR_TITLE_LONG, message) else "councils"


class OutturnAppraisalForm(ErrorList, forms.Form):
    # ONS codes, one hidden input each; checked by the service, which names what is wrong with them.
    councils = forms.Field(required=False, widget=forms.MultipleHiddenInput)
    q = forms.CharField(label="Find a council", required=False, max_length=100)
    year = forms.TypedChoiceField(
        label="Year of the figures",
        coerce=int,
        choices=year_choices,
        error_messages={"invalid_choice": "Choose one of the years listed", "required": "Choose a year"},
    )
    title = forms.CharField(label="Title (optional)", required=False, max_length=300)
    slug = forms.SlugField(
        label="Web address (optional)",
        required=False,
        max_length=200,
        error_messages={"invalid": "Use only lower-case letters, numbers and hyphens"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = max(data.years())
        source = self.data if self.is_bound else {}
        codes = source.getlist("councils") if hasattr(source, "getlist") else []
        # Each council once, in the order chosen, codes as the data spells them.
        self.codes = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))

    def clean_councils(self) -> list[str]:
        return self.codes

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip().lower()
        if slug in RESERVED_SLUGS or slug == "new":
            raise ValidationError(SLUG_RESERVED)
        return slug

    # --- What the page shows -------------------------------------------------------------------------------------

    def chosen(self) -> list[Choice]:
        return [choice(code, year=self.year_value(), chosen=True) for code in self.codes]

    def year_value(self) -> int:
        """The year shown in the form: as posted if it is one of the years, else the latest."""
        try:
            year = int(self["year"].value())
        except (TypeError, ValueError):
            return max(data.years())
        return year if year in data.years() else max(data.years())

    def slug_for(self, year: int) -> str:
        """The address typed, or one made from the chosen councils' names and the year."""
        return self.cleaned_data.get("slug") or suggested_slug([c.name for c in self.chosen()], year)

    def add_service_error(self, exc: ValidationError) -> None:
        """The service's refusal beside the field it names; one about the councils (or the whole request) beside the
        search box, where the councils are chosen."""
        by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for name, messages in by_field.items():
            for message in dict.fromkeys(messages):
                target = name if name in ("year", "title", "slug") else _field_for(message)
                self.add_error(target, message)

    def error_list(self) -> list[tuple[str, str]]:
        out = []
        for name, errors in self.errors.items():
            anchor = SEARCH_ID if name in ("councils", NON_FIELD_ERRORS) else self[name].auto_id
            out += [(anchor, message) for message in errors]
        return out
