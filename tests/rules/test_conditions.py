import pytest

from cepn_screen.core.errors import UserError
from cepn_screen.core.hcodes import h_code_covers
from cepn_screen.pipeline.ruletests import run_rule_set_tests
from cepn_screen.rules.conditions import compile_condition
from cepn_screen.rules.loader import load_rule_set, load_rule_sets

BUNDLED = load_rule_sets()
CASES = run_rule_set_tests(BUNDLED)


@pytest.mark.parametrize("case", [c for c in CASES if c.outcome != "todo"],
                         ids=lambda c: f"{c.rule_id}-{c.kind}-{c.case}")
def test_rule_case(case):
    """Every bundled rule's match / no_match case, as `cepn-screen rules test` runs them."""
    assert case.outcome == "pass", case


def test_every_bundled_rule_has_cases_and_references():
    for rs in BUNDLED:
        for r in rs.rules:
            assert len(r.tests.match) >= 2 and len(r.tests.no_match) >= 2, r.id
            assert r.references and r.rationale and r.recommendation, r.id


def test_neurotoxicity_rule_by_structure_not_cas(kb):
    from cepn_screen.pipeline.lookup import lookup

    def fires(q):
        ra = lookup(q, kb=kb, rule_sets=BUNDLED)
        return "CEPN-NEURO-001" in {f.rule_id for f in ra.findings}

    assert fires("n-hexane") and fires("2-hexanone") and fires("CCCCC(C)O")
    # a structure absent from every list still matches: 5-hydroxy-2-hexanone
    assert fires("CC(O)CCC(C)=O")
    for q in ("cyclohexane", "n-heptane", "2-methylpentane", "3-methylpentane",
              "2,3-dimethylbutane"):
        assert not fires(q), q


@pytest.mark.parametrize("want,have,ok", [
    ("H360", "H360FD", True), ("H360D", "H360FD", True), ("H360D", "H360Fd", False),
    ("H361", "H361f", True), ("H350", "H350i", True), ("H350", "H351", False),
    ("EUH019", "EUH019", True), ("EUH019", "EUH066", False),
])
def test_h_code_covers(want, have, ok):
    assert h_code_covers(want, have) is ok


def test_bad_conditions_raise():
    for spec in ({"smarts": "[C"}, {"cas": ["67-64-2"]}, {"h_code": ["H99"]},
                 {"property": {"name": "colour", "lt": 1}}, {"list": "nope"},
                 {"all": []}, {"frobnicate": 1}):
        with pytest.raises(ValueError):
            compile_condition(spec)


def test_loader_reports_file_and_line(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("name: t\nversion: '1'\nrules:\n  - id: A\n    title: t\n    severity: high\n"
                 "    category: health\n    message: m\n  - id: B\n    title: t\n"
                 "    severity: extreme\n    category: health\n    when: {cas: [67-64-1]}\n"
                 "    message: m\n")
    with pytest.raises(UserError) as exc:
        load_rule_set(f)
    assert str(exc.value).endswith("bad.yaml:4:5: SCHEMA 'when' is missing")


def test_yaml_is_loaded_safely(tmp_path):
    f = tmp_path / "evil.yaml"
    f.write_text("name: !!python/object/apply:os.system ['echo hi']\nversion: 1\nrules: []\n")
    with pytest.raises(UserError, match="YAML"):
        load_rule_set(f)
