"""CHEM21 Safety / Health / Environment scores and default ranking.

Implements the method sheet (Prat et al., Green Chem. 2016, 18, 288) as restated in
shared/methods/chem21.md, including its DECISION points. Each score carries the criterion
that set it, so a report can say why.
"""

from __future__ import annotations

from cepn_screen.core.hcodes import parent_codes
from cepn_screen.core.models import Profile, Score, Scores

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
FLAMMABLE = ("H224", "H225", "H226")


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


def safety_score(p: Profile) -> Score:
    if p.cas == WATER:
        return Score(1, "water: S = 1 by definition")
    decomposition = p.prop("decomposition_energy_j_g")
    if decomposition is not None and decomposition > 500:
        return Score(10, f"energy of decomposition {decomposition:g} J/g > 500")
    fp = p.prop("flash_point_c")
    codes = set(_codes(p))
    if fp is not None:
        base = flash_point_band(fp)
        why = [f"flash point {fp:g} °C → {base}"]
    elif p.has_no("flash_point_c"):
        base = 1
        why = ["no flash point (not flammable) → 1"]
    elif p.h_codes is not None and not (codes & set(FLAMMABLE)):
        base = 1
        why = ["no flash point and not classified flammable → 1"]
    elif codes & {"H224", "H225"}:
        # Flash point unknown but classified < 23 °C: take the worst band of that range.
        base = 7
        why = ["flash point unknown; H224/H225 (flash point < 23 °C) → worst band 7"]
    elif "H226" in codes:
        base = 4
        why = ["flash point unknown; H226 (23–60 °C) → worst band 4"]
    else:
        return Score(None, "flash point and flammability classification unknown")
    score = base
    ait = p.prop("autoignition_c")
    if ait is not None and ait < 200:
        score += 1
        why.append(f"auto-ignition {ait:g} °C < 200 → +1")
    res = p.prop("resistivity_ohm_m")
    if res is not None and res > 1e8:
        score += 1
        why.append("resistivity > 10^8 Ω·m (static accumulator) → +1")
    if "EUH019" in (p.h_codes or []):
        score += 1
        why.append("forms explosive peroxides (EUH019) → +1")
    return Score(min(score, 10), "; ".join(why))


def health_score(p: Profile) -> Score:
    if p.cas == WATER:
        return Score(1, "water: H = 1 by definition")
    if p.h_codes is None:
        return Score(5, "hazard data unknown → 5 (no boiling-point increment)")
    relevant = [(HEALTH_BASE[c], c) for c in _codes(p) if c in HEALTH_BASE]
    if not any(c.startswith("H3") for c in _codes(p)) and not relevant:
        return Score(1, "classified, no H3xx statement → 1")
    if not relevant:
        return Score(1, "classified, no H3xx statement of the CHEM21 table → 1")
    base, code = max(relevant)
    why = [f"{code} → {base}"]
    score = base
    bp = p.prop("boiling_point_c")
    if bp is not None and bp < 85:
        score += 1
        why.append(f"boiling point {bp:g} °C < 85 → +1")
    elif bp is None:
        why.append("boiling point unknown, no increment")
    return Score(min(score, 10), "; ".join(why))


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
    if p.h_codes is None:
        h4, h4_why = 5, "environmental data unknown → 5"
    else:
        held = [(ENV_H4[c], c) for c in codes if c in ENV_H4]
        if held:
            h4, code = max(held)
            h4_why = f"{code} → {h4}"
        else:
            h4, h4_why = 3, "no H4xx statement → 3"
    bp = p.prop("boiling_point_c")
    if bp is None:
        return Score(None, f"boiling point unknown ({h4_why})")
    b = bp_band(bp)
    bp_why = f"boiling point {bp:g} °C → {b}"
    if b >= h4:
        return Score(b, f"{bp_why} ({h4_why})")
    return Score(h4, f"{h4_why} ({bp_why})")


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


def chem21(p: Profile) -> Scores:
    s, h, e = safety_score(p), health_score(p), environment_score(p)
    if None in (s.value, h.value, e.value):
        return Scores(s, h, e, None, "a score is unknown, so no ranking")
    rank, why = ranking(s.value, h.value, e.value)
    return Scores(s, h, e, rank, why)
