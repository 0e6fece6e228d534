"""Print every performance figure (issues 9 and 19), each with the command that produced it.

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


def run_measured(cmd: list[str], env: dict | None = None,
                 ok: tuple[int, ...] = (0, 1)) -> tuple[float, float, float]:
    """(wall seconds, peak memory MB of the process tree as the sum of its RSS, sampled
    every 50 ms, and as the sum of its PSS, sampled every 250 ms). Forked workers share
    their parent's pages until they write them: RSS counts a shared page in every process
    that maps it, PSS divides it between them, so PSS is the tree's real footprint."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with dask.distributed
        psutil = None
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = pss = 0.0
    if psutil is not None:
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak, pss
            try:
                root = psutil.Process(proc.pid)
            except psutil.Error:
                return
            tick = 0
            while not stop.is_set():
                try:
                    tree = [root, *root.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree if p.is_running())
                    peak = max(peak, rss / 2**20)
                    if tick % 5 == 0:
                        shared = sum(p.memory_full_info().pss for p in tree if p.is_running())
                        pss = max(pss, shared / 2**20)
                except (psutil.Error, AttributeError):
                    pass
                tick += 1
                stop.wait(0.05)

        t = threading.Thread(target=sample, daemon=True)
        t.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    if psutil is not None:
        stop.set()
        t.join()
    if proc.returncode not in ok:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return wall, peak, pss


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


def _inventory(work: Path, n: int) -> Path:
    inv = work / f"inv{n}.csv"
    if not inv.exists():
        subprocess.run([sys.executable, str(HERE / "make_inventory.py"), str(n), str(inv),
                        "--seed", "42"], check=True, capture_output=True)
    return inv


def bench_assess(work: Path, quick: bool) -> None:
    """The figures of the performance issue (#19): 10k and 100k rows to JSON and CSV, the
    growth from 10k to 100k, a million rows, the Dask engine against the local one."""
    sizes = [10_000] if quick else [10_000, 100_000]
    runs: dict[tuple[int, str], tuple[float, float]] = {}
    for n in sizes:
        inv = _inventory(work, n)
        for fmt in ("json", "csv"):
            cmd = [EXE, "assess", str(inv), "-o", str(work / f"out{n}.{fmt}")]
            if (n, fmt) == (sizes[0], "json"):
                run_measured(cmd)  # warm the page cache and the offline index
            wall, peak, pss = run_measured(cmd)
            runs[n, fmt] = wall, peak
            goal = {(100_000, "json"): ("< 8 s", "< 400 MB"),
                    (100_000, "csv"): ("< 6 s", "< 300 MB")}.get((n, fmt), ("", ""))
            line(f"assess {n:,} rows -> {fmt.upper()} file: wall", f"{wall:.2f} s", goal[0],
                 " ".join(cmd))
            line("  peak memory, process tree: RSS sum", f"{peak:.0f} MB", goal[1], "(same run)")
            line("  peak memory, process tree: PSS sum", f"{pss:.0f} MB", goal[1],
                 "(same run; shared pages counted once)")
    if not quick:
        bench_growth(work, runs)
    bench_anchors(work, runs)


def bench_growth(work: Path, runs: dict) -> None:
    """100k against 10k, a million rows, and the Dask engine on 100k rows."""
    for fmt in ("json", "csv"):
        t = runs[100_000, fmt][0] / runs[10_000, fmt][0]
        m = runs[100_000, fmt][1] / runs[10_000, fmt][1]
        line(f"100k / 10k ({fmt.upper()}): time, memory", f"{t:.1f}x, {m:.1f}x",
             "memory flat", "(the runs above)")
    million = work / "inv1000000.csv"
    subprocess.run([sys.executable, str(HERE / "make_inventory.py"), "1000000",
                    str(million), "--seed", "42"], check=True, capture_output=True)
    cmd = [EXE, "assess", str(million), "-o", str(work / "out1m.csv")]
    wall, peak, pss = run_measured(cmd, ok=(0, 1, 2))
    line("assess 1,000,000 rows -> CSV", f"{wall:.2f} s", "< 60 s", " ".join(cmd))
    line("  peak memory, process tree: RSS sum", f"{peak:.0f} MB", "< 500 MB", "(same run)")
    line("  peak memory, process tree: PSS sum", f"{pss:.0f} MB", "< 500 MB",
         "(same run; shared pages counted once)")
    million.unlink()
    inv = _inventory(work, 100_000)
    local = work / "out100000.json"
    cmd = [EXE, "assess", str(inv), "-o", str(work / "dask.json"), "--engine", "dask",
           "--workers", "2"]
    wall = run_measured(cmd)[0]
    line("assess 100,000 rows, Dask (2 workers)", f"{wall:.2f} s",
         f"<= {runs[100_000, 'json'][0]:.1f} s", " ".join(cmd))
    same = (work / "dask.json").read_bytes() == local.read_bytes()
    line("  Dask output identical to the local one", "yes" if same else "NO", "yes",
         "cmp dask.json out100000.json")


def bench_first_run(work: Path) -> None:
    """A first look-up with an empty index folder: it builds the offline index."""
    env = {**os.environ, "CEPN_INDEX_DIR": str(work / "fresh-index")}
    # a name outside the curated data, so the compound database (and its index) is needed
    cmd = [EXE, "lookup", "vanillylmandelic acid"]
    wall, _, _ = run_measured(cmd, env)
    line("first run, empty cache: lookup (database name)", f"{wall:.2f} s", "< 1.5 s or a line",
         f"CEPN_INDEX_DIR={work / 'fresh-index'} {' '.join(cmd)}")
    err = subprocess.run(cmd, capture_output=True, text=True,
                         env={**env, "CEPN_INDEX_DIR": str(work / "fresh-index-2")}).stderr
    said = next((ln for ln in err.splitlines() if "index" in ln), "")
    line("  it says so on standard error", "yes" if said else "NO", "yes", said[:60])


_ANCHOR = """
import sys, time
from rdkit import Chem, RDLogger
from rdkit.Chem import Crippen, Descriptors, rdMolDescriptors
from cepn_screen.rules.conditions import Smarts
from cepn_screen.rules.evaluate import substance_rules
from cepn_screen.rules.loader import load_rule_sets
RDLogger.DisableLog("rdApp.*")
smiles = [s for s in open(sys.argv[1], encoding="utf-8").read().splitlines() if s]
queries = [leaf._query for _, rule in substance_rules(load_rule_sets())
           for leaf in rule.when.leaves() if isinstance(leaf, Smarts)]
t = time.perf_counter()
for s in smiles:
    mol = Chem.MolFromSmiles(s)
    if mol is None:
        continue
    for q in queries:
        mol.HasSubstructMatch(q)
    (Descriptors.MolWt(mol), Crippen.MolLogP(mol), rdMolDescriptors.CalcTPSA(mol),
     rdMolDescriptors.CalcNumHBD(mol), rdMolDescriptors.CalcNumHBA(mol),
     rdMolDescriptors.CalcNumAromaticRings(mol), rdMolDescriptors.CalcNumRings(mol),
     rdMolDescriptors.CalcNumRotatableBonds(mol), rdMolDescriptors.CalcMolFormula(mol))
print(time.perf_counter() - t, len(smiles), len(queries))
"""


def bench_anchors(work: Path, runs: dict) -> None:
    """What the machine does without the tool: a bare RDKit loop (parse, the bundled
    SMARTS, the descriptors reported) over the distinct structures of the largest
    inventory, and importing the CLI. The tool's figures are given as ratios to them."""
    n = max(k for k, _ in runs)
    smiles = _distinct_smiles(_inventory(work, n))
    listing = work / "smiles.txt"
    listing.write_text("\n".join(smiles), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", _ANCHOR, str(listing)], capture_output=True,
                         text=True, check=True).stdout.split()
    bare = float(out[0])
    line(f"anchor: bare RDKit loop, {len(smiles):,} structures",
         f"{bare:.2f} s", "", f"parse + {out[2]} SMARTS + descriptors, one process")
    imports = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import cepn_screen.cli"], check=True)
        imports.append(time.perf_counter() - t)
    imp = min(imports)
    line("anchor: python -c 'import cepn_screen.cli'", f"{imp:.3f} s", "", "(best of 5)")
    for fmt in ("json", "csv"):
        wall = runs[n, fmt][0]
        line(f"assess {n:,} -> {fmt.upper()} / bare RDKit loop", f"{wall / bare:.1f}x", "",
             "(ratio of the runs above)")


def _distinct_smiles(inv: Path) -> list[str]:
    """The structures an inventory names, as the offline resolver finds them."""
    from cepn_screen.identity.resolver import Resolver
    from cepn_screen.inventory.load import load_inventory
    from cepn_screen.knowledge.base import default_knowledge

    resolver = Resolver(default_knowledge())
    seen: dict[str, None] = {}
    for row in load_inventory(inv):
        res = resolver.resolve(row.name, row.cas, row.smiles)
        if res.status == "resolved" and res.smiles:
            seen.setdefault(res.smiles)
    return list(seen)


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
    bench_first_run(work)
    bench_assess(work, a.quick)
    bench_substitute()
    bench_rules()
    print(f"total benchmark time {time.perf_counter() - t0:.0f} s")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
