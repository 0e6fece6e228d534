"""The curated knowledge base in data/: loaded once, read-only, indexed for lookups."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field, replace
from pathlib import Path

from cepn_screen.core.hazard_classes import (
    PROFILE_CLASSES,
    class_of_clp_abbreviation,
    classes_of_code,
    expand_classes,
)
from cepn_screen.core.models import ExposureLimit, Fact, Hansen
from cepn_screen.core.names import name_key

# The CHEM21 guide's source id: a chem21_flags.csv row citing it is the guide's own
# application of a criterion (deduced from its published score); any other source states it.
CHEM21_GUIDE = "chem21-prat-2016"

_PACKAGE = Path(__file__).resolve().parent.parent  # cepn_screen/


def data_dir() -> Path:
    """Where data/ is: inside the installed wheel (cepn_screen/_data), or at the top of a
    source checkout."""
    installed = _PACKAGE / "_data"
    return installed if installed.is_dir() else _PACKAGE.parent / "data"


EXAMPLES = {
    "default": "electronics_plant.csv",  # 31 rows: cleaning solvents of an assembly plant
    "full": "electronics_plant_full.csv",  # a whole plant: etchants, plating, flux, ...
}


def example_path(name: str = "default") -> Path:
    """The bundled example inventory `name` (`default` or `full`)."""
    try:
        return data_dir() / "examples" / EXAMPLES[name]
    except KeyError:
        raise ValueError(f"no example inventory {name!r}; choose one of "
                         f"{', '.join(EXAMPLES)}") from None


def rules_dir() -> Path:
    installed = _PACKAGE / "_rules"
    return installed if installed.is_dir() else _PACKAGE.parent / "rules"


@dataclass(frozen=True)
class SubstanceRecord:
    cas: str
    name: str
    family: str
    smiles: str
    inchikey: str
    identity_source: str
    note: str


@dataclass(frozen=True)
class Classification:
    h_codes: tuple[str, ...]
    kind: str  # harmonised | notified | registration | national | sds | not_classified
    source: str
    ref: str
    note: str
    # Hazard classes (core.hazard_classes keys) the source assessed, and those it assessed
    # and found nothing for; None: by the rule of the row's kind (see `scope`).
    assessed: frozenset[str] | None = None
    not_classified: frozenset[str] | None = None
    origin: str = "hazards.csv"  # hazards.csv | clp_annex_vi.csv | national... | pubchem
    group: str | None = None  # an Annex VI group entry's index number, matched by rule
    class_texts: tuple[str, ...] = ()  # Annex VI hazard class and category codes
    annex_notes: str = ""  # Annex VI notes (A, B, C, ... and the numbered ones)
    min_class: str = ""  # codes with a minimum-classification mark (H302*)
    atp: str = ""
    authority: str = ""  # JP-NITE | NZ-EPA | KR-NIER for the bundled national rows
    year: str = ""

    @property
    def partial(self) -> bool:
        return is_partial(self.note)

    @functools.cached_property  # asked for every code of the row, for every profile
    def _text_classes(self) -> frozenset[str]:
        return frozenset(k for t in self.class_texts
                         if (k := class_of_clp_abbreviation(t)) is not None)

    def classes_of(self, code: str) -> tuple[str, ...]:
        """The classes a code of this row stands for: a code two classes share (H271:
        oxidising liquid or solid) goes to the one the row's class texts name."""
        keys = tuple(k for x in code.split("+") for k in classes_of_code(x))
        if len(keys) > 1 and self.class_texts:
            named = tuple(k for k in keys if k in self._text_classes)
            return named or keys
        return keys

    def scope(self) -> tuple[frozenset[str], frozenset[str]]:
        """(classes assessed, classes assessed and not classified).

        - a bundled national row: its `assessed_classes` / `not_classified_classes`;
        - an EU harmonised entry covers only the classes it lists (CLP Art. 4(3)), and
          says nothing of the others;
        - an `INCOMPLETE` row and an ECHA notification summary cover the classes of
          their codes;
        - `not_classified`: every class assessed, none found;
        - any other curated row (national, registration, SDS) is a full classification:
          every class assessed, those without a code found absent."""
        if self.assessed is not None:
            return self.assessed, self.not_classified or frozenset()
        own = frozenset(k for c in self.h_codes for k in self.classes_of(c))
        if self.kind == "harmonised":
            return own | self._text_classes, frozenset()
        if self.partial or self.kind == "notified":
            return own, frozenset()
        every = frozenset(PROFILE_CLASSES)
        return every, every - own


def is_partial(note: str) -> bool:
    """A hazards.csv note that says its source assessed only some hazard classes: a missing
    code there says nothing."""
    return note.startswith("INCOMPLETE")


@dataclass
class KnowledgeBase:
    root: Path
    substances: dict[str, SubstanceRecord] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)  # name key -> CAS numbers
    local_names: dict[tuple[str, str], str] = field(default_factory=dict)  # (cas, lang)
    inchikeys: dict[str, str] = field(default_factory=dict)
    products: dict[str, list[dict]] = field(default_factory=dict)  # name key -> components
    product_names: dict[str, str] = field(default_factory=dict)  # name key -> display name
    properties: dict[str, dict[str, Fact]] = field(default_factory=dict)
    hazards: dict[str, list[Classification]] = field(default_factory=dict)
    oels: dict[str, list[ExposureLimit]] = field(default_factory=dict)
    hansen: dict[str, Hansen] = field(default_factory=dict)
    lists: dict[str, dict[str, Fact]] = field(default_factory=dict)
    # CHEM21 Safety criteria as the guide applied them (chem21_flags.csv): CAS ->
    # {static_accumulator | decomposition_energy_gt_500: Fact(True/False)}
    chem21_flags: dict[str, dict[str, Fact]] = field(default_factory=dict)
    h_statements: dict[str, dict[str, str]] = field(default_factory=dict)
    h_i18n: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    sources: dict[str, dict[str, str]] = field(default_factory=dict)

    def cas_for_name(self, text: str) -> set[str]:
        return self.names.get(name_key(text), set())

    def product(self, text: str) -> list[dict] | None:
        return self.products.get(name_key(text))


def read_records(path: Path) -> list[dict[str, str]]:
    """Rows of a data CSV; a missing file is an empty table (the KB grows file by file)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(f)]


NONE = "none"  # in properties.csv: the substance has no such property (not flammable)


def _float(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def load_knowledge(root: Path | None = None) -> KnowledgeBase:
    root = root or data_dir()
    kb = KnowledgeBase(root=root)
    for r in read_records(root / "substances.csv"):
        rec = SubstanceRecord(r["cas"], r["name"], r.get("family", ""), r.get("smiles", ""),
                              r.get("inchikey", ""), r.get("identity_source", ""),
                              r.get("note", ""))
        kb.substances[rec.cas] = rec
        kb.names.setdefault(name_key(rec.name), set()).add(rec.cas)
        if rec.inchikey:
            kb.inchikeys[rec.inchikey] = rec.cas
    for r in read_records(root / "synonyms.csv"):
        if r.get("cas") in kb.substances and r.get("synonym"):
            kb.names.setdefault(name_key(r["synonym"]), set()).add(r["cas"])
            if r.get("lang", "en") != "en":
                kb.local_names.setdefault((r["cas"], r["lang"]), r["synonym"])
    for r in read_records(root / "products.csv"):
        key = name_key(r.get("product"))
        if not key:
            continue
        kb.product_names.setdefault(key, r["product"])
        kb.products.setdefault(key, []).append({
            "cas": r.get("cas"),
            "fraction_min": _float(r.get("fraction_min", "")),
            "fraction_max": _float(r.get("fraction_max", "")),
            "source": r.get("source", ""),
        })
    for r in read_records(root / "properties.csv"):
        text = r.get("value", "")
        value = _float(text)
        if value is None and text.lower() != NONE:
            continue
        # value None with the row present: the property does not exist (no flash point).
        kb.properties.setdefault(r["cas"], {})[r["property"]] = Fact(
            value, r.get("source", ""), r.get("kind", ""), r.get("ref", ""))
    for r in read_records(root / "hazards.csv"):
        codes = tuple(c for c in r.get("h_codes", "").split(";") if c)
        row = Classification(codes, r.get("kind", ""), r.get("source", ""), r.get("ref", ""),
                             r.get("note", ""))
        scope = expand_classes(r.get("assessed_classes") or "")
        if scope:
            # A source that assessed only these classes (e.g. the health and environmental
            # statements of a summary): the others stay unknown, these without a code are
            # absent.
            held = {k for c in codes for k in row.classes_of(c)}
            row = replace(row, assessed=scope | held, not_classified=scope - held)
        kb.hazards.setdefault(r["cas"], []).append(row)
    for r in read_records(root / "oels.csv"):
        value = _float(r.get("value", ""))
        if value is None:
            continue
        skin = {"yes": True, "no": False}.get(r.get("skin", "").lower())
        year = r.get("year", "")
        kb.oels.setdefault(r["cas"], []).append(ExposureLimit(
            r.get("agency", ""), r.get("limit_type", ""), value, r.get("unit", ""), skin,
            int(year) if year.isdigit() else None, r.get("source", ""), r.get("ref", ""),
            r.get("note", "")))
    for r in read_records(root / "hansen.csv"):
        d, p, h = (_float(r.get(k, "")) for k in ("d", "p", "h"))
        if None not in (d, p, h) and r["cas"] not in kb.hansen:
            kb.hansen[r["cas"]] = Hansen(d, p, h, r.get("kind", ""), r.get("source", ""))
    for r in read_records(root / "chem21_flags.csv"):
        value = {"yes": True, "no": False}.get(r.get("value", "").lower())
        if value is not None and r.get("cas") and r.get("flag"):
            source = r.get("source", "")
            kb.chem21_flags.setdefault(r["cas"], {})[r["flag"]] = Fact(
                value, source, "deduced" if source == CHEM21_GUIDE else "stated",
                r.get("ref", ""))
    for r in read_records(root / "lists.csv"):
        kb.lists.setdefault(r["cas"], {})[r["list"]] = Fact(
            r.get("value", ""), r.get("source", ""), "list", r.get("ref", ""))
    for r in read_records(root / "h_statements.csv"):
        kb.h_statements[r["code"]] = r
    for r in read_records(root / "h_statements_i18n.csv"):
        kb.h_i18n[(r["code"], r["lang"])] = r
    for r in read_records(root / "sources.csv"):
        kb.sources[r["id"]] = r
    return kb


@functools.cache
def default_knowledge() -> KnowledgeBase:
    return load_knowledge()
