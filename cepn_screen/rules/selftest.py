"""Run the cases each rule carries (match / no_match / todo), like `semgrep --test`.

A case is an identifier (name, CAS, SMILES or InChIKey, resolved offline), a mapping that
sets facts directly (`{smiles: ..., h_codes: [...], properties: {...}, lists: {...}}`, for
rules on facts the knowledge base may not hold), or for inventory rules a list of such
substances used together in one group.

Turning an identifier into a profile is the caller's part (cepn_screen.pipeline.ruletests
wires the offline lookup), so this module does not depend on the pipeline.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cepn_screen.core.models import Fact, Profile
from cepn_screen.rules.files import rule_files
from cepn_screen.rules.loader import load_rule_set, load_rule_sets
from cepn_screen.rules.model import Rule, RuleSet


@dataclass(frozen=True)
class CaseResult:
    rule_id: str
    rule_set: str
    kind: str  # match | no_match | todo
    case: str  # the case as written, for messages
    expected: bool  # should the rule fire?
    actual: bool | None  # None when the case could not be resolved
    outcome: str  # pass | fail | todo | error
    detail: str = ""
    file: str = ""
    line: int = 0


class CaseError(Exception):
    pass


ProfileOf = Callable[[str], Profile]


class _Cases:
    """Turns a case into a Profile: identifiers and structures through the functions given,
    the facts a mapping sets on top."""

    def __init__(self, profile_of: ProfileOf, profile_of_smiles: ProfileOf):
        self.profile_of = profile_of
        self.profile_of_smiles = profile_of_smiles

    def of(self, case: Any) -> Profile:
        if isinstance(case, str):
            return self.profile_of(case)
        if isinstance(case, dict):
            ident = case.get("cas") or case.get("name") or case.get("smiles")
            if case.get("cas") or case.get("name"):
                p = self.of(ident)
            elif case.get("smiles"):
                p = self.profile_of_smiles(case["smiles"])
            else:
                p = Profile(cas=None, name="case", smiles=None, inchikey=None)
            p = dataclasses.replace(p, properties=dict(p.properties), lists=dict(p.lists))
            if "h_codes" in case:
                p.h_codes = list(case["h_codes"])
            for k, v in (case.get("properties") or {}).items():
                p.properties[k] = Fact(v, "rule case")
            for k, v in (case.get("lists") or {}).items():
                p.lists[k] = Fact(str(v), "rule case")
            return p
        raise CaseError(f"a case is a string or a mapping, got {type(case).__name__}")


def _show(case: Any) -> str:
    return case if isinstance(case, str) else json.dumps(case, ensure_ascii=False)


def _fires(rule: Rule, case: Any, profiles: _Cases) -> bool:
    if rule.scope == "inventory":
        if not isinstance(case, list):
            raise CaseError("an inventory rule's case is a list of substances")
        return rule.when.evaluate_group([profiles.of(c) for c in case]).fired
    return rule.when.evaluate(profiles.of(case))


def run_rule_sets(rule_sets: list[RuleSet], profile_of: ProfileOf,
                  profile_of_smiles: ProfileOf) -> list[CaseResult]:
    """Run the cases of `rule_sets`. `profile_of` turns an identifier (name, CAS, SMILES or
    InChIKey) into a Profile, raising CaseError when it cannot; `profile_of_smiles` turns
    the structure of a `{smiles: ...}` case into one (without looking the name up)."""
    profiles = _Cases(profile_of, profile_of_smiles)
    out: list[CaseResult] = []
    for rs in rule_sets:
        for rule in rs.rules:
            cases = ([("match", c, True) for c in rule.tests.match]
                     + [("no_match", c, False) for c in rule.tests.no_match]
                     + [("todo", c, True) for c in rule.tests.todo])
            for kind, case, expected in cases:
                base = dict(rule_id=rule.id, rule_set=rs.name, kind=kind, case=_show(case),
                            expected=expected, file=rs.path, line=rule.line)
                try:
                    actual = _fires(rule, case, profiles)
                except CaseError as exc:
                    out.append(CaseResult(**base, actual=None,
                                          outcome="todo" if kind == "todo" else "error",
                                          detail=str(exc)))
                    continue
                if kind == "todo":
                    # A known gap: reported, never failed.
                    out.append(CaseResult(**base, actual=actual, outcome="todo"))
                else:
                    out.append(CaseResult(**base, actual=actual,
                                          outcome="pass" if actual == expected else "fail"))
    return out


def summary(results: list[CaseResult]) -> dict[str, int]:
    def count(pred) -> int:
        return sum(1 for r in results if pred(r))

    return {
        "cases": len(results),
        "true_positives": count(lambda r: r.kind == "match" and r.actual is True),
        "false_negatives": count(lambda r: r.kind == "match" and r.actual is False),
        "true_negatives": count(lambda r: r.kind == "no_match" and r.actual is False),
        "false_positives": count(lambda r: r.kind == "no_match" and r.actual is True),
        "todo": count(lambda r: r.outcome == "todo"),
        "errors": count(lambda r: r.outcome == "error"),
        "failed": count(lambda r: r.outcome in ("fail", "error")),
    }


def run_cases(paths: list[str | Path] | None, profile_of: ProfileOf,
              profile_of_smiles: ProfileOf) -> list[CaseResult]:
    """The cases of the rule files at `paths` (default: the bundled rule sets); see
    run_rule_sets for the two functions."""
    sets = [load_rule_set(f) for f in rule_files(paths)] if paths else load_rule_sets()
    return run_rule_sets(sets, profile_of, profile_of_smiles)
