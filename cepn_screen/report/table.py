"""Terminal output with rich: the inventory table, and one substance's profile."""

from __future__ import annotations

from cepn_screen.core.models import Assessment, RowAssessment, severity_rank
from cepn_screen.exposure.limits import current_year
from cepn_screen.report.flat import CODE_LEGEND, flat_row, marked_codes
from cepn_screen.report.serialize import summary

STYLE = {"critical": "bold white on red", "high": "bold red", "medium": "yellow",
         "low": "green", "info": "dim", "unknown": "magenta"}


# Above this many rows the table is drawn one line per row by plain_rows: rich lays out
# about 300 rows a second, so a 100,000-row inventory would take minutes.
RICH_ROWS = 2000


def render_assessment(a: Assessment, console) -> None:
    from rich.table import Table

    if len(a.rows) > RICH_ROWS:
        plain_rows(a, console)
        _footer(a, console)
        return
    t = Table(title=f"Screening of {a.inputs.get('file', 'inventory')}", show_lines=False,
              header_style="bold")
    for col, kw in (("Row", {"justify": "right"}), ("Input", {"max_width": 24}),
                    ("Identified as", {"max_width": 34}), ("Priority", {}),
                    ("S", {"justify": "right"}), ("H", {"justify": "right"}),
                    ("E", {"justify": "right"}), ("CHEM21", {}), ("Ctrl", {"justify": "right"}),
                    ("Findings / why", {"max_width": 60})):
        t.add_column(col, **kw)
    for r in a.rows:
        f = flat_row(r)
        ident = _identity(r)
        why = _why(r) or f["reason"]
        t.add_row(str(f["row"]), _esc(f["input_name"] or f["input_cas"]), ident,
                  f"[{STYLE[r.priority]}]{r.priority}[/]", _score(f["safety"]),
                  _score(f["health"]), _score(f["environment"]), f["chem21_ranking"], _ctrl(r),
                  _esc(why))
    console.print(t)
    _footer(a, console)


def _footer(a: Assessment, console) -> None:
    s = summary(a)
    order = ("critical", "high", "medium", "low", "info", "unknown")
    console.print("Rows: " + str(s["rows"]) + " — " + ", ".join(
        f"[{STYLE[k]}]{k}[/] {s['by_priority'][k]}" for k in order if k in s["by_priority"]))
    stale = [r.row.row for r in a.rows if r.exposure and r.exposure.oel and r.exposure.oel.stale]
    if stale:
        console.print(f"[yellow]{len(stale)} row(s) use a stale exposure limit[/] (older than "
                      "10 years, undated or possibly superseded; see `lookup` or JSON "
                      "exposure.oel.stale_reason): rows " + ", ".join(map(str, stale[:20]))
                      + (" ..." if len(stale) > 20 else ""))
    unknown = ctrl_unknown(a)
    if unknown:
        console.print("Ctrl ? = control approach unknown: " + "; ".join(
            f"{_esc(why)} (row{'s' if len(rows) > 1 else ''} {_rows(rows)})"
            for why, rows in unknown.items()))


def _score(value) -> str:
    """A CHEM21 score; ? when it is unknown (a blank would read as "nothing to score")."""
    return "?" if value == "" else str(value)


def _rows(rows: list[int]) -> str:
    return ", ".join(map(str, rows[:20])) + (" ..." if len(rows) > 20 else "")


def _ctrl(r: RowAssessment) -> str:
    """COSHH control approach (1-4), with S when skin/eye protection is also needed; ? when
    it cannot be worked out (the reason is a footnote, see ctrl_unknown), never blank."""
    band = r.exposure.control_banding if r.exposure else None
    if band is None or not band.approach:
        return "?"
    return f"{band.approach}{'S' if band.skin else ''}"


def ctrl_unknown(a: Assessment) -> dict[str, list[int]]:
    """Why the control approach is unknown -> the rows it is unknown for (the Ctrl column's
    `?`), in row order."""
    out: dict[str, list[int]] = {}
    for r in a.rows:
        band = r.exposure.control_banding if r.exposure else None
        if band is not None and band.approach:
            continue
        if band is None:
            why = ("substance not identified" if r.profile is None
                   else "no exposure assessment for this row")
        else:
            why = band.unknown_reason or band.reason
        out.setdefault(why, []).append(r.row.row)
    return out


def _why(r: RowAssessment) -> str:
    """The worst finding's title, and how many more there are."""
    if not r.findings:
        return ""
    worst = max(r.findings, key=lambda f: severity_rank(f.severity))
    more = len(r.findings) - 1
    return worst.title + (f" (+{more} more)" if more else "")


def _identity(r: RowAssessment) -> str:
    status, text, warned = _identity_parts(r)
    out = _esc(text) if status == "resolved" else f"[magenta]{status}[/]" + (
        ": " + _esc(text) if text else "")
    return out + (f" [dim]⚠ {warned}[/]" if warned else "")


def _identity_parts(r: RowAssessment) -> tuple[str, str, str]:
    """(status, what it was identified as, warnings), as plain text."""
    res = r.resolution
    if res.status == "resolved":
        text = (res.name or "") + (f" ({res.cas})" if res.cas else "")
    elif res.status == "ambiguous":
        text = " / ".join(f"{c.name} ({c.cas})" for c in res.candidates)
    else:
        text = ""
    return res.status, text, ", ".join(res.warnings + r.row.problems)


def plain_rows(a: Assessment, console) -> None:
    """The inventory table for large inventories: the same columns, one line per row, each
    cell cut to its column's width (… marks a cut), written as it is made. Only the
    priority is coloured, and only on a terminal."""
    from rich.cells import cell_len
    from rich.style import Style

    rankings = {r.scores.ranking or "" for r in a.rows if r.scores}
    fixed = [("Row", len(str(max(r.row.row for r in a.rows))), True), ("Input", 24, False),
             ("Identified as", 34, False), ("Priority", 8, False), ("S", 2, True),
             ("H", 2, True), ("E", 2, True),
             ("CHEM21", max(6, *(cell_len(x) for x in rankings)), False),
             ("Ctrl", 4, True)]
    rest = (console.width or 160) - sum(w for _, w, _ in fixed) - 3 * len(fixed) - 1
    cols = [*fixed, ("Findings / why", max(20, min(60, rest)), False)]
    colour = {k: Style.parse(v) for k, v in STYLE.items()} if console.is_terminal \
        and console.color_system else None

    def cell(text, width: int, right: bool) -> str:
        text = " ".join(str(text).split())  # one line: no newline or tab from a cell
        if text.isascii():  # one cell per character
            if len(text) > width:
                text = text[:width - 1] + "…"
            return text.rjust(width) if right else text.ljust(width)
        if cell_len(text) > width:  # wide (CJK) characters take two cells
            while text and cell_len(text) > width - 1:
                text = text[:-1]
            text += "…"
        pad = " " * (width - cell_len(text))
        return pad + text if right else text + pad

    out = console.file
    title = a.inputs.get("file", "inventory")
    out.write(f"Screening of {title}: {len(a.rows):,} rows, one line per row; long cells are "
              "cut (…); -f csv, xlsx or json give every field in full.\n")
    out.write(" │ ".join(cell(n, w, right) for n, w, right in cols).rstrip() + "\n")
    out.write("─┼─".join("─" * w for _, w, _ in cols) + "\n")
    lines: list[str] = []
    memo: dict = {}
    for r in a.rows:
        f = flat_row(r, memo)
        status, text, warned = _identity_parts(r)
        ident = (text if status == "resolved" else status + (": " + text if text else "")) \
            + (f" ⚠ {warned}" if warned else "")
        values = [f["row"], f["input_name"] or f["input_cas"], ident, r.priority,
                  _score(f["safety"]), _score(f["health"]), _score(f["environment"]),
                  f["chem21_ranking"], _ctrl(r), _why(r) or f["reason"]]
        cells = [cell(v, w, right) for v, (_, w, right) in zip(values, cols, strict=True)]
        if colour:
            cells[3] = colour[r.priority].render(cells[3], color_system=console._color_system)
        lines.append(" │ ".join(cells).rstrip())
        if len(lines) == 1000:
            out.write("\n".join(lines) + "\n")
            lines.clear()
    if lines:
        out.write("\n".join(lines) + "\n")


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(str(text))


def limit_rows(head, p, r: RowAssessment) -> None:
    """Every limit held, one line per agency, the one used for the VHR marked ◀ used,
    stale values labelled; the reason for the choice below."""
    used = r.exposure.oel if r.exposure and r.exposure.oel else None
    if not p.exposure_limits:
        head.add_row("Exposure limits", "unknown (none held)")
        return
    year = current_year()
    by_agency: dict[str, list] = {}
    for e in p.exposure_limits:
        by_agency.setdefault(e.agency, []).append(e)
    first = True
    for agency, limits in by_agency.items():
        parts = []
        for e in limits:
            text = _esc(f"{e.limit_type} {e.value:g} {e.unit}"
                        + (f" ({e.year})" if e.year else " (year ?)")
                        + (" skin" if e.skin else ""))
            if e.superseded:
                text = f"[dim strike]{text}[/] [dim](superseded)[/]"
            elif e.stale_reason(year):
                text += " [yellow]stale[/]"
            if used is not None and e is used.limit:
                text = f"[bold]{text} ◀ used[/]"
            parts.append(text)
        head.add_row("Exposure limits" if first else "", f"{_esc(agency)}: " + ", ".join(parts))
        first = False
    if used is not None:
        head.add_row("Limit used", _esc(used.reason))


def render_profile(r: RowAssessment, console) -> None:
    from rich.panel import Panel
    from rich.table import Table

    res, p, s = r.resolution, r.profile, r.scores
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Status", res.status + (f" (via {res.source})" if res.source else ""))
    if res.status == "resolved":
        head.add_row("Name", _esc(res.name or ""))
        head.add_row("CAS", res.cas or "—")
    if res.status == "ambiguous":
        for c in res.candidates:
            head.add_row("Candidate", _esc(f"{c.name} ({c.cas})"))
    for comp in res.components:
        frac = ""
        if comp.fraction_min is not None:
            frac = f" {comp.fraction_min:.0%}–{comp.fraction_max:.0%}"
        head.add_row("Component", _esc(f"{comp.name} ({comp.cas}){frac}"))
    if res.warnings:
        head.add_row("Warnings", ", ".join(res.warnings))
    if res.reason:
        head.add_row("Note", _esc(res.reason))
    if p:
        head.add_row("SMILES", _esc(p.smiles or "unknown"))
        head.add_row("Formula", p.formula or "unknown")
        head.add_row("H-codes", _esc(marked_codes(p))
                     + (" [yellow](partial: only some hazard classes assessed)[/]"
                        if p.hazard_partial else ""))
        if p.h_codes and any(h.kind != "harmonised" or h.group for h in p.hazard_codes):
            head.add_row("", f"[dim]{_esc(CODE_LEGEND)}[/]")
        if p.hazard_classes is not None:
            unknown = [k for k, st in p.hazard_classes.items() if st.state == "unknown"]
            absent = [k for k, st in p.hazard_classes.items() if st.state == "absent"]
            head.add_row("Hazard classes", f"{len(p.hazard_classes) - len(unknown) - len(absent)}"
                         f" present, {len(absent)} assessed absent, {len(unknown)} unknown"
                         + (f" [dim](unknown: {', '.join(unknown)})[/]" if unknown else ""))
        for k, label in (("boiling_point_c", "Boiling point"), ("flash_point_c", "Flash point"),
                         ("vapour_pressure_kpa_20c", "Vapour pressure 20 °C")):
            fact = p.properties.get(k)
            unit = " kPa" if "kpa" in k else " °C"
            head.add_row(label, f"{fact.value:g}{unit} [dim]({fact.source} {fact.ref})[/]"
                         if fact else "unknown")
        limit_rows(head, p, r)
        if p.hansen:
            head.add_row("Hansen δD/δP/δH", f"{p.hansen.d}/{p.hansen.p}/{p.hansen.h} MPa½ "
                         f"[dim]({p.hansen.kind})[/]")
    if s:
        for label, sc in (("Safety", s.safety), ("Health", s.health),
                          ("Environment", s.environment)):
            head.add_row(f"CHEM21 {label}", f"{sc.value if sc.value is not None else '?'} "
                         f"[dim]{_esc(sc.criterion)}[/]")
        head.add_row("CHEM21 ranking", f"{s.ranking or 'unknown'} [dim]({s.ranking_reason})[/]")
    head.add_row("Priority", f"[{STYLE[r.priority]}]{r.priority}[/] "
                 f"[dim]{_esc(r.priority_reason)}[/]")
    console.print(Panel(head, title=_esc(res.name or str(r.row.cells.get("query", "")))))
    for f in r.findings:
        console.print(f"[{STYLE[f.severity]}]{f.severity:>8}[/] [bold]{f.rule_id}[/] "
                      f"{_esc(f.message)}")
        if f.recommendation:
            console.print(f"          [dim]→ {_esc(f.recommendation)}[/]")
