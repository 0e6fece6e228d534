"""The CSV/Markdown/terminal renderers of the exposure and signals commands."""

import csv
import io

from rich.console import Console

from cepn_screen.monitoring.samples import (
    En689Decision,
    GroupExposure,
    LimitUsed,
    MixtureEvent,
    MonitoringMethod,
    MonitoringResult,
    SampleOutcome,
)
from cepn_screen.report.monitoring import exposure_csv, exposure_md, exposure_table
from cepn_screen.report.signals import signals_csv, signals_md, signals_table
from cepn_screen.report.tabular import csv_text, md_table
from cepn_screen.signals.reports import AreaSignal, MatchedChemical, SignalsResult


def _outcome(row, errors):
    return SampleOutcome(row, {}, "n-hexane", "Wiping", 1.0, "ppm", False, errors, [])


EXPOSURE = MonitoringResult(
    MonitoringMethod("LOD/2 substitution", "lowest", None, "additive"),
    groups=[
        GroupExposure("Wiping", "110-54-3", "n-hexane", 6, [1, 2, 3, 4, 5, 6], 0,
                      oel=LimitUsed(50.0, "ppm", "Ontario", "TWA", "s", "r", None, "lowest",
                                    False, None),
                      gm=3.21, gsd=1.8, p95=8.4, exceedance_fraction=0.001,
                      en689=En689Decision("statistical", "compliant", "", computed=True),
                      aiha_category=2, unit="ppm"),
        GroupExposure("=Degrease", None, "Kleenz-X", 1, [7], 0, unit="ppm"),
    ],
    mixtures=[MixtureEvent("Wiping", "W1", "2026-03-02", ["n-hexane", "acetone"], 1.4, True),
              MixtureEvent("Wiping", "W2", "2026-03-02", ["acetone"], 0.2, False)],
    mixture_groups=[],
    rows=[_outcome(4, ["unit_missing"]), _outcome(5, [])],
)

SIGNALS = SignalsResult([
    AreaSignal("Wiping | line 2", 4, {"numbness": 3},
               [MatchedChemical("110-54-3", "n-hexane", ["H372"])], "strong",
               ["numbness matches", "H372 (nervous system)."]),
    AreaSignal("+Packing", 1, {}, [], "none", []),
])


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
