"""Engines give the same assessment: one process, a local process pool, a Dask cluster."""

import json
import os

import pytest

from cepn_screen.cli.app import example_path
from cepn_screen.inventory.load import load_inventory
from cepn_screen.pipeline import executors as engine
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.report.serialize import assessment_dict

EXTRA = """Chemical name,CAS No.,Product,Concentration (%),Quantity,Unit,Area
toluene,108-88-3,,100,20,L/month,A1
2-butoxyethanol,111-76-2,Stripper 9,30,5,L/month,A2
N-methyl-2-pyrrolidone,872-50-4,Stripper 9,70,,,A2
cyclopentanone,120-92-3,,100,1,L/week,A3
benzaldehyde,100-52-7,,100,1,kg/month,A3
CCCCCCCCO,,,100,,,A4
made-up solvent 7,,,100,,,A4
"""


def _rows(tmp_path):
    inv = tmp_path / "more.csv"
    inv.write_text(EXTRA, encoding="utf-8")
    return load_inventory(example_path()) + load_inventory(inv)


def _doc(rows, kb, **kw):
    d = assessment_dict(assess_rows(rows, kb=kb, **kw))
    return json.loads(json.dumps(d))  # tuples -> lists, as a reader sees it


def test_process_pool_equals_single_process(tmp_path, kb, monkeypatch):
    rows = _rows(tmp_path)
    single = _doc(rows, kb, workers=1)
    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)  # force the pool on a small inventory
    calls = []
    real = engine._on_processes
    monkeypatch.setattr(engine, "_on_processes",
                        lambda *a: calls.append(len(a[0])) or real(*a))
    pooled = _doc(rows, kb, workers=2)
    assert calls and calls[0] > 10  # the pool really screened the substances
    assert pooled == single


def test_dask_two_worker_cluster_equals_local(tmp_path, kb):
    distributed = pytest.importorskip("dask.distributed")
    rows = _rows(tmp_path)
    local = _doc(rows, kb, workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        before = cluster.scheduler.transition_counter
        on_dask = _doc(rows, kb, engine="dask", scheduler=cluster.scheduler_address)
        assert cluster.scheduler.transition_counter > before  # tasks ran on the cluster
        assert len(cluster.scheduler.workers) == 2
    assert on_dask == local
    assert len(on_dask["rows"]) == len(rows)


def test_cli_parquet_in_and_out_on_dask(tmp_path, cli):
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    lib = tmp_path / "library.parquet"
    pq.write_table(pa.table({
        "Chemical name": ["n-hexane", "acetone", "trichloroethylene", None, "n-heptane"],
        "CAS No.": ["110-54-3", "67-64-1", None, "64-17-5", "142-82-5"],
        "Concentration (%)": [100.0, 60.0, None, 100.0, 95.5],
    }), lib)
    out_local, out_dask = tmp_path / "local.parquet", tmp_path / "dask.parquet"
    p = cli("assess", lib, "-o", out_local, "--workers", "1")
    assert p.returncode == 0, p.stderr
    p = cli("assess", lib, "-o", out_dask, "--engine", "dask", "--workers", "2", timeout=180)
    assert p.returncode == 0, p.stderr
    a, b = pq.read_table(out_local).to_pylist(), pq.read_table(out_dask).to_pylist()
    assert a == b
    assert [r["cas"] for r in a] == ["110-54-3", "67-64-1", "79-01-6", "64-17-5", "142-82-5"]
    assert "CEPN-NEURO-001" in a[0]["findings"]
    assert a[4]["input_name"] == "n-heptane" and a[4]["priority"] != "critical"


def test_engine_errors_are_one_line(cli, tmp_path):
    p = cli("assess", "--example", "--engine", "spark")
    assert p.returncode == 2 and "--engine" in p.stderr and "'local', 'dask'" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    p = cli("assess", "--example", "--scheduler", "tcp://127.0.0.1:1")
    assert p.returncode == 2 and "--scheduler needs --engine dask" in p.stderr
    p = cli("assess", "--example", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
            timeout=60)
    assert p.returncode == 2 and "cannot reach the Dask scheduler" in p.stderr
    assert "Traceback" not in p.stderr
    p = cli("substitute", "n-hexane", "-o", tmp_path / "x.parquet")
    assert p.returncode == 2 and "Parquet output is for assess" in p.stderr


def test_damaged_parquet_is_a_user_error(cli, tmp_path):
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 this is not really parquet")
    p = cli("assess", bad)
    assert p.returncode == 2 and "not a readable Parquet file" in p.stderr
    assert "Traceback" not in p.stderr


def test_cli_imports_no_dask_or_pyarrow():
    # The engine module imports neither Dask nor pyarrow until asked to.
    import subprocess
    import sys
    code = ("import sys, cepn_screen.pipeline.executors, cepn_screen.cli.app; "
            "print(any(m.startswith(('dask', 'distributed', 'pyarrow')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ})
    assert out.stdout.strip() == "False"


def test_inventory_smarts_answers_come_from_the_workers(kb, monkeypatch):
    # The workers answer the inventory rules' SMARTS while each molecule is parsed there;
    # the inventory rules in this process then parse none again, with the same findings.
    from cepn_screen.core.models import InventoryRow
    from cepn_screen.pipeline.context import Context
    from cepn_screen.rules import conditions

    names = [("n-hexane", "110-54-3"), ("methyl ethyl ketone", "78-93-3"),
             ("acetone", "67-64-1"), ("toluene", "108-88-3")]
    rows = [InventoryRow(row=i + 2, id=str(i), cells={}, name=n, cas=c, area="Line 1")
            for i, (n, c) in enumerate(names)]

    def run(workers):
        ctx = Context.build(kb, None, None)
        for cond in engine.inventory_smarts(ctx.rule_sets):
            cond._answers.clear()
        parsed = []
        real = conditions.molecule
        monkeypatch.setattr(conditions, "molecule", lambda s: parsed.append(s) or real(s))
        a = assess_rows(rows, context=ctx, workers=workers)
        monkeypatch.setattr(conditions, "molecule", real)
        return a, parsed

    monkeypatch.setattr(engine, "PARALLEL_MIN", 1)
    pooled, parsed_here = run(2)
    single, parsed_single = run(1)
    assert engine.inventory_smarts(Context.build(kb, None, None).rule_sets)
    assert parsed_here == [] and parsed_single  # the pool's answers were used
    assert [g.finding.rule_id for g in pooled.inventory_findings] == \
        [g.finding.rule_id for g in single.inventory_findings]
    assert pooled.inventory_findings  # n-hexane with MEK in one area
