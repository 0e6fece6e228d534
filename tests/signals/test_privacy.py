"""With --share, no count below 3 appears anywhere in the signals output, reasons
included (a small count in free text re-identifies a worker)."""

import json
import re

import pytest

INVENTORY = "Area,Chemical name,CAS No.\nL1,n-Hexane,110-54-3\nL1,Acetone,67-64-1\n"
# L1: 2 numbness (n-hexane), 1 dizziness (acetone, hexane: H336), 1 eye irritation
REPORTS = "Area,Symptoms\nL1,numbness\nL1,numbness\nL1,dizziness\nL1,eye_irritation\n"


@pytest.fixture
def files(tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text(INVENTORY, encoding="utf-8")
    rep = tmp_path / "reports.csv"
    rep.write_text(REPORTS, encoding="utf-8")
    return inv, rep


SMALL = re.compile(r"(?<![\w<.-])[12]\s*(report|\))")


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "table"])
def test_share_hides_small_counts_everywhere(run_main, files, fmt):
    inv, rep = files
    code, out, err = run_main("signals", rep, "--inventory", inv, "-f", fmt, "--share")
    assert code == 0, err
    assert not SMALL.search(out), SMALL.search(out)
    assert "<3 reports of numbness" in out
    if fmt == "json":
        d = json.loads(out)
        for area in d["areas"]:
            assert area["reports"] not in (1, 2)
            assert all(v not in (1, 2) for v in area["counts"].values())
            for reason in area["reasons"]:
                assert not re.search(r"(?<![<\d])[12] report", reason), reason


def test_without_share_counts_are_exact(run_main, files):
    inv, rep = files
    code, out, err = run_main("signals", rep, "--inventory", inv, "-f", "json")
    assert code == 0, err
    reasons = " ".join(json.loads(out)["areas"][0]["reasons"])
    assert "2 report(s) of numbness" in reasons


def test_fullwidth_formula_starts_neutralised():
    from cepn_screen.report.flat import neutralise
    from cepn_screen.report.tabular import csv_text

    for text in ("＝cmd|' /C calc'!A0", "＋SUM(A1)", "－1+2", "＠HYPERLINK(x)"):
        assert neutralise(text) == "'" + text
    assert "'＝1+1" in csv_text(["a"], [["＝1+1"]])
    assert neutralise("-5") == "-5"
