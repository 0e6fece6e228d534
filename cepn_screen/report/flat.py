"""One flat record per row, shared by the CSV, Markdown and terminal renderers."""

from __future__ import annotations

import math

from cepn_screen.core.models import RowAssessment

COLUMNS = ("row", "id", "input_name", "input_cas", "product", "status", "cas", "name",
           "warnings", "priority", "safety", "health", "environment", "chem21_ranking",
           "h_codes", "findings", "boiling_point_c", "flash_point_c", "reason",
           "h_code_sources")

# How a code that is not EU harmonised is marked in tables, Markdown and HTML.
TAGS = {"national": "nat", "registration": "reg", "notified": "notif", "sds": "sds",
        "given": "", "harmonised": ""}
CODE_LEGEND = ("H-codes without a tag are EU harmonised (CLP Annex VI); (grp) an Annex VI "
               "group entry matched by rule, (nat) a national government classification, "
               "(reg) registrants', (notif) notifiers', (sds) a supplier SDS")


def marked_codes(p) -> str:
    """The acted-on codes with a tag on each one that is not individually harmonised."""
    if p is None or p.h_codes is None:
        return "unknown"
    if not p.h_codes:
        return "none (classified)"
    if not p.hazard_codes:
        return " ".join(p.h_codes)
    out = []
    for h in p.hazard_codes:
        tag = "grp" if h.group else TAGS.get(h.kind, h.kind)
        out.append(f"{h.code}({tag})" if tag else h.code)
    return " ".join(out)


def code_sources(p) -> str:
    """code:kind:source for every acted-on code (CSV/XLSX)."""
    if p is None:
        return ""
    return ";".join(f"{h.code}:{'group ' + h.group if h.group else h.kind}:{h.source}"
                    for h in p.hazard_codes)


def flat_row(ra: RowAssessment, memo: dict | None = None) -> dict:
    """The row's flat record. `memo`, a dict kept by the caller while the rows' profiles
    and scores are alive, holds the cells that depend only on them (many rows share a
    substance)."""
    res, s, p = ra.resolution, ra.scores, ra.profile
    sub = _substance_cells(p, memo)
    score = _score_cells(s, memo)
    return {
        "row": ra.row.row, "id": ra.row.id, "input_name": ra.row.name or "",
        "input_cas": ra.row.cas or "", "product": ra.row.product or "",
        "status": res.status, "cas": res.cas or "", "name": res.name or "",
        "warnings": ";".join(res.warnings + ra.row.problems + sub["_partial"]),
        "priority": ra.priority,
        **score,
        "h_codes": sub["h_codes"],
        "findings": "; ".join(f"{f.rule_id} ({f.severity})" for f in ra.findings),
        "boiling_point_c": sub["boiling_point_c"], "flash_point_c": sub["flash_point_c"],
        "reason": ra.priority_reason if res.status == "resolved" else (res.reason or ""),
        "h_code_sources": sub["h_code_sources"], "h_codes_marked": sub["h_codes_marked"],
    }


def _cached(memo: dict | None, key: tuple, make) -> dict:
    if memo is None:
        return make()
    cells = memo.get(key)
    if cells is None:
        cells = memo[key] = make()
    return cells


def _substance_cells(p, memo: dict | None) -> dict:
    return _cached(memo, ("profile", id(p)), lambda: {
        "_partial": ["classification_partial"] if p and p.hazard_partial else [],
        "h_codes": ";".join(p.h_codes) if p and p.h_codes is not None else
        ("unknown" if p else ""),
        "boiling_point_c": _num(p.prop("boiling_point_c")) if p else "",
        "flash_point_c": _num(p.prop("flash_point_c")) if p else "",
        "h_code_sources": code_sources(p),
        "h_codes_marked": marked_codes(p) if p else "",
    })


def _score_cells(s, memo: dict | None) -> dict:
    return _cached(memo, ("scores", id(s)), lambda: {
        "safety": s.safety.value if s and s.safety.value is not None else "",
        "health": s.health.value if s and s.health.value is not None else "",
        "environment": s.environment.value if s and s.environment.value is not None else "",
        "chem21_ranking": (s.ranking or "") if s else "",
    })


def _num(v) -> str:
    """A number as text; unknown and non-finite (inf, NaN) numbers are blank."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    return f"{v:g}"


# Characters a spreadsheet may read as the start of a formula: ASCII and the fullwidth forms
# (＝ ＋ － ＠), which some spreadsheet locales normalise to ASCII.
_FORMULA_START = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"


def neutralise(text: str) -> str:
    """Stop a spreadsheet from reading a cell as a formula (CSV/formula injection)."""
    if text and text[0] in _FORMULA_START and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def write_parquet(rows: list[RowAssessment], path) -> None:
    """The flat records as a Parquet table (text columns, as in the CSV; no formula
    neutralising: Parquet is not opened by spreadsheets)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    memo: dict = {}
    records = [flat_row(r, memo) for r in rows]
    table = pa.table({c: [str(rec[c]) for rec in records] for c in COLUMNS})
    pq.write_table(table, path)
