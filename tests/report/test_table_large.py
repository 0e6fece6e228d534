"""The terminal table of a large inventory (#18: a 100,000-row file answered in minutes
with rich's layout): one line per row, every row present, unknowns shown as ?."""

import io

import pytest
from rich.cells import cell_len
from rich.console import Console

from cepn_screen.core.models import InventoryRow
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.report import table

NAMES = [("n-Hexane", "110-54-3"), ("丙酮", "67-64-1"), ("Kleenz-X 2000", ""),
         ("vanillylmandelic acid", "55-10-7"),
         ("Acetone " + "with a very long description " * 4, "67-64-1")]


@pytest.fixture(scope="module")
def large(kb):
    rows = [InventoryRow(row=i + 2, id=str(i + 1), cells={}, name=n, cas=c or None)
            for i, (n, c) in enumerate(NAMES * ((table.RICH_ROWS // len(NAMES)) + 1))]
    assert len(rows) > table.RICH_ROWS
    return assess_rows(rows, kb=kb, workers=1)


def _draw(a, width=160) -> list[str]:
    buf = io.StringIO()
    table.render_assessment(a, Console(file=buf, width=width, highlight=False))
    return buf.getvalue().splitlines()


def test_one_line_per_row_in_input_order(large):
    lines = _draw(large)
    body = [ln for ln in lines[3:3 + len(large.rows)]]
    numbers = [int(ln.split("│")[0]) for ln in body]
    assert numbers == [r.row.row for r in large.rows]
    assert lines[len(large.rows) + 3].startswith("Rows: ")  # the summary follows the rows


def test_columns_line_up_with_wide_characters(large):
    lines = _draw(large)
    header = lines[1]
    bars = [cell_len(header[:i]) for i, ch in enumerate(header) if ch == "│"]
    for ln in lines[3:3 + 20]:
        assert [cell_len(ln[:i]) for i, ch in enumerate(ln) if ch == "│"] == bars, ln
    assert any("丙酮" in ln for ln in lines)


def test_unknown_scores_are_question_marks_and_cuts_are_marked(large):
    lines = _draw(large)
    unresolved = next(ln for ln in lines if "Kleenz" in ln)
    cells = [c.strip() for c in unresolved.split("│")]
    assert cells[3] == "unknown" and cells[4:7] == ["?", "?", "?"]
    long = next(ln for ln in lines if "Acetone with a" in ln)
    assert long.split("│")[1].strip().endswith("…")
    assert all(cell_len(ln) <= 160 for ln in lines[:3 + len(large.rows)])


def test_small_tables_keep_the_rich_layout(large):
    from dataclasses import replace

    small = replace(large, rows=large.rows[:len(NAMES)])
    text = "\n".join(_draw(small))
    assert "┃ Row ┃" in text and "one line per row" not in text
    row = next(ln for ln in text.splitlines() if "Kleenz" in ln)
    assert [c.strip() for c in row.split("│")][5:8] == ["?", "?", "?"]
