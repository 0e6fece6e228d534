"""The README's sample outputs are those of the current code (issue #22): regenerate them
with `python tools/readme_samples.py --write`."""
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


@pytest.fixture(scope="module")
def samples():
    spec = importlib.util.spec_from_file_location("readme_samples",
                                                  ROOT / "tools" / "readme_samples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def cache():
    """Command outputs shared by the tests of this module (each command runs once)."""
    return {}


def test_readme_has_samples():
    text = README.read_text(encoding="utf-8")
    assert len(re.findall(r"^<!-- sample: ", text, re.MULTILINE)) >= 3
    assert "<!-- value: " in text


def test_readme_samples_match_the_code(samples, cache):
    diff = samples.check(README, cache)
    assert diff == "", ("README samples drifted; run `python tools/readme_samples.py "
                        "--write` and review:\n" + diff)


def _edited_copy(tmp_path, old, new):
    text = README.read_text(encoding="utf-8")
    assert old in text
    copy = tmp_path / "README.md"
    copy.write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


def test_an_altered_sample_line_is_drift(samples, cache, tmp_path):
    text = README.read_text(encoding="utf-8")
    marker = text.index("<!-- sample: assess --example-plant | grep ^Rows: -->")
    line = re.compile(r"^Rows: .*$", re.MULTILINE).search(text, marker)[0]
    diff = samples.check(_edited_copy(tmp_path, line, line + " (edited)"), cache)
    assert f"-{line} (edited)\n" in diff
    assert f"+{line}\n" in diff


def test_an_altered_value_is_drift(samples, cache, tmp_path):
    m = re.search(r"(<!-- value: [^>]*-->)(.*?)(<!-- /value -->)",
                  README.read_text(encoding="utf-8"))
    copy = _edited_copy(tmp_path, m[0], m[1] + "9999" + m[3])
    diff = samples.check(copy, cache)
    assert "9999" in diff and m[0] in diff
