"""Peak memory and time of each hostile-input class (#18): builds every bomb in a temporary
folder, runs `cepn-screen` on it under `/usr/bin/time -v`, and prints the outcome (exit
code, first line of standard error), peak RSS and wall time, with the command used.
Target: every one answers in under 60 s and 1 GB.

Run: python benchmarks/bombs.py [NAME ...]     (no name: all; --keep DIR keeps the files)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("bombs", HERE.parent / "tests/inventory/bombs.py")
bombs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bombs)


def _csv(path: Path, header: str, line: str, count: int) -> Path:
    with path.open("w", encoding="utf-8") as f:
        f.write(header + "\n")
        for _ in range(count):
            f.write(line + "\n")
    return path


def _at_cap(path: Path) -> Path:
    """100,000 varied rows (the row cap): the largest inventory screened, not refused."""
    subprocess.run([sys.executable, str(HERE / "make_inventory.py"), "100000", str(path),
                    "--seed", "42"], check=True, capture_output=True)
    return path


def _big_number(path: Path) -> Path:
    path.write_text("Chemical name,CAS No.,Concentration,Product\n"
                    f"n-Hexane,110-54-3,{'9' * 100_000},P1\nAcetone,67-64-1,5,P1\n",
                    encoding="utf-8")
    return path


def _mixed(path: Path) -> Path:
    head = "化学品名称,CAS号\n" + "正己烷,110-54-3\n" * 50_000
    tail = "异丙醇,67-63-0\n" * 49_999
    path.write_bytes(head.encode() + tail.encode("gb18030"))
    return path


def _dup_headers(path: Path) -> Path:
    return _csv(path, "Chemical name,CAS No.,Chemical name,CAS No.", ",,Acetone,67-64-1",
                99_999)


def _laughs(path: Path) -> Path:
    path.write_text(bombs.billion_laughs(), encoding="utf-8")
    return path


# name -> (builder of the input, its file name, cepn-screen arguments before the input)
CASES = {
    "dimension_tag": (bombs.dimension_bomb, "dimension.xlsx", ["assess"]),
    "shared_string_2gib": (bombs.shared_string_bomb, "shared_string.xlsx", ["assess"]),
    "rows_1048576_xlsx": (bombs.rows_bomb, "rows.xlsx", ["assess"]),
    "blank_rows_1048576_xlsx": (bombs.blank_rows_bomb, "blank_rows.xlsx", ["assess"]),
    "wide_rows_xfd_xlsx": (bombs.wide_rows_bomb, "wide_rows.xlsx", ["assess"]),
    "rows_1048576_csv": (lambda p: _csv(p, "Chemical name,CAS No.", "Acetone,67-64-1",
                                        1_048_575), "rows.csv", ["assess"]),
    "wide_rows_csv": (lambda p: _csv(p, "Chemical name,CAS No.", "Acetone" + "," * 16_383,
                                     10_000), "wide.csv", ["assess"]),
    "short_cells_csv": (lambda p: _csv(p, "Chemical name,CAS No.", ",".join(["ab"] * 16_384),
                                       3_000), "cells.csv", ["assess"]),
    "rows_at_cap_100000": (_at_cap, "at_cap.csv", ["assess"]),
    # The default format, the terminal table, for the same file (written to a text file).
    "rows_at_cap_100000_table": (_at_cap, "at_cap.csv", ["assess", "-f", "table"]),
    "number_100000_digits": (_big_number, "number.csv", ["assess"]),
    "mixed_encoding_100000": (_mixed, "mixed.csv", ["assess"]),
    "duplicate_headers_100000": (_dup_headers, "dup.csv", ["assess"]),
    "billion_laughs_yaml": (_laughs, "laughs.yaml", ["assess", "--example", "--rules"]),
    "pubchem_drip": (None, None, ["lookup", "Kleenz-X 2000", "--online"]),
}


class _Drip(BaseHTTPRequestHandler):
    """Answers one byte every half second, forever: only a total deadline ends it."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.close_connection = True
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            while True:
                self.wfile.write(b"X")
                self.wfile.flush()
                threading.Event().wait(0.5)
        except OSError:
            return

    do_POST = do_GET


def measure(args: list[str], env: dict) -> dict:
    cmd = ["/usr/bin/time", "-v", shutil.which("cepn-screen") or "cepn-screen", *args]
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    stats = dict(re.findall(r"^\s*([^:\n]+(?:\([^)]*\))?[^:\n]*): (.+)$", p.stderr, re.M))
    first = next((ln for ln in p.stderr.splitlines() if ln.strip()
                  and not ln.startswith("\t") and "Command exited" not in ln), "")
    if not first:  # the answer is on standard output (lookup)
        first = "stdout: " + next((ln for ln in p.stdout.splitlines() if ln.strip()), "")
    return {"cmd": cmd, "exit": p.returncode if "Exit status" not in stats
            else int(stats["Exit status"]), "first": first[:150],
            "rss_mb": int(stats.get("Maximum resident set size (kbytes)", 0)) / 1024,
            "wall": stats.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "?"),
            "lines": len([ln for ln in p.stderr.splitlines() if ln.strip()
                          and not ln.startswith("\t") and "Command exited" not in ln])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("names", nargs="*")
    ap.add_argument("--keep", type=Path)
    opts = ap.parse_args()
    names = opts.names or list(CASES)
    folder = opts.keep or Path(tempfile.mkdtemp(prefix="cepn-bombs-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CEPN_CACHE_DIR": str(folder / "cache")}
    for name in names:
        build, file, args = CASES[name]
        run_env = dict(env)
        server = None
        if build is None:  # the hostile server
            server = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            run_env["CEPN_PUBCHEM_URL"] = f"http://127.0.0.1:{server.server_port}"
            full = args
        else:
            path = build(folder / file)
            full = [*args, str(path)]
            if args[0] == "assess":
                fmt = args[args.index("-f") + 1] if "-f" in args else "json"
                full += ([] if "-f" in args else ["-f", "json"]) + [
                    "-o", str(folder / f"{name}.{'txt' if fmt == 'table' else fmt}")]
            size = path.stat().st_size
        r = measure(full, run_env)
        if server:
            server.shutdown()
        print(f"{name}: exit {r['exit']}, peak RSS {r['rss_mb']:.0f} MB, wall {r['wall']}"
              + ("" if build is None else f", input {size:,} bytes"))
        print(f"  command: {' '.join(r['cmd'][2:])}"
              + (f"  (CEPN_PUBCHEM_URL={run_env['CEPN_PUBCHEM_URL']})" if server else ""))
        print(f"  stderr ({r['lines']} line(s)): {r['first']}")
        if build is not None and not opts.keep:
            path.unlink()
        sys.stdout.flush()
    if not opts.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
