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


def test_xlsx_rerun_is_byte_identical(run_main, tmp_path, monkeypatch):
    """Two runs a second apart give the same bytes: openpyxl's document times and the zip
    entries' dates are fixed (SOURCE_DATE_EPOCH when set), for the report and template."""
    import time
    import zipfile

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert run_main("assess", "--example", "-o", first)[0] == 0
    time.sleep(2.1)  # the zip format's dates are to the even second
    assert run_main("assess", "--example", "-o", second)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "1980-01-01T00:00:00Z" in core
    for name in ("t1.xlsx", "t2.xlsx"):
        assert run_main("template", "-o", tmp_path / name)[0] == 0
    assert (tmp_path / "t1.xlsx").read_bytes() == (tmp_path / "t2.xlsx").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    assert run_main("assess", "--example", "-o", second)[0] == 0
    with zipfile.ZipFile(second) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert "2026-01-01T00:00:00Z" in z.read("docProps/core.xml").decode()
