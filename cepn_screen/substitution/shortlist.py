"""Substitution shortlists for a whole inventory: every row (and product component) at or
above a priority gets the top alternatives for its process."""

from __future__ import annotations

from dataclasses import dataclass, field

from cepn_screen.core.errors import NoHansenData, NotFound
from cepn_screen.core.models import Assessment, InventoryRow
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.pipeline.context import Context
from cepn_screen.scoring.priority import PRIORITIES
from cepn_screen.substitution.substitute import Shortlist, profile_for_process, substitute


@dataclass
class Entry:
    rows: list[int]
    products: list[str]
    process: str
    shortlist: Shortlist | None
    problem: str = ""
    priorities: list[str] = field(default_factory=list)


def inventory_shortlist(rows: list[InventoryRow], *, min_priority: str = "high",
                        top: int = 5, rule_sets=None, resolver=None, kb=None,
                        context: Context | None = None,
                        inputs: dict | None = None,
                        progress=None) -> tuple[Assessment, list[Entry]]:
    """Group the rows at or above `min_priority` by substance and process, and find the
    top alternatives once per group. `inputs` describes the inventory (its file name heads
    the reports); `progress(stage, done, total)` hears how far the run has come."""
    ctx = context or Context.build(kb, rule_sets, resolver)
    a = assess_rows(rows, context=ctx, inputs=inputs, progress=progress)
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
    for i, ((ident, proc), e) in enumerate(groups.items(), 1):
        if progress is not None:
            progress("finding substitutes", i, len(groups))
        try:
            e.shortlist = substitute(ident, process=proc, context=ctx, top=top)
        except (NotFound, NoHansenData) as exc:  # say so, keep going
            e.problem = str(exc)
    return a, list(groups.values())


def worst_first(a: Assessment, *, rule_sets=None, resolver=None, limit: int = 5,
                context: Context | None = None):
    """(row, shortlist) for the worst distinct substances of an assessment (critical first),
    for "what to substitute first" in reports."""
    ctx = context or Context.build(rule_sets=rule_sets, resolver=resolver)
    order = {"critical": 0, "high": 1}
    worst = sorted((r for r in a.rows if r.priority in order and r.profile is not None),
                   key=lambda r: (order[r.priority], r.row.row))
    out, seen = [], set()
    for r in worst:
        key = r.resolution.cas or r.resolution.smiles
        if key in seen:
            continue
        seen.add(key)
        try:
            sl = substitute(key, process=profile_for_process(r.row.process), context=ctx, top=5)
        except (NotFound, NoHansenData):  # the report says so
            sl = None
        out.append((r, sl))
        if len(out) >= limit:
            break
    return out


def report_entries(a: Assessment, entries: list[Entry] | None = None, *, rule_sets=None,
                   resolver=None, context: Context | None = None):
    """(row, shortlist) pairs for the "what to substitute first" part of the HTML and XLSX
    reports: one per group of an inventory shortlist when `entries` are given, else the
    worst distinct substances of the assessment (worst_first)."""
    if entries is None:
        return worst_first(a, rule_sets=rule_sets, resolver=resolver, context=context)
    by_row = {r.row.row: r for r in a.rows}
    return [(by_row[e.rows[0]], e.shortlist) for e in entries]
