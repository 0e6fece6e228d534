"""Name-only resolution on the process-chemicals test list (tests/data/process_chemicals.csv).

Every row is resolved from its name alone (the CAS column blanked) and the result compared
with the list's CAS (rows whose list gives no CAS are counted apart, never as wrong). Any
inventory-shaped CSV can be measured the same way with --list (its name and CAS columns are
found by the inventory loader's header aliases), e.g. the bundled example plant:
  python3 benchmarks/name_resolution.py --list data/examples/electronics_plant_full.csv


  resolved      the resolver chose one substance
  correct       ... and its CAS is the list's CAS
  wrong         ... and its CAS differs from the list's (a silent wrong match); listed
  ambiguous     candidates given instead of a choice (the list's CAS among them or not)
  unresolved    nothing found

Run: python3 benchmarks/name_resolution.py [--list PATH] [--show-all]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

from cepn_screen.identity.resolver import Resolver
from cepn_screen.inventory.vocabulary import map_headers
from cepn_screen.knowledge.base import default_knowledge

LIST = Path(__file__).resolve().parent.parent / "tests" / "data" / "process_chemicals.csv"


def measure(path: Path = LIST) -> dict:
    resolver = Resolver(default_knowledge())
    with path.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    cols = map_headers(table[0])
    rows = [{"name": t[cols["name"]].strip(), "cas": t[cols["cas"]].strip()}
            for t in table[1:] if t and t[cols["name"]].strip()]
    counts: Counter[str] = Counter()
    wrong: list[tuple[str, str, str, str]] = []
    missed: list[tuple[str, str, str]] = []
    for r in rows:
        res = resolver.resolve(r["name"], None)
        counts[res.status] += 1
        if not r["cas"]:
            counts["list_without_cas"] += 1
        if res.status == "resolved" and r["cas"]:
            if res.cas == r["cas"]:
                counts["correct"] += 1
            else:
                wrong.append((r["name"], r["cas"], str(res.cas), res.name or ""))
        elif res.status != "resolved":
            if res.status == "ambiguous" and r["cas"] in {c.cas for c in res.candidates}:
                counts["ambiguous_with_right_candidate"] += 1
            missed.append((r["name"], r["cas"], res.status))
    return {"rows": len(rows), "counts": counts, "wrong": wrong, "missed": missed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", type=Path, default=LIST)
    ap.add_argument("--show-all", action="store_true", help="also list the rows not resolved")
    args = ap.parse_args(argv)
    m = measure(args.list)
    n, c = m["rows"], m["counts"]
    print(f"rows: {n} (names only, CAS blanked)")
    for key in ("resolved", "correct", "ambiguous", "ambiguous_with_right_candidate",
                "unresolved", "list_without_cas"):
        print(f"{key:32s} {c[key]:4d}  {c[key] / n:6.1%}")
    print(f"{'wrong matches':32s} {len(m['wrong']):4d}")
    for name, cas, got, got_name in m["wrong"]:
        print(f"  wrong: {name!r} is {cas} in the list, resolved as {got} ({got_name})")
    if args.show_all:
        for name, cas, status in m["missed"]:
            print(f"  {status}: {name!r} ({cas})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
