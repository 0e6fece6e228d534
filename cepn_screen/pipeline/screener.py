"""The per-substance pipeline: profile -> evaluate rules -> score, each substance once."""

from __future__ import annotations

from dataclasses import dataclass, field

from cepn_screen.core.models import Finding, Profile, Resolution, Scores
from cepn_screen.knowledge.base import KnowledgeBase
from cepn_screen.profile.build import profile as make_profile
from cepn_screen.rules.evaluate import evaluate
from cepn_screen.rules.model import RuleSet
from cepn_screen.scoring.chem21 import chem21


@dataclass
class Screened:
    profile: Profile
    findings: list[Finding]
    scores: Scores
    # Answers of the inventory rules' SMARTS for this structure, when a worker process
    # screened it (executors.screen_batch); None when screened here.
    smarts: tuple[bool, ...] | None = field(default=None, compare=False)


def screen_key(res: Resolution) -> tuple:
    """What makes two resolutions the same substance for screening."""
    return (res.cas, res.inchikey, res.smiles)


class Screener:
    """Profiles, evaluates and scores substances, each one once."""

    def __init__(self, kb: KnowledgeBase, rule_sets: list[RuleSet], *,
                 use_offline_db: bool = True):
        self.kb = kb
        self.rule_sets = rule_sets
        self.use_offline_db = use_offline_db
        self._memo: dict[tuple, Screened] = {}
        self.exposure_memo: dict[tuple, object] = {}  # per substance: limits, band inputs
        self.amount_memo: dict[tuple, object] = {}  # per substance and amount (bounded)

    def known(self, key: tuple) -> bool:
        return key in self._memo

    def store(self, key: tuple, screened: Screened) -> None:
        """Keep a result worked out elsewhere (another process or a Dask worker)."""
        self._memo[key] = screened

    def screen(self, res: Resolution) -> Screened:
        key = screen_key(res)
        if key not in self._memo:
            p = make_profile(res, self.kb, use_offline_db=self.use_offline_db)
            self._memo[key] = Screened(p, evaluate(self.rule_sets, p), chem21(p))
        return self._memo[key]

    def screen_cas(self, cas: str) -> Screened | None:
        rec = self.kb.substances.get(cas)
        if rec is None:
            return None
        return self.screen(Resolution("resolved", cas=cas, name=rec.name, smiles=rec.smiles,
                                      inchikey=rec.inchikey))
