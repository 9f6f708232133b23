from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from appraisal.demo.services import FixtureError, demo_fixture_paths, demo_users_ensure, fixture_load


class Command(BaseCommand):
    help = "Load every fixture in fixtures/ and the demo users. Safe to run again: it changes nothing the second time."

    def handle(self, *args, **options):
        paths = demo_fixture_paths(settings.FIXTURES_DIR)
        if not paths:
            raise CommandError(f"No fixtures found in {settings.FIXTURES_DIR}.")
        for path in paths:
            try:
                appraisals = fixture_load(path=path)
            except (FixtureError, ValidationError, KeyError) as exc:
                raise CommandError(f"{path.name}: {exc}") from exc
            for appraisal in appraisals:
                self.stdout.write(f"Loaded {appraisal.title} ({appraisal.slug}) from {path.name}")
        self.stdout.write("\nDemo users (change these passwords outside a demo):")
        for username, password, role in demo_users_ensure():
            self.stdout.write(f"  {username:<12} password {password:<18} {role}")
