"""Which substances get a worker hazard card: one substance asked for by name, CAS or
SMILES, or every distinct identified substance of an inventory file."""

from __future__ import annotations

from pathlib import Path

from cepn_screen.core.errors import NotFound
from cepn_screen.core.models import RowAssessment
from cepn_screen.inventory.load import load_inventory
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.pipeline.lookup import lookup

INVENTORY_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def card_rows(target: str, country: str | None = None) -> list[RowAssessment]:
    """The assessed rows to print cards for, one per distinct CAS, in inventory order.
    `target` is an inventory file when it has an inventory suffix and exists, else a
    substance; NotFound when nothing can be identified."""
    path = Path(target)
    if path.suffix.lower() in INVENTORY_SUFFIXES and path.exists():
        a = assess_rows(load_inventory(path), country=country)
        rows, seen = [], set()
        for r in a.rows:
            if r.profile is not None and r.profile.cas not in seen:
                seen.add(r.profile.cas)
                rows.append(r)
    else:
        # exposure (limit, control band) is part of the row already
        r = lookup(target, country=country)
        if r.profile is None:
            raise NotFound(f"cannot identify {target!r}: "
                           f"{r.resolution.reason or r.resolution.status}")
        rows = [r]
    if not rows:
        raise NotFound("no identified substance to make a card for", file=str(target))
    return rows
