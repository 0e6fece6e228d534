"""Personal air-sampling results: load, convert, group, and test against limits (EN 689).

Non-detects: a result written `<0.5` or flagged below the detection limit is replaced by
half the detection limit (LOD/2 substitution), and the group says how many were.
Results of shorter samples are used as the 8-h TWA, as if the sampled period were
representative of the shift (the conservative reading), and flagged.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cepn_screen.core.errors import InputError
from cepn_screen.exposure.en689 import assess_group
from cepn_screen.exposure.limits import choose_limit, no_limit_reason, to_mg_m3, to_ppm
from cepn_screen.inventory.read import read_table, sheet_rows
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
                         file=str(path), row=1)
    out = []
    for n, raw in sheet_rows(table, 0):
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


@dataclass(frozen=True)
class LimitUsed:
    """The exposure limit a group was tested against, and why it was chosen."""

    value: float
    unit: str
    agency: str
    type: str
    source: str
    ref: str
    year: int | None
    reason: str
    stale: bool
    stale_reason: str | None


@dataclass(frozen=True)
class En689Decision:
    """The EN 689 outcome. `computed` says whether the statistical test ran (then the
    95/70 upper tolerance limit is part of the result, even when it is undefined)."""

    test: str
    decision: str
    reason: str
    utl95_70: float | None = None
    computed: bool = False

    def as_dict(self) -> dict:
        d = {"test": self.test, "decision": self.decision, "reason": self.reason}
        if self.computed:
            d["utl95_70"] = self.utl95_70
        return d


@dataclass
class GroupExposure:
    """Statistics of one similar-exposure group and substance. Figures are in `unit` (the
    limit's unit) and None when no limit or no usable sample is known."""

    group: str
    cas: str | None
    name: str
    n: int
    rows: list[int]
    non_detects: int
    oel: LimitUsed | None = None
    gm: float | None = None
    gsd: float | None = None
    p95: float | None = None
    exceedance_fraction: float | None = None
    exceedance_fraction_ucl70: float | None = None
    en689: En689Decision | None = None
    aiha_category: int | None = None
    unit: str | None = None

    def as_dict(self) -> dict:
        d = {f: getattr(self, f) for f in self.__dataclass_fields__}
        d["rows"] = list(self.rows)
        d["oel"] = None if self.oel is None else asdict(self.oel)
        d["en689"] = None if self.en689 is None else self.en689.as_dict()
        return d


@dataclass(frozen=True)
class MixtureEvent:
    """One worker's sampling event with several substances: the additive index."""

    group: str
    worker: str
    date: str
    substances: list[str]
    index: float
    exceeds: bool


@dataclass(frozen=True)
class MixtureGroup:
    group: str
    n: int
    max_index: float
    en689: En689Decision

    def as_dict(self) -> dict:
        return {"group": self.group, "n": self.n, "max_index": self.max_index,
                "en689": self.en689.as_dict()}


@dataclass(frozen=True)
class SampleOutcome:
    """What became of one input row: the value used, or why it was not used."""

    row: int
    input: dict[str, str]
    substance: str | None
    group: str
    value_used: float | None
    unit: str | None
    non_detect: bool
    errors: list[str]
    notes: list[str]


@dataclass(frozen=True)
class MonitoringMethod:
    non_detects: str
    oel_source: str
    country: str | None
    mixture: str


@dataclass
class MonitoringResult:
    """The result of `cepn-screen exposure`: groups, mixture indices and every input row."""

    method: MonitoringMethod
    groups: list[GroupExposure]
    mixtures: list[MixtureEvent]
    mixture_groups: list[MixtureGroup]
    rows: list[SampleOutcome]

    def as_dict(self) -> dict:
        return {"method": asdict(self.method),
                "groups": [g.as_dict() for g in self.groups],
                "mixtures": [asdict(m) for m in self.mixtures],
                "mixture_groups": [m.as_dict() for m in self.mixture_groups],
                "rows": [asdict(r) for r in self.rows]}


def analyse(samples: list[Sample], *, oel_source: str = "lowest", kb=None, resolver=None,
            context: Context | None = None, country: str | None = None) -> MonitoringResult:
    """Per group and substance: statistics and EN 689 decision; per sampling event with
    several substances: the additive mixture index. `country`: the limits binding there
    (see exposure.limits.choose_limit). A group with no usable limit (none held, or only a
    stale one of the agency asked for) is inconclusive with the reason, never compliant."""
    ctx = context or Context.build(kb, [], resolver)
    resolver = ctx.resolver
    screener = ctx.screener(with_rules=False)
    groups: dict[tuple[str, str], tuple] = {}
    for s in samples:
        if s.errors:
            continue
        res = resolver.resolve(s.name, s.cas)
        if res.status != "resolved" or res.components:
            s.errors.append("substance_unknown" if res.status == "unresolved"
                            else "substance_ambiguous")
            continue
        p = screener.screen(res).profile
        key = (s.group, p.cas or p.name)
        if key not in groups:
            groups[key] = (p, choose_limit(p, oel_source, country=country), [])
        groups[key][2].append(s)
    out_groups, events = [], {}
    for (group, _), (p, lim, members) in groups.items():
        mw = p.descriptors.get("mw_g_mol")
        entry = GroupExposure(group, p.cas, p.name, len(members), [s.row for s in members],
                              sum(s.non_detect for s in members))
        out_groups.append(entry)
        if lim is None:
            entry.en689 = En689Decision(
                "none", "inconclusive", no_limit_reason(p, oel_source, country=country))
            continue
        unit = lim.limit.unit
        values = []
        for s in members:
            v = convert(s.value, s.unit, unit, mw)
            if v is None:
                s.errors.append("unit_not_convertible")
            elif v <= 0:
                s.errors.append("zero_result")
            else:
                values.append(v)
                events.setdefault((group, s.worker, s.date), []).append(
                    (p, v / lim.limit.value))
        entry.oel = LimitUsed(lim.limit.value, unit, lim.limit.agency, lim.limit.limit_type,
                              lim.limit.source, lim.limit.ref, lim.limit.year, lim.reason,
                              lim.stale, lim.stale_reason)
        entry.unit, entry.n = unit, len(values)
        if values:
            st = assess_group(values, lim.limit.value)
            entry.gm, entry.gsd, entry.p95 = _r(st.gm), _r(st.gsd), _r(st.p95)
            entry.exceedance_fraction = _r(st.exceedance_fraction)
            entry.exceedance_fraction_ucl70 = _r(st.exceedance_ucl70)
            entry.aiha_category = st.aiha_category
            entry.en689 = En689Decision(st.test, st.decision, st.reason, _r(st.utl95_70),
                                        computed=True)
    mixtures = []
    by_group: dict[str, list[float]] = {}
    for (group, worker, date), parts in events.items():
        if len(parts) < 2 or not (worker or date):
            continue
        index = sum(r for _, r in parts)
        by_group.setdefault(group, []).append(index)
        mixtures.append(MixtureEvent(group, worker, date, [p.name for p, _ in parts],
                                     round(index, 3), index > 1))
    mixture_groups = []
    for group, idx in by_group.items():
        st = assess_group([max(i, 1e-9) for i in idx], 1.0)
        mixture_groups.append(MixtureGroup(group, len(idx), round(max(idx), 3),
                                           En689Decision(st.test, st.decision, st.reason)))
    rows = [SampleOutcome(s.row, s.cells, s.name or s.cas, s.group, s.value, s.unit,
                          s.non_detect, s.errors, s.notes) for s in samples]
    method = MonitoringMethod("LOD/2 substitution", oel_source, country,
                              "additive index Σ C_i/OEL_i per worker and date")
    return MonitoringResult(method, out_groups, mixtures, mixture_groups, rows)


def analyse_file(path: str | Path, *, sheet: str | None = None, oel_source: str = "lowest",
                 context: Context | None = None,
                 country: str | None = None) -> MonitoringResult:
    """Read an air-sampling file and analyse it (load_samples, then analyse)."""
    return analyse(load_samples(path, sheet), oel_source=oel_source, context=context,
                   country=country)


def _r(v):
    return None if v is None else float(f"{v:.4g}")
