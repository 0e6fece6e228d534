"""Exposure monitoring statistics: EN 689:2018 compliance tests and AIHA-style ratings.

Pure functions on one similar exposure group's results for one substance (8-h TWA, same
unit as the limit). Method: shared/methods/en689_statistics.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.6448536269514722
PRELIMINARY_FRACTION = {3: 0.10, 4: 0.15, 5: 0.20}
AIHA_BOUNDS = ((0.01, 0), (0.10, 1), (0.50, 2), (1.00, 3))


@dataclass(frozen=True)
class GroupStats:
    n: int
    gm: float
    gsd: float
    p95: float  # GM * GSD^1.645
    exceedance_fraction: float  # share of exposures above the limit (0-1)
    exceedance_ucl70: float | None  # 70 % upper confidence limit on that share
    utl95_70: float | None  # EN 689 test statistic
    test: str  # preliminary | statistical | none
    decision: str  # compliant | non-compliant | inconclusive
    reason: str
    aiha_category: int


def u_t(n: int) -> float:
    """EN 689 tolerance factor: one-sided UTL at 70 % confidence on the 95th percentile."""
    from scipy.stats import nct

    return float(nct.ppf(0.70, n - 1, Z95 * math.sqrt(n)) / math.sqrt(n))


def exceedance_ucl(n: int, ybar: float, s: float, oel: float, conf: float = 0.70) -> float:
    """Upper confidence limit on the exceedance fraction (non-central t inversion)."""
    from scipy.optimize import brentq
    from scipy.stats import nct, norm

    if s <= 0:
        return 0.0 if ybar < math.log(oel) else 1.0
    k = (math.log(oel) - ybar) / s
    t_obs = k * math.sqrt(n)

    # find delta with P(T <= t_obs | delta) = 1 - conf, then F = 1 - Phi(delta/sqrt(n))
    def f(delta):
        return nct.cdf(t_obs, n - 1, delta) - (1 - conf)

    lo, hi = -50.0, 50.0
    try:
        delta = brentq(f, lo, hi)
    except ValueError:
        return 1.0 if f(lo) > 0 else 0.0
    return float(1 - norm.cdf(delta / math.sqrt(n)))


def aiha_category(p95: float, oel: float) -> int:
    ratio = p95 / oel
    for bound, cat in AIHA_BOUNDS:
        if ratio <= bound:
            return cat
    return 4


def assess_group(values: list[float], oel: float) -> GroupStats:
    """Statistics and the EN 689 decision for results (> 0) against a limit (> 0)."""
    from statistics import mean, stdev

    n = len(values)
    if n == 0 or oel <= 0 or any(v <= 0 for v in values):
        raise ValueError("need positive results and a positive limit")
    ys = [math.log(v) for v in values]
    ybar = mean(ys)
    s = stdev(ys) if n > 1 else 0.0
    gm, gsd = math.exp(ybar), math.exp(s)
    p95 = gm * gsd ** Z95
    from statistics import NormalDist

    ef = 1 - NormalDist().cdf((math.log(oel) - ybar) / s) if s > 0 else float(gm > oel)
    ef_ucl = exceedance_ucl(n, ybar, s, oel) if n >= 3 and s > 0 else None
    utl = None
    if n < 3:
        test, decision = "none", "inconclusive"
        reason = f"{n} result(s): EN 689 needs at least 3"
    elif n <= 5:
        test = "preliminary"
        limit = PRELIMINARY_FRACTION[n] * oel
        if any(v > oel for v in values):
            decision, reason = "non-compliant", "a result is above the limit"
        elif all(v < limit for v in values):
            decision = "compliant"
            reason = f"all {n} results below {PRELIMINARY_FRACTION[n]:.2f} × limit ({limit:g})"
        else:
            decision = "inconclusive"
            reason = (f"a result is between {PRELIMINARY_FRACTION[n]:.2f} × limit ({limit:g}) "
                      "and the limit: take at least 6 samples for the statistical test")
    else:
        test = "statistical"
        ut = u_t(n)
        utl = gm * gsd ** ut
        ur = (math.log(oel) - ybar) / s if s > 0 else math.inf
        if ur >= ut:
            decision = "compliant"
            reason = f"U_R {ur:.3f} ≥ U_T({n}) {ut:.3f}; UTL95,70 {utl:.3g} < limit {oel:g}"
        else:
            decision = "non-compliant"
            reason = f"U_R {ur:.3f} < U_T({n}) {ut:.3f}; UTL95,70 {utl:.3g} ≥ limit {oel:g}"
    return GroupStats(n, gm, gsd, p95, ef, ef_ucl, utl, test, decision, reason,
                      aiha_category(p95, oel))


def mixture_index(pairs: list[tuple[float, float]]) -> float:
    """Additive index E_m = Σ C_i / OEL_i for substances with similar effects."""
    return sum(c / oel for c, oel in pairs)
