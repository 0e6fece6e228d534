"""Excel report: rows, products, findings and shortlist sheets; frozen headers, widths,
priority colours; every text from the input neutralised against formula injection."""

from __future__ import annotations

import math
from pathlib import Path

from cepn_screen.core.models import Assessment
from cepn_screen.core.xlsx import save_workbook
from cepn_screen.report.flat import COLUMNS, flat_row, neutralise

FILLS = {"critical": "7F0000", "high": "C62828", "medium": "F9A825", "low": "2E7D32",
         "info": "90A4AE", "unknown": "6A1B9A"}


def _cell(v):
    if isinstance(v, float) and not math.isfinite(v):
        return ""  # Excel has no infinity or NaN: shown blank, as unknown
    if isinstance(v, int | float) and not isinstance(v, bool):
        return v
    return neutralise("" if v is None else str(v))


def _sheet(wb, title, header, rows, band_col=None, widths=None):
    from openpyxl.styles import Font, PatternFill

    ws = wb.create_sheet(title)
    ws.append(list(header))
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
    for r in rows:
        ws.append([_cell(v) for v in r])
        if band_col is not None:
            band = r[band_col]
            if band in FILLS:
                cell = ws.cell(row=ws.max_row, column=band_col + 1)
                cell.fill = PatternFill("solid", fgColor=FILLS[band])
                cell.font = Font(color="000000" if band == "medium" else "FFFFFF", bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for i, h in enumerate(header, start=1):
        width = (widths or {}).get(h) or min(60, max(10, len(str(h)) + 2))
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    return ws


def write_xlsx(path: str | Path, a: Assessment, entries=None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    memo: dict = {}
    rows = [[flat_row(r, memo)[c] for c in COLUMNS] for r in a.rows]
    _sheet(wb, "Rows", COLUMNS, rows, band_col=COLUMNS.index("priority"),
           widths={"input_name": 30, "name": 30, "findings": 50, "reason": 60, "h_codes": 30})
    prod_rows = [[p.product, ", ".join(map(str, p.rows)), p.concentration_total,
                  ", ".join(p.warnings), p.priority,
                  "; ".join(f"{c.name} {c.concentration or ''}".strip()
                            for c in p.components),
                  p.exposure.mixture.vhr if p.exposure else None] for p in a.products]
    _sheet(wb, "Products", ("product", "rows", "concentration_sum_min", "warnings", "priority",
                            "components", "vapour_hazard_ratio"), prod_rows, band_col=4,
           widths={"product": 25, "components": 60})
    finds = [[r.row.row, r.resolution.name or r.row.name, f.rule_id, f.severity, f.category,
              f.message, f.recommendation] for r in a.rows for f in r.findings]
    _sheet(wb, "Findings", ("row", "substance", "rule_id", "severity", "category", "message",
                            "recommendation"), finds, band_col=3,
           widths={"substance": 28, "message": 70, "recommendation": 70, "rule_id": 20})
    if entries:
        sl_rows = []
        for target_row, sl in entries:
            if sl is None:
                continue
            for c in sl.candidates:
                sl_rows.append([target_row.resolution.name, target_row.resolution.cas,
                                sl.process, c.rank, c.profile.name, c.profile.cas, c.ra,
                                c.scores.safety.value, c.scores.health.value,
                                c.scores.environment.value, "; ".join(c.reasons)])
        _sheet(wb, "Shortlist", ("target", "target_cas", "process", "rank", "candidate", "cas",
                                 "ra", "safety", "health", "environment", "reasons"), sl_rows,
               widths={"target": 25, "candidate": 30, "reasons": 90})
    return save_workbook(wb, path)
