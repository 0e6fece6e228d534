"""Three-valued hazard facts: which classes each source assessed, how the classes a
harmonised entry leaves out are filled, group entries, and what a missing fact does to the
CHEM21 scores, the ranking, the priority and the substitution checks."""

import csv
import shutil

import pytest

from cepn_screen.core.models import Fact, Profile, Resolution
from cepn_screen.knowledge.base import Classification, data_dir, load_knowledge
from cepn_screen.knowledge.check import check_bundled
from cepn_screen.knowledge.classifications import _national_row, for_cas, group_rules
from cepn_screen.pipeline.context import Context
from cepn_screen.profile.build import profile
from cepn_screen.profile.hazards import combine, match_groups
from cepn_screen.scoring.chem21 import INCOMPLETE_RANKING, chem21
from cepn_screen.scoring.priority import priority_of


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def row(codes, kind="national", note="", **kw):
    return Classification(tuple(c for c in codes.split(";") if c), kind, f"src-{kind}",
                          "ref", note, **kw)


# ---- scope of each kind of source --------------------------------------------------------

def test_harmonised_entry_covers_only_its_classes_and_the_rest_is_filled(kb):
    # Dichloromethane-like: the harmonised entry has only Carc. 2; a national government
    # classification fills the other classes, each code keeping its source.
    facts = combine([row("H351", "harmonised", class_texts=("Carc. 2",)),
                     row("H350;H336;H319", "national")], kb)
    assert facts.h_codes == ["H351", "H336", "H319"]  # carc stays harmonised
    by_code = {h.code: h for h in facts.codes}
    assert by_code["H351"].harmonised and not by_code["H336"].harmonised
    assert by_code["H336"].kind == "national" and by_code["H336"].source == "src-national"
    assert facts.classes["carc"].kind == "harmonised"
    assert facts.classes["stot_se"].state == "present"
    # A full national classification without H22x: flammability assessed and absent.
    assert facts.classes["flam_liq"].state == "absent"
    assert facts.classes["flam_liq"].kind == "national"


def test_harmonised_entry_alone_leaves_other_classes_unknown(kb):
    facts = combine([row("H225", "harmonised", class_texts=("Flam. Liq. 2",))], kb)
    assert facts.classes["flam_liq"].state == "present"
    assert facts.classes["eye_dam"].state == "unknown"
    assert facts.classes["carc"].state == "unknown"
    assert facts.partial


def test_national_row_assessed_and_not_classified_classes(kb):
    r = row("H319", assessed=frozenset({"flam_liq", "eye_dam"}),
            not_classified=frozenset({"flam_liq"}))
    facts = combine([r], kb)
    assert facts.classes["flam_liq"].state == "absent"
    assert facts.classes["eye_dam"].state == "present"
    assert facts.classes["carc"].state == "unknown"  # not assessed: says nothing


def test_national_table_row_inhalation_forms_and_not_applicable():
    base = {"cas": "1-00-0", "authority": "JP-NITE", "year": "", "source": "s", "ref": "r"}
    # Vapour assessed, not classified; gas not applicable; dust not assessed: unknown.
    r = _national_row({**base, "h_codes": "", "assessed_classes": "acute_inh_vap",
                       "not_classified_classes": "acute_inh_vap",
                       "note": "not applicable (分類対象外): acute_inh_gas;flam_liq"})
    assessed, absent = r.scope()
    assert "acute_inh" not in assessed
    assert "flam_liq" in absent  # declared not applicable: not a flammable liquid
    r2 = _national_row({**base, "h_codes": "", "assessed_classes":
                        "acute_inh_vap;acute_inh_dust",
                        "not_classified_classes": "acute_inh_vap;acute_inh_dust",
                        "note": "not applicable (分類対象外): acute_inh_gas"})
    assert "acute_inh" in r2.scope()[1]
    r3 = _national_row({**base, "h_codes": "H332", "assessed_classes": "acute_inh_vap",
                        "not_classified_classes": "", "note": ""})
    assert "acute_inh" in r3.scope()[0] and "acute_inh" not in r3.scope()[1]


def test_not_classified_row_is_evidence_of_absence(kb):
    facts = combine([row("", "not_classified")], kb)
    assert facts.h_codes == []
    assert all(st.state == "absent" for st in facts.classes.values())


def test_incomplete_row_covers_only_the_classes_of_its_codes(kb):
    partial = combine([row("H226", "sds", note="INCOMPLETE: only section 2 seen")], kb)
    assert partial.classes["flam_liq"].state == "present"
    assert partial.classes["acute_oral"].state == "unknown"
    full = combine([row("H226", "sds", note="full SDS section 2")], kb)
    assert full.classes["acute_oral"].state == "absent"


def test_conflicting_categories_leave_the_most_severe(kb):
    facts = combine([row("H302;H319"), row("H301;H318", "sds")], kb)
    assert set(facts.h_codes) == {"H301", "H318"}
    assert facts.classes["acute_oral"].codes == ("H301",)


def test_korean_list_fills_only_classes_no_other_source_assessed(kb):
    jp = row("H225;H332", assessed=frozenset({"flam_liq", "acute_inh"}),
             not_classified=frozenset())
    kr = row("H330;H350", authority="KR-NIER", assessed=frozenset({"acute_inh", "carc"}),
             not_classified=frozenset())
    facts = combine([jp, kr], kb)
    assert "H330" not in facts.h_codes and "H332" in facts.h_codes
    assert "H350" in facts.h_codes  # carc: nobody else assessed it


def test_curated_row_wins_over_bundled_rows_of_its_kind(kb):
    # n-hexane has a curated harmonised row (ATP22): the Annex VI table's row is not added.
    rows = for_cas(kb, "110-54-3")
    harmonised = [r for r in rows if r.kind == "harmonised"]
    assert len(harmonised) == 1 and harmonised[0].origin == "hazards.csv"
    # ethanol has no curated national row: the bundled national rows are there.
    assert any(r.origin == "national_classifications.csv" for r in for_cas(kb, "64-17-5"))


def test_harmonised_table_fills_a_cas_without_curated_entry(kb):
    # sulfuric acid: no hazards.csv row, Annex VI 016-020-00-8 gives Skin Corr. 1A.
    p = profile(Resolution("resolved", cas="7664-93-9", name="sulfuric acid",
                           smiles="OS(=O)(=O)O"), kb)
    assert "H314" in p.h_codes
    h314 = next(h for h in p.hazard_codes if h.code == "H314")
    assert h314.harmonised and h314.ref.startswith("index 016-020-00-8")


# ---- group entries ------------------------------------------------------------------------

@pytest.mark.parametrize("smiles,index_no", [
    ("[K+].[C-]#N", "006-007-00-5"),  # cyanide salt
    ("[O-][Cr](=O)(=O)[O-].[Na+].[Na+]", "024-017-00-8"),  # chromate: Cr(VI)
    ("CC(=O)O[Pb]OC(C)=O", "082-001-00-6"),  # lead compound
    ("CC[Pb](CC)(CC)CC", "082-002-00-1"),  # lead alkyl, more specific than lead compounds
    ("[Na+].[S-]C#N", "615-030-00-5"),  # alkali thiocyanate
])
def test_group_entry_matched_by_rule(kb, smiles, index_no):
    assert [r.index_no for r in match_groups(smiles, group_rules(kb))] == [index_no]
    p = profile(Resolution("resolved", name="x", smiles=smiles), kb)
    assert p.hazard_codes and all(h.group == index_no and h.harmonised for h in p.hazard_codes)


@pytest.mark.parametrize("smiles", [
    "[Cr+3].[Cl-].[Cl-].[Cl-]",  # chromium(III): not Cr(VI)
    "[Pb]",  # lead metal has its own entries, not "lead compounds"
    "[K+].[K+].[K+].[K+].[C-]#N.[C-]#N.[C-]#N.[C-]#N.[C-]#N.[C-]#N.[Fe+2]",  # ferrocyanide
    "CCC#N",  # an organic nitrile is no cyanide salt
])
def test_group_entry_not_matched(kb, smiles):
    assert match_groups(smiles, group_rules(kb)) == []


def test_group_match_is_marked_in_json(cli):
    import json

    p = cli("lookup", "[K+].[C-]#N", "--format", "json")
    assert p.returncode == 0, p.stderr
    hz = json.loads(p.stdout)["hazard"]
    assert hz["group_matches"] == ["006-007-00-5"]
    assert all(c["group_match"] == "006-007-00-5" for c in hz["codes"] if c["harmonised"])


# ---- CHEM21 on unknown facts --------------------------------------------------------------

def prof(fp=None, bp=100.0, no_fp=False, h=None, classes=None, **props):
    p = {"boiling_point_c": Fact(bp, "t")}
    if fp is not None:
        p["flash_point_c"] = Fact(fp, "t")
    if no_fp:
        p["flash_point_c"] = Fact(None, "t")
    for k, v in props.items():
        p[k] = Fact(v, "t")
    return Profile(cas="1-00-0", name="x", smiles=None, inchikey=None, properties=p,
                   h_codes=h, hazard_classes=classes)


def test_safety_unknown_when_flammability_not_assessed(kb):
    facts = combine([row("H319", "sds", note="INCOMPLETE: eye only")], kb)
    p = prof(h=facts.h_codes, classes=facts.classes)
    s = chem21(p)
    assert s.safety.value is None and "not assessed" in s.safety.criterion
    assert s.ranking == INCOMPLETE_RANKING


def test_safety_1_on_positive_evidence_only(kb):
    absent = combine([row("H319", assessed=frozenset({"flam_liq", "eye_dam"}),
                          not_classified=frozenset({"flam_liq"}))], kb)
    s = chem21(prof(h=absent.h_codes, classes=absent.classes))
    assert s.safety.value == 1 and "assessed, not classified" in s.safety.criterion
    unknown = combine([row("H319", assessed=frozenset({"eye_dam"}),
                           not_classified=frozenset())], kb)
    s = chem21(prof(no_fp=True, h=unknown.h_codes, classes=unknown.classes))
    assert s.safety.value == 1 and "no flash point" in s.safety.criterion


def test_nitromethane_is_10_only_with_its_decomposition_energy(kb):
    held = chem21(prof(fp=35, bp=101, h=["H226", "H302"], decomposition_energy_j_g=4800))
    assert held.safety.value == 10 and "decomposition" in held.safety.criterion
    without = chem21(prof(fp=35, bp=101, h=["H226", "H302"]))
    assert without.safety.value == 3
    assert "energy of decomposition unknown (not counted)" in without.safety.criterion
    # With the bundled data: 10 exactly when data/ holds a decomposition energy above 500.
    ctx = Context.build(kb)
    s = ctx.screener().screen_cas("75-52-5")
    if s is not None:
        dec = s.profile.prop("decomposition_energy_j_g")
        flag = s.profile.prop("decomposition_energy_gt_500")
        held = (dec is not None and dec > 500) or (dec is None and flag is True)
        assert (s.scores.safety.value == 10) == held


def test_hydrocarbon_gets_static_accumulator_increment_when_resistivity_held():
    base = chem21(prof(fp=-7, bp=98, h=["H225", "H304"]))
    assert base.safety.value == 5 and "resistivity" in base.safety.criterion
    charged = chem21(prof(fp=-7, bp=98, h=["H225", "H304"], resistivity_ohm_m=1e12))
    assert charged.safety.value == 6 and "static accumulator" in charged.safety.criterion
    low = chem21(prof(fp=-7, bp=98, h=["H225", "H304"], resistivity_ohm_m=1e5))
    assert low.safety.value == 5


def test_health_and_environment_defaults_say_so(kb):
    facts = combine([row("H225", "harmonised", class_texts=("Flam. Liq. 2",))], kb)
    s = chem21(prof(fp=10, bp=90, h=facts.h_codes, classes=facts.classes))
    assert s.health.value == 5 and s.health.incomplete and "default" in s.health.criterion
    assert s.environment.incomplete and "default" in s.environment.criterion
    assert s.ranking == INCOMPLETE_RANKING


def test_incomplete_data_never_recommended_but_hazardous_stays():
    s = chem21(prof(fp=100, bp=100, h=None))  # S 1, H 5 default, E 5 default
    assert s.ranking == INCOMPLETE_RANKING
    s = chem21(prof(fp=-30, bp=30, h=None))  # S 7, E 7 on known facts
    assert s.ranking == "Hazardous"


def test_priority_unknown_without_classification():
    s = chem21(prof(fp=100, bp=100, h=None))
    assert priority_of([], s, classified=False)[0] == "unknown"
    assert priority_of([], s, classified=True)[0] == "medium"


def _walk(kb):
    ctx = Context.build(kb)
    scr = ctx.screener()
    with (data_dir() / "substances.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            yield scr.screen_cas(r["cas"])


def test_every_substance_no_safety_1_when_flammability_unknown_nor_recommended_on_gaps(kb):
    from cepn_screen.scoring.chem21 import flammability

    checked = 0
    for s in _walk(kb):
        p, sc = s.profile, s.scores
        checked += 1
        fp_known = p.prop("flash_point_c") is not None or p.has_no("flash_point_c")
        if not fp_known and flammability(p).state == "unknown" and p.cas != "7732-18-5":
            assert sc.safety.value is None, (p.cas, sc.safety)
        gaps = [x for x in (sc.safety, sc.health, sc.environment)
                if x.value is None or x.incomplete]
        if gaps:
            assert sc.ranking != "Recommended", (p.cas, sc.ranking)
    assert checked > 250


def test_every_unclassified_substance_has_no_low_priority(kb):
    from cepn_screen.core.models import InventoryRow
    from cepn_screen.pipeline.assess import assess_rows

    with (data_dir() / "substances.csv").open(encoding="utf-8") as f:
        rows = [InventoryRow(row=i, id=str(i), cells={}, cas=r["cas"])
                for i, r in enumerate(csv.DictReader(f), start=1)]
    a = assess_rows(rows, kb=kb)
    for ra in a.rows:
        if ra.resolution.status == "resolved" and ra.profile is not None \
                and ra.profile.h_codes is None:
            assert ra.priority not in ("low", "info"), (ra.resolution.cas, ra.priority)


# ---- substitution -------------------------------------------------------------------------

def test_vapour_degreasing_ranks_no_flammable_or_unknown_candidate(kb):
    from cepn_screen.substitution.substitute import flammable, substitute

    s = substitute("trichloroethylene", process="vapour-degreasing", kb=kb, top=0)
    for c in s.candidates:
        assert flammable(c.profile) == "absent", c.profile.name
    where = {}
    for name, group in (("candidates", s.candidates), ("verify", s.verify),
                        ("excluded", s.excluded), ("untested", s.untested)):
        for c in group:
            where[c.profile.cas] = (name, c)
    for cas in ("5614-37-9", "96-47-9"):  # CPME, 2-MeTHF
        name, c = where[cas]
        assert name in ("verify", "excluded"), (cas, name)
        text = "; ".join(c.verify if name == "verify" else c.excluded)
        assert "flash point" in text or "flammab" in text


def test_unknown_flash_point_fails_the_resist_strip_window(kb):
    from cepn_screen.substitution.substitute import PROFILES, Candidate, functional_problems

    facts = combine([row("H319", "sds", note="INCOMPLETE: eye only")], kb)
    p = prof(bp=200, h=facts.h_codes, classes=facts.classes)
    c = Candidate(p, [], chem21(p), None)
    fail, verify = functional_problems(c, None, PROFILES["resist-strip"])
    assert not fail and any("flash point" in v for v in verify)
    p2 = prof(bp=200, h=["H225"], classes=combine([row("H225", "sds")], kb).classes)
    fail, _ = functional_problems(Candidate(p2, [], chem21(p2), None), None,
                                  PROFILES["resist-strip"])
    assert fail  # H225: flash point below 23 °C


def test_substitute_json_has_verify_list(cli):
    import json

    p = cli("substitute", "trichloroethylene", "-p", "vapour-degreasing", "--format", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert "verify" in d and isinstance(d["verify"], list)
    assert all(c["verify"] for c in d["verify"])
    assert "5614-37-9" not in {c["cas"] for c in d["candidates"]}


# ---- data check of the bundled tables -----------------------------------------------------

def test_data_check_flags_bad_bundled_rows(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    with (root / "national_classifications.csv").open("a", encoding="utf-8") as f:
        f.write("67-64-2,JP-NITE,,H225;H999,flam_liq;bogus,carc,s,r,\n")
    with (root / "clp_annex_vi.csv").open("a", encoding="utf-8") as f:
        f.write("999-999-00-1,x,,67-64-2,Flam. Liq. 2,H225,H302x,,,,,Z,CLP00,,clp-annex-vi,r,\n")
    codes = {r["code"] for r in csv.DictReader((root / "h_statements.csv").open())}
    found = {(p.file, p.code) for p in check_bundled(root, codes)}
    assert ("national_classifications.csv", "CAS") in found
    assert ("national_classifications.csv", "HCODE") in found
    assert ("national_classifications.csv", "CLASS") in found
    assert ("clp_annex_vi.csv", "CAS") in found
    assert ("clp_annex_vi.csv", "NOTE") in found
    assert ("clp_annex_vi.csv", "MIN_CLASS") in found


def test_bundled_tables_pass_the_check():
    root = data_dir()
    codes = {r["code"] for r in csv.DictReader((root / "h_statements.csv").open())}
    assert check_bundled(root, codes) == []


def test_chem21_flags_count_where_no_measured_value_is_held():
    guide = prof(fp=-7, bp=98, h=["H225"])
    guide.properties["static_accumulator"] = Fact(True, "chem21-prat-2016", "deduced")
    s = chem21(guide)
    assert s.safety.value == 6 and "as the CHEM21 guide applied it" in s.safety.criterion
    assert "deduced from its published score" in s.safety.criterion
    # A flag another source states (an SDS calling the liquid a static accumulator) counts
    # the same, and its criterion names that source, not the guide.
    sds = prof(fp=-7, bp=98, h=["H225"])
    sds.properties["static_accumulator"] = Fact(True, "sds-x", "stated", "section 2")
    s = chem21(sds)
    assert s.safety.value == 6 and "as sds-x states it" in s.safety.criterion
    assert "deduced" not in s.safety.criterion and "guide" not in s.safety.criterion
    s = chem21(prof(fp=-7, bp=98, h=["H225"], static_accumulator=False))
    assert s.safety.value == 5 and "resistivity" not in s.safety.criterion
    s = chem21(prof(fp=35, bp=101, h=["H226"], decomposition_energy_gt_500=True))
    assert s.safety.value == 10


def test_chem21_cross_check_lists_each_disagreement_with_its_cause(tmp_path, kb):
    from cepn_screen.pipeline.chem21_check import compare, render

    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    (root / "chem21_reference.csv").write_text(
        "cas,name,bp_c,flash_point_c,worst_h_statements,safety,health,environment,"
        "ranking_default,ranking_after_discussion,source,ref,note\n"
        "7732-18-5,Water,100,na,None,1,1,1,recommended,recommended,s,r,\n"
        "110-54-3,n-hexane,69,-22,H361;H411,1,1,1,hazardous,hazardous,s,r,\n",
        encoding="utf-8")
    c = compare(load_knowledge(root))
    assert c.solvents == 2 and c.agree == 1
    assert len(c.disagreements) == 1 and "n-hexane" in c.disagreements[0]
    assert "H-statements: EU harmonised" in c.disagreements[0]
    assert "50.0%" in render(c)[-1]


def test_every_disagreement_with_the_chem21_paper_names_its_cause(kb):
    # The bundled data: agreement must not fall back, and each disagreeing score says
    # whether it is a data gap, the paper's own data, or a source that differs.
    from cepn_screen.pipeline.chem21_check import compare

    c = compare(kb)
    assert c.solvents == 75 and c.agree >= 63
    for line in c.disagreements:
        for part in line.split(" | "):
            assert "; cause (" in part, part
    reviewed = [x for x in c.disagreements if "reviewed)" in x]
    assert any("DME" in x and "cause (paper, reviewed)" in x for x in reviewed)


def test_chem21_cross_check_cause_comes_from_the_score_data_not_its_text():
    from cepn_screen.core.models import Score
    from cepn_screen.pipeline.chem21_check import cause

    # The same criterion text with and without the structured fact: only the fact counts.
    text = "flash point -11 °C → 5; resistivity and energy of decomposition unknown"
    gap = cause("S", Score(5, text, False, ("resistivity", "decomposition_energy")), 6, None)
    assert gap.startswith("cause (data gap): resistivity unknown")
    other = cause("S", Score(5, text, False, ()), 6, None)
    assert other.startswith("cause (sources differ)")
    assert "flash point" in cause("S", Score(None, "anything", True, ("flash_point",)), 1,
                                  None)
    h = cause("H", Score(5, "no text to match", True, ("carc",)), 2, None)
    assert h.startswith("cause (data gap): no EU-basis classification")
    assert cause("H", Score(5, "not assessed by any EU source", True, ()), 2,
                 None).startswith("cause (sources differ)")


def test_chem21_cross_check_agreement_on_the_bundled_data(kb):
    # 63/75 after the sourced resistivity of diethyl ether, carbon disulfide and turpentine,
    # the Cyrene flash point, triethylamine's auto-ignition temperature with the flag it
    # lets be deduced, and d-limonene's auto-ignition temperature with its deduced flag
    # (57/75 before); S 68/75.
    from cepn_screen.pipeline.chem21_check import compare

    c = compare(kb)
    assert (c.solvents, c.agree) == (75, 63)
    assert c.per_axis == {"S": 68, "H": 70, "E": 74}
    names = " ".join(c.disagreements)
    for solvent in ("Diethyl ether", "Carbon disulfide", "Turpentine", "Cyrene", "TEA",
                    "D-Limonene"):
        assert f"{solvent} (" not in names


def test_d_limonene_auto_ignition_is_sourced_and_the_flag_is_the_guides(kb):
    # The IEC 60079-20-1 value of limonene (138-86-3, no stereodescriptor) is held for
    # d-limonene under its own source id; with it (237 °C, not < 200), no EUH019 and no
    # ether group, the guide's S 4 (band 3 + 1) leaves only the static point.
    from cepn_screen.pipeline.context import Context

    fact = kb.properties["5989-27-5"]["autoignition_c"]
    assert fact.value == 237 and fact.source == "iec60079-20-1-2010-chemicals"
    assert fact.kind == "measured" and "138-86-3" in fact.ref
    assert kb.properties["138-86-3"]["autoignition_c"].value == 237  # the row it copies
    assert "iec60079-20-1-2010-chemicals" in {r["id"] for r in csv.DictReader(
        (data_dir() / "sources.csv").open(encoding="utf-8"))}
    flag = kb.chem21_flags["5989-27-5"]["static_accumulator"]
    assert flag.value is True and flag.source == "chem21-prat-2016"
    scr = Context.build(kb, rule_sets=[]).screener(with_rules=False)
    s = scr.screen_cas("5989-27-5").scores.safety
    assert s.value == 4 and "as the CHEM21 guide applied it" in s.criterion
    assert "auto-ignition" not in s.criterion  # 237 °C adds nothing


def test_remaining_chem21_safety_gaps_say_what_was_searched(kb):
    # The five solvents whose extra Safety points no source held explains keep a
    # reviewed data-gap cause naming what was looked for.
    from cepn_screen.pipeline.chem21_check import compare

    lines = {x.split(" (", 1)[0]: x for x in compare(kb).disagreements}
    for name in ("Me-THF", "Anisole", "TAME", "CPME", "ETBE"):
        assert "cause (data gap, reviewed)" in lines[name], name
        assert "Searched without a usable result" in lines[name], name


def test_dioxane_and_triethylamine_flags_are_the_guides_own(kb):
    # Both deduced from the published S (dioxane: all three +1 counted; TEA: auto-ignition
    # 215 °C held, no EUH019, not an ether), so the criterion names the guide; dioxane's
    # remaining point is a reviewed source difference (auto-ignition), not a data gap.
    from cepn_screen.pipeline.chem21_check import compare
    from cepn_screen.pipeline.context import Context

    scr = Context.build(kb, rule_sets=[]).screener(with_rules=False)
    for cas in ("123-91-1", "121-44-8"):
        s = scr.screen_cas(cas).scores.safety
        assert "as the CHEM21 guide applied it" in s.criterion and "resistivity" not in s.unknown
    line = next(x for x in compare(kb).disagreements if "(123-91-1)" in x)
    assert "cause (sources differ, reviewed)" in line and "NFPA 497" in line


def test_chem21_flag_kind_follows_the_source_id_not_the_ref_text():
    # The guide's id makes it the guide's own application, whatever the ref says; another
    # id is that source's statement even when its ref mentions the guide; no id, no claim.
    p = prof(fp=-7, bp=98, h=["H225"])
    p.properties["static_accumulator"] = Fact(True, "sds-y", "stated",
                                              "deduced from the published score")
    s = chem21(p).safety.criterion
    assert "as sds-y states it" in s and "guide" not in s
    p.properties["static_accumulator"] = Fact(True, "chem21-prat-2016", "deduced", "")
    assert "as the CHEM21 guide applied it" in chem21(p).safety.criterion
    p.properties["static_accumulator"] = Fact(True, "", "stated", "")
    s = chem21(p).safety.criterion
    assert "source not given" in s and "guide" not in s
