"""Upload forms: the file (and, for a new appraisal, its slug). The workbook itself is checked by reader.py."""

from django import forms

from appraisal.models import Appraisal
from appraisal.workbook import contract
from appraisal.workbook.plan import RESERVED_SLUGS

NOT_XLSX = "Choose an Excel workbook (.xlsx). In Excel use File > Save As and choose Excel Workbook (.xlsx)."
SLUG_TAKEN = "An appraisal already has that address: upload the workbook on its own page."


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label="Workbook (.xlsx)",
        help_text="At most 10 MB and 100,000 rows. What Appraise reads from it is kept until you confirm the "
        "changes, and for a day at most.",
        error_messages={"required": "Choose the workbook to upload", "empty": "The file is empty"},
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > contract.MAX_BYTES:
            raise forms.ValidationError(contract.TOO_LARGE.format(size=upload.size / 1024 / 1024))
        if not upload.name.lower().endswith(contract.EXTENSIONS):
            raise forms.ValidationError(NOT_XLSX)
        return upload


class WorkbookImportNewForm(WorkbookUploadForm):
    slug = forms.SlugField(
        label="Address of the new appraisal",
        max_length=200,
        help_text="Lower-case words joined by hyphens, for example darlington-hartlepool-2025.",
        error_messages={
            "required": "Enter the new appraisal's address",
            "invalid": "Use only lower-case letters, numbers and hyphens",
        },
    )
    field_order = ["slug", "workbook"]

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        if slug in RESERVED_SLUGS or Appraisal.objects.filter(slug=slug).exists():
            raise forms.ValidationError(SLUG_TAKEN)
        return slug
