"""`rules test` wiring: the rules' own cases, with identifiers looked up offline like any
substance (rules.selftest runs the cases and does not know the pipeline)."""

from __future__ import annotations

from pathlib import Path

from cepn_screen.core.models import Profile, Resolution
from cepn_screen.identity.resolver import Resolver
from cepn_screen.knowledge.base import default_knowledge
from cepn_screen.pipeline.lookup import lookup
from cepn_screen.profile.build import profile
from cepn_screen.rules.model import RuleSet
from cepn_screen.rules.selftest import CaseError, CaseResult, ProfileOf, run_cases, run_rule_sets


def default_profile_functions() -> tuple[ProfileOf, ProfileOf]:
    """(profile of an identifier, profile of a bare SMILES structure), on the bundled
    knowledge base and without rules."""
    kb = default_knowledge()
    resolver = Resolver(kb)

    def of_identifier(case: str) -> Profile:
        ra = lookup(case, kb=kb, rule_sets=[], resolver=resolver)
        if ra.resolution.status != "resolved" or ra.profile is None:
            raise CaseError(f"{ra.resolution.status}: {ra.resolution.reason or ''}".strip())
        return ra.profile

    def of_smiles(smiles: str) -> Profile:
        return profile(Resolution("resolved", smiles=smiles, name=smiles), kb)

    return of_identifier, of_smiles


def run_rule_tests(paths: list[str | Path] | None = None) -> list[CaseResult]:
    """The cases of the rule files at `paths` (default: the bundled rule sets)."""
    return run_cases(paths or None, *default_profile_functions())


def run_rule_set_tests(rule_sets: list[RuleSet]) -> list[CaseResult]:
    """The cases of rule sets already loaded."""
    return run_rule_sets(rule_sets, *default_profile_functions())
