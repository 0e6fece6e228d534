"""Chemistry helpers shared by the profile stage, the rules and the signals: one parsed
RDKit molecule per SMILES and process (RDKit is imported on first use, so that loading
this module stays cheap)."""

from __future__ import annotations

from typing import Any

_MOL_CACHE: dict[str, Any] = {}


def molecule(smiles: str | None):
    """The RDKit molecule of a SMILES (None if unreadable), parsed once per process."""
    if not smiles:
        return None
    mol = _MOL_CACHE.get(smiles)
    if mol is None and smiles not in _MOL_CACHE:
        from rdkit import Chem, RDLogger

        RDLogger.DisableLog("rdApp.*")
        mol = Chem.MolFromSmiles(smiles)
        if len(_MOL_CACHE) > 100_000:
            _MOL_CACHE.clear()
        _MOL_CACHE[smiles] = mol
    return mol
