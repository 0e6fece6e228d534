"""The supplier inventory template (XLSX) in five languages."""


import json

import pytest


@pytest.mark.parametrize("lang", ["en", "zh", "es", "id", "vi"])
def test_template_round_trips_through_assess(cli, tmp_path, lang):
    path = tmp_path / f"template_{lang}.xlsx"
    p = cli("template", "-o", str(path), "--lang", lang)
    assert p.returncode == 0, p.stderr
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.freeze_panes == "A2" and len(wb.worksheets) == 2
    columns = {str(dv.sqref)[0] for dv in ws.data_validations.dataValidation}
    assert columns >= {"C", "I", "G"}  # process list, unit list, concentration format
    d = json.loads(cli("assess", str(path), "-f", "json").stdout)
    assert [(r["resolution"]["status"], r["resolution"]["cas"]) for r in d["rows"]] == \
        [("resolved", "110-54-3"), ("resolved", "67-64-1")]
    assert d["rows"][0]["parsed"]["quantity"] == 40 and d["rows"][0]["parsed"]["area"] == "SMT-1"
    # the template's process choice leads to the wiping profile
    from cepn_screen.substitution.substitute import profile_for_process

    assert profile_for_process(d["rows"][0]["parsed"]["process"]) == "wiping"


def test_template_needs_xlsx(cli, tmp_path):
    p = cli("template", "-o", str(tmp_path / "t.csv"))
    assert p.returncode == 2 and "xlsx" in p.stderr
