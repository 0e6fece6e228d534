"""Hazard statements on worker cards: official text, else a marked translation, else marked
English (report/statements.py); a zh card never shows an English statement unmarked."""

import re

import pytest

from cepn_screen.report.card import card_html
from cepn_screen.report.statements import MARKS, statement

ITEM = re.compile(r"<li data-text='(\w+)'>(.*?) <span class='src'>\((.*?)\)</span></li>")
LATIN = re.compile(r"[A-Za-z]{4,}")


@pytest.fixture(scope="module")
def hexane(kb):
    from cepn_screen.pipeline.lookup import lookup

    return lookup("n-hexane", kb=kb)


@pytest.mark.parametrize("lang", ["zh", "id", "vi"])
def test_no_unmarked_english_statement(kb, hexane, lang):
    html = card_html(hexane, lang, kb)
    items = ITEM.findall(html)
    assert len(items) == len(hexane.profile.h_codes)
    for kind, _text, src in items:
        assert kind in ("official", "translation", "english")
        if kind == "english":  # English only with the mark saying so
            assert MARKS["english"][lang] in src
        if kind == "translation":
            assert MARKS["translation"][lang] in src
            assert "project-translation" in src
    if any(k == "translation" for k, _, _ in items):
        assert "class='note'" in html


def test_zh_hexane_card_is_in_chinese(kb, hexane):
    items = ITEM.findall(card_html(hexane, "zh", kb))
    # English only where no text is held for a code, and then marked as English
    assert items and all(not LATIN.search(text) or (k == "english" and MARKS["english"]["zh"]
                                                    in src) for k, text, src in items)
    assert sum(k == "translation" for k, _, _ in items) >= 5
    assert ("translation", "高度易燃液体和蒸气。") in {(k, t) for k, t, _ in items}
    assert all("非官方译文" in src for k, _, src in items if k == "translation")


def test_official_text_is_preferred(kb, hexane):
    items = ITEM.findall(card_html(hexane, "es", kb))
    official = [(k, src) for k, _, src in items if k == "official"]
    assert len(official) >= 5 and all("clp-annex-iii-es" in src for _, src in official)
    # a code with no official Spanish text (a UN GHS category from a national source) is
    # marked English, never passed off as official
    assert all(k in ("official", "english") for k, _, _ in items)


def test_unknown_code_is_shown_as_its_code_and_flagged(kb):
    s = statement("H999", "zh", kb)
    assert s.text is None and s.kind == "none"
    assert statement("H225", "zh", kb).kind == "translation"
    assert statement("H225", "es", kb).kind == "official"
