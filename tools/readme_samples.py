"""Regenerate the README's sample outputs from the current code, or check them (issue #22).

A fenced block preceded by a marker line is generated:

    <!-- sample: ARGS | SELECTION -->
    ```
    $ cepn-screen ARGS
    ...selected output lines...
    ```

ARGS are `cepn-screen` arguments (split with shlex). SELECTION is one of
  all           every output line
  last N        the last N lines
  json PATHS    `path = value` lines picked from a JSON output (space-separated dotted
                paths, list items by number: rows.0.priority)
  grep REGEX    the lines matching the Python regex (re.search), with a `...` line between
                picks that are not adjacent; a picked table row (a line starting `│`) takes
                its continuation lines along (those whose first cell is blank).

Numbers in prose: `<!-- value: ARGS | REGEX -->TEXT<!-- /value -->`, TEXT becomes group 1
of REGEX's first match (re.MULTILINE) in the output of ARGS.

Commands run as `python -m cepn_screen ARGS` in the repository root with COLUMNS=150,
NO_COLOR=1, TERM=dumb (CEPN_INDEX_DIR and the rest of the environment kept); each distinct
ARGS runs once. Trailing spaces are stripped. ARGS must not contain ` | `.

    python tools/readme_samples.py [--check] [README]   # unified diff, exit 1 on drift
    python tools/readme_samples.py --write [README]     # rewrite the blocks in place
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = re.compile(r"^<!-- sample: (?P<args>.+?) \| (?P<sel>.+?) -->$")
VALUE = re.compile(r"<!-- value: (?P<args>.+?) \| (?P<rx>.+?) -->(?P<text>.*?)<!-- /value -->")
CONTINUATION = re.compile(r"^│ +│")


def run(args: str, cache: dict[str, list[str]]) -> list[str]:
    """Output lines of `cepn-screen ARGS`, trailing spaces stripped (cached per ARGS)."""
    if args not in cache:
        env = {**os.environ, "COLUMNS": "150", "NO_COLOR": "1", "TERM": "dumb"}
        p = subprocess.run([sys.executable, "-m", "cepn_screen", *shlex.split(args)],
                           cwd=ROOT, env=env, capture_output=True, text=True,
                           encoding="utf-8")
        if p.returncode not in (0, 1):
            raise RuntimeError(f"cepn-screen {args}: exit {p.returncode}\n{p.stderr}")
        cache[args] = [line.rstrip() for line in p.stdout.splitlines()]
    return cache[args]


def select(lines: list[str], sel: str) -> list[str]:
    kind, _, arg = sel.partition(" ")
    if kind == "all":
        return list(lines)
    if kind == "last":
        return lines[-int(arg):]
    if kind == "json":
        return json_paths(lines, arg.split())
    if kind != "grep":
        raise ValueError(f"unknown selection {sel!r} (all, last N, grep REGEX, json PATHS)")
    rx = re.compile(arg)
    picked: list[int] = []
    for i, line in enumerate(lines):
        if rx.search(line):
            picked.append(i)
        elif (picked and picked[-1] == i - 1 and CONTINUATION.match(line)
              and lines[picked[-1]].startswith("│")):
            picked.append(i)
    out: list[str] = []
    for n, i in enumerate(picked):
        if n and i != picked[n - 1] + 1:
            out.append("...")
        out.append(lines[i])
    return out


def json_paths(lines: list[str], paths: list[str]) -> list[str]:
    """`path = value` lines from a JSON output: dotted paths, list items by number
    (rows.0.scores.health), each value as compact JSON on one line."""
    doc = json.loads("\n".join(lines))
    out = []
    for path in paths:
        node = doc
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, list) else node[part]
        out.append(f"{path} = {json.dumps(node, ensure_ascii=False)}")
    return out


def render(text: str, cache: dict[str, list[str]] | None = None) -> str:
    """The README text with every marked block and value regenerated; `cache` (ARGS to
    output lines) lets several renderings share their command runs."""
    cache = {} if cache is None else cache
    src = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(src):
        line = src[i]
        m = SAMPLE.match(line)
        if m is None:
            out.append(line)
            i += 1
            continue
        if i + 1 >= len(src) or not src[i + 1].startswith("```"):
            raise ValueError(f"line {i + 1}: sample marker not followed by a ``` block")
        end = i + 2
        while end < len(src) and src[end].rstrip() != "```":
            end += 1
        if end >= len(src):
            raise ValueError(f"line {i + 2}: unclosed ``` block")
        args = m["args"]
        out += [line, src[i + 1], f"$ cepn-screen {args}",
                *select(run(args, cache), m["sel"]), src[end]]
        i = end + 1

    def value(v: re.Match) -> str:
        found = re.search(v["rx"], "\n".join(run(v["args"], cache)), re.MULTILINE)
        if found is None:
            raise ValueError(f"value: {v['rx']!r} not found in `cepn-screen {v['args']}`")
        return v[0].replace(f"-->{v['text']}<!--", f"-->{found[1]}<!--", 1)

    return VALUE.sub(value, "\n".join(out))


def check(readme: Path = ROOT / "README.md", cache: dict[str, list[str]] | None = None) -> str:
    """Unified diff between README and its regenerated form; empty when they agree."""
    old = readme.read_text(encoding="utf-8")
    new = render(old, cache)
    return "".join(difflib.unified_diff(old.splitlines(keepends=True),
                                        new.splitlines(keepends=True),
                                        f"{readme.name} (as written)",
                                        f"{readme.name} (regenerated)"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="print a diff, exit 1 on drift")
    mode.add_argument("--write", action="store_true", help="rewrite the blocks in place")
    ap.add_argument("readme", nargs="?", type=Path, default=ROOT / "README.md")
    ns = ap.parse_args(argv)
    if ns.write:
        old = ns.readme.read_text(encoding="utf-8")
        new = render(old)
        if new != old:
            ns.readme.write_text(new, encoding="utf-8")
        print(f"{ns.readme}: {'rewritten' if new != old else 'up to date'}")
        return 0
    diff = check(ns.readme)
    sys.stdout.write(diff)
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
