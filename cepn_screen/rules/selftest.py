"""Run the cases each rule carries (match / no_match / todo), like `semgrep --test`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cepn_screen.rules.model import RuleSet


@dataclass(frozen=True)
class CaseResult:
    rule_id: str
    rule_set: str
    kind: str  # match | no_match | todo
    case: str
    expected: bool  # should the rule fire?
    actual: bool | None  # None when the case could not be resolved
    outcome: str  # pass | fail | todo | error
    detail: str = ""


def _profile_for(case: str, kb, resolver):
    from cepn_screen.lookup import lookup

    ra = lookup(case, kb=kb, rule_sets=[], resolver=resolver)
    if ra.resolution.status != "resolved" or ra.profile is None:
        return None, f"{ra.resolution.status}: {ra.resolution.reason or ''}".strip()
    return ra.profile, ""


def run_rule_sets(rule_sets: list[RuleSet]) -> list[CaseResult]:
    from cepn_screen.identity.resolver import Resolver
    from cepn_screen.knowledge import default_knowledge

    kb = default_knowledge()
    resolver = Resolver(kb)
    out: list[CaseResult] = []
    for rs in rule_sets:
        for rule in rs.rules:
            cases = ([("match", c, True) for c in rule.tests.match]
                     + [("no_match", c, False) for c in rule.tests.no_match]
                     + [("todo", c, None) for c in rule.tests.todo])
            for kind, case, expected in cases:
                profile, why = _profile_for(case, kb, resolver)
                if profile is None:
                    out.append(CaseResult(rule.id, rs.name, kind, case, bool(expected), None,
                                          "todo" if kind == "todo" else "error", why))
                    continue
                actual = rule.when.evaluate(profile)
                if kind == "todo":
                    # A todo case documents a known gap: reported, never failed.
                    out.append(CaseResult(rule.id, rs.name, kind, case, True, actual, "todo"))
                else:
                    outcome = "pass" if actual == expected else "fail"
                    out.append(CaseResult(rule.id, rs.name, kind, case, expected, actual,
                                          outcome))
    return out


def run_cases(paths: list[str | Path] | None = None) -> list[CaseResult]:
    from cepn_screen.rules.loader import load_rule_set, load_rule_sets, rule_files

    if paths:
        sets = [load_rule_set(f) for f in rule_files(paths)]
    else:
        sets = load_rule_sets()
    return run_rule_sets(sets)
