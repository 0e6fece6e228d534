"""HTML report and worker card in a real headless browser (Debian's chromium, installed by
.ci/run): the page loads without console errors, injected markup stays text, the
screenshot is not blank, and chart labels laid out by the real fonts do not overlap.
Screenshots go to a temporary folder, or to CEPN_SCREENSHOT_DIR when it is set (to look at
them). XLSX reports are reopened with openpyxl."""


import html as html_lib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must have chromium (.ci/run installs it)")


needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed here")


FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--enable-logging=stderr", "--log-level=0"]


PAYLOAD = "<script>document.title='PWNED'</script><img src=x onerror=\"document.title='X'\">"


def browse(tmp_path, page, *extra):
    profile = tmp_path / "profile"
    p = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra,
                        page.as_uri()], capture_output=True, text=True, timeout=120)
    console = [line for line in p.stderr.splitlines() if ":CONSOLE" in line]
    return p, console


def not_blank(png):
    from PIL import Image

    img = Image.open(png).convert("L")
    hist = img.histogram()
    non_white = sum(hist[:240]) / (img.width * img.height)
    return non_white > 0.02 and len([h for h in hist if h]) > 20


@needs_browser
def test_report_in_browser(cli, tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("Area,Process,Chemical name,CAS No.,Quantity,Unit\n"
                   "L1,Stencil wiping,n-Hexane,110-54-3,40,L/month\n"
                   f"L1,Wiping,\"{PAYLOAD}\",67-64-1,5,L/month\n"
                   "L2,Vapour degreasing,Trichloroethylene,79-01-6,200,kg/month\n",
                   encoding="utf-8")
    out = tmp_path / "report.html"
    assert cli("assess", str(inv), "-o", str(out)).returncode == 0
    html = out.read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")  # self-contained
    p, console = browse(tmp_path, out, "--dump-dom")
    assert p.returncode == 0
    assert console == [], console
    dom = p.stdout
    assert "<title>PWNED" not in dom and "<title>X" not in dom
    assert "&lt;script&gt;document.title='PWNED'&lt;/script&gt;" in dom
    assert "<svg" in dom and "id=\"rows\"" in dom
    png = tmp_path / "report.png"
    p, console = browse(tmp_path, out, "--window-size=1280,2000", f"--screenshot={png}")
    assert console == [] and png.exists() and not_blank(png)


SIGNAL_WORD = {"en": "DANGER", "zh": "危险", "es": "PELIGRO", "id": "BAHAYA",
               "vi": "NGUY HIỂM"}


@needs_browser
@pytest.mark.parametrize("lang", ["en", "zh", "es", "id", "vi"])
def test_card_in_browser(cli, tmp_path, lang):
    """A card in each worker language: its signal word, the official pictograms drawn
    inline, and no hazard statement in English unless it is marked as English (in the
    card's language) with its source."""
    from cepn_screen.report.statements import MARKS

    out = tmp_path / f"card_{lang}.html"
    p = cli("card", "n-hexane", "--lang", lang, "-o", str(out))
    assert p.returncode == 0, p.stderr
    html = out.read_text(encoding="utf-8")
    assert SIGNAL_WORD[lang].casefold() in html.casefold()
    drawn = set(re.findall(r'<svg[^>]*class="ghs"[^>]*data-ghs="(GHS0\d)"', html))
    assert {"GHS02", "GHS08"} <= drawn
    english = {r["code"]: r["text"].rstrip(".").strip() for r in _english_statements()}
    items = re.findall(r"<li data-text='(\w+)'>(.*?) <span class='src'>\((H\d{3}\w*)"
                       r"(?:; ?([^;)]*))?", html)
    assert len(items) >= 5
    for kind, text, code, mark in items:
        text = html_lib.unescape(text).rstrip(".").strip()
        if lang != "en" and text == english.get(code):
            assert kind == "english" and mark == MARKS["english"][lang], (code, text)
        if kind in MARKS and lang != "en":
            assert mark == MARKS[kind][lang], (code, mark)
    png = tmp_path / f"card_{lang}.png"
    p, console = browse(tmp_path, out, "--window-size=900,1270", f"--screenshot={png}")
    assert console == [] and not_blank(png)
    keep = os.environ.get("CEPN_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)


def _english_statements() -> list[dict]:
    import csv

    from cepn_screen.knowledge.base import data_dir

    with open(data_dir() / "h_statements.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# Reports every chart's text and mark boxes (getBBox, SVG user units, as the browser laid
# them out with its fonts) and rendered widths, as JSON in <pre id="bbox">.
BBOX_SCRIPT = """<script>(function(){
 function box(el){var b=el.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height];}
 var out=[]; document.querySelectorAll('svg.chart').forEach(function(svg){
  var texts=[], marks=[], cells=[];
  svg.querySelectorAll('text').forEach(function(t){
   if(!t.hasAttribute('transform')){texts.push({text:t.textContent, cls:t.getAttribute('class'),
    box:box(t)});}});
  Array.prototype.forEach.call(svg.children,function(el){
   if((el.getAttribute('class')||'').split(' ').indexOf('mark')>=0){marks.push(box(el));}});
  svg.querySelectorAll('g.cell, g.swatch').forEach(function(g){
   cells.push({rect:box(g.querySelector('rect')), text:box(g.querySelector('text'))});});
  var sizes=Array.prototype.map.call(svg.querySelectorAll('text'),function(t){
   return parseFloat(t.getAttribute('font-size'));});
  out.push({cls:svg.getAttribute('class'), width:svg.getBoundingClientRect().width,
   font_px:Math.min.apply(null,sizes)*svg.getBoundingClientRect().width/svg.viewBox.baseVal.width,
   parent:svg.parentElement.getBoundingClientRect().width, texts:texts, marks:marks,
   cells:cells});});
 var pre=document.createElement('pre'); pre.id='bbox'; pre.style.display='none';
 pre.textContent=JSON.stringify(out);
 document.body.appendChild(pre);})();</script>"""


def _overlap(a, b, tol=0.01):
    return (a[0] + tol < b[2] and b[0] + tol < a[2] and a[1] + tol < b[3]
            and b[1] + tol < a[3])


def layout(tmp_path, page, size: str, png: Path) -> list[dict]:
    """The boxes BBOX_SCRIPT reports at a window size, and a screenshot."""
    p, console = browse(tmp_path, page, f"--window-size={size}", "--dump-dom",
                        f"--screenshot={png}")
    assert p.returncode == 0 and console == [], console
    assert png.exists() and not_blank(png)
    found = re.search(r'<pre id="bbox"[^>]*>(.*?)</pre>', p.stdout, re.S)
    return json.loads(html_lib.unescape(found[1]))


def screenshot_dir(tmp_path) -> Path:
    d = Path(os.environ.get("CEPN_SCREENSHOT_DIR") or tmp_path / "shots")
    d.mkdir(parents=True, exist_ok=True)
    return d


@needs_browser
@pytest.mark.parametrize("report", ["assess_report", "shortlist_report"])
def test_chart_labels_in_browser(report, request, tmp_path):
    """The reports' charts as Chromium draws them (the charts section with the report's own
    styles), at desktop and phone widths: no two texts overlap, no label covers a point,
    cell values stay in their cells, scatter charts fill the page width, text stays >= 9 px
    on the phone; screenshots of both."""
    html = request.getfixturevalue(report).read_text(encoding="utf-8")
    start = html.index("<section id='charts'>")
    page = tmp_path / "charts.html"
    page.write_text(html[:html.index("<body>") + 6]
                    + html[start:html.index("</section>", start)] + BBOX_SCRIPT
                    + "</body></html>", encoding="utf-8")
    shots = screenshot_dir(tmp_path)
    name = report.replace("_report", "")
    desktop = layout(tmp_path, page, "1280,2800", shots / f"{name}-charts-desktop.png")
    assert sorted(c["cls"] for c in desktop) == ["chart heatmap", "chart scatter",
                                                 "chart scatter"]
    for c in desktop:
        texts = c["texts"]
        assert texts
        for i, a in enumerate(texts):
            for b in texts[i + 1:]:
                assert not _overlap(a["box"], b["box"]), (a, b)
            if "label" in (a["cls"] or ""):
                for m in c["marks"]:
                    assert not _overlap(a["box"], m), (a, m)
        for cell in c["cells"]:  # the value inside its rect
            r, t = cell["rect"], cell["text"]
            assert r[0] <= t[0] and t[2] <= r[2] and r[1] <= t[1] and t[3] <= r[3], cell
        if c["cls"] == "chart scatter":
            assert c["width"] >= 0.95 * c["parent"] and c["parent"] > 1000
    for c in layout(tmp_path, page, "390,2000", shots / f"{name}-charts-phone.png"):
        assert c["font_px"] >= 9, c["cls"]
