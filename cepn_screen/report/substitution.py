"""Render substitution shortlists: JSON (DESIGN contract), Markdown, CSV and a rich table."""

from __future__ import annotations

from cepn_screen.report.serialize import finding_dict, row_dict, scores_dict
from cepn_screen.report.tabular import csv_text as csv_table
from cepn_screen.substitution.substitute import PROFILES, Candidate, Shortlist


def _hansen(h) -> dict | None:
    return None if h is None else {"d": h.d, "p": h.p, "h": h.h, "kind": h.kind,
                                   "source": h.source}


def candidate_dict(c: Candidate) -> dict:
    p = c.profile
    return {"rank": c.rank, "cas": p.cas, "name": p.name, "smiles": p.smiles, "ra": c.ra,
            "red": c.red, "hansen": _hansen(c.hansen), "pareto_front": c.front,
            "hazard_index": c.hazard, "composite": c.composite,
            "scores": scores_dict(c.scores), "h_codes": p.h_codes,
            "boiling_point_c": p.prop("boiling_point_c"),
            "flash_point_c": p.prop("flash_point_c"),
            "findings": [finding_dict(f) for f in c.findings], "reasons": c.reasons}


def shortlist_dict(s: Shortlist) -> dict:
    return {
        "target": row_dict(s.target) if s.target is not None else None,
        "target_hansen": _hansen(s.target_hansen), "radius": s.radius,
        "process": {"name": s.process, "description": PROFILES[s.process].description},
        "candidates": [candidate_dict(c) for c in s.candidates],
        "excluded": [{"cas": c.profile.cas, "name": c.profile.name, "ra": c.ra,
                      "reasons": c.excluded} for c in s.excluded],
        "verify": [{"cas": c.profile.cas, "name": c.profile.name, "ra": c.ra,
                    "scores": scores_dict(c.scores), "h_codes": c.profile.h_codes,
                    "verify": c.verify, "reasons": c.reasons} for c in s.verify],
        "hansen_unknown": [{"cas": c.profile.cas, "name": c.profile.name,
                            "reasons": c.reasons} for c in s.untested],
        "blends": [{"components": [{"cas": c.profile.cas, "name": c.profile.name,
                                    "fraction": x} for c, x in b.components],
                    "ra": b.ra, "reasons": b.reasons} for b in s.blends],
    }


def _she(sc) -> str:
    return "/".join("?" if v is None else str(v)
                    for v in (sc.safety.value, sc.health.value, sc.environment.value))


def _title(s: Shortlist) -> str:
    if s.target is not None:
        r = s.target.resolution
        return f"{r.name} ({r.cas})" if r.cas else str(r.name)
    h = s.target_hansen
    return f"Hansen point {h.d}/{h.p}/{h.h}"


def markdown(s: Shortlist, show_excluded: bool = False) -> str:
    lines = [f"## Safer alternatives to {_title(s)}", "",
             f"Process profile: **{s.process}** — {PROFILES[s.process].description}", ""]
    if s.target is not None and s.target.scores is not None:
        sc = s.target.scores
        lines.append(f"Target: CHEM21 S {sc.safety.value} / H {sc.health.value} / "
                     f"E {sc.environment.value} ({sc.ranking}); findings: "
                     + (", ".join(f.rule_id for f in s.target.findings) or "none"))
        lines.append("")
    if not s.candidates:
        lines += ["No candidate passes the functional and hazard checks.", ""]
    else:
        lines += ["| # | candidate | CAS | Ra | S/H/E | why |", "|---|---|---|---|---|---|"]
        for c in s.candidates:
            sc = c.scores
            lines.append(f"| {c.rank} | {c.profile.name} | {c.profile.cas or ''} | {c.ra:.1f} | "
                         f"{_she(sc)} | "
                         + "; ".join(c.reasons).replace("|", "/") + " |")
        lines.append("")
    if s.verify:
        lines += ["To verify (pass the checks we can make, not ranked: a fact they need is "
                  "unknown):", ""]
        for c in s.verify:
            ra = f"Ra {c.ra:.1f}, " if c.ra is not None else ""
            lines.append(f"- {c.profile.name} ({c.profile.cas or 'no CAS'}): {ra}S/H/E "
                         f"{_she(c.scores)}; " + "; ".join(c.reasons).replace("|", "/"))
        lines.append("")
    if s.untested:
        lines += ["Pass the hazard and process checks but have no Hansen parameters "
                  "(solvency unknown: worth a cleaning trial):", ""]
        for c in s.untested:
            lines.append(f"- {c.profile.name} ({c.profile.cas or 'no CAS'}): "
                         + "; ".join(c.reasons))
        lines.append("")
    if s.blends:
        lines += ["Two-solvent blends closer to the target:", ""]
        for b in s.blends:
            lines.append("- " + " + ".join(f"{x:.0%} {c.profile.name}" for c, x in b.components)
                         + f": Ra {b.ra:.1f}")
        lines.append("")
    if show_excluded and s.excluded:
        lines += ["Excluded:", ""]
        for c in s.excluded:
            lines.append(f"- {c.profile.name} ({c.profile.cas or 'no CAS'}): "
                         + "; ".join(c.excluded))
        lines.append("")
    return "\n".join(lines) + "\n"


def csv_text(rows: list[dict]) -> str:
    fields = ["target", "target_cas", "process", "rank", "cas", "name", "ra", "safety",
              "health", "environment", "reasons"]
    return csv_table(fields, ([r.get(k) for k in fields] for r in rows))


def csv_rows(s: Shortlist, **extra) -> list[dict]:
    tname = _title(s)
    tcas = s.target.resolution.cas if s.target is not None else ""
    return [{"target": tname, "target_cas": tcas, "process": s.process, "rank": c.rank,
             "cas": c.profile.cas, "name": c.profile.name, "ra": c.ra,
             "safety": c.scores.safety.value, "health": c.scores.health.value,
             "environment": c.scores.environment.value, "reasons": "; ".join(c.reasons),
             **extra} for c in s.candidates] + [
        {"target": tname, "target_cas": tcas, "process": s.process, "rank": "verify",
         "cas": c.profile.cas, "name": c.profile.name, "ra": c.ra,
         "safety": c.scores.safety.value, "health": c.scores.health.value,
         "environment": c.scores.environment.value, "reasons": "; ".join(c.reasons),
         **extra} for c in s.verify]


def render_table(s: Shortlist, console, show_excluded: bool = False) -> None:
    from rich.markup import escape
    from rich.table import Table

    t = Table(title=f"Safer alternatives to {escape(_title(s))} ({s.process})",
              header_style="bold")
    for col in ("#", "Candidate", "CAS", "Ra", "S/H/E", "Why"):
        t.add_column(col, overflow="fold")
    for c in s.candidates:
        sc = c.scores
        t.add_row(str(c.rank), escape(c.profile.name), c.profile.cas or "", f"{c.ra:.1f}",
                  _she(sc),
                  escape("; ".join(c.reasons)))
    console.print(t)
    if not s.candidates:
        console.print("No candidate passes the functional and hazard checks.")
    for c in s.verify:
        console.print(f"[yellow]verify[/] {escape(c.profile.name)} "
                      f"({c.profile.cas or 'no CAS'}) S/H/E {_she(c.scores)}: "
                      f"{escape('; '.join(c.reasons))}")
    for c in s.untested:
        console.print(f"[yellow]solvency unknown[/] {escape(c.profile.name)} "
                      f"({c.profile.cas or 'no CAS'}): {escape('; '.join(c.reasons))}")
    for b in s.blends:
        console.print("Blend: " + " + ".join(f"{x:.0%} {escape(c.profile.name)}"
                                             for c, x in b.components) + f" — Ra {b.ra:.1f}")
    if show_excluded:
        for c in s.excluded:
            console.print(f"[dim]excluded[/] {escape(c.profile.name)} "
                          f"({c.profile.cas or 'no CAS'}): {escape('; '.join(c.excluded))}")
