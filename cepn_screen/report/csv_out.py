from __future__ import annotations

import csv
import io

from cepn_screen.models import Assessment
from cepn_screen.report.flat import COLUMNS, flat_row, neutralise


def render(a: Assessment) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in a.rows:
        w.writerow({k: neutralise(str(v)) for k, v in flat_row(r).items()})
    return buf.getvalue()
