"""CHEM21 scores on its method's basis (EU harmonised, then the REACH registrants'), while
the tool's hazard verdicts keep every source: a national classification the registrants
do not share is shown beside the score and still acted on by the rules."""

from dataclasses import replace

from cepn_screen.core.models import Resolution
from cepn_screen.knowledge.base import Classification
from cepn_screen.pipeline.context import Context
from cepn_screen.profile.build import profile
from cepn_screen.scoring.chem21 import chem21

ETHANOL = "64-17-5"


def _kb_with_registration(kb, codes):
    row = Classification(tuple(codes), "registration", "test-registration", "dossier", "")
    return replace(kb, hazards={**kb.hazards, ETHANOL: [*kb.hazards.get(ETHANOL, []), row]})


def _ethanol(kb):
    return profile(Resolution("resolved", cas=ETHANOL, name="ethanol", smiles="CCO"), kb)


def test_registrants_decide_the_classes_they_assessed(kb):
    before = _ethanol(kb)
    national = [h.code for h in before.hazard_codes if h.kind == "national"]
    assert "H350" in national  # JP-NITE classifies ethanol Carc. 1A
    p = _ethanol(_kb_with_registration(kb, ["H225", "H319"]))
    h = chem21(p).health
    assert h.value == 3  # H319 → 2, boiling point 78 °C < 85 → +1
    assert "CHEM21 basis: EU harmonised, then REACH registrants'" in h.criterion
    assert "H350" in h.criterion and "every source held" in h.criterion
    # the hazard the tool acts on is unchanged: H350 stays
    assert "H350" in p.h_codes and p.h_codes == before.h_codes


def test_national_fills_classes_the_registrants_did_not_assess(kb):
    # an incomplete registrants' summary (eye irritation only) leaves the other health
    # classes to the national classification
    row = Classification(("H319",), "registration", "test-registration", "dossier",
                         "INCOMPLETE: eye irritation only")
    kb2 = replace(kb, hazards={**kb.hazards, ETHANOL: [*kb.hazards[ETHANOL], row]})
    h = chem21(_ethanol(kb2)).health
    assert h.value == 10  # H350 (national) → 9, +1


def test_without_registrants_data_the_score_uses_every_source(kb):
    p = _ethanol(kb)
    assert p.chem21_basis is None
    assert chem21(p).health.value == 10
    assert "CHEM21 basis" not in chem21(p).health.criterion


def test_rules_still_see_the_national_carcinogen(kb):
    ctx = Context.build(_kb_with_registration(kb, ["H225", "H319"]))
    res = ctx.resolver.resolve("ethanol", ETHANOL)
    s = ctx.screener().screen(res)
    assert any(f.rule_id == "CEPN-CMR-001" for f in s.findings)
    assert s.scores.health.value == 3
