"""What a reported symptom may signal, from data: data/symptom_signals.csv gives each symptom
code its hazard, kind (symptom, observation, absence) and whether its reports are pooled;
data/signal_hazards.csv says how a hazard is recognised in a chemical row: an H-code
(`h_code`, covering sub-codes), a rule finding whose title names it (`rule_title`), a
descriptor at or above a value (`descriptor_ge`, `name:value`) or a true descriptor
(`descriptor_true`). No rule id is written in code."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import lru_cache

from cepn_screen.core.hcodes import h_code_covers
from cepn_screen.knowledge.base import data_dir, read_records


@lru_cache(maxsize=1)
def _symptoms() -> dict[str, dict]:
    return {r["symptom"]: {"signals": r["hazard"], "kind": r.get("kind") or "symptom",
                           "pooled": r.get("pooled") == "yes"}
            for r in read_records(data_dir() / "symptom_signals.csv")}


@lru_cache(maxsize=1)
def _hazards() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for r in read_records(data_dir() / "signal_hazards.csv"):
        out.setdefault(r["hazard"], []).append((r["match"], r["value"]))
    return out


class _Symptoms(Mapping):
    """symptom code -> {"signals": hazard, "kind", "pooled"}, loaded on first use."""

    def __getitem__(self, code: str) -> dict:
        return _symptoms()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(_symptoms())

    def __len__(self) -> int:
        return len(_symptoms())


class _Pooled:
    """The symptom codes marked pooled (counted together), loaded on first use."""

    def __iter__(self) -> Iterator[str]:
        return iter([c for c, s in _symptoms().items() if s["pooled"]])

    def __contains__(self, code: object) -> bool:
        return code in list(self)


SYMPTOMS = _Symptoms()
POOLED = _Pooled()


def has_hazard(hazard: str, ra) -> bool:
    """Whether the assessed row `ra` shows the hazard. A row without a profile, or a
    hazard no row of data/signal_hazards.csv describes, matches nothing (the caller must
    not read that as "no hazard": it reports the area as having nothing to match)."""
    p = ra.profile
    if p is None:
        return False
    for kind, value in _hazards().get(hazard, []):
        if kind == "h_code" and any(h_code_covers(value, h) for h in (p.h_codes or [])):
            return True
        if kind == "rule_title" and any(value.lower() in (f.title or "").lower()
                                        for f in ra.findings):
            return True
        if kind == "descriptor_ge":
            name, _, threshold = value.partition(":")
            v = p.descriptors.get(name)
            if v is not None and v >= float(threshold):
                return True
        if kind == "descriptor_true" and p.descriptors.get(value):
            return True
    return False
