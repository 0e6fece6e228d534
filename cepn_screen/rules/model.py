"""Rule sets and rules as typed values."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cepn_screen.core.models import SEVERITIES

__all__ = ["SEVERITIES", "CATEGORIES"]  # severities are declared once, in core.models
CATEGORIES = ("safety", "health", "environment", "exposure", "regulatory")


@dataclass
class RuleCases:
    """Cases: an identifier string, a mapping of facts, or (inventory rules) a list."""

    match: list[Any] = field(default_factory=list)
    no_match: list[Any] = field(default_factory=list)
    todo: list[Any] = field(default_factory=list)


@dataclass
class Rule:
    id: str
    title: str
    severity: str
    category: str
    when: Any  # a Condition, or an inventory condition when scope == "inventory"
    message: str
    rationale: str = ""
    recommendation: str = ""
    references: list[str] = field(default_factory=list)
    tests: RuleCases = field(default_factory=RuleCases)
    line: int = 0  # where the rule starts in its file, for messages
    scope: str = "substance"  # substance | inventory
    group_by: tuple[str, ...] = ()


@dataclass
class RuleSet:
    name: str
    version: str
    description: str
    rules: list[Rule]
    path: str = ""
