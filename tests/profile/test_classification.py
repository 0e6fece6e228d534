"""How classifications from several sources become the H-codes a profile acts on."""

import json

import pytest

from cepn_screen.knowledge.base import Classification, load_knowledge
from cepn_screen.profile.build import combine_classifications


@pytest.fixture(scope="module")
def kb():
    return load_knowledge()


def row(codes, kind="national", note=""):
    return Classification(tuple(codes.split(";")), kind, "src", "ref", note)


def test_disagreeing_sources_leave_the_more_severe_category(kb):
    codes = combine_classifications(
        [row("H226;H303;H316;H319"), row("H225;H302;H315;H318", kind="sds")], kb)
    assert codes == ["H225", "H302", "H315", "H318"]


def test_classes_with_several_codes_keep_them_all(kb):
    # Drowsiness and respiratory irritation are two effects of one class, organ damage
    # may name different organs at two categories; aquatic acute and chronic are two
    # classes: nothing is merged away.
    codes = combine_classifications([row("H335;H371;H400"), row("H336;H372;H410")], kb)
    assert sorted(codes) == ["H335", "H336", "H371", "H372", "H400", "H410"]


def test_aquatic_categories_merge_within_acute_and_within_chronic(kb):
    codes = combine_classifications([row("H402;H412"), row("H400;H410")], kb)
    assert sorted(codes) == ["H400", "H410"]


def test_harmonised_class_is_not_overridden(kb):
    codes = combine_classifications(
        [row("H225;H319", kind="harmonised"), row("H224;H318;H302")], kb)
    assert codes == ["H225", "H319", "H302"]


def test_partial_flag_follows_the_incomplete_note(kb):
    assert row("H226", note="INCOMPLETE: only flammability").partial
    assert not row("H226", note="complete assessment").partial


def test_tmah_is_fatal_by_skin_contact_and_flagged_partial(cli):
    """TMAH developer: two national classifications agree it is fatal in contact with
    skin; the report acts on that and says the classification is partial."""
    p = cli("lookup", "TMAH", "--format", "json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    rec = data["rows"][0] if "rows" in data else data
    hazard = rec["hazard"]
    assert {"H300", "H310", "H314"} <= set(hazard["h_codes"])
    assert "H302" not in hazard["h_codes"]  # the milder NZ category gives way
    assert hazard["partial"] is True
    assert any(f["rule_id"] == "CEPN-ACUTE-001" for f in rec["findings"])


def test_harmonised_substance_is_not_partial(cli):
    p = cli("lookup", "n-hexane", "--format", "json")
    data = json.loads(p.stdout)
    rec = data["rows"][0] if "rows" in data else data
    assert rec["hazard"]["partial"] is False


def test_partial_classification_shows_in_csv_warnings(cli, tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("name,cas\nethylene carbonate,96-49-1\nacetone,67-64-1\n", encoding="utf-8")
    p = cli("assess", str(inv), "--format", "csv")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert "classification_partial" in lines[1] and "classification_partial" not in lines[2]
