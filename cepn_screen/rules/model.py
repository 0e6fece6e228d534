"""Rule sets and rules as typed values."""

from __future__ import annotations

from dataclasses import dataclass, field

from cepn_screen.rules.conditions import Condition

SEVERITIES = ("info", "low", "medium", "high", "critical")
CATEGORIES = ("safety", "health", "environment", "exposure", "regulatory")


@dataclass
class RuleCases:
    match: list[str] = field(default_factory=list)
    no_match: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)


@dataclass
class Rule:
    id: str
    title: str
    severity: str
    category: str
    when: Condition
    message: str
    rationale: str = ""
    recommendation: str = ""
    references: list[str] = field(default_factory=list)
    tests: RuleCases = field(default_factory=RuleCases)
    line: int = 0  # where the rule starts in its file, for messages


@dataclass
class RuleSet:
    name: str
    version: str
    description: str
    rules: list[Rule]
    path: str = ""
