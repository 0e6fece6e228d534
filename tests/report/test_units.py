"""Tables with units: a number carries its unit or its column header does, one column never
mixes units, and the Ctrl column is never blank (a ? and the reason)."""

import re

SAMPLES = """Group,Worker,Date,Substance,CAS,Result,Unit,Duration (min)
Wiping L1,W1,2026-03-02,n-Hexane,110-54-3,2.1,ppm,480
Wiping L1,W2,2026-03-03,n-Hexane,110-54-3,3.5,ppm,480
Wiping L1,W3,2026-03-04,n-Hexane,110-54-3,1.8,ppm,480
Degreasing,W7,2026-03-02,Trichloroethylene,79-01-6,12,mg/m3,480
Degreasing,W8,2026-03-03,Trichloroethylene,79-01-6,9,mg/m3,480
"""


def _tables(renderable):
    from rich.console import Group

    return list(renderable.renderables) if isinstance(renderable, Group) else [renderable]


def test_exposure_table_never_mixes_units_in_a_column(tmp_path):
    from cepn_screen.monitoring.samples import analyse_file
    from cepn_screen.report.monitoring import exposure_table

    path = tmp_path / "s.csv"
    path.write_text(SAMPLES, encoding="utf-8")
    result = analyse_file(path)
    units = {g.name: g.unit for g in result.groups}
    assert len(set(units.values())) == 2, units  # the case: ppm and mg/m3 in one run
    renderable, _ = exposure_table(result, "Exposure monitoring: s.csv")
    seen = set()
    for t in _tables(renderable):
        heads = [str(c.header) for c in t.columns]
        unit = re.fullmatch(r"GM \((.+)\)", heads[3]).group(1)
        assert heads[5] == f"P95 ({unit})"
        names = list(t.columns[1].cells)
        assert names and all(units[n] == unit for n in names), (unit, names)
        # cells hold bare numbers: the unit is the header's
        assert all(re.fullmatch(r"[0-9.e+-]*", str(c)) for c in t.columns[3].cells)
        seen.update(names)
    assert seen == set(units)


def test_exposure_command_names_the_unit_of_gm_and_p95(run_main, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(SAMPLES, encoding="utf-8")
    code, out, err = run_main("exposure", path)
    assert code == 0, err
    assert out.index("GM (ppm)") < out.index("n-hexane") < out.index("GM (mg/m3)") \
        < out.index("trichloroethylene")
    code, md, err = run_main("exposure", path, "-f", "md")
    assert "## Concentrations in ppm" in md and "| gm (mg/m3) |" in md
    assert "| unit |" not in md


UNITS = """Chemical name,CAS,Quantity,Unit
Acetone,67-64-1,20,L/mes
Toluene,108-88-3,5,升/月
Isopropanol,67-63-0,2,L/day
Kleenz-X 2000,,1,L/day
"""


def test_ctrl_is_never_blank_and_says_why(run_main, tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text(UNITS, encoding="utf-8")
    code, out, err = run_main("assess", path)
    assert code == 0, err
    cells = {}
    for line in out.splitlines():
        parts = [p.strip() for p in line.split("│")]
        if len(parts) > 9 and parts[1].isdigit():
            cells[int(parts[1])] = parts[9]
    assert set(cells) == {2, 3, 4, 5}
    assert cells[2] == cells[3] == cells[5] == "?" and cells[4][0] in "1234"
    note = " ".join(out[out.index("Ctrl ? ="):].split())
    assert "unknown period in unit 'L/mes' (row 2)" in note
    assert "unknown period in unit '升/月' (row 3)" in note
    assert "substance not identified (row 5)" in note


def test_html_control_cell_is_never_blank(tmp_path):
    from cepn_screen.api import assess
    from cepn_screen.report.html import assessment_html

    path = tmp_path / "inv.csv"
    path.write_text(UNITS, encoding="utf-8")

    html = assessment_html(assess(path).assessment)
    body = html[html.index("<table id='rows'>"):html.index("</table>", html.index("id='rows'"))]
    rows = re.findall(r"<tr data-band=.*?</tr>", body)
    assert len(rows) == 4
    for row in rows:
        last = re.findall(r"<td[^>]*>(.*?)</td>", row)[-1]
        assert last, row
    assert "<abbr title='unknown period in unit &#x27;L/mes&#x27;'>?</abbr>" in body
    assert "id='ctrl-unknown'" in html
