"""Load rule sets from YAML into RuleSet values; any error found by the validator stops
the load with a one-line message naming file, line and column."""

from __future__ import annotations

from pathlib import Path

from cepn_screen.core.errors import CepnError
from cepn_screen.knowledge.base import rules_dir
from cepn_screen.rules.files import rule_files
from cepn_screen.rules.model import Rule, RuleCases, RuleSet
from cepn_screen.rules.validate import check_file
from cepn_screen.rules.yamlpos import Problem


class RuleFileError(CepnError):
    """A rule file that cannot be used."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message, file=problem.file, row=problem.line)
        self.problem = problem
        self.code = problem.code

    def __str__(self) -> str:
        return self.problem.text()


def _build(cf) -> RuleSet:
    data, lines = cf.data, []
    rules_node = None
    for k, v in getattr(cf.node, "value", []):
        if k.value == "rules":
            rules_node = v
    if rules_node is not None:
        lines = [item.start_mark.line + 1 for item in rules_node.value]
    rules = []
    for i, spec in enumerate(data.get("rules") or []):
        tests = spec.get("tests") or {}
        rules.append(Rule(
            id=spec["id"], title=spec["title"], severity=spec["severity"],
            category=spec["category"], when=cf.compiled[i],
            message=" ".join(str(spec["message"]).split()),
            rationale=" ".join(str(spec.get("rationale", "")).split()),
            recommendation=" ".join(str(spec.get("recommendation", "")).split()),
            references=[str(r) for r in spec.get("references") or []],
            tests=RuleCases(list(tests.get("match") or []), list(tests.get("no_match") or []),
                            list(tests.get("todo") or [])),
            line=lines[i] if i < len(lines) else 0,
            scope=spec.get("scope", "substance"),
            group_by=tuple(spec.get("group_by") or ())))
    return RuleSet(str(data["name"]), str(data["version"]),
                   " ".join(str(data.get("description", "")).split()), rules, str(cf.path))


def load_rule_set(path: str | Path) -> RuleSet:
    path = Path(path)
    if not path.exists():
        raise RuleFileError(Problem(str(path), 1, 1, "FILE", "rule file not found"))
    cf = check_file(path)
    errors = [p for p in cf.problems if p.level == "error"]
    if errors:
        raise RuleFileError(errors[0])
    return _build(cf)


def load_rule_sets(paths: list[str | Path] | None = None) -> list[RuleSet]:
    """The bundled rule sets plus those at `paths`; a set with the name of a bundled one
    replaces it. A rule id may appear only once across the sets in use."""
    sets = {rs.name: rs for rs in map(load_rule_set, rule_files([rules_dir()]))}
    for f in rule_files(paths or []):
        if not f.exists():
            raise RuleFileError(Problem(str(f), 1, 1, "FILE", "rule file not found"))
        rs = load_rule_set(f)
        sets[rs.name] = rs
    ids: dict[str, str] = {}
    for rs in sets.values():
        for r in rs.rules:
            if r.id in ids:
                raise RuleFileError(Problem(rs.path, r.line, 1, "DUPLICATE",
                                            f"rule id {r.id!r} is also defined in {ids[r.id]}"))
            ids[r.id] = rs.path
    return list(sets.values())
