"""Renderers for the exposure-monitoring result (`cepn-screen exposure`)."""

from __future__ import annotations

from cepn_screen.monitoring.samples import LimitUsed, MonitoringResult
from cepn_screen.report.tabular import csv_text, md_table

COLUMNS = ("group", "name", "cas", "n", "non_detects", "unit", "gm", "gsd", "p95",
           "exceedance_fraction", "aiha_category", "test", "decision", "oel")


def _oel_text(oel: LimitUsed | None) -> str:
    """Agency, value, unit and year of the limit used, marked when stale."""
    if not oel:
        return "none known"
    return (f"{oel.agency} {oel.value:g} {oel.unit}"
            + (f" ({oel.year})" if oel.year else " (year unknown)")
            + (" STALE" if oel.stale else ""))


def group_rows(result: MonitoringResult) -> list[dict]:
    """One flat record per similar-exposure group and substance."""
    out = []
    for g in result.groups:
        e = g.en689
        out.append({**{k: getattr(g, k, None) for k in COLUMNS},
                    "test": e.test if e else None, "decision": e.decision if e else None,
                    "oel": _oel_text(g.oel)})
    return out


def exposure_csv(result: MonitoringResult) -> str:
    return csv_text(COLUMNS, ([r[k] for k in COLUMNS] for r in group_rows(result)))


# Concentrations: in the group's unit, named in the column header (never per cell).
CONCENTRATIONS = ("gm", "p95")


def by_unit(rows: list[dict]) -> dict[str, list[dict]]:
    """Groups split by the unit of their statistics (in first-seen order), so that no
    table mixes ppm and mg/m³ in one column."""
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r.get("unit") or "unit unknown", []).append(r)
    return out


def exposure_md(result: MonitoringResult) -> str:
    lines = ["# Exposure monitoring (EN 689)", "",
             "GM and P95 in the unit the table names; GSD is a factor (no unit); "
             "exceedance as a fraction of samples.", ""]
    columns = [c for c in COLUMNS if c != "unit"]
    for unit, rows in by_unit(group_rows(result)).items():
        lines += [f"## Concentrations in {unit}", ""]
        lines += md_table([f"{c} ({unit})" if c in CONCENTRATIONS else c for c in columns],
                          ([r[k] for k in columns] for r in rows))
        lines.append("")
    lines.pop()
    bad = [r for r in result.rows if r.errors]
    if bad:
        lines += ["", "Rows not used:", ""]
        lines += [f"- row {r.row}: {', '.join(r.errors)}" for r in bad]
    return "\n".join(lines) + "\n"


def _blank(v) -> str:
    return "" if v is None else str(v)


def exposure_table(result: MonitoringResult, title: str):
    """A rich Table of the groups, and the notes (rows not used, mixtures over 1) below it."""
    from rich.console import Group
    from rich.markup import escape
    from rich.table import Table

    tables = []
    units = by_unit(group_rows(result))
    for unit, rows in units.items():
        t = Table(title=escape(title + (f" — concentrations in {unit}" if len(units) > 1
                                        else "")))
        for c in ("Group", "Substance", "n", f"GM ({unit})", "GSD", f"P95 ({unit})", "Limit",
                  "EN 689", "AIHA"):
            t.add_column(escape(c), justify="right" if c[:2] in ("n", "GM", "GS", "P9")
                         else "left")
        for r in rows:
            t.add_row(*(escape(x) for x in (
                _blank(r["group"]), _blank(r["name"]), _blank(r["n"]), _blank(r["gm"]),
                _blank(r["gsd"]), _blank(r["p95"]), r["oel"], f"{r['test']}: {r['decision']}",
                _blank(r["aiha_category"]))))
        tables.append(t)
    notes = [f"[red]row {r.row}[/]: {escape(', '.join(r.errors))}"
             for r in result.rows if r.errors]
    notes += [f"[yellow]{escape(str(g.group))} / {escape(str(g.name))}[/]: "
              f"{escape(g.en689.reason)}" for g in result.groups
              if g.oel is None and g.en689 and g.en689.reason]
    notes += [f"{escape(str(g.group))} / {escape(str(g.name))}: limit "
              f"{escape(g.oel.reason or '')}" for g in result.groups
              if g.oel and g.oel.stale]
    notes += [f"[yellow]mixture index {m.index}[/] > 1 for {escape(str(m.worker))} on "
              f"{escape(str(m.date))} ({escape(', '.join(m.substances))})"
              for m in result.mixtures if m.exceeds]
    if not tables:
        tables.append(Table(title=escape(title)))
    return (tables[0] if len(tables) == 1 else Group(*tables)), notes
