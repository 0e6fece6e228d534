"""Compare the group-contribution Hansen estimate with the curated experimental values.

Run: python3 benchmarks/hansen_mae.py   (prints coverage, MAE per parameter, 5 worst)
"""

from __future__ import annotations

import csv
import sys
import time

from cepn_screen.knowledge.base import data_dir
from cepn_screen.profile.hansen_estimate import estimate


def rows() -> list[tuple[str, str, str, tuple[float, float, float]]]:
    """(cas, name, smiles, (d, p, h)) for every experimental row of hansen.csv."""
    root = data_dir()
    with open(root / "substances.csv", encoding="utf-8", newline="") as fh:
        subs = {r["cas"]: r for r in csv.DictReader(fh)}
    out = []
    with open(root / "hansen.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["kind"] != "experimental":
                continue
            s = subs.get(r["cas"], {})
            exp = (float(r["d"]), float(r["p"]), float(r["h"]))
            out.append((r["cas"], s.get("name", ""), s.get("smiles", ""), exp))
    return out


def evaluate() -> dict:
    """Coverage, MAE per parameter and per-substance errors over the curated set."""
    data = rows()
    errors = []
    for cas, name, smiles, exp in data:
        est = estimate(smiles) if smiles else None
        if est is None:
            continue
        diff = (est.d - exp[0], est.p - exp[1], est.h - exp[2])
        errors.append((cas, name, exp, (est.d, est.p, est.h), diff))
    n = len(errors)
    mae = tuple(sum(abs(e[4][i]) for e in errors) / n if n else float("nan") for i in range(3))
    return {"total": len(data), "covered": n, "mae": mae, "errors": errors}


def main() -> int:
    start = time.perf_counter()
    res = evaluate()
    print(f"covered {res['covered']} / {res['total']} curated experimental substances")
    d, p, h = res["mae"]
    print(f"MAE (MPa^0.5): dD {d:.2f}  dP {p:.2f}  dH {h:.2f}")
    worst = sorted(res["errors"], key=lambda e: -sum(abs(x) for x in e[4]))[:5]
    print("5 worst (sum of absolute errors): name  exp(d/p/h)  est(d/p/h)")
    for cas, name, exp, est, _ in worst:
        e = "/".join(f"{x:.1f}" for x in exp)
        g = "/".join(f"{x:.1f}" for x in est)
        print(f"  {name} ({cas})  {e}  {g}")
    print(f"time {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
