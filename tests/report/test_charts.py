"""The inline SVG charts, read back from their markup (xml.etree): no two texts overlap and no
label covers a point, ticks fall on 1-2-5 × 10^k steps, every heat-map value has WCAG
contrast >= 4.5 with its fill and fits its cell, unknown scores are a grey hatch with "?",
every series has a legend entry, and every chart scales to the page (width 100%, viewBox)."""

import math
import random
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cepn_screen.report.chartgeom import (
    ASCENT,
    DESCENT,
    Box,
    Mark,
    contrast,
    crosses,
    nice_ticks,
    place_labels,
    text_box,
    text_width,
)
from cepn_screen.report.svg import SCORE_FILLS, heatmap, scatter

NS = "{http://www.w3.org/2000/svg}"


def svgs(html: str, cls: str) -> list[ET.Element]:
    found = [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, re.S)]
    return [s for s in found if cls in s.get("class", "").split()]


def classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def box_of_text(t: ET.Element) -> Box:
    """The text's box from its attributes; a rotate(-90 cx cy) transform is applied."""
    b = text_box("".join(t.itertext()), float(t.get("x")), float(t.get("y")),
                 float(t.get("font-size")), t.get("text-anchor", "start"))
    m = re.fullmatch(r"rotate\(-90 ([\d.]+) ([\d.]+)\)", t.get("transform", ""))
    if m:
        cx, cy = float(m[1]), float(m[2])
        b = Box(cx + b.y0 - cy, cy - (b.x1 - cx), cx + b.y1 - cy, cy - (b.x0 - cx))
    else:
        assert "transform" not in t.attrib, t.attrib
    return b


def box_of_mark(el: ET.Element) -> Box:
    if el.tag == NS + "circle":
        x, y, r = (float(el.get(k)) for k in ("cx", "cy", "r"))
        return Box(x - r, y - r, x + r, y + r)
    pts = [tuple(map(float, p.split(","))) for p in el.get("points").split()]
    return Box(min(p[0] for p in pts), min(p[1] for p in pts),
               max(p[0] for p in pts), max(p[1] for p in pts))


def check_scatter(svg: ET.Element) -> dict:
    """Every layout promise of one scatter chart; returns counts for further checks."""
    assert svg.get("width") == "100%" and "height" not in svg.attrib
    assert len(svg.get("viewBox").split()) == 4 and svg.get("preserveAspectRatio")
    texts = list(svg.iter(NS + "text"))
    boxes = [(("".join(t.itertext())), box_of_text(t)) for t in texts]
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            assert not ba.intersects(bb), f"texts overlap: {a!r} and {b!r}"
    marks = [el for el in svg if "mark" in classes(el)]  # the chart's, not the legend's
    labels = [(t, box_of_text(t)) for t in svg if "label" in classes(t)]
    for t, b in labels:
        for m in marks:
            assert not b.intersects(box_of_mark(m)), f"{''.join(t.itertext())!r} covers a point"
    for line in (el for el in svg if "leader" in classes(el)):
        seg = tuple(float(line.get(k)) for k in ("x1", "y1", "x2", "y2"))
        for t, b in labels:  # shrunk a little: a leader ends on its own number's edge
            if t.text.isdigit():  # (a name over a line has a halo; a number has none)
                inner = Box(b.x0 + 0.3, b.y0 + 0.3, b.x1 - 0.3, b.y1 - 0.3)
                assert not crosses(seg, inner), f"a leader line crosses {t.text!r}"
    for axis in ("x", "y"):
        values = [float(t.text) for t in svg if {"tick", axis} <= classes(t)]
        assert len(values) >= 3
        steps = {round(b - a, 9) for a, b in zip(values, values[1:], strict=False)}
        assert len(steps) == 1, values
        assert is_nice(steps.pop()), values
    kinds = {next(iter(classes(m) - {"mark"})) for m in marks}
    legend = {g.get("data-kind") for g in svg.iter(NS + "g") if "legend-entry" in classes(g)}
    assert kinds <= legend, (kinds, legend)
    if any("front-line" in classes(el) for el in svg):
        assert "line" in legend
    numbers = [t.text for t, _ in labels if t.text.isdigit()]
    keys = [t.text for t in svg if "key" in classes(t)]
    assert sorted(numbers, key=int) == [str(k) for k in range(1, len(numbers) + 1)]
    assert [k.split(":")[0] for k in keys if re.match(r"\d+: ", k)] == sorted(numbers, key=int)
    return {"labels": len(labels) - len(numbers), "numbers": len(numbers), "keys": len(keys),
            "marks": len(marks)}


def is_nice(step: float) -> bool:
    k = math.floor(math.log10(step))
    return round(step / 10 ** k, 6) in (1, 2, 5, 10)


# ------------------------------------------------------------------------ geometry units

@pytest.mark.parametrize("lo, hi", [(0, 13.1), (0, 46.6), (0, 18), (0, 10), (0, 1),
                                    (0.001, 0.0123), (-3.2, 7.7), (0, 1e6), (5, 5), (2, 1)])
def test_nice_ticks(lo, hi):
    t = nice_ticks(lo, hi)
    assert t[0] <= lo and t[-1] >= hi and 3 <= len(t) <= 12
    steps = {round(b - a, 12) for a, b in zip(t, t[1:], strict=False)}
    assert len(steps) == 1 and is_nice(steps.pop())


@given(st.floats(-1e4, 1e4), st.floats(1e-3, 1e4))
def test_nice_ticks_any_range(lo, span):
    t = nice_ticks(lo, lo + span)
    assert t[0] <= lo + 1e-9 * span and t[-1] >= lo + span - 1e-9 * span
    assert 3 <= len(t) <= 12 and is_nice(t[1] - t[0])


def test_known_ticks():
    """The values users saw (0, 2.6, 5.3, 7.9 ...) become round steps."""
    assert nice_ticks(0, 13.1) == [0, 5, 10, 15]
    assert nice_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(0, 46.6) == [0, 10, 20, 30, 40, 50]


def test_wcag_contrast_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # fails AA
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # passes AA
    # the complaint: black on dark maroon
    assert contrast("#000000", "#7f0000") < 4.5


def test_text_width_is_conservative_for_cjk():
    assert text_width("二氯甲烷", 10) > text_width("abcd", 10) * 1.4
    assert text_width("W", 10) > text_width("i", 10)


def test_place_labels_falls_back_in_order():
    """Twelve points on one spot: the first names go beside it (8 places), the others
    further off with a leader line, or become numbers (always with a leader line); with no
    room at all, nothing is drawn over anything (all unmarked). Same input, same layout."""
    marks, names = [Mark(100, 100, 5)] * 12, [f"name {i}" for i in range(12)]
    lay = place_labels(marks, names, 12, Box(0, 0, 400, 300))
    assert set(lay.labels) | set(lay.numbers) == set(range(12)) and not lay.unmarked
    assert lay.labels[0].leader is None
    assert any(p.leader for p in lay.labels.values())
    assert all(p.leader for _, p in lay.numbers.values())
    tight = place_labels(marks, names, 12, Box(90, 90, 110, 110))
    assert not tight.labels and not tight.numbers and tight.unmarked == list(range(12))
    assert place_labels(marks, names, 12, Box(0, 0, 400, 300)) == lay


# ----------------------------------------------------------------------------- heat map

def check_heatmap(svg: ET.Element) -> list[ET.Element]:
    assert svg.get("width") == "100%" and svg.get("viewBox") and "height" not in svg.attrib
    patterns = {p.get("id"): {r.get("fill") for r in p} for p in svg.iter(NS + "pattern")}
    tiles = [g for g in svg.iter(NS + "g") if classes(g) & {"cell", "swatch"}]
    good = {SCORE_FILLS[v] for v in (1, 2, 3)}
    for g in tiles:
        rect, text = g.find(NS + "rect"), g.find(NS + "text")
        fill = rect.get("fill")
        fills = patterns[fill[5:-1]] if fill.startswith("url(#") else {fill}
        for f in fills:
            ratio = contrast(text.get("fill"), f)
            assert ratio >= 4.5, (text.text, text.get("fill"), f, ratio)
        size = float(text.get("font-size"))
        assert text_width(text.text, size) <= float(rect.get("width")) - 4
        assert (ASCENT + DESCENT) * size <= float(rect.get("height")) - 4
        if text.text == "?":  # unknown: a hatch of greys, no score colour, never a good one
            assert fill.startswith("url(#") and not fills & set(SCORE_FILLS.values())
            assert not fills & good
            assert all(len({f[1:3], f[3:5], f[5:7]}) == 1 for f in fills)  # grey
        else:
            assert fill == SCORE_FILLS[int(text.text)]
    # every colour in the grid is explained by a key swatch
    used = {g.find(NS + "rect").get("fill") for g in tiles if "cell" in classes(g)}
    keyed = {g.find(NS + "rect").get("fill") for g in tiles if "swatch" in classes(g)}
    assert used <= keyed
    return tiles


def test_heatmap_synthetic_unknowns_and_long_names():
    rows = [("benzene", [6, 10, 5]), ("unknown stuff", [None, None, 1]),
            ("a very long substance name that goes on and on and on", [1, 2, 3]),
            ("二氯甲烷", [4, 7, 9])]
    svg = ET.fromstring(heatmap(rows, ["S", "H", "E"], "test"))
    tiles = check_heatmap(svg)
    cells = [g for g in tiles if "cell" in classes(g)]
    assert [g.find(NS + "text").text for g in cells] == \
        ["6", "10", "5", "?", "?", "1", "1", "2", "3", "4", "7", "9"]
    # benzene's H 10: light text on the dark red (it was black on maroon)
    assert cells[1].find(NS + "text").get("fill") == "#ffffff"
    labels = [t for t in svg if "rowlabel" in classes(t)]
    for a in labels:  # row names stay left of the grid and clear of each other
        b = box_of_text(a)
        assert b.x0 >= 0 and b.x1 <= float(cells[0].find(NS + "rect").get("x"))


# ------------------------------------------------------------------------------ scatter

def crowd(n: int = 30, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    kinds = ["target"] + ["front"] * 4 + ["candidate"] * (n - 5)
    pts = [{"x": 5 + rnd.uniform(-0.05, 0.05), "y": 5 + rnd.uniform(-0.05, 0.05),
            "label": f"solvent number {i}", "kind": k} for i, k in enumerate(kinds)]
    pts += [{"x": rnd.uniform(0, 10), "y": rnd.uniform(0, 10), "label": f"x{i}",
             "kind": "excluded"} for i in range(20)]
    return pts


def test_crowded_scatter_has_no_overlap_and_explains_every_point():
    pts = crowd()
    out = scatter(pts, "Ra (MPa½)", "Health", "crowd", y_max=10)
    assert out == scatter(pts, "Ra (MPa½)", "Health", "crowd", y_max=10)  # deterministic
    n = check_scatter(ET.fromstring(out))
    assert n["marks"] == 50
    assert n["labels"] + n["keys"] == 30  # each labelled point: a label or a key line
    assert n["numbers"] > 0  # the crowd cannot all have text labels
    assert n["labels"] >= 1 and "solvent number 0" in out  # the target comes first


def test_crowded_cjk_labels():
    pts = [{"x": 1 + i * 0.01, "y": 1, "label": name, "kind": "candidate"}
           for i, name in enumerate(["二氯甲烷", "三氯乙烯", "甲苯", "苯", "正己烷", "正庚烷"])]
    check_scatter(ET.fromstring(scatter(pts, "x", "y", "cjk")))


def test_reported_pairs_in_a_hansen_projection(tmp_path):
    """The pairs users saw overlapping: chloroform/trichloroethylene, benzene/toluene,
    n-heptane/n-octane (all near each other in δP/δH)."""
    from cepn_screen.api import assess
    from cepn_screen.report.html import assessment_html

    inv = tmp_path / "inv.csv"
    inv.write_text("Chemical name,CAS\nchloroform,67-66-3\ntrichloroethylene,79-01-6\n"
                   "benzene,71-43-2\ntoluene,108-88-3\nn-heptane,142-82-5\n"
                   "n-octane,111-65-9\nn-hexane,110-54-3\ncyclohexane,110-82-7\n",
                   encoding="utf-8")
    html = assessment_html(assess(inv).assessment)
    (svg,) = svgs(html, "scatter")
    n = check_scatter(svg)
    assert n["marks"] == 8 and n["labels"] + n["keys"] == 8
    check_heatmap(svgs(html, "heatmap")[0])


@pytest.mark.parametrize("target", ["toluene", "trichloroethylene"])
def test_substitution_charts(target):
    from cepn_screen.report.html import substitution_chart
    from cepn_screen.substitution.substitute import substitute

    sl = substitute(target)
    n = check_scatter(ET.fromstring(substitution_chart(sl)))
    assert n["labels"] + n["keys"] == 1 + len(sl.candidates)


def test_example_reports(assess_report, shortlist_report):
    for report in (assess_report, shortlist_report):
        html = report.read_text(encoding="utf-8")
        scatters = svgs(html, "scatter")
        assert len(scatters) == 2  # Hansen projection and substitution chart
        for svg in scatters:
            check_scatter(svg)
        (hm,) = svgs(html, "heatmap")
        tiles = check_heatmap(hm)
        assert any(g.find(NS + "text").text == "?" for g in tiles if "cell" in classes(g))


def test_heatmap_shows_the_scores_the_priority_acts_on(kb):
    """Acetone's CHEM21 Health on the EU basis is 3 (incomplete: a national STOT RE code
    sits in a class no EU source assessed); the heat map shows the score on every source,
    never the lower, incomplete one in a safe colour."""
    from cepn_screen.core.models import Assessment, InventoryRow, Resolution, RowAssessment
    from cepn_screen.pipeline.screener import Screener
    from cepn_screen.report.html import _charts
    from cepn_screen.rules.loader import load_rule_sets

    s = Screener(kb, load_rule_sets()).screen(Resolution("resolved", cas="67-64-1",
                                                          name="acetone"))
    assert s.scores.every_source is not None
    assert s.scores.acting.health.value > s.scores.health.value
    row = InventoryRow(row=2, id="1", cells={}, name="acetone", cas="67-64-1")
    ra = RowAssessment(row, Resolution("resolved", cas="67-64-1", name="acetone"),
                       s.profile, list(s.findings), s.scores, "high", "")
    html = "".join(_charts(Assessment({}, [], [ra], [], []), []))
    assert f"acetone: H {s.scores.acting.health.value}" in html
    assert f"acetone: H {s.scores.health.value}<" not in html
