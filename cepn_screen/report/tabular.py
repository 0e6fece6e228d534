"""CSV and Markdown tables from plain rows: shared by the smaller commands' renderers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from cepn_screen.report.flat import neutralise


def _cell(value) -> str:
    return "" if value is None else str(value)


def csv_cells(row: Sequence) -> list[str]:
    """A row's cells as CSV text; cells a spreadsheet would run as formulas neutralised."""
    return [neutralise(_cell(x)) for x in row]


def csv_text(head: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A CSV document; cells a spreadsheet would run as formulas are neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(head)
    w.writerows([csv_cells(r) for r in rows])
    return buf.getvalue()


def md_table(head: Sequence[str], rows: Iterable[Sequence]) -> list[str]:
    """Markdown table lines; a '|' inside a cell would split it, so it becomes '/'."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(x).replace("|", "/").replace("\n", " ") for x in r)
              + " |" for r in rows]
    return lines
