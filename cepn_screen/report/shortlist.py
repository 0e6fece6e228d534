"""Render an inventory's substitution shortlist (substitution.shortlist.inventory_shortlist):
JSON, CSV and Markdown; HTML and XLSX are the assessment reports (report.html, report.xlsx)."""

from __future__ import annotations

import json

from cepn_screen.report import substitution as rep


def shortlist_json(inventory_name: str, min_priority: str, entries) -> str:
    doc = {"inventory": inventory_name, "min_priority": min_priority, "entries": [
        {"rows": e.rows, "products": e.products, "process": e.process,
         "priorities": e.priorities, "problem": e.problem or None,
         **({"shortlist": rep.shortlist_dict(e.shortlist)} if e.shortlist else {})}
        for e in entries]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def shortlist_csv(entries) -> str:
    out = []
    for e in entries:
        if e.shortlist:
            out += rep.csv_rows(e.shortlist, rows=",".join(map(str, e.rows)))
    return rep.csv_text(out)


def shortlist_md(inventory_name: str, min_priority: str, entries) -> str:
    parts = [f"# Substitution shortlist for {inventory_name}", "",
             f"Rows at or above priority **{min_priority}**: "
             f"{sum(len(e.rows) for e in entries)}; distinct chemical/process pairs: "
             f"{len(entries)}.", ""]
    for e in entries:
        where = f"Rows {', '.join(map(str, e.rows))}"
        if e.products:
            where += f" (products: {', '.join(e.products)})"
        if e.shortlist:
            parts.append(rep.markdown(e.shortlist).replace("## ", "## " + where + " — ", 1))
        else:
            parts += [f"## {where}", "", e.problem, ""]
    return "\n".join(parts)
