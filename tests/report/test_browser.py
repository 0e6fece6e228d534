"""HTML report and worker card in a real headless browser (Debian's chromium, installed by
.ci/run): the page loads without console errors, injected markup stays text, and the
screenshot is not blank. XLSX reports are reopened with openpyxl."""


import os
import shutil
import subprocess

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


@needs_browser
@pytest.mark.parametrize("lang", ["zh", "es"])
def test_card_in_browser(cli, tmp_path, lang):
    out = tmp_path / f"card_{lang}.html"
    p = cli("card", "n-hexane", "--lang", lang, "-o", str(out))
    assert p.returncode == 0, p.stderr
    html = out.read_text(encoding="utf-8")
    assert {"zh": "危险", "es": "PELIGRO"}[lang] in html
    assert "GHS02" in html and "GHS08" in html
    png = tmp_path / "card.png"
    p, console = browse(tmp_path, out, "--window-size=900,1270", f"--screenshot={png}")
    assert console == [] and not_blank(png)
