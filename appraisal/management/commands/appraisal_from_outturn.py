from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from appraisal import formatting as fmt
from appraisal.outturn import data
from appraisal.outturn.selectors import started_of
from appraisal.outturn.services import appraisal_from_outturn
from appraise.writes import COMMAND_LINE, change_source
from councils import financial_years
from councils.models import Council


class Command(BaseCommand):
    help = (
        "Start a draft appraisal from MHCLG's published outturn: two or more councils by ONS code, their net "
        "expenditure by service area in a year as the baselines. Creates any council not held yet. Prints what it "
        "created; on any problem prints them all, creates nothing and exits non-zero."
    )

    def add_arguments(self, parser):
        parser.add_argument("--councils", required=True, help="ONS codes, separated by commas: E06000005,E06000001")
        parser.add_argument("--year", required=True, help="The financial year of the figures, such as 2024/25")
        parser.add_argument("--slug", required=True, help="The new appraisal's address, such as darlington-hartlepool")
        parser.add_argument("--title", help="Default: 'Shared services: ' and the councils' names")
        parser.add_argument("--user", help="Record this username as the author in the history (default: none)")

    @change_source(COMMAND_LINE)
    def handle(self, *args, councils: str, year: str, slug: str, title=None, user=None, **options):
        try:
            start = financial_years.parse(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user called '{user}'.")
        codes = [c.strip().upper() for c in councils.split(",") if c.strip()]
        held = set(Council.objects.filter(ons_code__in=codes).values_list("ons_code", flat=True))
        try:
            appraisal = appraisal_from_outturn(ons_codes=codes, year=start, slug=slug, title=title, user=author)
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            count = len(exc.messages)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''}; nothing was created.") from None
        started = started_of(appraisal=appraisal)
        self.stdout.write(f"Created '{appraisal.title}' ({appraisal.slug}), baselines {appraisal.base_year_label}.")
        for council in started.councils:
            how = "held already" if council.ons_code in held else "created"
            budget = fmt.pounds(council.net_revenue_budget) if council.net_revenue_budget is not None else "none"
            self.stdout.write(
                f"  {council.name} ({council.code}, {council.ons_code}): {how}; net revenue budget {budget}"
            )
        self.stdout.write(
            f"{started.services} services, {started.baselines} baselines, "
            f"{started.not_provided} not provided by a council's tier."
        )
        self.stdout.write(data.OGL)
