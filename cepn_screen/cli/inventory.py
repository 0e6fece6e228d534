"""template (a blank inventory workbook for suppliers) and example (the bundled inventory)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cepn_screen.cli import common
from cepn_screen.cli.common import Lang
from cepn_screen.core.errors import OptionError


def template(
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the .xlsx."),
    lang: Lang = typer.Option(Lang("en"), "--lang",
                              help="Language of headers and instructions."),
) -> None:
    """Write an inventory template (XLSX) for suppliers to fill in."""
    from cepn_screen.inventory.template import write_template

    if output.suffix.lower() != ".xlsx":
        raise OptionError("the template is an Excel workbook: use a .xlsx file name",
                          file=str(output))
    write_template(output, lang.value)
    sys.stdout.write(f"wrote {output} ({lang.value})\n")


def example(output: Path = typer.Option(..., "--output", "-o",
                                        help="Where to write the example inventory.")
            ) -> None:
    """Write the bundled example inventory to a file, as a starting point."""
    common.write(common.example_path().read_text(encoding="utf-8"), output)
