"""The Python API (cepn_screen.api): lazy import, typed results, records, DataFrames, and
the README example, which runs here so that it stays true."""

import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cepn_screen
from cepn_screen.core.errors import MissingDependency

README = Path(__file__).resolve().parent.parent / "README.md"


def test_import_is_lazy():
    code = ("import sys, cepn_screen; "
            "print(sorted(m for m in sys.modules if m.startswith(('cepn_screen.', 'pandas', "
            "'rdkit'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['cepn_screen.core', 'cepn_screen.core.version']"
    assert "assess" in dir(cepn_screen)
    with pytest.raises(AttributeError):
        cepn_screen.no_such_thing  # noqa: B018


def test_readme_example_runs():
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- api-example -->\n```pycon\n(.*?)```", text, re.S)
    assert m, "the README lost its API example"
    test = doctest.DocTestParser().get_doctest(m.group(1), {}, "README", str(README), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0 and runner.tries == len(test.examples)


def test_records_match_the_csv_columns():
    from cepn_screen import assess
    from cepn_screen.report.flat import COLUMNS

    r = assess([{"Chemical name": "acetone"}])
    assert list(r.to_records()[0]) == list(COLUMNS)
    assert r.rows[0].resolution.cas == "67-64-1"


def test_unknown_substance_is_unknown_not_safe():
    from cepn_screen import lookup

    r = lookup("Blue cleaner XZ-9")
    assert not r.resolved and r.h_codes is None  # unknown, not an empty list
    rec = r.to_records()[0]
    assert rec["status"] == "unresolved" and rec["health"] == "" and rec["priority"] != "low"


def test_bad_records_are_an_input_error():
    from cepn_screen import assess
    from cepn_screen.core.errors import InputError

    with pytest.raises(InputError):
        assess([])


def test_dataframe_without_pandas_says_what_to_install(monkeypatch):
    from cepn_screen import lookup

    r = lookup("acetone")
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    with pytest.raises(MissingDependency, match=r"cepn-screen\[dataframe\]"):
        r.to_dataframe()


def test_substitute_dataframe_columns():
    from cepn_screen import substitute

    s = substitute("n-hexane", process="wiping", top=3)
    try:
        df = s.to_dataframe()
    except MissingDependency:  # pandas is optional; the error path is tested above
        assert not s.to_records() or "name" in s.to_records()[0]
        return
    # ranked candidates first, then those to verify on the SDS (never ranked)
    assert len(df) == len(s.to_records()) >= len(s) and "reasons" in df.columns
