"""What every command screens with, built once: the knowledge base, the rule sets and the
resolver (offline, or with a PubChem client)."""

from __future__ import annotations

from dataclasses import dataclass

from cepn_screen.identity.resolver import Resolver
from cepn_screen.knowledge.base import KnowledgeBase, default_knowledge
from cepn_screen.pipeline.screener import Screener
from cepn_screen.rules.loader import load_rule_sets
from cepn_screen.rules.model import RuleSet


@dataclass
class Context:
    kb: KnowledgeBase
    rule_sets: list[RuleSet]
    resolver: Resolver

    @classmethod
    def build(cls, kb: KnowledgeBase | None = None, rule_sets: list[RuleSet] | None = None,
              resolver: Resolver | None = None) -> Context:
        """Defaults: the bundled knowledge base and rule sets, an offline resolver."""
        kb = kb or default_knowledge()
        return cls(kb, load_rule_sets() if rule_sets is None else rule_sets,
                   resolver or Resolver(kb))

    def screener(self, *, with_rules: bool = True) -> Screener:
        """A fresh per-run memo of screened substances (no rules: profiles only)."""
        return Screener(self.kb, self.rule_sets if with_rules else [],
                        use_offline_db=self.resolver.use_offline_db)
