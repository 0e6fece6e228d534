import shutil
import subprocess
import sys

import pytest


@pytest.fixture(scope="session")
def kb():
    from cepn_screen.knowledge import default_knowledge

    return default_knowledge()


def run_cli(*args, cwd=None, timeout=120):
    """Run the installed console script as a user would."""
    exe = shutil.which("cepn-screen")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "cepn_screen", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=timeout)


@pytest.fixture(scope="session")
def cli():
    return run_cli
