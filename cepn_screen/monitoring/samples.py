"""Personal air-sampling results: load, convert, group, and test against limits (EN 689).

Non-detects: a result written `<0.5` or flagged below the detection limit is replaced by
half the detection limit (LOD/2 substitution), and the group says how many were.
Results of shorter samples are used as the 8-h TWA, as if the sampled period were
representative of the shift (the conservative reading), and flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cepn_screen.core.errors import InputError
from cepn_screen.exposure.en689 import assess_group
from cepn_screen.exposure.limits import choose_limit, no_limit_reason, to_mg_m3, to_ppm
from cepn_screen.inventory.read import read_table
from cepn_screen.inventory.vocabulary import header_key
from cepn_screen.pipeline.context import Context

SAMPLE_ALIASES = {
    "name": ("substance", "chemical", "name", "chemical name", "agent", "analyte", "名称",
             "物质", "sustancia", "zat", "hóa chất"),
    "cas": ("cas", "cas no", "cas no.", "cas number", "casrn"),
    "result": ("result", "concentration", "value", "twa", "8-h twa", "8h twa", "结果", "浓度",
               "resultado", "hasil", "kết quả"),
    "unit": ("unit", "units", "单位", "unidad", "satuan", "đơn vị"),
    "duration": ("duration", "duration (min)", "sampling time", "sampling time (min)",
                 "minutes", "min", "时长", "duración", "durasi"),
    "group": ("group", "seg", "similar exposure group", "exposure group", "area", "task",
              "组", "grupo", "kelompok", "nhóm"),
    "worker": ("worker", "worker id", "employee", "operator", "person", "trabajador",
               "pekerja", "công nhân", "员工"),
    "date": ("date", "sampling date", "日期", "fecha", "tanggal", "ngày"),
    "lod": ("lod", "detection limit", "limit of detection", "loq", "<lod", "below lod",
            "non-detect", "nd"),
}
_ALIAS = {header_key(a): f for f, aliases in SAMPLE_ALIASES.items() for a in aliases}
UNITS = {"ppm": "ppm", "mg/m3": "mg/m3", "mg/m³": "mg/m3", "mgm3": "mg/m3", "mg/m^3": "mg/m3",
         "µg/m3": "ug/m3", "ug/m3": "ug/m3", "μg/m3": "ug/m3", "µg/m³": "ug/m3",
         "ppb": "ppb"}


@dataclass
class Sample:
    row: int
    cells: dict[str, str]
    name: str | None = None
    cas: str | None = None
    value: float | None = None  # in the unit below, after non-detect substitution
    unit: str | None = None
    duration_min: float | None = None
    group: str = ""
    worker: str = ""
    date: str = ""
    non_detect: bool = False
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _num(text: str) -> float:
    return float(text.strip().replace(",", "."))


def load_samples(path: str | Path, sheet: str | None = None) -> list[Sample]:
    path = Path(path)
    table = read_table(path, sheet)
    if not table or not any(any(c.strip() for c in r) for r in table):
        raise InputError("the file is empty", file=str(path))
    headers = [str(c).strip() for c in table[0]]
    fields: dict[str, int] = {}
    for i, h in enumerate(headers):
        f = _ALIAS.get(header_key(h))
        if f and f not in fields:
            fields[f] = i
    if "result" not in fields or not ({"name", "cas"} & fields.keys()):
        raise InputError("needs a result column and a substance or CAS column "
                         f"(headers seen: {', '.join(repr(h) for h in headers[:8])})",
                         file=str(path), row=0)
    out = []
    for n, raw in enumerate(table[1:], start=1):
        cells = [str(c) for c in raw]
        if not any(c.strip() for c in cells):
            continue

        def get(f, cells=cells):
            i = fields.get(f)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        s = Sample(n, dict(zip(headers, cells, strict=False)), name=get("name") or None,
                   cas=get("cas") or None, group=get("group") or "(no group)",
                   worker=get("worker"), date=get("date"))
        text = get("result")
        lod_cell = get("lod")
        m = re.fullmatch(r"\s*(<|＜|&lt;)\s*(\d+(?:[.,]\d+)?)\s*", text)
        try:
            if m:
                s.non_detect, s.value = True, _num(m.group(2)) / 2
                s.notes.append(f"below detection limit {m.group(2)}: LOD/2 used")
            elif lod_cell.lower() in ("yes", "y", "true", "1", "x", "nd", "<lod"):
                s.non_detect, s.value = True, _num(text) / 2
                s.notes.append(f"flagged below detection limit {text}: LOD/2 used")
            elif text:
                s.value = _num(text)
            else:
                s.errors.append("result_missing")
        except ValueError:
            s.errors.append("result_unparsed")
        if s.value is not None and s.value < 0:
            s.errors.append("negative_result")
            s.value = None
        unit = get("unit").lower().replace(" ", "")
        if not unit:
            s.errors.append("unit_missing")
        elif unit not in UNITS:
            s.errors.append("unit_unknown")
        else:
            s.unit = UNITS[unit]
        if get("duration"):
            try:
                s.duration_min = _num(get("duration"))
                if s.duration_min < 360:
                    s.notes.append(f"sampled {s.duration_min:g} min: used as the 8-h TWA "
                                   "(assumes the period is representative)")
            except ValueError:
                s.errors.append("duration_unparsed")
        out.append(s)
    return out


def convert(value: float, unit: str, target: str, mw: float | None) -> float | None:
    """ppm, ppb, mg/m3 and µg/m3 into ppm or mg/m3 (25 °C, 1 atm)."""
    if unit == "ppb":
        value, unit = value / 1000, "ppm"
    elif unit == "ug/m3":
        value, unit = value / 1000, "mg/m3"
    return to_ppm(value, unit, mw) if target == "ppm" else to_mg_m3(value, unit, mw)


def analyse(samples: list[Sample], *, oel_source: str = "lowest", kb=None, resolver=None,
            context: Context | None = None, country: str | None = None) -> dict:
    """Per group and substance: statistics and EN 689 decision; per sampling event with
    several substances: the additive mixture index. `country`: the limits binding there
    (see exposure.limits.choose_limit). A group with no usable limit (none held, or only a
    stale one of the agency asked for) is inconclusive with the reason, never compliant."""
    ctx = context or Context.build(kb, [], resolver)
    resolver = ctx.resolver
    screener = ctx.screener(with_rules=False)
    groups: dict[tuple[str, str], dict] = {}
    for s in samples:
        if s.errors:
            continue
        res = resolver.resolve(s.name, s.cas)
        if res.status != "resolved" or res.components:
            s.errors.append("substance_unknown" if res.status == "unresolved"
                            else "substance_ambiguous")
            continue
        p = screener.screen(res).profile
        lim = choose_limit(p, oel_source, country=country)
        key = (s.group, p.cas or p.name)
        g = groups.setdefault(key, {"profile": p, "limit": lim, "samples": []})
        g["samples"].append(s)
    out_groups, events = [], {}
    for (group, _), g in groups.items():
        p, lim = g["profile"], g["limit"]
        mw = p.descriptors.get("mw_g_mol")
        entry = {"group": group, "cas": p.cas, "name": p.name,
                 "n": len(g["samples"]), "rows": [s.row for s in g["samples"]],
                 "non_detects": sum(s.non_detect for s in g["samples"]),
                 "oel": None, "gm": None, "gsd": None, "p95": None,
                 "exceedance_fraction": None, "exceedance_fraction_ucl70": None,
                 "en689": None, "aiha_category": None, "unit": None}
        if lim is None:
            entry["en689"] = {"test": "none", "decision": "inconclusive",
                              "reason": no_limit_reason(p, oel_source, country=country)}
            out_groups.append(entry)
            continue
        unit = lim.limit.unit
        values = []
        for s in g["samples"]:
            v = convert(s.value, s.unit, unit, mw)
            if v is None:
                s.errors.append("unit_not_convertible")
            elif v <= 0:
                s.errors.append("zero_result")
            else:
                values.append(v)
                events.setdefault((group, s.worker, s.date), []).append(
                    (p, v / lim.limit.value))
        entry.update(oel={"value": lim.limit.value, "unit": unit, "agency": lim.limit.agency,
                          "type": lim.limit.limit_type, "source": lim.limit.source,
                          "ref": lim.limit.ref, "year": lim.limit.year, "reason": lim.reason,
                          "stale": lim.stale, "stale_reason": lim.stale_reason}, unit=unit,
                     n=len(values))
        if values:
            st = assess_group(values, lim.limit.value)
            entry.update(gm=_r(st.gm), gsd=_r(st.gsd), p95=_r(st.p95),
                         exceedance_fraction=_r(st.exceedance_fraction),
                         exceedance_fraction_ucl70=_r(st.exceedance_ucl70),
                         aiha_category=st.aiha_category,
                         en689={"test": st.test, "decision": st.decision,
                                "reason": st.reason, "utl95_70": _r(st.utl95_70)})
        out_groups.append(entry)
    mixtures = []
    by_group: dict[str, list[float]] = {}
    for (group, worker, date), parts in events.items():
        if len(parts) < 2 or not (worker or date):
            continue
        index = sum(r for _, r in parts)
        by_group.setdefault(group, []).append(index)
        mixtures.append({"group": group, "worker": worker, "date": date,
                         "substances": [p.name for p, _ in parts], "index": round(index, 3),
                         "exceeds": index > 1})
    mixture_groups = []
    for group, idx in by_group.items():
        st = assess_group([max(i, 1e-9) for i in idx], 1.0)
        mixture_groups.append({"group": group, "n": len(idx), "max_index": round(max(idx), 3),
                               "en689": {"test": st.test, "decision": st.decision,
                                         "reason": st.reason}})
    rows = [{"row": s.row, "input": s.cells, "substance": s.name or s.cas,
             "group": s.group, "value_used": s.value, "unit": s.unit,
             "non_detect": s.non_detect, "errors": s.errors, "notes": s.notes}
            for s in samples]
    return {"method": {"non_detects": "LOD/2 substitution", "oel_source": oel_source,
                       "country": country,
                       "mixture": "additive index Σ C_i/OEL_i per worker and date"},
            "groups": out_groups, "mixtures": mixtures, "mixture_groups": mixture_groups,
            "rows": rows}


def analyse_file(path: str | Path, *, sheet: str | None = None, oel_source: str = "lowest",
                 context: Context | None = None, country: str | None = None) -> dict:
    """Read an air-sampling file and analyse it (load_samples, then analyse)."""
    return analyse(load_samples(path, sheet), oel_source=oel_source, context=context,
                   country=country)


def _r(v):
    return None if v is None else float(f"{v:.4g}")
