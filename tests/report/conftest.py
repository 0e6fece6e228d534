"""Reports built once per session and shared by the HTML, chart and browser tests (the
shortlist report alone takes about half a minute)."""

import pytest


@pytest.fixture(scope="session")
def shortlist_report(cli, tmp_path_factory):
    """`shortlist` of the bundled example as HTML: the substitution report."""
    from cepn_screen.cli.app import example_path

    out = tmp_path_factory.mktemp("shortlist") / "shortlist.html"
    p = cli("shortlist", str(example_path()), "-o", str(out))
    assert p.returncode == 0, p.stderr
    return out


@pytest.fixture(scope="session")
def assess_report(cli, tmp_path_factory):
    """`assess --example` as HTML: heat map, Hansen projection and a substitution chart."""
    out = tmp_path_factory.mktemp("assess") / "report.html"
    p = cli("assess", "--example", "-o", str(out))
    assert p.returncode == 0, p.stderr
    return out
