"""Load rule sets from YAML (safe loading only) into RuleSet values."""

from __future__ import annotations

from pathlib import Path

from cepn_screen.errors import UserError
from cepn_screen.rules.conditions import ConditionError, compile_condition
from cepn_screen.rules.model import CATEGORIES, SEVERITIES, Rule, RuleCases, RuleSet

MAX_RULE_FILE_BYTES = 2_000_000


class RuleFileError(UserError):
    """A rule file that cannot be used; names file, line and what is wrong."""

    def __init__(self, message: str, file: str, line: int | None = None, code: str = "SCHEMA"):
        super().__init__(message, file=file, row=line)
        self.code = code
        self.line = line

    def __str__(self) -> str:
        loc = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{loc}: {self.code} {self.message}"


def _read_yaml(path: Path):
    import yaml

    if path.stat().st_size > MAX_RULE_FILE_BYTES:
        raise RuleFileError("rule file is larger than 2 MB", str(path), code="SIZE")
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleFileError(f"not valid YAML: {getattr(exc, 'problem', exc)}", str(path),
                            mark.line + 1 if mark else None, "YAML") from None
    return data, node


def _rule_lines(node) -> list[int]:
    """1-based start lines of the rules, read from the YAML node tree."""
    try:
        for key, value in node.value:
            if key.value == "rules":
                return [item.start_mark.line + 1 for item in value.value]
    except (AttributeError, TypeError):
        pass
    return []


def load_rule_set(path: str | Path) -> RuleSet:
    path = Path(path)
    if not path.exists():
        raise RuleFileError("rule file not found", str(path), code="FILE")
    data, node = _read_yaml(path)
    if not isinstance(data, dict):
        raise RuleFileError("a rule set is a mapping with name, version and rules", str(path))
    for key in ("name", "version", "rules"):
        if key not in data:
            raise RuleFileError(f"missing {key!r}", str(path), 1)
    lines = _rule_lines(node)
    rules = []
    for i, spec in enumerate(data["rules"] or []):
        line = lines[i] if i < len(lines) else None
        if not isinstance(spec, dict):
            raise RuleFileError("a rule is a mapping", str(path), line)
        for key in ("id", "title", "severity", "category", "when", "message"):
            if key not in spec:
                raise RuleFileError(f"rule {spec.get('id', i + 1)!r}: missing {key!r}",
                                    str(path), line)
        if spec["severity"] not in SEVERITIES:
            raise RuleFileError(f"rule {spec['id']!r}: severity must be one of "
                                f"{', '.join(SEVERITIES)}", str(path), line, "SEVERITY")
        if spec["category"] not in CATEGORIES:
            raise RuleFileError(f"rule {spec['id']!r}: category must be one of "
                                f"{', '.join(CATEGORIES)}", str(path), line, "CATEGORY")
        try:
            when = compile_condition(spec["when"])
        except ConditionError as exc:
            raise RuleFileError(f"rule {spec['id']!r}: {'.'.join(map(str, exc.path))}: {exc}",
                                str(path), line, exc.code) from None
        tests = spec.get("tests") or {}
        rules.append(Rule(
            id=str(spec["id"]), title=str(spec["title"]), severity=spec["severity"],
            category=spec["category"], when=when, message=str(spec["message"]).strip(),
            rationale=str(spec.get("rationale", "")).strip(),
            recommendation=str(spec.get("recommendation", "")).strip(),
            references=[str(r) for r in spec.get("references") or []],
            tests=RuleCases([str(x) for x in tests.get("match") or []],
                            [str(x) for x in tests.get("no_match") or []],
                            [str(x) for x in tests.get("todo") or []]),
            line=line or 0))
    seen: set[str] = set()
    for r in rules:
        if r.id in seen:
            raise RuleFileError(f"duplicate rule id {r.id!r}", str(path), r.line, "DUPLICATE")
        seen.add(r.id)
    return RuleSet(str(data["name"]), str(data["version"]), str(data.get("description", "")),
                   rules, str(path))


def rule_files(paths: list[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))
        else:
            out.append(p)
    return out


def load_rule_sets(paths: list[str | Path] | None = None) -> list[RuleSet]:
    """The bundled rule sets, or those at `paths`. A set named like a bundled one
    replaces it; others are added."""
    from cepn_screen.knowledge import rules_dir

    sets = {rs.name: rs for rs in map(load_rule_set, rule_files([rules_dir()]))}
    for f in rule_files(paths or []):
        rs = load_rule_set(f)
        sets[rs.name] = rs
    ids: dict[str, str] = {}
    for rs in sets.values():
        for r in rs.rules:
            if r.id in ids:
                raise RuleFileError(f"rule id {r.id!r} also defined in {ids[r.id]}", rs.path,
                                    r.line, "DUPLICATE")
            ids[r.id] = rs.path
    return list(sets.values())
