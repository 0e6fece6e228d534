"""Read an input table (CSV in any common encoding and delimiter, XLSX or Parquet) as rows
of text cells, header first. Shared by the inventory, air-sampling and worker-report
loaders."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cepn_screen.core.errors import InputError


def _decode(data: bytes, path: Path) -> str:
    text = _decode_bytes(data, path)
    sample = text[:20000]
    odd = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r") or c == "\ufffd"
              or 0xE000 <= ord(c) <= 0xF8FF)
    if sample and odd / len(sample) > 0.01:
        raise InputError("not a text CSV file (binary content); save it as CSV or XLSX",
                         file=str(path))
    return text


def _decode_bytes(data: bytes, path: Path) -> str:
    if data.startswith(b"%PDF"):
        raise InputError("this is a PDF, not an inventory; export the table as CSV or XLSX",
                         file=str(path))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM (some exports): NULs interleaved with ASCII.
        even_nuls = data[0:4096:2].count(0)
        odd_nuls = data[1:4096:2].count(0)
        half = len(data[:4096]) // 2
        if odd_nuls > 0.9 * half:
            return data.decode("utf-16-le", errors="replace")
        if even_nuls > 0.9 * half:
            return data.decode("utf-16-be", errors="replace")
        raise InputError("not a text CSV file (binary content); save it as CSV or XLSX",
                         file=str(path))
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
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


def read_csv_table(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    text = _decode(data, path)
    if not text.strip():
        raise InputError("the file is empty", file=str(path))
    delimiter = _sniff_delimiter(text)
    csv.field_size_limit(10_000_000)
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError(f"cannot parse as CSV: {exc}", file=str(path)) from None


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_table(path: Path, sheet: str | None = None) -> list[list[str]]:
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InputError(f"cannot open as an Excel workbook ({type(exc).__name__})",
                         file=str(path)) from None
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise InputError(f"no sheet named {sheet!r}; sheets: {', '.join(wb.sheetnames)}",
                                 file=str(path))
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        return [[_cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def read_table(path: Path, sheet: str | None = None) -> list[list[str]]:
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a folder, not an inventory file", file=str(path))
    with path.open("rb") as f:
        magic = f.read(4)
    if path.suffix.lower() in (".xlsx", ".xlsm") or magic == b"PK\x03\x04":
        return read_xlsx_table(path, sheet)
    if path.suffix.lower() == ".parquet" or magic == b"PAR1":
        return read_parquet_table(path)
    if path.suffix.lower() == ".xls":
        raise InputError("old .xls workbooks are not supported; save as .xlsx or CSV",
                         file=str(path))
    return read_csv_table(path)
