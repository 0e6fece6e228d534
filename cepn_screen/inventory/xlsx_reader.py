"""Stream an XLSX sheet's rows straight from the sheet XML (zipfile + expat handlers, no
tree), as lists of cell texts.

openpyxl took about 15 s per 100,000 rows even read-only; this reads them in about 2 s,
and its own memory does not grow with the sheet. The sheet's dimension tag is never read:
rows are what the XML holds, with empty rows for gaps in row numbers (so row numbering
follows the file) and empty cells for gaps in column letters. Values are those openpyxl
gives with data_only=True (cached formula results, numbers as 5 or 2.5, dates as
2026-03-02 00:00:00), so either reader gives the same rows (tests/inventory/
test_xlsx_reader.py).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat

from cepn_screen.core.errors import InputError

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_ROW, MAX_COL = 1_048_576, 16_384  # the largest sheet Excel allows
_SMALL_PART = 50_000_000  # workbook.xml, rels, styles: parsed whole


class _Bad(Exception):
    """A workbook part that is not what it should be; read as 'cannot open'."""


def _parse_small(z: zipfile.ZipFile, name: str) -> ET.Element | None:
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _SMALL_PART:
        raise _Bad(name)
    return ET.fromstring(z.read(info))


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, member name) of a part."""
    folder, base = posixpath.split(part)
    root = _parse_small(z, posixpath.join(folder, "_rels", base + ".rels"))
    out = {}
    for rel in [] if root is None else root.iter(_PKG_REL + "Relationship"):
        target = rel.get("Target", "")
        name = (target.lstrip("/") if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target)))
        out[rel.get("Id", "")] = (rel.get("Type", ""), name)
    return out


class _Workbook:
    def __init__(self, z: zipfile.ZipFile):
        self.z = z
        top = _rels(z, "")
        self.part = next((n for t, n in top.values() if t.endswith("/officeDocument")),
                         "xl/workbook.xml")
        root = _parse_small(z, self.part)
        if root is None:
            raise _Bad(self.part)
        rels = _rels(z, self.part)
        self.sheets: dict[str, str | None] = {}  # name -> member (None: a chart sheet)
        for s in root.iter(_MAIN + "sheet"):
            kind, member = rels.get(s.get(_OFFICE_REL + "id", ""), ("", ""))
            self.sheets[s.get("name", "")] = member if kind.endswith("/worksheet") else None
        pr = root.find(_MAIN + "workbookPr")
        self.date1904 = pr is not None and pr.get("date1904", "") in ("1", "true")
        self.shared_part = next((n for t, n in rels.values()
                                 if t.endswith("/sharedStrings")), None)
        self.styles_part = next((n for t, n in rels.values() if t.endswith("/styles")), None)

    def shared_strings(self, max_chars: int, max_count: int,
                       max_elements: int) -> list[str]:
        """The shared strings (plain text and rich-text runs, not phonetic guides), read
        with expat so that an oversized one is refused before it is held whole."""
        if self.shared_part is None or self.shared_part not in self.z.namelist():
            return []
        out: list[str] = []
        names: dict[str, str] = {}
        text: list[str] = []
        state = {"t": False, "rph": 0, "size": 0, "elements": 0}

        def start(name, attrs):
            state["elements"] += 1
            if state["elements"] > max_elements:
                raise InputError(f"the shared strings hold more than {max_elements:,} XML "
                                 "elements")
            tag = _local(name, names)
            if tag == "si":
                text.clear()
                state["size"] = 0
            elif tag == "t":
                state["t"] = True
            elif tag == "rPh":
                state["rph"] += 1

        def chars(data):
            if state["t"] and not state["rph"]:
                state["size"] += len(data)
                if state["size"] > max_chars:
                    raise InputError(f"a cell holds more than {max_chars:,} characters")
                text.append(data)

        def end(name):
            tag = _local(name, names)
            if tag == "t":
                state["t"] = False
            elif tag == "rPh":
                state["rph"] -= 1
            elif tag == "si":
                out.append("".join(text))
                if len(out) > max_count:
                    raise InputError(f"the workbook holds more than {max_count:,} "
                                     "distinct texts")

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.CharacterDataHandler = chars
        with self.z.open(self.shared_part) as f:
            for _ in _parse(f, parser, []):
                pass
        return out

    def date_styles(self) -> tuple[set[int], set[int]]:
        """Indices of the cell styles that show numbers as dates, and as durations."""
        root = _parse_small(self.z, self.styles_part) if self.styles_part else None
        xfs = None if root is None else root.find(_MAIN + "cellXfs")
        if xfs is None:
            return set(), set()
        from openpyxl.styles.numbers import (
            BUILTIN_FORMATS,
            is_date_format,
            is_timedelta_format,
        )

        custom = {}
        numfmts = root.find(_MAIN + "numFmts")
        for n in [] if numfmts is None else numfmts.iter(_MAIN + "numFmt"):
            custom[n.get("numFmtId")] = n.get("formatCode")
        dates, durations = set(), set()
        for i, xf in enumerate(xfs.iter(_MAIN + "xf")):
            fid = xf.get("numFmtId", "0")
            fmt = custom.get(fid) or (BUILTIN_FORMATS.get(int(fid)) if fid.isdigit() else None)
            if is_date_format(fmt):
                dates.add(i)
            if is_timedelta_format(fmt):
                durations.add(i)
        return dates, durations


def _number(text: str) -> str:
    """A stored number as openpyxl + the table reader show it: 5, 2.5, 1000 for 1E3."""
    try:
        if "." in text or "E" in text or "e" in text:
            value = float(text)
            return str(int(value)) if value.is_integer() else str(value)
        return str(int(text))
    except (ValueError, OverflowError):
        return text


def _column(ref: str, cache: dict[str, int]) -> int:
    letters = ref.rstrip("0123456789")
    n = cache.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            if not "A" <= ch <= "Z":
                raise _Bad(f"cell reference {ref!r}")
            n = n * 26 + ord(ch) - 64
        if n == 0:
            raise _Bad(f"cell reference {ref!r}")
        cache[letters] = n
    return n


def iter_xlsx_rows(path: str | Path, sheet: str | None = None, *,
                   max_cell_chars: int = 10_000_000, max_strings: int = 5_000_000,
                   max_elements: int = 12_000_000) -> Iterator[list[str]]:
    """The rows of a sheet (the first worksheet by default) as cell texts, header first.
    Raises InputError (a workbook that cannot be opened, no such sheet, an oversized cell,
    too many XML elements, a row or column past Excel's limits)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            yield from _rows(z, path, sheet, max_cell_chars, max_strings, max_elements)
    except InputError as exc:
        if exc.file is None:
            exc.file = str(path)
        raise
    except (zipfile.BadZipFile, ET.ParseError, expat.ExpatError, _Bad, KeyError,
            ValueError, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputError(f"cannot open as an Excel workbook ({type(exc).__name__})",
                         file=str(path)) from None


def _rows(z, path: Path, sheet, max_cell_chars: int, max_strings: int, max_elements: int):
    wb = _Workbook(z)
    if sheet is not None:
        if sheet not in wb.sheets:
            raise InputError(f"no sheet named {sheet!r}; sheets: {', '.join(wb.sheets)}",
                             file=str(path))
        member = wb.sheets[sheet]
        if member is None:
            raise InputError(f"sheet {sheet!r} is a chart, not a table", file=str(path))
    else:
        member = next((m for m in wb.sheets.values() if m), None)
        if member is None:
            raise _Bad("no worksheet")
    shared = wb.shared_strings(max_cell_chars, max_strings, max_elements)
    dates, durations = wb.date_styles()
    sheet_xml = _Sheet(shared, dates, durations, wb.date1904, max_cell_chars, max_elements)
    last = 0
    with z.open(member) as f:
        for n, cells in sheet_xml.rows(f):
            while last + 1 < n:  # rows the XML skips are empty rows
                last += 1
                yield []
            last = n
            yield cells


def _local(name: str, cache: dict[str, str]) -> str:
    """An element's name without its namespace prefix ("x:c" and "c" alike)."""
    local = cache.get(name)
    if local is None:
        local = cache[name] = name.rpartition(":")[2]
    return local


def _parse(f, parser, pending: list) -> Iterator:
    """Feed a zip member to an expat parser in blocks; after each block, hand out what
    the handlers put in `pending`."""
    while True:
        block = f.read(1 << 16)
        parser.Parse(block, not block)
        if pending:
            yield from pending
            pending.clear()
        if not block:
            return


class _Sheet:
    """The expat handlers of a sheet: a little state machine, no tree, so memory stays
    flat whatever the XML holds; text is capped as it arrives."""

    def __init__(self, shared, dates, durations, date1904, max_chars, max_elements):
        self.shared, self.dates, self.durations = shared, dates, durations
        self.max_chars, self.max_elements = max_chars, max_elements
        self.from_excel = self.epoch = None
        if dates:
            from openpyxl.utils.datetime import (
                CALENDAR_MAC_1904,
                CALENDAR_WINDOWS_1900,
                from_excel,
            )

            self.from_excel = from_excel
            self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900

    def rows(self, f) -> Iterator[tuple[int, list[str]]]:
        pending: list[tuple[int, list[str]]] = []
        names: dict[str, str] = {}
        columns: dict[str, int] = {}
        state = {"row": 0, "col": 0}
        elements = [0]
        cells: list[str | None] = []
        text: list[str] = []
        size = [0]
        cell: dict = {}
        # Text counts in <v>, or in <t> of an inline string outside phonetic runs;
        # collect[0] says whether it counts now (kept up to date by start and end).
        where = {"v": False, "is": False, "t": False, "rph": 0}
        collect = [False]
        max_chars, max_elements = self.max_chars, self.max_elements

        def recount():
            collect[0] = where["v"] or (where["is"] and where["t"] and not where["rph"])

        def start(name, attrs):
            elements[0] += 1
            if elements[0] > max_elements:
                raise InputError(f"the sheet holds more than {max_elements:,} XML elements "
                                 "(cells, formatting); split the inventory into smaller "
                                 "files")
            tag = names.get(name) or _local(name, names)
            if tag == "c":
                ref = attrs.get("r")
                col = _column(ref, columns) if ref else state["col"] + 1
                if col > MAX_COL:
                    raise InputError(f"a cell lies past column XFD ({ref})")
                state["col"] = col
                cell.clear()
                cell.update(t=attrs.get("t", "n"), s=attrs.get("s"), v=None, text=False)
                text.clear()
                size[0] = 0
            elif tag == "v":
                where["v"] = collect[0] = True
                text.clear()
                size[0] = 0
            elif tag == "row":
                r = attrs.get("r")
                n = int(r) if r and r.isdigit() else 0
                if n <= state["row"]:  # no number, or out of order: the next row
                    n = state["row"] + 1
                if n > MAX_ROW:
                    raise InputError(f"row {n:,} lies past Excel's last row ({MAX_ROW:,})")
                state["row"], state["col"] = n, 0
                cells.clear()
            elif tag == "is":
                where["is"] = True
                cell["text"] = True
                recount()
            elif tag == "t":
                where["t"] = True
                recount()
            elif tag == "rPh":
                where["rph"] += 1
                recount()

        def chars(data):
            if collect[0]:
                size[0] += len(data)
                if size[0] > max_chars:
                    raise InputError(f"a cell holds more than {max_chars:,} characters")
                text.append(data)

        def end(name):
            tag = names.get(name) or _local(name, names)
            if tag == "c":
                value = self._value(cell)
                if value is not None:
                    col = state["col"]
                    if col > len(cells):
                        cells.extend([None] * (col - 1 - len(cells)))
                        cells.append(value)
                    else:
                        cells[col - 1] = value
            elif tag == "v":
                where["v"] = False
                recount()
                cell["v"] = "".join(text)
            elif tag == "t":
                where["t"] = False
                recount()
            elif tag == "is":
                where["is"] = False
                recount()
                cell["v"] = "".join(text)
            elif tag == "row":
                while cells and cells[-1] is None:
                    cells.pop()
                pending.append((state["row"], ["" if c is None else c for c in cells]))
                cells.clear()
            elif tag == "rPh":
                where["rph"] -= 1
                recount()

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        try:
            yield from _parse(f, parser, pending)
        except InputError as exc:
            if exc.row is None and "row" not in exc.message:
                exc.row = state["row"]
            raise

    def _value(self, cell: dict) -> str | None:
        """A cell's text as openpyxl (data_only) and the table reader give it."""
        kind, value = cell["t"], cell["v"]
        if kind == "inlineStr":
            return value if cell["text"] else None
        if not value:  # no <v>, or an empty one: no value (a formula never computed)
            return None
        if kind == "n":
            style = cell["s"]
            if style and style.isdigit() and int(style) in self.dates:
                return _date(value, self.epoch, int(style) in self.durations,
                             self.from_excel)
            return _number(value)
        if kind == "s":
            try:
                return self.shared[int(value)]
            except (IndexError, ValueError):
                raise _Bad(f"shared string {value}") from None
        if kind == "b":
            return str(value.strip() not in ("0", "false"))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            try:
                return str(from_ISO8601(value))
            except ValueError:
                return value
        return value  # "str" (a formula's text), "e" (#N/A, ...)


def _date(value: str, epoch, duration: bool, from_excel) -> str:
    try:
        return str(from_excel(float(value), epoch, timedelta=duration))
    except (OverflowError, ValueError):
        return "#VALUE!"  # openpyxl's reading of a date serial out of range
