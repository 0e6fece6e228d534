"""Self-contained HTML reports: inline CSS, inline SVG charts and a small inline script for
sorting and filtering. Every value from the input is escaped; nothing loads from the
network."""

from __future__ import annotations

from html import escape

from cepn_screen.core.models import Assessment, RowAssessment
from cepn_screen.exposure.limits import current_year
from cepn_screen.report.flat import CODE_LEGEND, flat_row, marked_codes
from cepn_screen.report.serialize import summary
from cepn_screen.report.svg import heatmap, scatter
from cepn_screen.report.table import ctrl_unknown

BANDS = ("critical", "high", "medium", "low", "info", "unknown")
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif;
margin:2rem;color:#222;max-width:1400px}
h1{font-size:1.6rem}h2{border-bottom:2px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
.bands{display:flex;gap:.6rem;flex-wrap:wrap}.band{padding:.6rem 1rem;border-radius:6px;
color:#fff;font-weight:600}.critical{background:#7f0000}.high{background:#c62828}
.medium{background:#f9a825;color:#222}.low{background:#2e7d32}.info{background:#90a4ae}
.unknown{background:#6a1b9a}table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.3rem .4rem;text-align:left;vertical-align:top}
td.cas{white-space:nowrap}
th{background:#f3f3f3;cursor:pointer;position:sticky;top:0}tr:nth-child(even){background:#fafafa}
.pill{padding:.05rem .4rem;border-radius:4px;color:#fff;font-size:.8rem}
details{margin:.4rem 0;border:1px solid #e0e0e0;border-radius:4px;padding:.3rem .6rem}
summary{cursor:pointer;font-weight:600}.src{color:#666;font-size:.8rem}
.charts figure{margin:0 0 2rem}.chart-wrap{overflow-x:auto}svg.scatter{min-width:42em}
svg.chart{display:block;height:auto}.note{color:#555;font-size:.9rem}
@media print{th{position:static}.controls{display:none}}
"""
SCRIPT = """
(function(){
 var table=document.getElementById('rows'); if(!table){return;}
 var body=table.tBodies[0], heads=table.tHead.rows[0].cells;
 function key(cell){var v=cell.getAttribute('data-sort'); if(v===null){v=cell.textContent;}
  var n=parseFloat(v); return isNaN(n)?v.toLowerCase():n;}
 Array.prototype.forEach.call(heads,function(th,i){
  th.addEventListener('click',function(){
   var asc=th.getAttribute('data-asc')!=='1'; th.setAttribute('data-asc',asc?'1':'0');
   var rows=Array.prototype.slice.call(body.rows);
   rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
    if(x<y){return asc?-1:1;} if(x>y){return asc?1:-1;} return 0;});
   rows.forEach(function(r){body.appendChild(r);});});});
 var q=document.getElementById('filter'), band=document.getElementById('band');
 function apply(){var t=q.value.toLowerCase(), b=band.value;
  Array.prototype.forEach.call(body.rows,function(r){
   var ok=r.textContent.toLowerCase().indexOf(t)>=0 && (!b||r.getAttribute('data-band')===b);
   r.style.display=ok?'':'none';});}
 q.addEventListener('input',apply); band.addEventListener('change',apply);
})();
"""
PRIORITY_ORDER = {b: i for i, b in enumerate(BANDS)}


def _e(v) -> str:
    return "" if v is None else escape(str(v))


def page(title: str, body: list[str], lang: str = "en") -> str:
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            + "".join(body) + f"<script>{SCRIPT}</script></body></html>\n")


def _summary(a: Assessment) -> list[str]:
    s = summary(a)
    out = ["<section id='summary'><h2>Summary</h2><div class='bands'>"]
    for b in BANDS:
        n = s["by_priority"].get(b, 0)
        if n:
            out.append(f"<div class='band {b}'>{b}: {n}</div>")
    out.append("</div>")
    worst = sorted((r for r in a.rows if r.priority in ("critical", "high")),
                   key=lambda r: (PRIORITY_ORDER[r.priority], r.row.row))
    if worst:
        out.append("<h3>Worst rows</h3><ul>")
        for r in worst[:15]:
            out.append(f"<li><span class='pill {r.priority}'>{r.priority}</span> row "
                       f"{r.row.row}: <b>{_e(r.resolution.name or r.row.name)}</b> — "
                       f"{_e(r.priority_reason)}</li>")
        out.append("</ul>")
    unresolved = [r for r in a.rows if r.resolution.status != "resolved"]
    if unresolved:
        out.append(f"<p class='note'>{len(unresolved)} row(s) could not be identified with "
                   "certainty; they are listed in the table with the reason.</p>")
    out.append("</section>")
    return out


def _substitute_first(entries) -> list[str]:
    if not entries:
        return []
    out = ["<section id='substitute'><h2>What to substitute first</h2>"]
    for target_row, sl in entries:
        if sl is None:
            continue
        out.append(f"<h3>{_e(target_row.resolution.name)} (rows where it is used: "
                   f"{_e(target_row.row.row)}…) — process profile {_e(sl.process)}</h3>")
        if sl.candidates:
            out.append("<ol>")
            for c in sl.candidates[:3]:
                out.append(f"<li><b>{_e(c.profile.name)}</b> ({_e(c.profile.cas)}): "
                           f"{_e('; '.join(c.reasons))}</li>")
            out.append("</ol>")
        else:
            out.append("<p>No candidate passes the functional and hazard checks.</p>")
        if sl.untested:
            out.append("<p class='note'>Solvency unknown (worth a trial): "
                       + ", ".join(_e(c.profile.name) for c in sl.untested[:6]) + "</p>")
    out.append("</section>")
    return out


def _table(a: Assessment) -> list[str]:
    cols = ("row", "input_name", "input_cas", "product", "status", "name", "cas", "priority",
            "safety", "health", "environment", "chem21_ranking", "findings")
    heads = ("Row", "Input", "Input CAS", "Product", "Status", "Identified as", "CAS",
             "Priority", "S", "H", "E", "CHEM21", "Findings")
    out = ["<section id='inventory'><h2>All rows</h2><div class='controls'>",
           "<input id='filter' type='search' placeholder='Filter rows' aria-label='Filter'> ",
           "<select id='band' aria-label='Priority'><option value=''>all priorities</option>"]
    out += [f"<option value='{b}'>{b}</option>" for b in BANDS]
    out.append("</select> <span class='note'>Click a column header to sort.</span></div>")
    unknown = ctrl_unknown(a)
    why_unknown = {n: why for why, rows in unknown.items() for n in rows}  # row -> reason
    out.append("<table id='rows'><thead><tr>" + "".join(f"<th>{h}</th>" for h in heads)
               + "<th>Control</th></tr></thead><tbody>")
    for r in a.rows:
        f = flat_row(r)
        cells = []
        for c in cols:
            v = f[c]
            if c == "priority":
                cells.append(f"<td data-sort='{PRIORITY_ORDER[v]}'><span class='pill {v}'>"
                             f"{v}</span></td>")
            elif c in ("input_cas", "cas"):
                # nowrap: a CAS number broken across lines reads as two numbers
                cells.append(f"<td class='cas'>{_e(v)}</td>")
            else:
                cells.append(f"<td>{_e(v)}</td>")
        band = r.exposure.control_banding if r.exposure else None
        ctrl = band.approach if band else None
        if ctrl:
            cells.append(f"<td>{_e(ctrl)}{'S' if band.skin else ''}</td>")
        else:  # never blank: ? and the reason (title and the note under the table)
            cells.append(f"<td data-sort='9'><abbr title='{_e(why_unknown[r.row.row])}'>?"
                         "</abbr></td>")
        out.append(f"<tr data-band='{r.priority}'>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    if unknown:
        out.append("<p class='note' id='ctrl-unknown'>Control ? = control approach unknown: "
                   + "; ".join(f"{_e(why)} (rows {_e(', '.join(map(str, rows)))})"
                               for why, rows in unknown.items()) + ".</p>")
    out.append("</section>")
    return out


def _details(r: RowAssessment) -> str:
    res, p, s = r.resolution, r.profile, r.scores
    parts = [f"<details><summary>Row {r.row.row}: {_e(res.name or r.row.name or r.row.cas)} "
             f"<span class='pill {r.priority}'>{r.priority}</span></summary>",
             f"<p>Identification: {_e(res.status)} via {_e(res.source)}"
             + (f"; warnings: {_e(', '.join(res.warnings))}" if res.warnings else "")
             + (f"; {_e(res.reason)}" if res.reason else "") + "</p>"]
    if p is not None:
        parts.append("<p>H-codes: " + _e(marked_codes(p))
                     + (" (partial: only some hazard classes assessed)" if p.hazard_partial
                        else "") + f"<br><small>{_e(CODE_LEGEND)}</small></p><ul class='src'>")
        for h in p.hazard_sources:
            parts.append(f"<li>{_e(';'.join(h['h_codes']) or 'not classified')} — "
                         f"{_e(h['kind'])}, {_e(h['source'])} {_e(h['ref'])}"
                         + (" (partial)" if h.get("partial") else "") + "</li>")
        parts.append("</ul><table><tr><th>Property</th><th>Value</th><th>Source</th></tr>")
        for k, fact in sorted(p.properties.items()):
            shown = "none" if fact.value is None else fact.value
            parts.append(f"<tr><td>{_e(k)}</td><td>{_e(shown)}"
                         f"</td><td class='src'>{_e(fact.source)} {_e(fact.ref)} "
                         f"({_e(fact.kind)})</td></tr>")
        used = r.exposure.oel.limit if r.exposure and r.exposure.oel else None
        year = current_year()
        for e in p.exposure_limits:
            stale = e.stale_reason(year)
            label = (" <b>(used)</b>" if e is used else "") + (
                " <span class='superseded'>superseded</span>" if e.superseded else
                f" <span class='stale' title='{_e(stale)}'>stale: {_e(stale)}</span>"
                if stale else "")
            parts.append(f"<tr><td>OEL {_e(e.agency)} {_e(e.limit_type)}</td><td>"
                         f"{_e(e.value)} {_e(e.unit)} ({_e(e.year or 'year unknown')})"
                         f"{' skin' if e.skin else ''}{label}</td><td "
                         f"class='src'>{_e(e.source)} {_e(e.ref)}</td></tr>")
        if p.hansen:
            parts.append(f"<tr><td>Hansen δD/δP/δH</td><td>{p.hansen.d}/{p.hansen.p}/"
                         f"{p.hansen.h}</td><td class='src'>{_e(p.hansen.source)} "
                         f"({_e(p.hansen.kind)})</td></tr>")
        for k, fact in sorted(p.lists.items()):
            parts.append(f"<tr><td>list {_e(k)}</td><td>{_e(fact.value)}</td><td "
                         f"class='src'>{_e(fact.source)} {_e(fact.ref)}</td></tr>")
        parts.append("</table>")
    if s is not None:
        parts.append("<p>CHEM21: " + "; ".join(
            f"{label} {_e(sc.value)} ({_e(sc.criterion)})" for label, sc in
            (("Safety", s.safety), ("Health", s.health), ("Environment", s.environment)))
            + f" → {_e(s.ranking)}</p>")
    if r.exposure:
        band = r.exposure.control_banding
        chosen = r.exposure.oel
        oel = chosen.limit if chosen else None
        parts.append(f"<p>Exposure: limit {_e(oel.value if oel else None)} "
                     f"{_e(oel.unit if oel else None)} "
                     f"({_e(oel.agency if oel else None)} {_e(oel.year if oel else None)})"
                     + (f" <span class='stale'>stale: {_e(chosen.stale_reason)}</span>"
                        if chosen and chosen.stale else "")
                     + (f" <span class='src'>{_e(chosen.reason)}</span>" if chosen else "")
                     + "; vapour hazard "
                     f"ratio {_e(r.exposure.vhr)}; control approach "
                     f"{_e(band.approach if band else None)} — "
                     f"{_e(band.meaning if band else None)} "
                     f"<span class='src'>({_e(band.reason if band else None)})</span></p>")
    if r.findings:
        parts.append("<ul>")
        for f in r.findings:
            parts.append(f"<li><span class='pill {f.severity}'>{f.severity}</span> "
                         f"<b>{_e(f.rule_id)}</b> {_e(f.message)}"
                         + (f"<br><i>What to do:</i> {_e(f.recommendation)}"
                            if f.recommendation else "") + "</li>")
        parts.append("</ul>")
    parts.append("</details>")
    return "".join(parts)


def _charts(a: Assessment, entries) -> list[str]:
    seen, rows = set(), []
    for r in a.rows:
        if r.scores is None or r.resolution.cas in seen:
            continue
        seen.add(r.resolution.cas)
        # The scores the priority acts on: on every source held, so a national
        # classification that the EU basis leaves unassessed never shows as a safe colour.
        s = r.scores.acting
        rows.append((r.resolution.name or "", [s.safety.value, s.health.value,
                                               s.environment.value]))
    out = ["<section id='charts'><h2>Charts</h2><div class='charts'>"]
    if rows:
        out.append("<figure><div class='chart-wrap'>"
                   + heatmap(rows, ["S", "H", "E"], "CHEM21 scores across the inventory")
                   + "</div><figcaption>CHEM21 Safety, Health "
                   "and Environment per substance, 1 (safest, dark blue) to 10 (most "
                   "hazardous, dark red): 1–3 recommended, 4–6 problematic, 7–10 hazardous; "
                   "? (grey hatch): unknown, not assessed. Scores on every source held "
                   "(national classifications included), as the priority is.</figcaption>"
                   "</figure>")
    pts, seen = [], set()
    for r in a.rows:
        p = r.profile
        if p is None or p.hansen is None or p.cas in seen:
            continue
        seen.add(p.cas)
        kind = "target" if r.priority in ("critical", "high") else "candidate"
        pts.append({"x": p.hansen.p, "y": p.hansen.h, "label": p.name, "kind": kind})
    if pts:
        chart = scatter(pts, "δP, polar (MPa½)", "δH, hydrogen bonding (MPa½)",
                        "Hansen space (polar against hydrogen-bonding)",
                        legend={"target": "critical or high priority",
                                "candidate": "other substance"})
        out.append("<figure><div class='chart-wrap'>" + chart + "</div><figcaption>"
                   "Hansen-space projection of the inventory; a number refers to the key "
                   "under the chart.</figcaption></figure>")
    for target_row, sl in entries or []:
        if sl is None or not sl.candidates:
            continue
        out.append("<figure><div class='chart-wrap'>" + substitution_chart(sl)
                   + "</div><figcaption>Substitution chart for "
                   f"{_e(target_row.resolution.name)}: Hansen distance against Health score "
                   "(lower is better on both); the Pareto front is joined.</figcaption>"
                   "</figure>")
        break
    out.append("</div></section>")
    return out


def substitution_chart(sl) -> str:
    pts = []
    if sl.target is not None and sl.target.scores is not None:
        pts.append({"x": 0.0, "y": float(sl.target.scores.health.value or 0),
                    "label": sl.target.resolution.name or "target", "kind": "target"})
    for c in sl.candidates:
        pts.append({"x": c.ra, "y": float(c.scores.health.value or 0), "label": c.profile.name,
                    "kind": "front" if c.front == 1 else "candidate"})
    for c in sl.excluded:
        if c.ra is not None and c.scores.health.value is not None and c.ra <= 12:
            pts.append({"x": c.ra, "y": float(c.scores.health.value),
                        "label": c.profile.name + " (excluded)", "kind": "excluded"})
    return scatter(pts, "Hansen distance Ra (MPa½)", "CHEM21 Health score (1-10)",
                   "Substitution chart", y_max=10)


def assessment_html(a: Assessment, entries=None, signals=None) -> str:
    """The whole report; `signals` (a signals.reports.SignalsResult) adds its section."""
    name = a.inputs.get("file")
    body = [f"<h1>Chemical inventory screening{': ' + _e(name) if name else ''}</h1>",
            f"<p class='note'>{len(a.rows)} rows; rule sets "
            + ", ".join(f"{_e(r['name'])} {_e(r['version'])}" for r in a.rule_sets)
            + f"; exposure limits: {_e(a.inputs.get('oel_source', 'lowest'))}. Unknown facts "
            "are shown as unknown, never guessed.</p>"]
    body += _summary(a)
    body += _substitute_first(entries)
    body += _table(a)
    body += _charts(a, entries)
    if signals:
        body.append("<section id='signals'><h2>Worker report signals</h2><table><tr><th>Area"
                    "</th><th>Reports</th><th>Symptoms</th><th>Chemicals</th><th>Signal</th>"
                    "<th>Why</th></tr>")
        for ar in signals.areas:
            body.append(f"<tr><td>{_e(ar.area)}</td><td>{_e(ar.reports)}</td><td>"
                        + _e(", ".join(f"{k} {v}" for k, v in ar.counts.items()))
                        + "</td><td>" + _e("; ".join(c.name for c in ar.chemicals))
                        + f"</td><td>{_e(ar.signal)}</td><td>"
                        + _e(" ".join(ar.reasons)) + "</td></tr>")
        body.append("</table></section>")
    body.append("<section id='details'><h2>Details and sources</h2>")
    body += [_details(r) for r in a.rows]
    body.append("</section>")
    return page(f"Screening of {a.inputs.get('file', 'inventory')}", body)
