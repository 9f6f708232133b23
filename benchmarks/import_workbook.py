"""How long a workbook of 20,000 baseline rows takes to import (issue 3: under 5 seconds). Not a timed test.

Run: .venv/bin/python benchmarks/import_workbook.py
Builds a throwaway SQLite database in a temporary folder with 10 councils and 2,000 services (20 clusters of
100), writes a workbook of 10 x 2,000 baselines, then times it as the upload pages take it, three ways: a new
appraisal (20,000 rows created), the same workbook with every figure changed (20,000 rows updated), and the
unchanged workbook again (nothing to write). For each: the upload (the file read and checked once, what was read
stored, issue 13), a preview (from what was stored: compared with the figures held), and the confirmation (compared
again and applied). Prints the seconds for each, elapsed and of processor time (steadier on a busy machine).

The workbook is saved the way Excel saves one, with its text in a shared-strings table: officers upload
workbooks Excel has saved. openpyxl itself writes every text cell inline, which it reads back about 40%
more slowly (run with --inline to see).

Issue 22: each import is printed beside its floor measured in the same run, a bare openpyxl read-only parse of
the same file (every cell of every sheet read, nothing checked or stored), with the ratio; the verdict is for the
new appraisal's import (20,000 rows created) against the target ratio (2x). With --runs N the three imports are
repeated N times on a fresh database and the median taken; --scale 1,2,4 repeats all of it with 2 and 4 times the
services and prints the growth. On a busy machine read the ratio, not the seconds.
"""

import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from sizes import scales, sized_parser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="appraise-bench-")
os.environ["APPRAISE_SQLITE_PATH"] = str(Path(TMP) / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appraise.settings")
# Time it as it runs in production (issue 22): DEBUG off, so no debug SQL log (with DEBUG on, formatting every
# statement for the log was some 8% of the import's time in the profile).
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Production names static files from collectstatic's manifest, which a checkout has not built; the timings do not
# depend on it (as in benchmarks/scenario_edit.py).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from appraisal.workbook import contract  # noqa: E402
from appraisal.workbook.apply import workbook_apply  # noqa: E402
from appraisal.workbook.plan import ADMIN, council_codes, plan_make, state_load  # noqa: E402
from appraisal.workbook.reader import read_workbook  # noqa: E402
from appraisal.workbook.stored import parsed_dumps, parsed_loads  # noqa: E402
from councils.models import Council  # noqa: E402
from services.models import Baseline, Service, ServiceCluster  # noqa: E402

COUNCILS, CLUSTERS, SERVICES_PER_CLUSTER = 10, 20, 100
BASE_SERVICES_PER_CLUSTER = SERVICES_PER_CLUSTER
SLUG = "benchmark"
TARGET_RATIO = 2.0  # issue 22: the import (validate + apply) within 2x a bare openpyxl read-only parse


def catalogue() -> None:
    Council.objects.bulk_create(
        Council(code=f"C{i:02d}", name=f"Council {i:02d}", slug=f"council-{i:02d}", council_type="unitary")
        for i in range(COUNCILS)
    )
    ServiceCluster.objects.bulk_create(
        ServiceCluster(name=f"Cluster {k:02d}", slug=f"cluster-{k:02d}", position=k) for k in range(CLUSTERS)
    )
    clusters = list(ServiceCluster.objects.order_by("position"))
    Service.objects.bulk_create(
        Service(cluster=c, name=f"Service {c.position:02d}.{s:03d}", position=s)
        for c in clusters
        for s in range(SERVICES_PER_CLUSTER)
    )


def workbook(seed: int) -> bytes:
    rng = random.Random(seed)
    wb = Workbook()  # not write-only: like Excel, it records each sheet's size, which the reader uses
    wb.remove(wb.active)
    sheets = {name: wb.create_sheet(name) for name in ("Councils", "Deficits", "Services", "Baselines", "Savings")}
    sheets["Councils"].append(contract.COUNCILS.column_names)
    sheets["Deficits"].append(contract.DEFICITS.column_names)
    sheets["Services"].append(contract.SERVICES.column_names)
    sheets["Baselines"].append(contract.BASELINES.column_names)
    sheets["Savings"].append(contract.SAVINGS.column_names)
    for i in range(COUNCILS):
        sheets["Councils"].append([f"C{i:02d}", f"Council {i:02d}", "unitary", None, None])
        sheets["Deficits"].append([f"C{i:02d}", "2026/27", rng.randrange(1_000_000, 20_000_000)])
    for k in range(CLUSTERS):
        sheets["Savings"].append([f"Cluster {k:02d}", 100_000, 200_000])
        for s in range(SERVICES_PER_CLUSTER):
            sheets["Services"].append([f"Cluster {k:02d}", f"Service {k:02d}.{s:03d}", "key"])
    for i in range(COUNCILS):
        for k in range(CLUSTERS):
            for s in range(SERVICES_PER_CLUSTER):
                gross = rng.randrange(0, 9_000_000)
                net = gross - rng.randrange(0, 500_000)
                fte, third_party = rng.randrange(0, 5000) / 10, rng.randrange(0, 100_000)
                service = f"Service {k:02d}.{s:03d}"
                row = [f"C{i:02d}", f"Cluster {k:02d}", service, "2025/26", gross, net, fte, third_party]
                sheets["Baselines"].append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue() if "--inline" in sys.argv else as_excel_saves_it(out.getvalue())


_INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.S)
_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def as_excel_saves_it(content: bytes) -> bytes:
    """The same workbook with its text cells moved into a shared-strings table, as Excel writes them."""
    strings: dict[bytes, int] = {}

    def shared(match: re.Match) -> bytes:
        index = strings.setdefault(match.group(3), len(strings))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2) or b"", index)

    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = _INLINE.sub(shared, data)
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST}"/></Types>'.encode()
                )
            elif item.filename == "xl/_rels/workbook.xml.rels":
                rel = f'<Relationship Id="rIdSharedStrings" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            target.writestr(item, data)
        table = b"".join(b"<si><t>%s</t></si>" % text for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            b'main" count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), table),
        )
    return out.getvalue()


class Clock:
    """Elapsed and processor seconds since the last lap."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        lap = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return lap


def bare_parse(content: bytes, repeats: int = 3) -> tuple[float, float]:
    """The floor: openpyxl's read-only parse of every cell of every sheet, values only. The median of `repeats`
    parses (one parse on a busy machine varies by 2x or more): (elapsed seconds, processor seconds)."""
    laps = []
    for _ in range(repeats):
        clock = Clock()
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        for sheet in wb.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        wb.close()
        laps.append(clock.lap())
    return statistics.median(w for w, _ in laps), statistics.median(c for _, c in laps)


def timed(label: str, content: bytes) -> float:
    """Seconds for the upload (read + check + store), a preview (compare, from what was stored) and the import
    (compare again, then write); returns the import's elapsed and processor seconds."""
    clock = Clock()
    stored = parsed_dumps(read_workbook(content, file_name="bench.xlsx"))
    upload = clock.lap()
    parsed = parsed_loads(stored)
    plan = plan_make(parsed, state_load(slug=SLUG, council_codes=council_codes(parsed)), ADMIN)
    preview = clock.lap()
    assert not plan.problems, plan.problems[:5]
    applied = workbook_apply(parsed=parsed_loads(stored), slug=SLUG)
    done = clock.lap()
    laps = "   ".join(
        f"{name} {wall:5.2f} s ({cpu:4.2f})"
        for name, (wall, cpu) in (("upload", upload), ("preview", preview), ("import", done))
    )
    print(f"  {label:<38} {laps}   {applied.plan.summary()}")
    return done


def one_run(first: bytes, second: bytes) -> list[float]:
    """The three imports on a fresh database, each beside a bare parse of its file: [import, floor] x 3 (elapsed),
    then the same in processor time."""
    call_command("flush", interactive=False, verbosity=0)
    catalogue()
    walls, cpus = [], []
    for label, content in (
        ("new appraisal: baselines created", first),
        ("every figure changed: all updated", second),
        ("the same workbook again: nothing to do", second),
    ):
        (wall, cpu), (floor_wall, floor_cpu) = timed(label, content), bare_parse(content)
        print(
            f"  {'':<38} floor (bare openpyxl parse) {floor_wall:5.2f} s ({floor_cpu:4.2f}): "
            f"ratio {wall / floor_wall:4.1f}x ({cpu / floor_cpu:4.1f}x)"
        )
        walls += [wall, floor_wall]
        cpus += [cpu, floor_cpu]
    return walls + cpus


def main() -> None:
    global SERVICES_PER_CLUSTER
    parser = sized_parser(runs=1, runs_help="repeat the three imports on a fresh database")
    parser.add_argument("--inline", action="store_true", help="text cells inline, as openpyxl writes them")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    growth = []
    for scale in scales(args):
        SERVICES_PER_CLUSTER = BASE_SERVICES_PER_CLUSTER * scale
        first, second = workbook(2025), workbook(2026)
        rows = COUNCILS * CLUSTERS * SERVICES_PER_CLUSTER
        print(
            f"{scale}x: {rows:,} baseline rows ({COUNCILS} councils x {CLUSTERS * SERVICES_PER_CLUSTER:,} services), "
            f"workbook {len(first) / 1024 / 1024:.1f} MB; database {os.environ['APPRAISE_SQLITE_PATH']}"
        )
        runs = [one_run(first, second) for _ in range(args.runs)]
        med = [statistics.median(r[i] for r in runs) for i in range(12)]
        print(f"  baselines held: {Baseline.objects.count():,}; history rows: {Baseline.history.count():,}")
        print("  (seconds elapsed, and in brackets of processor time)")
        ratio = med[0] / med[1]
        verdict = "MET" if ratio <= TARGET_RATIO else "NOT MET"
        print(
            f"New appraisal's import (median of {args.runs}): {med[0]:.2f} s"
            f" / floor {med[1]:.2f} s = {ratio:.1f}x; target "
            f"<= {TARGET_RATIO:.0f}x: {verdict}. Updated: {med[2] / med[3]:.1f}x; unchanged: {med[4] / med[5]:.1f}x"
        )
        print(
            f"  in processor time (steadier on a busy machine): new {med[6] / med[7]:.1f}x, "
            f"updated {med[8] / med[9]:.1f}x, unchanged {med[10] / med[11]:.1f}x"
        )
        growth.append((rows, med[0], med[1]))
    for (r0, t0, f0), (r1, t1, f1) in zip(growth, growth[1:], strict=False):
        print(f"  growth {r0:,} -> {r1:,} rows (x{r1 / r0:.0f}): import x{t1 / t0:.2f}, floor x{f1 / f0:.2f}")


if __name__ == "__main__":
    main()
