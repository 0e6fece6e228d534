"""Assessment -> plain dicts, per the JSON contract in DESIGN.md. Unknown is None."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import TextIO

from cepn_screen.core.models import (
    Assessment,
    AssessmentStream,
    ExposureLimit,
    Finding,
    Profile,
    Resolution,
    RowAssessment,
    Scores,
)
from cepn_screen.core.version import __version__
from cepn_screen.exposure.limits import current_year

SCHEMA_VERSION = "1.0"
PHYSICAL = ("boiling_point_c", "flash_point_c", "autoignition_c", "vapour_pressure_kpa_20c",
            "lel_pct", "uel_pct", "density_g_cm3_20c", "melting_point_c")
DESCRIPTORS = ("mw_g_mol", "logp", "tpsa_a2", "hbd", "hba", "aromatic_rings", "rings",
               "heavy_atoms", "rotatable_bonds", "halogen_atoms", "n_f", "n_cl", "n_br", "n_i",
               "lowest_oel_ppm", "vapour_hazard_ratio", "skin_notation", "log_kp_potts_guy")


def resolution_dict(r: Resolution) -> dict:
    return {
        "status": r.status, "cas": r.cas, "name": r.name, "smiles": r.smiles,
        "inchikey": r.inchikey, "pubchem_cid": r.pubchem_cid, "source": r.source,
        "matched": r.matched, "warnings": list(r.warnings), "reason": r.reason,
        "candidates": [asdict(c) for c in r.candidates],
        "components": [c.as_dict() for c in r.components],
    }


def finding_dict(f: Finding) -> dict:
    return {"rule_id": f.rule_id, "severity": f.severity, "title": f.title,
            "message": f.message, "category": f.category, "rule_set": f.rule_set,
            "recommendation": f.recommendation}


def scores_dict(s: Scores | None) -> dict | None:
    if s is None:
        return None
    return {
        "safety": s.safety.value, "health": s.health.value, "environment": s.environment.value,
        "chem21_ranking": s.ranking,
        "incomplete": [axis for axis, sc in (("safety", s.safety), ("health", s.health),
                                             ("environment", s.environment))
                       if sc.incomplete or sc.value is None],
        "criteria": {"safety": s.safety.criterion, "health": s.health.criterion,
                     "environment": s.environment.criterion, "ranking": s.ranking_reason},
    }


def limit_dict(e: ExposureLimit, used: ExposureLimit | None, year: int) -> dict:
    """One limit held, with its staleness and whether the row's figures use it."""
    stale = e.stale_reason(year)
    return {"agency": e.agency, "type": e.limit_type, "value": e.value, "unit": e.unit,
            "skin": e.skin, "year": e.year, "source": e.source, "ref": e.ref,
            "note": e.note, "superseded": e.superseded, "stale": stale is not None,
            "stale_reason": stale, "used": used is not None and e is used}


def used_limit(ra: RowAssessment) -> ExposureLimit | None:
    """The limit the row's vapour hazard ratio and card are worked out against."""
    return ra.exposure.oel.limit if ra.exposure and ra.exposure.oel else None


def profile_parts(p: Profile | None, used: ExposureLimit | None = None) -> dict:
    if p is None:
        return {"hazard": None, "properties": None, "property_sources": None,
                "exposure_limits": None, "hansen": None, "lists": None}
    props = {k: p.prop(k) for k in PHYSICAL}
    props.update({k: p.descriptors.get(k) for k in DESCRIPTORS})
    props["formula"] = p.formula
    year = current_year()
    return {
        "hazard": {"h_codes": p.h_codes, "partial": p.hazard_partial,
                   "sources": p.hazard_sources,
                   "codes": [h.as_dict() for h in p.hazard_codes],
                   "harmonised": [h.code for h in p.hazard_codes if h.harmonised],
                   "group_matches": sorted({h.group for h in p.hazard_codes if h.group}),
                   "classes": None if p.hazard_classes is None else {
                       k: st.as_dict() for k, st in p.hazard_classes.items()}},
        "properties": props,
        "property_sources": {k: {"source": f.source, "kind": f.kind, "ref": f.ref}
                             for k, f in sorted(p.properties.items())},
        "exposure_limits": [limit_dict(e, used, year) for e in p.exposure_limits],
        "hansen": None if p.hansen is None else {
            "d": p.hansen.d, "p": p.hansen.p, "h": p.hansen.h, "kind": p.hansen.kind,
            "source": p.hansen.source},
        "lists": {k: {"value": f.value, "source": f.source, "ref": f.ref}
                  for k, f in sorted(p.lists.items())},
    }


def row_dict(ra: RowAssessment, *, substance: bool = True) -> dict:
    r = ra.row
    out = {
        "row": r.row, "id": r.id, "input": dict(r.cells),
        "parsed": {
            "product": r.product,
            "concentration": None if r.concentration is None else {
                "low": r.concentration.low, "high": r.concentration.high,
                "text": r.concentration.text},
            "quantity": r.quantity, "unit": r.unit, "process": r.process, "area": r.area,
            "workers": r.workers, "process_temperature_c": r.process_temperature_c,
            "problems": list(r.problems)},
        "resolution": resolution_dict(ra.resolution),
    }
    if substance:
        out.update(profile_parts(ra.profile, used_limit(ra)))
        out["findings"] = [finding_dict(f) for f in ra.findings]
        out["scores"] = scores_dict(ra.scores)
    else:
        out[_MARKER] = 0
    out["exposure"] = ra.exposure.as_dict() if ra.exposure else None
    out["priority"] = ra.priority
    out["priority_reason"] = ra.priority_reason
    return out


def assessment_dict(a: Assessment) -> dict:
    return {
        **_lead(a),
        "rows": [row_dict(r) for r in a.rows],
        "inventory_findings": [group_finding_dict(g) for g in a.inventory_findings],
        "products": [product_dict(p) for p in a.products],
    }


def group_finding_dict(g) -> dict:
    return {**finding_dict(g.finding), "group_by": g.group_by, "group": g.group,
            "rows": list(g.rows), "substances": list(g.substances)}


def product_dict(p) -> dict:
    return {
        "product": p.product, "rows": p.rows,
        "components": [c.as_dict() for c in p.components],
        "concentration_total_min": p.concentration_total, "warnings": p.warnings,
        "findings": [finding_dict(f) for f in p.findings], "priority": p.priority,
        "exposure": p.exposure.as_dict() if p.exposure else None,
    }


def _lead(a: Assessment | AssessmentStream) -> dict:
    """The keys that come before the rows: versions, inputs, rules, summary."""
    return {"schema_version": SCHEMA_VERSION, "tool_version": __version__,
            "inputs": a.inputs, "rules": a.rule_sets, "summary": summary(a)}


def _write_list(out: TextIO, texts) -> None:
    """JSON array items, ", "-separated, in writes of up to 1,000 items."""
    chunk: list[str] = []
    first = True
    for text in texts:
        chunk.append(text)
        if len(chunk) == 1000:  # fewer, larger writes
            out.write(("" if first else ", ") + ", ".join(chunk))
            first = False
            chunk.clear()
    if chunk:
        out.write(("" if first else ", ") + ", ".join(chunk))


def finite(obj):
    """A copy of a JSON-able value with every non-finite float (inf, NaN) as None: JSON has
    no such numbers, and an unknown is None everywhere else in the contract."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite(v) for v in obj]
    return obj


def write_json(a: Assessment | AssessmentStream, out: TextIO, *, indent: int | None) -> None:
    """The assessment as JSON text, the same as `json.dumps(assessment_dict(a))`.

    Compact output is streamed row by row, and the parts that depend only on the screened
    substance (its profile; its findings and scores) are encoded once per substance and
    reused: a 100,000-row inventory often names a few thousand substances."""
    if indent is not None:
        if isinstance(a, AssessmentStream):
            a = a.materialise()
        json.dump(finite(assessment_dict(a)), out, ensure_ascii=False, indent=indent,
                  allow_nan=False)
        out.write("\n")
        return
    enc = _compact_encoder()
    # Every part is encoded as it is written: products and inventory findings list rows,
    # and a 100,000-row inventory's would otherwise be held as one text, several times.
    out.write(enc(_lead(a))[:-1] + ', "rows": [')
    _write_list(out, _row_texts(a, enc))
    out.write('], "inventory_findings": [')
    _write_list(out, (enc(group_finding_dict(g)) for g in a.inventory_findings))
    out.write('], "products": [')
    _write_list(out, (enc(product_dict(p)) for p in a.products))
    out.write("]}\n")


def _compact_encoder():
    """Compact JSON text of a value, non-finite numbers as null. Its separators are the
    ones _MARKER_TEXT is spelt with, so _row_texts finds the marker it splices at."""
    fast = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    strict = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "),
                              allow_nan=False).encode

    def encode(obj) -> str:
        # Walking every value for inf/NaN costs more than encoding; only a text that may
        # hold one (the tokens, or a string that happens to contain them) is redone.
        text = fast(obj)
        if "NaN" in text or "Infinity" in text:
            return strict(finite(obj))
        return text

    return encode


def _row_texts(a: Assessment | AssessmentStream, enc):
    """Each row's JSON text, in input order, as `enc(row_dict(ra))` would give it. The
    part that depends only on the screened substance is encoded once per substance: the
    rows that share it are counted first (an AssessmentStream counted them while it was
    planned), and its text is kept only until the last of them is written (so memory
    follows the substances still to come, not all of them)."""
    if isinstance(a, AssessmentStream):
        rows, key, left = a.rows(), a.share_key, dict(a.share_left)
    else:
        def key(ra: RowAssessment) -> tuple:
            return (id(ra.profile), tuple(map(id, ra.findings)), id(ra.scores),
                    id(used_limit(ra)))

        rows, left = a.rows, {}
        for ra in rows:
            k = key(ra)
            left[k] = left.get(k, 0) + 1
    cache: dict = {}
    for ra in rows:
        k = key(ra)
        shared = cache.get(k) if k is not None else None
        if shared is None:
            parts = profile_parts(ra.profile, used_limit(ra))
            parts["findings"] = [finding_dict(f) for f in ra.findings]
            parts["scores"] = scores_dict(ra.scores)
            shared = enc(parts)[1:-1]
        if k is not None:
            if left[k] == 1:
                cache.pop(k, None)  # its last row
            else:
                left[k] -= 1
                cache[k] = shared
        # A marker key where the substance's part goes; user text cannot produce it, as
        # any quote inside a string is escaped.
        yield enc(row_dict(ra, substance=False)).replace(_MARKER_TEXT, shared, 1)


def write_jsonl(a: Assessment | AssessmentStream, out: TextIO) -> None:
    """The assessment as JSON Lines, for inventories too large for one JSON document: a
    first line `{"record": "header", ...}` (versions, inputs, rules, summary), one line
    per row `{"record": "row", ...}` in input order, then one line per inventory finding
    and per product. Each line holds the same fields as the matching part of the JSON."""
    enc = _compact_encoder()
    out.write(enc({"record": "header", **_lead(a)}) + "\n")
    chunk: list[str] = []
    for row in _row_texts(a, enc):
        chunk.append('{"record": "row", ' + row[1:])
        if len(chunk) == 1000:
            out.write("\n".join(chunk) + "\n")
            chunk.clear()
    if chunk:
        out.write("\n".join(chunk) + "\n")
    for g in a.inventory_findings:
        out.write(enc({"record": "inventory_finding", **group_finding_dict(g)}) + "\n")
    for p in a.products:
        out.write(enc({"record": "product", **product_dict(p)}) + "\n")


# Where a row's substance part is spliced into its encoded text (see _row_texts).
_MARKER = "\x00substance"
_MARKER_TEXT = '"\\u0000substance": 0'


def summary(a: Assessment | AssessmentStream) -> dict:
    if isinstance(a, AssessmentStream):
        return a.summary
    by_priority: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for r in a.rows:
        by_priority[r.priority] = by_priority.get(r.priority, 0) + 1
        by_status[r.resolution.status] = by_status.get(r.resolution.status, 0) + 1
    return {"rows": len(a.rows), "by_priority": by_priority, "by_status": by_status}
