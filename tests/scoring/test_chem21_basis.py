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


def _without_eu_sds(kb):
    """Ethanol's data without the EU supplier SDS (a full EU classification)."""
    rows = [r for r in kb.hazards[ETHANOL] if r.kind != "sds"]
    return replace(kb, hazards={**kb.hazards, ETHANOL: rows})


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


def test_a_national_code_does_not_feed_the_score_but_marks_it_incomplete(kb):
    # an incomplete registrants' summary (eye irritation only): the classes it did not
    # assess are unknown on the EU basis; Japan's H350 does not enter the score, but the
    # score says what it would give and is incomplete (an unknown is never safe)
    row = Classification(("H319",), "registration", "test-registration", "dossier",
                         "INCOMPLETE: eye irritation only")
    kb = _without_eu_sds(kb)
    kb2 = replace(kb, hazards={**kb.hazards, ETHANOL: [*kb.hazards[ETHANOL], row]})
    scores = chem21(_ethanol(kb2))
    h = scores.health
    assert h.value == 3 and h.incomplete
    assert "every source held" in h.criterion and ": 10" in h.criterion
    assert "not assessed on that basis" in h.criterion and "carc" in h.criterion
    assert scores.ranking != "Recommended"


def test_without_registrants_data_the_national_codes_stay_out(kb):
    # ethanol: EU harmonised H225 only, no registrants' data held; the national health
    # codes do not fill the EU basis, so Health is the method's cautious default
    p = _ethanol(_without_eu_sds(kb))
    assert p.chem21_basis is not None
    h = chem21(p).health
    assert h.value == 5 and h.incomplete
    assert "H350" in h.criterion and ": 10" in h.criterion
    assert "H350" in p.h_codes  # still acted on by the tool


def test_an_eu_sds_decides_and_a_disagreeing_national_code_is_only_noted(kb):
    # ethanol as bundled: Carl Roth's EU SDS (H225, H319) assessed every class, so
    # Japan's H350 is a disagreement between jurisdictions, shown but not incomplete
    h = chem21(_ethanol(kb)).health
    assert h.value == 3 and not h.incomplete
    assert "H350" in h.criterion and ": 10" in h.criterion


def test_a_national_not_classified_finding_fills_an_unassessed_class(kb):
    # acetone: the harmonised entry has no aquatic classes; Japan assessed them and found
    # nothing (or only GHS categories EU CLP lacks), which stands on the EU basis
    p = profile(Resolution("resolved", cas="67-64-1", name="acetone", smiles="CC(C)=O"), kb)
    e = chem21(p).environment
    assert e.value == 5 and not e.incomplete  # boiling point 56 °C → 5, no H4xx → 3
    assert p.chem21_basis.hazard_classes["aq_acute"].state == "absent"


def test_national_codes_of_categories_eu_clp_lacks_count_as_not_classified(kb):
    # n-butyl acetate: Japan's H402 (acute aquatic 3, a category EU CLP lacks)
    p = profile(Resolution("resolved", cas="123-86-4", name="n-butyl acetate",
                           smiles="CCCCOC(C)=O"), kb)
    assert "H402" in p.h_codes
    assert p.chem21_basis.hazard_classes["aq_acute"].state == "absent"
    assert chem21(p).environment.value == 3


def test_rules_still_see_the_national_carcinogen(kb):
    ctx = Context.build(_kb_with_registration(kb, ["H225", "H319"]))
    res = ctx.resolver.resolve("ethanol", ETHANOL)
    s = ctx.screener().screen(res)
    assert any(f.rule_id == "CEPN-CMR-001" for f in s.findings)
    assert s.scores.health.value == 3


def test_a_partial_summary_covers_the_classes_it_names(kb):
    # 1,3-propanediol: the CHEM21 guide's "None" (health and environment, assessed_classes
    # health;environment) and a manufacturer's "non-flammable" (flam_liq only)
    p = profile(Resolution("resolved", cas="504-63-2", name="1,3-propanediol",
                           smiles="OCCCO"), kb)
    assert p.hazard_state("carc").state == "absent"
    assert p.hazard_state("flam_liq").state == "absent"
    assert p.hazard_state("expl").state == "unknown"  # nobody assessed it
    scores = chem21(p)
    assert (scores.safety.value, scores.health.value) == (1, 1)
    assert "not classified" in scores.safety.criterion
