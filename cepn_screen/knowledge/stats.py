"""Counts of what the knowledge base knows, per field and per source kind, and its gaps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cepn_screen.core.hazard_classes import PROFILE_CLASSES
from cepn_screen.core.models import ExposureLimit, current_year
from cepn_screen.knowledge.base import data_dir, is_partial, load_knowledge, read_records
from cepn_screen.knowledge.classifications import bundled, for_cas

LANGS = ("zh", "es", "id", "vi")
# What every substance must have (issue 3, acceptance 1); H-codes may be a sourced
# "not classified".
REQUIRED = ("cas", "smiles", "boiling_point", "classification")


@dataclass
class Stats:
    substances: int = 0
    fields: dict[str, int] = field(default_factory=dict)
    hazard_kinds: Counter = field(default_factory=Counter)  # rows per kind
    substances_by_best_kind: Counter = field(default_factory=Counter)
    partial_only: list[str] = field(default_factory=list)
    oel_agencies: Counter = field(default_factory=Counter)  # substances per agency
    oel_rows: Counter = field(default_factory=Counter)  # selectable limit rows per agency
    oel_stale: Counter = field(default_factory=Counter)  # stale limit rows per agency
    oel_stale_why: Counter = field(default_factory=Counter)  # stale rows per kind of reason
    oel_superseded: Counter = field(default_factory=Counter)  # superseded rows per agency
    # agency -> how many of the most used solvents have an 8-h TWA (not superseded)
    most_used_twa: Counter = field(default_factory=Counter)
    hansen_kinds: Counter = field(default_factory=Counter)
    lists: Counter = field(default_factory=Counter)
    synonyms: Counter = field(default_factory=Counter)  # rows per language
    most_used: int = 0
    most_used_missing: dict[str, list[str]] = field(default_factory=dict)  # lang -> CAS
    gaps: dict[str, list[str]] = field(default_factory=dict)  # required field -> CAS
    source_kinds: Counter = field(default_factory=Counter)
    # Bundled tables and what they add (issue 23)
    annex_entries: int = 0
    annex_cas: int = 0
    national_rows: Counter = field(default_factory=Counter)  # rows per authority
    with_source: Counter = field(default_factory=Counter)  # substances.csv CAS per source
    class_coverage: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    # class -> (substances with a code of it, assessed and not classified, not assessed)
    classified_any: int = 0  # substances.csv CAS with any classification, bundled included


# The order in which a substance's classification counts as best (for the per-substance tally).
KIND_ORDER = ("harmonised", "not_classified", "notified", "registration", "national", "sds")


def collect(root: Path | None = None) -> Stats:
    root = root or data_dir()
    t = {n: read_records(root / f"{n}.csv") for n in
         ("substances", "properties", "hazards", "oels", "hansen", "lists", "synonyms",
          "sources", "most_used")}
    st = Stats(substances=len(t["substances"]))
    cas_all = [r["cas"] for r in t["substances"]]
    props: dict[str, set[str]] = {}
    for r in t["properties"]:
        props.setdefault(r["property"], set()).add(r["cas"])
    hz: dict[str, list[dict]] = {}
    for r in t["hazards"]:
        hz.setdefault(r["cas"], []).append(r)
        st.hazard_kinds[r["kind"]] += 1
    for cas, rows in hz.items():
        kinds = {r["kind"] for r in rows}
        st.substances_by_best_kind[next(k for k in KIND_ORDER if k in kinds)] += 1
        if all(is_partial(r.get("note", "")) for r in rows):
            st.partial_only.append(cas)
    oel_by: dict[str, set[str]] = {}
    for r in t["oels"]:
        oel_by.setdefault(r["agency"], set()).add(r["cas"])
    st.oel_agencies = Counter({a: len(c) for a, c in oel_by.items()})
    year = current_year()
    top_set = {r["cas"] for r in t["most_used"]}
    twa_by: dict[str, set[str]] = {}
    for r in t["oels"]:
        e = ExposureLimit(r["agency"], r["limit_type"], 0.0, r["unit"], None,
                          int(r["year"]) if r.get("year", "").isdigit() else None,
                          r.get("source", ""), r.get("ref", ""), r.get("note", ""))
        if e.superseded:
            st.oel_superseded[e.agency] += 1
            continue
        st.oel_rows[e.agency] += 1
        why = e.stale_reason(year)
        if why:
            st.oel_stale[e.agency] += 1
            st.oel_stale_why["possibly superseded" if e.may_be_superseded else
                             "undated" if e.year is None else "older than 10 years"] += 1
        if e.limit_type == "TWA" and r["cas"] in top_set:
            twa_by.setdefault(e.agency, set()).add(r["cas"])
    st.most_used_twa = Counter({a: len(c) for a, c in twa_by.items()})
    st.hansen_kinds = Counter(r["kind"] for r in t["hansen"])
    st.lists = Counter({name: len({r["cas"] for r in t["lists"] if r["list"] == name})
                        for name in {r["list"] for r in t["lists"]}})
    st.synonyms = Counter(r["lang"] for r in t["synonyms"])
    st.source_kinds = Counter(r["kind"] for r in t["sources"])

    has = {
        "cas": {r["cas"] for r in t["substances"] if r["cas"]},
        "smiles": {r["cas"] for r in t["substances"] if r["smiles"]},
        "boiling_point": props.get("boiling_point_c", set()),
        "vapour_pressure_20c": props.get("vapour_pressure_kpa_20c", set()),
        "flash_point": props.get("flash_point_c", set()),
        "autoignition": props.get("autoignition_c", set()),
        "classification": set(hz),
        "euh019": {c for c, rows in hz.items()
                   if any("EUH019" in r["h_codes"].split(";") for r in rows)},
        "exposure_limit": {r["cas"] for r in t["oels"]},
        "hansen": {r["cas"] for r in t["hansen"]},
    }
    # A classification may come from the bundled tables (Annex VI, national lists).
    has["classification"] = set(hz) | _bundled_stats(st, root, cas_all)
    st.fields = {k: len(v & set(cas_all)) for k, v in has.items()}
    st.gaps = {k: [c for c in cas_all if c not in has[k]] for k in REQUIRED}

    names: dict[str, set[str]] = {}
    for r in t["synonyms"]:
        names.setdefault(r["cas"], set()).add(r["lang"])
    top = [r["cas"] for r in t["most_used"]]
    st.most_used = len(top)
    st.most_used_missing = {lang: [c for c in top if lang not in names.get(c, set())]
                            for lang in LANGS}
    return st


def _bundled_stats(st: Stats, root: Path, cas_all: list[str]) -> set[str]:
    """Coverage of the bundled classification tables, and per hazard class over the
    substances of substances.csv: how many hold a code of the class, how many were assessed
    by some source and found not classified, and how many nobody assessed."""
    kb = load_knowledge(root)
    b = bundled(root)
    st.annex_entries = b.annex_entries
    st.annex_cas = len(b.cas_numbers("annex") - {""})
    st.national_rows = Counter(r["authority"] for r in b.all_rows("national"))
    counts = {k: [0, 0, 0] for k in PROFILE_CLASSES}
    classified = set()
    for cas in cas_all:
        rows = for_cas(kb, cas)
        if rows:
            st.classified_any += 1
            classified.add(cas)
        for label in {r.authority or ("EU Annex VI" if r.origin == "clp_annex_vi.csv"
                                      else f"hazards.csv {r.kind}") for r in rows}:
            st.with_source[label] += 1
        for k in PROFILE_CLASSES:
            held = any(k in r.classes_of(c) for r in rows for c in r.h_codes)
            assessed = any(k in r.scope()[0] for r in rows)
            counts[k][0 if held else 1 if assessed else 2] += 1
    st.class_coverage = {k: tuple(v) for k, v in counts.items()}
    return classified


def render(st: Stats) -> list[str]:
    out = [f"substances: {st.substances}"]
    out += [f"  with {k.replace('_', ' ')}: {n}" for k, n in st.fields.items()]
    out.append("classification rows per kind: " + _fmt(st.hazard_kinds))
    out.append("substances by their best classification: " + _fmt(st.substances_by_best_kind))
    out.append(f"substances whose only classifications are partial: {len(st.partial_only)}")
    out.append("substances with an exposure limit, per agency: " + _fmt(st.oel_agencies))
    out.append("stale limit rows per agency (of rows held; older than 10 years, undated, or "
               "possibly superseded): " + ", ".join(
                   f"{a} {st.oel_stale[a]}/{n}" for a, n in sorted(st.oel_rows.items())))
    out.append("stale limit rows per reason: " + _fmt(st.oel_stale_why))
    if st.oel_superseded:
        out.append("superseded limit rows (never selected): " + _fmt(st.oel_superseded))
    out.append(f"most used ({st.most_used}) with an 8-h TWA, per agency: "
               + _fmt(st.most_used_twa))
    out.append("Hansen parameter sets: " + _fmt(st.hansen_kinds))
    out.append("list memberships (substances): " + _fmt(st.lists))
    out.append("names per language: " + _fmt(st.synonyms))
    out.append("sources per kind: " + _fmt(st.source_kinds))
    out.append(f"most used ({st.most_used}): local names missing: "
               + ", ".join(f"{lang} {len(c)}" for lang, c in st.most_used_missing.items()))
    out.append(f"bundled EU Annex VI: {st.annex_entries} entries, {st.annex_cas} CAS numbers; "
               "national classifications (rows): " + _fmt(st.national_rows))
    out.append(f"substances with any classification (bundled included): {st.classified_any}"
               f" of {st.substances}; per source: " + _fmt(st.with_source))
    out.append("per hazard class (substances: with a code / assessed, not classified / "
               "not assessed):")
    for k, (held, absent, unknown) in st.class_coverage.items():
        out.append(f"  {k}: {held} / {absent} / {unknown}")
    for req, cas in st.gaps.items():
        if cas:
            out.append(f"GAP no {req.replace('_', ' ')}: {', '.join(cas)}")
    return out


def _fmt(c: Counter) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
