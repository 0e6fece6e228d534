"""Read YAML safely, keeping node positions so problems can name line and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_BYTES = 2_000_000
MAX_ALIASES = 200  # guards against "billion laughs" style alias expansion
# ... and so do these, on the document as it would be after expanding every alias: a few
# dozen aliases nested nine deep stay under MAX_ALIASES and still expand a billion-fold.
MAX_NODES = 100_000
MAX_EXPANDED_CHARS = 10_000_000


def expanded_size(root) -> tuple[int, int]:
    """(nodes, scalar characters) of a composed YAML node graph once its aliases are
    expanded, computed on the graph itself (each shared node counted once per use, without
    building the expansion). Recursive aliases count as too large."""
    import yaml

    memo: dict[int, tuple[int, int]] = {}
    active: set[int] = set()
    limit = (MAX_NODES + 1, MAX_EXPANDED_CHARS + 1)
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in memo:
            continue
        if isinstance(node, yaml.ScalarNode):
            memo[key] = (1, len(node.value))
            continue
        children = ([c for kv in node.value for c in kv] if isinstance(node, yaml.MappingNode)
                    else list(node.value))
        if not done:
            if key in active:  # a cycle: infinite when expanded
                return limit
            active.add(key)
            stack.append((node, True))
            for c in children:
                if id(c) in active and id(c) not in memo:
                    return limit
                stack.append((c, False))
            continue
        active.discard(key)
        n, chars = 1, 0
        for c in children:
            cn, cc = memo[id(c)]
            n, chars = n + cn, chars + cc
        memo[key] = (min(n, limit[0]), min(chars, limit[1]))
    return memo[id(root)]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    col: int
    code: str
    message: str
    level: str = "error"  # error | warning

    def text(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.code} {self.message}"

    def github(self) -> str:
        kind = "error" if self.level == "error" else "warning"
        msg = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (f"::{kind} file={self.file},line={self.line},col={self.col},"
                f"title={self.code}::{msg}")

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "col": self.col, "code": self.code,
                "level": self.level, "message": self.message}


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.text())
        self.problem = problem


def read_yaml(path: Path) -> tuple[Any, Any]:
    """(data, node tree) of a YAML file, with safe loading and size/alias limits."""
    import yaml

    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlProblem(Problem(name, 1, 1, "FILE", f"cannot read: {exc.strerror}")) from None
    if size > MAX_BYTES:
        raise YamlProblem(Problem(name, 1, 1, "SIZE", f"file is {size} bytes; the limit is "
                                  f"{MAX_BYTES}"))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlProblem(Problem(name, 1, 1, "ENCODING", "not UTF-8 text")) from None
    try:
        # libyaml when present: the pure-Python parser is ~10x slower, and rule files are
        # read on every run. Both give the same nodes, marks and data.
        loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        aliases = sum(isinstance(e, yaml.AliasEvent) for e in yaml.parse(text, loader_cls))
        if aliases > MAX_ALIASES:
            raise YamlProblem(Problem(name, 1, 1, "ALIAS", f"{aliases} YAML aliases; the limit "
                                      f"is {MAX_ALIASES}"))
        loader = loader_cls(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                nodes, chars = expanded_size(node)
                if nodes > MAX_NODES or chars > MAX_EXPANDED_CHARS:
                    raise YamlProblem(Problem(
                        name, 1, 1, "SIZE", "the document is too large once its aliases are "
                        f"expanded (over {MAX_NODES} nodes or {MAX_EXPANDED_CHARS} "
                        "characters)"))
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlProblem(Problem(name, line, col, "YAML", f"not valid YAML: {problem}")) \
            from None
    return data, node


def node_at(root, path) -> Any:
    """The deepest node along a path of mapping keys and sequence indexes."""
    import yaml

    node = root
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == step:
                    node = v
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and step < len(node.value):
            node = node.value[step]
        else:
            return node
    return node


def key_node_at(root, path):
    """The key node of the last mapping step (points at `severity:` rather than its value)."""
    import yaml

    parent = node_at(root, path[:-1])
    if isinstance(parent, yaml.MappingNode):
        for k, _ in parent.value:
            if k.value == path[-1]:
                return k
    return node_at(root, path)


def position(node) -> tuple[int, int]:
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1
