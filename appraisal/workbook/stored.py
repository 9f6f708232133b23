"""What was read from an uploaded workbook, kept with the upload so that its preview and its confirmation do not
read the file again (issue 13: every preview reload and the confirmation used to parse it afresh).

JSON packed with zlib, not pickle: whatever is read back from the database can only become these plain rows.
Pure: no ORM.
"""

import json
import typing
import zlib
from dataclasses import fields
from decimal import Decimal

from appraisal.workbook import downloaded
from appraisal.workbook.rows import ROW_LISTS, AppraisalRow, ParsedWorkbook, Problem

# The first bytes of a stored parse; an upload stored before issue 13 holds the .xlsx itself (b"PK...").
MAGIC = b"appraise-parsed-workbook/1\n"


def _names(cls) -> list[str]:
    return [f.name for f in fields(cls)]


def _decimal_positions(cls) -> list[int]:
    """Which fields hold pounds (Decimal, or Decimal | None): JSON keeps them as strings, to the penny."""
    return [i for i, f in enumerate(fields(cls)) if f.type is Decimal or Decimal in typing.get_args(f.type)]


_SHAPES = {cls: (_names(cls), _decimal_positions(cls)) for cls in (AppraisalRow, *ROW_LISTS.values())}


def _dump(row) -> list:
    names, _ = _SHAPES[type(row)]
    return [str(v) if v.__class__ is Decimal else v for v in (getattr(row, name) for name in names)]


def _load(cls, values: list):
    _, decimals = _SHAPES[cls]
    for i in decimals:
        if values[i] is not None:
            values[i] = Decimal(values[i])
    return cls(*values)


def parsed_dumps(parsed: ParsedWorkbook) -> bytes:
    payload = {
        "appraisal": _dump(parsed.appraisal) if parsed.appraisal is not None else None,
        **{name: [_dump(row) for row in getattr(parsed, name)] for name in ROW_LISTS},
        "problems": [[p.sheet, p.row, p.column, p.message] for p in parsed.problems],
        "letters": parsed.letters,
        "downloaded": None
        if parsed.downloaded is None
        else {k: [str(v) if v.__class__ is Decimal else v for v in vs] for k, vs in parsed.downloaded.items()},
    }
    return MAGIC + zlib.compress(json.dumps(payload, separators=(",", ":")).encode(), 6)


def parsed_loads(data: bytes) -> ParsedWorkbook | None:
    """The stored parse, or None if `data` is not one (an upload stored before issue 13 kept the file)."""
    if not data.startswith(MAGIC):
        return None
    payload = json.loads(zlib.decompress(data[len(MAGIC) :]))
    parsed = ParsedWorkbook(
        appraisal=_load(AppraisalRow, payload["appraisal"]) if payload["appraisal"] is not None else None,
        problems=[Problem(*p) for p in payload["problems"]],
        letters=payload["letters"],
    )
    kept = payload.get("downloaded")  # absent from an upload stored before issue 16
    if kept is not None:
        read = {k: downloaded.values(k, vs) for k, vs in kept.items()}
        parsed.downloaded = {k: vs for k, vs in read.items() if vs is not None}
    for name, cls in ROW_LISTS.items():
        setattr(parsed, name, [_load(cls, values) for values in payload.get(name, ())])  # no posts before issue 18
    return parsed
