"""Exposure (issue 7): worked examples from shared/methods/, conversions, bad samples."""

import json

import pytest

from cepn_screen.core.models import ExposureLimit, Fact, Profile
from cepn_screen.exposure.en689 import assess_group, mixture_index, u_t
from cepn_screen.exposure.limits import (
    choose_limit,
    control_band,
    hazard_group,
    mixture_vhr,
    to_mg_m3,
    to_ppm,
    vapour_hazard_ratio,
    volatility,
)


def prof(name, vp=None, bp=None, limits=(), mw=None, h=None):
    props = {}
    if vp is not None:
        props["vapour_pressure_kpa_20c"] = Fact(vp, "test")
    if bp is not None:
        props["boiling_point_c"] = Fact(bp, "test")
    return Profile(cas=None, name=name, smiles=None, inchikey=None, properties=props,
                   descriptors={"mw_g_mol": mw} if mw else {},
                   exposure_limits=[ExposureLimit(a, "TWA", v, u, None, None, "test")
                                    for a, v, u in limits], h_codes=h)


@pytest.mark.parametrize("name,vp,oel,expected", [
    # mixtures_and_vhr.md table: C_sat = VP / 101.325 kPa x 1e6 ppm; VHR = C_sat / OEL
    ("n-hexane", 16.0, 20, 7900), ("acetone", 24.6, 500, 490),
    ("trichloroethylene", 7.8, 10, 7700), ("n-heptane", 4.8, 500, 95),
])
def test_vapour_hazard_ratio_worked_examples(name, vp, oel, expected):
    p = prof(name, vp=vp, limits=[("EU", oel, "ppm")])
    vhr = vapour_hazard_ratio(p, choose_limit(p, "eu"))
    assert vhr == pytest.approx(expected, rel=0.01)


def test_mixture_vhr_uses_mole_fractions():
    # 60 % n-hexane + 40 % n-heptane by mass; x_hexane = (0.6/86.18)/(0.6/86.18+0.4/100.2)
    hexane = prof("hexane", vp=16.0, mw=86.18, limits=[("EU", 20, "ppm")])
    heptane = prof("heptane", vp=4.8, mw=100.2, limits=[("EU", 500, "ppm")])
    mix = mixture_vhr([(hexane, 0.6, choose_limit(hexane)), (heptane, 0.4, choose_limit(heptane))])
    x = (0.6 / 86.18) / (0.6 / 86.18 + 0.4 / 100.2)
    expected = x * 16.0 / 101.325 * 1e6 / 20 + (1 - x) * 4.8 / 101.325 * 1e6 / 500
    assert mix.vhr == pytest.approx(expected, abs=0.1)
    assert mix.unknown == ()


def test_conversions_at_25c():
    assert to_mg_m3(20, "ppm", 86.18) == pytest.approx(70.5, abs=0.05)  # sheet example
    assert to_mg_m3(10, "ppm", 131.39) == pytest.approx(53.7, abs=0.05)
    assert to_ppm(53.74, "mg/m3", 131.39) == pytest.approx(10, abs=0.01)
    from cepn_screen.monitoring.samples import convert

    assert convert(500, "ppb", "ppm", 86.18) == pytest.approx(0.5)
    assert convert(1500, "ug/m3", "mg/m3", 86.18) == pytest.approx(1.5)
    assert convert(20, "ppm", "mg/m3", None) is None  # no molar mass: no guess


def test_lowest_limit_prefers_ppm_for_the_same_value():
    p = prof("hexane", mw=86.18, limits=[("ACGIH", 176, "mg/m3"), ("Ontario", 50, "ppm"),
                                          ("OSHA", 500, "ppm")])
    lim = choose_limit(p)
    assert (lim.limit.agency, lim.limit.value) == ("Ontario", 50)
    assert choose_limit(p, "osha").limit.value == 500
    assert choose_limit(p, "china") is None


def test_coshh_worked_examples():
    hexane_h = ["H225", "H361f", "H304", "H373", "H315", "H336", "H411"]
    assert hazard_group(hexane_h)[:2] == ("D", True)
    hexane = prof("n-hexane", bp=69, h=hexane_h)
    assert control_band(hexane, 5, "L/day").approach == 4
    assert control_band(hexane, 200, "mL/day").approach == 3
    acetone = prof("acetone", bp=56, h=["H225", "H319", "H336", "EUH066"])
    assert control_band(acetone, 10, "L/day").approach == 1
    assert control_band(acetone, 10, "L/day", process_temp=40).approach == 2
    tce = prof("TCE", bp=87, h=["H350", "H341", "H315", "H319", "H336", "H412"])
    b = control_band(tce, 200, "L/week")
    assert (b.group, b.approach, b.skin) == ("E", 4, True)
    assert volatility(150)[0] == "medium" and volatility(151)[0] == "low"  # line → more volatile
    assert control_band(prof("x", bp=80, h=None), 1, "L/day").approach is None


def test_coshh_bands_for_three_inventory_rows(cli, tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("Chemical name,CAS No.,Quantity,Unit,Process temperature\n"
                   "n-Hexane,110-54-3,110,L/month,\n"
                   "Acetone,67-64-1,50,L/week,40\n"
                   "Trichloroethylene,79-01-6,800,L/month,87\n", encoding="utf-8")
    d = json.loads(cli("assess", str(inv), "-f", "json").stdout)
    bands = [r["exposure"]["control_banding"] for r in d["rows"]]
    # n-hexane: 110 L / 22 days = 5 L/day, group D (H361f, H372), medium volatility → 4
    assert (bands[0]["hazard_group"], bands[0]["quantity_band"], bands[0]["approach"]) == \
        ("D", "medium", 4)
    # acetone at 40 °C: 10 L/day, bp 56 ≤ 2·40+10 → high volatility; group D since the
    # classes its harmonised entry leaves out are filled from JP-NITE (H361, H372) → 4
    assert (bands[1]["hazard_group"], bands[1]["volatility"], bands[1]["approach"]) == \
        ("D", "high", 4)
    # trichloroethylene: H350 → group E → 4 whatever the amount
    assert (bands[2]["hazard_group"], bands[2]["approach"]) == ("E", 4)
    assert bands[2]["meaning"].startswith("special")
    assert d["rows"][0]["exposure"]["vhr"] > 1000  # n-hexane is volatile with a low limit


def test_en689_worked_examples():
    a = assess_group([22, 35, 41], 500)
    assert (a.test, a.decision) == ("preliminary", "compliant")
    t = assess_group([0.9, 1.2, 2.5, 0.7], 10)
    assert (t.test, t.decision) == ("preliminary", "inconclusive")
    assert assess_group([0.9, 11, 2.5], 10).decision == "non-compliant"
    h6 = assess_group([2.1, 3.5, 1.8, 4.9, 2.7, 6.2], 20)
    assert (h6.test, h6.decision, h6.aiha_category) == ("statistical", "compliant", 2)
    assert (round(h6.gm, 2), round(h6.gsd, 2), round(h6.utl95_70, 1), round(h6.p95, 1)) == \
        (3.21, 1.62, 9.2, 7.1)
    h7 = assess_group([4, 9, 6, 15, 7, 11, 5], 20)
    assert (h7.decision, h7.aiha_category) == ("compliant", 3)
    assert h7.exceedance_fraction == pytest.approx(0.016, abs=0.001)
    assert round(h7.utl95_70, 1) == 19.7
    assert assess_group([4, 9, 6, 15, 7, 11, 25], 20).decision == "non-compliant"
    assert assess_group([5, 6], 20).decision == "inconclusive"


@pytest.mark.parametrize("n,value", [(6, 2.187), (7, 2.120), (10, 2.005), (15, 1.917),
                                     (20, 1.870), (30, 1.820)])
def test_u_t_table(n, value):
    assert round(u_t(n), 3) == value


def test_mixture_index_worked_example():
    # acetone 150/500 + MEK 60/200 + ethyl acetate 100/200 = 0.30 + 0.30 + 0.50
    assert mixture_index([(150, 500), (60, 200), (100, 200)]) == pytest.approx(1.10)


SAMPLES = """Group,Worker,Date,Substance,CAS,Result,Unit,Duration (min)
Wiping L1,W1,2026-03-02,n-Hexane,110-54-3,2.1,ppm,480
Wiping L1,W2,2026-03-03,n-Hexane,110-54-3,3.5,ppm,480
Wiping L1,W3,2026-03-04,n-Hexane,110-54-3,1.8,ppm,480
Wiping L1,W1,2026-03-09,n-Hexane,110-54-3,4.9,ppm,480
Wiping L1,W2,2026-03-10,n-Hexane,110-54-3,2.7,ppm,480
Wiping L1,W3,2026-03-11,n-Hexane,110-54-3,21800,ug/m3,240
Wiping L1,W1,2026-03-02,Acetone,67-64-1,150,ppm,480
Degreasing,W7,2026-03-02,Trichloroethylene,79-01-6,<0.5,ppm,480
Degreasing,W8,2026-03-03,Trichloroethylene,79-01-6,-1,ppm,480
Degreasing,W9,2026-03-04,Trichloroethylene,79-01-6,5,,480
Degreasing,W9,2026-03-04,Kleenz-X,,5,ppm,480
Degreasing,W9,2026-03-05,Trichloroethylene,79-01-6,1.2,furlongs,480
"""


def test_exposure_command(cli, tmp_path):
    path = tmp_path / "samples.csv"
    path.write_text(SAMPLES, encoding="utf-8")
    p = cli("exposure", str(path), "--oel-source", "ontario", "-f", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert len(d["rows"]) == 12  # every sample comes back
    errors = {r["row"]: r["errors"] for r in d["rows"]}
    # rows as a spreadsheet numbers them: the header is row 1
    assert errors[10] == ["negative_result"] and errors[11] == ["unit_missing"]
    assert errors[12] == ["substance_unknown"] and errors[13] == ["unit_unknown"]
    hexane = next(g for g in d["groups"] if g["cas"] == "110-54-3")
    assert hexane["n"] == 6 and hexane["oel"]["agency"] == "Ontario"
    assert hexane["oel"]["value"] == 50 and hexane["oel"]["unit"] == "ppm"
    assert hexane["en689"]["test"] == "statistical"
    assert hexane["en689"]["decision"] == "compliant" and hexane["aiha_category"] == 2
    # 21800 µg/m3 of n-hexane = 21.8 mg/m3 = 6.2 ppm at 25 °C, so the GM is the worked one
    assert hexane["gm"] == pytest.approx(3.21, abs=0.01)
    tce = next(g for g in d["groups"] if g["cas"] == "79-01-6")
    assert tce["non_detects"] == 1 and tce["n"] == 1
    nd = next(r for r in d["rows"] if r["row"] == 9)
    assert nd["non_detect"] and nd["value_used"] == 0.25
    mix = [m for m in d["mixtures"] if m["worker"] == "W1" and m["date"] == "2026-03-02"]
    assert mix and set(mix[0]["substances"]) == {"n-hexane", "acetone"}
    for fmt in ("md", "csv", "table"):
        assert cli("exposure", str(path), "-f", fmt).returncode == 0


def test_exposure_file_without_result_column(cli, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("Substance,Colour\nacetone,red\n", encoding="utf-8")
    p = cli("exposure", str(path))
    assert p.returncode == 2 and "needs a result column" in p.stderr


def test_oel_source_option(cli, tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("Chemical name\nn-Hexane\n", encoding="utf-8")
    d = json.loads(cli("assess", str(inv), "-f", "json", "--oel-source", "osha").stdout)
    assert d["rows"][0]["exposure"]["oel"]["agency"] == "OSHA"
    assert d["inputs"]["oel_source"] == "osha"
    assert cli("assess", str(inv), "--oel-source", "mars").returncode == 2


def test_exposure_table_to_file_and_unsupported_format(cli, tmp_path):
    path = tmp_path / "samples.csv"
    path.write_text(SAMPLES, encoding="utf-8")
    out = tmp_path / "out.txt"
    p = cli("exposure", str(path), "-o", str(out))
    assert p.returncode == 0 and p.stdout == ""  # the table goes to the file, not the screen
    assert "Exposure monitoring: samples.csv" in out.read_text(encoding="utf-8")
    p = cli("exposure", str(path), "-o", str(tmp_path / "out.html"))
    assert p.returncode == 2 and "not html" in p.stderr and "Traceback" not in p.stderr
