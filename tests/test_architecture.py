"""The package's shape: no import cycles, imports point down the pipeline, and modules
import at the top (only heavy libraries are imported lazily, to keep `--help` fast)."""

from __future__ import annotations

import ast
from pathlib import Path

import cepn_screen

PACKAGE = Path(cepn_screen.__file__).resolve().parent

# Stage folders, lowest first. A module may import from its own folder or from a folder of
# a lower rank; two folders of one rank are independent of each other.
RANKS = {
    "core": 0,
    "inventory": 1, "knowledge": 1, "exposure": 1,
    "identity": 2,
    "profile": 3,
    "rules": 4, "scoring": 4,
    "pipeline": 5,
    "monitoring": 6, "signals": 6, "substitution": 6,
    "report": 7,
    "cli": 8,
}
# Imported inside functions on purpose: slow to import, and not needed by every command.
LAZY = {"rdkit", "chemicals", "openpyxl", "pyarrow", "dask", "scipy", "yaml", "jsonschema",
        "pubchempy", "rich", "multiprocessing", "concurrent", "statistics", "importlib",
        "pandas"}


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        if rel.parts[0].startswith("_"):  # _data, _rules: shipped data, no code
            continue
        parts = ("cepn_screen", *rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports(path: Path, known: set[str]) -> tuple[set[str], list[tuple[int, str]]]:
    """(cepn_screen modules imported at module level, [(line, module)] imported in a
    function or method)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    inner: list[tuple[int, str]] = []

    def names(node) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        if node.level:  # relative imports are not used in this package
            return [f".{node.module}"]
        mod = node.module or ""
        # `from cepn_screen.knowledge import chemdb` imports the module chemdb
        return [f"{mod}.{a.name}" if f"{mod}.{a.name}" in known else mod for a in node.names]

    def walk(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                for name in names(child):
                    if in_function:
                        inner.append((child.lineno, name))
                    elif name.startswith("cepn_screen"):
                        top.add(name)
            walk(child, in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    walk(tree, False)
    return top, inner


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    out = {}
    for name, path in mods.items():
        top, _ = imports(path, known)
        # importing a.b.c runs a/__init__ and a/b/__init__ too
        out[name] = {m for m in top if m in known and m != name}
    return out


def find_cycle(g: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(g.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(g):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_cycle_finder_finds_a_planted_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle():
    assert find_cycle(graph()) is None


def _folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in RANKS) else None


def test_every_folder_has_a_rank():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("_")
               and (p / "__init__.py").exists()}
    assert folders == set(RANKS)


def test_imports_point_down_the_pipeline():
    wrong = []
    for mod, deps in graph().items():
        here = _folder(mod)
        for dep in deps:
            there = _folder(dep)
            if here is None or there is None or here == there:
                continue
            if RANKS[there] >= RANKS[here]:
                wrong.append(f"{mod} -> {dep}")
    assert wrong == []


def test_only_heavy_libraries_are_imported_inside_functions():
    """The library imports at the top of its modules. The command line is the one place
    that loads a command's modules when the command runs (so `--help` and every other
    command stay fast); the library modules it loads import no heavy library themselves."""
    mods = modules()
    known = set(mods)
    found = []
    for name, path in mods.items():
        _, inner = imports(path, known)
        for line, mod in inner:
            if name.startswith("cepn_screen.cli"):
                continue
            if mod.split(".")[0] not in LAZY:
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {mod}")
    assert found == []


def test_the_package_face_is_above_every_stage():
    """`cepn_screen/__init__.py` and `cepn_screen/api.py` are the Python face: they import
    the stages, so no stage module may import them (the version lives in core)."""
    wrong = [f"{mod} -> {dep}" for mod, deps in graph().items() if _folder(mod)
             for dep in deps if dep in ("cepn_screen", "cepn_screen.api")]
    assert wrong == []
    assert "cepn_screen.cli" not in graph()["cepn_screen.api"]
