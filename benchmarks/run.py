"""Print every performance figure of issue 9, each with the command that produced it.

Run: python benchmarks/run.py [--quick] [--keep DIR]

Offline, on this machine. Takes about 2-3 minutes (the 100,000-row run dominates); --quick
skips the 100,000-row and Dask runs. Benchmarks are not tests: nothing here asserts, the
figures are printed next to their targets.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXE = shutil.which("cepn-screen") or "cepn-screen"


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    """(wall seconds, peak memory MB of the process tree, sampled every 50 ms)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with dask.distributed
        psutil = None
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0.0
    if psutil is not None:
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            try:
                root = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while not stop.is_set():
                try:
                    tree = [root, *root.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree if p.is_running())
                    peak = max(peak, rss / 2**20)
                except psutil.Error:
                    pass
                stop.wait(0.05)

        t = threading.Thread(target=sample, daemon=True)
        t.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    if psutil is not None:
        stop.set()
        t.join()
    if proc.returncode not in (0, 1):
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return wall, peak


def line(figure: str, value: str, target: str, cmd: str) -> None:
    print(f"{figure:<44} {value:>14}   target {target:<14} $ {cmd}")


def bench_help() -> None:
    times = []
    for _ in range(7):
        t = time.perf_counter()
        subprocess.run([EXE, "--help"], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    line("cepn-screen --help (best / median of 7)",
         f"{min(times):.3f}/{statistics.median(times):.3f} s", "< 0.3 s", "cepn-screen --help")


def bench_index(work: Path) -> None:
    env = {**os.environ, "CEPN_INDEX_DIR": str(work / "index")}
    code = ("import time; t = time.perf_counter()\n"
            "from cepn_screen.knowledge import chemdb\n"
            "c = chemdb.by_name('ethyl acetate'); d = chemdb.by_cas('110-54-3')\n"
            "print(time.perf_counter() - t)\n")
    build = run_measured([sys.executable, "-c", code], env)[0]
    line("offline index: first use, building it", f"{build:.2f} s", "once",
         f"CEPN_INDEX_DIR={work / 'index'} python -c <first look-up>")
    cold = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True)
        cold.append(float(out.stdout))
    line("offline index ready, new process (best/med)",
         f"{min(cold):.3f}/{statistics.median(cold):.3f} s", "< 0.5 s",
         "python -c 'import chemdb; by_name(); by_cas()' (import to answer)")
    out = subprocess.run([sys.executable, "-c", code], env={**env, "CEPN_INDEX": "off"},
                         capture_output=True, text=True, check=True)
    line("  (for comparison: the database in memory)", f"{float(out.stdout):.2f} s", "",
         "CEPN_INDEX=off python -c <same>")


def bench_assess(work: Path, quick: bool) -> None:
    sizes = [10_000] if quick else [10_000, 100_000]
    walls = {}
    for n in sizes:
        inv = work / f"inv{n}.csv"
        subprocess.run([sys.executable, str(HERE / "make_inventory.py"), str(n), str(inv)],
                       check=True)
        cmd = [EXE, "assess", str(inv), "-f", "json", "-o", str(work / f"out{n}.json")]
        run_measured(cmd)  # warm the page cache and the offline index
        wall, peak = run_measured(cmd)
        walls[n] = wall
        target = "< 5 s" if n == 10_000 else "< 30 s"
        line(f"assess {n:,} rows, JSON out: wall", f"{wall:.2f} s", target, " ".join(cmd))
        line(f"assess {n:,} rows: peak memory (process tree)", f"{peak:.0f} MB", "< 1536 MB",
             "(same run)")
        if n == 10_000:
            one = run_measured(cmd + ["--workers", "1"])[0]
            line("  same, one process (--workers 1)", f"{one:.2f} s", "", " ".join(cmd)
                 + " --workers 1")
    if len(walls) == 2:
        line("time ratio 100k / 10k", f"{walls[100_000] / walls[10_000]:.1f}x", "<= 12x",
             "(the two runs above)")
    if not quick:
        inv = work / "inv10000.csv"
        cmd = [EXE, "assess", str(inv), "-f", "json", "-o", str(work / "dask.json"),
               "--engine", "dask", "--workers", "2"]
        wall = run_measured(cmd)[0]
        line("assess 10,000 rows on a 2-worker Dask cluster", f"{wall:.2f} s",
             "(scale-out)", " ".join(cmd))
        same = (work / "dask.json").read_bytes() == (work / "out10000.json").read_bytes()
        line("  Dask output identical to the local one", "yes" if same else "NO", "yes",
             "cmp dask.json out10000.json")


def bench_substitute() -> None:
    cmd = [EXE, "substitute", "n-hexane", "--pool", "all", "-f", "json"]
    run_measured(cmd)
    walls = [run_measured(cmd)[0] for _ in range(3)]
    line("substitute n-hexane --pool all (best/med 3)",
         f"{min(walls):.2f}/{statistics.median(walls):.2f} s", "< 5 s", " ".join(cmd))


def bench_rules(n: int = 5000) -> None:
    """The rule engine against a bare RDKit loop with the same SMARTS on the same
    molecules: the engine's overhead (all its conditions, messages, findings) over the
    substructure matching it cannot avoid."""
    from cepn_screen.core.models import Resolution
    from cepn_screen.knowledge import chemdb
    from cepn_screen.knowledge.base import default_knowledge
    from cepn_screen.profile.build import profile
    from cepn_screen.rules.conditions import Smarts, molecule
    from cepn_screen.rules.evaluate import evaluate, substance_rules
    from cepn_screen.rules.loader import load_rule_sets

    kb = default_knowledge()
    rule_sets = load_rule_sets()
    comps = [c for c in chemdb.compounds(3 * n) if c.smiles and molecule(c.smiles)][:n]
    profiles = [profile(Resolution("resolved", cas=c.cas, name=c.name, smiles=c.smiles), kb)
                for c in comps]
    patterns = [leaf for _, rule in substance_rules(rule_sets) for leaf in rule.when.leaves()
                if isinstance(leaf, Smarts)]
    mols = [molecule(p.smiles) for p in profiles]

    def bare() -> int:
        hits = 0
        for mol in mols:
            for s in patterns:
                if s.min <= 1 and s.max is None:
                    hits += mol.HasSubstructMatch(s._query)
                else:
                    hits += len(mol.GetSubstructMatches(s._query, maxMatches=1000)) >= s.min
        return hits

    def engine() -> int:
        return sum(len(evaluate(rule_sets, p)) for p in profiles)

    t_bare = min(_timed(bare) for _ in range(3))
    t_engine = min(_timed(engine) for _ in range(3))
    line(f"rules: engine on {len(profiles):,} substances", f"{t_engine:.3f} s", "",
         f"{len(substance_rules(rule_sets))} substance rules, all conditions")
    line(f"rules: bare RDKit loop, same {len(patterns)} SMARTS", f"{t_bare:.3f} s", "",
         "mol.HasSubstructMatch(query) for each pattern")
    line("rules: engine / bare loop", f"{t_engine / t_bare:.2f}x", "<= 2x", "(the two above)")


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 100k and Dask runs")
    ap.add_argument("--keep", type=Path, help="keep the generated files in DIR")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="cepn-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    print(f"cepn-screen benchmarks, {os.cpu_count()} cores, files in {work}")
    bench_help()
    bench_index(work)
    bench_assess(work, a.quick)
    bench_substitute()
    bench_rules()
    print(f"total benchmark time {time.perf_counter() - t0:.0f} s")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
