"""Read an input table (CSV in any common encoding and delimiter, XLSX or Parquet) as rows
of text cells, header first. Shared by the inventory, air-sampling and worker-report
loaders."""

from __future__ import annotations

import bisect
import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from cepn_screen.core.errors import InputError
from cepn_screen.inventory.xlsx_reader import iter_xlsx_rows

# Bounds on what an input may make the tool hold (about 1 GB of memory at most).
MAX_FILE_BYTES = 200_000_000  # a CSV file, or an XLSX's members once uncompressed
MAX_RATIO = 100  # an XLSX's uncompressed/compressed size, past MAX_RATIO_FROM bytes
MAX_RATIO_FROM = 10_000_000
MAX_CELL_CHARS = 10_000_000
# Non-blank rows: a full-height sheet (1,048,576 rows) would take many minutes to screen,
# so past this the reader stops and says so (blank rows are not counted, nor kept long).
MAX_ROWS = 100_000
# Outputs written row by row (CSV, JSON, JSON Lines) hold no row once it is written, so
# the reader allows more rows for them; the cell and XML element bounds scale with it, as
# they bound time there, not memory (see Limits). The file size bound stays.
MAX_STREAM_ROWS = 1_000_000
STREAM_SCALE = 10  # MAX_STREAM_ROWS / MAX_ROWS
# Cells held, rows x columns as read (a row's gaps and a short row's end count): 100,000
# rows of 50 columns. One cell in column XFD makes a row of 16,384 cells, and 1,000 such
# rows took gigabytes; a cell costs up to ~60 bytes held, and more once parsed.
MAX_CELLS = 5_000_000
MAX_STRINGS = 5_000_000  # an XLSX's distinct texts (shared strings), all held at once
# XML elements of one XLSX part (cells, values, formatting): each costs about a
# microsecond to parse, blank ones too, so this bounds the time a sheet can take.
MAX_XML_ELEMENTS = 12_000_000


class Limits:
    """The bounds one read applies, read from the module's constants when it starts (so a
    test can lower them). `streamed`: the rows are not all held (MAX_STREAM_ROWS), and the
    cell and XML element bounds, which then only bound time, scale with the row bound."""

    def __init__(self, streamed: bool = False):
        scale = STREAM_SCALE if streamed else 1
        self.rows = MAX_STREAM_ROWS if streamed else MAX_ROWS
        self.cells = int(MAX_CELLS * scale)
        self.xml_elements = int(MAX_XML_ELEMENTS * scale)


def _too_many_rows(path: Path, limits: Limits) -> InputError:
    return InputError(f"more than {limits.rows:,} non-blank rows; split the inventory into "
                      "smaller files", file=str(path))


def _too_many_cells(path: Path, row: int, limits: Limits) -> InputError:
    return InputError(f"more than {limits.cells:,} cells (rows x columns, empty ones "
                      "included); delete the unused columns or split the inventory",
                      file=str(path), row=row)


def _blank(row) -> bool:
    return not any(str(c).strip() for c in row)


def check_zip(path: Path) -> None:
    """Refuse a zip (XLSX) whose members would uncompress to more than MAX_FILE_BYTES, or
    at a suspicious ratio, before anything is decompressed (zip bombs). The sizes are
    those the zip directory declares; the reader below stops at them too."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader reports a damaged workbook ("cannot open")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_FILE_BYTES:
        raise InputError(f"the workbook uncompresses to {total:,} bytes; the limit is "
                         f"{MAX_FILE_BYTES:,}", file=str(path))
    if total > MAX_RATIO_FROM and total / packed > MAX_RATIO:
        raise InputError(f"the workbook is compressed {total // packed}-fold (a zip bomb?); "
                         f"the limit is {MAX_RATIO}", file=str(path))


def _decode(data: bytes, path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    """The text, and the character spans decoded with a fallback encoding (see below)."""
    text, spans = _decode_bytes(data, path)
    _check_text(text[:20000], path)
    return text, spans


def _check_text(sample: str, path: Path) -> None:
    """Refuse a file whose decoded start is mostly control or private-use characters."""
    odd = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r") or c == "\ufffd"
              or 0xE000 <= ord(c) <= 0xF8FF)
    if sample and odd / len(sample) > 0.01:
        raise InputError("not a text CSV file (binary content); save it as CSV or XLSX",
                         file=str(path))


def _utf8_throughout(path: Path) -> tuple[str, bool] | None:
    """("utf-8" or "utf-8-sig", whether it holds more than white space) when the file is
    valid UTF-8 from start to end, so that it can be read as a stream; None when it needs
    _decode's look at the whole of it (UTF-16, a fallback encoding, mixed lines, a PDF)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    filled = False
    with path.open("rb") as f:
        chunk = f.read(1 << 20)
        if chunk.startswith((b"%PDF", b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:4096]:
            return None
        encoding = "utf-8-sig" if chunk.startswith(b"\xef\xbb\xbf") else "utf-8"
        if encoding == "utf-8-sig":
            chunk = chunk[3:]
        while chunk:
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                return None
            filled = filled or not text.isspace() and bool(text)
            chunk = f.read(1 << 20)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return encoding, filled


def _decode_bytes(data: bytes, path: Path) -> tuple[str, list[tuple[int, int, str]]]:
    if data.startswith(b"%PDF"):
        raise InputError("this is a PDF, not an inventory; export the table as CSV or XLSX",
                         file=str(path))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), []
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM (some exports): NULs interleaved with ASCII.
        even_nuls = data[0:4096:2].count(0)
        odd_nuls = data[1:4096:2].count(0)
        half = len(data[:4096]) // 2
        if odd_nuls > 0.9 * half:
            return data.decode("utf-16-le", errors="replace"), []
        if even_nuls > 0.9 * half:
            return data.decode("utf-16-be", errors="replace"), []
        raise InputError("not a text CSV file (binary content); save it as CSV or XLSX",
                         file=str(path))
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    utf8 = [_is_utf8(line) for line in _lines(data)]
    try:  # the fallback: what the lines that are not UTF-8 all decode as
        for line, ok in zip(_lines(data), utf8, strict=True):
            if not ok:
                line.decode("gb18030")
        fallback = "gb18030"
    except UnicodeDecodeError:
        fallback = "cp1252"
    if not any(ok and not line.isascii() and _is_utf8_only(line, fallback)
               for line, ok in zip(_lines(data), utf8, strict=True)):
        return data.decode(fallback, errors="replace"), []  # one encoding throughout
    # Rows appended by another program: UTF-8 lines stay UTF-8, the others are read in the
    # fallback and their spans kept so that their rows are flagged (decoding the whole
    # file as GB18030 would turn the UTF-8 rows' Chinese into mojibake, unseen).
    pieces, spans, pos = [], [], 0
    for line, ok in zip(_lines(data), utf8, strict=True):
        if ok:
            piece = line.decode("utf-8")
        else:
            piece = line.decode(fallback, errors="replace")
            spans.append((pos, pos + len(piece), fallback))
        pieces.append(piece)
        pos += len(piece) + 1
    return "\n".join(pieces), spans


def _lines(data: bytes) -> Iterator[bytes]:
    """data.split(b"\n"), one line at a time (a list of them would double the memory)."""
    start = 0
    while (end := data.find(b"\n", start)) >= 0:
        yield data[start:end]
        start = end + 1
    yield data[start:]


def _is_utf8_only(line: bytes, fallback: str) -> bool:
    """Whether a UTF-8 line shows the file is mixed. A short GB18030 line may be valid
    UTF-8 by chance (C4 A3 is both), so against GB18030 only a line GB18030 cannot read
    counts; Windows-1252 text is hardly ever valid UTF-8 unless it is."""
    if fallback != "gb18030":
        return True
    try:
        line.decode("gb18030")
        return False
    except UnicodeDecodeError:
        return True


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:2_000_000].splitlines()[:20])  # not a copy of the whole text
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def read_parquet_table(path: Path) -> list[list[str]]:
    """A Parquet file as text cells (header first), as a CSV export of it would read."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading Parquet needs pyarrow: pip install 'cepn-screen[dask]'",
                         file=str(path)) from None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise InputError(f"not a readable Parquet file ({str(exc).splitlines()[0]})",
                         file=str(path)) from None
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    rows = [[_cell_text(col[i]) for col in columns] for i in range(table.num_rows)]
    return [list(table.column_names), *rows]


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def read_csv_table(path: Path, notes: dict[int, list[str]] | None = None
                   ) -> list[list[str]]:
    """The CSV's records; `notes` receives, by record index, `decoded_as:<encoding>` for
    records read in a fallback encoding in a file whose other lines are UTF-8."""
    return list(iter_csv_records(path, notes))


def iter_csv_records(path: Path, notes: dict[int, list[str]] | None = None,
                     limits: Limits | None = None) -> Iterator[list[str]]:
    """read_csv_table one record at a time. A file in UTF-8 throughout is read as a
    stream; another one's decoded text is held (its encoding, or its lines' encodings,
    are told from the whole of it). A record's note is in `notes` when it is yielded."""
    limits = limits or Limits()
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                         file=str(path))
    csv.field_size_limit(MAX_CELL_CHARS)
    utf8 = _utf8_throughout(path)
    spans: list[tuple[int, int, str]] = []
    consumed = [0]
    stream = None
    if utf8 is not None:
        # The usual file: read as a stream, never held whole (the text of a million rows
        # is about 80 MB, and its bytes as much again while decoding).
        encoding, has_text = utf8
        if not has_text:
            raise InputError("the file is empty", file=str(path))
        with path.open(encoding=encoding, newline="") as f:
            sample = f.read(2_000_000)
        _check_text(sample[:20000], path)
        delimiter = _sniff_delimiter(sample)
        del sample
        stream = path.open(encoding=encoding, newline="")
        records = csv.reader(stream, delimiter=delimiter)
    else:
        data = path.read_bytes()
        text, spans = _decode(data, path)
        del data
        if not text.strip():
            raise InputError("the file is empty", file=str(path))
        delimiter = _sniff_delimiter(text)

        def lines():  # csv reads whole lines, one record at a time: count what it took
            for m in _LINE.finditer(text):  # as io.StringIO(text, newline="") splits it,
                line = m.group()            # without a second copy of the text
                consumed[0] += len(line)
                yield line

        records = csv.reader(lines(), delimiter=delimiter)
    starts = [s for s, _, _ in spans]
    try:
        n = filled = cells = start = 0
        for r in records:
            if spans:
                end = consumed[0]
                i = bisect.bisect_right(starts, start) - 1  # a span begun before start
                i = i if i >= 0 and spans[i][1] > start else i + 1
                if i < len(spans) and spans[i][0] < end and notes is not None:
                    notes.setdefault(n, []).append(f"decoded_as:{spans[i][2]}")
                start = end
            n += 1
            cells += len(r)
            if cells > limits.cells:
                raise _too_many_cells(path, n, limits)
            if r and not _blank(r):
                filled += 1
                if filled > limits.rows + 1:  # + the header
                    raise _too_many_rows(path, limits)
            yield r
    except csv.Error as exc:
        raise InputError(f"cannot parse as CSV: {exc}", file=str(path)) from None
    finally:
        if stream is not None:
            stream.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_table(path: Path, sheet: str | None = None) -> list[list[str]]:
    """The sheet's rows as stored, streamed from the sheet XML (inventory/xlsx_reader.py):
    the sheet's dimension tag is not trusted (a 5 KB file may claim XFD1048576), and size
    limits apply."""
    return list(iter_xlsx_records(path, sheet))


def iter_xlsx_records(path: Path, sheet: str | None = None,
                      limits: Limits | None = None) -> Iterator[list[str]]:
    limits = limits or Limits()
    check_zip(path)
    n = filled = held = 0
    for cells in iter_xlsx_rows(path, sheet, max_cell_chars=MAX_CELL_CHARS,
                                max_strings=MAX_STRINGS, max_elements=limits.xml_elements):
        n += 1
        held += len(cells)
        if held > limits.cells:
            raise _too_many_cells(path, n, limits)
        if cells and not _blank(cells):
            filled += 1
            if filled > limits.rows + 1:  # + the header
                raise _too_many_rows(path, limits)
        yield cells


def read_table(path: Path, sheet: str | None = None,
               notes: dict[int, list[str]] | None = None) -> list[list[str]]:
    """The table's rows as text cells, header first. `notes`, when given, receives row
    flags by row index (a CSV row decoded in a fallback encoding)."""
    return list(iter_table(path, sheet, notes))


def iter_table(path: Path, sheet: str | None = None,
               notes: dict[int, list[str]] | None = None, *,
               streamed: bool = False) -> Iterator[list[str]]:
    """read_table one row at a time; `streamed` applies the bounds of a reader whose
    caller holds no row (Limits). The file's problems (missing, a folder, a PDF...) are
    raised before the first row."""
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a folder, not an inventory file", file=str(path))
    with path.open("rb") as f:
        magic = f.read(4)
    limits = Limits(streamed)
    if path.suffix.lower() in (".xlsx", ".xlsm") or magic == b"PK\x03\x04":
        return iter_xlsx_records(path, sheet, limits)
    if path.suffix.lower() == ".parquet" or magic == b"PAR1":
        return iter(read_parquet_table(path))
    if path.suffix.lower() == ".xls":
        raise InputError("old .xls workbooks are not supported; save as .xlsx or CSV",
                         file=str(path))
    return iter_csv_records(path, notes, limits)


def sheet_rows(table: list[list[str]], header: int):
    """(row number, cells) for each row below the header row `table[header]`. The row
    number is the one a spreadsheet shows (header and title rows counted, from 1): the
    readers above keep every row as stored, blank ones included, so table[i] is row i + 1.
    Every loader numbers its rows here."""
    return ((i + 1, table[i]) for i in range(header + 1, len(table)))
