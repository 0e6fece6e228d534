"""cache info and cache clear: the on-disk cache of PubChem answers."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

cache_app = typer.Typer(no_args_is_help=True, help="The on-disk cache of PubChem answers.")


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
    from cepn_screen.knowledge.offline_index import index_path

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
