"""The bundled classification tables, read offline: EU CLP Annex VI (clp_annex_vi.csv), its
group-entry matching rules (clp_groups.csv) and national government classifications
(national_classifications.csv), merged per CAS with the curated rows of hazards.csv.

Merging: a curated hazards.csv row wins over bundled rows of the same kind (a curated
harmonised row replaces the Annex VI entry for its CAS; curated national rows replace the
bundled national ones). Everything else is kept, and profile.hazards decides class by class.

Parsing ~12,000 CSV rows costs about 0.3 s per run, so the rows are kept in a small SQLite
file in the cache folder, named after a hash of the three files (a changed file builds a
new one), and read one CAS at a time. It is opened only when a classification is first
asked for (never at start-up); where nothing can be written it is built in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cepn_screen.core.hazard_classes import INHALATION_FORMS, profile_classes
from cepn_screen.core.hcodes import H_CODE
from cepn_screen.knowledge.base import Classification, KnowledgeBase, read_records
from cepn_screen.knowledge.offline_index import index_dir

FORMAT = 2
FILES = ("clp_annex_vi.csv", "clp_groups.csv", "national_classifications.csv")
ANNEX_SOURCE = "clp-annex-vi"
_NOT_APPLICABLE = re.compile(r"not applicable \(分類対象外\): ([a-z_;]+)")


@dataclass(frozen=True)
class GroupRule:
    """How a substance is matched to one Annex VI group entry (clp_groups.csv)."""

    index_no: str
    name: str
    match: str  # element | smarts | element+oxidation_state
    pattern: str
    description: str
    h_codes: tuple[str, ...]
    notes: str
    source: str
    ref: str


_CACHE: dict[str, Bundled] = {}


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c for c in (x.strip() for x in text.split(";")) if c and H_CODE.match(c))


def _split(text: str) -> frozenset[str]:
    return frozenset(x for x in text.split(";") if x)


class Bundled:
    """The tables in a small SQLite file (one indexed query per CAS): a CAS's rows become
    Classification objects when that CAS is first asked for."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self._made: dict = {}
        meta = dict(con.execute("SELECT key, value FROM meta"))
        self.columns = {t: tuple(json.loads(meta[t])) for t in ("annex", "national", "groups")}
        self.annex_entries = int(meta["annex_entries"])

    def _rows(self, table: str, cas: str) -> list[dict[str, str]]:
        cols = self.columns[table]
        return [dict(zip(cols, json.loads(r), strict=True)) for (r,) in self.con.execute(
            f"SELECT row FROM {table} WHERE cas = ? ORDER BY n", (cas,))]

    def annex_rows(self, cas: str) -> list[Classification]:
        key = ("a", cas)
        if key not in self._made:
            self._made[key] = [_annex_row(r) for r in self._rows("annex", cas)]
        return self._made[key]

    def national_rows(self, cas: str) -> list[Classification]:
        key = ("n", cas)
        if key not in self._made:
            self._made[key] = [_national_row(r) for r in self._rows("national", cas)]
        return self._made[key]

    def group_rules(self) -> list[GroupRule]:
        if "g" not in self._made:
            cols = self.columns["groups"]
            self._made["g"] = [_group_rule(dict(zip(cols, json.loads(r), strict=True)))
                               for (r,) in self.con.execute("SELECT row FROM groups ORDER BY n")]
        return self._made["g"]

    def all_rows(self, table: str) -> list[dict[str, str]]:
        """Every row of a table (for statistics and checks), in file order."""
        cols = self.columns[table]
        seen, out = set(), []
        for n, r in self.con.execute(f"SELECT n, row FROM {table} ORDER BY n"):
            if n not in seen:  # an Annex VI entry with several CAS numbers is stored per CAS
                seen.add(n)
                out.append(dict(zip(cols, json.loads(r), strict=True)))
        return out

    def cas_numbers(self, table: str) -> set[str]:
        return {c for (c,) in self.con.execute(f"SELECT DISTINCT cas FROM {table}")}


def _annex_row(r: dict[str, str]) -> Classification:
    codes = _codes(r.get("h_codes", "")) + tuple(
        c for c in _codes(r.get("suppl_h_codes", "")) if c not in r.get("h_codes", ""))
    notes = r.get("notes", "")
    text = [f"EU CLP Annex VI index {r['index_no']} ({r.get('atp', '')})"]
    if notes:
        text.append(f"Annex VI note(s) {notes.replace(';', ', ')}")
    if r.get("min_class"):
        text.append(f"minimum classification {r['min_class'].replace(';', ', ')}")
    if r.get("scl"):
        text.append(f"SCL {r['scl']}")
    if r.get("m_factors"):
        text.append(f"M-factor {r['m_factors']}")
    return Classification(
        codes, "harmonised", r.get("source") or ANNEX_SOURCE,
        f"index {r['index_no']}", "; ".join(text), origin="clp_annex_vi.csv",
        class_texts=tuple(t.replace("*", "").strip()
                          for t in r.get("hazard_classes", "").split(";") if t.strip()),
        annex_notes=notes, min_class=r.get("min_class", ""), atp=r.get("atp", ""))


def _national_row(r: dict[str, str]) -> Classification:
    """A national row's scope in profile classes. A class the authority declared not
    applicable (Japan: 分類対象外, e.g. flammable liquid for a solid) is a statement that the
    substance is not in that class, so it counts as assessed and not classified. Inhalation
    toxicity, assessed per form in Japan, is known for the profile only when every form is
    assessed or not applicable (one classified form makes it present)."""
    assessed_src = _split(r.get("assessed_classes", ""))
    absent_src = _split(r.get("not_classified_classes", ""))
    m = _NOT_APPLICABLE.search(r.get("note", ""))
    not_applicable = _split(m.group(1)) if m else frozenset()
    absent_src |= not_applicable
    assessed_src |= not_applicable
    assessed: set[str] = set()
    absent: set[str] = set()
    for key in assessed_src:
        if key in INHALATION_FORMS:
            continue
        assessed.update(profile_classes(key))
        if key in absent_src:
            absent.update(profile_classes(key))
    forms = [f for f in INHALATION_FORMS if f in assessed_src]
    if any(f not in absent_src for f in forms) or "acute_inh" in assessed_src:
        assessed.add("acute_inh")  # a form classified (or NZ/KR's formless key)
    elif len(forms) == len(INHALATION_FORMS):
        assessed.add("acute_inh")
        absent.add("acute_inh")
    absent &= assessed
    return Classification(
        _codes(r.get("h_codes", "")), "national", r.get("source", ""),
        r.get("ref", ""), r.get("note", ""), assessed=frozenset(assessed),
        not_classified=frozenset(absent), origin="national_classifications.csv",
        authority=r.get("authority", ""), year=r.get("year", ""))


def _group_rule(r: dict[str, str]) -> GroupRule:
    return GroupRule(r["index_no"], r.get("annex_vi_name", ""), r.get("match", ""),
                     r.get("pattern", ""), r.get("description", ""),
                     _codes(r.get("h_codes", "")), r.get("notes", ""), r.get("source", ""),
                     r.get("ref", ""))


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE annex (cas TEXT, n INTEGER, row TEXT);
CREATE TABLE national (cas TEXT, n INTEGER, row TEXT);
CREATE TABLE groups (cas TEXT, n INTEGER, row TEXT);
"""


def build(root: Path, con: sqlite3.Connection) -> None:
    """Fill an empty database from the three CSV files."""
    con.executescript(SCHEMA)
    meta = {}
    for table, name in (("annex", "clp_annex_vi.csv"), ("national",
                         "national_classifications.csv"), ("groups", "clp_groups.csv")):
        rows = read_records(root / name)
        cols = tuple(rows[0]) if rows else ("cas",)
        meta[table] = json.dumps(cols)
        if table == "annex":
            meta["annex_entries"] = str(len(rows))
        out = []
        for n, r in enumerate(rows):
            text = json.dumps([r.get(c, "") for c in cols], ensure_ascii=False)
            cas_list = [c.strip() for c in r.get("cas", "").split(";") if c.strip()] or [""]
            out += [(cas, n, text) for cas in cas_list]
        con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)", out)
    for table in ("annex", "national"):
        con.execute(f"CREATE INDEX {table}_cas ON {table} (cas)")
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.commit()


def _digest(root: Path) -> str:
    h = hashlib.sha256(str(FORMAT).encode())
    for name in FILES:
        p = root / name
        h.update(name.encode())
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def bundled(root: Path) -> Bundled:
    """The bundled tables of a data folder, opened once per process: an SQLite file in the
    cache folder named after the files' hash (written to a temporary name and renamed, so
    concurrent runs never read half a file); in memory where nothing can be written."""
    key = str(root)
    if key in _CACHE:
        return _CACHE[key]
    path = index_dir() / f"hazard-tables-{_digest(root)}.sqlite"
    con = None
    if path.exists():
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            con.execute("SELECT 1 FROM meta LIMIT 1")
        except sqlite3.Error:
            con = None
    if con is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            os.close(fd)
            new = sqlite3.connect(tmp)
            build(root, new)
            new.close()
            os.replace(tmp, path)
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        except (OSError, sqlite3.Error):
            con = sqlite3.connect(":memory:", check_same_thread=False)
            build(root, con)
    b = _CACHE[key] = Bundled(con)
    return b


def for_cas(kb: KnowledgeBase, cas: str | None) -> list[Classification]:
    """Every classification of a CAS: curated rows, then the Annex VI entry unless a
    curated harmonised row exists, then national rows unless curated national ones do."""
    if not cas:
        return []
    curated = list(kb.hazards.get(cas, []))
    kinds = {r.kind for r in curated}
    b = bundled(kb.root)
    out = curated
    if "harmonised" not in kinds:
        out += b.annex_rows(cas)
    if "national" not in kinds:
        out += b.national_rows(cas)
    return out


def group_rules(kb: KnowledgeBase) -> list[GroupRule]:
    return bundled(kb.root).group_rules()
