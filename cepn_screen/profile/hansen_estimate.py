"""Group-contribution estimate of Hansen solubility parameters from a SMILES string.

Method: Stefanis & Panayiotou, updated tables of Int. J. Pharm. 426 (2012) Appendix A
(the 2008 Int. J. Thermophys. method with refitted values); data in data/hansen_groups.csv
and data/hansen_group_constants.csv.

    dD = (sum Ni Ci + W sum Mj Dj + 959.11) ** 0.4126
    dP = sum Ni Ci + W sum Mj Dj + 7.6134      (low-value table and 2.6560 if below 3)
    dH = sum Ni Ci + W sum Mj Dj + 7.7003      (low-value table and 1.3720 if below 3)

W is 1 when a second-order group is present. Every heavy atom must belong to exactly one
first-order group (larger groups are matched first); otherwise, or when a present
first-order group has no published value for a parameter, the estimate is None.
Second-order cells the paper leaves empty count as 0 (the correction is simply not made).
The low-value tables are meant for compounds below 3 MPa½; the tables alone do not settle how
a new compound is classed, so here they are used when every first-order group present has a
low-value entry and either the main or the low-value result is below 3 (otherwise the main
result stands). dP and dH are clipped at 0.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from cepn_screen.knowledge.base import data_dir

METHOD = "stefanis-panayiotou-2012"
LOW = METHOD + "-low"
_PARAMS = ("d", "p", "h")


@dataclass(frozen=True)
class HansenEstimate:
    """Estimated Hansen parameters (MPa½) and the group counts they came from."""

    d: float
    p: float
    h: float
    method: str
    groups: dict[str, int]


@dataclass(frozen=True)
class _Group:
    name: str
    order: int
    pattern: object  # rdkit.Chem.Mol
    size: int
    values: dict[str, float | None]


def _num(text: str) -> float | None:
    return float(text) if text.strip() else None


@functools.cache
def _constants() -> dict[tuple[str, str], float]:
    with open(data_dir() / "hansen_group_constants.csv", encoding="utf-8", newline="") as fh:
        return {(r["method"], r["parameter"]): float(r["value"]) for r in csv.DictReader(fh)}


@functools.cache
def _tables() -> dict[str, list[_Group]]:
    """Groups per method, SMARTS compiled once; first-order groups sorted largest first."""
    from rdkit import Chem

    out: dict[str, list[_Group]] = {}
    with open(data_dir() / "hansen_groups.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            pattern = Chem.MolFromSmarts(r["smarts"])
            if pattern is None:
                raise ValueError(f"hansen_groups.csv: bad SMARTS for {r['group']!r}")
            values = {k: _num(r[k]) for k in _PARAMS}
            group = _Group(r["group"], int(r["order"]), pattern, pattern.GetNumAtoms(), values)
            out.setdefault(r["method"], []).append(group)
    for groups in out.values():
        groups.sort(key=lambda g: (g.order, -g.size))  # stable: file order breaks ties
    return out


def _assign_first_order(mol, groups: list[_Group]) -> dict[str, int] | None:
    """Greedy cover of all heavy atoms by non-overlapping first-order groups, or None."""
    used: set[int] = set()
    counts: dict[str, int] = {}
    for g in groups:
        if g.order != 1:
            continue
        for match in mol.GetSubstructMatches(g.pattern, uniquify=True, maxMatches=10000):
            if used.isdisjoint(match):
                used.update(match)
                counts[g.name] = counts.get(g.name, 0) + 1
    return counts if len(used) == mol.GetNumAtoms() else None


def _count_second_order(mol, groups: list[_Group]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for g in groups:
        if g.order == 2:
            n = len(mol.GetSubstructMatches(g.pattern, uniquify=True, maxMatches=10000))
            if n:
                counts[g.name] = n
    return counts


@functools.cache
def _values(method: str, param: str) -> dict[tuple[int, str], float | None]:
    return {(g.order, g.name): g.values[param] for g in _tables().get(method, [])}


def _linear(method: str, param: str, first: dict[str, int], second: dict[str, int]) -> float | None:
    """Sum Ni Ci + W sum Mj Dj + constant; None if a present first-order group lacks Ci."""
    table = _values(method, param)
    total = _constants()[(method, f"{param}_constant")]
    for name, n in first.items():
        value = table.get((1, name))
        if value is None:
            return None
        total += n * value
    for name, n in second.items():  # W = 1 whenever this loop has anything to add
        total += n * (table.get((2, name)) or 0.0)
    return total


def estimate(smiles: str) -> HansenEstimate | None:
    """Estimate (dD, dP, dH) for one molecule, or None when the method does not cover it."""
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    mol = Chem.MolFromSmiles(smiles) if smiles else None
    if mol is None or mol.GetNumAtoms() == 0 or len(Chem.GetMolFrags(mol)) != 1:
        return None
    if Chem.GetFormalCharge(mol) != 0:
        return None  # ions are outside the method
    groups = _tables()[METHOD]
    first = _assign_first_order(mol, groups)
    if first is None:
        return None
    second = _count_second_order(mol, groups)
    raw_d = _linear(METHOD, "d", first, second)
    if raw_d is None or raw_d <= 0:
        return None
    d = raw_d ** _constants()[(METHOD, "d_exponent")]
    result = {"d": d}
    threshold = _constants()[(LOW, "threshold")]
    for param in ("p", "h"):
        value = _linear(METHOD, param, first, second)
        if value is None:
            return None
        low = _linear(LOW, param, first, second)
        if low is not None and min(value, low) < threshold:
            value = low
        result[param] = max(value, 0.0)
    return HansenEstimate(
        d=result["d"], p=result["p"], h=result["h"], method=METHOD, groups={**first, **second}
    )
