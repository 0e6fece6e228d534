"""Evaluate rule sets on profiles, producing findings."""

from __future__ import annotations

import string

from cepn_screen.models import Finding, Profile
from cepn_screen.rules.model import RuleSet


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "unknown"


def render_message(template: str, p: Profile) -> str:
    """Fill {name}, {cas} and property placeholders; unknown values read "unknown"."""
    values = _Defaulting(name=p.name, cas=p.cas or "no CAS")
    for field in (f for _, f, _, _ in string.Formatter().parse(template) if f):
        if field not in values:
            v = p.prop(field)
            if v is not None:
                values[field] = f"{v:g}" if isinstance(v, float) else v
    try:
        return template.format_map(values)
    except (ValueError, IndexError, AttributeError):
        return template


def evaluate(rule_sets: list[RuleSet], p: Profile) -> list[Finding]:
    findings = []
    for rs in rule_sets:
        for rule in rs.rules:
            if rule.when.evaluate(p):
                findings.append(Finding(
                    rule_id=rule.id, severity=rule.severity, title=rule.title,
                    message=render_message(rule.message, p), category=rule.category,
                    rule_set=rs.name, recommendation=rule.recommendation))
    return findings
