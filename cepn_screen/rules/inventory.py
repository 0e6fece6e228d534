"""Inventory-level conditions: they look across the substances used together in one group
(the same area, product or process), e.g. n-hexane with MEK, or two CMRs in one product."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cepn_screen.core.models import Profile
from cepn_screen.rules.conditions import CONDITION_REF, CompileContext, Condition, ConditionError
from cepn_screen.rules.registry import Vocabulary

# The inventory-condition vocabulary, declared like conditions.CONDITIONS.
INVENTORY_CONDITIONS = Vocabulary("inventory conditions")


def inventory_condition(key: str, *, doc: str, schema: dict, example: str, synopsis: str):
    return INVENTORY_CONDITIONS.declare(key, kind="inventory", doc=doc, schema=schema,
                                        example=example, synopsis=synopsis)


@dataclass
class GroupMatch:
    fired: bool
    profiles: list[Profile]  # the substances that made it fire


@dataclass
class PresentAll:
    items: list[Condition]

    def evaluate_group(self, profiles: list[Profile]) -> GroupMatch:
        involved: dict[int, Profile] = {}  # by identity: Profile equality is deep and slow
        for cond in self.items:
            hits = [p for p in profiles if cond.evaluate(p)]
            if not hits:
                return GroupMatch(False, [])
            for p in hits:
                involved.setdefault(id(p), p)
        return GroupMatch(True, list(involved.values()))


@dataclass
class CountAtLeast:
    where: Condition
    ge: int

    def evaluate_group(self, profiles: list[Profile]) -> GroupMatch:
        hits: dict[Any, Profile] = {}
        for p in profiles:
            if self.where.evaluate(p):
                hits.setdefault(p.cas or p.inchikey or p.smiles, p)
        return GroupMatch(len(hits) >= self.ge, list(hits.values()))


def compile_inventory_condition(spec: Any, path: tuple = ("when",), on_error=None,
                                known_h_codes: set[str] | None = None):
    """Like conditions.compile_condition; a problem with `on_error` given returns None."""
    try:
        if not isinstance(spec, dict) or len(spec) != 1:
            shapes = " or ".join(s.synopsis for s in INVENTORY_CONDITIONS)
            raise ConditionError(f"an inventory condition is {shapes}", path, "SCHEMA")
        (key, value), = spec.items()
        here = path + (key,)
        entry = INVENTORY_CONDITIONS.get(key)
        if entry is None:
            raise ConditionError(f"unknown inventory condition {key!r} "
                                 f"({' or '.join(INVENTORY_CONDITIONS.keys())})", here, "SCHEMA")
        return entry.compile(value, here, CompileContext(on_error, known_h_codes))
    except ConditionError as exc:
        if on_error is None:
            raise
        on_error(exc)
        return None


@inventory_condition(
    "present_all",
    doc="Within one group (same area, product or process), every listed condition is met "
        "by some substance of the group.",
    schema={"type": "array", "minItems": 2, "items": CONDITION_REF},
    example="present_all: [{cas: [110-54-3]}, {cas: [78-93-3]}]",
    synopsis="present_all: [...]")
def _present_all(value: Any, here: tuple, ctx: CompileContext) -> PresentAll:
    if not isinstance(value, list) or len(value) < 2:
        raise ConditionError("present_all needs a list of at least two conditions", here,
                             "SCHEMA")
    return PresentAll([ctx.condition(v, here + (i,)) for i, v in enumerate(value)])


@inventory_condition(
    "count",
    doc="Within one group, at least `ge` distinct substances meet `where`.",
    schema={"type": "object", "required": ["where", "ge"], "additionalProperties": False,
            "properties": {"where": CONDITION_REF, "ge": {"type": "integer", "minimum": 1}}},
    example="count: {where: {h_code: [H350, H340, H360]}, ge: 2}",
    synopsis="count: {where, ge}")
def _count(value: Any, here: tuple, ctx: CompileContext) -> CountAtLeast:
    if not isinstance(value, dict) or "where" not in value or "ge" not in value:
        raise ConditionError("count needs {where: condition, ge: number}", here, "SCHEMA")
    ge = value["ge"]
    if isinstance(ge, bool) or not isinstance(ge, int) or ge < 1:
        raise ConditionError("count.ge needs a whole number of at least 1", here + ("ge",),
                             "TYPE")
    return CountAtLeast(ctx.condition(value["where"], here + ("where",)), ge)
