"""The shortlist as an HTML report."""


def test_shortlist_html(cli, tmp_path):
    from cepn_screen.cli.app import example_path

    out = tmp_path / "shortlist.html"
    assert cli("shortlist", str(example_path()), "-o", str(out)).returncode == 0
    html = out.read_text(encoding="utf-8")
    assert "What to substitute first" in html and "Substitution chart" in html
