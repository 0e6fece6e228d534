"""GHS pictograms drawn as inline SVG on worker cards (report/pictograms.py, report/card.py)."""

import re
import xml.etree.ElementTree as ET

import pytest

from cepn_screen.report.card import card_html, pictograms
from cepn_screen.report.pictograms import CODES, pictogram_svg

SVG = "{http://www.w3.org/2000/svg}"


def _svgs(html: str) -> dict[str, ET.Element]:
    out = {}
    for m in re.finditer(r"<svg .*?</svg>", html, re.S):
        el = ET.fromstring(m.group(0))
        out[el.get("data-ghs")] = el
    return out


def _symbol_paths(el: ET.Element) -> list[str]:
    paths = [p.get("d", "") for p in el.iter(f"{SVG}path")]
    return paths[1:]  # the first is the diamond


def test_nine_pictograms_have_a_red_diamond_and_a_black_symbol():
    assert CODES == tuple(f"GHS0{i}" for i in range(1, 10))
    for code in CODES:
        el = ET.fromstring(pictogram_svg(code, "a rather long label for this"))
        diamond = next(el.iter(f"{SVG}path"))
        assert diamond.get("fill") == "#fff" and diamond.get("stroke") == "#e30613"
        symbol = _symbol_paths(el)
        assert symbol and all(len(d) > 10 for d in symbol), code  # no empty diamond
        text = el.find(f"{SVG}text")
        assert float(text.get("textLength")) <= 96  # the label stays inside the picture
        assert el.get("viewBox") == "0 0 100 122"


def test_unknown_code_is_an_error():
    with pytest.raises(KeyError):
        pictogram_svg("GHS10")


def test_hexane_card_shows_its_four_pictograms(kb):
    from cepn_screen.pipeline.lookup import lookup

    ra = lookup("n-hexane", kb=kb)
    svgs = _svgs(card_html(ra, "en", kb))
    assert set(svgs) == {"GHS02", "GHS07", "GHS08", "GHS09"}
    for code, el in svgs.items():
        assert all(d.strip() for d in _symbol_paths(el)) and _symbol_paths(el), code


def test_unknown_classification_draws_no_pictogram():
    # an unknown classification gets no pictogram (the card says "unknown" instead);
    # nothing is invented
    assert pictograms(None) == [] and pictograms([]) == []


def test_precedence():
    assert pictograms(["H301", "H315"]) == ["GHS06"]                 # GHS06 over GHS07
    assert pictograms(["H314", "H315"]) == ["GHS05"]                 # GHS05 over GHS07
    assert pictograms(["H334", "H317", "H319"]) == ["GHS08"]         # resp. sens. over GHS07
    assert pictograms(["H334", "H336"]) == ["GHS07", "GHS08"]        # GHS07 for H336 stays
