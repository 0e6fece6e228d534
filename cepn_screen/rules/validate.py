"""`rules validate`: every problem in rule files, as file:line:col: CODE message.

Codes: FILE, SIZE, ENCODING, ALIAS, YAML (unreadable), SCHEMA (structure), TYPE, SMARTS,
HCODE, CAS, PROPERTY, LIST (bad condition arguments), DUPLICATE (rule id seen before),
NO_TESTS (a rule without match and no_match cases), FEW_TESTS (warning: fewer than two
of each), CASE (a test case of the wrong shape for the rule's scope).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cepn_screen.knowledge.base import default_knowledge
from cepn_screen.rules.conditions import ConditionError, compile_condition
from cepn_screen.rules.files import rule_files
from cepn_screen.rules.inventory import compile_inventory_condition
from cepn_screen.rules.schema import rule_set_schema
from cepn_screen.rules.yamlpos import (
    Problem,
    YamlProblem,
    key_node_at,
    node_at,
    position,
    read_yaml,
)


@dataclass
class CheckedFile:
    path: Path
    data: Any = None
    node: Any = None
    problems: list[Problem] = field(default_factory=list)
    compiled: dict[int, Any] = field(default_factory=dict)  # rule index -> condition

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)


@functools.cache
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(rule_set_schema())


@functools.cache
def _known_h_codes() -> frozenset[str]:
    return frozenset(default_knowledge().h_statements)


def check_file(path: str | Path) -> CheckedFile:
    path = Path(path)
    out = CheckedFile(path)
    name = str(path)
    try:
        out.data, out.node = read_yaml(path)
    except YamlProblem as exc:
        out.problems.append(exc.problem)
        return out

    def add(at_path: tuple, code: str, message: str, level: str = "error", key=False):
        node = key_node_at(out.node, at_path) if key and at_path else node_at(out.node, at_path)
        line, col = position(node)
        out.problems.append(Problem(name, line, col, code, message, level))

    data = out.data
    if not isinstance(data, dict):
        add((), "SCHEMA", "a rule set is a mapping with name, version and rules")
        return out

    # Structure, from the JSON Schema; errors inside `when` are left to the condition
    # compiler, whose messages are more precise.
    for err in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        p = tuple(err.absolute_path)
        if len(p) >= 3 and p[0] == "rules" and p[2] == "when":
            continue
        add(p, "SCHEMA", _schema_message(err), key=bool(p) and err.validator != "required")

    known = _known_h_codes() or None
    rules = data.get("rules") if isinstance(data.get("rules"), list) else []
    seen: dict[str, int] = {}
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        base = ("rules", i)
        rid = rule.get("id")
        if isinstance(rid, str):
            if rid in seen:
                add(base + ("id",), "DUPLICATE", f"rule id {rid!r} already used by rule "
                    f"{seen[rid] + 1} of this file")
            seen.setdefault(rid, i)
        inventory = rule.get("scope") == "inventory"
        if "when" in rule:
            def report(exc: ConditionError, base=base):
                add(base + exc.path, exc.code, str(exc))

            compiler = compile_inventory_condition if inventory else compile_condition
            out.compiled[i] = compiler(rule["when"], ("when",), report, known)
        _check_tests(rule, base, inventory, add)
    return out


def _check_tests(rule: dict, base: tuple, inventory: bool, add) -> None:
    tests = rule.get("tests")
    if not isinstance(tests, dict) or not (tests.get("match") or tests.get("no_match")):
        add(base + ("id",), "NO_TESTS", f"rule {rule.get('id')!r} has no match or no_match "
            "cases; add examples that must and must not fire")
        return
    for kind in ("match", "no_match"):
        cases = tests.get(kind) or []
        if isinstance(cases, list) and len(cases) < 2:
            add(base + ("tests", kind) if kind in tests else base + ("tests",), "FEW_TESTS",
                f"rule {rule.get('id')!r} has {len(cases)} {kind} case(s); two or more "
                "are expected", "warning")
    for kind in ("match", "no_match", "todo"):
        for j, case in enumerate(tests.get(kind) or []):
            if inventory and not isinstance(case, list):
                add(base + ("tests", kind, j), "CASE", "an inventory rule's case is a list of "
                    "substances used together")
            if not inventory and isinstance(case, list):
                add(base + ("tests", kind, j), "CASE", "a substance rule's case is one "
                    "substance (a string or a mapping), not a list")


def _schema_message(err) -> str:
    if err.validator == "additionalProperties":
        return err.message.replace("Additional properties are not allowed", "unknown key(s):")
    if err.validator == "required":
        return err.message.replace("is a required property", "is missing")
    if err.validator == "enum":
        return f"{err.instance!r} is not one of {', '.join(map(str, err.validator_value))}"
    if err.validator == "pattern":
        return f"{err.instance!r} does not match {err.validator_value}"
    return err.message


def check_paths(paths: list[str | Path]) -> list[CheckedFile]:
    """Check several files; a rule id may appear once across all of them."""
    files = [check_file(f) for f in rule_files(paths)]
    owner: dict[str, str] = {}
    for cf in files:
        if not isinstance(cf.data, dict) or not isinstance(cf.data.get("rules"), list):
            continue
        for i, rule in enumerate(cf.data["rules"]):
            rid = rule.get("id") if isinstance(rule, dict) else None
            if not isinstance(rid, str):
                continue
            if rid in owner and owner[rid] != str(cf.path):
                line, col = position(node_at(cf.node, ("rules", i, "id")))
                cf.problems.append(Problem(str(cf.path), line, col, "DUPLICATE",
                                           f"rule id {rid!r} is also defined in {owner[rid]}"))
            owner.setdefault(rid, str(cf.path))
    return files
