"""The streamed JSON writer must give the same text as encoding the whole dict at once."""

import io
import json

from cepn_screen.inventory.load import load_inventory
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.report.serialize import assessment_dict, write_json


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
