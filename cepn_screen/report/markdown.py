from __future__ import annotations

from cepn_screen.core.models import Assessment
from cepn_screen.report.flat import CODE_LEGEND, flat_row
from cepn_screen.report.serialize import summary

MD_COLUMNS = ("row", "input_name", "status", "cas", "name", "priority", "safety", "health",
              "environment", "chem21_ranking", "h_codes_marked", "findings")


def _cell(v) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def render(a: Assessment) -> str:
    s = summary(a)
    lines = ["# Chemical inventory screening", ""]
    if a.inputs.get("file"):
        lines.append(f"Inventory: `{a.inputs['file']}` — {s['rows']} rows.")
    lines.append("")
    lines.append("Rows per priority: " + ", ".join(
        f"**{k}** {v}" for k, v in sorted(s["by_priority"].items())))
    lines += ["", CODE_LEGEND + ".", "",
              "| " + " | ".join(c if c != "h_codes_marked" else "h_codes" for c in MD_COLUMNS)
              + " |",
              "|" + "---|" * len(MD_COLUMNS)]
    for r in a.rows:
        f = flat_row(r)
        lines.append("| " + " | ".join(_cell(f[c]) for c in MD_COLUMNS) + " |")
    detail = [r for r in a.rows if r.findings]
    if detail:
        lines += ["", "## Findings", ""]
        for r in detail:
            lines.append(f"### Row {r.row.row}: {_cell(r.resolution.name or r.row.name)}")
            for fd in r.findings:
                lines.append(f"- **{fd.severity}** `{fd.rule_id}` {_cell(fd.message)}")
                if fd.recommendation:
                    lines.append(f"  - What to do: {_cell(fd.recommendation)}")
            lines.append("")
    unresolved = [r for r in a.rows if r.resolution.status != "resolved"]
    if unresolved:
        lines += ["", "## Rows to check", ""]
        for r in unresolved:
            lines.append(f"- Row {r.row.row} ({_cell(r.row.name or r.row.cas or '')}): "
                         f"{r.resolution.status}; {_cell(r.resolution.reason or '')}")
    return "\n".join(lines) + "\n"
