"""The main job: inventory rows in, one assessed row per input row out.

load -> resolve -> profile -> evaluate rules -> score, with each distinct substance
profiled, evaluated and scored once per run.
"""

from __future__ import annotations

from dataclasses import replace

from cepn_screen.core.gcmode import relaxed_gc
from cepn_screen.core.models import (
    Assessment,
    Banding,
    Finding,
    InventoryRow,
    ProductAssessment,
    ProductComponent,
    ProductExposure,
    Profile,
    Resolution,
    RowAssessment,
    RowExposure,
    severity_rank,
)
from cepn_screen.exposure.limits import (
    band_inputs,
    choose_limit,
    control_band,
    mixture_vhr,
    vapour_hazard_ratio,
)
from cepn_screen.identity.resolver import Resolver
from cepn_screen.knowledge.base import KnowledgeBase
from cepn_screen.pipeline.context import Context
from cepn_screen.pipeline.executors import prescreen
from cepn_screen.pipeline.screener import Screener
from cepn_screen.rules.evaluate import GroupFinding, evaluate_groups, inventory_rules
from cepn_screen.rules.model import RuleSet
from cepn_screen.scoring.priority import PRIORITIES, priority_of

PARTIAL_NOTE = "hazard classification partial (its sources assessed only some hazard classes)"


@relaxed_gc
def assess_rows(rows: list[InventoryRow], *, kb: KnowledgeBase | None = None,
                rule_sets: list[RuleSet] | None = None, resolver: Resolver | None = None,
                context: Context | None = None, inputs: dict | None = None, progress=None,
                oel_source: str = "lowest", engine: str = "local", workers: int | None = None,
                scheduler: str | None = None, country: str | None = None) -> Assessment:
    """Assess inventory rows. `country` (CN, MX, ...) picks the limits that bind there; a
    row's own Country cell overrides it. `engine`/`workers`/`scheduler` say where the distinct
    substances are screened (see `executors.prescreen`); the result does not depend on it.
    `context` (or `kb`, `rule_sets`, `resolver` for a default one) says what with.
    `progress(stage, done, total)`, if given, hears how far each stage has come."""
    ctx = context or Context.build(kb, rule_sets, resolver)
    rule_sets, resolver = ctx.rule_sets, ctx.resolver
    screener = ctx.screener()
    report = progress or _silent
    if resolver.online is not None:
        pending = resolver.unresolved_offline([(r.name, r.cas, r.smiles) for r in rows])
        if pending:
            asked = iter(range(1, len(pending) + 1))
            resolver.online.prefetch(
                pending, progress=lambda: report("asking PubChem", next(asked), len(pending)))
    # Component rows of a product often leave the amount to the product's first row.
    product_amount: dict[str, tuple[float, str | None]] = {}
    for row in rows:
        if row.product and row.quantity is not None:
            product_amount.setdefault(row.product.strip(), (row.quantity, row.unit))
    resolved = []
    for i, row in enumerate(rows, 1):
        resolved.append(resolver.resolve(row.name, row.cas, row.smiles))
        if i % _EVERY == 0 or i == len(rows):
            report("identifying rows", i, len(rows))
    prescreen(screener, resolved, engine=engine, workers=workers, scheduler=scheduler,
              progress=lambda done, total: report("screening substances", done, total))
    out: list[RowAssessment] = []
    for i, (row, res) in enumerate(zip(rows, resolved, strict=True), 1):
        if i % _EVERY == 0 or i == len(rows):
            report("assessing rows", i, len(rows))
        ra = _assess_row(row, res, screener)
        amount = (row.quantity, row.unit) if row.quantity is not None else \
            product_amount.get((row.product or "").strip(), (None, None))
        ra.exposure = row_exposure(ra, screener, oel_source, amount,
                                   row.country or country)
        out.append(ra)
    group_findings = apply_inventory_rules(out, screener, rule_sets)
    products = aggregate_products(out)
    by_number = {r.row.row: r for r in out}
    for prod in products:
        prod.exposure = product_exposure(prod, by_number, screener, oel_source, country)
    return Assessment(
        inputs={**(inputs or {}), "oel_source": oel_source,
                **({"country": country} if country else {})},
        rule_sets=[{"name": rs.name, "version": rs.version} for rs in rule_sets],
        rows=out, products=products, inventory_findings=group_findings)


# Progress is reported every this many rows (and at the last one): often enough for a bar,
# rarely enough to cost nothing.
_EVERY = 500


def _silent(stage: str, done: int, total: int) -> None:
    pass


def _profiles_of(ra: RowAssessment, screener: Screener) -> list[tuple[Profile, float | None]]:
    """(profile, mass fraction) of what a row contains: its substance, or a trade product's
    components (fraction = middle of the stated range)."""
    if ra.profile is not None:
        frac = ra.row.concentration.nominal / 100 if ra.row.concentration and \
            ra.row.concentration.nominal is not None else None
        return [(ra.profile, frac)]
    out = []
    for comp in ra.resolution.components:
        s = screener.screen_cas(comp.cas) if comp.cas else None
        if s:
            lo, hi = comp.fraction_min, comp.fraction_max
            frac = (lo + hi) / 2 if lo is not None and hi is not None else None
            out.append((s.profile, frac))
    return out


def row_exposure(ra: RowAssessment, screener: Screener, oel_source: str,
                 amount: tuple[float | None, str | None] = (None, None),
                 country: str | None = None) -> RowExposure | None:
    """Limit used, vapour hazard ratio and control band for one row."""
    parts = _profiles_of(ra, screener)
    if not parts:
        return None
    if len(parts) == 1 and ra.profile is not None:
        p = parts[0][0]
        # Many rows share a substance and an amount: work it out once (the result is
        # frozen, so rows can share it).
        temp = ra.row.process_temperature_c
        key = (id(p), oel_source, country, *amount, temp)
        done = screener.exposure_memo.get(key)
        if done is None:
            lim = _limit(screener, p, oel_source, country)
            vhr = vapour_hazard_ratio(p, lim)
            band = _band(screener, p, *amount, temp)
            done = screener.exposure_memo[key] = RowExposure(
                lim, None if vhr is None else round(vhr, 1), band)
        return done
    lims = [(p, f, _limit(screener, p, oel_source, country)) for p, f in parts]
    bands = [_band(screener, p, *amount, ra.row.process_temperature_c) for p, _ in parts]
    return RowExposure(None, mixture_vhr(lims).vhr, _worst_band(bands))


# Memoised per screened substance (its profile lives as long as the screener): a large
# inventory names each substance in many rows, with other amounts.

def _limit(screener: Screener, p: Profile, oel_source: str, country: str | None):
    key = ("limit", id(p), oel_source, country)
    memo = screener.exposure_memo
    if key not in memo:
        memo[key] = choose_limit(p, oel_source, country=country)
    return memo[key]


def _band(screener: Screener, p: Profile, quantity: float | None, unit: str | None,
          temp: float | None) -> Banding:
    key = ("band", id(p), temp)
    memo = screener.exposure_memo
    inputs = memo.get(key)
    if inputs is None:
        inputs = memo[key] = band_inputs(p, temp)
    return control_band(p, quantity, unit, temp, inputs=inputs)


def _worst_band(bands: list[Banding]) -> Banding:
    """The highest control approach among components; unknown if any is unknown."""
    known = [b for b in bands if b.approach is not None]
    if len(known) < len(bands) or not known:
        worst = next((b for b in bands if b.approach is None), bands[0])
        return replace(worst, reason="a component's approach is unknown: " + worst.reason)
    return max(known, key=lambda b: b.approach)


def product_exposure(prod: ProductAssessment, rows: dict[int, RowAssessment],
                     screener: Screener, oel_source: str,
                     country: str | None = None) -> ProductExposure:
    """A product's vapour hazard ratio from its components (Raoult) and its control
    approach: the highest among its components, with the product's quantity."""
    members = [rows[n] for n in prod.rows]
    parts = [pf for r in members for pf in _profiles_of(r, screener)]
    qty_row = next((r for r in members if r.row.quantity is not None), None)
    qty, unit = (qty_row.row.quantity, qty_row.row.unit) if qty_row else (None, None)
    temp = next((r.row.process_temperature_c for r in members
                 if r.row.process_temperature_c is not None), None)
    country = next((r.row.country for r in members if r.row.country), country)
    mix = mixture_vhr([(p, f, _limit(screener, p, oel_source, country)) for p, f in parts])
    bands = [_band(screener, p, qty, unit, temp) for p, _ in parts]
    return ProductExposure(mix, _worst_band(bands) if bands else None)


def apply_inventory_rules(rows: list[RowAssessment], screener: Screener,
                          rule_sets: list[RuleSet]) -> list[GroupFinding]:
    """Rules that look across rows (same area, product or process). Each finding is also
    added to the rows it involves, so their priority reflects it."""
    if not inventory_rules(rule_sets):
        return []
    members = []
    for ra in rows:
        keys = {"area": ra.row.area, "product": ra.row.product, "process": ra.row.process}
        if ra.profile is not None:
            members.append((ra.row.row, keys, ra.profile))
        for comp in ra.resolution.components:
            s = screener.screen_cas(comp.cas) if comp.cas else None
            if s:
                members.append((ra.row.row, keys, s.profile))
    found = evaluate_groups(rule_sets, members)
    by_row = {ra.row.row: ra for ra in rows}
    for gf in found:
        for r in gf.rows:
            ra = by_row[r]
            ra.findings.append(gf.finding)
            pri, why = priority_of(ra.findings, ra.scores)
            if PRIORITIES.index(pri) > PRIORITIES.index(ra.priority):
                ra.priority, ra.priority_reason = pri, why
    return found


def _assess_row(row: InventoryRow, res: Resolution, screener: Screener) -> RowAssessment:
    if res.status == "resolved" and res.components:
        # A trade product resolved to its components: screened as the sum of them.
        findings: list[Finding] = []
        unknown, partial = [], []
        for comp in res.components:
            s = screener.screen_cas(comp.cas) if comp.cas else None
            label = comp.name or comp.cas or "?"
            if s is None or s.profile.h_codes is None:
                unknown.append(label)
            elif s.profile.hazard_partial:
                partial.append(label)
            if s:
                findings += [_prefixed(f, s.profile.name) for f in s.findings]
                comp.h_codes, comp.screened = s.profile.h_codes, True
        pri, why = priority_of(findings, None)
        if unknown and severity_rank(pri) <= severity_rank("low"):
            pri, why = "unknown", "hazard classification unknown for " + ", ".join(unknown)
        if partial:
            why = f"{why}; {PARTIAL_NOTE}: " + ", ".join(partial)
        return RowAssessment(row, res, None, findings, None, pri, why)
    if res.status == "resolved":
        s = screener.screen(res)
        classified = s.profile.h_codes is not None
        pri, why = priority_of(s.findings, s.scores, classified=classified)
        if not classified:
            why = f"hazard classification unknown (CHEM21 Health defaults to 5); {why}"
        elif s.profile.hazard_partial:
            why = f"{why}; {PARTIAL_NOTE}"
        return RowAssessment(row, res, s.profile, list(s.findings), s.scores, pri, why)
    if res.status == "ambiguous":
        # Not silently choosing, but not hiding a hazard either: report what each
        # candidate would raise, and band the row by the worst of them.
        findings = []
        for cand in res.candidates:
            s = screener.screen_cas(cand.cas) if cand.cas else None
            if s:
                findings += [_prefixed(f, f"if {s.profile.name}") for f in s.findings]
        pri, why = priority_of(findings, None)
        if severity_rank(pri) < severity_rank("medium"):
            pri, why = "medium", "identity ambiguous: check the name and CAS"
        return RowAssessment(row, res, None, findings, None, pri, why)
    return RowAssessment(row, res, None, [], None, "unknown",
                         res.reason or "substance not identified")


def _prefixed(f: Finding, who: str) -> Finding:
    return Finding(f.rule_id, f.severity, f.title, f"{who}: {f.message}", f.category,
                   f.rule_set, f.recommendation)


def aggregate_products(rows: list[RowAssessment]) -> list[ProductAssessment]:
    groups: dict[str, list[RowAssessment]] = {}
    for r in rows:
        if r.row.product:
            groups.setdefault(r.row.product.strip(), []).append(r)
    out = []
    for product, members in groups.items():
        warnings = []
        total = None
        lows = [m.row.concentration.low for m in members
                if m.row.concentration and m.row.concentration.low is not None]
        if lows:
            total = round(sum(lows), 3)
            if total > 100.0 + 1e-9:
                warnings.append("concentration_sum_over_100")
        if any(m.resolution.status != "resolved" for m in members):
            warnings.append("component_not_identified")
        findings = []
        seen = set()
        for m in members:
            for f in m.findings:
                if (f.rule_id, f.message) not in seen:
                    seen.add((f.rule_id, f.message))
                    findings.append(f)
        priority = max((m.priority for m in members), key=PRIORITIES.index)
        out.append(ProductAssessment(
            product=product, rows=[m.row.row for m in members],
            components=[ProductComponent(
                m.row.row, m.resolution.cas, m.resolution.name or m.row.name,
                m.row.concentration.text if m.row.concentration else None, m.priority)
                for m in members],
            concentration_total=total, warnings=warnings, findings=findings,
            priority=priority))
    return out


