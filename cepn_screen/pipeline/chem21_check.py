"""Cross-check of the tool's CHEM21 scores against the scores the CHEM21 guide published
(data/chem21_reference.csv, Prat et al. 2016 Tables 7 and 8): each solvent is screened
from the offline data as any inventory row would be, and every disagreement is listed with
the fact behind it. The reference is a check, never a score source."""

from __future__ import annotations

from dataclasses import dataclass, field

from cepn_screen.core.hcodes import parent_codes
from cepn_screen.core.models import Score
from cepn_screen.knowledge.base import KnowledgeBase, read_records
from cepn_screen.pipeline.context import Context

TAGS = {"harmonised": "EU harmonised", "national": "national", "registration": "registrants'",
        "notified": "notifiers'", "sds": "SDS"}


@dataclass
class Comparison:
    solvents: int = 0
    agree: int = 0  # S, H and E all equal
    per_axis: dict[str, int] = field(default_factory=lambda: {"S": 0, "H": 0, "E": 0})
    disagreements: list[str] = field(default_factory=list)
    not_screened: list[str] = field(default_factory=list)

    @property
    def agreement(self) -> float | None:
        return self.agree / self.solvents if self.solvents else None


def _int(text: str) -> int | None:
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def _codes_by_source(p) -> str:
    groups: dict[str, list[str]] = {}
    for h in p.hazard_codes:
        label = f"EU group entry {h.group}" if h.group else TAGS.get(h.kind, h.kind)
        groups.setdefault(label, []).append(h.code)
    return "; ".join(f"{k} {' '.join(v)}" for k, v in groups.items()) or "none held"


# How a disagreement is explained: a reviewed cause from chem21_differences.csv, else one
# chosen from the facts the score records as unknown.
DATA_GAP, PAPER, SOURCES = "data gap", "paper", "sources differ"


def _reviewed(kb: KnowledgeBase) -> dict[tuple[str, str], dict]:
    path = kb.root / "chem21_differences.csv"
    if not path.exists():
        return {}
    return {(r.get("cas", ""), r.get("axis", "")): r for r in read_records(path)}


def cause(axis: str, sc: Score, want: int, reviewed: dict | None) -> str:
    """Why a computed score differs from the paper's: a reviewed cause (kind and note,
    with its source) when one is held, else one chosen from the facts the score records
    as unknown (`Score.unknown`), never from its criterion text."""
    if reviewed:
        return (f"cause ({reviewed.get('kind')}, reviewed): {reviewed.get('note')} "
                f"[{reviewed.get('source')}]")
    unknown = set(sc.unknown)
    if axis == "S":
        if sc.value is None and "flash_point" in unknown:
            return (f"cause ({DATA_GAP}): no sourced flash point, and no source that "
                    "assessed flammability")
        if "flash_point" in unknown:
            return (f"cause ({DATA_GAP}): no sourced flash point; the flammability class "
                    "held sets the worst band of its flash-point range")
        if sc.value is not None and sc.value < want and "resistivity" in unknown:
            return (f"cause ({DATA_GAP}): resistivity unknown; the paper's extra point "
                    "(a static accumulator, or a peroxide former counted without EUH019) "
                    "cannot be told apart in its tables, so no flag is deduced")
    elif sc.value is None and "boiling_point" in unknown:
        return f"cause ({DATA_GAP}): no sourced boiling point"
    elif sc.incomplete and unknown - {"boiling_point"}:
        return (f"cause ({DATA_GAP}): no EU-basis classification (harmonised or "
                "registrants') held for the classes the score needs; the method's "
                "default or the EU codes held decide, national codes only noted")
    return f"cause ({SOURCES}): the facts held here differ from the paper's (see above)"


def compare(kb: KnowledgeBase | None = None, context: Context | None = None) -> Comparison:
    ctx = context or Context.build(kb, rule_sets=[])
    kb = ctx.kb
    out = Comparison()
    screener = ctx.screener(with_rules=False)
    reviewed = _reviewed(kb)
    for r in read_records(kb.root / "chem21_reference.csv"):
        want = {"S": _int(r.get("safety")), "H": _int(r.get("health")),
                "E": _int(r.get("environment"))}
        if None in want.values():
            continue
        res = ctx.resolver.resolve(r.get("name"), r.get("cas"))
        if res.status != "resolved" or res.components:
            out.not_screened.append(f"{r.get('name')} ({r.get('cas')}): {res.status}")
            continue
        out.solvents += 1
        s = screener.screen(res)
        got = {"S": s.scores.safety, "H": s.scores.health, "E": s.scores.environment}
        causes = []
        for axis, sc in got.items():
            if sc.value == want[axis]:
                out.per_axis[axis] += 1
                continue
            ours = "?" if sc.value is None else str(sc.value)
            why = cause(axis, sc, want[axis], reviewed.get((r.get("cas", ""), axis)))
            if axis == "H":
                worst = r.get("worst_h_statements", "")
                causes.append(f"H {ours} vs {want[axis]}: H-statements: "
                              f"{_codes_by_source(s.profile)}; paper used {worst} "
                              f"({sc.criterion}); {why}")
            elif axis == "S":
                causes.append(f"S {ours} vs {want[axis]}: {sc.criterion}; paper flash point "
                              f"{r.get('flash_point_c')}; {why}")
            else:
                h4 = sorted(c for c in parent_codes(s.profile.h_codes) if c.startswith("H4"))
                causes.append(f"E {ours} vs {want[axis]}: {sc.criterion}; paper boiling point "
                              f"{r.get('bp_c')}, H4xx {' '.join(h4) or 'none held here'} vs "
                              f"{r.get('worst_h_statements')}; {why}")
        if causes:
            out.disagreements.append(f"{r.get('name')} ({r.get('cas')}): " + " | ".join(causes))
        else:
            out.agree += 1
    return out


def render(c: Comparison) -> list[str]:
    lines = [f"warning CHEM21 {d}" for d in c.disagreements]
    lines += [f"warning CHEM21 not screened: {n}" for n in c.not_screened]
    if c.solvents:
        lines.append(f"CHEM21 cross-check: {c.agree}/{c.solvents} solvents agree on S, H and E "
                     f"({c.agreement:.1%}); per score: "
                     + ", ".join(f"{k} {v}/{c.solvents}" for k, v in c.per_axis.items()))
    return lines
