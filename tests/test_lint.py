import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_clean():
    p = subprocess.run(["ruff", "check", "--no-cache", str(ROOT / "cepn_screen"),
                        str(ROOT / "tests"), str(ROOT / "benchmarks")],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
