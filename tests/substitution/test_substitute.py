"""Safer substitution (issue 6 acceptance) and inventory shortlists."""

import csv
import io
import json

import pytest

from cepn_screen.substitution.substitute import PROFILES, profile_for_process, ra, substitute


@pytest.fixture(scope="module")
def hexane():
    return substitute("n-hexane", top=10)


def test_hexane_top10_is_safer_and_functional(hexane):
    target_h = hexane.target.scores.health.value
    assert len(hexane.candidates) >= 5
    for c in hexane.candidates:
        ids = {f.rule_id for f in c.findings}
        assert "CEPN-NEURO-001" not in ids and "CEPN-CMR-001" not in ids
        assert "CEPN-CMR-002" not in ids
        assert all(f.severity != "critical" for f in c.findings), c.profile.name
        # Never worse on Health (the guard); triethylamine, added to the pool with the
        # CHEM21 data, ties on Health (H314) and is better on Safety and Environment.
        assert c.scores.health.value <= target_h, c.profile.name
        assert c.reasons and c.reasons[0].startswith("Ra ")
    names = [c.profile.name for c in hexane.candidates]
    assert "n-heptane" in names[:5] or "n-octane" in names[:5]
    for never in ("benzene", "toluene", "2-hexanone"):
        assert never not in names


def test_hexane_excluded_regrettable_ones_with_reasons(hexane):
    why = {c.profile.name: "; ".join(c.excluded) for c in hexane.excluded}
    assert "CMR category 2" in why["toluene"]
    assert "neurotoxic" in why["2-hexanone"] or "CEPN-NEURO-001" in why["2-hexanone"]
    assert "critical finding" in why["benzene"]


def test_reasons_say_why(hexane):
    # n-heptane: the guard and the reasons act on every source held, so Health is 6 from
    # the Japanese government's STOT RE 1 (H372), a class its harmonised entry leaves out;
    # its CHEM21 Health on the method's EU basis is 2 (H304), marked incomplete.
    heptane = next(c for c in hexane.candidates if c.profile.name == "n-heptane")
    text = "; ".join(heptane.reasons)
    assert heptane.scores.acting.health.value == 6
    assert heptane.scores.health.value == 2 and heptane.scores.health.incomplete
    assert "Health 6 vs 7" in text and "no neurotoxicity" in text
    assert "flash point -7 °C vs -22 °C" in text


def test_pool_all_uses_the_offline_database():
    s = substitute("n-hexane", pool="all", top=30)
    cas = [c.profile.cas for c in s.candidates]
    assert len(cas) == len(set(cas))  # the curated and database copies are not doubled
    assert {"142-82-5", "111-65-9"} & set(cas[:3])  # heptane or octane leads
    assert any(c.hansen_kind == "estimated" for c in s.candidates)
    for c in s.candidates:
        if c.hansen_kind == "estimated":
            assert "estimated Hansen parameters" in c.reasons[0]
    known = [c.profile.h_codes is not None for c in s.candidates]
    assert known == sorted(known, reverse=True)  # unclassified ones come last


def test_ranking_follows_pareto_fronts(hexane):
    fronts = [c.front for c in hexane.candidates]
    assert fronts == sorted(fronts) and fronts[0] == 1
    front1 = [c for c in hexane.candidates if c.front == 1]
    for c in front1:  # nothing in the list dominates a front-1 candidate
        assert not any(o.ra <= c.ra and o.hazard <= c.hazard and
                       (o.ra < c.ra or o.hazard < c.hazard) for o in hexane.candidates)


def test_vapour_degreasing_never_suggests_flammables():
    s = substitute("trichloroethylene", process="vapour-degreasing", top=50)
    for c in s.candidates:
        assert not {"H224", "H225", "H226"} & set(c.profile.h_codes or [])
        assert c.profile.prop("flash_point_c") is None
        bp = c.profile.prop("boiling_point_c")
        assert 35 <= bp <= 120
    for c in s.untested:  # solvency unknown, but the process rule still holds
        assert c.profile.has_no("flash_point_c") and 35 <= c.profile.prop("boiling_point_c") <= 120
    # No classification is held for it: it is no longer "passes every check but solvency"
    # (issue 17: the guard fails on unknown); it is listed with what to verify.
    why_x = {c.profile.name: "; ".join(c.excluded) for c in s.excluded}
    assert "hazard classification" in why_x["methyl nonafluorobutyl ether"]
    why = {c.profile.name: "; ".join(c.excluded) for c in s.excluded}
    for flammable in ("acetone", "ethyl acetate", "cyclohexane"):
        assert "non-flammable" in why[flammable], why[flammable]


def test_show_excluded_explains_1_bromopropane_for_tce(cli):
    p = cli("substitute", "trichloroethylene", "--process", "vapour-degreasing",
            "--show-excluded", "-f", "json")
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    npb = next(e for e in d["excluded"] if e["cas"] == "106-94-5")
    text = "; ".join(npb["reasons"])
    assert "worse on Health: 10 vs 9" in text and "CEPN-CMR-001" in text
    assert "REACH SVHC" in text
    p2 = cli("substitute", "trichloroethylene", "-p", "vapour-degreasing", "-f", "json")
    assert json.loads(p2.stdout)["excluded"] == []  # only with --show-excluded


def test_json_contract(cli):
    d = json.loads(cli("substitute", "n-hexane", "-f", "json", "--blends").stdout)
    assert d["target"]["resolution"]["cas"] == "110-54-3"
    assert d["candidates"] and d["blends"]
    c = d["candidates"][0]
    for key in ("rank", "cas", "name", "ra", "scores", "findings", "reasons"):
        assert key in c
    assert [x["rank"] for x in d["candidates"]] == list(range(1, len(d["candidates"]) + 1))
    for b in d["blends"]:
        assert abs(sum(x["fraction"] for x in b["components"]) - 1) < 1e-9
        assert b["ra"] < c["ra"]  # a blend is proposed only when it beats the best single


def test_hsp_point_with_radius():
    s = substitute(hsp=(18.0, 1.4, 2.0), radius=4.0, top=50)  # near toluene
    assert s.candidates
    for c in s.candidates:
        assert c.red <= 1.0 and c.ra == pytest.approx(ra((18.0, 1.4, 2.0), c.hansen), abs=0.01)
    assert all("toluene" != c.profile.name for c in s.candidates)  # CMR 2: excluded


def test_blends_beat_the_best_single():
    s = substitute("N-methyl-2-pyrrolidone", with_blends=True)
    assert s.candidates
    best = s.candidates[0].ra
    assert s.blends and all(b.ra < best for b in s.blends)
    for b in s.blends:
        assert all(not c.excluded for c, _ in b.components)


def test_pool_file(tmp_path):
    pool = tmp_path / "pool.csv"
    pool.write_text("Name\nn-heptane\ntoluene\nacetone\n", encoding="utf-8")
    s = substitute("n-hexane", pool=pool)
    assert [c.profile.name for c in s.candidates] == ["n-heptane"]
    assert {c.profile.name for c in s.excluded} == {"toluene", "acetone"}


def test_process_words():
    assert profile_for_process("Vapour degreasing") == "vapour-degreasing"
    assert profile_for_process("Stencil wiping") == "wiping"
    assert profile_for_process("Resist stripping") == "resist-strip"
    assert profile_for_process("anything else") == "general"
    assert set(PROFILES) >= {"wiping", "vapour-degreasing", "immersion", "resist-strip"}


def test_shortlist_cli_writes_the_file(cli, tmp_path):
    from cepn_screen.cli.app import example_path

    out = tmp_path / "shortlist.md"
    p = cli("shortlist", str(example_path()), "-o", str(out))
    assert p.returncode == 0, p.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Substitution shortlist") and "n-heptane" in text


@pytest.mark.parametrize("ext", ["md", "json", "csv"])
def test_shortlist_for_example_inventory(example_shortlist, ext):
    from cepn_screen.report.shortlist import shortlist_csv, shortlist_json, shortlist_md

    _, entries, _ = example_shortlist
    render = {"md": shortlist_md, "json": shortlist_json}.get(ext)
    text = render("electronics_plant.csv", "high", entries) if render else \
        shortlist_csv(entries)
    if ext == "json":
        d = json.loads(text)
        hexane = next(e for e in d["entries"] if 2 in e["rows"])  # row 2: under the header
        assert hexane["process"] == "wiping"
        names = [c["name"] for c in hexane["shortlist"]["candidates"]]
        assert "n-heptane" in names
    elif ext == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert any(r["target_cas"] == "110-54-3" and r["name"] == "n-heptane" for r in rows)
    else:
        assert text.startswith("# Substitution shortlist") and "n-heptane" in text


def test_unknown_target_is_a_user_error(cli):
    p = cli("substitute", "no such solvent at all")
    assert p.returncode == 2 and "cannot identify the target" in p.stderr


def test_not_classified_flammable_is_not_called_unknown_nor_non_flammable():
    """A national 'not classified' for flammable liquids bounds the flash point (above
    60 °C) but does not prove a non-flammable liquid: the candidate goes to verify, and the
    text says what is known instead of 'flammability unknown'."""
    from cepn_screen.pipeline.context import Context
    from cepn_screen.scoring.chem21 import ABSENT, flammability
    from cepn_screen.substitution.substitute import Candidate, functional_problems

    ctx = Context.build(rule_sets=[])
    s = ctx.screener(with_rules=False).screen(ctx.resolver.resolve(None, "5888-33-5"))
    assert s.profile.prop("flash_point_c") is None and not s.profile.has_no("flash_point_c")
    assert flammability(s.profile).state == ABSENT
    cand = Candidate(s.profile, [], s.scores, None)
    out, verify = functional_problems(cand, None, PROFILES["vapour-degreasing"])
    assert not out
    flash = [v for v in verify if "flash point" in v]
    assert len(flash) == 1 and "not classified flammable" in flash[0]
    assert "flammability unknown" not in flash[0]
