"""The change history page's filters: a GET form, so a filtered page has an address and works without JavaScript."""

from django import forms

from appraisal.history.selectors import KINDS

DATE_ORDER = "The end date must be the same as or after the start date."


class HistoryFilterForm(forms.Form):
    council = forms.ChoiceField(label="Council", required=False)
    kind = forms.ChoiceField(label="Kind of figure", required=False, choices=(("", "All kinds"), *KINDS))
    person = forms.ChoiceField(label="Who", required=False)
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the start date as a real date, like 2026-11-23."},
    )  # fmt: skip
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the end date as a real date, like 2026-11-30."},
    )  # fmt: skip

    def __init__(self, *args, councils, people, **kwargs):
        """`councils`: (code, name) of the appraisal's partners; `people`: (user id, name) of those in the history."""
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "All councils"), *councils]
        self.fields["person"].choices = [("", "Everyone"), *((str(pk), name) for pk, name in people)]
        for field in self.fields.values():
            field.widget.attrs["class"] = "select" if isinstance(field, forms.ChoiceField) else "input"
        for name in self.errors if self.is_bound else ():
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-error"

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", DATE_ORDER)
        return data
