"""Renderers for worker-report signals per area (`cepn-screen signals`)."""

from __future__ import annotations

from cepn_screen.report.tabular import csv_text, md_table
from cepn_screen.signals.reports import SignalsResult

HEAD = ("area", "reports", "counts", "chemicals", "signal", "reasons")


def area_rows(result: SignalsResult) -> list[tuple[str, ...]]:
    """One row of text cells per area, in the order of HEAD."""
    rows = []
    for a in result.areas:
        counts = ", ".join(f"{k} {v}" for k, v in a.counts.items()) or "no coded symptom"
        chems = "; ".join(f"{c.name} ({', '.join(c.hazards_matched)})"
                          for c in a.chemicals) or "none matched"
        rows.append((a.area, str(a.reports), counts, chems, a.signal, "; ".join(a.reasons)))
    return rows


def signals_csv(result: SignalsResult) -> str:
    return csv_text(HEAD, area_rows(result))


def signals_md(result: SignalsResult) -> str:
    return "\n".join(["# Worker report signals", ""] + md_table(HEAD, area_rows(result))) + "\n"


def signals_table(result: SignalsResult, title: str):
    from rich.markup import escape
    from rich.table import Table

    t = Table(title=escape(title))
    for c in ("Area", "Reports", "Symptoms", "Chemicals matched", "Signal", "Why"):
        t.add_column(c, overflow="fold")
    for r in area_rows(result):
        t.add_row(*[escape(x) for x in r])
    return t
