"""The streamed JSON writer must give the same text as encoding the whole dict at once."""

import io
import json

from cepn_screen.inventory.load import load_inventory
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.report.serialize import assessment_dict, write_json, write_jsonl


def _assessment(tmp_path, kb):
    inv = tmp_path / "inv.csv"
    inv.write_text(
        "Product,Chemical name,CAS No.,Concentration (%),Exposure,Note\n"
        ",n-hexane,110-54-3,100,\"a, \"\"exposure\"\": 1\",\"\\u0000substance\"\": 0\"\n"
        "Kleen,acetone,67-64-1,60-70,high,x\n"
        "Kleen,toluene,108-88-3,30,high,\n"
        ",n-hexane,110-54-3,100,,same substance again\n"
        ",Kleenz-X 2000,,,,\n"
        ",trichloroethylene,79-01-6,>95,,\n", encoding="utf-8")
    rows = load_inventory(inv)
    return assess_rows(rows, kb=kb, inputs={"source": str(inv)})


def test_streamed_json_equals_whole_dict(tmp_path, kb):
    a = _assessment(tmp_path, kb)
    buf = io.StringIO()
    write_json(a, buf, indent=None)
    expected = json.dumps(assessment_dict(a), ensure_ascii=False) + "\n"
    assert buf.getvalue() == expected
    rows = json.loads(buf.getvalue())["rows"]
    assert rows[0]["input"]["Exposure"] == 'a, "exposure": 1'
    assert rows[0]["hazard"]["h_codes"] == rows[3]["hazard"]["h_codes"]
    assert len(rows) == 6


def test_indented_json_is_the_dict(tmp_path, kb):
    a = _assessment(tmp_path, kb)
    buf = io.StringIO()
    write_json(a, buf, indent=2)
    assert json.loads(buf.getvalue()) == json.loads(json.dumps(assessment_dict(a)))


def test_json_lines_hold_the_same_records_as_the_json(tmp_path, kb):
    a = _assessment(tmp_path, kb)
    buf = io.StringIO()
    write_jsonl(a, buf)
    lines = buf.getvalue().splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON document
    whole = json.loads(json.dumps(assessment_dict(a)))
    kinds = [r.pop("record") for r in records]
    n_rows, n_inv, n_prod = (len(whole[k]) for k in ("rows", "inventory_findings", "products"))
    assert kinds == ["header"] + ["row"] * n_rows + ["inventory_finding"] * n_inv + \
        ["product"] * n_prod
    assert n_rows == 6 and n_prod >= 1
    header = records[0]
    assert header == {k: v for k, v in whole.items()
                      if k not in ("rows", "inventory_findings", "products")}
    assert records[1:1 + n_rows] == whole["rows"]  # substance parts spliced into every row
    assert records[1 + n_rows:1 + n_rows + n_inv] == whole["inventory_findings"]
    assert records[1 + n_rows + n_inv:] == whole["products"]
    # the cell holding the marker's own spelling stays text, and unknowns stay null
    assert records[1]["input"]["Note"] == '\\u0000substance": 0'
    unresolved = records[5]
    assert unresolved["resolution"]["status"] == "unresolved"
    assert unresolved["scores"] is None or unresolved["scores"]["safety"] is None


def test_each_substance_part_is_encoded_once(tmp_path, kb, monkeypatch):
    # rows naming one substance share its encoded part; the output is unchanged
    from cepn_screen.report import serialize

    calls = []
    real = serialize.profile_parts
    monkeypatch.setattr(serialize, "profile_parts",
                        lambda p, used=None: calls.append(id(p)) or real(p, used))
    a = _assessment(tmp_path, kb)
    a.rows = a.rows + a.rows[:3]  # three substances named twice more
    buf = io.StringIO()
    write_json(a, buf, indent=None)
    monkeypatch.setattr(serialize, "profile_parts", real)
    assert buf.getvalue() == json.dumps(assessment_dict(a), ensure_ascii=False) + "\n"
    distinct = {(id(r.profile), tuple(map(id, r.findings)), id(r.scores),
                 id(serialize.used_limit(r))) for r in a.rows}
    assert len(calls) == len(distinct) < len(a.rows)
