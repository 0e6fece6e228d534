"""Worker-report signals matched with the hazards used in each area."""


import json

INVENTORY = "Area,Chemical name,CAS No.\nL1,n-Hexane,110-54-3\nL1,Acetone,67-64-1\n" \
            "L2,Isopropanol,67-63-0\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_neuropathy_signal_where_hexane_is_used(cli, tmp_path):
    inv = write(tmp_path, "inv.csv", INVENTORY)
    reports = write(tmp_path, "reports.csv", "Date,Area,Symptoms,Comment\n"
                    "2026-03-01,L1,numbness,\n2026-03-02,L1,\"tingling, headache\",\n"
                    "2026-03-05,L1,,my feet are numb and I have leg weakness\n"
                    "2026-03-01,L2,numbness,\n2026-03-02,L2,numbness,\n2026-03-03,L2,numbness,\n")
    d = json.loads(cli("signals", str(reports), "--inventory", str(inv), "-f", "json").stdout)
    areas = {a["area"]: a for a in d["areas"]}
    l1, l2 = areas["L1"], areas["L2"]
    assert l1["signal"] == "critical" and "n-hexane" in l1["reasons"][0]
    assert any(c["name"] == "n-hexane" and "peripheral neuropathy" in c["hazards_matched"]
               for c in l1["chemicals"])
    assert l1["counts"]["numbness"] == 3 and l1["counts"]["headache"] == 1
    # the same reports from an area without n-hexane give no neuropathy signal
    assert l2["counts"]["numbness"] == 3
    assert l2["signal"] == "none" and not l2["chemicals"]
    assert "no chemical used in this area" in l2["reasons"][0]


def test_personal_columns_are_dropped(cli, tmp_path):
    inv = write(tmp_path, "inv.csv", INVENTORY)
    reports = write(tmp_path, "reports.csv", "Name,Employee ID,Area,Symptoms\n"
                    "Nguyen Van An,E-4471,L1,dizziness\nSiti Rahma,E-4472,L1,eye irritation\n")
    for fmt in ("json", "md", "csv", "table"):
        p = cli("signals", str(reports), "--inventory", str(inv), "-f", fmt)
        assert p.returncode == 0, p.stderr
        for secret in ("Nguyen", "Siti", "E-4471", "E-4472"):
            assert secret not in p.stdout and secret not in p.stderr
        assert "'Name' looks like a personal identifier" in p.stderr
        assert "'Employee ID'" in p.stderr
    d = json.loads(cli("signals", str(reports), "--inventory", str(inv), "-f", "json").stdout)
    l1 = d["areas"][0]
    assert l1["counts"] == {"dizziness": 1, "eye_irritation": 1}
    assert l1["signal"] == "medium"  # acetone and hexane: H336 / H319


def test_share_hides_small_counts(cli, tmp_path):
    inv = write(tmp_path, "inv.csv", INVENTORY)
    reports = write(tmp_path, "reports.csv", "Area,Symptoms\nL1,rash\nL1,rash\nL1,headache\n"
                    "L1,headache\nL1,headache\n")
    d = json.loads(cli("signals", str(reports), "--inventory", str(inv), "-f", "json",
                       "--share").stdout)
    a = d["areas"][0]
    assert a["counts"] == {"headache": 3, "rash": "<3"} and a["reports"] == 5


def test_signals_section_in_html_report(cli, tmp_path):
    inv = write(tmp_path, "inv.csv", INVENTORY)
    reports = write(tmp_path, "reports.csv", "Area,Symptoms\nL1,numbness\nL1,numbness\n"
                    "L1,numbness\n")
    out = tmp_path / "report.html"
    p = cli("signals", str(reports), "--inventory", str(inv), "-o", str(out))
    assert p.returncode == 0, p.stderr
    html = out.read_text(encoding="utf-8")
    assert "Worker report signals" in html and "critical" in html and "n-hexane" in html
    assert "Chemical inventory screening" in html  # the same report, with the section added
