"""exposure: personal air sampling against exposure limits (EN 689)."""

from __future__ import annotations

from pathlib import Path

import typer

from cepn_screen.cli import common
from cepn_screen.cli.common import OelSource

EXPOSURE_FORMATS = ("table", "json", "csv", "md")
ExposureFormat, EXPOSURE_FORMAT_OPTION = common.format_option(EXPOSURE_FORMATS)


def exposure(
    samples: Path = typer.Argument(..., help="Air-sampling results (CSV or XLSX)."),
    oel_source: OelSource = typer.Option(OelSource("lowest"), "--oel-source",
                                         help="Which exposure limit to test against."),
    fmt: ExposureFormat | None = EXPOSURE_FORMAT_OPTION,
    output: Path | None = common.OUTPUT_OPTION,
    sheet: str | None = common.SHEET_OPTION,
    country: str | None = common.COUNTRY_OPTION,
) -> None:
    """Personal air sampling: statistics and EN 689 decision per group and substance."""
    from cepn_screen.monitoring.samples import analyse_file
    from cepn_screen.report.monitoring import exposure_csv, exposure_md, exposure_table

    chosen = common.pick_format(fmt, output, EXPOSURE_FORMATS, "exposure")
    code = common.country(country)
    result = analyse_file(samples, sheet=sheet, oel_source=oel_source.value, country=code)
    title = (f"Exposure monitoring: {samples.name} (limits: {oel_source.value}"
             + (f", {code})" if code else ")"))
    common.emit(chosen, result, output, csv=exposure_csv, md=exposure_md,
                table=lambda r: common.with_notes(*exposure_table(r, title)))
