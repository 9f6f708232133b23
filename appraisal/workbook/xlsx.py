"""Stream the cells of an uploaded .xlsx within limits that a hostile file cannot get round (issue 13).

An .xlsx is a zip of XML files ("parts"). A 1 MB upload can unpack to gigabytes, hold tens of millions of pieces of
text, or declare a sheet smaller than it is (openpyxl's read-only mode stops at the declared <dimension>, so rows past
it were silently dropped). So uploads are read here rather than by openpyxl:

- the zip's directory is checked before anything is unpacked: how many parts, each part's unpacked size and all of
  them together, and how tightly each large part is packed (the limits are in contract.py). zipfile stops reading a
  part at the size the directory declares (and then fails its checksum), so a part cannot unpack to more than was
  checked;
- every part is parsed as a stream and each element is dropped as soon as it has been read, so memory stays flat
  however long a sheet is;
- shared strings are counted as they are read, and refused past contract.MAX_SHARED_STRINGS;
- a sheet yields every row to its last, whatever its <dimension> says; the caller counts rows and stops at its cap;
- a DOCTYPE (the way in for entity-expansion bombs) is refused: Excel never writes one.

Cells come out as openpyxl's data_only mode gives them (int or float, text, bool, datetime for a date format), except
that a cell showing one of Excel's errors is an ExcelError, NaN or INF written by a program is a float (the column's
parser reports it at its cell, where openpyxl raised and the whole file was called damaged), and a formula with no
saved value is given with its formula text. Pure: bytes in, plain values out.

One module, longer than most, on purpose: each limit above is kept by a few lines of the one streaming reader (the
zip's directory, the parser's chunks, the shared-strings count, the row loop), and a reader checking that a hostile
file cannot get round them needs to see them together.
"""

import codecs
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import XMLPullParser

from openpyxl.formula.translate import Translator
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel, from_ISO8601

from appraisal.workbook import contract


class Refused(Exception):
    """The workbook is over one of the limits: the message says which, and what to do, in an officer's words."""


class Damaged(Exception):
    """Not a workbook that can be read: a part missing, XML that is not a spreadsheet's, a row past Excel's last."""


@dataclass(frozen=True, slots=True)
class ExcelError:
    """A cell showing one of Excel's errors instead of a value: #NUM!, #DIV/0!, #REF!, #VALUE!, #N/A…"""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(slots=True)
class Row:
    number: int  # as Excel shows it
    values: dict[int, object]  # column index (0 for A) -> value; empty cells are left out
    formulas: dict[int, str] | None  # column index -> formula ("=A1+1") of each formula with no saved value
    filled: bool  # some cell holds more than spaces


MB = 1024 * 1024
TOO_BIG = (
    "Unpacked, this workbook holds {size:,.1f} MB of data; the most Appraise reads is {limit:,.0f} MB. It may have "
    "many empty or formatted rows or columns, or sheets Appraise does not read: copy the sheets Appraise reads into a "
    "new workbook, save it and upload that."
)
TOO_TIGHT = (
    "Part of this workbook unpacks to {ratio:,.0f} times its size, far more than Excel packs a workbook, so Appraise "
    "does not open it. Copy the sheets Appraise reads into a new workbook in Excel, save it and upload that."
)
TOO_MANY_PARTS = (
    "This workbook is made of {count:,} files packed together; Excel writes a few dozen and Appraise opens at most "
    "{limit:,}. Copy the sheets Appraise reads into a new workbook, save it and upload that."
)
TOO_MANY_STRINGS = (
    "This workbook holds more than {limit:,} different pieces of text, more than Appraise reads. Copy the sheets "
    "Appraise reads into a new workbook (leaving the others out), save it and upload that."
)

# Excel's own limits: a sheet has at most 1,048,576 rows and 16,384 columns (A to XFD).
LAST_ROW = 1_048_576
_COLUMNS = {get_column_letter(i + 1): i for i in range(16_384)}
_DIGITS = "0123456789"
# Elements one row (16,384 cells, each with a value and perhaps a formula) or one piece of text may hold.
_ROW_ELEMENTS = 100_000
_TEXT_ELEMENTS = 10_000
_PROLOG = 64 * 1024  # the XML declaration and comments before the first element
# Bytes unpacked and parsed at a time. Small on purpose: the elements and events a chunk makes stay alive until they
# are read, and past 700 new objects Python's garbage collector runs; with 64 KB chunks it ran eight times as often
# (and through everything, seven times per 20,000 rows) and reading took half as long again.
_CHUNK = 4 * 1024

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _F, _IS, _T, _R = (_MAIN + tag for tag in ("row", "c", "v", "f", "is", "t", "r"))
_SHEET_DATA, _SST, _SI = (_MAIN + tag for tag in ("sheetData", "sst", "si"))
_WORKBOOK, _WORKBOOK_PR, _SHEETS, _SHEET = (_MAIN + tag for tag in ("workbook", "workbookPr", "sheets", "sheet"))
_NUM_FMTS, _NUM_FMT, _CELL_XFS, _XF = (_MAIN + tag for tag in ("numFmts", "numFmt", "cellXfs", "xf"))
_SI_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")
_RELATIONSHIPS, _RELATIONSHIP = (
    "{http://schemas.openxmlformats.org/package/2006/relationships}" + tag for tag in ("Relationships", "Relationship")
)
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts are too many, too large or packed too tightly, before unpacking any of them."""
    parts = archive.infolist()
    if len(parts) > contract.MAX_PARTS:
        raise Refused(TOO_MANY_PARTS.format(count=len(parts), limit=contract.MAX_PARTS))
    total = sum(part.file_size for part in parts)
    if total > contract.MAX_UNPACKED_BYTES:
        raise Refused(TOO_BIG.format(size=total / MB, limit=contract.MAX_UNPACKED_BYTES / MB))
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size >= contract.PACKING_CHECKED_FROM and ratio > contract.MAX_PACKING_RATIO:
            raise Refused(TOO_TIGHT.format(ratio=ratio))


class _Stream:
    """A part's bytes for the XML parser, once its prolog is known to hold no DOCTYPE."""

    def __init__(self, raw):
        self.raw = raw
        self.head = raw.read(_PROLOG)
        _check_prolog(self.head)

    def read(self, size: int) -> bytes:
        if self.head:
            head, self.head = self.head[:size], self.head[size:]
            return head
        return self.raw.read(size)


_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)


def _check_prolog(head: bytes) -> None:
    """The first element must follow the XML declaration and comments only: a DOCTYPE could declare entities that
    expand to gigabytes (Excel never writes one)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode()
    elif head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    position = 0
    while (match := _PROLOG_ITEM.match(head, position)) and match.end() > position:
        position = match.end()
    rest = head[position:].lstrip()
    if not rest.startswith(b"<") or rest.startswith(b"<!"):
        raise Damaged("a DOCTYPE, or no element in the first 64 KB")


def _number(text: str):
    """As openpyxl reads a number; NaN and INF (written by programs, never by Excel) stay floats, other text stays
    text, for the column's parser to report at its cell."""
    try:
        return float(text) if ("." in text or "E" in text or "e" in text) else int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _text(node) -> str:
    """The text of a shared or inline string: its plain text and rich-text runs, without phonetic guides."""
    if len(node) == 1 and node[0].tag == _T:
        return _unescape(node[0].text or "")
    parts = []
    for child in node:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _R:
            parts.append(child.findtext(_T) or "")
    return _unescape("".join(parts))


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Excel writes a character XML cannot carry as _xHHHH_ (a carriage return _x000D_) and an underscore that would
    begin one as _x005F_."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


class Book:
    """An uploaded workbook, checked, with its sheet names, shared strings and date formats read: ready to stream."""

    def __init__(self, content: bytes):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
            raise Damaged(str(exc)) from exc
        check_archive(self._zip)
        package = self._relationships("")
        workbook = next((path for kind, path in package.values() if kind == "officeDocument"), "xl/workbook.xml")
        parts = self._relationships(workbook)
        self.sheets: dict[str, str] = {}  # name -> part
        self.epoch = CALENDAR_WINDOWS_1900
        records = {_SHEET: _SHEETS, _WORKBOOK_PR: _WORKBOOK}
        for el, _ in self._records(workbook, records, limit=contract.MAX_PARTS, inner=_TEXT_ELEMENTS):
            if el.tag == _WORKBOOK_PR:
                if el.get("date1904", "").lower() in ("1", "true"):
                    self.epoch = CALENDAR_MAC_1904
            elif el.get(_REL_ID) in parts and el.get("name"):
                self.sheets[el.get("name")] = parts[el.get(_REL_ID)][1]
        found = {kind: path for kind, path in reversed(parts.values())}
        self._dates, self._timedeltas = self._date_styles(found.get("styles"))
        self._strings = self._shared_strings(found["sharedStrings"]) if "sharedStrings" in found else []

    def close(self) -> None:
        self._zip.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- Reading parts ------------------------------------------------------------------------------------------

    def _records(self, name: str, tags: dict[str, str], *, limit: int, inner: int):
        """(element, its parent) for each element of `tags` (tag -> its parent's tag), complete, in order.

        Only start events are read (half the work of start and end): a record is complete when the next one starts,
        or at the end of the part. Then the elements before it in its parent are dropped from the tree, so the part's
        length never becomes memory; more than `inner` elements between two records (a record's own, or anything
        around them), or more than `limit` records, and the file is damaged. The parent is None for a record found
        before any element of its parent's tag.
        """
        parents = set(tags.values())
        latest: dict[str, object] = {}  # the element each parent tag last started
        record = container = None
        inside = count = 0
        try:
            raw = self._zip.open(name)
        except KeyError as exc:
            raise Damaged(f"no part {name}") from exc
        parser = XMLPullParser(events=("start",))
        with raw:
            stream = _Stream(raw)
            while True:
                chunk = stream.read(_CHUNK)
                if chunk:
                    parser.feed(chunk)
                else:
                    parser.close()  # raises if the XML is unfinished
                for _, el in parser.read_events():
                    tag = el.tag
                    if tag in parents:
                        latest[tag] = el
                    if tag in tags:
                        if record is not None:
                            yield record, container
                        count += 1
                        if count > limit:
                            raise Damaged(f"more than {limit:,} records in {name}")
                        container = latest.get(tags[tag])
                        if container is not None:
                            del container[:-1]  # the records before this one, and anything finished in between
                        record, inside = el, 0
                    inside += 1
                    if inside > inner:
                        raise Damaged(f"more than {inner:,} elements in one record of {name}")
                if not chunk:
                    break
        if record is not None:
            yield record, container

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """The part's relationships: id -> (kind, e.g. "worksheet", and the part it points to)."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        if rels not in self._zip.NameToInfo:
            return {}
        found = {}
        records = {_RELATIONSHIP: _RELATIONSHIPS}
        for el, _ in self._records(rels, records, limit=contract.MAX_PARTS * 10, inner=_TEXT_ELEMENTS):
            target = el.get("Target") or ""
            if el.get("TargetMode") == "External" or not target:
                continue
            path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[el.get("Id")] = ((el.get("Type") or "").rsplit("/", 1)[-1], path)
        return found

    def _date_styles(self, part: str | None) -> tuple[set[str], set[str]]:
        """The cell styles (as the `s` attribute writes them) whose number format shows a date, or a duration."""
        if part is None or part not in self._zip.NameToInfo:
            return set(), set()
        custom: dict[str, str] = {}
        dates, durations = set(), set()
        index = 0
        # Cell styles are the <xf> in <cellXfs>; those in <cellStyleXfs>, before it, are named styles.
        records = {_NUM_FMT: _NUM_FMTS, _XF: _CELL_XFS}
        for el, parent in self._records(part, records, limit=200_000, inner=_TEXT_ELEMENTS):
            if el.tag == _NUM_FMT:
                custom[el.get("numFmtId", "")] = el.get("formatCode", "")
            elif parent is not None:
                code = el.get("numFmtId", "0")
                fmt = custom.get(code) or (BUILTIN_FORMATS.get(int(code)) if code.isdigit() else None) or "General"
                if is_date_format(fmt):
                    dates.add(str(index))
                if is_timedelta_format(fmt):
                    durations.add(str(index))
                index += 1
        return dates, durations

    def _count(self, part: str, tag: re.Pattern) -> int:
        """How many times the tag occurs in the part: a quick count of its bytes, before they are parsed."""
        count, carry = 0, b""
        with self._zip.open(part) as raw:
            while chunk := raw.read(1024 * 1024):
                data = carry + chunk
                cut = data.rfind(b"<")  # a tag cut in two is counted with the next chunk
                count += len(tag.findall(data, 0, cut))
                carry = data[cut:] if cut >= 0 else b""
        return count + len(tag.findall(carry))

    def _shared_strings(self, part: str) -> list[str]:
        limit = contract.MAX_SHARED_STRINGS
        # Counted first, at the speed of unpacking (parsing 500,000 strings takes seconds), then again as they are read.
        if self._count(part, _SI_TAG) > limit:
            raise Refused(TOO_MANY_STRINGS.format(limit=limit))
        strings = []
        records = {_SI: _SST}
        for el, _ in self._records(part, records, limit=LAST_ROW * 16_384, inner=_TEXT_ELEMENTS):
            if len(strings) >= limit:
                raise Refused(TOO_MANY_STRINGS.format(limit=limit))
            strings.append(_text(el))
        return strings

    # --- Rows -----------------------------------------------------------------------------------------------------

    def rows(self, sheet: str) -> Iterator[Row]:
        """Every row of the sheet that is in its XML, to the last, whatever the sheet's <dimension> declares."""
        strings, dates, durations, epoch = self._strings, self._dates, self._timedeltas, self.epoch
        shared: dict[str, tuple[str, str]] = {}  # shared formulas: index -> (formula, cell it is written in)
        number = 0
        records = {_ROW: _SHEET_DATA}
        for row, _ in self._records(self.sheets[sheet], records, limit=LAST_ROW, inner=_ROW_ELEMENTS):
            r = row.get("r")
            number = int(r) if r else number + 1
            if not 0 < number <= LAST_ROW:
                raise Damaged(f"row {number}")
            values, formulas, filled, column = {}, None, False, -1
            for c in row:
                if c.tag != _C:
                    continue
                ref = c.get("r")
                column = _COLUMNS[ref.rstrip(_DIGITS)] if ref else column + 1
                kind, v = c.get("t"), c.findtext(_V)
                if kind is None or kind == "n":
                    value = _number(v) if v else None
                    if dates and value is not None and c.get("s") in dates:
                        try:
                            value = from_excel(value, epoch, timedelta=c.get("s") in durations)
                        except (OverflowError, ValueError, TypeError):
                            pass  # not a date Excel can show: the number, for the column's parser to judge
                elif kind == "s":
                    value = strings[int(v)] if v else None
                elif kind == "inlineStr":
                    node = c.find(_IS)
                    value = _text(node) if node is not None else None
                elif kind == "e":
                    value = ExcelError(v) if v else None
                elif kind == "b":
                    value = v.strip() not in ("0", "false") if v else None
                elif kind == "d":
                    try:
                        value = from_ISO8601(v) if v else None
                    except ValueError:
                        value = v
                else:  # "str", a formula's text
                    value = _unescape(v) if v else None
                # A formula cell holds <f> and, once Excel has calculated it, <v>: look only in cells with no value
                # or two children.
                f = c.find(_F) if value is None or len(c) > 1 else None
                if f is not None:
                    formula = _formula(f, ref, shared)
                    # A formula Excel has calculated has its value saved beside it: "" for one that gives no text.
                    if value is None and not (kind == "str" and v is not None):
                        if formulas is None:
                            formulas = {}
                        formulas[column] = formula
                if value is not None:
                    values[column] = value
                    if not filled and (value.__class__ is not str or value.strip()):
                        filled = True
            yield Row(number, values, formulas, filled)


def _formula(f, ref: str | None, shared: dict[str, tuple[str, str]]) -> str:
    """The formula as Excel shows it; a shared formula's later cells write none, so it is worked out from the first."""
    text = "=" + (f.text or "")
    if f.get("t") == "shared":
        index = f.get("si", "")
        if text != "=" and index not in shared:
            shared[index] = (text, ref or "A1")
        elif text == "=" and index in shared and ref:
            first, origin = shared[index]
            try:
                return Translator(first, origin=origin).translate_formula(ref)
            except Exception:  # openpyxl's tokenizer on a formula it cannot read: show the first cell's formula
                return first
    return text
