"""Check that a change left the outputs unchanged: run `assess` at another commit and here
on the bundled examples (and any inventories given), in every file format, and compare the
files byte for byte.

Run: python benchmarks/same_output.py REV [INVENTORY ...]

REV is checked out into a temporary git worktree and run from there (PYTHONPATH), with
its own offline index folder; the current tree is run the same way. Data changes between
the two commits show up as differences, as they should.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("json", "jsonl", "csv", "xlsx", "html", "md")


def outputs(tree: Path, work: Path, inventories: list[str]) -> dict[str, Path]:
    env = {**os.environ, "PYTHONPATH": str(tree), "CEPN_INDEX_DIR": str(work / "index")}
    made = {}
    for inv in ["--example", "--example-plant", *inventories]:
        label = inv.strip("-") if inv.startswith("--") else Path(inv).stem
        for fmt in FORMATS:
            out = work / f"{label}.{fmt}"
            args = [inv] if inv.startswith("--") else [str(Path(inv).resolve())]
            subprocess.run([sys.executable, "-m", "cepn_screen", "assess", *args, "-q",
                            "-f", fmt, "-o", str(out)], env=env, check=False,
                           capture_output=True)
            made[out.name] = out
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev")
    ap.add_argument("inventories", nargs="*")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cepn-same-") as tmp:
        tmp = Path(tmp)
        base = tmp / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                        str(base), a.rev], check=True)
        try:
            (tmp / "a").mkdir()
            (tmp / "b").mkdir()
            before = outputs(base, tmp / "a", a.inventories)
            after = outputs(ROOT, tmp / "b", a.inventories)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(base)], check=False)
        differ = 0
        for name, old in before.items():
            new = after[name]
            if not old.exists() or not new.exists():
                state = "missing"
            else:
                state = "same" if filecmp.cmp(old, new, shallow=False) else "DIFFERENT"
            differ += state != "same"
            print(f"{state:<9} {name}")
        print(f"{len(before) - differ} of {len(before)} outputs identical to {a.rev}")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
