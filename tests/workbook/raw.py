"""Workbooks written part by part, for what openpyxl will not write: NaN and INF cells, error cells, a <dimension>
that is wrong, and decompression bombs. Each is built in the test that uses it; nothing is checked in.

A part is bytes, or Repeated: a block written many times, packed once. zlib's full flush starts each packed block
afresh, so the same block packs to the same bytes every time and 1 GB of whitespace takes a fraction of a second to
build (packing it with zipfile takes three), with the same ~1,000:1 ratio as a bomb made with any zip tool.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Repeated:
    head: bytes
    block: bytes
    times: int
    tail: bytes

    @property
    def size(self) -> int:
        return len(self.head) + len(self.block) * self.times + len(self.tail)


@dataclass(frozen=True)
class Raw:
    """A cell written as it is: Raw('<c r="E2"><v>NaN</v></c>')."""

    xml: str


def column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(ref: str, value) -> str:
    if isinstance(value, Raw):
        return value.xml
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value!r}</v></c>'


def sheet(rows: dict[int, list] | list[list], *, dimension: str | None = None) -> bytes:
    """A worksheet part: rows as {row number: values} (or a list from row 1); None leaves a cell out."""
    numbered = rows if isinstance(rows, dict) else dict(enumerate(rows, start=1))
    body = "".join(
        f'<row r="{n}">' + "".join(cell(f"{column(i)}{n}", v) for i, v in enumerate(values) if v is not None) + "</row>"
        for n, values in sorted(numbered.items())
    )
    dim = f"<dimension ref={quoteattr(dimension)}/>" if dimension else ""
    return DECLARATION + f'<worksheet xmlns="{MAIN}">{dim}<sheetData>{body}</sheetData></worksheet>'.encode()


def sheet_head(header: list[str]) -> bytes:
    """The start of a worksheet part up to and including its header row, for Repeated rows after it."""
    first = "".join(cell(f"{column(i)}1", v) for i, v in enumerate(header))
    return DECLARATION + f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{first}</row>'.encode()


SHEET_TAIL = b"</sheetData></worksheet>"


def package(sheets: dict[str, bytes | Repeated], *, shared_strings: bytes | Repeated | None = None) -> bytes:
    """An .xlsx of these sheets (in order) and, if given, a shared-strings part."""
    names = list(sheets)
    workbook = (
        DECLARATION
        + (
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            + "".join(
                f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>' for i, name in enumerate(names, start=1)
            )
            + "</sheets></workbook>"
        ).encode()
    )
    numbers = range(1, len(names) + 1)
    rels = [f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in numbers]
    overrides = [f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>' for i in numbers]
    if shared_strings is not None:
        rels.append(f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        overrides.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>')
    parts: dict[str, bytes | Repeated] = {
        "[Content_Types].xml": DECLARATION
        + (
            f'<Types xmlns="{CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.sheet.main+xml"/>{"".join(overrides)}</Types>'
        ).encode(),
        "_rels/.rels": DECLARATION
        + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
        f'Target="xl/workbook.xml"/></Relationships>'.encode(),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": DECLARATION
        + f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'.encode(),
    }
    for i, name in enumerate(names, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheets[name]
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    return _zip(parts)


def shared_strings_head(count: int) -> bytes:
    return DECLARATION + f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'.encode()


def _zip(parts: dict[str, bytes | Repeated]) -> bytes:
    if not any(isinstance(data, Repeated) for data in parts.values()):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        return out.getvalue()
    return _zip_by_hand(parts)


def _deflate(data: bytes | Repeated) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, unpacked size)."""
    if isinstance(data, bytes):
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(), zlib.crc32(data), len(data)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(data.head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(data.block) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(data.tail) + packer.flush()
    crc = zlib.crc32(data.head)
    for _ in range(data.times):
        crc = zlib.crc32(data.block, crc)
    return head + block * data.times + tail, zlib.crc32(data.tail, crc), data.size


def _zip_by_hand(parts: dict[str, bytes | Repeated]) -> bytes:
    """A zip (no zip64: every part under 4 GB) of deflated parts, laid out as the zip specification says."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data in parts.items():
        packed, crc, size = _deflate(data)
        encoded = name.encode()
        offset = out.tell()
        # Local header: signature, version 2.0, flags, deflate, time, date (1 Jan 1980), crc, sizes, name length.
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded), 0))
        out.write(encoded + packed)
        # Central directory entry: the same, with the version made by, and where the local header is.
        fields = (0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(packed), size, len(encoded), 0, 0, 0, 0, 0, offset)
        directory.write(struct.pack("<IHHHHHHIIIHHHHHII", *fields) + encoded)
    start, listing = out.tell(), directory.getvalue()
    out.write(listing)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(listing), start, 0))
    return out.getvalue()
