"""Synthetic inventories for benchmarks: names, synonyms and CAS numbers drawn from the
curated data and the offline database with a fixed seed, some CAS typos, products with
components, concentrations, quantities and areas.

Run: python benchmarks/make_inventory.py ROWS OUT.csv [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import random


def make_rows(n: int, seed: int = 7) -> list[list[str]]:
    from cepn_screen.knowledge import chemdb
    from cepn_screen.knowledge.base import default_knowledge, read_records

    rnd = random.Random(seed)
    kb = default_knowledge()
    names = [(r["synonym"], r["cas"]) for r in read_records(kb.root / "synonyms.csv")]
    names += [(s.name, s.cas) for s in kb.substances.values()]
    db_pairs = [(c.name, c.cas) for c in chemdb.compounds(20000) if c.name]
    rows = []
    product = None
    for i in range(1, n + 1):
        pick = rnd.random()
        name, cas = rnd.choice(names) if pick < 0.7 else rnd.choice(db_pairs)
        if rnd.random() < 0.05 and cas:  # a typo in the CAS number
            digits = list(cas)
            j = rnd.choice([k for k, c in enumerate(digits) if c.isdigit()])
            digits[j] = str((int(digits[j]) + rnd.randint(1, 9)) % 10)
            cas = "".join(digits)
        if rnd.random() < 0.1:
            cas = ""
        if rnd.random() < 0.3:
            product = product if product and rnd.random() < 0.7 else f"Product {i}"
        else:
            product = None
        rows.append([str(i), f"Line {rnd.randint(1, 40)}", rnd.choice(
            ["Wiping", "Flux cleaning", "Vapour degreasing", "Resist stripping", "Other"]),
            product or "", name, cas, rnd.choice(["100", "60-70", ">95", "<5", "10-20"]),
            str(rnd.randint(1, 200)), rnd.choice(["L/month", "kg/month", "L/week"]),
            str(rnd.randint(1, 30))])
    return rows


HEADER = ["Item No.", "Area", "Process", "Product", "Chemical name", "CAS No.",
          "Concentration (%)", "Quantity", "Unit", "Workers exposed"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        w.writerows(make_rows(a.rows, a.seed))


if __name__ == "__main__":
    main()
