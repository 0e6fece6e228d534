"""Which files a list of rule paths names: a folder stands for its *.yaml and *.yml files."""

from __future__ import annotations

from pathlib import Path


def rule_files(paths: list[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))
        else:
            out.append(p)
    return out
