"""The `chemicals` (ChEDL) offline compound database, behind a small interface.

It is a fallback after the curated names: its name index has known errors
("N-methyl-2-pyrrolidone" is absent and "xylene" means o-xylene there), so hits from it are
marked as such and cross-checked by the resolver.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class DbCompound:
    cas: str
    name: str
    smiles: str
    inchikey: str
    pubchem_cid: int | None


@functools.cache
def _db():
    from chemicals import identifiers

    identifiers.pubchem_db.autoload_main_db()
    return identifiers


def _wrap(meta) -> DbCompound | None:
    if not meta:
        return None
    ids = _db()
    cas = ids.int_to_CAS(meta.CASs) if isinstance(meta.CASs, int) else str(meta.CASs)
    return DbCompound(cas, meta.common_name, meta.smiles or "", meta.InChI_key or "",
                      meta.pubchemid or None)


def by_cas(cas: str | int) -> DbCompound | None:
    ids = _db()
    try:
        key = cas if isinstance(cas, int) else ids.CAS_to_int(str(cas))
        return _wrap(ids.pubchem_db.search_CAS(key))
    except (KeyError, ValueError, AttributeError):
        return None


def by_name(name: str) -> DbCompound | None:
    ids = _db()
    meta = ids.pubchem_db.search_name(name)
    if not meta:
        meta = ids.pubchem_db.search_name(name.lower())
    return _wrap(meta)


def by_inchikey(key: str) -> DbCompound | None:
    return _wrap(_db().pubchem_db.search_InChI_key(key))
