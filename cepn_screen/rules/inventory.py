"""Inventory-level conditions: they look across the substances used together in one group
(the same area, product or process), e.g. n-hexane with MEK, or two CMRs in one product."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cepn_screen.core.models import Profile
from cepn_screen.rules.conditions import Condition, ConditionError, compile_condition


@dataclass
class GroupMatch:
    fired: bool
    profiles: list[Profile]  # the substances that made it fire


@dataclass
class PresentAll:
    items: list[Condition]

    def evaluate_group(self, profiles: list[Profile]) -> GroupMatch:
        involved: list[Profile] = []
        for cond in self.items:
            hits = [p for p in profiles if cond.evaluate(p)]
            if not hits:
                return GroupMatch(False, [])
            involved += [p for p in hits if p not in involved]
        return GroupMatch(True, involved)


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
    def fail(msg: str, where: tuple, code: str = "SCHEMA"):
        exc = ConditionError(msg, where, code)
        if on_error is None:
            raise exc
        on_error(exc)
        return None

    if not isinstance(spec, dict) or len(spec) != 1:
        return fail("an inventory condition is present_all: [...] or count: {where, ge}", path)
    (key, value), = spec.items()
    here = path + (key,)
    if key == "present_all":
        if not isinstance(value, list) or len(value) < 2:
            return fail("present_all needs a list of at least two conditions", here)
        return PresentAll([compile_condition(v, here + (i,), on_error, known_h_codes)
                           for i, v in enumerate(value)])
    if key == "count":
        if not isinstance(value, dict) or "where" not in value or "ge" not in value:
            return fail("count needs {where: condition, ge: number}", here)
        ge = value["ge"]
        if isinstance(ge, bool) or not isinstance(ge, int) or ge < 1:
            return fail("count.ge needs a whole number of at least 1", here + ("ge",), "TYPE")
        return CountAtLeast(compile_condition(value["where"], here + ("where",), on_error,
                                              known_h_codes), ge)
    return fail(f"unknown inventory condition {key!r} (present_all or count)", here)
