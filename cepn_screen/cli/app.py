"""Command line: parse options, call one library function, hand the result to a renderer.

Heavy libraries (pandas, RDKit, chemicals) are imported inside the commands so that
`cepn-screen --help` stays instant.
"""

from __future__ import annotations

import io
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer

from cepn_screen import __version__
from cepn_screen.core.errors import UserError

app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="Screen process chemicals for worker hazards and rank safer substitutes.")
rules_app = typer.Typer(no_args_is_help=True, help="Check and test rule sets.")
data_app = typer.Typer(no_args_is_help=True, help="The curated knowledge base.")
app.add_typer(rules_app, name="rules")
app.add_typer(data_app, name="data")


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"
    html = "html"
    xlsx = "xlsx"
    parquet = "parquet"


class Severity(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


EXT_FORMATS = {".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md", ".txt": "table",
               ".html": "html", ".htm": "html", ".xlsx": "xlsx", ".parquet": "parquet"}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cepn-screen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Screen process chemicals for worker hazards and rank safer substitutes."""


def _pick_format(fmt: Format | None, output: Path | None, *, parquet: bool = False) -> str:
    chosen = "table"
    if fmt is not None:
        chosen = fmt.value
    elif output is not None:
        ext = output.suffix.lower()
        if ext not in EXT_FORMATS:
            raise UserError(f"cannot tell the format from the extension {ext!r}; "
                            "use --format json|csv|md|table", file=str(output))
        chosen = EXT_FORMATS[ext]
    if chosen == "parquet" and not parquet:
        raise UserError("Parquet output is for assess (one record per row); use json or csv")
    return chosen


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write: {exc.strerror}", file=str(output)) from None


def _console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Piped or redirected output is read in files and CI logs: give tables room.
    width = None if stream.isatty() else 160
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def _print_table(draw, output: Path | None) -> None:
    """Run draw(console) on the terminal, or into FILE as plain text 160 columns wide."""
    if output is None:
        draw(_console())
        return
    from rich.console import Console

    buf = io.StringIO()
    draw(Console(file=buf, width=160, highlight=False))
    _write(buf.getvalue(), output)


def _with_notes(table, notes: list[str]) -> list:
    from rich.text import Text

    return [table, *(Text.from_markup(n) for n in notes)]


def _emit(chosen: str, result: dict, output: Path | None, command: str, *, csv, md,
          table) -> None:
    """Write a command's result dict as json, csv, md or a terminal table (to FILE too)."""
    if chosen == "json":
        import json

        _write(json.dumps(result, ensure_ascii=False, indent=2) + "\n", output)
    elif chosen == "csv":
        _write(csv(result), output)
    elif chosen == "md":
        _write(md(result), output)
    elif chosen == "table":
        _print_table(lambda console: [console.print(r) for r in table(result)], output)
    else:
        raise UserError(f"{command} writes table, json, csv or md, not {chosen}",
                        file=str(output) if output else None)


def _env_online() -> bool:
    return os.environ.get("CEPN_ONLINE", "").strip().lower() in ("1", "true", "yes", "on")


def _resolver(online: bool | None, pubchem_url: str | None, cache_dir: Path | None):
    """The resolver for a command: offline unless --online or CEPN_ONLINE says otherwise."""
    from cepn_screen.identity.resolver import Resolver
    from cepn_screen.knowledge.base import default_knowledge

    if online is None:
        online = _env_online()
    client = None
    if online:
        from cepn_screen.identity.cache import Cache
        from cepn_screen.identity.pubchem import PubChemClient

        client = PubChemClient(pubchem_url, Cache(cache_dir))
    return Resolver(default_knowledge(), online=client)


def _progress_for(total: int):
    """A progress bar on stderr for PubChem look-ups, only when stderr is a terminal."""
    if not sys.stderr.isatty() or total == 0:
        return None, None
    from rich.progress import Progress

    bar = Progress(console=_console(stderr=True), transient=True)
    task = bar.add_task("PubChem look-ups", total=total)
    return bar, (lambda: bar.advance(task))


ONLINE_HELP = "Ask PubChem for names the offline data do not know (default: offline, or " \
              "CEPN_ONLINE=1)."


# Options shared by every command that resolves names (declared once).
ONLINE_OPTION = typer.Option(None, "--online/--offline", help=ONLINE_HELP, show_default=False)
PUBCHEM_URL_OPTION = typer.Option(None, "--pubchem-url", envvar="CEPN_PUBCHEM_URL",
                                  help="PubChem address before /rest/pug.")
ENGINE_OPTION = typer.Option(
    "local", "--engine", help="Where distinct substances are screened: local (this "
    "machine's cores) or dask (a Dask cluster; local one unless --scheduler).")
WORKERS_OPTION = typer.Option(None, "--workers", min=1, help="Worker processes (local: "
                              "default up to 4 cores, 1 = this process only; dask: local "
                              "cluster size).")
SCHEDULER_OPTION = typer.Option(None, "--scheduler", envvar="CEPN_DASK_SCHEDULER",
                                help="Dask scheduler address (tcp://host:8786), with "
                                "--engine dask.")


def _check_engine(engine: str, scheduler: str | None) -> None:
    from cepn_screen.pipeline.executors import ENGINES

    if engine not in ENGINES:
        raise UserError(f"--engine must be one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise UserError("--scheduler needs --engine dask")


CACHE_DIR_OPTION = typer.Option(None, "--cache-dir", envvar="CEPN_CACHE_DIR",
                                help="Where PubChem answers are cached.")


def example_path() -> Path:
    from cepn_screen.knowledge.base import data_dir

    return data_dir() / "examples" / "electronics_plant.csv"


@app.command()
def assess(
    inventory: Path | None = typer.Argument(None, help="Inventory file (CSV, XLSX or "
                                            "Parquet).",
                                            show_default=False),
    example: bool = typer.Option(False, "--example",
                                 help="Assess the bundled example inventory."),
    fmt: Format | None = typer.Option(None, "--format", "-f",
                                      help="table (default), json, csv or md."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to FILE; the format follows the extension."),
    fail_on: Severity | None = typer.Option(
        None, "--fail-on", help="Exit 1 if any finding is at or above this severity."),
    sheet: str | None = typer.Option(None, "--sheet", help="XLSX sheet (default: first)."),
    rules: list[Path] = typer.Option([], "--rules", help="Extra or replacing rule set "
                                     "(file or folder); repeatable."),
    online: bool | None = ONLINE_OPTION,
    pubchem_url: str | None = PUBCHEM_URL_OPTION,
    cache_dir: Path | None = CACHE_DIR_OPTION,
    oel_source: str = typer.Option("lowest", "--oel-source", help="Exposure limit used: "
                                   "lowest, acgih, osha, eu, china, ontario, niosh."),
    engine: str = ENGINE_OPTION,
    workers: int | None = WORKERS_OPTION,
    scheduler: str | None = SCHEDULER_OPTION,
) -> None:
    """Screen every row of a chemical inventory: identify, profile, flag, score."""
    from cepn_screen.inventory.load import load_inventory
    from cepn_screen.pipeline.assess import assess_rows
    from cepn_screen.rules.loader import load_rule_sets

    if example:
        inventory = example_path()
    if inventory is None:
        raise UserError("give an inventory file, or --example for the bundled one")
    chosen = _pick_format(fmt, output, parquet=True)
    rows = load_inventory(inventory, sheet=sheet)
    rule_sets = load_rule_sets(rules)
    resolver = _resolver(online, pubchem_url, cache_dir)
    mode = "online" if resolver.online is not None else "offline"
    bar, tick = _progress_for(len(rows)) if resolver.online is not None else (None, None)
    if bar:
        bar.start()
    try:
        from cepn_screen.exposure.limits import OEL_SOURCES

        if oel_source not in OEL_SOURCES:
            raise UserError(f"--oel-source must be one of {', '.join(OEL_SOURCES)}")
        _check_engine(engine, scheduler)
        a = assess_rows(rows, rule_sets=rule_sets, resolver=resolver, progress=tick,
                        oel_source=oel_source, engine=engine, workers=workers,
                        scheduler=scheduler,
                        inputs={"file": inventory.name, "rows": len(rows), "mode": mode})
    finally:
        if bar:
            bar.stop()
    if resolver.online is not None:
        a.inputs["pubchem_requests"] = resolver.online.requests
        for w in resolver.online.cache.warnings:
            sys.stderr.write(f"cepn-screen: warning: {w}\n")
    if chosen == "parquet":
        if output is None:
            raise UserError("Parquet output needs -o FILE.parquet")
        _write_parquet(a, output)
    elif chosen in ("html", "xlsx"):
        if output is None:
            raise UserError(f"--format {chosen} needs -o FILE")
        _write_report(a, chosen, output, rule_sets, resolver)
    else:
        _render_assessment(a, chosen, output)
    if fail_on is not None:
        from cepn_screen.core.models import severity_rank

        worst = [f for r in a.rows for f in r.findings
                 if severity_rank(f.severity) >= severity_rank(fail_on.value)]
        if worst:
            _console(stderr=True).print(
                f"{len(worst)} finding(s) at or above {fail_on.value}; failing (--fail-on).")
            raise typer.Exit(1)


def _write_report(a, chosen: str, output: Path, rule_sets, resolver, signals=None,
                  entries=None) -> None:
    if entries is None:
        from cepn_screen.substitution.shortlist import worst_first

        entries = worst_first(a, rule_sets=rule_sets, resolver=resolver)
    try:
        if chosen == "html":
            from cepn_screen.report.html import assessment_html

            output.write_text(assessment_html(a, entries, signals), encoding="utf-8")
        else:
            from cepn_screen.report.xlsx import write_xlsx

            write_xlsx(output, a, entries)
    except OSError as exc:
        raise UserError(f"cannot write: {exc.strerror}", file=str(output)) from None


def _write_parquet(a, output: Path) -> None:
    from cepn_screen.report.flat import write_parquet

    try:
        write_parquet(a.rows, output)
    except ImportError:
        raise UserError("Parquet output needs pyarrow: pip install 'cepn-screen[dask]'") \
            from None
    except OSError as exc:
        raise UserError(f"cannot write: {exc.strerror or exc}", file=str(output)) from None


def _render_assessment(a, chosen: str, output: Path | None) -> None:
    if chosen == "json":
        from cepn_screen.report.serialize import write_json

        # Indented for people up to a few thousand rows; compact and streamed above that.
        indent = 2 if len(a.rows) <= 2000 else None
        if output is None:
            write_json(a, sys.stdout, indent=indent)
            return
        try:
            with output.open("w", encoding="utf-8") as f:
                write_json(a, f, indent=indent)
        except OSError as exc:
            raise UserError(f"cannot write: {exc.strerror}", file=str(output)) from None
    elif chosen == "csv":
        from cepn_screen.report.csv_out import render

        _write(render(a), output)
    elif chosen == "md":
        from cepn_screen.report.markdown import render

        _write(render(a), output)
    else:
        from cepn_screen.report.table import render_assessment

        _print_table(lambda console: render_assessment(a, console), output)


@app.command()
def lookup(
    query: str = typer.Argument(..., help="Name (any language), CAS, SMILES or InChIKey."),
    fmt: Format | None = typer.Option(None, "--format", "-f", help="table (default) or json."),
    rules: list[Path] = typer.Option([], "--rules", help="Extra or replacing rule set."),
    online: bool | None = ONLINE_OPTION,
    pubchem_url: str | None = PUBCHEM_URL_OPTION,
    cache_dir: Path | None = CACHE_DIR_OPTION,
) -> None:
    """Show one substance: identity, properties, hazards, findings and scores."""
    from cepn_screen.pipeline.lookup import lookup as do_lookup
    from cepn_screen.rules.loader import load_rule_sets

    ra = do_lookup(query, rule_sets=load_rule_sets(rules),
                   resolver=_resolver(online, pubchem_url, cache_dir))
    if fmt is not None and fmt.value == "json":
        import json

        from cepn_screen.report.serialize import row_dict

        _write(json.dumps(row_dict(ra), ensure_ascii=False, indent=2) + "\n", None)
    elif fmt is None or fmt.value == "table":
        from cepn_screen.report.table import render_profile

        render_profile(ra, _console())
    else:
        raise UserError("lookup supports --format table or json")
    if ra.resolution.status == "unresolved":
        raise typer.Exit(3)


@app.command()
def substitute(
    target: str | None = typer.Argument(None, help="Name, CAS or SMILES of the chemical to "
                                        "replace (or use --hsp).", show_default=False),
    hsp: tuple[float, float, float] | None = typer.Option(
        None, "--hsp", help="Target Hansen point δD δP δH (MPa½), e.g. of a soil or resin."),
    radius: float | None = typer.Option(None, "--radius", help="Interaction radius R0 for "
                                        "--hsp; candidates need RED ≤ 1."),
    process: str = typer.Option("general", "--process", "-p", help="Process profile: "
                                "general, wiping, vapour-degreasing, immersion, resist-strip, "
                                "flux-cleaning."),
    pool: str | None = typer.Option(None, "--pool", help="Candidates: the curated library "
                                    "(default), 'all' (the whole offline database, with "
                                    "estimated Hansen parameters), or a CSV/XLSX/Parquet "
                                    "file of names/CAS/SMILES."),
    show_excluded: bool = typer.Option(False, "--show-excluded",
                                       help="List excluded candidates and why."),
    with_blends: bool = typer.Option(False, "--blends", help="Also propose two-solvent blends."),
    top: int = typer.Option(10, "--top", help="How many candidates to list."),
    max_ra: float = typer.Option(8.0, "--max-ra", help="Largest Hansen distance Ra (MPa½) "
                                 "still counted as a functional match (without --radius)."),
    fmt: Format | None = typer.Option(None, "--format", "-f", help="table, json, csv or md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE."),
    rules: list[Path] = typer.Option([], "--rules", help="Extra or replacing rule set."),
    online: bool | None = ONLINE_OPTION,
    pubchem_url: str | None = PUBCHEM_URL_OPTION,
    cache_dir: Path | None = CACHE_DIR_OPTION,
    engine: str = ENGINE_OPTION,
    workers: int | None = WORKERS_OPTION,
    scheduler: str | None = SCHEDULER_OPTION,
) -> None:
    """Rank safer alternatives to a chemical, with the reason for every line."""
    from cepn_screen.report import substitution as rep
    from cepn_screen.rules.loader import load_rule_sets
    from cepn_screen.substitution.substitute import substitute as run

    if (target is None) == (hsp is None):
        raise UserError("give either a TARGET or --hsp D P H")
    chosen = _pick_format(fmt, output)
    _check_engine(engine, scheduler)
    s = run(target, hsp=hsp, radius=radius, process=process, pool=pool,
            rule_sets=load_rule_sets(rules), resolver=_resolver(online, pubchem_url, cache_dir),
            with_blends=with_blends, top=top, max_ra=max_ra, engine=engine, workers=workers,
            scheduler=scheduler)
    if chosen == "json":
        import json

        d = rep.shortlist_dict(s)
        if not show_excluded:
            d["excluded"] = []
        _write(json.dumps(d, ensure_ascii=False, indent=2) + "\n", output)
    elif chosen == "md":
        _write(rep.markdown(s, show_excluded), output)
    elif chosen == "csv":
        _write(rep.csv_text(rep.csv_rows(s)), output)
    else:
        rep.render_table(s, _console(), show_excluded)


@app.command()
def shortlist(
    inventory: Path = typer.Argument(..., help="Inventory file (CSV or XLSX)."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to FILE.md, FILE.json or FILE.csv."),
    fmt: Format | None = typer.Option(None, "--format", "-f", help="md (default), json, csv."),
    min_priority: Severity = typer.Option(Severity.high, "--min-priority",
                                          help="Rows at or above this priority."),
    top: int = typer.Option(5, "--top", help="Alternatives per chemical."),
    sheet: str | None = typer.Option(None, "--sheet", help="XLSX sheet (default: first)."),
    rules: list[Path] = typer.Option([], "--rules", help="Extra or replacing rule set."),
) -> None:
    """Substitution shortlist for every high-priority row of an inventory."""
    from cepn_screen.inventory.load import load_inventory
    from cepn_screen.report import substitution as rep
    from cepn_screen.rules.loader import load_rule_sets
    from cepn_screen.substitution.shortlist import inventory_shortlist

    chosen = _pick_format(fmt, output)
    chosen = "md" if chosen == "table" else chosen
    rows = load_inventory(inventory, sheet=sheet)
    rule_sets = load_rule_sets(rules)
    a, entries = inventory_shortlist(rows, min_priority=min_priority.value, top=top,
                                     rule_sets=rule_sets)
    if chosen in ("html", "xlsx"):
        if output is None:
            raise UserError(f"--format {chosen} needs -o FILE")
        by_row = {r.row.row: r for r in a.rows}
        pairs = [(by_row[e.rows[0]], e.shortlist) for e in entries]
        _write_report(a, chosen, output, rule_sets, None, entries=pairs)
        return
    if chosen == "json":
        import json

        doc = {"inventory": inventory.name, "min_priority": min_priority.value, "entries": [
            {"rows": e.rows, "products": e.products, "process": e.process,
             "priorities": e.priorities, "problem": e.problem or None,
             **({"shortlist": rep.shortlist_dict(e.shortlist)} if e.shortlist else {})}
            for e in entries]}
        _write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", output)
    elif chosen == "csv":
        out = []
        for e in entries:
            if e.shortlist:
                out += rep.csv_rows(e.shortlist, rows=",".join(map(str, e.rows)))
        _write(rep.csv_text(out), output)
    else:
        parts = [f"# Substitution shortlist for {inventory.name}", "",
                 f"Rows at or above priority **{min_priority.value}**: "
                 f"{sum(len(e.rows) for e in entries)}; distinct chemical/process pairs: "
                 f"{len(entries)}.", ""]
        for e in entries:
            where = f"Rows {', '.join(map(str, e.rows))}"
            if e.products:
                where += f" (products: {', '.join(e.products)})"
            if e.shortlist:
                parts.append(rep.markdown(e.shortlist).replace("## ", "## " + where + " — ", 1))
            else:
                parts += [f"## {where}", "", e.problem, ""]
        _write("\n".join(parts), output)


cache_app = typer.Typer(no_args_is_help=True, help="The on-disk cache of PubChem answers.")
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(cache_dir: Path | None = typer.Option(None, "--cache-dir",
                                                     envvar="CEPN_CACHE_DIR")) -> None:
    """Where the cache is, how many answers it holds, and how big it is."""
    import datetime as dt

    from cepn_screen.identity.cache import Cache

    info = Cache(cache_dir).info()

    def when(t):
        return dt.datetime.fromtimestamp(t, dt.UTC).strftime("%Y-%m-%d %H:%M") if t else "—"

    sys.stdout.write(f"path: {info['path']}\nanswers: {info['entries']} "
                     f"({info['not_found']} not found)\nsize: {info['size_bytes']} bytes\n"
                     f"oldest: {when(info['oldest'])}\nnewest: {when(info['newest'])}\n")
    from cepn_screen.identity.offline_index import index_path

    ix = index_path()
    state = f"{ix.stat().st_size} bytes" if ix.exists() else "not built yet (built on first use)"
    sys.stdout.write(f"offline index: {ix} ({state})\n")


@cache_app.command("clear")
def cache_clear(cache_dir: Path | None = typer.Option(None, "--cache-dir",
                                                      envvar="CEPN_CACHE_DIR")) -> None:
    """Delete every cached PubChem answer."""
    from cepn_screen.identity.cache import Cache

    n = Cache(cache_dir).clear()
    sys.stdout.write(f"cleared {n} cached answer(s)\n")


@app.command("example")
def write_example(output: Path = typer.Option(..., "--output", "-o",
                                               help="Where to write the example inventory.")
                  ) -> None:
    """Write the bundled example inventory to a file, as a starting point."""
    _write(example_path().read_text(encoding="utf-8"), output)


@data_app.command("check")
def data_check() -> None:
    """Check the knowledge base: CAS digits, SMILES, H-codes, ranges, sources."""
    from cepn_screen.knowledge.check import check_data

    problems = check_data()
    console = _console()
    for p in problems:
        console.print(str(p), markup=False)
    if problems:
        console.print(f"{len(problems)} problem(s)")
        raise typer.Exit(1)
    console.print("data check: no problems")


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


class OelSource(StrEnum):
    lowest = "lowest"
    acgih = "acgih"
    osha = "osha"
    eu = "eu"
    china = "china"
    ontario = "ontario"
    niosh = "niosh"


@app.command()
def exposure(
    samples: Path = typer.Argument(..., help="Air-sampling results (CSV or XLSX)."),
    oel_source: OelSource = typer.Option(OelSource.lowest, "--oel-source",
                                         help="Which exposure limit to test against."),
    fmt: Format | None = typer.Option(None, "--format", "-f", help="table, json, csv or md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE."),
    sheet: str | None = typer.Option(None, "--sheet", help="XLSX sheet (default: first)."),
) -> None:
    """Personal air sampling: statistics and EN 689 decision per group and substance."""
    from cepn_screen.monitoring.samples import analyse, load_samples
    from cepn_screen.report.monitoring import exposure_csv, exposure_md, exposure_table

    chosen = _pick_format(fmt, output)
    result = analyse(load_samples(samples, sheet), oel_source=oel_source.value)
    title = f"Exposure monitoring: {samples.name} (limits: {oel_source.value})"
    _emit(chosen, result, output, "exposure", csv=exposure_csv, md=exposure_md,
          table=lambda r: _with_notes(*exposure_table(r, title)))


class Lang(StrEnum):
    en = "en"
    zh = "zh"
    es = "es"
    id = "id"
    vi = "vi"


@app.command()
def template(
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the .xlsx."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of headers and instructions."),
) -> None:
    """Write an inventory template (XLSX) for suppliers to fill in."""
    from cepn_screen.inventory.template import write_template

    if output.suffix.lower() != ".xlsx":
        raise UserError("the template is an Excel workbook: use a .xlsx file name",
                        file=str(output))
    write_template(output, lang.value)
    sys.stdout.write(f"wrote {output} ({lang.value})\n")


@app.command()
def card(
    target: str = typer.Argument(..., help="A substance (name, CAS, SMILES) or an inventory "
                                 "file: one card per hazardous substance in it."),
    lang: Lang = typer.Option(Lang.en, "--lang", help="Language of the card."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the .html card."),
) -> None:
    """Printable A4 hazard card(s) for workers, in their language."""
    from cepn_screen.knowledge.base import default_knowledge
    from cepn_screen.pipeline.assess import assess_rows
    from cepn_screen.pipeline.lookup import lookup as do_lookup
    from cepn_screen.report.card import cards_page

    kb = default_knowledge()
    path = Path(target)
    if path.suffix.lower() in (".csv", ".xlsx", ".xlsm") and path.exists():
        from cepn_screen.inventory.load import load_inventory

        a = assess_rows(load_inventory(path))
        rows, seen = [], set()
        for r in a.rows:
            if r.profile is not None and r.profile.cas not in seen:
                seen.add(r.profile.cas)
                rows.append(r)
    else:
        r = do_lookup(target)  # exposure (limit, control band) is part of the row already
        if r.profile is None:
            raise UserError(f"cannot identify {target!r}: "
                            f"{r.resolution.reason or r.resolution.status}")
        rows = [r]
    if not rows:
        raise UserError("no identified substance to make a card for", file=str(target))
    _write(cards_page(rows, lang.value, kb), output)
    sys.stdout.write(f"wrote {len(rows)} card(s) to {output}\n")


@app.command()
def signals(
    reports: Path = typer.Argument(..., help="Worker reports (CSV or XLSX)."),
    inventory: Path = typer.Option(..., "--inventory", help="The inventory of the same site."),
    share: bool = typer.Option(False, "--share", help="Show counts below 3 as '<3' (for "
                               "sharing outside the site)."),
    fmt: Format | None = typer.Option(None, "--format", "-f", help="table, json, csv or md."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to FILE."),
) -> None:
    """Worker reports per area, matched with the hazards of the chemicals used there."""
    from cepn_screen.inventory.load import load_inventory
    from cepn_screen.pipeline.assess import assess_rows
    from cepn_screen.report.signals import signals_csv, signals_md, signals_table
    from cepn_screen.signals.reports import area_signals, load_reports

    chosen = _pick_format(fmt, output)
    items, warnings = load_reports(reports)
    for w in warnings:
        sys.stderr.write(f"cepn-screen: warning: {reports}: {w}\n")
    a = assess_rows(load_inventory(inventory))
    result = area_signals(items, a, share)
    result["warnings"] = warnings
    if chosen in ("html", "xlsx"):
        if chosen == "xlsx" or output is None:
            raise UserError("signals writes html with -o FILE.html (or json, csv, md)")
        from cepn_screen.report.html import assessment_html

        output.write_text(assessment_html(a, [], result), encoding="utf-8")
        return
    _emit(chosen, result, output, "signals", csv=signals_csv, md=signals_md,
          table=lambda r: [signals_table(r, f"Worker report signals: {reports.name}")])


class RulesFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


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
    fmt: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f", help="text or json."),
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


def main() -> None:
    """Entry point: user errors become one line on stderr and exit code 2."""
    try:
        code = app(standalone_mode=False)
    except UserError as exc:
        sys.stderr.write(f"cepn-screen: error: {exc}\n")
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("cepn-screen: aborted\n")
        sys.exit(130)
    except KeyboardInterrupt:
        sys.stderr.write("cepn-screen: interrupted\n")
        sys.exit(130)
    except Exception as exc:
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
        raise
    sys.exit(code if isinstance(code, int) else 0)
