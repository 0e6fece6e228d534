"""Evaluate rule sets: substance rules on one profile, inventory rules on groups of rows."""

from __future__ import annotations

import string
from dataclasses import dataclass

from cepn_screen.core.models import Finding, Profile
from cepn_screen.rules.model import Rule, RuleSet


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "unknown"


def render_message(template: str, p: Profile | None = None, **extra) -> str:
    """Fill {name}, {cas}, property placeholders, {list_<list>} (the list entry, e.g.
    {list_iarc}) and extras; unknown values read "unknown"."""
    values = _Defaulting(**extra)
    if p is not None:
        values.update(name=p.name, cas=p.cas or "no CAS")
        for field in (f for _, f, _, _ in string.Formatter().parse(template) if f):
            if field not in values and field.startswith("list_"):
                fact = p.lists.get(field[5:])
                if fact is not None:
                    values[field] = fact.value
            elif field not in values:
                v = p.prop(field)
                if v is not None:
                    values[field] = f"{v:g}" if isinstance(v, float) else v
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


def substance_rules(rule_sets: list[RuleSet]) -> list[tuple[RuleSet, Rule]]:
    return [(rs, r) for rs in rule_sets for r in rs.rules if r.scope == "substance"]


def inventory_rules(rule_sets: list[RuleSet]) -> list[tuple[RuleSet, Rule]]:
    return [(rs, r) for rs in rule_sets for r in rs.rules if r.scope == "inventory"]


def evaluate(rule_sets: list[RuleSet], p: Profile) -> list[Finding]:
    return [Finding(rule_id=r.id, severity=r.severity, title=r.title,
                    message=render_message(r.message, p), category=r.category,
                    rule_set=rs.name, recommendation=r.recommendation)
            for rs, r in substance_rules(rule_sets) if r.when.evaluate(p)]


@dataclass(frozen=True)
class GroupFinding:
    """An inventory rule that fired for one group of rows."""

    finding: Finding
    group_by: str
    group: str
    rows: tuple[int, ...]
    substances: tuple[str, ...]


def evaluate_groups(rule_sets: list[RuleSet],
                    members: list[tuple[int, dict[str, str], Profile]]) -> list[GroupFinding]:
    """`members`: (row number, {area/product/process: value}, profile) for every screened
    substance of the inventory (a product's components each count)."""
    out: list[GroupFinding] = []
    for rs, rule in inventory_rules(rule_sets):
        seen_rows: set[tuple[int, ...]] = set()  # the same rows via product and area: once
        for field in rule.group_by:
            groups: dict[str, list[tuple[int, Profile]]] = {}
            for row, keys, prof in members:
                value = (keys.get(field) or "").strip()
                if value:
                    groups.setdefault(value, []).append((row, prof))
            for value, items in groups.items():
                match = rule.when.evaluate_group([p for _, p in items])
                if not match.fired:
                    continue
                names = tuple(dict.fromkeys(p.name for p in match.profiles))
                fired = {id(p) for p in match.profiles}  # identity: Profile equality is deep
                rows = tuple(sorted({r for r, p in items if id(p) in fired}))
                if rows in seen_rows:
                    continue
                seen_rows.add(rows)
                message = render_message(rule.message, group=value, group_by=field,
                                         substances=", ".join(names))
                out.append(GroupFinding(
                    Finding(rule.id, rule.severity, rule.title, message, rule.category,
                            rs.name, rule.recommendation), field, value, rows, names))
    return out
