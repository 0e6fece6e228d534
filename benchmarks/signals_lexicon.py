"""Recall and precision of the symptom lexicon on the held-out phrasings.

Run: python benchmarks/signals_lexicon.py [--misses]
Reads tests/data/symptom_phrases.csv (lang, text, expected symptom(s) joined by ';', or
`none`), written apart from data/symptoms.csv. Per language: recall = expected symptoms
found / expected symptoms; precision = correct symptoms found / all symptoms found
(a symptom found in a `none` row counts against precision). Goal: recall >= 90 %,
precision >= 95 % in every language.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from cepn_screen.signals.lexicon import load_lexicon

PHRASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "symptom_phrases.csv"
LANGS = ("en", "zh", "es", "id", "vi")


def measure(path: Path = PHRASES) -> tuple[dict, list]:
    lex = load_lexicon()
    stats = {lang: {"rows": 0, "expected": 0, "hit": 0, "found": 0, "correct": 0}
             for lang in LANGS}
    misses = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            want = {c for c in row["expected"].split(";") if c and c != "none"}
            got = set(lex.codes(row["text"]))
            s = stats[row["lang"]]
            s["rows"] += 1
            s["expected"] += len(want)
            s["hit"] += len(want & got)
            s["found"] += len(got)
            s["correct"] += len(want & got)
            if want != got:
                misses.append((row["lang"], row["text"], sorted(want), sorted(got)))
    for s in stats.values():
        s["recall"] = s["hit"] / s["expected"] if s["expected"] else 1.0
        s["precision"] = s["correct"] / s["found"] if s["found"] else 1.0
    return stats, misses


def main() -> None:
    stats, misses = measure()
    print(f"command: python benchmarks/signals_lexicon.py   (held-out set: {PHRASES.name})")
    print(f"{'lang':<5}{'rows':>6}{'recall':>9}{'precision':>11}")
    for lang, s in stats.items():
        print(f"{lang:<5}{s['rows']:>6}{s['recall']:>9.1%}{s['precision']:>11.1%}")
    if "--misses" in sys.argv:
        for lang, text, want, got in misses:
            print(f"  {lang} {text!r}: expected {want or ['none']}, found {got or ['none']}")


if __name__ == "__main__":
    main()
