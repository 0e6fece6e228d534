"""The progress bar of long runs: on a terminal only, after a delay, never with --quiet;
and the library reports every stage up to its total."""

import io
import os
import pty
import select
import subprocess
import sys

from rich.console import Console

from cepn_screen.cli.common import StageBar
from cepn_screen.inventory.load import load_inventory
from cepn_screen.knowledge.base import example_path
from cepn_screen.pipeline.assess import assess_rows


class _Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def _console(buf):
    return Console(file=buf, force_terminal=True, width=100)


def test_bar_stays_silent_before_its_delay_then_shows_each_stage():
    buf, clock = io.StringIO(), _Clock()
    bar = StageBar(out=_console(buf), delay=2.0, clock=clock)
    bar("identifying rows", 500, 1000)
    clock.now += 1.9
    bar("identifying rows", 900, 1000)
    assert bar.bar is None and buf.getvalue() == ""
    clock.now += 0.2
    bar("screening substances", 10, 40)
    bar("screening substances", 40, 40)
    assert bar.bar is not None
    task = bar.bar.tasks[bar.tasks["screening substances"]]
    assert (task.completed, task.total) == (40, 40)
    bar.close()
    assert bar.bar is None
    assert "screening substances" in buf.getvalue()


def _recorder():
    seen: dict[str, list[tuple[int, int]]] = {}
    return seen, lambda stage, done, total: seen.setdefault(stage, []).append((done, total))


def test_assess_reports_each_stage_to_its_total(kb):
    rows = load_inventory(example_path())
    seen, record = _recorder()
    assess_rows(rows, kb=kb, progress=record, workers=1)
    assert list(seen) == ["identifying names", "screening substances", "assessing rows"]
    for stage, calls in seen.items():
        done = [d for d, _ in calls]
        assert done == sorted(done), stage
        assert calls[-1][0] == calls[-1][1], stage  # ends at its total
    # each distinct name is identified once; every row is assessed
    names = len({(r.name or "", r.cas or "", r.smiles or "") for r in rows})
    assert names < len(rows)
    assert seen["identifying names"][-1] == (names, names)
    assert seen["assessing rows"][-1] == (len(rows), len(rows))


def test_shortlist_reports_the_substitution_stage(example_shortlist):
    _, entries, seen = example_shortlist
    calls = seen["finding substitutes"]
    assert calls[-1] == (len(entries), len(entries)) and len(entries) > 1


def _on_a_terminal(args, tmp_path):
    """Run the CLI with standard error on a pseudo-terminal; what the terminal got."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "CEPN_PROGRESS_DELAY": "0", "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "cepn_screen", *args], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=secondary, env=env)
    os.close(secondary)
    got = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        got += chunk
    proc.wait(timeout=120)
    os.close(primary)
    return proc.returncode, got.decode("utf-8", "replace")


def test_terminal_gets_a_bar_and_quiet_or_a_pipe_does_not(tmp_path, cli):
    code, shown = _on_a_terminal(["assess", "--example", "-o", "out.json"], tmp_path)
    assert code == 0 and "identifying names" in shown
    code, shown = _on_a_terminal(["assess", "--example", "-o", "out2.json", "--quiet"],
                                 tmp_path)
    assert code == 0 and "identifying names" not in shown
    piped = cli("assess", "--example", "-o", str(tmp_path / "out3.json"),
                env={**os.environ, "CEPN_PROGRESS_DELAY": "0"})
    assert piped.returncode == 0 and "identifying" not in piped.stderr
