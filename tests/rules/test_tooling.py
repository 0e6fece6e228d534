"""`rules validate`, `rules test`, `rules docs`, `rules schema` and inventory-level rules."""

import json
from pathlib import Path

import pytest

GOOD_RULE = """\
  - id: ACME-001
    title: Acetone in use
    severity: low
    category: safety
    when: {cas: [67-64-1]}
    message: "{name} found"
    tests:
      match: [acetone, 67-64-1]
      no_match: [ethanol, water]
"""


def write_rules(tmp_path, body, name="acme.yaml", header='name: acme\nversion: "1"\n'):
    path = tmp_path / name
    path.write_text(header + "rules:\n" + body, encoding="utf-8")
    return path


# Each broken rule file and the code, line and column the validator must report: the
# position of the offending value (line 8 is the rule's `when:` line).
BROKEN = [
    ("bad SMARTS", GOOD_RULE.replace("{cas: [67-64-1]}", '{smarts: "[C"}'), "SMARTS", 8, 20),
    ("bad CAS check digit", GOOD_RULE.replace("67-64-1]}", "67-64-2]}"), "CAS", 8, 18),
    ("unknown H-code", GOOD_RULE.replace("{cas: [67-64-1]}", "{h_code: [H999]}"), "HCODE", 8, 21),
    ("unknown property", GOOD_RULE.replace("{cas: [67-64-1]}",
                                           "{property: {name: colour, lt: 3}}"),
     "PROPERTY", 8, 29),
    ("unknown list", GOOD_RULE.replace("{cas: [67-64-1]}", "{list: greenlist}"), "LIST", 8, 18),
    ("bad severity", GOOD_RULE.replace("severity: low", "severity: extreme"), "SCHEMA", 6, 5),
    ("unknown key", GOOD_RULE.replace("    message:", "    mesage: x\n    message:"),
     "SCHEMA", 4, 5),
    ("duplicate id", GOOD_RULE + GOOD_RULE, "DUPLICATE", 13, 9),
    ("no tests", GOOD_RULE.split("    tests:")[0], "NO_TESTS", 4, 9),
    ("not YAML", GOOD_RULE.replace("title: Acetone in use", "title: [unclosed"), "YAML", 6, 13),
]


@pytest.mark.parametrize("label,body,code,line,col", BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_text_and_github(cli, tmp_path, label, body, code, line, col):
    path = write_rules(tmp_path, body)
    p = cli("rules", "validate", str(path))
    assert p.returncode == 1, p.stdout
    assert f"{path}:{line}:{col}: {code} " in p.stdout, p.stdout
    g = cli("rules", "validate", str(path), "--format", "github")
    assert g.returncode == 1
    assert f"::error file={path},line={line},col={col},title={code}::" in g.stdout, g.stdout


def test_validate_json_and_clean_file(cli, tmp_path):
    path = write_rules(tmp_path, GOOD_RULE)
    p = cli("rules", "validate", str(path), "--format", "json")
    assert p.returncode == 0, p.stdout
    assert json.loads(p.stdout)["errors"] == 0


def test_duplicate_id_across_files(cli, tmp_path):
    a = write_rules(tmp_path, GOOD_RULE, "a.yaml")
    b = write_rules(tmp_path, GOOD_RULE, "b.yaml", header='name: other\nversion: "1"\n')
    p = cli("rules", "validate", str(a), str(b))
    assert p.returncode == 1 and f"{b}:4:9: DUPLICATE" in p.stdout and str(a) in p.stdout


def test_alias_bomb_is_refused(cli, tmp_path):
    lines = ["name: bomb", 'version: "1"', "a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 30):
        prev = "a" if i == 1 else f"a{i - 1}"
        lines.append(f"a{i}: &a{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev},"
                     f" *{prev}, *{prev}, *{prev}, *{prev}]")
    lines.append("rules: []")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    p = cli("rules", "validate", str(path))
    assert p.returncode == 1 and "ALIAS" in p.stdout


def test_bundled_rules_validate_and_test(cli):
    p = cli("rules", "validate")
    assert p.returncode == 0, p.stdout
    assert "0 error(s), 0 warning(s)" in p.stdout
    t = cli("rules", "test", "--format", "json")
    assert t.returncode == 0, t.stdout
    s = json.loads(t.stdout)["summary"]
    assert s["failed"] == 0 and s["false_positives"] == 0 and s["false_negatives"] == 0
    assert s["true_positives"] > 50 and s["true_negatives"] > 50


def test_failing_case_exits_1_and_is_named(cli, tmp_path):
    body = GOOD_RULE.replace("no_match: [ethanol, water]", "no_match: [ethanol, acetone]")
    path = write_rules(tmp_path, body)
    p = cli("rules", "test", str(path))
    assert p.returncode == 1
    assert "FAIL  ACME-001 no_match 'acetone': expected no fire, got fire" in p.stdout
    j = json.loads(cli("rules", "test", str(path), "-f", "json").stdout)
    assert j["summary"]["false_positives"] == 1 and j["summary"]["failed"] == 1


def test_todo_case_is_reported_not_failed(cli, tmp_path):
    body = GOOD_RULE + "      todo: [ethanol]\n"
    p = cli("rules", "test", str(write_rules(tmp_path, body)))
    assert p.returncode == 0 and "todo  ACME-001 todo 'ethanol'" in p.stdout


def test_company_rules_beside_bundled(cli, tmp_path):
    path = write_rules(tmp_path, GOOD_RULE)
    out = json.loads(cli("lookup", "acetone", "-f", "json", "--rules", str(path)).stdout)
    ids = {f["rule_id"] for f in out["findings"]}
    assert "ACME-001" in ids and "CEPN-FLAM-001" in ids
    # a set named like a bundled one replaces it
    replaced = write_rules(tmp_path, GOOD_RULE, "core.yaml", header='name: core\nversion: "9"\n')
    out = json.loads(cli("lookup", "acetone", "-f", "json", "--rules", str(replaced)).stdout)
    ids = {f["rule_id"] for f in out["findings"]}
    assert "ACME-001" in ids and "CEPN-FLAM-001" not in ids


def test_broken_company_rules_stop_assess_with_one_line(cli, tmp_path):
    path = write_rules(tmp_path, GOOD_RULE.replace("67-64-1]}", "67-64-2]}"))
    p = cli("assess", "--example", "--rules", str(path))
    assert p.returncode == 2 and f"{path}:8:18: CAS" in p.stderr
    assert "Traceback" not in p.stderr


def test_docs_are_current(cli):
    """docs/rules.md is generated; regenerate with `cepn-screen rules docs -o docs/rules.md`."""
    committed = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    p = cli("rules", "docs")
    assert p.returncode == 0
    assert committed.read_text(encoding="utf-8") == p.stdout


def test_schema_is_valid_json_schema(cli):
    import jsonschema

    schema = json.loads(cli("rules", "schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "CEPN" not in json.dumps(schema)  # the schema is about format, not content


INVENTORY = """Area,Product,Chemical name,CAS No.
L1,WipeMix,n-Hexane,110-54-3
L1,,Methyl ethyl ketone,78-93-3
L2,,n-Hexane,110-54-3
L3,,Methyl ethyl ketone,78-93-3
L4,,n-Heptane,142-82-5
L4,,Methyl ethyl ketone,78-93-3
"""


def test_hexane_mek_inventory_rule(cli, tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text(INVENTORY, encoding="utf-8")
    d = json.loads(cli("assess", str(path), "-f", "json").stdout)
    fired = [f for f in d["inventory_findings"] if f["rule_id"] == "CEPN-INV-HEXMEK"]
    assert [(f["group_by"], f["group"], f["rows"]) for f in fired] == [("area", "L1", [2, 3])]
    # rows are numbered as the spreadsheet shows them: the header is row 1
    rows = {r["row"]: {f["rule_id"] for f in r["findings"]} for r in d["rows"]}
    assert "CEPN-INV-HEXMEK" in rows[2] and "CEPN-INV-HEXMEK" in rows[3]
    assert all("CEPN-INV-HEXMEK" not in rows[r] for r in (4, 5, 6, 7))
    assert d["rows"][1]["priority"] == "critical"  # MEK alone would be medium


def test_multiple_cmr_product_rule(cli, tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text("Product,Chemical name\nStripX,NMP\nStripX,Trichloroethylene\n"
                    "Safe,NMP\nSafe,Acetone\n", encoding="utf-8")
    d = json.loads(cli("assess", str(path), "-f", "json").stdout)
    fired = [(f["group"], f["rows"]) for f in d["inventory_findings"]
             if f["rule_id"] == "CEPN-INV-MULTICMR"]
    assert fired == [("StripX", [2, 3])]  # spreadsheet rows


def test_every_condition_key_is_declared_with_docs_schema_and_example():
    """A key in the registries must carry its docs, schema and example, and the schema
    and the docs list exactly the registries' keys (in their order)."""
    import jsonschema
    import yaml

    from cepn_screen.rules.conditions import CONDITIONS, compile_condition
    from cepn_screen.rules.docs import render
    from cepn_screen.rules.inventory import INVENTORY_CONDITIONS, compile_inventory_condition
    from cepn_screen.rules.schema import condition_schema, rule_set_schema

    schema = rule_set_schema()
    validator = jsonschema.Draft202012Validator(schema)
    for vocabulary, compiler, ref in (
            (CONDITIONS, compile_condition, "#/$defs/condition"),
            (INVENTORY_CONDITIONS, compile_inventory_condition, "#/$defs/inventory_condition")):
        assert len(vocabulary) > 0
        for spec in vocabulary:
            assert spec.doc.strip() and isinstance(spec.schema, dict) and spec.schema, spec.key
            assert callable(spec.compile), spec.key
            if spec.kind == "combinator":
                continue
            assert spec.example and spec.example.startswith(f"{spec.key}:"), spec.key
            example = yaml.safe_load(spec.example)
            compiler(example)  # the example compiles ...
            sub = jsonschema.Draft202012Validator(
                {"$ref": ref, "$defs": schema["$defs"]})
            assert not list(sub.iter_errors(example)), spec.key  # ... and fits the schema
        if vocabulary is INVENTORY_CONDITIONS:
            assert all(s.synopsis for s in vocabulary)
    assert validator is not None
    assert [o["required"][0] for o in condition_schema()["oneOf"]] == CONDITIONS.keys()
    assert ([o["required"][0] for o in schema["$defs"]["inventory_condition"]["oneOf"]]
            == INVENTORY_CONDITIONS.keys())
    reference = render([]).split("## Condition reference")[1]
    documented = [line.split("`")[1] for line in reference.splitlines() if line.startswith("| `")]
    assert documented == CONDITIONS.keys() + INVENTORY_CONDITIONS.keys()


def test_condition_keys_unknown_to_the_registry_are_schema_errors():
    from cepn_screen.rules.conditions import CONDITIONS, ConditionError, compile_condition
    from cepn_screen.rules.inventory import INVENTORY_CONDITIONS, compile_inventory_condition

    with pytest.raises(ConditionError) as exc:
        compile_condition({"colour": "red"})
    assert exc.value.code == "SCHEMA" and str(exc.value) == "unknown condition 'colour'"
    assert exc.value.path == ("when", "colour")
    for bad in ({"colour": "red", "cas": ["67-64-1"]}, ["cas"], "cas", {}):
        with pytest.raises(ConditionError) as exc:
            compile_condition(bad)
        assert exc.value.code == "SCHEMA"
        assert str(exc.value) == ("a condition is a mapping with exactly one key ("
                                  + ", ".join(CONDITIONS.keys()) + ")")
    with pytest.raises(ConditionError) as exc:
        compile_inventory_condition({"colour": "red"})
    assert exc.value.code == "SCHEMA"
    assert str(exc.value) == ("unknown inventory condition 'colour' ("
                              + " or ".join(INVENTORY_CONDITIONS.keys()) + ")")


def test_unknown_condition_key_in_a_file_is_reported(cli, tmp_path):
    path = write_rules(tmp_path, GOOD_RULE.replace("{cas: [67-64-1]}", "{colour: red}"))
    p = cli("rules", "validate", str(path))
    assert p.returncode == 1 and f"{path}:8:20: SCHEMA unknown condition 'colour'" in p.stdout, \
        p.stdout
