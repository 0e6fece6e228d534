"""substitute: rank safer alternatives to one chemical (or a Hansen point)."""

from __future__ import annotations

from pathlib import Path

import typer

from cepn_screen.cli import common
from cepn_screen.cli.common import (
    CACHE_DIR_OPTION,
    ENGINE_OPTION,
    ONLINE_OPTION,
    PUBCHEM_URL_OPTION,
    SCHEDULER_OPTION,
    WORKERS_OPTION,
    Engine,
    Process,
)
from cepn_screen.core.errors import OptionError

SUBSTITUTE_FORMATS = ("table", "json", "csv", "md")
SubstituteFormat, SUBSTITUTE_FORMAT_OPTION = common.format_option(SUBSTITUTE_FORMATS)


def substitute(
    target: str | None = typer.Argument(None, help="Name, CAS or SMILES of the chemical to "
                                        "replace (or use --hsp).", show_default=False),
    hsp: tuple[float, float, float] | None = typer.Option(
        None, "--hsp", help="Target Hansen point δD δP δH (MPa½), e.g. of a soil or resin."),
    radius: float | None = typer.Option(None, "--radius", help="Interaction radius R0 for "
                                        "--hsp; candidates need RED ≤ 1."),
    process: Process = typer.Option(Process("general"), "--process", "-p",
                                    help="Process profile."),
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
    fmt: SubstituteFormat | None = SUBSTITUTE_FORMAT_OPTION,
    output: Path | None = common.OUTPUT_OPTION,
    rules: list[Path] = common.RULES_OPTION,
    online: bool | None = ONLINE_OPTION,
    pubchem_url: str | None = PUBCHEM_URL_OPTION,
    cache_dir: Path | None = CACHE_DIR_OPTION,
    engine: Engine = ENGINE_OPTION,
    workers: int | None = WORKERS_OPTION,
    scheduler: str | None = SCHEDULER_OPTION,
    quiet: bool = common.QUIET_OPTION,
) -> None:
    """Rank safer alternatives to a chemical, with the reason for every line."""
    from cepn_screen.report import substitution as rep
    from cepn_screen.rules.loader import load_rule_sets
    from cepn_screen.substitution.substitute import substitute as run

    if (target is None) == (hsp is None):
        raise OptionError("give either a TARGET or --hsp D P H")
    chosen = common.pick_format(fmt, output, SUBSTITUTE_FORMATS, "substitute")
    common.check_scheduler(engine.value, scheduler)
    with common.stage_bar(quiet) as bar:
        s = run(target, hsp=hsp, radius=radius, process=process.value, pool=pool,
                rule_sets=load_rule_sets(rules),
                resolver=common.resolver(online, pubchem_url, cache_dir),
                with_blends=with_blends, top=top, max_ra=max_ra, engine=engine.value,
                workers=workers, scheduler=scheduler, progress=bar)
    if chosen == "json":
        d = rep.shortlist_dict(s)
        if not show_excluded:
            d["excluded"] = []
        common.write_json(d, output)
    elif chosen == "md":
        common.write(rep.markdown(s, show_excluded), output)
    elif chosen == "csv":
        common.write(rep.csv_text(rep.csv_rows(s)), output)
    else:
        rep.render_table(s, common.console(), show_excluded)
