"""Safer substitution: candidates that still do the job and are truly safer, with reasons.

Functional fit: Hansen distance Ra = sqrt(4 dD^2 + dP^2 + dH^2) (RED = Ra / R0 with a
radius), an evaporation window on the boiling point, and the flash-point rule of a process
profile. Hazard: CHEM21 scores, rule findings and list flags. A candidate worse than the
target on any CHEM21 axis, or with a critical finding, a CMR, neurotoxic, ozone-depleting
or SVHC flag, is excluded (regrettable substitution) and listed with the reason.

Ranking: candidates with a known classification first; then Pareto fronts of (Ra, hazard
index); then within a front the composite score Ra/8 + hazard/10 (lower is better), where
hazard index = (2 H + S + E) / 4 — Health counts double because worker exposure is the
concern.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from cepn_screen.core.errors import NoHansenData, NotFound, OptionError
from cepn_screen.core.hazard_classes import ABSENT, PRESENT, UNKNOWN
from cepn_screen.core.hcodes import parent_codes
from cepn_screen.core.models import Finding, Hansen, Profile, Resolution, Scores
from cepn_screen.inventory.load import load_inventory
from cepn_screen.inventory.vocabulary import process_words
from cepn_screen.knowledge import chemdb
from cepn_screen.pipeline.context import Context
from cepn_screen.pipeline.executors import prescreen
from cepn_screen.pipeline.lookup import lookup
from cepn_screen.profile.hansen_estimate import estimate
from cepn_screen.scoring.chem21 import flammability
from cepn_screen.substitution.profiles import PROFILES, ProcessProfile

EXCLUDING_RULES = {"CEPN-NEURO-001": "neurotoxic (n-hexane type)",
                   "CEPN-CMR-001": "CMR category 1A/1B", "CEPN-CMR-002": "CMR category 2",
                   "CEPN-ODS-001": "ozone-depleting", "CEPN-LIST-SVHC": "REACH SVHC",
                   "CEPN-BENZ-001": "benzene", "CEPN-REPRO-GE-001": "reproductive glycol ether",
                   "CEPN-AMIDE-001": "reproductive amide/pyrrolidone"}
# Without a radius, a candidate farther than this from the target in Hansen space is not
# considered a functional match (a screening choice; --max-ra changes it).
DEFAULT_MAX_RA = 8.0
NO_HANSEN = "Hansen parameters unknown and not estimable"
CMR_CODES = ("H340", "H341", "H350", "H351", "H360", "H361")
CMR_CLASSES = ("muta", "carc", "repr")


# Free-text process names in inventories -> profile
PROCESS_WORDS = (("vapour", "vapour-degreasing"), ("vapor", "vapour-degreasing"),
                 ("degreas", "vapour-degreasing"), ("strip", "resist-strip"),
                 ("flux", "flux-cleaning"), ("immersion", "immersion"),
                 ("ultrason", "immersion"), ("wip", "wiping"), ("擦", "wiping"),
                 ("limpieza manual", "wiping"))


def profile_for_process(text: str | None) -> str:

    t = (text or "").lower().strip()
    for word, name in process_words():  # the template's choices, in every language
        if t == word:
            return name
    for word, name in PROCESS_WORDS:
        if word in t:
            return name
    return "general"


@dataclass
class Candidate:
    profile: Profile
    findings: list[Finding]
    scores: Scores
    hansen: Hansen | None
    hansen_kind: str = ""
    ra: float | None = None
    red: float | None = None
    hazard: float | None = None
    reasons: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    verify: list[str] = field(default_factory=list)  # checks failed for want of a fact
    front: int = 0
    composite: float | None = None
    rank: int = 0


@dataclass
class Blend:
    components: list[tuple[Candidate, float]]
    ra: float
    reasons: list[str]


@dataclass
class Shortlist:
    target: object  # RowAssessment of the target, or None for an --hsp point
    target_hansen: Hansen | None
    radius: float | None
    process: str
    candidates: list[Candidate]
    excluded: list[Candidate]
    blends: list[Blend]
    # Pass every check but the functional one, which cannot be judged without Hansen
    # parameters: worth a solvency trial, listed apart from the ranked candidates.
    untested: list[Candidate] = field(default_factory=list)
    # Pass every check that the data allow but fail one on an unknown fact: never ranked,
    # listed with what to verify on the supplier's SDS.
    verify: list[Candidate] = field(default_factory=list)


def ra(a: Hansen | tuple, b: Hansen | tuple) -> float:
    ad, ap, ah = (a.d, a.p, a.h) if isinstance(a, Hansen) else a
    bd, bp, bh = (b.d, b.p, b.h) if isinstance(b, Hansen) else b
    return math.sqrt(4 * (ad - bd) ** 2 + (ap - bp) ** 2 + (ah - bh) ** 2)


def hazard_index(s: Scores) -> float | None:
    """The hazard a candidate is ranked on: the CHEM21 scores on every source held."""
    s = s.acting
    if None in (s.safety.value, s.health.value, s.environment.value):
        return None
    return (2 * s.health.value + s.safety.value + s.environment.value) / 4


def flammable(p: Profile) -> str:
    """present (a flash point is held, or a flammability code), absent (a sourced "no
    flash point") or unknown. Not being classified flammable is not enough for a
    non-flammable liquid: a liquid with a flash point above 60 °C is not classified."""
    if p.has_no("flash_point_c"):
        return ABSENT
    if p.prop("flash_point_c") is not None or flammability(p).state == PRESENT:
        return PRESENT
    return UNKNOWN


# The highest flash point a flammability code allows (°C): H224/H225 < 23, H226 ≤ 60,
# H227 (GHS category 4) ≤ 93.
FLASH_CEILING = {"H224": 23.0, "H225": 23.0, "H226": 60.0, "H227": 93.0}
VERIFY = "passes the checks we can make; verify {} on the supplier's SDS"


def _fmt(v, unit="") -> str:
    return "unknown" if v is None else f"{v:g}{unit}"


def bp_window(proc: ProcessProfile, target: Profile | None) -> tuple[float | None, float | None]:
    """The boiling-point range a candidate must fall in: the profile's absolute window,
    narrowed to the band around the target's boiling point when it is known."""
    tbp = target.prop("boiling_point_c") if target else None
    lo, hi = proc.bp_min, proc.bp_max
    if tbp is not None:
        if proc.bp_below_target is not None:
            lo = max(x for x in (lo, tbp - proc.bp_below_target) if x is not None)
        if proc.bp_above_target is not None:
            hi = min(x for x in (hi, tbp + proc.bp_above_target) if x is not None)
    return lo, hi


def functional_problems(c: Candidate, target: Profile | None, proc: ProcessProfile
                        ) -> tuple[list[str], list[str]]:
    """(why a candidate cannot do the job, what could not be checked for lack of data).
    A check that needs an unknown fact fails: the candidate is not ranked but listed for
    verification."""
    out, verify = [], []
    bp = c.profile.prop("boiling_point_c")
    lo, hi = bp_window(proc, target)
    if (lo is not None or hi is not None) and bp is None:
        verify.append(f"boiling point (needs {_fmt(lo)}–{_fmt(hi)} °C for {proc.name})")
    elif bp is not None and ((lo is not None and bp < lo) or (hi is not None and bp > hi)):
        out.append(f"boiling point {bp:g} °C outside {_fmt(lo)}–{_fmt(hi)} °C ({proc.name})")
    flam = flammable(c.profile) if proc.nonflammable or proc.min_flash_c is not None else None
    if proc.nonflammable:
        if flam == PRESENT:
            out.append(f"flammable (flash point {_fmt(c.profile.prop('flash_point_c'), ' °C')}"
                       f"{_codes_text(c.profile)}); {proc.name} needs a non-flammable liquid")
        elif flam == UNKNOWN:
            # "Not classified flammable" only bounds the flash point from below (above
            # 60 °C, or 93 °C where category 4 exists); a heated process can still reach it.
            known = ("not classified flammable, but its flash point is not ruled out"
                     if flammability(c.profile).state == ABSENT else "flammability unknown here")
            verify.append(f"that it has no flash point ({proc.name} needs a proven "
                          f"non-flammable liquid; {known})")
    if proc.min_flash_c is not None:
        fp = c.profile.prop("flash_point_c")
        state = flammability(c.profile)
        ceiling = min((FLASH_CEILING[x] for x in parent_codes(list(state.codes))
                       if x in FLASH_CEILING), default=None) if state.state == PRESENT else None
        if fp is not None:
            if fp < proc.min_flash_c:
                out.append(f"flash point {fp:g} °C below {proc.min_flash_c:g} °C ({proc.name})")
        elif c.profile.has_no("flash_point_c"):
            pass
        elif ceiling is not None and ceiling < proc.min_flash_c:
            out.append(f"classified {'/'.join(state.codes)}: flash point below {ceiling:g} °C, "
                       f"under the {proc.min_flash_c:g} °C {proc.name} needs")
        elif state.state == ABSENT and proc.min_flash_c <= 60:
            pass  # assessed and not classified flammable: flash point above 60 °C or none
        else:
            verify.append(f"the flash point (≥ {proc.min_flash_c:g} °C for {proc.name}; "
                          "unknown here)")
    return out, verify


def _codes_text(p: Profile) -> str:
    codes = flammability(p).codes
    return f"; {'/'.join(codes)}" if codes else ""


def hazard_problems(c: Candidate, target_scores: Scores | None
                    ) -> tuple[list[str], list[str]]:
    """(why a candidate would be a regrettable substitution, what the guard could not
    check for lack of data)."""
    out, verify = [], []
    if target_scores is not None:
        # The guard acts on every source held (a national code is evidence of a hazard).
        for axis in ("safety", "health", "environment"):
            mine, theirs = getattr(c.scores.acting, axis), getattr(target_scores.acting, axis)
            if mine.value is not None and theirs.value is not None and \
                    mine.value > theirs.value:
                out.append(f"worse on {axis.capitalize()}: {mine.value} vs {theirs.value}")
            elif mine.value is None or mine.incomplete:
                verify.append(f"the {axis} data ({axis.capitalize()} "
                              f"{_fmt(mine.value)}: {mine.criterion})")
    for f in c.findings:
        if f.severity == "critical":
            out.append(f"critical finding {f.rule_id}: {f.title}")
        elif f.rule_id in EXCLUDING_RULES:
            out.append(f"{EXCLUDING_RULES[f.rule_id]} ({f.rule_id})")
    codes = {x[:4] for x in (c.profile.h_codes or [])}
    if codes & set(CMR_CODES) and not any("CMR" in r for r in out):
        out.append("CMR classification (" + ", ".join(sorted(codes & set(CMR_CODES))) + ")")
    if "svhc" in c.profile.lists and not any("SVHC" in r for r in out):
        out.append("REACH SVHC")
    if ("H420" in codes or "montreal" in c.profile.lists) and not any("ozone" in r for r in out):
        out.append("ozone-depleting")
    if c.profile.h_codes is None:
        verify.append("the hazard classification (none held)")
    # CMR classes nobody assessed are treated as the Health score treats them: the held
    # codes decide, and the candidate's reasons say which classes are unassessed.
    return list(dict.fromkeys(out)), list(dict.fromkeys(verify))


def pareto_fronts(items: list[Candidate]) -> None:
    """Non-dominated sorting on (Ra, hazard): front 1 is the Pareto front."""
    remaining = [c for c in items]
    front = 0
    while remaining:
        front += 1
        current = [c for c in remaining if not any(
            o is not c and o.ra <= c.ra and o.hazard <= c.hazard
            and (o.ra < c.ra or o.hazard < c.hazard) for o in remaining)]
        for c in current:
            c.front = front
        remaining = [c for c in remaining if c not in current]


def explain(c: Candidate, target: Profile | None, target_scores: Scores | None,
            target_findings: list[Finding], ra_estimated: bool) -> list[str]:
    out = [] if c.ra is None else [
        f"Ra {c.ra:.1f} MPa½" + (f" (RED {c.red:.2f})" if c.red is not None else "")
        + (" with estimated Hansen parameters" if ra_estimated else "")]
    s = c.scores.acting
    if target_scores is not None:
        for axis in ("health", "safety", "environment"):
            mine, theirs = getattr(s, axis).value, getattr(target_scores.acting, axis).value
            out.append(f"{axis.capitalize()} {_fmt(mine)} vs {_fmt(theirs)}")
    else:
        out.append(f"Health {_fmt(s.health.value)}, Safety {_fmt(s.safety.value)}, "
                   f"Environment {_fmt(s.environment.value)}")
    if target is not None:
        gone = {f.rule_id for f in target_findings} - {f.rule_id for f in c.findings}
        if "CEPN-NEURO-001" in gone:
            out.append("no neurotoxicity")
        tfp, fp = target.prop("flash_point_c"), c.profile.prop("flash_point_c")
        if c.profile.has_no("flash_point_c"):
            out.append("not flammable")
        elif fp is not None or tfp is not None:
            out.append(f"flash point {_fmt(fp, ' °C')} vs {_fmt(tfp, ' °C')}")
        out.append(f"boiling point {_fmt(c.profile.prop('boiling_point_c'), ' °C')} vs "
                   f"{_fmt(target.prop('boiling_point_c'), ' °C')}")
    if c.profile.h_codes is None:
        out.append("hazard classification unknown: check the supplier's SDS before use")
    else:
        cmr = [k for k in CMR_CLASSES if c.profile.hazard_state(k).state == UNKNOWN]
        if cmr:
            out.append("not assessed by any source: " + ", ".join(cmr)
                       + " (check the supplier's SDS)")
    return out


def rank(candidates: list[Candidate]) -> list[Candidate]:
    ok = [c for c in candidates if c.ra is not None]
    for c in ok:
        c.hazard = c.hazard if c.hazard is not None else 10.0
    pareto_fronts(ok)
    for c in ok:
        c.composite = round(c.ra / 8 + c.hazard / 10, 4)
    # A candidate whose hazards nobody has classified cannot be shown to be safer: it comes
    # after every candidate that can, whatever its front.
    ok.sort(key=lambda c: (c.profile.h_codes is None, c.front, c.composite, c.profile.name))
    for i, c in enumerate(ok, start=1):
        c.rank = i
    return ok


def blends(ranked: list[Candidate], point: Hansen, best_single: float | None, *,
           top: int = 5, step: float = 0.05, pool_size: int = 25) -> list[Blend]:
    """Two-solvent blends (volume fractions in steps of `step`, Hansen parameters mixed
    linearly) that come closer to the target point than any single candidate."""
    pool = [c for c in ranked if c.hansen is not None][:pool_size]
    found: list[Blend] = []
    n = int(round(1 / step))
    for i, a in enumerate(pool):
        for b in pool[i + 1:]:
            best = None
            for k in range(1, n):
                x = k * step
                mix = (x * a.hansen.d + (1 - x) * b.hansen.d,
                       x * a.hansen.p + (1 - x) * b.hansen.p,
                       x * a.hansen.h + (1 - x) * b.hansen.h)
                r = ra(point, mix)
                if best is None or r < best[0]:
                    best = (r, round(x, 2))
            if best and (best_single is None or best[0] < best_single - 1e-9):
                r, x = best
                found.append(Blend([(a, x), (b, round(1 - x, 2))], round(r, 2), [
                    f"Ra {r:.1f} MPa½ vs {best_single:.1f} for the best single candidate"
                    if best_single is not None else f"Ra {r:.1f} MPa½",
                    "both components pass the hazard guard"]))
    found.sort(key=lambda bl: (bl.ra, -min(x for _, x in bl.components)))
    return found[:top]


def _estimated_hansen(smiles: str | None) -> Hansen | None:
    if not smiles:
        return None
    e = estimate(smiles)
    if e is None:
        return None
    return Hansen(round(e.d, 1), round(e.p, 1), round(e.h, 1), "estimated", e.method)


def substitute(target: str | None = None, *, hsp: tuple[float, float, float] | None = None,
               radius: float | None = None, process: str = "general", pool=None,
               kb=None, rule_sets=None, resolver=None, context: Context | None = None,
               with_blends: bool = False, top: int = 10, max_ra: float = DEFAULT_MAX_RA,
               engine: str = "local", workers: int | None = None,
               scheduler: str | None = None, progress=None) -> Shortlist:
    """Rank safer alternatives to `target` (a name, CAS or SMILES) or to a Hansen point.
    The pool's substances are screened on `engine` (see `executors.prescreen`);
    `progress(stage, done, total)` hears how far that has come."""
    if process not in PROFILES:
        raise OptionError(f"unknown process {process!r}; use one of {', '.join(PROFILES)}")
    proc = PROFILES[process]
    ctx = context or Context.build(kb, rule_sets, resolver)
    kb, resolver = ctx.kb, ctx.resolver
    screener = ctx.screener()

    target_ra, target_profile, target_scores, target_findings = None, None, None, []
    if hsp is not None:
        point = Hansen(*map(float, hsp), "given", "user")
    else:
        target_ra = lookup(target, context=ctx)
        if target_ra.resolution.status != "resolved" or target_ra.profile is None:
            raise NotFound(f"cannot identify the target {target!r}: "
                            f"{target_ra.resolution.reason or target_ra.resolution.status}")
        target_profile, target_scores = target_ra.profile, target_ra.scores
        target_findings = target_ra.findings
        point = target_profile.hansen or _estimated_hansen(target_profile.smiles)
        if point is None:
            raise NoHansenData(f"no Hansen parameters known or estimable for {target!r}; "
                            "give them with --hsp D P H")

    if pool == "all":
        pool_items = _pool_all(kb, point, target_profile, proc, radius, max_ra)
    else:
        pool_items = _pool(pool, kb, resolver)
    prescreen(screener, pool_items, engine=engine, workers=workers, scheduler=scheduler,
              progress=None if progress is None else
              lambda done, total: progress("screening candidates", done, total))
    candidates: list[Candidate] = []
    excluded: list[Candidate] = []
    to_verify: list[Candidate] = []
    for res in pool_items:
        if target_profile is not None and (
                (res.cas and res.cas == target_profile.cas)
                or (res.inchikey and res.inchikey == target_profile.inchikey)):
            continue
        s = screener.screen(res)
        h = s.profile.hansen
        estimated = False
        if h is None:
            h = _estimated_hansen(s.profile.smiles)
            estimated = h is not None
        c = Candidate(s.profile, list(s.findings), s.scores, h,
                      "estimated" if estimated else (h.kind if h else ""))
        c.hazard = hazard_index(s.scores)
        if h is None:
            c.excluded.append(NO_HANSEN)
        else:
            c.ra = round(ra(point, h), 2)
            if radius:
                c.red = round(c.ra / radius, 2)
        fail, check = functional_problems(c, target_profile, proc)
        c.excluded += fail
        c.verify += check
        fail, check = hazard_problems(c, target_scores)
        c.excluded += fail
        c.verify += check
        if radius and c.red is not None and c.red > 1:
            c.excluded.append(f"RED {c.red:.2f} > 1: outside the solubility sphere")
        elif not radius and c.ra is not None and c.ra > max_ra:
            c.excluded.append(f"Ra {c.ra:.1f} > {max_ra:g} MPa½: dissolves too differently")
        (excluded if c.excluded else to_verify if c.verify else candidates).append(c)
    ranked = rank(candidates)
    to_verify.sort(key=lambda c: (c.ra is None, c.ra or 0, c.profile.name))
    for c in to_verify:
        c.reasons = [VERIFY.format("; ".join(c.verify))] + explain(
            c, target_profile, target_scores, target_findings, c.hansen_kind == "estimated")
    for c in ranked:
        c.reasons = explain(c, target_profile, target_scores, target_findings,
                            c.hansen_kind == "estimated")
    mixes = blends(ranked, point, ranked[0].ra if ranked else None) if with_blends else []
    excluded.sort(key=lambda c: (c.ra is None, c.ra or 0, c.profile.name))
    untested = [c for c in excluded if c.excluded == [NO_HANSEN] and not c.verify]
    for c in excluded:
        if c.verify:  # excluded anyway; say what else could not be checked
            c.excluded.append("also unverified: " + "; ".join(c.verify))
    for c in untested:
        c.reasons = [r for r in explain(c, target_profile, target_scores, target_findings,
                                        False) if not r.startswith("Ra ")]
    excluded = [c for c in excluded if c not in untested]
    return Shortlist(target_ra, point, radius, process, ranked[:top] if top else ranked,
                     excluded, mixes, untested, to_verify)


def _pool(pool, kb, resolver):
    """Resolutions of the candidate pool: the curated library, or a user's file."""
    if pool is None or pool == "curated":
        return [Resolution("resolved", cas=r.cas, name=r.name, smiles=r.smiles or None,
                           inchikey=r.inchikey or None, source="curated")
                for r in kb.substances.values() if r.smiles or r.cas]
    out = []
    for row in load_inventory(Path(pool)):
        res = resolver.resolve(row.name, row.cas, row.smiles)
        if res.status == "resolved" and not res.components:
            out.append(res)
    return out


def _pool_all(kb, point: Hansen, target: Profile | None, proc: ProcessProfile,
              radius: float | None, max_ra: float):
    """Every compound of the offline database that could qualify, found cheaply first:
    boiling point (compiled data, as profiles use it) in the process window, an organic
    single-component structure, and a Hansen distance (curated, else estimated) within
    reach. Only those are screened in full. The curated library is always included."""
    lo, hi = bp_window(proc, target)
    out = [Resolution("resolved", cas=r.cas, name=r.name, smiles=r.smiles or None,
                      inchikey=r.inchikey or None, source="curated")
           for r in kb.substances.values() if r.smiles or r.cas]
    seen = {r.cas for r in out}
    reach = radius if radius else max_ra
    for c, tb, _ in chemdb.with_property("boiling_point_c"):
        if c.cas in seen or (lo is not None and tb < lo) or (hi is not None and tb > hi):
            continue
        if not c.smiles or "." in c.smiles or "C" not in c.smiles.upper():
            continue
        h = _estimated_hansen(c.smiles)
        if h is None or ra(point, h) > reach:
            continue
        out.append(Resolution("resolved", cas=c.cas, name=c.name, smiles=c.smiles,
                              inchikey=c.inchikey or None, pubchem_cid=c.pubchem_cid,
                              source="chemicals-db"))
    return out
