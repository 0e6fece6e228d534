"""CHEM21 Safety / Health / Environment scores and default ranking.

Implements the method sheet (Prat et al., Green Chem. 2016, 18, 288) as restated in
shared/methods/chem21.md, including its DECISION points. Each score carries the criterion
that set it, so a report can say why.
"""

from __future__ import annotations

from dataclasses import replace

from cepn_screen.core.hazard_classes import (
    ABSENT,
    ENVIRONMENT,
    FLAMMABILITY,
    HEALTH,
    PRESENT,
    UNKNOWN,
    classes_of_code,
)
from cepn_screen.core.hcodes import parent_codes
from cepn_screen.core.models import ClassState, Profile, Score, Scores
from cepn_screen.knowledge.base import CHEM21_GUIDE

WATER = "7732-18-5"

# Health base values from the most severe H3xx statement (parent codes).
HEALTH_BASE: dict[str, int] = {
    **dict.fromkeys(("H340", "H350", "H360", "H300", "H310", "H330"), 9),
    "H314": 7,
    **dict.fromkeys(("H341", "H351", "H361", "H370", "H372", "H301", "H311", "H331"), 6),
    **dict.fromkeys(("H334", "H318"), 4),
    **dict.fromkeys(("H304", "H371", "H373", "H302", "H312", "H332", "H336", "H315", "H317",
                     "H319", "H335", "EUH070", "EUH066"), 2),
}
ENV_H4: dict[str, int] = {"H412": 5, "H413": 5, "H400": 7, "H410": 7, "H411": 7, "H420": 10}


def _codes(p: Profile) -> set[str]:
    return parent_codes(p.h_codes)


def flash_point_band(fp: float) -> int:
    """Basic Safety score from the closed-cup flash point (°C).
    DECISION (sheet): 23 °C is in the "4" band and 23 < fp < 24 counts as 23."""
    if fp > 60:
        return 1
    if fp >= 24:
        return 3
    if fp >= 0:
        return 4
    if fp >= -20:
        return 5
    return 7


INCOMPLETE_RANKING = "Problematic (incomplete data)"
# chem21_flags.csv: the guide's own application of the two criteria, where no measured
# resistivity or decomposition energy is held (deduced from its published scores), or the
# criterion as another cited source states it (an SDS calling the liquid a static
# accumulator: conductivity well below 10^4 pS/m, i.e. resistivity above 10^8 Ω·m).
STATIC_FLAG = "static_accumulator"
DECOMPOSITION_FLAG = "decomposition_energy_gt_500"


GUIDE = CHEM21_GUIDE


def _flag_ref(p: Profile, flag: str) -> str:
    """How a chem21_flags.csv criterion is known, chosen by its source id: as the guide
    applied it (deduced from its published score), or as another cited source states it.
    A flag without a source is not taken for the guide's."""
    fact = p.properties.get(flag)
    if fact is None or not fact.source:
        return f"{flag}, source not given"
    if fact.source == GUIDE:
        return f"as the CHEM21 guide applied it, {fact.source}, deduced from its published score"
    return f"as {fact.source} states it"


def flammability(p: Profile) -> ClassState:
    """Flammability as one fact: present if any flammability class is (codes joined);
    absent if flammable liquids were assessed and not classified, or every flammability
    class was; else unknown."""
    states = [p.hazard_state(k) for k in FLAMMABILITY]
    held = [s for s in states if s.state == PRESENT]
    if held:
        return ClassState(PRESENT, tuple(c for s in held for c in s.codes), held[0].kind,
                          held[0].source, held[0].ref)
    liquid = states[0]
    if liquid.state == ABSENT:
        return liquid
    if all(s.state == ABSENT for s in states):
        return states[0]
    return ClassState(UNKNOWN)


def _by(state: ClassState) -> str:
    return f" ({state.kind} {state.source})" if state.source and state.kind != "given" else ""


def safety_score(p: Profile) -> Score:
    if p.cas == WATER:
        return Score(1, "water: S = 1 by definition")
    decomposition = p.prop("decomposition_energy_j_g")
    if decomposition is not None and decomposition > 500:
        return Score(10, f"energy of decomposition {decomposition:g} J/g > 500 → 10")
    if decomposition is None and p.prop(DECOMPOSITION_FLAG) is True:
        return Score(10, "energy of decomposition > 500 J/g "
                     f"({_flag_ref(p, DECOMPOSITION_FLAG)}) → 10")
    fp = p.prop("flash_point_c")
    flam = flammability(p)
    codes = parent_codes(list(flam.codes)) if flam.state == PRESENT else set()
    if fp is not None:
        base = flash_point_band(fp)
        why = [f"flash point {fp:g} °C → {base}"]
    elif p.has_no("flash_point_c"):
        base = 1
        why = ["no flash point (not flammable) → 1"]
    elif codes & {"H224", "H225", "H220", "H221", "H222", "H223"}:
        # Flash point unknown but classified < 23 °C: take the worst band of that range.
        base = 7
        why = ["flash point unknown; " + "/".join(sorted(codes)) +
               " (flash point < 23 °C) → worst band 7"]
    elif "H226" in codes:
        base = 4
        why = ["flash point unknown; H226 (23–60 °C) → worst band 4"]
    elif "H227" in codes:
        base = 1
        why = ["flash point unknown; H227 (GHS category 4, 60–93 °C) → 1"]
    elif flam.state == ABSENT:
        base = 1
        why = [f"flash point unknown; flammability assessed, not classified{_by(flam)} → 1"]
    else:
        return Score(None, "flash point unknown and flammability not assessed by any source",
                     True, ("flash_point",))
    missing = ("flash_point",) if fp is None and not p.has_no("flash_point_c") else ()
    score = base
    ait = p.prop("autoignition_c")
    if ait is not None and ait < 200:
        score += 1
        why.append(f"auto-ignition {ait:g} °C < 200 → +1")
    res = p.prop("resistivity_ohm_m")
    static = p.prop(STATIC_FLAG)
    if res is not None and res > 1e8:
        score += 1
        why.append(f"resistivity {res:.3g} Ω·m > 10^8 (static accumulator) → +1")
    elif res is None and static is True:
        score += 1
        why.append(f"static accumulator (resistivity > 10^8 Ω·m, {_flag_ref(p, STATIC_FLAG)})"
                   " → +1")
    if "EUH019" in (p.h_codes or []):
        score += 1
        why.append("forms explosive peroxides (EUH019) → +1")
    unknown = [(key, name) for key, name, prop, flag in (
        ("resistivity", "resistivity", "resistivity_ohm_m", STATIC_FLAG),
        ("decomposition_energy", "energy of decomposition", "decomposition_energy_j_g",
         DECOMPOSITION_FLAG))
        if p.prop(prop) is None and p.prop(flag) is None]
    if unknown:
        why.append(" and ".join(name for _, name in unknown) + " unknown (not counted)")
    return Score(min(score, 10), "; ".join(why), False,
                 missing + tuple(key for key, _ in unknown))


def health_score(p: Profile) -> Score:
    if p.cas == WATER:
        return Score(1, "water: H = 1 by definition")
    if p.h_codes is None:
        return Score(5, "hazard data unknown → 5 (method default; no boiling-point increment)",
                     True, tuple(HEALTH))
    states = {k: p.hazard_state(k) for k in HEALTH}
    unknown = [k for k, st in states.items() if st.state == UNKNOWN]
    relevant = [(HEALTH_BASE[c], c) for c in _codes(p) if c in HEALTH_BASE]
    if not relevant:
        if unknown:
            return Score(5, "no H3xx statement held, but health classes not assessed by any "
                         f"source ({', '.join(unknown)}) → 5 (method default)", True,
                         tuple(unknown))
        if any(c.startswith("H3") for c in _codes(p)):
            return Score(1, "health classes assessed, no H3xx statement of the CHEM21 table "
                         "→ 1")
        return Score(1, "health classes assessed, no H3xx statement → 1")
    base, code = max(relevant)
    why = [f"{code} → {base}"]
    score = base
    bp = p.prop("boiling_point_c")
    if bp is not None and bp < 85:
        score += 1
        why.append(f"boiling point {bp:g} °C < 85 → +1")
    elif bp is None:
        why.append("boiling point unknown, no increment")
    if unknown:
        why.append("not assessed by any source: " + ", ".join(unknown))
    return Score(min(score, 10), "; ".join(why), False, tuple(unknown))


def bp_band(bp: float) -> int:
    """Environment score from the boiling point; DECISION: rounded to the nearest integer."""
    b = round(bp)
    if 70 <= b <= 139:
        return 3
    if 50 <= b <= 69 or 140 <= b <= 200:
        return 5
    return 7


def environment_score(p: Profile) -> Score:
    if p.cas == WATER:
        return Score(1, "water: E = 1 by definition")
    codes = set(_codes(p))
    if "H420" in codes:
        return Score(10, "H420 (harms the ozone layer) → 10")
    incomplete = False
    missing: tuple[str, ...] = ()
    if p.h_codes is None:
        h4, h4_why, incomplete = 5, "environmental data unknown → 5 (method default)", True
        missing = tuple(ENVIRONMENT)
    else:
        held = [(ENV_H4[c], c) for c in codes if c in ENV_H4]
        aquatic = [p.hazard_state(k) for k in ENVIRONMENT]
        if held:
            h4, code = max(held)
            h4_why = f"{code} → {h4}"
        elif all(st.state != UNKNOWN for st in aquatic):
            other = sorted(c for c in codes if c.startswith("H40"))
            h4 = 3
            h4_why = ("no H4xx statement of the CHEM21 table (" + ", ".join(other) +
                      ": GHS categories EU CLP lacks) → 3") if other else \
                "aquatic hazard assessed, no H4xx statement → 3"
        else:
            missing = tuple(k for k, st in zip(ENVIRONMENT, aquatic, strict=True)
                            if st.state == UNKNOWN)
            h4, h4_why, incomplete = 5, ("aquatic hazard not assessed by any source ("
                                         + ", ".join(missing) + ") → 5 (method default)"), True
    bp = p.prop("boiling_point_c")
    if bp is None:
        return Score(None, f"boiling point unknown ({h4_why})", True,
                     ("boiling_point",) + missing)
    b = bp_band(bp)
    bp_why = f"boiling point {bp:g} °C → {b}"
    if b >= h4:
        # The boiling point decides; a defaulted H4xx part below it does not matter.
        return Score(b, f"{bp_why} ({h4_why})", incomplete and b == h4,
                     missing if b == h4 else ())
    return Score(h4, f"{h4_why} ({bp_why})", incomplete, missing)


def ranking(s: int, h: int, e: int) -> tuple[str, str]:
    """Default CHEM21 ranking; the first matching rule wins."""
    scores = (s, h, e)
    if max(scores) >= 8:
        return "Hazardous", "a score ≥ 8"
    sevens = scores.count(7)
    if sevens >= 2:
        return "Hazardous", "two scores of 7"
    if sevens == 1:
        return "Problematic", "one score of 7"
    if sum(4 <= x <= 6 for x in scores) >= 2:
        return "Problematic", "two or more scores of 4–6"
    return "Recommended", "no red score and at most one yellow"


def _method_view(p: Profile) -> Profile:
    """The profile as the CHEM21 method reads it: its hazard facts on the method's own
    basis (EU harmonised, then registrants') when they differ from those acted on."""
    b = p.chem21_basis
    if b is None:
        return p
    return replace(p, h_codes=None if b.h_codes is None else list(b.h_codes),
                   hazard_classes=b.hazard_classes, hazard_codes=list(b.hazard_codes),
                   hazard_partial=b.partial, chem21_basis=None)


def _noted(score: Score, method: Profile, p: Profile, on_all: Score) -> Score:
    """A score on the method's basis, saying what every source held would give when that
    differs. When the other sources raise it through a class no EU source assessed, the
    score rests on an unknown and is marked incomplete (an unknown is never safe); where
    they disagree with an EU assessment, the EU one is the method's and the other is shown."""
    if on_all.value == score.value:
        return score
    extra = sorted(set(p.h_codes or ()) - set(method.h_codes or ()))
    held = f" ({', '.join(extra)} from {_kinds(p, extra)})" if extra else ""
    alt = "?" if on_all.value is None else on_all.value
    raised = on_all.value is None or score.value is None or on_all.value > score.value
    unassessed = sorted({k for c in extra for k in classes_of_code(c)
                         if method.hazard_state(k).state == UNKNOWN})
    gap = raised and bool(unassessed)
    why = f"; not assessed on that basis: {', '.join(unassessed)}" if gap else ""
    unknown = score.unknown + tuple(k for k in unassessed if gap and k not in score.unknown)
    return Score(score.value, f"{score.criterion} [CHEM21 basis: {p.chem21_basis.name}; "
                 f"with every source held{held}: {alt}{why}]", score.incomplete or gap,
                 unknown)


def _kinds(p: Profile, codes: list[str]) -> str:
    kinds = sorted({f"{h.kind} {h.source}" for h in p.hazard_codes if h.code in codes})
    return ", ".join(kinds) or "other sources"


def chem21(p: Profile) -> Scores:
    """CHEM21 scores. Health and Environment are read from H-statements on the method's
    basis (EU harmonised, then registrants'); Safety rests on physical facts (flash point,
    flammability, auto-ignition), which do not depend on a jurisdiction, so it reads every
    source. The tool's hazard verdicts (rules, priority, the substitution guard) act on
    every source (`Scores.every_source`); where that changes a score, its criterion says
    so."""
    m = _method_view(p)
    s = safety_score(p)
    if m is p:
        return _ranked(s, health_score(p), environment_score(p))
    h_all, e_all = health_score(p), environment_score(p)
    h = _noted(_on_basis(health_score(m)), m, p, h_all)
    e = _noted(_on_basis(environment_score(m)), m, p, e_all)
    out = _ranked(s, h, e)
    if (h.value, e.value) == (h_all.value, e_all.value):
        return out
    return replace(out, every_source=_ranked(s, h_all, e_all))


def _on_basis(score: Score) -> Score:
    """A score read on the EU basis says so where it names what was not assessed."""
    return replace(score, criterion=score.criterion.replace(
        "not assessed by any source", "not assessed by any EU source"))


def _ranked(s: Score, h: Score, e: Score) -> Scores:
    """The three scores with their default ranking; at best "Problematic (incomplete
    data)" when one is unknown or a default."""
    gaps = [name for name, sc in (("Safety", s), ("Health", h), ("Environment", e))
            if sc.incomplete or sc.value is None]
    if not gaps:
        rank, why = ranking(s.value, h.value, e.value)
        return Scores(s, h, e, rank, why)
    known = [x.value for x in (s, h, e) if x.value is not None]
    if known and (max(known) >= 8 or known.count(7) >= 2):
        return Scores(s, h, e, "Hazardous", ("a score ≥ 8" if max(known) >= 8 else
                                             "two scores of 7") + " (other data incomplete: "
                      + ", ".join(gaps) + ")")
    return Scores(s, h, e, INCOMPLETE_RANKING,
                  "at best Problematic: " + ", ".join(gaps) + " unknown or a method default")
