"""The main job: inventory rows in, one assessed row per input row out.

load -> resolve -> profile -> evaluate rules -> score, with each distinct substance
profiled, evaluated and scored once per run.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from cepn_screen.core.errors import InputError
from cepn_screen.core.gcmode import relaxed_gc
from cepn_screen.core.models import (
    Assessment,
    AssessmentStream,
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
    Scores,
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

# Row exposures kept for reuse, by substance and amount (a memo that would otherwise grow
# with the rows: most amounts of a large inventory differ).
AMOUNT_MEMO = 20_000
PARTIAL_NOTE = "hazard classification partial (its sources assessed only some hazard classes)"


@relaxed_gc
def assess_rows(rows: list[InventoryRow], **options) -> Assessment:
    """Assess inventory rows (held in memory): `assess_stream` over the list, with the
    rows kept. The options are assess_stream's."""
    return assess_stream(lambda: iter(rows), **options).materialise()


@relaxed_gc
def assess_stream(source: Callable[[], Iterable[InventoryRow]], *,
                  kb: KnowledgeBase | None = None, rule_sets: list[RuleSet] | None = None,
                  resolver: Resolver | None = None, context: Context | None = None,
                  inputs: dict | None = None, progress=None, oel_source: str = "lowest",
                  engine: str = "local", workers: int | None = None,
                  scheduler: str | None = None, country: str | None = None
                  ) -> AssessmentStream:
    """Assess the rows `source()` gives, without holding them: a first pass reads what
    each row names and what the cross-row parts need (group keys, product members),
    every distinct substance is then resolved and screened once, the inventory rules,
    products and summary are worked out, and `rows()` of the result reads the rows again
    and makes each one as it is asked for. `source` must give the same rows each time
    (a second read that differs is an InputError).

    `country` (CN, MX, ...) picks the limits that bind there; a row's own Country cell
    overrides it. `engine`/`workers`/`scheduler` say where the distinct substances are
    screened (see `executors.prescreen`); the result does not depend on it. `context` (or
    `kb`, `rule_sets`, `resolver` for a default one) says what with. `inputs` is echoed
    in the output; a "rows" entry of None there becomes the row count.
    `progress(stage, done, total)`, if given, hears how far each stage has come (the last
    one, "assessing rows", while `rows()` is read)."""
    ctx = context or Context.build(kb, rule_sets, resolver)
    rule_sets, resolver = ctx.rule_sets, ctx.resolver
    screener = ctx.screener()
    report = progress or _silent
    plan = _Plan(grouped=bool(inventory_rules(rule_sets)))
    for row in source():
        plan.add(row)
    if resolver.online is not None:
        pending = resolver.unresolved_offline(plan.names)
        if pending:
            asked = iter(range(1, len(pending) + 1))
            resolver.online.prefetch(
                pending, progress=lambda: report("asking PubChem", next(asked), len(pending)))
    resolved = []
    for i, name in enumerate(plan.names, 1):
        resolved.append(resolver.resolve(*name))
        if i % _EVERY == 0 or i == len(plan.names):
            report("identifying names", i, len(plan.names))
    prescreen(screener, resolved, engine=engine, workers=workers, scheduler=scheduler,
              progress=lambda done, total: report("screening substances", done, total))
    verdicts = [_verdict(res, screener) for res in resolved]
    found = evaluate_groups(rule_sets, _Members(plan, verdicts, resolved, screener)) \
        if plan.grouped else []
    by_row: dict[int, list[GroupFinding]] = {}
    for gf in found:
        for r in gf.rows:
            by_row.setdefault(r, []).append(gf)

    def finished(row: InventoryRow, i: int) -> RowAssessment:
        v = verdicts[i]
        findings, pri, why = _with_groups(v, by_row.get(row.row, ()))
        return RowAssessment(row, resolved[i], v.profile, findings, v.scores, pri, why)

    summary, left = _tally(plan, verdicts, resolved, by_row, country)
    def products() -> Iterator[ProductAssessment]:
        # Made as they are written (after the rows), not held: a large inventory has
        # many products, and the CSV output none.
        for product, members in plan.products.items():
            ras = [finished(_member_row(m), m[1]) for m in members]
            prod = aggregate_product(product, ras)
            prod.exposure = product_exposure(prod, {ra.row.row: ra for ra in ras},
                                             screener, oel_source, country)
            yield prod

    def rows() -> Iterator[RowAssessment]:
        k = 0
        for row in source():
            if k >= plan.count or plan.idx[k] != plan.keys.get(_name_key(row)):
                raise _changed(inputs)
            ra = finished(row, plan.idx[k])
            amount = (row.quantity, row.unit) if row.quantity is not None else \
                plan.product_amount.get((row.product or "").strip(), (None, None))
            ra.exposure = row_exposure(ra, screener, oel_source, amount,
                                       row.country or country)
            k += 1
            if k % _EVERY == 0 or k == plan.count:
                report("assessing rows", k, plan.count)
            yield ra
        if k != plan.count:
            raise _changed(inputs)

    def share_key(ra: RowAssessment):
        return _share_key(ra.profile, ra.findings, ra.scores, ra.row.row in by_row,
                          ra.row.country or country)

    def at_or_above(severity: str) -> int:
        floor = severity_rank(severity)
        n = 0
        for k in range(plan.count):
            i = plan.idx[k]
            n += verdicts[i].at_or_above(floor)
            n += sum(severity_rank(gf.finding.severity) >= floor
                     for gf in by_row.get(plan.numbers[k], ()))
        return n

    echoed = dict(inputs or {})
    if "rows" in echoed and echoed["rows"] is None:
        echoed["rows"] = plan.count
    return AssessmentStream(
        inputs={**echoed, "oel_source": oel_source, **({"country": country} if country else {})},
        rule_sets=[{"name": rs.name, "version": rs.version} for rs in rule_sets],
        count=plan.count, summary=summary, products=_Remade(products),
        inventory_findings=found,
        rows=rows, share_key=share_key, share_left=left, findings_at_or_above=at_or_above)


class _Remade:
    """An iterable that makes its items again each time it is walked."""

    def __init__(self, make: Callable[[], Iterator]):
        self.make = make

    def __iter__(self) -> Iterator:
        return self.make()


def _name_key(row: InventoryRow) -> tuple[str, str, str]:
    """What the resolver tells rows apart by (Resolver.resolve's memo key)."""
    return (row.name or "", row.cas or "", row.smiles or "")


def _changed(inputs: dict | None) -> InputError:
    return InputError("the inventory changed while it was being assessed; run it again",
                      file=(inputs or {}).get("file"))


class _Plan:
    """What the first pass keeps: per row only small numbers (its name's index, row
    number, country), per distinct name its first (name, CAS, SMILES), and for the
    cross-row parts the group keys and product members. No row is held."""

    def __init__(self, grouped: bool):
        self.grouped = grouped
        self.keys: dict[tuple[str, str, str], int] = {}
        self.names: list[tuple] = []
        self.idx = array("q")
        self.numbers = array("q")
        self.country = array("l")
        self.values: dict[str | None, int] = {None: 0}  # countries and group keys, by id
        self.texts: list[str | None] = [None]
        self.group_rows = array("q")  # positions of the rows with a group key
        self.group_keys = array("l")  # area, product, process ids of those rows
        self.products: dict[str, list[tuple]] = {}
        self.product_amount: dict[str, tuple[float, str | None]] = {}

    @property
    def count(self) -> int:
        return len(self.idx)

    def _id(self, text: str | None) -> int:
        i = self.values.get(text)
        if i is None:
            i = self.values[text] = len(self.texts)
            self.texts.append(text)
        return i

    def add(self, row: InventoryRow) -> None:
        key = _name_key(row)
        i = self.keys.get(key)
        if i is None:
            i = self.keys[key] = len(self.names)
            self.names.append((row.name, row.cas, row.smiles))
        k = self.count
        self.idx.append(i)
        self.numbers.append(row.row)
        self.country.append(self._id(row.country))
        if self.grouped and (row.area or row.product or row.process):
            self.group_rows.append(k)
            self.group_keys.extend((self._id(row.area), self._id(row.product),
                                    self._id(row.process)))
        if row.product:
            product = row.product.strip()
            # Component rows of a product often leave the amount to its first row.
            if row.quantity is not None:
                self.product_amount.setdefault(product, (row.quantity, row.unit))
            self.products.setdefault(product, []).append(
                (row.row, i, row.name, row.concentration, row.quantity, row.unit,
                 row.process_temperature_c, row.country))


def _member_row(m: tuple) -> InventoryRow:
    """A product member's row, with what the product summary and exposure read."""
    n, _, name, conc, qty, unit, temp, country = m
    return InventoryRow(row=n, id=str(n), cells={}, name=name, concentration=conc,
                        quantity=qty, unit=unit, process_temperature_c=temp, country=country)


class _Members:
    """evaluate_groups' members, (row number, group keys, profile), made from the plan
    each time they are walked (once per inventory rule and field)."""

    def __init__(self, plan: _Plan, verdicts, resolved, screener: Screener):
        self.plan, self.verdicts, self.resolved, self.screener = \
            plan, verdicts, resolved, screener

    def __iter__(self):
        plan, texts = self.plan, self.plan.texts
        for j, k in enumerate(plan.group_rows):
            a, p, c = plan.group_keys[3 * j:3 * j + 3]
            keys = {"area": texts[a], "product": texts[p], "process": texts[c]}
            i, n = plan.idx[k], plan.numbers[k]
            if self.verdicts[i].profile is not None:
                yield n, keys, self.verdicts[i].profile
            for comp in self.resolved[i].components:
                s = self.screener.screen_cas(comp.cas) if comp.cas else None
                if s:
                    yield n, keys, s.profile


def _with_groups(v: _Verdict, groups) -> tuple[list[Finding], str, str]:
    """A row's findings, band and reason: its verdict's, with its group findings added
    one by one, the band rising whenever a finding raises it."""
    findings, pri, why = list(v.findings), v.priority, v.reason
    for gf in groups:
        findings.append(gf.finding)
        p, w = priority_of(findings, v.scores)
        if PRIORITIES.index(p) > PRIORITIES.index(pri):
            pri, why = p, w
    return findings, pri, why


def _share_key(profile: Profile | None, findings, scores: Scores | None, grouped: bool,
               country: str | None):
    """Rows with the same key have the same substance part (serialize encodes it once):
    a screened substance's rows, by substance and the country whose limit they use; and
    every row with nothing screened. A row with group findings has its own part (None)."""
    if grouped:
        return None
    if profile is not None:
        return ("substance", id(profile), country)
    if not findings and scores is None:
        return ("nothing",)
    return None


def _tally(plan: _Plan, verdicts, resolved, by_row, country):
    """The summary (rows by priority and by status, in order of first appearance, as the
    rows are written) and the count of rows of each share key."""
    by_priority: dict[str, int] = {}
    by_status: dict[str, int] = {}
    left: dict = {}
    texts = plan.texts
    for k in range(plan.count):
        i, n = plan.idx[k], plan.numbers[k]
        v = verdicts[i]
        groups = by_row.get(n)
        pri = _with_groups(v, groups)[1] if groups else v.priority
        by_priority[pri] = by_priority.get(pri, 0) + 1
        status = resolved[i].status
        by_status[status] = by_status.get(status, 0) + 1
        key = _share_key(v.profile, v.findings, v.scores, groups is not None,
                         texts[plan.country[k]] or country)
        if key is not None:
            left[key] = left.get(key, 0) + 1
    return {"rows": plan.count, "by_priority": by_priority, "by_status": by_status}, left


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
        memo = screener.amount_memo
        done = memo.get(key)
        if done is None:
            lim = _limit(screener, p, oel_source, country)
            vhr = vapour_hazard_ratio(p, lim)
            band = _band(screener, p, *amount, temp)
            if len(memo) >= AMOUNT_MEMO:
                memo.clear()  # bounded: on a large inventory amounts seldom repeat
            done = memo[key] = RowExposure(lim, None if vhr is None else round(vhr, 1), band)
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


@dataclass(frozen=True)
class _Verdict:
    """What a row's identification alone decides: its profile, findings, scores and band
    (the same for every row naming the same thing; group findings come on top)."""

    profile: Profile | None
    findings: tuple[Finding, ...]
    scores: Scores | None
    priority: str
    reason: str

    def at_or_above(self, floor: int) -> int:
        return sum(severity_rank(f.severity) >= floor for f in self.findings)


def _verdict(res: Resolution, screener: Screener) -> _Verdict:
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
        return _Verdict(None, tuple(findings), None, pri, why)
    if res.status == "resolved":
        s = screener.screen(res)
        classified = s.profile.h_codes is not None
        pri, why = priority_of(s.findings, s.scores, classified=classified)
        if not classified:
            why = f"hazard classification unknown (CHEM21 Health defaults to 5); {why}"
        elif s.profile.hazard_partial:
            why = f"{why}; {PARTIAL_NOTE}"
        return _Verdict(s.profile, tuple(s.findings), s.scores, pri, why)
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
        return _Verdict(None, tuple(findings), None, pri, why)
    return _Verdict(None, (), None, "unknown", res.reason or "substance not identified")


def _prefixed(f: Finding, who: str) -> Finding:
    return Finding(f.rule_id, f.severity, f.title, f"{who}: {f.message}", f.category,
                   f.rule_set, f.recommendation)


def aggregate_product(product: str, members: list[RowAssessment]) -> ProductAssessment:
    """A trade product's summary from its rows, in input order."""
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
    return ProductAssessment(
        product=product, rows=[m.row.row for m in members],
        components=[ProductComponent(
            m.row.row, m.resolution.cas, m.resolution.name or m.row.name,
            m.row.concentration.text if m.row.concentration else None, m.priority)
            for m in members],
        concentration_total=total, warnings=warnings, findings=findings,
        priority=priority)
