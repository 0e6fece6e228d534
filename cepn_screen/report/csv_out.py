"""The assessment as CSV: one flat record per row, written as it is made."""

from __future__ import annotations

import csv
from typing import TextIO

from cepn_screen.core.models import Assessment, AssessmentStream
from cepn_screen.report.flat import COLUMNS, flat_row
from cepn_screen.report.tabular import csv_cells


def write_csv(a: Assessment | AssessmentStream, out: TextIO) -> None:
    """Row by row into `out`, so a large inventory's CSV is never held whole in memory
    (nor its rows, from an AssessmentStream)."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    memo: dict = {}  # the substances' cells, by profile and scores (alive while writing)
    for ra in a.rows() if isinstance(a, AssessmentStream) else a.rows:
        f = flat_row(ra, memo)
        w.writerow(csv_cells([f[k] for k in COLUMNS]))
