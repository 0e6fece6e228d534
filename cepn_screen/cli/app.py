"""Command line: the root command, its commands and groups, and the one error path.

Each command lives in the module of its group (assess, lookup, substitute, exposure,
signals, inventory, rules, data, cache): it parses options, calls one library function and
hands the result to a renderer. Heavy libraries (pandas, RDKit, chemicals, openpyxl,
pyarrow, dask, scipy) are imported inside the commands so that `cepn-screen --help` stays
instant.
"""

from __future__ import annotations

import sys

import typer

from cepn_screen.cli import assess, exposure, inventory, lookup, signals, substitute
from cepn_screen.cli.cache import cache_app
from cepn_screen.cli.common import example_path
from cepn_screen.cli.data import data_app
from cepn_screen.cli.rules import rules_app
from cepn_screen.core.errors import CepnError
from cepn_screen.core.version import __version__
from cepn_screen.report.output import safe_streams

__all__ = ["app", "example_path", "main"]

app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None,
    help="Screen process chemicals for worker hazards and rank safer substitutes.")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cepn-screen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Show the version and exit.")) -> None:
    """Screen process chemicals for worker hazards and rank safer substitutes."""


# Registration order is the order of `--help`.
app.command()(assess.assess)
app.command()(lookup.lookup)
app.command()(substitute.substitute)
app.command()(assess.shortlist)
app.command("example")(inventory.example)
app.command()(exposure.exposure)
app.command()(inventory.template)
app.command()(lookup.card)
app.command()(signals.signals)
app.add_typer(rules_app, name="rules")
app.add_typer(data_app, name="data")
app.add_typer(cache_app, name="cache")


def _usage_errors() -> tuple[type[Exception], type[Exception]]:
    """(ClickException, UsageError) of the parser Typer runs on: Typer >= 0.2x ships its
    own copy of Click as typer._click (the standalone `click` package may be absent);
    older Typer releases run on `click` itself."""
    try:
        from typer._click.exceptions import ClickException, UsageError
    except ImportError:  # Typer on the standalone Click
        from click.exceptions import ClickException, UsageError
    return ClickException, UsageError


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _usage_message(exc) -> str:
    """One line: what is wrong, and the command's usage line (Typer's)."""
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # its message is the whole help
        what = "missing command" if hasattr(ctx.command, "list_commands") else \
            "missing arguments"
    else:
        what = exc.format_message()
    usage = f" ({ctx.get_usage()}; see --help)" if ctx is not None else ""
    return _one_line(f"{what}{usage}")


def main() -> None:
    """Entry point: a usage error or a CepnError becomes one line on stderr and exit code
    2; typer.Exit its own code; an interrupt 130. Anything else is a bug (traceback)."""
    safe_streams()
    try:
        # One program name however it was started (python -m, a wrapper): usage lines and
        # the completion scripts name the installed command.
        code = app(standalone_mode=False, prog_name="cepn-screen")
    except CepnError as exc:
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
    except Exception as exc:  # the parser's own exceptions (Click's, vendored or not)
        click_exception, usage_error = _usage_errors()
        if isinstance(exc, usage_error):
            sys.stderr.write(f"cepn-screen: error: {_usage_message(exc)}\n")
            sys.exit(2)
        if isinstance(exc, click_exception):
            sys.stderr.write(f"cepn-screen: error: {_one_line(exc.format_message())}\n")
            sys.exit(exc.exit_code)
        raise
    sys.exit(code if isinstance(code, int) else 0)
