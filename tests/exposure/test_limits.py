"""Exposure limits by jurisdiction, staleness and honesty about old ACGIH values (issue 20)."""

import json

import pytest

from cepn_screen.core.models import ExposureLimit, Profile
from cepn_screen.exposure.en689 import assess_group
from cepn_screen.exposure.limits import (
    JURISDICTIONS,
    choose_limit,
    control_band,
    no_limit_reason,
    sensitiser_flags,
)
from cepn_screen.inventory.vocabulary import COUNTRY_NAMES, country_code, map_headers

YEAR = 2026
STALE_1994 = "may be superseded: quoted from 1994"


def lim(agency, value, unit="ppm", year=2019, note="", kind="TWA", skin=None):
    return ExposureLimit(agency, kind, value, unit, skin, year, "test", "", note)


def prof(*limits, mw=131.39, h=None, name="trichloroethylene"):
    return Profile(cas=None, name=name, smiles=None, inchikey=None,
                   descriptors={"mw_g_mol": mw}, exposure_limits=list(limits), h_codes=h)


# ------------------------------------------------------------------ country selection

def test_binding_national_limit_beats_a_lower_acgih_value():
    p = prof(lim("China", 30, "mg/m3"), lim("ACGIH", 1, "ppm", 2020), lim("OSHA", 100))
    c = choose_limit(p, country="CN", year=YEAR)
    assert (c.limit.agency, c.limit.value, c.limit.unit) == ("China", 30, "mg/m3")
    assert "legally binding" in c.reason and "China" in c.reason
    assert "ACGIH TWA 1 ppm" in c.reason  # the lower, non-binding value is named
    # without a country the most protective value wins, and says who set it
    low = choose_limit(p, year=YEAR)
    assert low.limit.agency == "ACGIH" and "set by ACGIH" in low.reason


def test_country_without_a_value_falls_back_to_the_most_protective_with_the_reason():
    p = prof(lim("China", 30, "mg/m3"), lim("OSHA", 100), lim("EU", 10))
    c = choose_limit(p, country="MX", year=YEAR)
    assert c.limit.agency == "China"  # 30 mg/m3 = 5.6 ppm, lower than the EU's 10 ppm
    assert c.reason.startswith("MX: no Mexico TWA held for trichloroethylene")
    assert "most protective" in c.reason


def test_us_uses_osha_then_guidance_values():
    p = prof(lim("OSHA", 100), lim("NIOSH", 25), lim("EU", 10))
    assert choose_limit(p, country="US", year=YEAR).limit.agency == "OSHA"
    q = prof(lim("NIOSH", 25), lim("ACGIH", 50), lim("EU", 10))
    c = choose_limit(q, country="US", year=YEAR)
    assert c.limit.agency == "NIOSH" and "guidance" in c.reason  # not the EU's lower value


def test_germany_then_eu():
    p = prof(lim("EU", 10), lim("Germany", 33, "mg/m3"))
    assert choose_limit(p, country="DE", year=YEAR).limit.agency == "Germany"
    assert choose_limit(prof(lim("EU", 10)), country="DE", year=YEAR).limit.agency == "EU"


def test_no_limit_at_all_is_none_not_safe():
    assert choose_limit(prof(), country="CN") is None
    assert choose_limit(prof(lim("China", 5, kind="STEL")), country="CN") is None
    assert "no TWA exposure limit held" in no_limit_reason(prof())


def test_unknown_country_is_an_option_error():
    from cepn_screen.core.errors import OptionError

    with pytest.raises(OptionError):
        choose_limit(prof(lim("EU", 10)), country="XX")


def test_short_term_limit_of_the_country():
    p = prof(lim("China", 30, "mg/m3"), lim("Vietnam", 120, "mg/m3", kind="STEL"),
             lim("EU", 30, kind="STEL"))
    c = choose_limit(p, limit_type="STEL", country="VN", year=YEAR)
    assert (c.limit.agency, c.limit.limit_type) == ("Vietnam", "STEL")


def test_superseded_is_never_selected():
    old = lim("China", 6, "mg/m3", note="superseded by amendment 1 (2022)")
    new = lim("China", 3, "mg/m3", 2022)
    p = prof(old, lim("China", 10, "mg/m3", 2022), lim("OSHA", 1))
    assert choose_limit(p, country="CN", year=YEAR).limit.value == 10
    assert choose_limit(prof(old, new), year=YEAR).limit is new
    only_old = prof(old)
    assert choose_limit(only_old) is None
    assert choose_limit(only_old, "china") is None
    assert choose_limit(only_old, country="CN") is None


def test_country_codes_and_headers():
    assert set(COUNTRY_NAMES) <= set(JURISDICTIONS)
    for text, code in (("China", "CN"), ("中国", "CN"), ("México", "MX"), ("Indonesia", "ID"),
                       ("Việt Nam", "VN"), ("usa", "US"), ("Deutschland", "DE"), ("eu", "EU")):
        assert country_code(text) == code
    assert country_code("Atlantis") is None and country_code("") is None
    for header in ("Country", "País", "pais", "国家", "Negara", "Quốc gia"):
        assert map_headers(["Name", header]) == {"name": 0, "country": 1}


def test_country_column_overrides_the_default(tmp_path, kb):
    from cepn_screen.inventory.load import load_inventory
    from cepn_screen.pipeline.assess import assess_rows

    path = tmp_path / "inv.csv"
    path.write_text("Name,CAS,Country\nTrichloroethylene,79-01-6,CN\n"
                    "Trichloroethylene,79-01-6,\nTrichloroethylene,79-01-6,Atlantis\n",
                    encoding="utf-8")
    rows = load_inventory(path)
    assert [r.country for r in rows] == ["CN", None, None]
    assert "country_unknown" in rows[2].problems
    a = assess_rows(rows, kb=kb, country="US")
    agencies = [r.exposure.oel.limit.agency for r in a.rows]
    assert agencies == ["China", "OSHA", "OSHA"]
    assert a.inputs["country"] == "US"


# ------------------------------------------------------------------ ACGIH honesty

def test_acgih_never_takes_a_possibly_superseded_value():
    p = prof(lim("ACGIH", 50, year=1994, note=STALE_1994), lim("EU", 10), name="n-heptane")
    assert choose_limit(p, "acgih") is None
    assert no_limit_reason(p, "acgih") == ("no current ACGIH TLV held for n-heptane; the "
                                           "1994 value is stale")
    # it stays visible (labelled) as the lowest when nothing else is lower
    q = prof(lim("ACGIH", 50, year=1994, note=STALE_1994), lim("OSHA", 500))
    c = choose_limit(q, year=YEAR)
    assert c.limit.agency == "ACGIH" and c.stale and "possibly superseded" in c.stale_reason


def _samples_csv(path, name, cas, values):
    lines = ["Group,Worker,Date,Substance,CAS,Result,Unit,Duration (min)"]
    lines += [f"Degreasing,W{i},2026-03-0{i + 1},{name},{cas},{v:.4f},ppm,480"
              for i, v in enumerate(values)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_tce_group_with_utl_12_6_ppm_is_not_compliant_under_acgih(tmp_path, kb):
    from cepn_screen.monitoring.samples import analyse, load_samples

    base = [3.0, 4.1, 5.2, 2.6, 6.0, 3.7]
    utl = assess_group(base, 10).utl95_70
    values = [v * 12.6 / utl for v in base]
    assert assess_group(values, 10).utl95_70 == pytest.approx(12.6, rel=1e-3)
    path = tmp_path / "tce.csv"
    _samples_csv(path, "Trichloroethylene", "79-01-6", values)
    g = analyse(load_samples(path), oel_source="acgih", kb=kb).groups[0]
    # The TLV held (10 ppm) has no recorded year: it is used, and marked stale with why.
    assert g.oel is not None and g.oel.agency == "ACGIH" and g.oel.value == 10
    assert g.en689.decision == "non-compliant"
    assert g.oel.stale and "year of the value not recorded" in g.oel.reason


def test_stale_acgih_only_substance_is_refused_per_group(tmp_path, kb):
    from cepn_screen.monitoring.samples import analyse, load_samples

    path = tmp_path / "heptane.csv"
    _samples_csv(path, "n-Heptane", "142-82-5", [20, 30, 25, 40, 35, 28])
    g = analyse(load_samples(path), oel_source="acgih", kb=kb).groups[0]
    assert g.oel is None and g.en689.decision == "inconclusive"
    assert g.en689.reason == ("no current ACGIH TLV held for n-heptane; the 1994 "
                                    "value is stale")


# ------------------------------------------------------------------ staleness

@pytest.mark.parametrize("limit,why", [
    (lim("EU", 10, year=2019), None),
    (lim("EU", 10, year=2015), "from 2015, more than 10 years before 2026"),
    (lim("EU", 10, year=2016), None),
    (lim("Ontario", 10, year=None), "year of the value not recorded"),
    (lim("ACGIH", 10, year=2024, note="may be superseded: x"), "noted as possibly superseded"
     " (quoted from 2024)"),
])
def test_stale_rules(limit, why):
    assert limit.stale_reason(YEAR) == why


def test_stale_label_in_json_and_lookup_table(kb):
    from rich.console import Console

    from cepn_screen.pipeline.lookup import lookup
    from cepn_screen.report.serialize import row_dict
    from cepn_screen.report.table import render_profile

    ra = lookup("trichloroethylene", kb=kb, oel_source="osha")
    d = row_dict(ra)
    oel = d["exposure"]["oel"]
    assert oel["agency"] == "OSHA" and oel["stale"] is True and oel["stale_reason"]
    assert "requested" in oel["reason"]
    used = [e for e in d["exposure_limits"] if e["used"]]
    assert len(used) == 1 and used[0]["agency"] == "OSHA" and used[0]["type"] == "TWA"
    assert used[0]["value"] == oel["value"] and used[0]["unit"] == oel["unit"]
    assert all({"stale", "stale_reason", "superseded", "year"} <= e.keys()
               for e in d["exposure_limits"])
    console = Console(record=True, width=200)
    render_profile(ra, console)
    text = console.export_text()
    agency_lines = [ln for ln in text.splitlines() if ": TWA" in ln or ": STEL" in ln
                    or ": C " in ln]
    # one line per agency, every agency held listed
    held = {e.agency for e in ra.profile.exposure_limits}
    assert len(agency_lines) == len(held)
    for a in held:
        assert sum(f" {a}: " in ln for ln in agency_lines) == 1
    osha = next(ln for ln in agency_lines if " OSHA: " in ln)
    assert "◀ used" in osha and "stale" in osha
    assert sum("◀ used" in ln for ln in text.splitlines()) == 1
    assert "Limit used" in text


def test_lookup_marks_the_country_limit(kb):
    from cepn_screen.pipeline.lookup import lookup
    from cepn_screen.report.serialize import row_dict

    d = row_dict(lookup("n-hexane", kb=kb, country="CN"))
    used = [e for e in d["exposure_limits"] if e["used"]]
    assert [(e["agency"], e["type"]) for e in used] == [("China", "TWA")]
    assert d["exposure"]["oel"]["reason"].startswith("CN:")
    # every limit held is listed, EU 20 ppm included
    assert any(e["agency"] == "EU" and e["value"] == 20 and e["unit"] == "ppm"
               for e in d["exposure_limits"])


def test_card_and_html_show_staleness_and_reason(kb):
    from cepn_screen.pipeline.lookup import lookup
    from cepn_screen.report.card import card_html

    ra = lookup("trichloroethylene", kb=kb, oel_source="osha")
    html = card_html(ra, "en", kb)
    assert "may be out of date" in html and "requested" in html
    fresh = card_html(lookup("trichloroethylene", kb=kb, country="CN"), "zh", kb)
    assert "可能已过时" not in fresh and "China" in fresh


# ------------------------------------------------------------------ sensitisers

def test_sensitiser_flags_in_control_banding():
    assert sensitiser_flags(["H317", "H225"]) == ("skin",)
    assert sensitiser_flags(["H334", "H317"]) == ("skin", "respiratory")
    assert sensitiser_flags(None) == ()
    band = control_band(prof(h=["H334"]), 1, "L/day")
    assert band.group == "E" and band.resp_flag and band.as_dict()["sensitiser"] == [
        "respiratory"]
    band = control_band(prof(h=["H317"]), 1, "L/day")
    assert band.skin and band.as_dict()["sensitiser"] == ["skin"] and not band.resp_flag
    # skin notation on a limit sets S even without a skin H-code; unknown stays unknown
    band = control_band(prof(lim("EU", 10, skin=True), h=["H336"]), 1, "L/day")
    assert band.skin and "skin notation" in band.reason
    assert control_band(prof(h=None), 1, "L/day").approach is None


def test_json_oel_reason_serialised(kb, cli, tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text("Name,CAS,País\nTolueno,108-88-3,México\n", encoding="utf-8")
    p = cli("assess", str(path), "-f", "json")
    assert p.returncode == 0, p.stderr
    oel = json.loads(p.stdout)["rows"][0]["exposure"]["oel"]
    assert oel["reason"].startswith("MX: no Mexico TWA held for toluene")
    assert {"stale", "stale_reason"} <= oel.keys()


# ------------------------------------------------------------------ command line

def test_country_option_on_lookup_exposure_and_card(cli, tmp_path):
    p = cli("lookup", "trichloroethylene", "--country", "CN", "-f", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d["exposure"]["oel"]["agency"] == "China"
    assert [e["agency"] for e in d["exposure_limits"] if e["used"]] == ["China"]
    bad = cli("lookup", "trichloroethylene", "--country", "Atlantis")
    assert bad.returncode == 2 and "--country" in bad.stderr
    path = tmp_path / "tce.csv"
    _samples_csv(path, "Trichloroethylene", "79-01-6", [2.0, 3.0, 2.5, 4.0, 3.5, 2.8])
    e = cli("exposure", str(path), "--country", "VN", "-f", "json")
    assert e.returncode == 0, e.stderr
    g = json.loads(e.stdout)["groups"][0]
    assert g["oel"]["reason"].startswith("VN:")
    out = tmp_path / "card.html"
    c = cli("card", "trichloroethylene", "--country", "CN", "-o", str(out))
    assert c.returncode == 0, c.stderr
    assert "China TWA is the legally binding limit in China" in out.read_text(encoding="utf-8")


def test_data_check_passes_with_warnings_only(cli):
    p = cli("data", "check")
    assert p.returncode == 0, p.stdout
    assert "warning(s)" in p.stdout and "OEL_YEAR" in p.stdout


def test_data_stats_counts_stale_limits(cli):
    p = cli("data", "stats")
    assert p.returncode == 0
    line = next(ln for ln in p.stdout.splitlines() if ln.startswith("stale limit rows per agency"))
    assert "ACGIH" in line and "/" in line
    assert "superseded limit rows (never selected)" in p.stdout
