"""The CSV/Markdown/terminal renderers of the exposure and signals commands."""

import csv
import io

from rich.console import Console

from cepn_screen.report.monitoring import exposure_csv, exposure_md, exposure_table
from cepn_screen.report.signals import signals_csv, signals_md, signals_table
from cepn_screen.report.tabular import csv_text, md_table

EXPOSURE = {
    "groups": [
        {"group": "Wiping", "name": "n-hexane", "cas": "110-54-3", "n": 6, "non_detects": 0,
         "unit": "ppm", "gm": 3.21, "gsd": 1.8, "p95": 8.4, "exceedance_fraction": 0.001,
         "aiha_category": 2, "en689": {"test": "statistical", "decision": "compliant"},
         "oel": {"agency": "Ontario", "value": 50.0, "unit": "ppm"}},
        {"group": "=Degrease", "name": "Kleenz-X", "cas": None, "n": 1, "non_detects": 0,
         "unit": "ppm", "gm": None, "gsd": None, "p95": None, "exceedance_fraction": None,
         "aiha_category": None, "en689": None, "oel": None},
    ],
    "rows": [{"row": 4, "errors": ["unit_missing"]}, {"row": 5, "errors": []}],
    "mixtures": [{"index": 1.4, "exceeds": True, "worker": "W1", "date": "2026-03-02",
                  "substances": ["n-hexane", "acetone"]},
                 {"index": 0.2, "exceeds": False, "worker": "W2", "date": "2026-03-02",
                  "substances": ["acetone"]}],
}

SIGNALS = {"areas": [
    {"area": "Wiping | line 2", "reports": 4, "counts": {"numbness": 3},
     "chemicals": [{"name": "n-hexane", "hazards_matched": ["H372"]}],
     "signal": "strong", "reasons": ["numbness matches", "H372 (nervous system)."]},
    {"area": "+Packing", "reports": 1, "counts": {}, "chemicals": [], "signal": "none",
     "reasons": []},
]}


def _render(renderable) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_csv_text_neutralises_formulas_and_blanks_none():
    rows = list(csv.reader(io.StringIO(csv_text(("a", "b"), [("=1+1", None), ("-3", 2)]))))
    assert rows == [["a", "b"], ["'=1+1", ""], ["-3", "2"]]  # a negative number stays a number


def test_md_table_keeps_cells_apart():
    lines = md_table(("a", "b"), [("x|y", "two\nlines")])
    assert lines == ["| a | b |", "|---|---|", "| x/y | two lines |"]


def test_exposure_csv_has_one_record_per_group():
    rows = list(csv.DictReader(io.StringIO(exposure_csv(EXPOSURE))))
    assert [r["name"] for r in rows] == ["n-hexane", "Kleenz-X"]
    assert rows[0]["oel"] == "Ontario 50 ppm (year unknown)" and rows[0]["decision"] == "compliant"
    assert rows[1]["oel"] == "none known" and rows[1]["gm"] == ""
    assert rows[1]["group"] == "'=Degrease"


def test_exposure_md_lists_rows_not_used():
    md = exposure_md(EXPOSURE)
    assert md.startswith("# Exposure monitoring (EN 689)")
    assert "| Wiping | n-hexane | 110-54-3 | 6 |" in md
    assert "- row 4: unit_missing" in md and "row 5" not in md


def test_exposure_table_notes_errors_and_exceeded_mixtures_only():
    table, notes = exposure_table(EXPOSURE, "Exposure monitoring: s.csv")
    text = _render(table)
    assert "Ontario 50 ppm" in text and "statistical: compliant" in text
    assert len(notes) == 2
    assert "row 4" in notes[0] and "W1" in notes[1] and "W2" not in " ".join(notes)


def test_signals_renderers():
    rows = list(csv.reader(io.StringIO(signals_csv(SIGNALS))))
    assert rows[0] == ["area", "reports", "counts", "chemicals", "signal", "reasons"]
    assert rows[1][2:5] == ["numbness 3", "n-hexane (H372)", "strong"]
    assert rows[2][0] == "'+Packing" and rows[2][2:4] == ["no coded symptom", "none matched"]
    md = signals_md(SIGNALS)
    assert "| Wiping / line 2 | 4 |" in md
    text = _render(signals_table(SIGNALS, "Worker report signals: r.csv"))
    assert "Wiping | line 2" in text and "n-hexane (H372)" in text
