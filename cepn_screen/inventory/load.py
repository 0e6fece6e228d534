"""Load a chemical inventory (CSV in any common encoding and delimiter, or XLSX).

Every non-blank data row becomes one InventoryRow, in file order; a row that cannot be
parsed keeps its cells and carries problem codes, it is never dropped. Only problems with
the file as a whole (unreadable, empty, no identity column) raise InputError.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from cepn_screen.core.errors import InputError
from cepn_screen.core.gcmode import relaxed_gc
from cepn_screen.core.models import Concentration, InventoryRow
from cepn_screen.inventory.read import iter_table
from cepn_screen.inventory.vocabulary import country_code, header_columns, map_headers

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
    if not (math.isfinite(low) and math.isfinite(high)):
        # 100,000 digits parse to infinity: not a number anyone meant.
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
    if not math.isfinite(value):
        return None, "quantity_unparsed"
    if value < 0:
        return None, "quantity_out_of_range"
    return value, None


def parse_workers(text: str | None) -> tuple[int | None, str | None]:
    if text is None or not str(text).strip():
        return None, None
    try:
        value = float(str(text).strip())
    except ValueError:
        return None, "workers_unparsed"
    if not math.isfinite(value) or value < 0 or value != int(value):
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
    if not math.isfinite(value):
        return None, "temperature_unparsed"
    if not -50 <= value <= 400:
        return None, "temperature_out_of_range"
    return value, None


# ---------------------------------------------------------------- rows

def _find_header(table: list[list[str]]) -> int:
    """Index of the header row: the first of the first 10 rows that names an identity
    column (title lines above the header are common in exported inventories)."""
    for i, row in enumerate(table[:10]):
        fields = map_headers(row)
        if {"name", "cas", "smiles"} & fields.keys():
            return i
    return -1


def rows_from_table(table: list[list[str]], source: str = "<table>",
                    notes: dict[int, list[str]] | None = None) -> list[InventoryRow]:
    """One InventoryRow per non-blank data row; `notes` (by table index) are row flags
    the reader found (read_table)."""
    return list(iter_rows(table, source, notes))


def _header_or_error(it, source: str) -> tuple[list[list[str]], int]:
    """The rows read up to the header (at most 10) and the header's index in them."""
    head: list[list[str]] = []
    for rec in it:
        head.append(rec)
        if len(head) == 10:
            break
    h = _find_header(head)
    if h >= 0:
        return head, h
    at = next((i for i, r in enumerate(head) if _filled(r)), None)
    row = head[at] if at is not None else None
    if at is None:  # the first non-blank row may come later
        at, row = next(((i, r) for i, r in enumerate(it, start=len(head)) if _filled(r)),
                       (None, None))
        if at is None:
            raise InputError("the file is empty", file=source)
    shown = ", ".join(repr(c) for c in row[:8] if str(c).strip())
    raise InputError(
        "no name, CAS or SMILES column found in the first 10 rows (headers seen: "
        f"{shown}); name a column e.g. 'Chemical name' or 'CAS No.'", file=source,
        row=at + 1)


def _filled(r) -> bool:
    return any(str(c).strip() for c in r)


def iter_rows(records, source: str = "<table>",
              notes: dict[int, list[str]] | None = None) -> Iterator[InventoryRow]:
    """rows_from_table one row at a time, from any iterable of records (a reader's
    generator included: a record's notes must be in `notes` once it is yielded)."""
    it = iter(records)
    head, h = _header_or_error(it, source)
    headers = [str(c).strip() for c in head[h]]
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
    fields = header_columns(headers)
    single = {f: cols[0] for f, cols in fields.items()} \
        if all(len(cols) == 1 for cols in fields.values()) else None
    notes = notes if notes is not None else {}
    for n, raw in _numbered(head, h, it):
        cells_list = [str(c) if c is not None else "" for c in raw]
        if not any(c.strip() for c in cells_list):
            continue  # blank line: not a data row
        problems: list[str] = list(notes.pop(n - 1, ()))  # n - 1: the record's index
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

        if single is not None:  # one column a field: no lookup can flag the row
            width = len(cells_list)
            get = {f: (cells_list[i].strip() or None) if i < width else None
                   for f, i in single.items()}.get
        else:
            got: dict[str, str | None] = {}

            def get(field: str, cells_list=cells_list, problems=problems, got=got):
                # Looked up lazily, in this order, so a row's problem codes keep their
                # order.
                if field not in got:
                    cols = fields.get(field)
                    got[field] = _field_value(cols, cells_list, keys, problems) \
                        if cols else None
                return got[field]

        conc, p = _concentration(get("concentration"))
        if p:
            problems.append(p)
        qty, p = _quantity(get("quantity"))
        if p:
            problems.append(p)
        workers, p = _workers(get("workers"))
        if p:
            problems.append(p)
        temp, p = _temperature(get("process_temperature_c"))
        if p:
            problems.append(p)
        country = _country(get("country"))
        if get("country") and country is None:
            problems.append("country_unknown")
        yield InventoryRow(
            row=n, id=get("id") or str(n), cells=cells, name=get("name"), cas=get("cas"),
            smiles=get("smiles"), product=get("product"), concentration=conc, quantity=qty,
            unit=get("unit"), process=get("process"), area=get("area"), workers=workers,
            process_temperature_c=temp, country=country, problems=problems)


def _numbered(head: list[list[str]], h: int, rest):
    """(row number, cells) below the header, numbered as sheet_rows numbers them (the
    spreadsheet's row: record index + 1)."""
    for i in range(h + 1, len(head)):
        yield i + 1, head[i]
    for i, rec in enumerate(rest, start=len(head)):
        yield i + 1, rec


def _field_value(cols: list[int], cells_list: list[str], keys: list[str],
                 problems: list[str]) -> str | None:
    """The field's first non-empty cell. Where two columns name the field, a value that
    only the later one holds, or two values that differ, flag the row (naming both
    columns): the value is used, the other never dropped unseen."""
    if len(cols) == 1:  # the usual case, kept cheap: it runs for every cell of every row
        i = cols[0]
        v = cells_list[i].strip() if i < len(cells_list) else ""
        return v or None
    values = [(i, cells_list[i].strip()) for i in cols
              if i < len(cells_list) and cells_list[i].strip()]
    if not values:
        return None
    i, v = values[0]
    if i != cols[0] or any(w != v for _, w in values[1:]):
        code = "duplicate_header:" + " / ".join(keys[j] for j in cols)
        if code not in problems:
            problems.append(code)
    return v


# Cell texts repeat down an inventory (the same "100", "L/month", "CN"): each is parsed
# once. The parsers are pure and their results immutable, so rows may share them.
_concentration = functools.lru_cache(maxsize=4096)(parse_concentration)
_quantity = functools.lru_cache(maxsize=4096)(parse_quantity)
_workers = functools.lru_cache(maxsize=1024)(parse_workers)
_temperature = functools.lru_cache(maxsize=1024)(parse_temperature)
_country = functools.lru_cache(maxsize=256)(country_code)


@relaxed_gc
def load_inventory(path: str | Path, sheet: str | None = None) -> list[InventoryRow]:
    return list(iter_inventory(path, sheet))


def iter_inventory(path: str | Path, sheet: str | None = None, *,
                   streamed: bool = False) -> Iterator[InventoryRow]:
    """The inventory's rows one at a time, as load_inventory gives them; with `streamed`,
    under the bounds of a caller that holds no row (read.Limits). The file's own problems
    are raised here, the rows' as they are reached."""
    path = Path(path)
    notes: dict[int, list[str]] = {}
    return iter_rows(iter_table(path, sheet, notes, streamed=streamed), source=str(path),
                     notes=notes)
