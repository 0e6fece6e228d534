"""The row's overall band: the worse of its worst finding and its CHEM21 ranking."""

from __future__ import annotations

from cepn_screen.core.models import SEVERITIES, Finding, Scores, severity_rank

RANKING_PRIORITY = {"Hazardous": "high", "Problematic": "medium",
                    "Problematic (incomplete data)": "medium", "Recommended": "low"}
# "unknown" sorts below info for --fail-on and --min-priority purposes.
PRIORITIES = ("unknown", *SEVERITIES)


def priority_of(findings: list[Finding], scores: Scores | None, *,
                classified: bool = True) -> tuple[str, str]:
    """(band, why): the worse of the worst finding and the CHEM21 ranking's band. Missing
    data never give a low band: without a usable classification the band is `unknown`
    unless a finding (or a Hazardous ranking on known facts) says more."""
    best, why = "info", "no finding"
    basis = ""
    if scores is not None and scores.every_source is not None:
        # every source held: a national classification is evidence of a hazard too
        scores, basis = scores.every_source, " on every source held"
    if not classified:
        best, why = "unknown", "hazard classification unknown"
        if scores and scores.ranking == "Hazardous":
            best, why = "high", f"CHEM21 Hazardous{basis} ({scores.ranking_reason})"
        for f in findings:
            if severity_rank(f.severity) >= severity_rank("medium") and (
                    best == "unknown" or severity_rank(f.severity) > severity_rank(best)):
                best, why = f.severity, f"{f.rule_id}: {f.title}"
        return best, why
    if scores and scores.ranking:
        best = RANKING_PRIORITY[scores.ranking]
        why = f"CHEM21 {scores.ranking}{basis}"
    for f in findings:
        if severity_rank(f.severity) > severity_rank(best):
            best, why = f.severity, f"{f.rule_id}: {f.title}"
    return best, why
