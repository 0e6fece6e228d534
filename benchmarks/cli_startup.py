"""Time `cepn-screen --help` (start-up cost; heavy imports must stay lazy).

Run: python benchmarks/cli_startup.py [runs]
Prints the best and median wall time over the runs.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    exe = shutil.which("cepn-screen")
    cmd = [exe, "--help"] if exe else [sys.executable, "-m", "cepn_screen", "--help"]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    print(f"command: {' '.join(cmd)}")
    print(f"cepn-screen --help: best {min(times):.3f} s, median {statistics.median(times):.3f} s "
          f"over {runs} runs (target < 0.3 s)")


if __name__ == "__main__":
    main()
