"""A compact on-disk index of the offline compound database, built once into the cache.

Reading the `chemicals` TSV files costs ~1.5 s and ~300 MB in every run; this SQLite file
opens in milliseconds and answers a look-up with one indexed query. It holds what the tool
reads from that database: names, CAS numbers and InChIKeys pointing at compound records
(exactly the records `chemicals` would return, duplicates included), and the compiled
physical data the profiles use (per property, the first data set in `chemicals`' own order
that is not a prediction or crowd-sourced).

The file is named after the index format and the `chemicals` version, so an upgrade builds a
new one; it is written to a temporary name and renamed, so concurrent runs never read a
half-built index. Where nothing can be written, the caller falls back to the in-memory
database.
"""

from __future__ import annotations

import math
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from cepn_screen.core.paths import default_cache_dir

FORMAT = 2  # 2: molecular formulas of the compound records
# `chemicals` methods that are predictions or crowd-sourced, not compiled measurements.
NOT_DATA = frozenset({"JOBACK", "Joback", "Serat DIPPR (2017)", "WIKIDATA"})
# our property -> (chemicals module, name of its source dict, column, converter from SI)
PROPERTIES = {
    "boiling_point_c": ("phase_change", "Tb_sources", "Tb", "k_to_c"),
    "flash_point_c": ("safety", "Tflash_sources", "T_flash", "k_to_c"),
    "autoignition_c": ("safety", "Tautoignition_sources", "T_autoignition", "k_to_c"),
    "lel_pct": ("safety", "LFL_sources", "LFL", "frac_to_pct"),
    "uel_pct": ("safety", "UFL_sources", "UFL", "frac_to_pct"),
}
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE compounds (id INTEGER PRIMARY KEY, cas INTEGER, cid INTEGER, name TEXT,
                        smiles TEXT, inchikey TEXT);
CREATE TABLE names (key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE cas (cas INTEGER PRIMARY KEY, id INTEGER NOT NULL);
CREATE TABLE inchikeys (key TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE formulas (formula TEXT, id INTEGER NOT NULL, PRIMARY KEY (formula, id))
    WITHOUT ROWID;
CREATE TABLE props (cas INTEGER, prop TEXT, value REAL, method TEXT,
                    PRIMARY KEY (cas, prop)) WITHOUT ROWID;
"""


def cas_to_int(cas: str) -> int | None:
    digits = cas.replace("-", "").strip()
    return int(digits) if digits.isdigit() else None


def record_cas(meta) -> int | None:
    """The CAS number of a `chemicals` record as an integer (it stores ints, or text)."""
    return meta.CASs if isinstance(meta.CASs, int) else cas_to_int(str(meta.CASs))


def int_to_cas(n: int) -> str:
    s = str(n)
    return f"{s[:-3]}-{s[-3:-1]}-{s[-1]}"


def chemicals_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chemicals")
    except PackageNotFoundError:  # pragma: no cover - chemicals is a hard dependency
        return "unknown"


def index_dir() -> Path:
    env = os.environ.get("CEPN_INDEX_DIR")
    if env:
        return Path(env)
    return default_cache_dir()


def index_path(directory: Path | None = None) -> Path:
    name = f"offline-index-{FORMAT}-chemicals-{chemicals_version()}.sqlite"
    return (directory or index_dir()) / name


# ------------------------------------------------------------------------------- building
def compiled_properties() -> dict[str, dict[int, tuple[float, str]]]:
    """For every property: CAS (as an integer) -> (value in our unit, data set), taking the
    data sets in `chemicals`' own order and skipping predictions."""
    from chemicals import phase_change, safety

    phase_change._load_phase_change_constants()
    safety._load_safety_data()
    modules = {"phase_change": phase_change, "safety": safety}
    convert = {"k_to_c": lambda v: v - 273.15, "frac_to_pct": lambda v: v * 100}
    out: dict[str, dict[int, tuple[float, str]]] = {}
    for prop, (module, attr, column, conv) in PROPERTIES.items():
        found: dict[int, tuple[float, str]] = {}
        for method, df in getattr(modules[module], attr).items():
            if method in NOT_DATA or column not in df.columns:
                continue
            series = df[column]
            for key, value in zip(series.index, series.to_numpy(), strict=True):
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    continue
                # data sets index CAS numbers as text or as (numpy) integers
                n = cas_to_int(key) if isinstance(key, str) else int(key)
                if n is None or n in found:
                    continue
                found[n] = (round(convert[conv](float(value)), 2), method)
        out[prop] = found
    return out


def build(path: Path) -> Path:
    """Write the index to `path` (atomically). Returns the path."""
    from chemicals import identifiers

    db = identifiers.pubchem_db
    db.autoload_main_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        ids: dict[int, int] = {}  # id(record) -> row id

        def rowid(meta) -> int:
            key = id(meta)
            if key not in ids:
                ids[key] = len(ids) + 1
                compounds.append((ids[key], record_cas(meta), meta.pubchemid or None,
                                  meta.common_name, meta.smiles or "", meta.InChI_key or ""))
            return ids[key]

        compounds: list[tuple] = []
        names = [(k, rowid(m)) for k, m in db.name_index.items() if isinstance(k, str)]
        cas_rows = [(k, rowid(m)) for k, m in db.CAS_index.items() if isinstance(k, int)]
        keys = [(k, rowid(m)) for k, m in db.InChI_key_index.items() if k]
        formulas = sorted({(m.formula, rowid(m)) for k, m in db.CAS_index.items()
                           if isinstance(k, int) and m.formula})
        con.executemany("INSERT INTO compounds VALUES (?,?,?,?,?,?)", compounds)
        con.executemany("INSERT INTO names VALUES (?,?)", sorted(names))
        con.executemany("INSERT INTO cas VALUES (?,?)", sorted(cas_rows))
        con.executemany("INSERT INTO inchikeys VALUES (?,?)", sorted(keys))
        con.executemany("INSERT INTO formulas VALUES (?,?)", formulas)
        props = [(cas, prop, value, method)
                 for prop, found in compiled_properties().items()
                 for cas, (value, method) in found.items()]
        con.executemany("INSERT INTO props VALUES (?,?,?,?)", sorted(props))
        con.executemany("INSERT INTO meta VALUES (?,?)", [
            ("format", str(FORMAT)), ("chemicals", chemicals_version()),
            ("compounds", str(len(compounds))), ("names", str(len(names)))])
        con.commit()
    finally:
        con.close()
    os.replace(tmp, path)
    return path


# -------------------------------------------------------------------------------- reading
Record = tuple[str, str, str, str, int | None]  # cas, name, smiles, inchikey, cid


class OfflineIndex:
    """Read-only look-ups in a built index; one SQLite connection per thread."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        # A SQLite connection must not cross a fork: a forked worker opens its own.
        os.register_at_fork(after_in_child=self._forget_connections)
        self._con().execute("SELECT value FROM meta WHERE key = 'format'").fetchone()

    def _forget_connections(self) -> None:
        self._local = threading.local()

    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True,
                                  check_same_thread=False)
            self._local.con = con
        return con

    def _record(self, table: str, column: str, key) -> Record | None:
        row = self._con().execute(
            f"SELECT c.cas, c.name, c.smiles, c.inchikey, c.cid FROM {table} t "
            f"JOIN compounds c ON c.id = t.id WHERE t.{column} = ?", (key,)).fetchone()
        if row is None:
            return None
        return (int_to_cas(row[0]), row[1], row[2], row[3], row[4])

    def by_cas(self, cas: str | int) -> Record | None:
        n = cas if isinstance(cas, int) else cas_to_int(str(cas))
        return None if n is None else self._record("cas", "cas", n)

    def by_name(self, name: str) -> Record | None:
        return self._record("names", "key", name)

    def by_inchikey(self, key: str) -> Record | None:
        return self._record("inchikeys", "key", key)

    def by_formula(self, formula: str) -> list[Record]:
        """Every compound record with this formula (Hill order, as the database writes it),
        by CAS order."""
        rows = self._con().execute(
            "SELECT c.cas, c.name, c.smiles, c.inchikey, c.cid FROM formulas f "
            "JOIN compounds c ON c.id = f.id WHERE f.formula = ? ORDER BY c.cas", (formula,))
        return [(int_to_cas(r[0]), r[1], r[2], r[3], r[4]) for r in rows if r[0]]

    def properties(self, cas: str) -> dict[str, tuple[float, str]]:
        n = cas_to_int(cas)
        if n is None:
            return {}
        rows = self._con().execute("SELECT prop, value, method FROM props WHERE cas = ?", (n,))
        found = {prop: (value, method) for prop, value, method in rows}
        return {prop: found[prop] for prop in PROPERTIES if prop in found}

    def with_property(self, prop: str) -> Iterator[tuple[Record, float, str]]:
        """Every compound record that has a value of `prop`, with it (by CAS order)."""
        rows = self._con().execute(
            "SELECT c.cas, c.name, c.smiles, c.inchikey, c.cid, p.value, p.method "
            "FROM props p JOIN cas k ON k.cas = p.cas JOIN compounds c ON c.id = k.id "
            "WHERE p.prop = ? ORDER BY p.cas", (prop,))
        for cas, name, smiles, key, cid, value, method in rows:
            yield (int_to_cas(cas), name, smiles, key, cid), value, method

    def compounds(self, limit: int | None = None) -> list[Record]:
        """Compound records by CAS order (the ones a CAS look-up returns)."""
        sql = ("SELECT c.cas, c.name, c.smiles, c.inchikey, c.cid FROM cas k "
               "JOIN compounds c ON c.id = k.id ORDER BY k.cas")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [(int_to_cas(r[0]), r[1], r[2], r[3], r[4]) for r in self._con().execute(sql)]


def open_index(directory: Path | None = None, *,
               build_missing: bool = True) -> OfflineIndex | None:
    """The index, built first if missing (or unreadable); None if it cannot be built."""
    path = index_path(directory)
    for attempt in range(2):
        if path.exists():
            try:
                return OfflineIndex(path)
            except sqlite3.DatabaseError:
                if attempt:
                    return None
                path.unlink(missing_ok=True)  # corrupt or half-copied: build it again
        if not build_missing:
            return None
        # A first run builds the index (several seconds): say so, so a silent wait is
        # never mistaken for a hang.
        sys.stderr.write("cepn-screen: building the offline compound index (once, "
                         f"into {path.parent}) ...\n")
        sys.stderr.flush()
        try:
            build(path)
        except OSError:
            return None
    return None
