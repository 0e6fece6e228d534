"""A locked or unusable PubChem cache: the run goes on without it, with one warning."""

import sqlite3

import pytest

from cepn_screen.identity import cache as cache_mod
from cepn_screen.identity.cache import Cache


def test_locked_cache_is_skipped_with_one_warning(tmp_path):
    c = Cache(tmp_path)
    c.put("k", "found", {"a": 1})
    assert c.get("k") == ("found", {"a": 1})
    holder = sqlite3.connect(tmp_path / "pubchem.sqlite")
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        fresh = Cache(tmp_path)
        assert cache_mod.TIMEOUT <= 5.0  # no 30-second wait
        assert fresh.get("k") is None  # unknown, asked again, never an error
        fresh.put("k2", "found", {"b": 2})
        assert fresh.get("k2") is None
        assert fresh.disabled and len(fresh.warnings) == 1
        assert "running without it" in fresh.warnings[0]
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.parametrize("where", ["/dev/null", "file"])
def test_cache_dir_not_a_folder(tmp_path, where):
    if where == "file":
        target = tmp_path / "plain"
        target.write_text("x")
    else:
        target = where
    c = Cache(target)
    assert c.get("k") is None
    c.put("k", "missing")
    assert c.disabled and len(c.warnings) == 1
    assert c.info()["entries"] == 0


def test_cli_runs_without_cache(tmp_path, monkeypatch, capsys):
    """Online look-up with CEPN_CACHE_DIR on a device file: one warning, no traceback."""
    import sys

    from cepn_screen.cli.app import main

    monkeypatch.setenv("CEPN_CACHE_DIR", "/dev/null")
    monkeypatch.setenv("CEPN_PUBCHEM_URL", "http://127.0.0.1:9")  # nothing listens
    monkeypatch.setenv("CEPN_PUBCHEM_RETRIES", "0")
    inv = tmp_path / "inv.csv"
    inv.write_text("Chemical name\nzzunknownium\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["cepn-screen", "assess", str(inv), "--online",
                                      "-f", "json"])
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    assert err.count("cannot be used") == 1
