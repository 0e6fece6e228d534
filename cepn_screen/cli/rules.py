"""rules validate, test, list, docs and schema: check and test rule sets."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cepn_screen.cli import common

rules_app = typer.Typer(no_args_is_help=True, help="Check and test rule sets.")

RULES_FORMATS = ("text", "json", "github")
RulesFormat = common.choices("RulesFormat", RULES_FORMATS)
_write = common.write


def _rule_paths(paths: list[Path] | None) -> list[Path]:
    from cepn_screen.knowledge.base import rules_dir

    return list(paths) if paths else [rules_dir()]


@rules_app.command("validate")
def rules_validate(
    paths: list[Path] = typer.Argument(None, help="Rule files or folders (default: bundled)."),
    fmt: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f",
                                    help="text, json, or github (Actions annotations)."),
) -> None:
    """Check rule files: schema, SMARTS, H-codes, CAS, names, duplicate ids, tests."""
    from cepn_screen.rules.validate import check_paths

    files = check_paths(_rule_paths(paths))
    problems = [p for f in files for p in f.problems]
    errors = [p for p in problems if p.level == "error"]
    if fmt == RulesFormat.json:
        import json

        _write(json.dumps({"files": [str(f.path) for f in files],
                           "problems": [p.as_dict() for p in problems],
                           "errors": len(errors)}, indent=2) + "\n", None)
    else:
        for p in problems:
            sys.stdout.write((p.github() if fmt == RulesFormat.github else p.text()) + "\n")
        if fmt == RulesFormat.text:
            sys.stdout.write(f"{len(files)} file(s), {len(errors)} error(s), "
                             f"{len(problems) - len(errors)} warning(s)\n")
    if errors:
        raise typer.Exit(1)


@rules_app.command("test")
def rules_test(
    paths: list[Path] = typer.Argument(None, help="Rule files or folders (default: bundled)."),
    fmt: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f",
                                    help="text, json, or github (Actions annotations)."),
) -> None:
    """Run every rule's match / no_match / todo cases; expected against actual."""
    from cepn_screen.pipeline.ruletests import run_rule_tests
    from cepn_screen.rules.selftest import summary

    results = run_rule_tests(paths or None)
    totals = summary(results)
    if fmt == RulesFormat.json:
        import json
        from dataclasses import asdict

        _write(json.dumps({"summary": totals, "cases": [asdict(r) for r in results]},
                          ensure_ascii=False, indent=2) + "\n", None)
    else:
        for r in results:
            if fmt == RulesFormat.github and r.outcome in ("fail", "error"):
                sys.stdout.write(f"::error file={r.file},line={r.line},title={r.rule_id}::"
                                 f"{r.kind} case {r.case!r}: expected {r.expected}, got "
                                 f"{r.actual} {r.detail}\n")
                continue
            mark = {"pass": "ok", "fail": "FAIL", "todo": "todo", "error": "ERROR"}[r.outcome]
            sys.stdout.write(f"{mark:5} {r.rule_id} {r.kind} {r.case!r}: expected "
                             f"{'fire' if r.expected else 'no fire'}, got "
                             f"{'?' if r.actual is None else ('fire' if r.actual else 'no fire')}"
                             + (f" ({r.detail})" if r.detail else "") + "\n")
        sys.stdout.write(f"{totals['cases']} cases, {totals['failed']} failed, "
                         f"{totals['todo']} todo\n")
    if totals["failed"]:
        raise typer.Exit(1)


@rules_app.command("list")
def rules_list(
    rules: list[Path] = typer.Option([], "--rules", help="Extra or replacing rule set."),
) -> None:
    """List the rules in use: id, severity, category, title."""
    from cepn_screen.rules.loader import load_rule_sets

    for rs in load_rule_sets(rules):
        sys.stdout.write(f"# {rs.name} {rs.version} ({rs.path})\n")
        for r in rs.rules:
            sys.stdout.write(f"{r.id:22} {r.severity:8} {r.category:12} {r.title}\n")


@rules_app.command("docs")
def rules_docs(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE."),
    rules: list[Path] = typer.Option([], "--rules", help="Extra or replacing rule set."),
) -> None:
    """The Markdown catalogue of the rules (docs/rules.md is generated with it)."""
    from cepn_screen.rules.docs import render
    from cepn_screen.rules.loader import load_rule_sets

    _write(render(load_rule_sets(rules)), output)


@rules_app.command("schema")
def rules_schema() -> None:
    """Print the JSON Schema of rule files (for editors)."""
    import json

    from cepn_screen.rules.schema import rule_set_schema

    _write(json.dumps(rule_set_schema(), indent=2) + "\n", None)
