"""Worker reports as signals: what workers notice, matched with the hazards of the
chemicals used in the same area. No personal identifier is kept: columns that look like
names or employee numbers are dropped before anything else is read."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cepn_screen.core.errors import InputError
from cepn_screen.inventory.load import load_inventory
from cepn_screen.inventory.read import read_table, sheet_rows
from cepn_screen.inventory.vocabulary import header_key
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.signals import links
from cepn_screen.signals.lexicon import load_lexicon

# The symptom lexicon and what each symptom may signal are data: data/symptoms.csv (the
# phrases, five languages), data/symptom_signals.csv (symptom -> hazard, kind, pooled) and
# data/signal_hazards.csv (hazard -> H-codes, rule titles, descriptors), see
# cepn_screen/signals/links.py.
SYMPTOMS = links.SYMPTOMS
PERSONAL = re.compile(r"^(name|worker|worker name|employee|employee id|employee no\.?|"
                      r"staff id|badge|id no\.?|person|operator|姓名|名字|工号|员工|员工编号|"
                      r"nombre|trabajador|empleado|nama|pekerja|nik|họ tên|tên|mã nv|"
                      r"nhân viên)$")
COLUMNS = {"date": ("date", "日期", "fecha", "tanggal", "ngày"),
           "area": ("area", "line", "workstation", "location", "department", "区域", "车间",
                    "área", "lokasi", "khu vực"),
           "symptoms": ("symptoms", "symptom", "observation", "observations", "codes",
                        "症状", "síntomas", "gejala", "triệu chứng"),
           "text": ("text", "comment", "comments", "free text", "description", "备注",
                    "comentario", "keterangan", "ghi chú")}
NEURO = links.POOLED  # reports of these are counted together (peripheral neuropathy)


@dataclass
class Report:
    row: int
    date: str
    area: str
    symptoms: list[str]
    unknown: list[str] = field(default_factory=list)


def load_reports(path: str | Path) -> tuple[list[Report], list[str]]:
    """Reports and warnings; personal columns are dropped and named in a warning."""
    table = read_table(Path(path))
    if not table:
        raise InputError("the file is empty", file=str(path))
    headers = [str(h).strip() for h in table[0]]
    warnings, fields = [], {}
    for i, h in enumerate(headers):
        k = header_key(h)
        if PERSONAL.match(k):
            warnings.append(f"column {h!r} looks like a personal identifier and was dropped")
            continue
        for f, aliases in COLUMNS.items():
            if k in aliases and f not in fields:
                fields[f] = i
    if "area" not in fields or not ({"symptoms", "text"} & fields.keys()):
        raise InputError("needs an area column and a symptoms (or text) column",
                         file=str(path), row=1)
    reports = []
    for n, raw in sheet_rows(table, 0):
        cells = [str(c) for c in raw]
        if not any(c.strip() for i, c in enumerate(cells) if i in fields.values()):
            continue

        def get(f, cells=cells):
            i = fields.get(f)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        lexicon = load_lexicon()
        found, unknown = [], []
        for token in re.split(r"[;,/、，；|]+", get("symptoms")):
            codes = _codes(token, lexicon)
            if codes:
                found.extend(codes)
            elif token.strip():
                unknown.append(token.strip())
        found.extend(lexicon.codes(get("text")))
        reports.append(Report(n, get("date"), get("area") or "(no area)",
                              list(dict.fromkeys(found)), unknown))
    return reports, warnings


def _codes(token: str, lexicon) -> list[str]:
    """Symptom codes in one cell entry: a code itself (leg_weakness) or free text."""
    t = token.strip().lower().replace(" ", "_")
    if t in SYMPTOMS:
        return [t]
    return lexicon.codes(token)


def _matches(code: str, ra) -> bool:
    """Whether a chemical row has the hazard the symptom may signal (data/signal_hazards.csv).
    An unresolved chemical matches nothing here; the area's reasons say so."""
    return links.has_hazard(SYMPTOMS[code]["signals"], ra)


@dataclass
class MatchedChemical:
    """A chemical of the area whose hazards match some of the reported symptoms."""

    cas: str | None
    name: str
    hazards_matched: list[str] = field(default_factory=list)


@dataclass
class AreaSignal:
    """One area: how many reports, of which symptoms, what they may point to and why.
    With `share`, counts below 3 are the text "<3"."""

    area: str
    reports: int | str
    counts: dict[str, int | str]
    chemicals: list[MatchedChemical]
    signal: str
    reasons: list[str]


@dataclass
class SignalsResult:
    areas: list[AreaSignal]
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"areas": [asdict(a) for a in self.areas], "warnings": list(self.warnings)}


def area_signals(reports: list[Report], assessment, share: bool = False) -> SignalsResult:
    """Match the reports of each area with the hazards of the chemicals used there."""
    by_area: dict[str, list] = {}
    for ra in assessment.rows:
        if ra.row.area:
            by_area.setdefault(ra.row.area.strip(), []).append(ra)
    areas = []
    for area in sorted({r.area for r in reports}):
        rs = [r for r in reports if r.area == area]
        counts: dict[str, int] = {}
        for r in rs:
            for c in r.symptoms:
                counts[c] = counts.get(c, 0) + 1
        chems: dict[str, MatchedChemical] = {}
        matched_codes: dict[str, set] = {}
        for ra in by_area.get(area, []):
            for code in counts:
                if _matches(code, ra):
                    key = ra.profile.cas or ra.profile.name
                    c = chems.setdefault(key, MatchedChemical(ra.profile.cas,
                                                              ra.profile.name))
                    label = SYMPTOMS[code]["signals"]
                    if label not in c.hazards_matched:
                        c.hazards_matched.append(label)
                    matched_codes.setdefault(code, set()).add(key)
        level, reasons = _level(counts, matched_codes, chems, area in by_area, share)
        level = _unidentified(by_area.get(area, []), counts, level, reasons)
        areas.append(AreaSignal(area, _shown(len(rs), share),
                                {k: _shown(v, share) for k, v in sorted(counts.items())},
                                list(chems.values()), level, reasons))
    return SignalsResult(areas)


def _unidentified(rows, counts, level: str, reasons: list[str]) -> str:
    """Chemicals that could not be identified have unknown hazards: the reports cannot be
    ruled out against them, so the area is at least `low` and the reason says why."""
    unknown = [ra for ra in rows if ra.profile is None]
    if not (counts and unknown):
        return level
    names = ", ".join(sorted({ra.row.name or ra.row.cas or "(unnamed)" for ra in unknown}))
    reasons.append(f"{len(unknown)} inventory row(s) in this area could not be identified "
                   f"({names}): their hazards are unknown, so these reports are not ruled out")
    return level if LEVELS.index(level) >= LEVELS.index("low") else "low"


def site_signals(reports: str | Path, inventory: str | Path, share: bool = False, *,
                 warn=None):
    """Read a site's worker reports and inventory, assess the inventory and match the two
    per area: (assessment, result) with the reading warnings in result["warnings"]. Each
    warning is also passed to `warn` as soon as the reports are read."""
    items, warnings = load_reports(reports)
    for w in warnings:
        if warn is not None:
            warn(w)
    a = assess_rows(load_inventory(inventory))
    result = area_signals(items, a, share)
    result.warnings = warnings
    return a, result


def _shown(n: int, share: bool):
    return "<3" if share and 0 < n < 3 else n


LEVELS = ("none", "low", "medium", "high", "critical")


def _level(counts, matched, chems, area_known, share=False) -> tuple[str, list[str]]:
    """(signal level, reasons). With `share`, a count below 3 in a reason is "<3", as in
    the counts themselves: a small number in free text re-identifies a worker."""
    reasons, level = [], "none"

    def many(n: int, what: str) -> str:
        if share and 0 < n < 3:
            return f"<3 reports of {what}"
        return f"{n} report(s) of {what}"

    def up(new, why):
        nonlocal level
        reasons.append(why)
        if LEVELS.index(new) > LEVELS.index(level):
            level = new

    neuro = sum(counts.get(c, 0) for c in NEURO)
    neuro_chems = set().union(*(matched.get(c, set()) for c in NEURO)) if neuro else set()
    if neuro and neuro_chems:
        names = ", ".join(chems[k].name for k in sorted(neuro_chems))
        if neuro >= 3:
            up("critical", f"{neuro} reports of numbness, tingling or leg weakness where "
               f"{names} (peripheral neuropathy) is used: refer workers to a physician")
        else:
            up("high", f"{many(neuro, 'numbness or leg weakness')} where {names} is used")
    for code, n in counts.items():
        if code in NEURO or code not in matched:
            continue
        names = ", ".join(chems[k].name for k in sorted(matched[code]))
        label = SYMPTOMS[code]["signals"]
        up("high" if n >= 3 else "medium", f"{many(n, code.replace('_', ' '))} "
           f"({label}) where {names} is used")
    if counts and level == "none":
        # Not a chemical signal, but the reports are not dropped: say why none was found.
        reasons.append("no chemical used in this area has a hazard matching these reports"
                       if area_known else "no inventory rows for this area: nothing to match")
    return level, reasons
