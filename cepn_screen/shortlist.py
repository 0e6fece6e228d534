"""Substitution shortlists for a whole inventory: every row (and product component) at or
above a priority gets the top alternatives for its process."""

from __future__ import annotations

from dataclasses import dataclass, field

from cepn_screen.assess import PRIORITIES, assess_rows
from cepn_screen.models import Assessment, InventoryRow
from cepn_screen.substitute import Shortlist, profile_for_process, substitute


@dataclass
class Entry:
    rows: list[int]
    products: list[str]
    process: str
    shortlist: Shortlist | None
    problem: str = ""
    priorities: list[str] = field(default_factory=list)


def inventory_shortlist(rows: list[InventoryRow], *, min_priority: str = "high",
                        top: int = 5, rule_sets=None, resolver=None, kb=None
                        ) -> tuple[Assessment, list[Entry]]:
    a = assess_rows(rows, rule_sets=rule_sets, resolver=resolver, kb=kb)
    threshold = PRIORITIES.index(min_priority)
    groups: dict[tuple[str, str], Entry] = {}
    for ra in a.rows:
        if PRIORITIES.index(ra.priority) < threshold:
            continue
        res = ra.resolution
        if res.status != "resolved" or res.components or not (res.cas or res.smiles):
            continue
        proc = profile_for_process(ra.row.process)
        key = (res.cas or res.smiles, proc)
        e = groups.get(key)
        if e is None:
            e = groups[key] = Entry([], [], proc, None)
        e.rows.append(ra.row.row)
        e.priorities.append(ra.priority)
        if ra.row.product and ra.row.product not in e.products:
            e.products.append(ra.row.product)
    for (ident, proc), e in groups.items():
        try:
            e.shortlist = substitute(ident, process=proc, rule_sets=rule_sets,
                                     resolver=resolver, kb=kb, top=top)
        except Exception as exc:  # a target without Hansen data: say so, keep going
            from cepn_screen.errors import UserError

            if not isinstance(exc, UserError):
                raise
            e.problem = str(exc)
    return a, list(groups.values())
