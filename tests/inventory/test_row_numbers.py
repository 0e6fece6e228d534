"""`Row` is the row number a user sees in the spreadsheet (header and title rows counted),
in every loader and every output; errors name real rows and list every accepted format."""

import csv
import io
import json

import pytest


def _xlsx_header_on_row_3(path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Chemical inventory, plant 2"  # a title row, then a blank row
    ws.append([])
    ws.cell(row=3, column=1, value="Chemical name")
    ws.cell(row=3, column=2, value="CAS No.")
    ws.cell(row=4, column=1, value="Acetone")
    ws.cell(row=4, column=2, value="67-64-1")
    ws.cell(row=5, column=1, value="Toluene")
    ws.cell(row=7, column=1, value="Ethanol")  # row 6 left blank
    wb.save(path)
    return path


def test_xlsx_with_its_header_on_row_3_has_its_first_data_row_as_4(tmp_path):
    from cepn_screen.inventory.load import load_inventory

    rows = load_inventory(_xlsx_header_on_row_3(tmp_path / "inv.xlsx"))
    assert [(r.row, r.name) for r in rows] == [(4, "Acetone"), (5, "Toluene"), (7, "Ethanol")]


def test_every_output_shows_the_spreadsheet_row(run_main, tmp_path):
    path = _xlsx_header_on_row_3(tmp_path / "inv.xlsx")
    code, out, err = run_main("assess", path, "-f", "csv")
    assert code == 0, err
    assert [r["row"] for r in csv.DictReader(io.StringIO(out))] == ["4", "5", "7"]
    code, out, err = run_main("assess", path, "-f", "json")
    assert [r["row"] for r in json.loads(out)["rows"]] == [4, 5, 7]
    code, out, err = run_main("assess", path, "-f", "md")
    assert code == 0, err
    assert "| 4 |" in out and "| 7 |" in out and "| 1 |" not in out
    code, out, err = run_main("assess", path)
    lines = [ln for ln in out.splitlines() if "Acetone" in ln or "Ethanol" in ln]
    assert lines[0].split("│")[1].strip() == "4" and lines[1].split("│")[1].strip() == "7"


def test_csv_title_lines_above_the_header_are_counted(tmp_path):
    from cepn_screen.inventory.load import load_inventory

    path = tmp_path / "inv.csv"
    path.write_text("Inventory export 2026-03\n\nName,CAS\nAcetone,67-64-1\n\nEthanol,\n",
                    encoding="utf-8")
    assert [r.row for r in load_inventory(path)] == [4, 6]


def test_a_file_without_identity_columns_names_the_row_of_its_headers(run_main, tmp_path):
    path = tmp_path / "noid.csv"
    path.write_text("\n\nfoo,bar\n1,2\n", encoding="utf-8")
    code, _, err = run_main("assess", path)
    assert code == 2
    assert "noid.csv, row 3: no name, CAS or SMILES column" in err and "row 0" not in err


def test_samples_and_reports_count_the_header_row(run_main, tmp_path):
    from cepn_screen.monitoring.samples import load_samples
    from cepn_screen.signals.reports import load_reports

    samples = tmp_path / "s.csv"
    samples.write_text("Substance,Result,Unit\nn-hexane,2,ppm\n\nn-hexane,-1,ppm\n",
                       encoding="utf-8")
    assert [s.row for s in load_samples(samples)] == [2, 4]
    reports = tmp_path / "r.csv"
    reports.write_text("Area,Symptoms\nL1,headache\nL2,rash\n", encoding="utf-8")
    assert [r.row for r in load_reports(reports)[0]] == [2, 3]
    for path in (samples, reports):
        path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    code, _, err = run_main("exposure", samples)
    assert code == 2 and "s.csv, row 1: needs a result column" in err


@pytest.mark.parametrize("command, formats", [
    (["assess", "--example"], ["table (.txt)", "json (.json)", "csv (.csv)", "md (.md",
                               "html (.html", "xlsx (.xlsx)", "parquet (.parquet)"]),
    (["shortlist", "inv.csv"], ["md (.md", "json (.json)", "csv (.csv)", "html (.html",
                                "xlsx (.xlsx)"]),
    (["exposure", "s.csv"], ["table (.txt)", "json (.json)", "csv (.csv)", "md (.md"]),
])
def test_an_unknown_extension_lists_every_format_the_command_writes(run_main, tmp_path,
                                                                    command, formats):
    code, _, err = run_main(*command, "-o", tmp_path / "out.pdf")
    assert code == 2 and "cannot tell the format from the extension '.pdf'" in err
    for f in formats:
        assert f in err, (f, err)


def test_card_refuses_a_name_that_is_not_html(run_main, tmp_path):
    code, _, err = run_main("card", "n-hexane", "-o", tmp_path / "card.pdf")
    assert code == 2 and "name the file .html or .htm" in err
    assert not (tmp_path / "card.pdf").exists()
