"""assess (screen an inventory) and shortlist (substitutes for its worst rows)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cepn_screen.cli import common
from cepn_screen.cli.common import (
    CACHE_DIR_OPTION,
    ENGINE_OPTION,
    ONLINE_OPTION,
    PUBCHEM_URL_OPTION,
    SCHEDULER_OPTION,
    SHEET_OPTION,
    WORKERS_OPTION,
    Engine,
    OelSource,
    Severity,
)
from cepn_screen.core.errors import MissingDependency, OptionError
from cepn_screen.core.gcmode import relaxed_gc
from cepn_screen.core.models import AssessmentStream
from cepn_screen.report.output import write_atomic, write_stdout, write_text_atomic

ASSESS_FORMATS = ("table", "json", "jsonl", "csv", "md", "html", "xlsx", "parquet")
SHORTLIST_FORMATS = ("md", "json", "csv", "html", "xlsx")
AssessFormat, ASSESS_FORMAT_OPTION = common.format_option(ASSESS_FORMATS)
ShortlistFormat, SHORTLIST_FORMAT_OPTION = common.format_option(SHORTLIST_FORMATS)



def assess(
    inventory: Path | None = typer.Argument(None, help="Inventory file (CSV, XLSX or "
                                            "Parquet).",
                                            show_default=False),
    example: bool = typer.Option(False, "--example",
                                 help="Assess the bundled example inventory."),
    fmt: AssessFormat | None = ASSESS_FORMAT_OPTION,
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to FILE; the format follows the extension."),
    fail_on: Severity | None = typer.Option(
        None, "--fail-on", help="Exit 1 if any finding is at or above this severity."),
    sheet: str | None = SHEET_OPTION,
    rules: list[Path] = typer.Option([], "--rules", help="Extra or replacing rule set "
                                     "(file or folder); repeatable."),
    online: bool | None = ONLINE_OPTION,
    pubchem_url: str | None = PUBCHEM_URL_OPTION,
    cache_dir: Path | None = CACHE_DIR_OPTION,
    oel_source: OelSource = typer.Option(OelSource("lowest"), "--oel-source",
                                         help="Exposure limit used."),
    engine: Engine = ENGINE_OPTION,
    workers: int | None = WORKERS_OPTION,
    scheduler: str | None = SCHEDULER_OPTION,
    country: str | None = common.COUNTRY_OPTION,
    example_plant: bool = typer.Option(
        False, "--example-plant",
        help="Assess the bundled inventory of a whole electronics plant (78 rows)."),
    quiet: bool = common.QUIET_OPTION,
) -> None:
    """Screen every row of a chemical inventory: identify, profile, flag, score."""
    from cepn_screen.inventory.load import iter_inventory
    from cepn_screen.pipeline.assess import assess_stream
    from cepn_screen.rules.loader import load_rule_sets

    if example:
        inventory = common.example_path()
    if example_plant:
        inventory = common.example_path("full")
    if inventory is None:
        raise OptionError("give an inventory file, or --example / --example-plant for a "
                          "bundled one")
    chosen = common.pick_format(fmt, output, ASSESS_FORMATS, "assess")
    if chosen == "parquet" and output is None:
        raise OptionError("Parquet output needs -o FILE.parquet")
    if chosen in ("html", "xlsx"):
        output = common.needs_output(chosen, output)
    common.INPUTS.append(inventory)
    # CSV, JSON and JSON Lines are written row by row as each row is made (the inventory
    # read twice, no row held): they allow more rows than the formats that hold them all.
    streamed = chosen in STREAMED_FORMATS
    path = inventory
    first = iter_inventory(path, sheet=sheet, streamed=streamed)  # the file's own errors
    reads = iter([first])

    def source():
        return next(reads, None) or iter_inventory(path, sheet=sheet, streamed=streamed)

    rule_sets = load_rule_sets(rules)
    resolver = common.resolver(online, pubchem_url, cache_dir)
    mode = "online" if resolver.online is not None else "offline"
    common.check_scheduler(engine.value, scheduler)
    with common.stage_bar(quiet) as bar:
        a = assess_stream(source, rule_sets=rule_sets, resolver=resolver, progress=bar,
                          oel_source=oel_source.value, engine=engine.value, workers=workers,
                          scheduler=scheduler, country=common.country(country),
                          inputs={"file": inventory.name, "rows": None, "mode": mode})
        if resolver.online is not None:
            a.inputs["pubchem_requests"] = resolver.online.requests
            for w in resolver.online.cache.warnings:
                common.warn(w)
        if streamed:
            render_assessment(a, chosen, output)
        else:
            held = a.materialise()
            if chosen == "parquet":
                write_parquet(held, output)
            elif chosen in ("html", "xlsx"):
                from cepn_screen.substitution.shortlist import report_entries

                write_report(held, chosen, output,
                             report_entries(held, rule_sets=rule_sets, resolver=resolver))
            else:
                render_assessment(held, chosen, output)
    if fail_on is not None:
        worst = a.findings_at_or_above(fail_on.value)
        if worst:
            common.console(stderr=True).print(
                f"{worst} finding(s) at or above {fail_on.value}; failing (--fail-on).")
            raise typer.Exit(1)


STREAMED_FORMATS = ("json", "jsonl", "csv")


class _Streamed:
    """A stream-like object for write_stdout: its write() runs a streaming writer on
    stdout, so the one error path covers long outputs without holding them in memory."""

    def __init__(self, writer):
        self.writer = writer

    def write(self, _text: str) -> None:
        self.writer(sys.stdout)

    def flush(self) -> None:
        sys.stdout.flush()


def write_report(a, chosen: str, output: Path, entries, signals=None) -> None:
    """The HTML or XLSX report of an assessment, with its (row, shortlist) entries."""
    try:
        if chosen == "html":
            from cepn_screen.report.html import assessment_html

            write_text_atomic(output, assessment_html(a, entries, signals),
                              inputs=common.INPUTS)
        else:
            from cepn_screen.report.xlsx import write_xlsx

            write_atomic(output, lambda tmp: write_xlsx(tmp, a, entries),
                         inputs=common.INPUTS)
    except OSError as exc:
        raise common.cannot_write(exc, output) from None


def write_parquet(a, output: Path) -> None:
    from cepn_screen.report.flat import write_parquet as write

    try:
        write_atomic(output, lambda tmp: write(a.rows, tmp), inputs=common.INPUTS)
    except ImportError:
        raise MissingDependency("Parquet output needs pyarrow: "
                                "pip install 'cepn-screen[dask]'") from None
    except OSError as exc:
        raise common.cannot_write(exc, output, fallback=True) from None


@relaxed_gc
def render_assessment(a, chosen: str, output: Path | None) -> None:
    if chosen in ("json", "jsonl", "csv"):
        from cepn_screen.report.csv_out import write_csv
        from cepn_screen.report.serialize import write_json, write_jsonl

        if chosen == "json":
            # Indented for people up to a few thousand rows; compact and streamed above.
            count = a.count if isinstance(a, AssessmentStream) else len(a.rows)
            indent = 2 if count <= 2000 else None

            def emit(out) -> None:
                write_json(a, out, indent=indent)
        elif chosen == "jsonl":
            def emit(out) -> None:
                write_jsonl(a, out)
        else:
            def emit(out) -> None:
                write_csv(a, out)

        if output is None:
            # Streamed; a closed pipe or a full device becomes one OutputError.
            write_stdout("", _Streamed(emit))
            return

        def write_file(tmp: Path) -> None:
            # CSV rows end in "\n" as the csv module wrote them (no newline translation).
            with tmp.open("w", encoding="utf-8", newline="" if chosen == "csv" else None) as f:
                emit(f)

        write_atomic(output, write_file, inputs=common.INPUTS)
    elif chosen == "md":
        from cepn_screen.report.markdown import render

        common.write(render(a), output)
    else:
        from cepn_screen.report.table import render_assessment as draw

        common.print_table(lambda console: draw(a, console), output)


def shortlist(
    inventory: Path = typer.Argument(..., help="Inventory file (CSV or XLSX)."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to FILE.md, FILE.json or FILE.csv."),
    fmt: ShortlistFormat | None = SHORTLIST_FORMAT_OPTION,
    min_priority: Severity = typer.Option(Severity("high"), "--min-priority",
                                          help="Rows at or above this priority."),
    top: int = typer.Option(5, "--top", help="Alternatives per chemical."),
    sheet: str | None = SHEET_OPTION,
    rules: list[Path] = common.RULES_OPTION,
    quiet: bool = common.QUIET_OPTION,
) -> None:
    """Substitution shortlist for every high-priority row of an inventory."""
    from cepn_screen.inventory.load import load_inventory
    from cepn_screen.report.shortlist import shortlist_csv, shortlist_json, shortlist_md
    from cepn_screen.rules.loader import load_rule_sets
    from cepn_screen.substitution.shortlist import inventory_shortlist, report_entries

    chosen = common.pick_format(fmt, output, SHORTLIST_FORMATS, "shortlist")
    rows = load_inventory(inventory, sheet=sheet)
    rule_sets = load_rule_sets(rules)
    with common.stage_bar(quiet) as bar:
        a, entries = inventory_shortlist(rows, min_priority=min_priority.value, top=top,
                                         rule_sets=rule_sets, progress=bar,
                                         inputs={"file": inventory.name, "rows": len(rows),
                                                 "mode": "offline"})
    if chosen in ("html", "xlsx"):
        output = common.needs_output(chosen, output)
        write_report(a, chosen, output, report_entries(a, entries))
    elif chosen == "json":
        common.write(shortlist_json(inventory.name, min_priority.value, entries), output)
    elif chosen == "csv":
        common.write(shortlist_csv(entries), output)
    else:
        common.write(shortlist_md(inventory.name, min_priority.value, entries), output)
