"""Load a chemical inventory (CSV in any common encoding and delimiter, or XLSX).

Every non-blank data row becomes one InventoryRow, in file order; a row that cannot be
parsed keeps its cells and carries problem codes, it is never dropped. Only problems with
the file as a whole (unreadable, empty, no identity column) raise InputError.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from cepn_screen.core.errors import InputError
from cepn_screen.core.models import Concentration, InventoryRow

# Canonical field -> header aliases (compared after header_key()). Languages beside English
# are those of the supplier template: Chinese, Spanish, Indonesian, Vietnamese.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "chemical", "chemical name", "substance", "substance name", "component",
             "component name", "ingredient", "ingredient name", "chemical substance",
             "名称", "化学品名称", "物质名称", "成分", "成分名称", "化学品", "组分",
             "nombre", "sustancia", "componente", "ingrediente", "nombre químico",
             "nama", "nama bahan kimia", "bahan kimia", "komponen", "nama zat",
             "tên", "tên hóa chất", "hóa chất", "thành phần", "tên chất"),
    "cas": ("cas", "cas no", "cas no.", "cas number", "casrn", "cas rn", "cas#", "cas #",
            "cas registry number", "cas号", "cas 号", "cas编号", "cas 编号", "número cas",
            "no cas", "nomor cas", "số cas", "mã cas"),
    "smiles": ("smiles",),
    "product": ("product", "product name", "trade name", "mixture", "产品", "产品名称",
                "商品名", "混合物", "producto", "nombre comercial", "mezcla", "produk",
                "nama produk", "nama dagang", "sản phẩm", "tên sản phẩm", "tên thương mại"),
    "concentration": ("concentration", "wt %", "wt%", "%", "percent", "% w/w", "weight %",
                      "conc", "conc.", "浓度", "含量", "含量%", "含量(%)", "浓度(%)",
                      "concentración", "concentracion", "% p/p", "konsentrasi", "kadar",
                      "nồng độ", "hàm lượng"),
    "quantity": ("quantity", "qty", "amount", "annual use", "usage", "用量", "数量", "年用量",
                 "cantidad", "consumo", "jumlah", "kuantitas", "số lượng", "lượng sử dụng"),
    "unit": ("unit", "units", "uom", "单位", "unidad", "satuan", "đơn vị"),
    "process": ("process", "use", "operation", "task", "application", "工序", "用途", "工艺",
                "proceso", "uso", "operación", "proses", "penggunaan", "quy trình",
                "công đoạn", "mục đích sử dụng"),
    "area": ("area", "line", "workstation", "location", "department", "区域", "车间", "产线",
             "工位", "área", "línea", "ubicación", "departamento", "lokasi", "lini",
             "departemen", "khu vực", "chuyền", "bộ phận", "vị trí"),
    "workers": ("workers", "workers exposed", "headcount", "接触人数", "人数", "作业人数",
                "trabajadores", "trabajadores expuestos", "pekerja", "jumlah pekerja",
                "công nhân", "số công nhân"),
    "id": ("id", "item", "item no.", "item no", "no.", "no", "序号", "编号", "número", "nº",
           "stt"),
    "process_temperature_c": ("process temperature", "process temperature c",
                              "process temperature (°c)", "temperature", "工作温度",
                              "temperatura", "suhu", "nhiệt độ"),
}


def _with_template_headers() -> None:
    from cepn_screen.inventory.template import header_aliases

    for field, names in header_aliases().items():
        HEADER_ALIASES[field] = HEADER_ALIASES.get(field, ()) + names


_with_template_headers()


def header_key(text: str) -> str:
    s = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    s = s.replace("\u00a0", " ").rstrip(":：").strip()
    return re.sub(r"\s+", " ", s)


_ALIAS_INDEX = {header_key(a): field for field, aliases in HEADER_ALIASES.items()
                for a in aliases}


def map_headers(headers: list[str]) -> dict[str, int]:
    """Canonical field -> column index; the first column wins when two map to one field."""
    mapping: dict[str, int] = {}
    for i, h in enumerate(headers):
        field = _ALIAS_INDEX.get(header_key(h))
        if field is None:
            # "CAS No. (Chemical Abstracts)" and similar: a recognisable first word.
            k = header_key(h)
            if k.startswith("cas"):
                field = "cas"
        if field and field not in mapping:
            mapping[field] = i
    return mapping


# ---------------------------------------------------------------- cell parsers

_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:-|–|—|~|～|to|a|à|hingga|sampai|đến)\s*"
                    r"(\d+(?:[.,]\d+)?)\s*%?\s*$", re.IGNORECASE)
_BOUND = re.compile(r"^\s*(<=|>=|≤|≥|<|>|＜|＞)\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")
_SINGLE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def parse_concentration(text: str | None) -> tuple[Concentration | None, str | None]:
    """`60-70`, `>95`, `<5`, `100`, `5%`, `2,5` -> a percent range; or a problem code."""
    if text is None or not str(text).strip():
        return None, None
    s = unicodedata.normalize("NFKC", str(text)).strip()
    low = high = None
    if m := _RANGE.match(s):
        low, high = _num(m.group(1)), _num(m.group(2))
        if low > high:
            low, high = high, low
    elif m := _BOUND.match(s):
        op, value = m.group(1), _num(m.group(2))
        if op in ("<", "<=", "≤", "＜"):
            low, high = 0.0, value
        else:
            low, high = value, 100.0
    elif m := _SINGLE.match(s):
        low = high = _num(m.group(1))
    else:
        return Concentration(None, None, s), "concentration_unparsed"
    if low < 0 or high > 100:
        return Concentration(low, high, s), "concentration_out_of_range"
    return Concentration(low, high, s), None


def parse_quantity(text: str | None) -> tuple[float | None, str | None]:
    if text is None or not str(text).strip():
        return None, None
    s = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d+,\d+", s):
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None, "quantity_unparsed"
    if value < 0 or value != value or value in (float("inf"),):
        return None, "quantity_out_of_range"
    return value, None


def parse_workers(text: str | None) -> tuple[int | None, str | None]:
    if text is None or not str(text).strip():
        return None, None
    try:
        value = float(str(text).strip())
    except ValueError:
        return None, "workers_unparsed"
    if value < 0 or value != int(value):
        return None, "workers_unparsed"
    return int(value), None


def parse_temperature(text: str | None) -> tuple[float | None, str | None]:
    if text is None or not str(text).strip():
        return None, None
    s = unicodedata.normalize("NFKC", str(text)).strip().replace("°C", "").replace("℃", "")
    try:
        value = float(s.strip().replace(",", "."))
    except ValueError:
        return None, "temperature_unparsed"
    if not -50 <= value <= 400:
        return None, "temperature_out_of_range"
    return value, None


# ---------------------------------------------------------------- file readers

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


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:g}" if value.is_integer() or abs(value) >= 1e-4 else repr(value)
    return str(value)


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


# ---------------------------------------------------------------- rows

def _find_header(table: list[list[str]]) -> int:
    """Index of the header row: the first of the first 10 rows that names an identity
    column (title lines above the header are common in exported inventories)."""
    for i, row in enumerate(table[:10]):
        fields = map_headers(row)
        if {"name", "cas", "smiles"} & fields.keys():
            return i
    return -1


def rows_from_table(table: list[list[str]], source: str = "<table>") -> list[InventoryRow]:
    if not any(any(str(c).strip() for c in r) for r in table):
        raise InputError("the file is empty", file=source)
    h = _find_header(table)
    if h < 0:
        first = next(r for r in table if any(str(c).strip() for c in r))
        shown = ", ".join(repr(c) for c in first[:8] if str(c).strip())
        raise InputError(
            "no name, CAS or SMILES column found (headers seen: "
            f"{shown}); name a column e.g. 'Chemical name' or 'CAS No.'", file=source, row=0)
    headers = [str(c).strip() for c in table[h]]
    # Blank or repeated headers still need distinct keys so no cell is lost.
    seen: dict[str, int] = {}
    keys = []
    for i, hd in enumerate(headers):
        k = hd or f"column_{i + 1}"
        if k in seen:
            seen[k] += 1
            k = f"{k} ({seen[k]})"
        else:
            seen[k] = 1
        keys.append(k)
    fields = map_headers(headers)
    rows: list[InventoryRow] = []
    for n, raw in enumerate(table[h + 1:], start=1):
        cells_list = [str(c) if c is not None else "" for c in raw]
        if not any(c.strip() for c in cells_list):
            continue  # blank line: not a data row
        problems: list[str] = []
        if len(cells_list) > len(keys):
            extra = cells_list[len(keys):]
            if any(c.strip() for c in extra):
                problems.append("extra_cells")
            cells = dict(zip(keys, cells_list, strict=False))
            for j, c in enumerate(extra, start=len(keys) + 1):
                if c.strip():
                    cells[f"column_{j}"] = c
        else:
            cells = dict(zip(keys, cells_list + [""] * (len(keys) - len(cells_list)),
                             strict=True))
            if len(cells_list) < len(keys):
                problems.append("missing_cells")

        def get(field: str, cells_list: list[str] = cells_list) -> str | None:
            i = fields.get(field)
            if i is None or i >= len(cells_list):
                return None
            v = cells_list[i].strip()
            return v or None

        conc, p = parse_concentration(get("concentration"))
        if p:
            problems.append(p)
        qty, p = parse_quantity(get("quantity"))
        if p:
            problems.append(p)
        workers, p = parse_workers(get("workers"))
        if p:
            problems.append(p)
        temp, p = parse_temperature(get("process_temperature_c"))
        if p:
            problems.append(p)
        rows.append(InventoryRow(
            row=n, id=get("id") or str(n), cells=cells, name=get("name"), cas=get("cas"),
            smiles=get("smiles"), product=get("product"), concentration=conc, quantity=qty,
            unit=get("unit"), process=get("process"), area=get("area"), workers=workers,
            process_temperature_c=temp, problems=problems))
    return rows


def load_inventory(path: str | Path, sheet: str | None = None) -> list[InventoryRow]:
    path = Path(path)
    return rows_from_table(read_table(path, sheet), source=str(path))
