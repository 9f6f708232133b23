"""Workbooks made to exhaust the server (issue 13, defects 1 and 2): each is refused, or read right, in under 2 s and
under 200 MB.

Each bomb is read in a subprocess whose address space is capped at what it uses after start-up plus 200 MB
(RLIMIT_AS), so a regression fails here with a MemoryError instead of taking the machine down. The subprocess reports
the processor seconds read_workbook took (processor time, so that other tests running beside it on every core do not
count) and the most memory the whole process held (its peak RSS, VmHWM, start-up included: about 90 MB).
Before issue 13 a 1 MB workbook of whitespace took 14 s and 2.8 GB, 30 million shared strings 565 s to a
MemoryError, and 1M rows without <dimension> 88 s and 780 MB; rows past a <dimension> were silently dropped.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from appraisal.workbook import contract

from . import raw

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 2
MEGABYTES = 200
HEADER = contract.BASELINES.column_names
STRINGS = ["DBC", "Strategic Management", "Directors", "2011/12"]

CHILD = """
import json, os, resource, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "appraise.test_settings"
import django
django.setup()
from appraisal.workbook.reader import read_workbook

def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024

content = open(sys.argv[1], "rb").read()
ceiling = status("VmSize") + int(sys.argv[2]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
start, cpu = time.perf_counter(), time.process_time()
parsed = read_workbook(content, file_name="bomb.xlsx")
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "cpu_seconds": time.process_time() - cpu,
    "peak_mb": status("VmHWM") / 1024 / 1024,
    "problems": [str(p) for p in parsed.problems],
    "baseline_rows": [b.row for b in parsed.baselines],
}))
"""


def shared_strings(texts: list[str]) -> bytes:
    body = "".join(f"<si><t>{t}</t></si>" for t in texts)
    return raw.shared_strings_head(len(texts)) + body.encode() + b"</sst>"


def whitespace() -> bytes:
    """1 GB of whitespace between a Baselines sheet's rows, packed to about 1 MB."""
    sheet = raw.Repeated(raw.sheet_head(HEADER), b" " * 1024 * 1024, 1024, raw.SHEET_TAIL)
    return raw.package({"Baselines": sheet})


def thirty_million_strings() -> bytes:
    """30 million shared strings (510 MB unpacked) behind a one-row sheet."""
    table = raw.Repeated(raw.shared_strings_head(30_015_488), b"<si><t>x</t></si>" * 65_536, 458, b"</sst>")
    sheet = raw.sheet([HEADER, [raw.Raw('<c r="A2" t="s"><v>0</v></c>')]])
    return raw.package({"Baselines": sheet}, shared_strings=table)


def strings_past_the_limit() -> bytes:
    """600,000 different shared strings, 18 MB unpacked: within the size limits, past the count."""
    table = shared_strings([f"Service {i:06d}" for i in range(600_000)])
    return raw.package({"Baselines": raw.sheet([HEADER])}, shared_strings=table)


def million_rows(dimension: str | None = None) -> bytes:
    """A Baselines sheet of a million rows (44 MB unpacked), each a council code, with no <dimension> or a wrong one."""
    rows = "".join(f'<row r="{n}"><c t="s"><v>0</v></c></row>' for n in range(2, 1_000_002))
    head = raw.sheet([HEADER], dimension=dimension).replace(b"</sheetData></worksheet>", b"")
    return raw.package({"Baselines": head + rows.encode() + raw.SHEET_TAIL}, shared_strings=shared_strings(STRINGS))


def million_full_rows() -> bytes:
    """A million complete Baselines rows without <dimension> (148 MB unpacked, 0.6 MB packed), as in the issue."""
    row = b"<row>" + b"".join(b'<c t="s"><v>%d</v></c>' % i for i in range(4)) + b"<c><v>1</v></c>" * 4 + b"</row>"
    sheet = raw.Repeated(raw.sheet_head(HEADER), row * 1000, 1000, raw.SHEET_TAIL)
    return raw.package({"Baselines": sheet}, shared_strings=shared_strings(STRINGS))


def row_40_past_the_dimension() -> bytes:
    """A Baselines sheet declaring A1:H10 whose last row is row 40."""
    rows = {1: HEADER, 2: ["DBC", *STRINGS[1:], 1, 1], 40: ["HBC", *STRINGS[1:], 5, 5]}
    return raw.package({"Baselines": raw.sheet(rows, dimension="A1:H10")})


MISSING = [
    f"{name}: the workbook has no sheet called {name}" for name in ("Councils", "Deficits", "Services", "Savings")
]
ROW_CAP = (
    "Baselines row 100002: the workbook has more than 100,000 rows, the most Appraise reads, so it stopped reading "
    "here: split the workbook and upload each part"
)


def too_big(megabytes: str) -> str:
    return (
        f"Unpacked, this workbook holds {megabytes} MB of data; the most Appraise reads is 50 MB. It may have many "
        "empty or formatted rows or columns, or sheets Appraise does not read: copy the sheets Appraise reads into a "
        "new workbook, save it and upload that."
    )


BOMBS = {
    "1 GB of whitespace in a sheet": (whitespace, [too_big("1,024.0")], []),
    "30 million shared strings": (thirty_million_strings, [too_big("486.6")], []),
    "600,000 shared strings": (
        strings_past_the_limit,
        [
            "This workbook holds more than 500,000 different pieces of text, more than Appraise reads. Copy the "
            "sheets Appraise reads into a new workbook (leaving the others out), save it and upload that."
        ],
        [],
    ),
    "1M rows without <dimension>": (million_rows, [ROW_CAP], []),
    "1M rows declaring A1:H2": (lambda: million_rows("A1:H2"), [ROW_CAP], []),
    "1M complete rows without <dimension>": (million_full_rows, [too_big("147.8")], []),
    "a change in row 40 of a sheet declaring A1:H10": (row_40_past_the_dimension, MISSING, [2, 40]),
}


@pytest.mark.parametrize("name", BOMBS)
def test_each_bomb_is_refused_or_read_right_in_under_2_seconds_and_200_mb(name, tmp_path):
    build, problems, baseline_rows = BOMBS[name]
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(build())
    assert path.stat().st_size <= contract.MAX_BYTES  # an upload the form accepts
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(MEGABYTES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    result = json.loads(child.stdout)
    size = path.stat().st_size / 1024 / 1024
    print(
        f"{name}: {size:.1f} MB, {result['cpu_seconds']:.2f} s ({result['seconds']:.2f} s), {result['peak_mb']:.0f} MB"
    )
    assert result["problems"] == problems
    assert result["baseline_rows"] == baseline_rows
    assert result["cpu_seconds"] < SECONDS
    assert result["peak_mb"] < MEGABYTES
