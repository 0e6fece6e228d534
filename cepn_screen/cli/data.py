"""data check and data stats: the curated knowledge base."""

from __future__ import annotations

import sys

import typer

from cepn_screen.cli import common

data_app = typer.Typer(no_args_is_help=True, help="The curated knowledge base.")


@data_app.command("check")
def data_check() -> None:
    """Check the knowledge base: CAS digits, SMILES, H-codes, ranges, sources."""
    from cepn_screen.knowledge.check import check_data
    from cepn_screen.pipeline.chem21_check import compare, render

    problems = check_data()
    console = common.console()
    for p in problems:
        console.print(str(p), markup=False)
    # The CHEM21 cross-check warns (paper's published scores vs ours); it never fails.
    sys.stdout.write("".join(line + "\n" for line in render(compare())))
    errors = [p for p in problems if p.level == "error"]
    warnings = len(problems) - len(errors)
    if errors:
        console.print(f"{len(errors)} problem(s), {warnings} warning(s)")
        raise typer.Exit(1)
    console.print("data check: no problems" + (f", {warnings} warning(s) (limits without a "
                                               "year and the like)" if warnings else ""))


@data_app.command("stats")
def data_stats(strict: bool = typer.Option(
        False, "--strict", help="Exit 1 when a substance lacks CAS, SMILES, boiling point "
        "or a classification.")) -> None:
    """Count what the knowledge base knows, per field and per source kind, and list gaps."""
    from cepn_screen.knowledge.stats import collect, render

    st = collect()
    # Plain lines, never wrapped: scripts and CI logs grep the GAP lines.
    sys.stdout.write("".join(line + "\n" for line in render(st)))
    if strict and any(st.gaps.values()):
        raise typer.Exit(1)
