"""CHEM21 scores worked by hand from shared/methods/chem21.md.

Each case gives the inputs (flash point, boiling point, auto-ignition temperature, H-codes)
and the scores reasoned from the method sheet in the comment beside it. The inputs are
stated here, not read from data/, so the test checks the method itself.
"""

import pytest

from cepn_screen.core.models import Fact, Profile
from cepn_screen.scoring.chem21 import chem21


def prof(cas="0-00-0", fp=None, bp=None, ait=None, h=None, no_fp=False, decomposition=None):
    props = {}
    if fp is not None:
        props["flash_point_c"] = Fact(fp, "test")
    if no_fp:
        props["flash_point_c"] = Fact(None, "test")
    if bp is not None:
        props["boiling_point_c"] = Fact(bp, "test")
    if ait is not None:
        props["autoignition_c"] = Fact(ait, "test")
    if decomposition is not None:
        props["decomposition_energy_j_g"] = Fact(decomposition, "test")
    return Profile(cas=cas, name="x", smiles=None, inchikey=None, properties=props,
                   h_codes=h)


CASES = [
    # Dichloromethane (sheet example): no flash point -> S 1; H351 -> 6, bp 40 < 85 -> H 7;
    # bp 40 < 50 -> 7, no H4xx -> 3, E = 7. Two 7s -> Hazardous.
    ("dichloromethane", prof(no_fp=True, bp=40, h=["H351"]), (1, 7, 7, "Hazardous")),
    # Ethyl acetate (sheet example): fp -4 -> 5; H319/H336/EUH066 -> 2, bp 77 -> +1 = 3;
    # bp 77 -> 3, no H4xx -> 3. One yellow -> Recommended.
    ("ethyl acetate", prof(fp=-4, bp=77, h=["H225", "H319", "H336", "EUH066"]),
     (5, 3, 3, "Recommended")),
    # n-Hexane: fp -22 < -20 -> 7, AIT 225 >= 200 no +1; H361f -> H361 -> 6, bp 69 -> +1 = 7;
    # bp 69 -> 5 but H411 -> 7, E 7. Three 7s -> Hazardous.
    ("n-hexane", prof(fp=-22, bp=69, ait=225,
                      h=["H225", "H361f", "H304", "H373", "H315", "H336", "H411"]),
     (7, 7, 7, "Hazardous")),
    # Water: 1/1/1 by definition (bp 100 would otherwise give E 3).
    ("water", prof(cas="7732-18-5", bp=100, h=[]), (1, 1, 1, "Recommended")),
    # Acetone: fp -18 -> 5; H319/H336 -> 2, bp 56 -> 3; bp 56 -> 5 (no H4xx 3).
    # Two scores in 4-6 -> Problematic.
    ("acetone", prof(fp=-18, bp=56, h=["H225", "H319", "H336", "EUH066"]),
     (5, 3, 5, "Problematic")),
    # Methanol: fp 9.7 -> 4 (0..23); H301/H311/H331/H370 -> 6, bp 64.7 -> 7; bp 65 -> 5.
    # One 7 -> Problematic.
    ("methanol", prof(fp=9.7, bp=64.7, h=["H225", "H301", "H311", "H331", "H370"]),
     (4, 7, 5, "Problematic")),
    # THF: fp -14 -> 5, EUH019 -> +1 = 6; H351 -> 6, bp 66 -> 7; bp 66 -> 5. One 7.
    ("tetrahydrofuran", prof(fp=-14, bp=66, h=["H225", "H302", "H319", "H335", "H351",
                                               "EUH019"]),
     (6, 7, 5, "Problematic")),
    # NMP: fp 91 -> 1; H360D -> H360 -> 9, bp 202 no increment; bp 202 > 200 -> 7.
    # A score >= 8 -> Hazardous.
    ("NMP", prof(fp=91, bp=202, h=["H360D", "H315", "H319", "H335"]),
     (1, 9, 7, "Hazardous")),
    # 1,1,1-Trichloroethane: not flammable -> 1; H332 -> 2, bp 74 -> 3; H420 -> E 10.
    ("1,1,1-trichloroethane", prof(no_fp=True, bp=74, h=["H332", "H420"]),
     (1, 3, 10, "Hazardous")),
    # DMSO, classified with no statement: fp 89 -> 1; no H3xx -> 1; bp 189 -> 5.
    ("DMSO", prof(fp=89, bp=189, h=[]), (1, 1, 5, "Recommended")),
    # Diethyl ether: fp -45 -> 7, AIT 160 < 200 -> +1, EUH019 -> +1 = 9;
    # H302/H336 -> 2, bp 35 -> 3; bp 35 -> 7. A score >= 8 -> Hazardous.
    ("diethyl ether", prof(fp=-45, bp=35, ait=160, h=["H224", "H302", "H336", "EUH019"]),
     (9, 3, 7, "Hazardous")),
    # Nothing known about hazards: fp 30 -> 3; H = 5 (no increment); E: bp 150 -> 5,
    # environmental part unknown -> 5. Two scores in 4-6 would be Problematic, and since
    # H and E rest on the method's defaults the ranking says the data are incomplete.
    ("unclassified solvent", prof(fp=30, bp=150, h=None),
     (3, 5, 5, "Problematic (incomplete data)")),
    # Toluene: fp 4 -> 4; H361d -> 6, bp 111 no increment; bp 111 -> 3.
    # Two yellows (4, 6) -> Problematic.
    ("toluene", prof(fp=4, bp=111, ait=480,
                     h=["H225", "H361d", "H304", "H373", "H315", "H336"]),
     (4, 6, 3, "Problematic")),
]


@pytest.mark.parametrize("label,p,expected", CASES, ids=[c[0] for c in CASES])
def test_worked_examples(label, p, expected):
    s = chem21(p)
    assert (s.safety.value, s.health.value, s.environment.value, s.ranking) == expected
    assert s.safety.criterion and s.health.criterion and s.environment.criterion


@pytest.mark.parametrize("fp,band", [
    (61, 1), (60.5, 1), (60, 3), (24, 3), (23.5, 4), (23, 4), (0, 4), (-0.5, 5),
    (-1, 5), (-20, 5), (-20.5, 7), (-21, 7),
])
def test_flash_point_band_edges(fp, band):
    assert chem21(prof(fp=fp, bp=100, h=[])).safety.value == band


@pytest.mark.parametrize("bp,env", [
    (69.4, 5), (69.5, 3), (139.4, 3), (139.5, 5), (200, 5), (200.6, 7), (49.6, 5), (49.4, 7),
])
def test_boiling_point_rounding(bp, env):
    assert chem21(prof(fp=100, bp=bp, h=[])).environment.value == env


def test_health_increment_is_strict_below_85():
    assert chem21(prof(fp=100, bp=85, h=["H319"])).health.value == 2
    assert chem21(prof(fp=100, bp=84.9, h=["H319"])).health.value == 3


def test_decomposition_energy_sets_safety_10():
    s = chem21(prof(fp=100, bp=150, h=[], decomposition=600))
    assert s.safety.value == 10 and s.ranking == "Hazardous"


def test_unknown_flash_point_uses_worst_band_of_classification():
    assert chem21(prof(bp=70, h=["H225"])).safety.value == 7
    assert chem21(prof(bp=150, h=["H226"])).safety.value == 4
    s = chem21(prof(bp=150, h=None))
    assert s.safety.value is None and s.ranking == "Problematic (incomplete data)"


def test_unknown_boiling_point_leaves_environment_unknown_unless_h420():
    assert chem21(prof(fp=100, h=[])).environment.value is None
    assert chem21(prof(fp=100, h=["H420"])).environment.value == 10


def test_with_bundled_data(kb):
    """The same method on curated data: dichloromethane and ethyl acetate as in the sheet."""
    from cepn_screen.identity.resolver import Resolver
    from cepn_screen.profile.build import profile

    r = Resolver(kb)
    dcm = chem21(profile(r.resolve("dichloromethane", None), kb))
    assert (dcm.safety.value, dcm.health.value, dcm.environment.value) == (1, 7, 7)
    assert dcm.ranking == "Hazardous"
    etoac = chem21(profile(r.resolve("ethyl acetate", None), kb))
    assert (etoac.health.value, etoac.environment.value) == (3, 3)


def test_safety_score_records_the_criteria_it_could_not_count():
    # The facts a score lacked are data on the score, not only words in its criterion.
    s = chem21(prof(fp=-7, bp=98, h=["H225"])).safety
    assert s.value == 5 and s.unknown == ("resistivity", "decomposition_energy")
    p = prof(fp=-7, bp=98, h=["H225"])
    p.properties["resistivity_ohm_m"] = Fact(2.5e10, "test")
    s = chem21(p).safety
    assert s.value == 6 and s.unknown == ("decomposition_energy",)
    assert chem21(prof(bp=70, h=["H225"])).safety.unknown[0] == "flash_point"
    assert chem21(prof(bp=150, h=None)).safety.unknown == ("flash_point",)


def test_health_and_environment_record_the_classes_not_assessed():
    s = chem21(prof(fp=100, bp=150, h=None))
    assert s.health.unknown and "carc" in s.health.unknown
    assert s.environment.incomplete and s.environment.unknown
    assert "boiling_point" in chem21(prof(fp=100, h=None)).environment.unknown


@pytest.mark.parametrize("cas,name,ohm_m", [
    ("60-29-7", "diethyl ether", 2.5e10),
    ("75-15-0", "carbon disulfide", 1.3e15),
    ("8006-64-2", "turpentine", 5e10),
])
def test_sourced_resistivity_counts_in_the_bundled_safety_score(kb, cas, name, ohm_m):
    """Lange's Handbook conductivity (as transcribed in the chemicals package) gives these
    liquids a resistivity above 10^8 ohm m: the static-accumulator point is counted and the
    criterion names the value; it is no longer an unknown."""
    from cepn_screen.identity.resolver import Resolver
    from cepn_screen.profile.build import profile

    p = profile(Resolver(kb).resolve(name, cas), kb)
    fact = p.properties["resistivity_ohm_m"]
    assert fact.value == ohm_m and fact.source == "lange16-conductivity-chemicals"
    s = chem21(p).safety
    assert f"resistivity {ohm_m:.3g} Ω·m > 10^8 (static accumulator) → +1" in s.criterion
    assert "resistivity" not in s.unknown


def test_diethyl_ether_safety_score_now_matches_the_guide(kb):
    # flash point -45 -> 7, auto-ignition < 200 +1, EUH019 +1, resistivity +1 = 10
    # (Prat et al. 2016, Table 7: S 10).
    from cepn_screen.identity.resolver import Resolver
    from cepn_screen.profile.build import profile

    s = chem21(profile(Resolver(kb).resolve("diethyl ether", "60-29-7"), kb)).safety
    assert s.value == 10
