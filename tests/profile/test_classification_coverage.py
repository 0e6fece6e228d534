"""Issue 23 acceptance: on the list of common process chemicals kept in tests/data (with
CAS, from public lists), a classification is found offline for at least 95 % of the rows
that have a CAS, and every code acted on carries its source."""

import csv
from pathlib import Path

from cepn_screen.core.models import InventoryRow
from cepn_screen.pipeline.assess import assess_rows

LIST = Path(__file__).parents[1] / "data" / "process_chemicals.csv"


def test_offline_classification_coverage_of_process_chemicals(kb):
    with LIST.open(encoding="utf-8") as f:
        listed = [r for r in csv.DictReader(f)]
    rows = [InventoryRow(row=i, id=str(i), cells=r, name=r["name"], cas=r["cas"])
            for i, r in enumerate(listed, start=1) if r["cas"]]
    a = assess_rows(rows, kb=kb)
    found, missing = 0, []
    for ra in a.rows:
        p = ra.profile
        if p is not None and p.h_codes is not None:
            found += 1
            assert len(p.hazard_codes) == len(p.h_codes), ra.row.cas
            for h in p.hazard_codes:
                assert h.source and h.kind, (ra.row.cas, h)
        else:
            missing.append(f"{ra.row.name} ({ra.row.cas})")
    share = found / len(rows)
    print(f"\noffline classification found for {found}/{len(rows)} rows with a CAS "
          f"({share:.1%}); none for: {', '.join(missing)}")
    assert len(listed) >= 150
    assert share >= 0.95
