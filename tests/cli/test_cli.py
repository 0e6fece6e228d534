import csv
import io
import json
import subprocess
import sys

import pytest


@pytest.fixture(scope="module")
def example_json(tmp_path_factory, cli):
    out = tmp_path_factory.mktemp("ex") / "result.json"
    p = cli("assess", "--example", "-o", str(out))
    assert p.returncode == 0, p.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def example_rows():
    from cepn_screen.cli.app import example_path

    with example_path().open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_example_table_flags_hexane(cli, tmp_path):
    p = cli("assess", "--example", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert "n-hexane (110-54-3)" in p.stdout
    assert "Peripheral neuropathy" in p.stdout


def test_json_contract(example_json):
    d = example_json
    assert d["schema_version"] and d["tool_version"] and d["rules"][0]["name"] == "core"
    inputs = example_rows()
    assert len(d["rows"]) == len(inputs)
    # spreadsheet rows: the header is row 1
    assert [r["row"] for r in d["rows"]] == list(range(2, len(inputs) + 2))
    assert [r["input"]["Chemical name"] for r in d["rows"]] == \
        [i["Chemical name"] for i in inputs]
    for r in d["rows"]:
        for key in ("row", "id", "input", "resolution", "hazard", "properties", "hansen",
                    "findings", "scores", "priority"):
            assert key in r
        for key in ("status", "cas", "name", "smiles", "inchikey", "pubchem_cid", "source",
                    "warnings"):
            assert key in r["resolution"]


def test_hexane_row_and_unknowns(example_json):
    rows = {r["input"]["Chemical name"]: r for r in example_json["rows"]}
    hexane = rows["n-Hexane"]
    assert "CEPN-NEURO-001" in {f["rule_id"] for f in hexane["findings"]}
    assert hexane["priority"] == "critical"
    assert hexane["scores"]["chem21_ranking"] == "Hazardous"
    unknown = rows["Kleenz-X 2000"]
    assert unknown["resolution"]["status"] == "unresolved" and unknown["priority"] == "unknown"
    assert unknown["scores"] is None and unknown["hazard"] is None
    typo = [r for r in example_json["rows"] if r["input"]["CAS No."] == "67-64-2"][0]
    assert "invalid_cas" in typo["resolution"]["warnings"]
    assert typo["resolution"]["cas"] == "67-64-1"


def test_products_aggregate(example_json):
    products = {p["product"]: p for p in example_json["products"]}
    wipe = products["WipeClean 300"]
    assert wipe["rows"] == [2, 3, 4] and wipe["priority"] == "critical"
    assert "CEPN-NEURO-001" in {f["rule_id"] for f in wipe["findings"]}


def test_csv_and_md_outputs(cli, tmp_path):
    assert cli("assess", "--example", "-o", str(tmp_path / "r.csv")).returncode == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))
    assert len(rows) == len(example_rows()) and rows[0]["cas"] == "110-54-3"
    assert cli("assess", "--example", "-o", str(tmp_path / "r.md")).returncode == 0
    md = (tmp_path / "r.md").read_text()
    assert md.startswith("# Chemical inventory screening") and "CEPN-NEURO-001" in md


def test_fail_on(cli, tmp_path):
    assert cli("assess", "--example", "--fail-on", "critical", "-f", "json").returncode == 1
    clean = tmp_path / "clean.csv"
    clean.write_text("Name,CAS\nWater,7732-18-5\n")
    p = cli("assess", str(clean), "--fail-on", "high", "-f", "json")
    assert p.returncode == 0, p.stderr


@pytest.mark.parametrize("name,content,needle", [
    ("missing.csv", None, "file not found"),
    ("e.csv", b"", "empty"),
    ("n.csv", b"Colour,Size\nred,1\n", "no name, CAS or SMILES column"),
    ("b.xlsx", b"PK\x03\x04garbage", "cannot open as an Excel workbook"),
])
def test_user_errors_are_one_line_exit_2(cli, tmp_path, name, content, needle):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    p = cli("assess", str(path))
    assert p.returncode == 2
    assert needle in p.stderr and path.name in p.stderr
    assert "Traceback" not in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_unknown_output_extension(cli, tmp_path):
    p = cli("assess", "--example", "-o", str(tmp_path / "r.docx"))
    assert p.returncode == 2 and "r.docx" in p.stderr and "Traceback" not in p.stderr


def test_table_to_file_and_unwritable_file(cli, tmp_path):
    out = tmp_path / "r.txt"
    p = cli("assess", "--example", "-o", str(out))
    assert p.returncode == 0 and p.stdout == ""
    assert "n-hexane (110-54-3)" in out.read_text(encoding="utf-8")
    p = cli("assess", "--example", "-o", str(tmp_path / "missing" / "r.txt"))
    assert p.returncode == 2 and "cannot write" in p.stderr and "Traceback" not in p.stderr


def test_lookup_cli(cli):
    p = cli("lookup", "N-methyl-2-pyrrolidone", "-f", "json")
    assert p.returncode == 0 and json.loads(p.stdout)["resolution"]["cas"] == "872-50-4"
    p = cli("lookup", "xylene", "-f", "json")
    assert json.loads(p.stdout)["resolution"]["cas"] == "1330-20-7"
    p = cli("lookup", "no such chemical anywhere")
    assert p.returncode == 3


def test_help_is_lazy():
    """`--help` loads no heavy library (its time is measured by benchmarks/cli_startup.py;
    a test never asserts a wall-clock time)."""
    code = ("import sys, cepn_screen.cli.app; "
            "print(sorted(m for m in ('rdkit','pandas','chemicals','openpyxl','yaml', "
            "'pyarrow','dask','scipy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
    p = subprocess.run([sys.executable, "-m", "cepn_screen", "--help"], capture_output=True,
                       text=True)
    assert p.returncode == 0 and "assess" in p.stdout


def test_data_check_passes(cli):
    p = cli("data", "check")
    assert p.returncode == 0, p.stdout


def _typer_vendors_click() -> bool:
    import importlib.util
    return importlib.util.find_spec("typer._click") is not None


# Recent Typer carries its own Click (typer._click) and the standalone `click` may be
# absent, so the error path must not import it: hide it. Older Typer releases inside our
# bounds run on `click` itself, which is then a real dependency and stays visible.
_HIDE_CLICK = "sys.modules['click'] = None; " if _typer_vendors_click() else ""
NO_CLICK = (f"import sys; {_HIDE_CLICK}from cepn_screen.cli import main; "
            "sys.argv = ['cepn-screen', *sys.argv[1:]]; main()")


@pytest.mark.parametrize("args,needle", [
    (["assess", "--bogus"], "--bogus"),
    (["assess", "-f", "yaml"], "yaml"),
    (["assess", "--fail-on", "bogus"], "bogus"),
    (["card", "--lang", "fr", "n-hexane", "-o", "c.html"], "fr"),
    (["frobnicate"], "frobnicate"),
    ([], "missing command"),
    (["rules"], "missing command"),
    (["lookup"], "query"),
])
def test_usage_errors_one_line_exit_2_without_click(tmp_path, args, needle):
    p = subprocess.run([sys.executable, "-c", NO_CLICK, *args], capture_output=True,
                       text=True, cwd=tmp_path)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0].lower(), lines
    assert "Usage: cepn-screen" in lines[0], lines
    assert lines[0].startswith("cepn-screen: error: ")


def test_usage_error_with_the_installed_cli(cli):
    p = cli("assess", "--bogus")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines() == [p.stderr.strip()] and "--bogus" in p.stderr


@pytest.mark.parametrize("args,formats", [
    (["assess", "--example"], "table|json|jsonl|csv|md|html|xlsx|parquet"),
    (["exposure", "samples.csv"], "table|json|csv|md"),
    (["shortlist", "inv.csv"], "md|json|csv|html|xlsx"),
    (["signals", "r.csv", "--inventory", "inv.csv"], "table|json|csv|md|html"),
    (["substitute", "n-hexane"], "table|json|csv|md"),
])
def test_unknown_extension_lists_the_commands_formats(cli, tmp_path, args, formats):
    p = cli(*args, "-o", str(tmp_path / "r.docx"), cwd=tmp_path)
    assert p.returncode == 2 and f"--format {formats}" in p.stderr, p.stderr


@pytest.mark.parametrize("args", [
    ["lookup", "n-hexane", "-f", "csv"],
    ["shortlist", "x.csv", "-f", "table"],
    ["exposure", "x.csv", "-f", "html"],
    ["signals", "x.csv", "--inventory", "y.csv", "-f", "xlsx"],
    ["substitute", "n-hexane", "-f", "parquet"],
    ["rules", "validate", "-f", "md"],
    ["assess", "--example", "--oel-source", "bogus"],
    ["exposure", "x.csv", "--oel-source", "bogus"],
    ["substitute", "n-hexane", "-p", "bogus"],
    ["assess", "--example", "--engine", "ray"],
])
def test_choices_per_command(cli, args):
    p = cli(*args)
    assert p.returncode == 2 and "Invalid value" in p.stderr, p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_choices_come_from_the_library():
    from cepn_screen.cli import common
    from cepn_screen.core.models import SEVERITIES
    from cepn_screen.exposure.limits import OEL_SOURCES
    from cepn_screen.inventory.vocabulary import LANGS
    from cepn_screen.pipeline.executors import ENGINES
    from cepn_screen.substitution.substitute import PROFILES

    for enum, values in ((common.Severity, SEVERITIES), (common.OelSource, OEL_SOURCES),
                         (common.Lang, LANGS), (common.Engine, ENGINES),
                         (common.Process, tuple(PROFILES))):
        assert tuple(e.value for e in enum) == tuple(values)


def test_help_lists_each_commands_formats(cli):
    p = cli("lookup", "--help")
    assert "table (default) or json" in p.stdout and "csv" not in p.stdout.split("--format")[1]
    p = cli("shortlist", "--help")
    assert "md (default), json, csv, html or xlsx" in p.stdout


def test_assess_writes_json_lines_by_extension(cli, tmp_path):
    out = tmp_path / "report.jsonl"
    p = cli("assess", "--example", "-o", str(out))
    assert p.returncode == 0, p.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in records if r["record"] == "row"]
    assert records[0]["record"] == "header" and records[0]["summary"]["rows"] == len(rows)
    assert [r["row"] for r in rows] == sorted(r["row"] for r in rows)  # input order
    assert rows[0]["resolution"]["cas"] == "110-54-3"
