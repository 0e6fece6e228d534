#!/usr/bin/env python3
"""Build data/properties.csv from the data tables bundled with the `chemicals` package.

Reads data/substances.csv and, for every CAS number, looks up physical properties in the
compiled data sets that ship with `chemicals` (no network access).  One row per value:

    cas, property, value, source, kind, ref, note

* source is always ``chemicals-db``; ref names the original data set chemicals took the value
  from (e.g. ``IEC 60079-20-1 (2010)``, ``CRC_ORG``, ``Perry's Table 2-8``).
* kind is ``measured`` for compiled experimental data sets and ``correlation`` for values
  computed from a fitted equation (vapour pressure and density at 20 degC).
* Prediction methods (JOBACK, Suzuki, Crowl-Louvar, ...) are never used: no value is written
  when no data set has one.

Rows for substances the package lacks (hydrofluoroethers, HFO/HCFO, ...) are curated by hand
from supplier data sheets and are kept in data/properties.csv when this script is re-run
(rows whose source is not ``chemicals-db`` are carried over unchanged).

Usage:  python tools/build_properties.py
"""
from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

from chemicals import dippr, iapws, phase_change, safety, vapor_pressure, volume
from chemicals.identifiers import search_chemical

ROOT = Path(__file__).resolve().parent.parent
SUBSTANCES = ROOT / "data" / "substances.csv"
OUTPUT = ROOT / "data" / "properties.csv"
COLUMNS = ["cas", "property", "value", "source", "kind", "ref", "note"]
SOURCE = "chemicals-db"
T20 = 293.15  # K
ZERO_C = 273.15

# Order in which constant data sets are tried.  This is chemicals' own order with two
# changes: the estimation method JOBACK is dropped, and HEOS (values computed from
# REFPROP equations of state) comes after the experimental compilations.
TB_ORDER = ["CRC_ORG", "CRC_INORG", "WEBBOOK", "COMMON_CHEMISTRY", "HEOS", "YAWS", "WIKIDATA"]
TM_ORDER = ["OPEN_NTBKM", "CRC_ORG", "CRC_INORG", "COMMON_CHEMISTRY", "WEBBOOK", "WIKIDATA"]
SAFETY_ORDER = ["IEC 60079-20-1 (2010)", "NFPA 497 (2008)", "Serat DIPPR (2017)", "WIKIDATA"]

NOTES = {
    "HEOS": "value of the REFPROP / CoolProp equation of state as tabulated by chemicals",
    "YAWS": "Yaws compilation; may mix experimental and predicted values",
    "WIKIDATA": (
        "Wikidata value as tabulated by chemicals; crowd-sourced, spot-check before relying on it"
    ),
    "Serat DIPPR (2017)": "DIPPR evaluated experimental value via Serat et al. 2017",
}
KIND = {"HEOS": "correlation"}  # everything else in the orders above is a compiled data set

# Values found wrong in the spot checks (see the helper's report); never written.
EXCLUDE = {
    # Wikidata gives 45 degC; tetrachloroethylene is not flammable (no flash point).
    ("127-18-4", "flash_point_c"),
    # DIPPR/Serat 7.7 degC; NIOSH Pocket Guide: flash point unknown, "burns with difficulty".
    ("79-01-6", "flash_point_c"),
    # NFPA 497 97 degC is above the boiling point (60 degC): impossible for a closed cup value.
    ("156-59-2", "flash_point_c"),
    # DIPPR/Serat 92.1 degC; NIOSH Pocket Guide and NTP give 111 degC (curated row instead).
    ("107-21-1", "flash_point_c"),
    # CAS Common Chemistry values that cannot be right (reduced-pressure boiling point,
    # melting points far above the known ones).
    ("1330-20-7", "melting_point_c"),
    ("626-93-7", "melting_point_c"),
    ("2687-91-4", "melting_point_c"),
    ("2687-91-4", "boiling_point_c"),
}
# (cas, vapour-pressure table) pairs not to use: the fit disagrees with the other tables and
# with NIOSH (trichloroethylene: Wagner/McGarry 7.2 kPa, VDI/Landolt 7.8 kPa, NIOSH 58 mmHg).
SKIP_PSAT = {("79-01-6", "Wagner Original McGarry")}


def first_available(methods_available, order):
    """The first data set in `order` that has a value, or None."""
    for method in order:
        if method in methods_available:
            return method
    return None


def round_sig(x: float, sig: int = 3) -> float:
    if x == 0:
        return 0.0
    return round(x, sig - 1 - int(math.floor(math.log10(abs(x)))))


def fmt(x: float) -> str:
    """Short decimal text without trailing zeros beyond one decimal."""
    text = f"{x:.6g}"
    if "e" in text:
        text = f"{x:.6f}".rstrip("0").rstrip(".")
    return text


def constant_rows(cas: str):
    """Boiling/melting point, flash point, autoignition, LEL, UEL."""
    rows = []

    def add(prop, value, method):
        if (cas, prop) in EXCLUDE:
            return
        rows.append([cas, prop, value, SOURCE, KIND.get(method, "measured"), method,
                     NOTES.get(method, "")])

    method = first_available(phase_change.Tb_methods(cas), TB_ORDER)
    if method:
        add("boiling_point_c", fmt(round(phase_change.Tb(cas, method=method) - ZERO_C, 1)), method)

    method = first_available(phase_change.Tm_methods(cas), TM_ORDER)
    if method:
        add("melting_point_c", fmt(round(phase_change.Tm(cas, method=method) - ZERO_C, 1)), method)

    method = first_available(safety.T_flash_methods(cas), SAFETY_ORDER)
    if method:
        add("flash_point_c", fmt(round(safety.T_flash(cas, method=method) - ZERO_C, 1)), method)

    method = first_available(safety.T_autoignition_methods(cas), SAFETY_ORDER)
    if method:
        add("autoignition_c",
            fmt(round(safety.T_autoignition(cas, method=method) - ZERO_C, 1)), method)

    method = first_available(safety.LFL_methods(CASRN=cas), SAFETY_ORDER)
    if method:
        add("lel_pct", fmt(round(100 * safety.LFL(CASRN=cas, method=method), 2)), method)

    method = first_available(safety.UFL_methods(CASRN=cas), SAFETY_ORDER)
    if method:
        add("uel_pct", fmt(round(100 * safety.UFL(CASRN=cas, method=method), 2)), method)
    return rows


# --- vapour pressure at 20 degC from fitted coefficient tables ---------------------------------
# Each entry: (ref written to the CSV, data frame name in chemicals.vapor_pressure, function
# that returns (Tmin, Tmax, Psat(T) in Pa) for one row).  Tried in this order, which follows
# the ranking thermo uses; a table is used only if 293.15 K lies inside its fitted range.

def _wagner_mcgarry(r):
    return r.Tmin, r.Tc, lambda T: vapor_pressure.Wagner_original(T, r.Tc, r.Pc, r.A, r.B, r.C, r.D)


def _wagner_poling(r):
    return r.Tmin, r.Tmax, lambda T: vapor_pressure.Wagner(T, r.Tc, r.Pc, r.A, r.B, r.C, r.D)


def _antoine_extended(r):
    return r.Tmin, r.Tmax, lambda T: vapor_pressure.TRC_Antoine_extended(
        T, r.Tc, r.to, r.A, r.B, r.C, r.n, r.E, r.F)


def _perry(r):
    return r.Tmin, r.Tmax, lambda T: dippr.EQ101(T, r.C1, r.C2, r.C3, r.C4, r.C5)


def _vdi_ppds(r):
    return r.Tm, r.Tc, lambda T: vapor_pressure.Wagner(T, r.Tc, r.Pc, r.A, r.B, r.C, r.D)


def _antoine_poling(r):  # log10(P/Pa) = A - B/(T + C)
    return r.Tmin, r.Tmax, lambda T: vapor_pressure.Antoine(T, r.A, r.B, r.C, base=10.0)


def _landolt(r):  # ln(P/Pa) = A - B/(T + C)
    return r.Tmin, r.Tmax, lambda T: vapor_pressure.Antoine(T, r.A, r.B, r.C, base=math.e)


PSAT_TABLES = [
    ("Wagner Original McGarry", "Psat_data_WagnerMcGarry", _wagner_mcgarry),
    ("Wagner Collection Poling", "Psat_data_WagnerPoling", _wagner_poling),
    ("Antoine Extended Collection Poling", "Psat_data_AntoineExtended", _antoine_extended),
    ("Perry's Table 2-8 (DIPPR 101)", "Psat_data_Perrys2_8", _perry),
    ("VDI PPDS Boiling temperatures at different pressures", "Psat_data_VDI_PPDS_3", _vdi_ppds),
    ("Antoine Collection Poling", "Psat_data_AntoinePoling", _antoine_poling),
    ("Landolt-Boernstein Antoine V20", "Psat_data_Landolt_Antoine", _landolt),
]


def vapour_pressure_row(cas: str):
    if cas == "7732-18-5":  # water: the IAPWS-95 / IF97 saturation equation
        p = vapor_pressure.Psat_IAPWS(T20)
        return [cas, "vapour_pressure_kpa_20c", fmt(round_sig(p / 1000)), SOURCE, "correlation",
                "IAPWS saturation equation (chemicals.vapor_pressure.Psat_IAPWS)", ""]
    vapor_pressure.load_vapor_pressure_dfs()
    for ref, frame_name, make in PSAT_TABLES:
        frame = getattr(vapor_pressure, frame_name)
        if cas not in frame.index or (cas, ref) in SKIP_PSAT:
            continue
        row = frame.loc[cas]
        if not hasattr(row, "index") or getattr(row, "ndim", 1) != 1:
            continue  # duplicate CAS rows: ambiguous, skip this table
        tmin, tmax, psat = make(row)
        if not (tmin <= T20 <= tmax):
            continue
        p = psat(T20)
        if not (p > 0 and math.isfinite(p)):
            continue
        note = f"fit range {tmin:g}-{tmax:g} K"
        if melting_point_k(cas) and melting_point_k(cas) > T20:
            note += "; solid at 20 degC: value for the subcooled liquid"
        return [cas, "vapour_pressure_kpa_20c", fmt(round_sig(p / 1000)), SOURCE, "correlation",
                ref, note]
    return None


# --- liquid density at 20 degC --------------------------------------------------------------

def melting_point_k(cas: str):
    method = first_available(phase_change.Tm_methods(cas), TM_ORDER)
    if method is None or (cas, "melting_point_c") in EXCLUDE:
        return None
    return phase_change.Tm(cas, method=method)


def density_row(cas: str):
    if cas == "7732-18-5":  # water: IAPWS-95 at 20 degC and 1 atm
        rho = iapws.iapws95_rho(T20, 101325.0) / 1000
        return [cas, "density_g_cm3_20c", f"{rho:.3f}", SOURCE, "correlation",
                "IAPWS-95 (chemicals.iapws.iapws95_rho)", "at 101.325 kPa"]
    volume._load_rho_data()
    try:
        meta = search_chemical(cas)
    except ValueError:  # CAS not in the chemicals identifier database
        return None
    tm = melting_point_k(cas)
    if meta is None or tm is None or tm >= T20:
        return None  # unknown melting point, or solid at 20 degC
    perry = volume.rho_data_Perry_8E_105_l
    if cas in perry.index:
        r = perry.loc[cas]
        if r.Tmin <= T20 <= r.Tmax:
            rho = dippr.EQ105(T20, r.C1, r.C2, r.C3, r.C4) * meta.MW / 1e6  # mol/m3 -> g/cm3
            return [cas, "density_g_cm3_20c", f"{rho:.3f}", SOURCE, "correlation",
                    "Perry's Table 2-32 (DIPPR 105)", f"fit range {r.Tmin:g}-{r.Tmax:g} K"]
    vdi = volume.rho_data_VDI_PPDS_2
    if cas in vdi.index:
        r = vdi.loc[cas]
        if T20 < r.Tc:
            rho = dippr.EQ116(T20, r.Tc, r.rhoc, r.A, r.B, r.C, r.D) / 1000  # kg/m3 -> g/cm3
            return [cas, "density_g_cm3_20c", f"{rho:.3f}", SOURCE, "correlation",
                    "VDI PPDS Density of Saturated Liquids", ""]
    return None


def sanity_problems(rows):
    """Flash point below boiling point, positive vapour pressure, LEL below UEL."""
    def number(text):
        try:
            return float(text)
        except ValueError:  # "none" (no such property) and other non-numbers
            return None

    by = {(r[0], r[1]): v for r in rows if (v := number(r[2])) is not None}
    problems = []
    for (cas, prop), value in by.items():
        if prop == "flash_point_c" and (cas, "boiling_point_c") in by \
                and value >= by[(cas, "boiling_point_c")]:
            problems.append(f"{cas}: flash point {value} >= boiling point")
        if prop == "vapour_pressure_kpa_20c" and value <= 0:
            problems.append(f"{cas}: vapour pressure {value} <= 0")
        if prop == "lel_pct" and (cas, "uel_pct") in by and value >= by[(cas, "uel_pct")]:
            problems.append(f"{cas}: LEL {value} >= UEL")
    return problems


def main():
    substances = list(csv.DictReader(SUBSTANCES.open(encoding="utf-8")))
    order = {s["cas"]: i for i, s in enumerate(substances)}

    # keep hand-curated rows (other sources) from an earlier version of the file
    kept = []
    if OUTPUT.exists():
        kept = [r for r in csv.DictReader(OUTPUT.open(encoding="utf-8"))
                if r["source"] != SOURCE]

    rows = []
    for s in substances:
        cas = s["cas"]
        rows.extend(constant_rows(cas))
        for extra in (vapour_pressure_row(cas), density_row(cas)):
            if extra:
                rows.append(extra)
    rows.extend([r[c] for c in COLUMNS] for r in kept)
    prop_order = ["boiling_point_c", "melting_point_c", "flash_point_c", "autoignition_c",
                  "lel_pct", "uel_pct", "vapour_pressure_kpa_20c", "density_g_cm3_20c"]
    rows.sort(key=lambda r: (order[r[0]], prop_order.index(r[1]) if r[1] in prop_order else 99,
                             r[3] != SOURCE))

    with OUTPUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)

    print(f"wrote {len(rows)} rows to {OUTPUT.relative_to(ROOT)} "
          f"({len(kept)} hand-curated rows kept)")
    for prop, n in sorted(Counter(r[1] for r in rows).items()):
        print(f"  {prop:26s} {n}")
    print("by kind/ref:")
    for (kind, ref), n in sorted(Counter((r[4], r[5]) for r in rows).items()):
        print(f"  {kind:12s} {ref:55s} {n}")
    problems = sanity_problems(rows)
    print("sanity problems:", problems or "none")


if __name__ == "__main__":
    main()
