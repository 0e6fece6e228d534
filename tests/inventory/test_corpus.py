"""Hostile and odd inputs (tests/corpus/ + a few built here): each gives row-level flags or
a one-line error with exit 2; never a traceback, never a lost row."""

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
_spec = importlib.util.spec_from_file_location("bombs", Path(__file__).with_name("bombs.py"))
bombs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bombs)


def check_error(code, err, expect, name):
    assert code == 2, err
    assert expect["message"] in err, err
    assert name in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(run_main, tmp_path, name):
    expect = EXPECTED[name]
    code, out, err = run_main("assess", CORPUS / name, "-f", "json")
    if expect["exit"] == 2:
        check_error(code, err, expect, name)
        return
    assert code == 0, err
    d = json.loads(out)
    rows = d["rows"]
    if "rows" in expect:
        assert len(rows) == expect["rows"]
    if "min_rows" in expect:
        assert len(rows) >= expect["min_rows"]
    assert [r["row"] for r in rows] == sorted(r["row"] for r in rows)
    if "cas" in expect:
        assert [r["resolution"]["cas"] for r in rows] == expect["cas"]
    if "names" in expect:
        assert [r["input"]["化学品名称"] for r in rows] == expect["names"]
    by_row = {str(i): r for i, r in enumerate(rows, start=1)}
    for i, status in expect.get("status", {}).items():
        assert by_row[i]["resolution"]["status"] == status, (i, by_row[i]["resolution"])
    for i, warning in expect.get("warnings", {}).items():
        assert warning in by_row[i]["resolution"]["warnings"], (i, by_row[i]["resolution"])
    for i, problem in expect.get("problems", {}).items():
        assert problem in by_row[i]["parsed"]["problems"], (i, by_row[i]["parsed"])
    for i in expect.get("no_problems", []):
        assert by_row[i]["parsed"]["problems"] == [], (i, by_row[i]["parsed"])
    if "product_warning" in expect:
        assert expect["product_warning"] in d["products"][0]["warnings"]
    if expect.get("csv_neutralised"):
        code, out, _ = run_main("assess", CORPUS / name, "-f", "csv")
        for row in csv.DictReader(io.StringIO(out)):
            assert row["input_name"][:1] not in "=+@-" or row["input_name"].startswith("'")
        assert "'=cmd" in out and "'+SUM" in out and "'@HYPERLINK" in out
    if expect.get("md_escaped"):
        code, out, _ = run_main("assess", CORPUS / name, "-f", "md")
        assert "<script>" not in out and "&lt;script>" in out
        code, out, _ = run_main("assess", CORPUS / name)
        assert code == 0 and "<script>alert(1)" in out  # shown as text, not markup


def test_million_empty_rows(run_main, tmp_path):
    path = tmp_path / "million.csv"
    with path.open("w") as f:
        f.write("Name,CAS\nAcetone,67-64-1\n")
        f.write(",\n" * 1_000_000)
        f.write("Ethanol,64-17-5\n")
    code, out, err = run_main("assess", path, "-f", "json")
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert [r["resolution"]["cas"] for r in rows] == ["67-64-1", "64-17-5"]
    # numbering follows the file as a spreadsheet shows it: header row 1, acetone row 2
    assert rows[0]["row"] == 2 and rows[1]["row"] == 1_000_003


def test_xlsx_formulas_merged_cells_and_sheets(run_main, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = "Read me first"
    ws = wb.create_sheet("Inventory")
    ws.append(["Chemical name", "CAS No.", "Concentration", "Quantity"])
    ws.append(["Acetone", "67-64-1", "=50+50", 10])
    ws.append(["=HYPERLINK(\"http://x\",\"Ethanol\")", "64-17-5", 100, "=B2*2"])
    ws.append(["Water", "7732-18-5", 100, 1])
    ws.merge_cells("A5:B5")
    ws["A5"] = "merged note"
    path = tmp_path / "book.xlsx"
    wb.save(path)
    code, out, err = run_main("assess", path, "-f", "json")
    assert code == 2 and "no name, CAS or SMILES column" in err  # first sheet is the cover
    code, out, err = run_main("assess", path, "--sheet", "Inventory", "-f", "json")
    assert code == 0, err
    rows = json.loads(out)["rows"]
    assert len(rows) == 4
    assert rows[0]["resolution"]["cas"] == "67-64-1"
    # formulas never saved with a cached value read as empty, the row is kept
    assert rows[1]["resolution"]["cas"] == "64-17-5"
    assert rows[3]["input"]["Chemical name"] == "merged note"


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_paths(run_main, tmp_path, make):
    path = tmp_path / "nope.csv"
    if make == "directory":
        path.mkdir()
    code, _, err = run_main("assess", path)
    assert code == 2 and "nope.csv" in err and "Traceback" not in err


def test_corpus_size():
    assert len(EXPECTED) + 4 >= 40


def test_json_is_deterministic(run_main):
    _, first, _ = run_main("assess", "--example", "-f", "json")
    _, second, _ = run_main("assess", "--example", "-f", "json")
    assert first == second


# Cases too large to keep as files, generated with the real limits (tests/inventory/bombs.py;
# benchmarks/bombs.py measures their time and memory).
GENERATED = {
    # 1,048,576 rows: refused at the row cap, streamed from the sheet XML (openpyxl took
    # 15 s to get there)
    "full_height.xlsx": (bombs.rows_bomb, "more than 100,000 non-blank rows"),
    # one cell in column XFD per row: 16,384 cells a row (1,000 rows took gigabytes)
    "wide_rows.xlsx": (lambda p: bombs.wide_rows_bomb(p, rows=400),
                       "more than 5,000,000 cells"),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_bomb(run_main, tmp_path, name):
    make, message = GENERATED[name]
    path = make(tmp_path / name)
    # Markdown holds every row, so the lower bounds apply (a streamed format's tenfold
    # bounds are tested lowered in test_bombs.py, and measured by benchmarks/bombs.py).
    code, out, err = run_main("assess", path, "-f", "md")
    assert out == ""
    check_error(code, err, {"message": message}, name)
