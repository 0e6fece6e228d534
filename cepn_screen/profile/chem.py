"""Chemistry helpers shared by the profile stage, the rules and the signals: one parsed
RDKit molecule per SMILES and process (RDKit is imported on first use, so that loading
this module stays cheap)."""

from __future__ import annotations

from typing import Any

_MOL_CACHE: dict[str, Any] = {}
_MOL_CACHE_SIZE = 512


def molecule(smiles: str | None):
    """The RDKit molecule of a SMILES (None if unreadable), parsed once per process."""
    if not smiles:
        return None
    mol = _MOL_CACHE.get(smiles)
    if mol is None and smiles not in _MOL_CACHE:
        from rdkit import Chem, RDLogger

        RDLogger.DisableLog("rdApp.*")
        mol = Chem.MolFromSmiles(smiles)
        # A substance's molecule is wanted by its descriptors, groups and rules, all while
        # it is screened: a few recent ones suffice, and each holds native memory the
        # Python heap does not see (40,000 of them cost several hundred MB).
        if len(_MOL_CACHE) >= _MOL_CACHE_SIZE:
            del _MOL_CACHE[next(iter(_MOL_CACHE))]
        _MOL_CACHE[smiles] = mol
    return mol
