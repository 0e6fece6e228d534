"""signals: worker reports per area, matched with the hazards of the chemicals used there."""

from __future__ import annotations

from pathlib import Path

import typer

from cepn_screen.cli import common

SIGNALS_FORMATS = ("table", "json", "csv", "md", "html")
SignalsFormat, SIGNALS_FORMAT_OPTION = common.format_option(SIGNALS_FORMATS)


def signals(
    reports: Path = typer.Argument(..., help="Worker reports (CSV or XLSX)."),
    inventory: Path = typer.Option(..., "--inventory", help="The inventory of the same site."),
    share: bool = typer.Option(False, "--share", help="Show counts below 3 as '<3' (for "
                               "sharing outside the site)."),
    fmt: SignalsFormat | None = SIGNALS_FORMAT_OPTION,
    output: Path | None = common.OUTPUT_OPTION,
) -> None:
    """Worker reports per area, matched with the hazards of the chemicals used there."""
    from cepn_screen.report.signals import signals_csv, signals_md, signals_table
    from cepn_screen.signals.reports import site_signals

    chosen = common.pick_format(fmt, output, SIGNALS_FORMATS, "signals")
    a, result = site_signals(reports, inventory, share,
                             warn=lambda w: common.warn(f"{reports}: {w}"))
    if chosen == "html":
        from cepn_screen.cli.assess import write_report

        write_report(a, chosen, common.needs_output(chosen, output), [], result)
        return
    common.emit(chosen, result, output, csv=signals_csv, md=signals_md,
                table=lambda r: [signals_table(r, f"Worker report signals: {reports.name}")])
