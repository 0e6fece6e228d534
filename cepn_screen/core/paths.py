"""Where the tool keeps files of its own on this machine (caches), as the environment says."""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path:
    """CEPN_CACHE_DIR, else the XDG cache folder's cepn-screen/."""
    env = os.environ.get("CEPN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cepn-screen"
