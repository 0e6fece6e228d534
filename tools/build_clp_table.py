#!/usr/bin/env python3
"""Build data/clp_annex_vi.csv: the EU CLP harmonised classifications in the project's format.

Input:  ../shared/reference/eu_clp_annex_vi_atp13.csv (Annex VI Part 3 Table 3 of Regulation
        (EC) No 1272/2008 up to the 13th ATP, one row per index number; multi-valued cells
        joined with ';').  The path can be given with --reference.
        data/clp_atp_updates.csv (entries changed or added by the 14th and later ATPs, each
        row read in an amending regulation or a report of it and cited there).
Output: data/clp_annex_vi.csv, one row per Annex VI entry, columns

    index_no        Annex VI index number (e.g. 601-037-00-0)
    name            the entry's chemical name as in the table
    ec_no           EC numbers, ';'-joined (bracketed [1] [2] markers removed)
    cas             CAS numbers, ';'-joined; empty for entries without CAS (group entries)
    hazard_classes  class and category codes as in the table, ';'-joined (asterisks kept)
    h_codes         normalised classification codes (organ / route text and asterisks
                    removed, e.g. 'H373 (kidney) **' -> 'H373'), ';'-joined, order as in table
    min_class       the codes that carry CLP's minimum-classification marks, written with
                    the mark, e.g. 'H302*;H373**;H361f***' (Annex VI 1.2.1)
    suppl_h_codes   EUH statements
    scl             specific concentration limits, as text, ';'-joined
    m_factors       M-factors as text ('M=10'), ';'-joined (acute first, then chronic when
                    the table gives two)
    ate             acute toxicity estimates as text
    notes           Annex VI notes (A ... W and the numbered labelling notes), ';'-joined
    atp             the act that last changed the entry: CLP00 (original), ATP01, ATP01corr
                    (corrigendum), ... ATP13, or a later ATP applied from clp_atp_updates.csv
    group           'yes' for group entries (no CAS and no EC, or 'compounds' / 'salts' /
                    'esters' of ... wording); see data/clp_groups.csv for matching rules
    source          sources.csv id (clp-annex-vi, or the amending ATP's id)
    ref             'EU CLP Annex VI (harmonised), index number ..., ATP ...'
    check           problems found while converting (bad CAS check digit, H-code not in
                    data/h_statements.csv, placeholder '****' in the table); empty if none

The script reports the checks on stderr and exits 1 when the row count differs from the
reference's.  Usage:  python tools/build_clp_table.py [--reference PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared/reference/ next to the checkout (or one level further up for a worktree)
DEFAULT_REF = next(
    (
        p / "shared" / "reference" / "eu_clp_annex_vi_atp13.csv"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "reference" / "eu_clp_annex_vi_atp13.csv").exists()
    ),
    ROOT.parent / "shared" / "reference" / "eu_clp_annex_vi_atp13.csv",
)
H_STATEMENTS = ROOT / "data" / "h_statements.csv"
UPDATES = ROOT / "data" / "clp_atp_updates.csv"
OUTPUT = ROOT / "data" / "clp_annex_vi.csv"
COLUMNS = [
    "index_no",
    "name",
    "ec_no",
    "cas",
    "hazard_classes",
    "h_codes",
    "min_class",
    "suppl_h_codes",
    "scl",
    "m_factors",
    "ate",
    "notes",
    "atp",
    "group",
    "source",
    "ref",
    "check",
]

CODE = re.compile(r"^(EUH\d{3}[A-Za-z]?|H\d{3}[A-Za-z]*)")
MARK = re.compile(r"(\*{1,3})\s*$")
GROUP_WORDS = re.compile(r"\b(compounds|salts|esters)\b", re.I)
BLANK = {"", "-", "—", "–", "_"}


def cas_ok(cas: str) -> bool:
    m = re.fullmatch(r"(\d{2,7})-(\d{2})-(\d)", cas)
    if not m:
        return False
    digits = (m.group(1) + m.group(2))[::-1]
    return sum((i + 1) * int(d) for i, d in enumerate(digits)) % 10 == int(m.group(3))


def split_ids(cell: str) -> list[str]:
    """'10043-35-3 [1];11113-50-1 [2]' -> ['10043-35-3', '11113-50-1']; '-' -> []."""
    out = []
    for part in cell.split(";"):
        part = re.sub(r"\[\d+\]", "", part).strip().strip(",")
        if part not in BLANK and part not in out:
            out.append(part)
    return out


def normalise_codes(cell: str) -> tuple[list[str], list[str], list[str]]:
    """Return (codes, codes with minimum-classification marks, unparsed pieces)."""
    codes, marked, bad = [], [], []
    for raw in cell.split(";"):
        raw = raw.strip()
        if not raw:
            continue
        m = CODE.match(raw)
        if not m:
            bad.append(raw)
            continue
        code = m.group(1)
        rest = re.sub(r"\([^)]*\)", "", raw[m.end() :]).strip()
        mark = MARK.search(rest)
        if mark and len(mark.group(1)) <= 3:
            marked.append(code + mark.group(1))
        elif rest.startswith("****"):
            bad.append(raw)
        codes.append(code)
    return codes, marked, bad


def split_limits(cell: str) -> tuple[list[str], list[str], list[str]]:
    scl, m, ate = [], [], []
    for part in cell.split(";"):
        part = part.replace("\xa0", " ").strip()
        part = re.sub(r"\s+", " ", part)
        if not part:
            continue
        if re.match(r"^M\s*=", part):
            m.append(part.replace(" ", ""))
        elif "ATE" in part.upper() or "LD50" in part.upper():
            ate.append(part)
        else:
            # the table splits 'Carc. 1B; H350: C ≥ 0,01 %' over two ';' pieces; rejoin
            if scl and re.match(r"^H\d{3}|^:", part) and ":" not in scl[-1]:
                scl[-1] = f"{scl[-1]} {part}"
            else:
                scl.append(part)
    return scl, m, ate


def is_group(name: str, cas: list[str], ec: list[str]) -> bool:
    """A group entry covers a family of substances: it has neither CAS nor EC number, or its
    first name (before any ';' synonym or '[' description) speaks of 'compounds' / 'salts' /
    'esters'.  Reaction masses and UVCB descriptions ('a complex combination of ... compounds')
    are single substances and do not count."""
    first = re.split(r"[;\[]", name, maxsplit=1)[0]
    if re.match(r"\s*(reaction (mass|product)|product-by-process)", first, re.I):
        return False
    if "..." in first:  # a concentration entry ('hydrobromic acid ... %') of one substance
        return False
    if not cas and not ec:
        return True
    return bool(GROUP_WORDS.search(first))


def convert(row: dict[str, str], known: set[str]) -> dict[str, str]:
    checks = []
    cas = split_ids(row["cas_no"])
    for c in cas:
        if not cas_ok(c):
            checks.append(f"CAS {c} fails the check digit (kept as in the table)")
    ec = split_ids(row["ec_no"])
    codes, marked, bad = normalise_codes(row["h_codes"])
    if bad:
        checks.append("placeholder or unparsed H-code text in the table: " + "|".join(bad))
    for c in codes:
        if known and c not in known and c[:4] not in known:
            checks.append(f"H-code {c} not in h_statements.csv")
    suppl = [c for c in (p.strip() for p in row["suppl_h_codes"].split(";")) if c]
    for c in suppl:
        if known and c not in known:
            checks.append(f"supplemental code {c} not in h_statements.csv")
    scl, m, ate = split_limits(row["scl_m_factors_ate"])
    notes = [n for n in re.split(r"[\s;,]+", row["notes"]) if n]
    atp = row["atp"].split("/")[-1].strip()
    group = "yes" if is_group(row["name"], cas, ec) else ""
    return {
        "index_no": row["index_no"],
        "name": row["name"],
        "ec_no": ";".join(ec),
        "cas": ";".join(cas),
        "hazard_classes": ";".join(
            p.strip() for p in row["hazard_class_category"].split(";") if p.strip()
        ),
        "h_codes": ";".join(codes),
        "min_class": ";".join(marked),
        "suppl_h_codes": ";".join(suppl),
        "scl": ";".join(scl),
        "m_factors": ";".join(m),
        "ate": ";".join(ate),
        "notes": ";".join(notes),
        "atp": atp,
        "group": group,
        "source": "clp-annex-vi",
        "ref": f"EU CLP Annex VI (harmonised), index number {row['index_no']}, {atp}",
        "check": "; ".join(checks),
    }


def apply_updates(rows: list[dict[str, str]], known: set[str]) -> tuple[int, int]:
    """Apply data/clp_atp_updates.csv: replace the listed fields of an existing entry (by
    index number) or append a new entry (also when the update has no index number, which
    means the new entry's number was not read).  Empty cells in an update leave the field as
    is; the update's note is appended to the entry's check column."""
    if not UPDATES.exists():
        return 0, 0
    by_index = {r["index_no"]: r for r in rows}
    changed = added = 0
    with UPDATES.open(encoding="utf-8", newline="") as fh:
        for u in csv.DictReader(fh):
            key = u["index_no"] or f"new:{u['cas']}"
            r = by_index.get(key)
            if r is None:
                r = {k: "" for k in COLUMNS}
                r.update(index_no=u["index_no"], name=u["name"], cas=u["cas"])
                rows.append(r)
                by_index[key] = r
                added += 1
                if u.get("group"):
                    r["group"] = "yes"
            else:
                changed += 1
            if u.get("h_codes"):
                codes, marked, _ = normalise_codes(u["h_codes"])
                r["h_codes"] = ";".join(codes)
                r["min_class"] = ";".join(marked)
                for c in codes:
                    if known and c not in known and c[:4] not in known:
                        print(f"update {u['index_no']}: unknown H-code {c}", file=sys.stderr)
            if u.get("hazard_classes"):
                r["hazard_classes"] = u["hazard_classes"]
            if u.get("notes"):
                r["notes"] = u["notes"]
            for key in ("suppl_h_codes", "scl", "m_factors", "ate"):
                if u.get(key):
                    r[key] = u[key]
            r["atp"] = u["atp"]
            r["source"] = u["source"]
            idx = u["index_no"] or "not verified"
            r["ref"] = (
                f"EU CLP Annex VI (harmonised), index number {idx}, "
                f"{u['atp']} ({u['regulation']}); {u['ref']}"
            )
            r["check"] = "; ".join(x for x in (r.get("check", ""), u.get("note", "")) if x)
            if u.get("cas") and not r["cas"]:
                r["cas"] = u["cas"]
    return changed, added


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=DEFAULT_REF)
    args = ap.parse_args(argv)
    known = set()
    with H_STATEMENTS.open(encoding="utf-8", newline="") as fh:
        known = {r["code"] for r in csv.DictReader(fh)}
    with args.reference.open(encoding="utf-8", newline="") as fh:
        src = list(csv.DictReader(fh))
    rows = [convert(r, known) for r in src]
    n_ref = len(rows)
    if len({r["index_no"] for r in rows}) != n_ref:
        print("duplicate index numbers in the reference", file=sys.stderr)
    changed, added = apply_updates(rows, known)
    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    flagged = [r for r in rows if r["check"]]
    for r in flagged:
        print(f"{r['index_no']}: {r['check']}", file=sys.stderr)
    print(
        f"{n_ref} entries from the reference ({len(src)} rows), {changed} updated and "
        f"{added} added by later ATPs, {sum(1 for r in rows if r['group'])} group entries, "
        f"{len(flagged)} with check notes -> {OUTPUT.relative_to(ROOT)}"
    )
    return 0 if n_ref == len(src) else 1


if __name__ == "__main__":
    sys.exit(main())
