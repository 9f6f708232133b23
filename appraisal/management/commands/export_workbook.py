from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from appraisal.models import Appraisal
from appraisal.summary.selectors import appraisal_get
from appraisal.workbook.writer import export_workbook, template_workbook


class Command(BaseCommand):
    help = "Write an appraisal's figures and savings summary to an .xlsx workbook (the format of docs/workbook.md)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The appraisal's slug, e.g. darlington-hartlepool-2011")
        parser.add_argument("path", type=Path, help="Where to write the .xlsx file")
        parser.add_argument("--template", action="store_true", help="The template for officers instead")

    def handle(self, *args, slug: str, path: Path, template=False, **options):
        try:
            appraisal = appraisal_get(slug=slug)
        except Appraisal.DoesNotExist:
            known = ", ".join(Appraisal.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No appraisal with slug '{slug}'. Known appraisals: {known}.") from None
        content = template_workbook(appraisal=appraisal) if template else export_workbook(appraisal=appraisal)
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}") from None
        self.stdout.write(f"Wrote {appraisal.title} to {path} ({len(content):,} bytes).")
