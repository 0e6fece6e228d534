"""The shortlist as an HTML report."""


def test_shortlist_html(shortlist_report):
    html = shortlist_report.read_text(encoding="utf-8")
    assert "What to substitute first" in html and "Substitution chart" in html
    # the title names the inventory (it read "Chemical inventory screening:" with nothing)
    assert "<h1>Chemical inventory screening: electronics_plant.csv</h1>" in html
    # a CAS number never breaks across lines (`110-54-` / `3` reads as two numbers)
    assert "td.cas{white-space:nowrap}" in html
    assert "<td class='cas'>110-54-3</td>" in html
