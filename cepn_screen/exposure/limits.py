"""Exposure screening: which limit applies, vapour hazard ratios (substance and product),
and COSHH Essentials / ILO toolkit control banding. Methods: shared/methods/
coshh_essentials.md and mixtures_and_vhr.md."""

from __future__ import annotations

import functools

from cepn_screen.core.errors import OptionError
from cepn_screen.core.hcodes import parent_codes
from cepn_screen.core.models import (
    Banding,
    ChosenLimit,
    ExposureLimit,
    MixtureVhr,
    Profile,
    VhrPart,
    current_year,
)

MOLAR_VOLUME_25C = 24.45  # L/mol, 25 °C, 1 atm
ATM_KPA = 101.325
OEL_SOURCES = ("lowest", "acgih", "osha", "eu", "china", "ontario", "niosh", "germany",
               "vietnam", "mexico", "indonesia", "calosha")
AGENCY = {"acgih": "ACGIH", "osha": "OSHA", "eu": "EU", "china": "China", "ontario": "Ontario",
          "niosh": "NIOSH", "germany": "Germany", "vietnam": "Vietnam", "mexico": "Mexico",
          "indonesia": "Indonesia", "calosha": "CalOSHA"}
# Which agencies' limits bind an employer in each jurisdiction, in order, and which are
# guidance only. A binding limit is used first (the first binding agency that has one);
# else the most protective guidance value of that country; else the most protective of
# all other limits held. China: GBZ 2.1 (PC-TWA, PC-STEL, MAC); Mexico: NOM-010-STPS-2014;
# Indonesia: Permenaker 5/2018; Vietnam: QCVN 03:2019/BYT; US: OSHA PELs (29 CFR
# 1910.1000), NIOSH RELs and ACGIH TLVs as guidance; California: Cal/OSHA (Title 8
# §5155), then the federal PELs; EU: the IOELV/BOELV directives (binding or indicative:
# member states must set national limits no higher than a BOELV and take IOELVs into
# account); Germany: TRGS 900 AGW, then the EU values (which TRGS 900 transposes);
# Ontario: Reg. 833.
JURISDICTIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # code: (name, binding agencies in order, guidance agencies)
    "CN": ("China", ("China",), ()),
    "MX": ("Mexico", ("Mexico",), ()),
    "ID": ("Indonesia", ("Indonesia",), ()),
    "VN": ("Vietnam", ("Vietnam",), ()),
    "US": ("United States", ("OSHA",), ("NIOSH", "ACGIH")),
    "US-CA": ("California", ("CalOSHA", "OSHA"), ("NIOSH", "ACGIH")),
    "EU": ("European Union", ("EU",), ()),
    "DE": ("Germany", ("Germany", "EU"), ()),
    "CA-ON": ("Ontario", ("Ontario",), ("ACGIH",)),
}


def to_ppm(value: float, unit: str, mw: float | None) -> float | None:
    if unit == "ppm":
        return value
    if unit == "mg/m3" and mw:
        return value * MOLAR_VOLUME_25C / mw
    return None


def to_mg_m3(value: float, unit: str, mw: float | None) -> float | None:
    if unit == "mg/m3":
        return value
    if unit == "ppm" and mw:
        return value * mw / MOLAR_VOLUME_25C
    return None



def selectable(p: Profile, limit_type: str = "TWA") -> list[ExposureLimit]:
    """The limits of one type that may be selected: never a `superseded` row."""
    return [e for e in p.exposure_limits if e.limit_type == limit_type and not e.superseded]


def choose_limit(p: Profile, source: str = "lowest", limit_type: str = "TWA",
                 country: str | None = None, year: int | None = None
                 ) -> ChosenLimit | None:
    """The limit to use (8-h TWA, or STEL / C), with the reason it was chosen, compared in
    ppm when the molar mass allows; None when no such limit is known.

    - `source` an agency (acgih, osha, ...): that agency's value only. A value noted `may
      be superseded` (the TLVs quoted from 1994) is never taken as the agency's limit.
    - `country` (CN, MX, ID, VN, US, EU, DE, ...; when `source` is "lowest"): the legally
      binding limit there first, else the country's guidance values, else the most
      protective of the rest, saying which.
    - "lowest" without a country: the most protective value of any agency.
    A `superseded` value is never selected. Each choice carries its staleness."""
    year = year or current_year()
    cands = selectable(p, limit_type)
    if source != "lowest":
        agency = AGENCY[source]
        mine = [e for e in cands if e.agency == agency and not e.may_be_superseded]
        if not mine:
            return None
        return _chosen(p, _most_protective(p, mine), year,
                       f"{agency} {limit_type} requested (--oel-source {source})")
    if not cands:
        return None
    if country:
        if country not in JURISDICTIONS:
            raise OptionError(f"unknown country {country!r}: one of "
                              f"{', '.join(JURISDICTIONS)}")
        name, binding, guidance = JURISDICTIONS[country]
        lowest = _most_protective(p, cands)
        for agency in binding:
            mine = [e for e in cands if e.agency == agency]
            if mine:
                best = _most_protective(p, mine)
                why = f"{country}: {agency} {limit_type} is the legally binding limit in {name}"
                if _ppm(p, lowest) < _ppm(p, best) * 0.98:
                    why += f" ({lowest.label()} is lower but does not bind there)"
                return _chosen(p, best, year, why)
        held = " or ".join(binding)
        gv = [e for e in cands if e.agency in guidance]
        if gv:
            best = _most_protective(p, gv)
            return _chosen(p, best, year, f"{country}: no {held} {limit_type} held for "
                           f"{p.name}; {best.agency} used, the most protective guidance "
                           f"value for {name}")
        best = _most_protective(p, cands)
        return _chosen(p, best, year, f"{country}: no {held} {limit_type} held for "
                       f"{p.name}; {best.agency} used, the most protective of the other "
                       "limits held")
    best = _most_protective(p, cands)
    return _chosen(p, best, year, f"lowest {limit_type} of all limits held: set by "
                   f"{best.agency}")


def no_limit_reason(p: Profile, source: str = "lowest", limit_type: str = "TWA",
                    country: str | None = None) -> str:
    """Why choose_limit found nothing, in words for a report."""
    if source != "lowest":
        agency = AGENCY[source]
        stale = [e for e in selectable(p, limit_type) if e.agency == agency]
        if stale:
            years = sorted({str(e.year) for e in stale if e.year})
            return (f"no current {agency} {'TLV' if agency == 'ACGIH' else 'limit'} held for "
                    f"{p.name}; the {'/'.join(years) or 'undated'} value is stale")
        return f"no {agency} {limit_type} limit held for {p.name}"
    return f"no {limit_type} exposure limit held for {p.name}"


def _ppm(p: Profile, e: ExposureLimit) -> float:
    v = to_ppm(e.value, e.unit, p.descriptors.get("mw_g_mol"))
    return v if v is not None else float("inf")


def _most_protective(p: Profile, cands: list[ExposureLimit]) -> ExposureLimit:
    lowest = min(_ppm(p, e) for e in cands)
    # Limits within 2 % of the lowest are the same limit in other units or roundings
    # (50 ppm = 176 mg/m3): prefer a current one, then the one stated in ppm, then the
    # lowest.
    near = [e for e in cands if _ppm(p, e) <= lowest * 1.02]
    return min(near, key=lambda e: (e.may_be_superseded, e.unit != "ppm", _ppm(p, e)))


def _chosen(p: Profile, e: ExposureLimit, year: int, reason: str) -> ChosenLimit:
    mw = p.descriptors.get("mw_g_mol")
    stale = e.stale_reason(year)
    if stale:
        reason += f"; stale: {stale}"
    return ChosenLimit(e, to_ppm(e.value, e.unit, mw), to_mg_m3(e.value, e.unit, mw),
                       reason, stale)


def saturated_ppm(p: Profile) -> float | None:
    vp = p.prop("vapour_pressure_kpa_20c")
    return None if vp is None else vp / ATM_KPA * 1e6


def vapour_hazard_ratio(p: Profile, limit: ChosenLimit | None) -> float | None:
    csat = saturated_ppm(p)
    if csat is None or limit is None or not limit.ppm:
        return None
    return csat / limit.ppm


def mixture_vhr(components: list[tuple[Profile, float, ChosenLimit | None]]) -> MixtureVhr:
    """Vapour hazard ratio of a liquid mixture: Raoult's law with activity coefficients of 1,
    mole fractions from mass fractions and molar masses; VHR = Σ (x_i P_i / P_atm 10^6) /
    OEL_i. Components with unknown data are listed, not guessed."""
    known, missing = [], []
    moles = []
    for p, mass_frac, lim in components:
        mw = p.descriptors.get("mw_g_mol")
        vp = p.prop("vapour_pressure_kpa_20c")
        if mw is None or mass_frac is None:
            missing.append(p.name)
            continue
        moles.append((p, mass_frac / mw, vp, lim))
    total = sum(m for _, m, _, _ in moles)
    vhr = 0.0
    for p, m, vp, lim in moles:
        if vp is None or lim is None or not lim.ppm:
            missing.append(p.name)
            continue
        x = m / total if total else 0
        contribution = x * vp / ATM_KPA * 1e6 / lim.ppm
        known.append(VhrPart(p.name, p.cas, round(x, 4), round(contribution, 1)))
        vhr += contribution
    return MixtureVhr(round(vhr, 1) if known else None, tuple(known),
                      tuple(sorted(set(missing))))


# ------------------------------------------------------------------ control banding

GROUP_CODES = {
    "E": ("H340", "H341", "H350", "H334"),
    "D": ("H300", "H310", "H330", "H351", "H372", "H360", "H361", "H362"),
    "C": ("H301", "H311", "H331", "H370", "H314", "H318", "H335", "H317", "H373"),
    "B": ("H302", "H312", "H332", "H371"),
    "A": ("H303", "H313", "H333", "H315", "H316", "H319", "H320", "H304", "H305", "H336",
          "EUH066"),
}
SKIN_CODES = ("H310", "H311", "H312", "H314", "H315", "H318", "H319", "H317", "H320", "H316")
MATRIX = {  # (group, quantity) -> approach for volatility low / medium / high
    ("A", "small"): (1, 1, 1), ("A", "medium"): (1, 1, 2), ("A", "large"): (1, 1, 2),
    ("B", "small"): (1, 1, 1), ("B", "medium"): (1, 2, 2), ("B", "large"): (1, 2, 3),
    ("C", "small"): (1, 2, 2), ("C", "medium"): (2, 3, 3), ("C", "large"): (2, 4, 4),
    ("D", "small"): (2, 3, 3), ("D", "medium"): (3, 4, 4), ("D", "large"): (3, 4, 4),
}
APPROACH_MEANING = {
    1: "general ventilation and good practice",
    2: "engineering control, typically local exhaust ventilation",
    3: "containment or enclosure",
    4: "special: get expert advice; a specific assessment and measurements are needed",
}
# Amount units -> litres (liquids) or kg; and period -> working days, to band the amount
# handled per day (22 working days a month, 5 a week, 250 a year: a stated convention).
VOLUME = {"ml": 1e-3, "l": 1.0, "m3": 1000.0, "gal": 3.785}
MASS = {"g": 1e-3, "kg": 1.0, "t": 1000.0}
PERIOD_DAYS = {"day": 1, "d": 1, "shift": 1, "batch": 1, "week": 5, "wk": 5, "month": 22,
               "mo": 22, "year": 250, "yr": 250, "a": 250}


def hazard_group(h_codes: list[str] | None, skin_notation: bool = False
                 ) -> tuple[str | None, bool, str]:
    """(group A–E, skin/eye flag, why). None when the classification is unknown. Codes not
    allocated to B–E fall to A (toolkit default); H362 is placed in D by analogy and EUH066
    sets the skin flag (project choices, see the method sheet)."""
    if h_codes is None:
        return None, False, "classification unknown"

    parents = parent_codes(h_codes)
    group, why = "A", "no code of groups B–E"
    for g in ("E", "D", "C", "B"):
        hit = sorted(parents & set(GROUP_CODES[g]))
        if hit:
            group, why = g, f"{', '.join(hit)} → {g}"
            break
    skin = bool(parents & set(SKIN_CODES)) or "EUH066" in parents or skin_notation
    return group, skin, why


def volatility(bp: float | None, process_temp: float | None = None,
               vp_kpa: float | None = None) -> tuple[str | None, str]:
    """Low / medium / high from boiling point and process temperature (values on a line
    go to the more volatile band); vapour pressure when no boiling point is known."""
    tp = 20.0 if process_temp is None else process_temp
    if bp is not None:
        if bp <= 2 * tp + 10:
            band = "high"
        elif bp > 5 * tp + 50:
            band = "low"
        else:
            band = "medium"
        return band, f"boiling point {bp:g} °C at {tp:g} °C process temperature → {band}"
    if vp_kpa is not None and process_temp is None:
        band = "low" if vp_kpa < 0.5 else ("high" if vp_kpa > 25 else "medium")
        return band, f"vapour pressure {vp_kpa:g} kPa → {band}"
    return None, "boiling point unknown"


@functools.lru_cache(maxsize=4096)  # pure; an inventory repeats its amounts and units
def quantity_band(quantity: float | None, unit: str | None) -> tuple[str | None, str]:
    """Small / medium / large from the amount handled per day (mL–g, L–kg, m³–t)."""
    if quantity is None or not unit:
        return None, "quantity or unit missing"
    u = unit.strip().lower().replace(" ", "").replace("³", "3").replace("per", "/")
    amount_unit, _, period = u.partition("/")
    days = PERIOD_DAYS.get(period.rstrip("s"), None) if period else 1
    if days is None:
        return None, f"unknown period in unit {unit!r}"
    if amount_unit in VOLUME:
        per_day = quantity * VOLUME[amount_unit] / days
        kind = "L"
    elif amount_unit in MASS:
        per_day = quantity * MASS[amount_unit] / days
        kind = "kg"
    else:
        return None, f"unknown unit {unit!r}"
    band = "small" if per_day < 1 else ("large" if per_day > 1000 else "medium")
    return band, f"{per_day:.3g} {kind}/day → {band}"


SENSITISER_CODES = {"H317": "skin", "H334": "respiratory"}


def sensitiser_flags(h_codes: list[str] | None) -> tuple[str, ...]:
    """("skin",) for H317, ("respiratory",) for H334, both, or () (also when unknown)."""
    parents = parent_codes(h_codes or [])
    return tuple(v for k, v in SENSITISER_CODES.items() if k in parents)


def skin_notation(p: Profile) -> bool | None:
    """True when a selectable limit of any agency carries a skin notation; None when no
    limit is held (unknown), False when limits are held without one."""
    held = [e for e in p.exposure_limits if not e.superseded]
    if not held:
        return None
    return any(e.skin for e in held)


def band_inputs(p: Profile, process_temp: float | None = None) -> tuple:
    """The substance's part of control_band (hazard group, skin, sensitisers, volatility),
    which rows handling other amounts of it can share."""
    notation = bool(skin_notation(p))
    group, skin, gwhy = hazard_group(p.h_codes, notation)
    sens = sensitiser_flags(p.h_codes)
    if notation:
        gwhy += "; skin notation on an exposure limit → S"
    if sens:
        gwhy += "; " + " and ".join(sens) + " sensitiser (" + ", ".join(
            k for k, v in SENSITISER_CODES.items() if v in sens) + ")"
    vol, vwhy = volatility(p.prop("boiling_point_c"), process_temp,
                           p.prop("vapour_pressure_kpa_20c"))
    return group, skin, gwhy, sens, vol, vwhy


def control_band(p: Profile, quantity: float | None, unit: str | None,
                 process_temp: float | None = None, inputs: tuple | None = None) -> Banding:
    """The COSHH Essentials control approach; `inputs`, when given, is band_inputs(p,
    process_temp) worked out before."""
    group, skin, gwhy, sens, vol, vwhy = inputs or band_inputs(p, process_temp)
    qty, qwhy = quantity_band(quantity, unit)
    why = f"{gwhy}; {vwhy}; {qwhy}"
    if group == "E":
        return Banding(group, skin, vol, qty, 4, why + "; group E → 4 at any amount",
                       APPROACH_MEANING[4], sens)
    if group is None or vol is None or qty is None:
        missing = "; ".join(w for part, w in ((group, gwhy), (vol, vwhy), (qty, qwhy))
                            if part is None)
        return Banding(group, skin, vol, qty, None, why + "; approach unknown", None, sens,
                       missing)
    approach = MATRIX[(group, qty)][("low", "medium", "high").index(vol)]
    return Banding(group, skin, vol, qty, approach, why, APPROACH_MEANING.get(approach), sens)
