"""How long starting an appraisal from the published outturn takes (issue 21: loading the data and creating a
two-council appraisal in at most 1 s). Not a timed test: machines vary.

Run: .venv/bin/python benchmarks/outturn.py
Builds a throwaway SQLite database in a temporary folder (migrated, empty), then prints, each the median of a few runs:
- the floor, measured in the same run: a bare pandas.read_csv of the shipped file, the least loading it can cost;
- loading the data as the product does (appraisal.outturn.data.outturn(), its cache cleared first: typed columns);
- creating a two-council appraisal (Darlington and Hartlepool, 2024/25: both councils created, 4 clusters, 11
  services, 21 baselines with their history, the appraisal with its default options; the authorities and each
  tier's areas worked out from the loaded data first, as on first use), each run under a new address;
and the total of the two against the target.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="appraise-bench-")
os.environ["APPRAISE_SQLITE_PATH"] = str(Path(TMP) / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appraise.settings")

import django  # noqa: E402

django.setup()

import pandas as pd  # noqa: E402
from django.core.management import call_command  # noqa: E402

from appraisal.models import Appraisal  # noqa: E402
from appraisal.outturn import data  # noqa: E402
from appraisal.outturn.services import appraisal_from_outturn  # noqa: E402
from councils.models import Council  # noqa: E402
from services.models import Baseline  # noqa: E402

RUNS = 5
TARGET_S = 1.0
PAIR = ["E06000005", "E06000001"]  # Darlington and Hartlepool


def median_seconds(work, *, before=None) -> float:
    times = []
    for n in range(RUNS):
        if before:
            before(n)
        start = time.perf_counter()
        work(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fresh_start(n: int) -> None:
    """Each run creates its councils afresh, as the first appraisal of a pair does (the others' rows are removed),
    and works out the authorities and each tier's areas from the loaded data again, as the first request does."""
    data._authorities.cache_clear()
    data.provided_areas.cache_clear()
    Appraisal.objects.all().delete()
    Baseline.objects.all().delete()
    Council.objects.all().delete()


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"Database {os.environ['APPRAISE_SQLITE_PATH']}; {RUNS} runs each, median seconds")
    floor = median_seconds(lambda n: pd.read_csv(data.CSV))
    print(f"  floor, a bare pandas.read_csv of the file:            {floor:.3f} s")

    def load(n: int) -> None:
        data.outturn.cache_clear()
        data.outturn()

    loading = median_seconds(load)
    print(f"  loading the data (typed columns):                     {loading:.3f} s")
    creating = median_seconds(
        lambda n: appraisal_from_outturn(ons_codes=PAIR, year=2024, slug=f"bench-{n}"), before=_fresh_start
    )
    print(f"  creating a two-council appraisal (authorities and tiers worked out): {creating:.3f} s")
    total = loading + creating
    verdict = "within" if total <= TARGET_S else "over"
    print(f"Loading and creating: {total:.3f} s, {verdict} the target of {TARGET_S:.0f} s (floor {floor:.3f} s).")


if __name__ == "__main__":
    main()
