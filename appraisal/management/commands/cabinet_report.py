"""python manage.py cabinet_report SLUG PATH [--scenario NAME]: write the appraisal's cabinet report as a PDF;
--monitoring writes its monitoring report for scrutiny instead (issue 19)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from appraisal.calculations import CalculationError
from appraisal.models import Appraisal, Scenario
from appraisal.report.monitoring import monitoring_data, monitoring_pdf
from appraisal.report.render import html_to_pdf, report_html
from appraisal.report.selectors import cabinet_report_data
from appraisal.scenarios.selectors import scenarios_shown
from appraisal.summary.selectors import appraisal_get


class Command(BaseCommand):
    help = "Write an appraisal's cabinet report (the same report the dashboard offers) as a PDF."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The appraisal, e.g. darlington-hartlepool-2011")
        parser.add_argument("path", help="Where to write the PDF")
        parser.add_argument("--scenario", help="Present this scenario instead of the report's own choice")
        parser.add_argument("--monitoring", action="store_true", help="Write the monitoring report for scrutiny")

    def handle(self, *args, slug, path, scenario=None, monitoring=False, **options):
        started = time.perf_counter()
        try:
            appraisal = appraisal_get(slug=slug)
            if monitoring:
                pdf = monitoring_pdf(monitoring_data(appraisal=appraisal))
            else:
                pdf = html_to_pdf(
                    report_html(cabinet_report_data(appraisal=appraisal, scenario_name=scenario), for_pdf=True)
                )
        except Appraisal.DoesNotExist as exc:
            raise CommandError(f"No appraisal {slug!r}.") from exc
        except Scenario.DoesNotExist as exc:
            names = ", ".join(s.name for s in scenarios_shown(appraisal=appraisal)) or "none"
            missing = f"The appraisal has no scenario {scenario!r} shown to members (it has: {names})."
            raise CommandError(missing) from exc
        except CalculationError as exc:
            raise CommandError(f"The figures cannot be worked out: {exc}") from exc
        target = Path(path)
        if target.parent and not target.parent.exists():
            raise CommandError(f"No folder {target.parent}.")
        target.write_bytes(pdf)
        self.stdout.write(f"Wrote {target} ({len(pdf) // 1024} KB) in {time.perf_counter() - started:.1f}s.")
