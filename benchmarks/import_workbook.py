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
"""

import io
import os
import random
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="appraise-bench-")
os.environ["APPRAISE_SQLITE_PATH"] = str(Path(TMP) / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "appraise.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from appraisal.workbook import contract  # noqa: E402
from appraisal.workbook.apply import workbook_apply  # noqa: E402
from appraisal.workbook.plan import ADMIN, council_codes, plan_make, state_load  # noqa: E402
from appraisal.workbook.reader import read_workbook  # noqa: E402
from appraisal.workbook.stored import parsed_dumps, parsed_loads  # noqa: E402
from councils.models import Council  # noqa: E402
from services.models import Baseline, Service, ServiceCluster  # noqa: E402

COUNCILS, CLUSTERS, SERVICES_PER_CLUSTER = 10, 20, 100
SLUG = "benchmark"


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


def timed(label: str, content: bytes) -> float:
    """Seconds for the upload (read + check + store), a preview (compare, from what was stored) and the import
    (compare again, then write); returns the import's elapsed seconds."""
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
    return done[0]


def main() -> None:
    call_command("migrate", verbosity=0)
    catalogue()
    first, second = workbook(2025), workbook(2026)
    rows = COUNCILS * CLUSTERS * SERVICES_PER_CLUSTER
    print(
        f"{rows:,} baseline rows ({COUNCILS} councils x {CLUSTERS * SERVICES_PER_CLUSTER:,} services), "
        f"workbook {len(first) / 1024 / 1024:.1f} MB; database {os.environ['APPRAISE_SQLITE_PATH']}"
    )
    worst = max(
        timed("new appraisal: 20,000 baselines created", first),
        timed("every figure changed: 20,000 updated", second),
        timed("the same workbook again: nothing to do", second),
    )
    print(f"  baselines held: {Baseline.objects.count():,}; history rows: {Baseline.history.count():,}")
    print("  (seconds elapsed, and in brackets of processor time)")
    print(f"Slowest import (validate + apply, from what the upload read): {worst:.2f} s; the target is under 5 s.")


if __name__ == "__main__":
    main()
