"""The bundled inventory of a whole electronics plant (data/examples/electronics_plant_full.csv)
and name-only resolution on the process-chemicals list (benchmarks/name_resolution.py)."""

import csv
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from cepn_screen.inventory.load import load_inventory
from cepn_screen.knowledge.base import example_path
from cepn_screen.pipeline.assess import assess_rows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plant(kb):
    rows = load_inventory(example_path("full"))
    return rows, assess_rows(rows, kb=kb)


def test_example_paths():
    assert example_path().name == "electronics_plant.csv"
    assert example_path("full").name == "electronics_plant_full.csv"
    with pytest.raises(ValueError, match="full"):
        example_path("nope")


def test_every_row_comes_back_in_order(plant):
    rows, result = plant
    with example_path("full").open(encoding="utf-8", newline="") as fh:
        n = sum(1 for _ in csv.DictReader(fh))
    assert len(rows) == n == 78
    assert [r.row.row for r in result.rows] == list(range(2, n + 2))  # header: row 1


def test_counts_by_status(plant):
    _, result = plant
    status = Counter(r.resolution.status for r in result.rows)
    # unresolved: the unknown trade name; ambiguous: TEA and NaH (never a silent guess)
    assert status == {"resolved": 75, "ambiguous": 2, "unresolved": 1}
    by_row = {r.row.row: r.resolution for r in result.rows}
    assert by_row[20].status == "ambiguous"  # TEA
    assert by_row[79].status == "ambiguous"  # NaH
    assert by_row[74].status == "unresolved"  # Kleenz-X 2000


# Rows as a spreadsheet numbers them (the header is row 1; the ID column is one less).
@pytest.mark.parametrize("row,cas,warning", [
    (7, "67-63-0", None),  # 异丙醇 分析纯
    (8, "67-64-1", "cas_typo_probable"),  # Acetone with 67-64-2
    (9, "64-17-5", "composite_name"),  # 乙醇 / EtOH
    (24, "7664-93-9", None),  # 硫酸(工业级)
    (25, "7722-84-1", "formula_match"),  # H₂O₂ 35%, no CAS
    (46, "7664-93-9", None),  # Asam sulfat teknis
    (54, "7664-93-9", None),  # Axit Sulfuric
    (55, "79-01-6", None),  # misspelt name, the CAS decides
    (57, "75-09-2", "composite_name"),  # DCM, dichloromethane
    (67, "1330-20-7", None),  # Xylenes
    (70, "96-47-9", None),  # Methyl tetrahydrofuran, no CAS
])
def test_names_as_written_in_the_plant(plant, row, cas, warning):
    _, result = plant
    res = next(r.resolution for r in result.rows if r.row.row == row)
    assert res.status == "resolved" and res.cas == cas, (res.status, res.cas, res.reason)
    if warning:
        assert warning in res.warnings


def test_unresolved_and_ambiguous_rows_are_never_safe(plant):
    _, result = plant
    for r in result.rows:
        if r.resolution.status == "unresolved":
            assert r.priority == "unknown", (r.row.row, r.priority)
        elif r.resolution.status == "ambiguous":  # banded by the worst candidate, >= medium
            assert r.priority in ("medium", "high", "critical"), (r.row.row, r.priority)
            assert r.resolution.candidates


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "name_resolution", ROOT / "benchmarks" / "name_resolution.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_name_only_resolution_of_the_process_list_has_no_wrong_match():
    m = _benchmark().measure()
    assert m["rows"] >= 150
    assert m["wrong"] == []  # a resolved row whose CAS differs from the list's
    assert m["counts"]["correct"] / m["rows"] >= 0.9


def test_name_only_resolution_of_the_plant(kb):
    m = _benchmark().measure(example_path("full"))
    # The one CAS difference is the example's deliberate typo (67-64-2 for acetone).
    assert [(w[0], w[1]) for w in m["wrong"]] == [("Acetone", "67-64-2")]


def test_cli_example_plant(cli, tmp_path):
    out = tmp_path / "plant.json"
    p = cli("assess", "--example-plant", "-o", str(out))
    assert p.returncode == 0, p.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert len(rows) == 78
    assert Counter(r["resolution"]["status"] for r in rows) == {
        "resolved": 75, "ambiguous": 2, "unresolved": 1}
