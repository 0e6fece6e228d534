"""The `chemicals` (ChEDL) offline compound database, behind a small interface.

It is a fallback after the curated names: its name index has known errors
("N-methyl-2-pyrrolidone" is absent and "xylene" means o-xylene there), so hits from it are
marked as such and cross-checked by the resolver.

Look-ups go to the compact on-disk index (`offline_index`), built once into the cache; where
it cannot be built (no writable cache) or `CEPN_INDEX=off`, to the database in memory. Both
answer the same (a test compares them).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass

from cepn_screen.knowledge import offline_index


@dataclass(frozen=True)
class DbCompound:
    cas: str
    name: str
    smiles: str
    inchikey: str
    pubchem_cid: int | None


class MemoryDb:
    """The same interface as `offline_index.OfflineIndex`, over the loaded `chemicals` data."""

    def __init__(self) -> None:
        from chemicals import identifiers

        identifiers.pubchem_db.autoload_main_db()
        self.db = identifiers.pubchem_db

    @staticmethod
    def _record(meta) -> offline_index.Record | None:
        if not meta:
            return None
        return (offline_index.int_to_cas(offline_index.record_cas(meta)), meta.common_name,
                meta.smiles or "", meta.InChI_key or "", meta.pubchemid or None)

    def by_cas(self, cas: str | int):
        n = cas if isinstance(cas, int) else offline_index.cas_to_int(str(cas))
        return None if n is None else self._record(self.db.CAS_index.get(n))

    def by_name(self, name: str):
        return self._record(self.db.name_index.get(name))

    def by_inchikey(self, key: str):
        return self._record(self.db.InChI_key_index.get(key))

    @functools.cached_property
    def _formulas(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for k, meta in self.db.CAS_index.items():
            if isinstance(k, int) and meta.formula:
                out.setdefault(meta.formula, []).append(k)
        return out

    def by_formula(self, formula: str):
        return [self._record(self.db.CAS_index[n])
                for n in sorted(self._formulas.get(formula, ()))]

    @functools.cached_property
    def _props(self) -> dict[str, dict[int, tuple[float, str]]]:
        return offline_index.compiled_properties()

    def properties(self, cas: str) -> dict[str, tuple[float, str]]:
        n = offline_index.cas_to_int(cas)
        return {prop: found[n] for prop, found in self._props.items() if n in found}

    def with_property(self, prop: str):
        for n in sorted(self._props[prop]):
            rec = self.by_cas(n)
            if rec is not None:
                yield rec, *self._props[prop][n]

    def compounds(self, limit: int | None = None):
        keys = sorted(k for k in self.db.CAS_index if isinstance(k, int))[:limit]
        return [self._record(self.db.CAS_index[k]) for k in keys]


@functools.cache
def backend():
    """The index if it can be opened (built on first use), else the in-memory database."""
    if os.environ.get("CEPN_INDEX", "").lower() not in ("off", "0", "no", "false"):
        index = offline_index.open_index()
        if index is not None:
            return index
    return MemoryDb()


def _wrap(rec: offline_index.Record | None) -> DbCompound | None:
    return DbCompound(*rec) if rec else None


def by_cas(cas: str | int) -> DbCompound | None:
    return _wrap(backend().by_cas(cas))


def by_name(name: str) -> DbCompound | None:
    b = backend()
    return _wrap(b.by_name(name) or b.by_name(name.lower()))


def by_inchikey(key: str) -> DbCompound | None:
    return _wrap(backend().by_inchikey(key))


def by_formula(formula: str) -> list[DbCompound]:
    """The compounds with this molecular formula, written in Hill order (`ClH`, `H2O4S`,
    `C2H6O`); several for isomers."""
    return [DbCompound(*r) for r in backend().by_formula(formula)]


def properties(cas: str) -> dict[str, tuple[float, str]]:
    """Compiled physical data (not predictions): property -> (value, data set)."""
    return backend().properties(cas)


def with_property(prop: str) -> Iterator[tuple[DbCompound, float, str]]:
    for rec, value, method in backend().with_property(prop):
        yield DbCompound(*rec), value, method


def compounds(limit: int | None = None) -> list[DbCompound]:
    return [DbCompound(*r) for r in backend().compounds(limit)]
