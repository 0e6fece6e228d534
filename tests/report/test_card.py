"""Worker cards: hazard statements are official texts where the project holds them."""


def test_card_statements_are_official_where_available(cli, tmp_path):
    out = tmp_path / "card.html"
    cli("card", "n-hexane", "--lang", "es", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "Líquido y vapores muy inflamables." in html and "clp-annex-iii-es" in html
    assert "&lt;" not in html  # placeholders for label writers are dropped
    cli("card", "n-hexane", "--lang", "vi", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    # no official Vietnamese text is held: a translation, marked as unofficial, with source
    assert "Chất lỏng và hơi rất dễ cháy." in html and "bản dịch không chính thức" in html
    assert "project-translation" in html and "Highly flammable liquid" not in html
