from __future__ import annotations

from cepn_screen.core.models import Assessment
from cepn_screen.report.flat import COLUMNS, flat_row
from cepn_screen.report.tabular import csv_text


def render(a: Assessment) -> str:
    return csv_text(COLUMNS, ([f[k] for k in COLUMNS] for f in map(flat_row, a.rows)))
