"""report/output.py: atomic writes, refusals, full disk and closed pipe, safe streams."""

import io
import json
import os
import subprocess
import sys

import pytest

from cepn_screen.core.errors import OutputError
from cepn_screen.report.output import safe_streams, write_atomic, write_stdout, write_text_atomic


def test_atomic_replace_and_failure_keeps_old(tmp_path):
    out = tmp_path / "r.json"
    write_text_atomic(out, '{"old": 1}\n')

    def half(tmp):
        tmp.write_text('{"new": ')
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="cannot write: No space left"):
        write_atomic(out, half)
    assert json.loads(out.read_text()) == {"old": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temp file left
    write_text_atomic(out, '{"new": 2}\n')
    assert json.loads(out.read_text()) == {"new": 2}


def test_refuses_input_and_symlink(tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("Chemical name\nAcetone\n")
    with pytest.raises(OutputError, match="overwrite an input"):
        write_text_atomic(inv, "x", inputs=[inv])
    hard = tmp_path / "hard.csv"
    os.link(inv, hard)
    with pytest.raises(OutputError, match="overwrite an input"):
        write_text_atomic(hard, "x", inputs=[inv])
    link = tmp_path / "link.json"
    link.symlink_to(inv)
    with pytest.raises(OutputError, match="symbolic link"):
        write_text_atomic(link, "x")
    assert inv.read_text() == "Chemical name\nAcetone\n"


def test_xlsx_through_write_atomic(tmp_path):
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    wb.active["A1"] = "x"
    out = write_atomic(tmp_path / "r.xlsx", wb.save)
    assert load_workbook(out).active["A1"].value == "x"


def test_dev_full_is_one_error():
    with open("/dev/full", "w") as f, pytest.raises(OutputError, match="cannot write"):
        write_stdout("x" * 100_000, f)


def test_broken_pipe_is_one_error():
    class Closed(io.StringIO):
        def write(self, s):
            raise BrokenPipeError(32, "Broken pipe")

    with pytest.raises(OutputError, match="pipe was closed"):
        write_stdout("x", Closed())


def test_safe_streams_ascii():
    code = ("from cepn_screen.report.output import safe_streams; safe_streams(); "
            "print('丙酮 acetone')")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == b"?? acetone"
    assert callable(safe_streams)


def _cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "cepn_screen", *map(str, args)],
                          capture_output=True, text=True, env={**os.environ, **env})


def test_cli_refuses_input_and_symlink_and_full_disk(tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("Chemical name,CAS No.\nAcetone,67-64-1\n", encoding="utf-8")
    p = _cli("assess", inv, "-f", "json", "-o", inv)
    assert p.returncode == 2 and "overwrite an input" in p.stderr
    assert inv.read_text(encoding="utf-8").startswith("Chemical name")
    link = tmp_path / "r.json"
    link.symlink_to(inv)
    p = _cli("assess", inv, "-f", "json", "-o", link)
    assert p.returncode == 2 and "symbolic link" in p.stderr
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "cepn_screen", "assess", str(inv), "-f",
                            "json"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines() == [
        "cepn-screen: error: cannot write to standard output: No space left on device"]


def test_cli_any_locale_md_and_table(tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("Chemical name,CAS No.\n丙酮,67-64-1\n", encoding="utf-8")
    for fmt in ("md", "table"):
        p = _cli("assess", inv, "-f", fmt, LANG="C", LC_ALL="C", PYTHONIOENCODING="ascii")
        assert p.returncode == 0, p.stderr
        assert "Traceback" not in p.stderr
