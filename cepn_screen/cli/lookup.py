"""lookup (one substance) and card (printable hazard cards for workers)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from cepn_screen.cli import common
from cepn_screen.cli.common import CACHE_DIR_OPTION, ONLINE_OPTION, PUBCHEM_URL_OPTION, Lang
from cepn_screen.core.errors import OptionError

LOOKUP_FORMATS = ("table", "json")
LookupFormat, LOOKUP_FORMAT_OPTION = common.format_option(LOOKUP_FORMATS)


def lookup(
    query: str = typer.Argument(..., help="Name (any language), CAS, SMILES or InChIKey."),
    fmt: LookupFormat | None = LOOKUP_FORMAT_OPTION,
    rules: list[Path] = common.RULES_OPTION,
    online: bool | None = ONLINE_OPTION,
    pubchem_url: str | None = PUBCHEM_URL_OPTION,
    cache_dir: Path | None = CACHE_DIR_OPTION,
    oel_source: common.OelSource = typer.Option(common.OelSource("lowest"), "--oel-source",
                                                help="Exposure limit used."),
    country: str | None = common.COUNTRY_OPTION,
) -> None:
    """Show one substance: identity, properties, hazards, findings and scores."""
    from cepn_screen.pipeline.lookup import lookup as do_lookup
    from cepn_screen.rules.loader import load_rule_sets

    chosen = common.pick_format(fmt, None, LOOKUP_FORMATS, "lookup")
    ra = do_lookup(query, rule_sets=load_rule_sets(rules),
                   resolver=common.resolver(online, pubchem_url, cache_dir),
                   oel_source=oel_source.value, country=common.country(country))
    if chosen == "json":
        from cepn_screen.report.serialize import row_dict

        common.write_json(row_dict(ra), None)
    else:
        from cepn_screen.report.table import render_profile

        render_profile(ra, common.console())
    if ra.resolution.status == "unresolved":
        raise typer.Exit(3)


def card(
    target: str = typer.Argument(..., help="A substance (name, CAS, SMILES) or an inventory "
                                 "file: one card per hazardous substance in it."),
    lang: Lang = typer.Option(Lang("en"), "--lang", help="Language of the card."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the .html card."),
    country: str | None = common.COUNTRY_OPTION,
) -> None:
    """Printable A4 hazard card(s) for workers, in their language."""
    from cepn_screen.knowledge.base import default_knowledge
    from cepn_screen.pipeline.cards import card_rows
    from cepn_screen.report.card import cards_page

    if output.suffix.lower() not in (".html", ".htm"):
        raise OptionError("cards are written as one HTML page (print it to PDF from a "
                          "browser): name the file .html or .htm", file=str(output))
    rows = card_rows(target, country=common.country(country))
    common.write(cards_page(rows, lang.value, default_knowledge()), output)
    sys.stdout.write(f"wrote {len(rows)} card(s) to {output}\n")
