from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from appraisal.workbook.apply import WorkbookRejected, workbook_apply, workbook_preview
from appraisal.workbook.changed_since import plan_named
from appraisal.workbook.plan import ADMIN
from appraisal.workbook.plan.preview import appraisals_named
from appraise.writes import COMMAND_LINE, change_source


def _also(affects: tuple[str, ...]) -> str:
    """A figure other appraisals show too: they are named, as the preview names them."""
    return f" (also changes {appraisals_named(affects)})" if affects else ""


class Command(BaseCommand):
    help = (
        "Import a workbook (docs/workbook.md) into an appraisal, creating it if the slug is new. Runs as a programme "
        "admin. Prints what changed; on any problem prints them all, changes nothing and exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The .xlsx workbook")
        parser.add_argument("--appraisal", required=True, dest="slug", help="The appraisal's slug (new or existing)")
        parser.add_argument("--user", help="Record this username as the author in the history (default: none)")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing")

    @change_source(COMMAND_LINE)
    def handle(self, *args, path: Path, slug: str, user=None, dry_run=False, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user called '{user}'.")
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}") from None
        if dry_run:
            plan = workbook_preview(content=content, file_name=path.name, slug=slug, actor=ADMIN)
            if plan.problems:
                self._fail(plan.problems)
        else:
            try:
                plan = workbook_apply(content=content, file_name=path.name, slug=slug, user=author, actor=ADMIN).plan
            except WorkbookRejected as exc:
                self._fail(exc.problems)
        for change in plan.changes:
            where = f"{change.sheet} row {change.row}: {change.what}"
            # The column in words, as the preview names it ("Net budget"), not its header name.
            self.stdout.write(f"{where}: {change.label} {change.old} -> {change.new}{_also(change.affects)}")
        for added in plan.additions:
            self.stdout.write(f"{added.sheet} row {added.row}: new {added.what}: {added.details}{_also(added.affects)}")
        for notice in plan_named(plan).notices:  # figures changed since the workbook was downloaded, kept
            self.stdout.write(notice)
        verb = "Would apply" if dry_run else "Applied"
        self.stdout.write(f"{verb} {path.name} to {slug}: {plan.summary()}." if plan.count else plan.summary())

    def _fail(self, problems) -> None:
        for problem in problems:
            self.stderr.write(str(problem))
        count = len(problems)
        raise CommandError(f"{count} problem{'s' if count != 1 else ''} in the workbook; nothing was changed.")
