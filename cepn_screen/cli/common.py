"""What the commands share: options declared once, choices built from the library's own
tuples, format picking, output writing and the console.

Only light modules are imported here (no rich, pandas, RDKit, chemicals, YAML): `--help`
must stay instant.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from enum import StrEnum
from pathlib import Path

import typer

from cepn_screen.core.errors import OptionError, OutputError
from cepn_screen.core.models import SEVERITIES
from cepn_screen.exposure.limits import JURISDICTIONS, OEL_SOURCES
from cepn_screen.inventory.vocabulary import LANGS, country_code
from cepn_screen.pipeline.engines import ENGINES
from cepn_screen.report.output import write_stdout, write_text_atomic
from cepn_screen.substitution.profiles import PROFILES


def choices(name: str, values) -> type[StrEnum]:
    """A StrEnum whose members are exactly `values`, in order (a new value in the library
    shows in the command line)."""
    return StrEnum(name, {v: v for v in values})


Severity = choices("Severity", SEVERITIES)
OelSource = choices("OelSource", OEL_SOURCES)
Lang = choices("Lang", LANGS)
Engine = choices("Engine", ENGINES)
Process = choices("Process", PROFILES)

# Formats: what each extension means; each command declares the formats it writes.
EXT_FORMATS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
               ".md": "md", ".markdown": "md", ".txt": "table", ".html": "html",
               ".htm": "html", ".xlsx": "xlsx", ".parquet": "parquet"}


def _listing(values) -> str:
    values = list(values)
    return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]


def _with_extensions(formats) -> str:
    """'table (.txt), json (.json), ...': every format with the extensions that mean it."""
    shown = []
    for f in formats:
        exts = [e for e, v in EXT_FORMATS.items() if v == f]
        shown.append(f"{f} ({', '.join(exts)})" if exts else f)
    return _listing(shown)


def format_option(formats: tuple[str, ...], default: str | None = None, what: str = ""):
    """(the Enum, the -f/--format option) for a command writing `formats`."""
    enum = choices("Format", formats)
    first = default or formats[0]
    help_text = what or _listing([f"{first} (default)", *(f for f in formats if f != first)])
    help_text += "."
    option = typer.Option(None, "--format", "-f", help=help_text, show_default=False)
    return enum, option


def pick_format(fmt, output: Path | None, formats: tuple[str, ...], command: str,
                default: str | None = None) -> str:
    """The format asked for with -f, else the one -o FILE's extension says, else the
    command's default; one of `formats`, or an OptionError naming them."""
    chosen = default or formats[0]
    if fmt is not None:
        chosen = str(fmt.value)
    elif output is not None:
        ext = output.suffix.lower()
        if ext not in EXT_FORMATS:
            raise OptionError(f"cannot tell the format from the extension {ext!r}; "
                              f"{command} writes {_with_extensions(formats)}: name the file "
                              f"so, or use --format {'|'.join(formats)}", file=str(output))
        chosen = EXT_FORMATS[ext]
    if chosen not in formats:
        if chosen == "parquet":
            raise OptionError("Parquet output is for assess (one record per row); "
                              "use json or csv")
        raise OptionError(f"{command} writes {_listing(formats)}, not {chosen}",
                          file=str(output) if output else None)
    return chosen


def write(text: str, output: Path | None) -> None:
    """Text to stdout, or into FILE (an OutputError if it cannot be written)."""
    if output is None:
        write_stdout(text)
        return
    write_text_atomic(output, text, inputs=INPUTS)


# Input files of this run: -o never overwrites one of them.
INPUTS: list[Path] = []


def cannot_write(exc: OSError, output: Path, *, fallback: bool = False) -> OutputError:
    reason = (exc.strerror or exc) if fallback else exc.strerror
    return OutputError(f"cannot write: {reason}", file=str(output))


def write_json(doc, output: Path | None) -> None:
    import json

    write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", output)


def console(stderr: bool = False):
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    # Piped or redirected output is read in files and CI logs: give tables room.
    width = None if stream.isatty() else 160
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def warn(message: str) -> None:
    sys.stderr.write(f"cepn-screen: warning: {message}\n")


def print_table(draw, output: Path | None) -> None:
    """Run draw(console) on the terminal, or into FILE as plain text 160 columns wide."""
    if output is None:
        draw(console())
        return
    from rich.console import Console

    buf = io.StringIO()
    draw(Console(file=buf, width=160, highlight=False))
    write(buf.getvalue(), output)


def with_notes(table, notes: list[str]) -> list:
    from rich.text import Text

    return [table, *(Text.from_markup(n) for n in notes)]


def emit(chosen: str, result, output: Path | None, *, csv, md, table) -> None:
    """Write a command's typed result (JSON through its `as_dict`) as json, csv, md or a
    terminal table (to FILE too)."""
    if chosen == "json":
        write_json(result.as_dict(), output)
    elif chosen == "csv":
        write(csv(result), output)
    elif chosen == "md":
        write(md(result), output)
    else:
        print_table(lambda c: [c.print(r) for r in table(result)], output)


def needs_output(chosen: str, output: Path | None) -> Path:
    if output is None:
        raise OptionError(f"--format {chosen} needs -o FILE")
    return output


# Resolving names: offline unless --online or CEPN_ONLINE.

def env_online() -> bool:
    return os.environ.get("CEPN_ONLINE", "").strip().lower() in ("1", "true", "yes", "on")


def resolver(online: bool | None, pubchem_url: str | None, cache_dir: Path | None):
    """The resolver for a command: offline unless --online or CEPN_ONLINE says otherwise."""
    from cepn_screen.identity.resolver import Resolver
    from cepn_screen.knowledge.base import default_knowledge

    if online is None:
        online = env_online()
    client = None
    if online:
        from cepn_screen.identity.cache import Cache
        from cepn_screen.identity.pubchem import PubChemClient

        client = PubChemClient(pubchem_url, Cache(cache_dir))
    return Resolver(default_knowledge(), online=client)


class StageBar:
    """A progress bar on standard error for a long run: silent for its first `delay`
    seconds (a quick run shows nothing), then one line per stage (identifying names,
    screening substances, ...), gone when the run ends. Called as the library's progress
    callback: `bar(stage, done, total)`."""

    def __init__(self, out=None, delay: float = 2.0, clock=None):
        import time

        self.clock = clock or time.monotonic
        self.start = self.clock()
        self.delay = delay
        self.out = out
        self.bar = None
        self.tasks: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            if self.clock() - self.start < self.delay:
                return
            from rich.progress import Progress

            self.bar = Progress(console=self.out or console(stderr=True), transient=True)
            self.bar.start()
        task = self.tasks.get(stage)
        if task is None:
            task = self.tasks[stage] = self.bar.add_task(stage, total=total)
        self.bar.update(task, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@contextlib.contextmanager
def stage_bar(quiet: bool):
    """The progress callback of a long command, closed (the bar wiped) when the block ends:
    a StageBar only when standard error is a terminal (a log or a pipe gets no bar
    characters) and --quiet is not given, else None."""
    bar = None
    if not quiet and sys.stderr.isatty():
        try:  # tests and demos set it to 0 to see the bar on a short run
            delay = float(os.environ.get("CEPN_PROGRESS_DELAY", "2"))
        except ValueError:
            delay = 2.0
        bar = StageBar(delay=delay)
    try:
        yield bar
    finally:
        if bar is not None:
            bar.close()


def example_path(name: str = "default") -> Path:
    from cepn_screen.knowledge.base import example_path as bundled

    return bundled(name)


def check_scheduler(engine: str, scheduler: str | None) -> None:
    if scheduler and engine != "dask":
        raise OptionError("--scheduler needs --engine dask")


# Options shared by several commands (declared once).
ONLINE_HELP = "Ask PubChem for names the offline data do not know (default: offline, or " \
              "CEPN_ONLINE=1)."
ONLINE_OPTION = typer.Option(None, "--online/--offline", help=ONLINE_HELP, show_default=False)
PUBCHEM_URL_OPTION = typer.Option(None, "--pubchem-url", envvar="CEPN_PUBCHEM_URL",
                                  help="PubChem address before /rest/pug.")
CACHE_DIR_OPTION = typer.Option(None, "--cache-dir", envvar="CEPN_CACHE_DIR",
                                help="Where PubChem answers are cached.")
WORKERS_OPTION = typer.Option(None, "--workers", min=1, help="Worker processes (local: "
                              "default up to 4 cores, 1 = this process only; dask: local "
                              "cluster size).")
SCHEDULER_OPTION = typer.Option(None, "--scheduler", envvar="CEPN_DASK_SCHEDULER",
                                help="Dask scheduler address (tcp://host:8786), with "
                                "--engine dask.")
ENGINE_OPTION = typer.Option(
    Engine(ENGINES[0]), "--engine", help="Where distinct substances are screened: local (this "
    "machine's cores) or dask (a Dask cluster; local one unless --scheduler).")
RULES_OPTION = typer.Option([], "--rules", help="Extra or replacing rule set.")
QUIET_OPTION = typer.Option(False, "--quiet", "-q",
                            help="No progress bar (it shows only on a terminal, after 2 s).")
SHEET_OPTION = typer.Option(None, "--sheet", help="XLSX sheet (default: first).")
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="Write to FILE.")
COUNTRY_OPTION = typer.Option(
    None, "--country", help="Where the workers are: use the exposure limits that bind there "
    f"({', '.join(JURISDICTIONS)}, or a country name); a row's Country column overrides it.")


def country(text: str | None) -> str | None:
    """The jurisdiction code of --country, None when not given; an OptionError when not
    recognised."""
    if text is None:
        return None
    code = country_code(text)
    if code is None:
        raise OptionError(f"--country {text!r} is not known: use one of "
                          f"{', '.join(JURISDICTIONS)}")
    return code
