"""The XLSX report, reopened with openpyxl: sheets, neutralised formulas, fills."""


def test_xlsx_report(cli, tmp_path):
    from openpyxl import load_workbook

    inv = tmp_path / "inv.csv"
    inv.write_text("Chemical name,CAS No.\n=HYPERLINK(\"http://evil\"),67-64-1\n"
                   "n-Hexane,110-54-3\n", encoding="utf-8")
    out = tmp_path / "report.xlsx"
    assert cli("assess", str(inv), "-o", str(out)).returncode == 0
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["Rows", "Products", "Findings"]
    ws = wb["Rows"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    name_col = header.index("input_name")
    assert ws.cell(row=2, column=name_col + 1).value.startswith("'=HYPERLINK")
    pri_col = header.index("priority") + 1
    hexane = ws.cell(row=3, column=pri_col)
    assert hexane.value == "critical" and hexane.fill.fgColor.rgb.endswith("7F0000")
    assert any(r[2].value == "CEPN-NEURO-001" for r in wb["Findings"].iter_rows(min_row=2))
    assert "Shortlist" in wb.sheetnames
    names = [r[4].value for r in wb["Shortlist"].iter_rows(min_row=2)]
    assert "n-heptane" in names
