"""Check the knowledge base in data/: every fact well-formed, plausible and sourced."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cepn_screen.core.cas import parse_cas
from cepn_screen.core.hazard_classes import (
    CLASS_GROUPS,
    CLASS_KEYS,
    INHALATION_FORMS,
    classes_of_code,
    profile_classes,
)
from cepn_screen.core.names import name_key
from cepn_screen.knowledge import chemdb
from cepn_screen.knowledge.base import data_dir, read_records

H_OR_EUH = re.compile(r"^(H\d{3}[A-Za-z]*|EUH\d{3})$")
# Plausible ranges (inclusive) for numeric properties, to catch unit slips (K for °C, etc.).
RANGES = {
    "boiling_point_c": (-50, 400), "flash_point_c": (-60, 300), "autoignition_c": (50, 800),
    "vapour_pressure_kpa_20c": (0, 600), "lel_pct": (0.1, 30), "uel_pct": (1, 100),
    "density_g_cm3_20c": (0.5, 2.5), "melting_point_c": (-200, 200),
    "resistivity_ohm_m": (0, 1e16), "decomposition_energy_j_g": (0, 10000),
}
VOCAB = {
    ("properties", "kind"): {"measured", "correlation", "estimated"},
    ("hazards", "kind"): {"harmonised", "notified", "registration", "national", "sds",
                          "not_classified"},
    ("oels", "agency"): {"ACGIH", "OSHA", "NIOSH", "EU", "China", "Ontario", "Germany",
                         "Mexico", "Indonesia", "Vietnam", "CalOSHA"},
    ("oels", "limit_type"): {"TWA", "STEL", "C"},
    ("oels", "unit"): {"ppm", "mg/m3"},
    ("chem21_differences", "axis"): {"S", "H", "E"},
    ("chem21_differences", "kind"): {"paper", "sources differ", "data gap"},
    ("oels", "skin"): {"yes", "no", ""},
    ("hansen", "kind"): {"experimental", "estimated"},
    ("lists", "list"): {"svhc", "reach_annex_xvii", "iarc", "prop65", "montreal", "eu_fgas",
                        "ntp_roc"},
    ("synonyms", "lang"): {"en", "zh", "es", "id", "vi"},
    ("synonyms", "kind"): {"common", "iupac", "abbreviation", "trade", "local"},
}
AUTHORITIES = {"JP-NITE", "NZ-EPA", "KR-NIER"}
SOURCED = ("synonyms", "products", "properties", "hazards", "oels", "hansen", "lists",
           "h_statements", "h_statements_i18n", "h_statements_translated",
           "chem21_differences")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int  # 1-based line in the file, header is line 1
    code: str
    message: str
    level: str = "error"  # "error" fails `data check`; "warning" is reported only

    def __str__(self) -> str:
        tag = "" if self.level == "error" else "warning: "
        return f"{self.file}:{self.line}: {tag}{self.code} {self.message}"


def check_data(root: Path | None = None, *, cross_check_db: bool = True) -> list[Problem]:
    root = root or data_dir()
    out: list[Problem] = []
    tables = {name: read_records(root / f"{name}.csv") for name in
              ("substances", "sources", "most_used", *SOURCED)}
    sources = {r["id"] for r in tables["sources"]}
    h_codes_known = {r["code"] for r in tables["h_statements"]}

    def add(file, line, code, msg, level="error"):
        out.append(Problem(f"{file}.csv", line, code, msg, level))

    # substances: CAS, SMILES, InChIKey
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    cas_set: set[str] = set()
    for i, r in enumerate(tables["substances"], start=2):
        check = parse_cas(r.get("cas"))
        if not check.valid or check.cas != r.get("cas"):
            add("substances", i, "CAS", f"invalid or non-canonical CAS {r.get('cas')!r}")
        if r.get("cas") in cas_set:
            add("substances", i, "DUPLICATE", f"CAS {r['cas']} listed twice")
        cas_set.add(r.get("cas", ""))
        smiles = r.get("smiles", "")
        if not smiles:
            if not r.get("note"):
                add("substances", i, "SMILES", f"{r.get('cas')}: no SMILES and no note why")
            continue
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            add("substances", i, "SMILES", f"{r.get('cas')}: SMILES does not parse: {smiles}")
            continue
        key = Chem.MolToInchiKey(mol)
        if r.get("identity_source") == "representative":
            # A mixture of isomers carries one isomer's structure for its descriptors; an
            # InChIKey would let that isomer's structure resolve to the mixture.
            if r.get("inchikey") or "representative" not in r.get("note", ""):
                add("substances", i, "REPRESENTATIVE", f"{r.get('cas')}: a representative "
                    "structure needs an empty InChIKey and a note saying which isomer it is")
            continue
        if r.get("inchikey") and key != r["inchikey"]:
            add("substances", i, "INCHIKEY", f"{r['cas']}: InChIKey {r['inchikey']} does not "
                f"match the SMILES ({key})")
        if cross_check_db and check.valid:
            db = chemdb.by_cas(check.cas)
            if db and db.inchikey and db.inchikey[:14] != key[:14]:
                add("substances", i, "DB_MISMATCH", f"{r['cas']}: structure differs from the "
                    f"chemicals database ({db.name}, {db.inchikey})")

    # every table: CAS references, sources, vocabularies
    for name in SOURCED:
        for i, r in enumerate(tables[name], start=2):
            if "cas" in r and r["cas"] not in cas_set:
                add(name, i, "UNKNOWN_CAS", f"CAS {r['cas']!r} is not in substances.csv")
            src = r.get("source", "")
            if not src:
                add(name, i, "UNSOURCED", "fact without a source")
            elif src not in sources:
                add(name, i, "SOURCE", f"source id {src!r} is not in sources.csv")
            for (table, col), allowed in VOCAB.items():
                if table == name and r.get(col, "") not in allowed:
                    add(name, i, "VOCAB", f"{col} {r.get(col)!r} not one of {sorted(allowed)}")

    for i, r in enumerate(tables["hazards"], start=2):
        for part in (x.strip() for x in (r.get("assessed_classes") or "").split(";")):
            if part and part not in CLASS_GROUPS and part not in CLASS_KEYS:
                add("hazards", i, "VOCAB", f"assessed_classes {part!r} is neither a class key "
                    f"nor one of {sorted(CLASS_GROUPS)}")

    for i, r in enumerate(tables["most_used"], start=2):
        if r.get("cas") not in cas_set:
            add("most_used", i, "UNKNOWN_CAS", f"CAS {r.get('cas')!r} is not in substances.csv")

    for i, r in enumerate(tables["properties"], start=2):
        rng = RANGES.get(r["property"])
        if rng is None:
            add("properties", i, "PROPERTY", f"unknown property {r['property']!r}")
            continue
        if r["value"] == "none" and r["property"] in ("flash_point_c", "boiling_point_c"):
            continue  # sourced statement: no flash point, or decomposes before boiling
        try:
            v = float(r["value"])
        except ValueError:
            add("properties", i, "VALUE", f"{r['property']} is not a number: {r['value']!r}")
            continue
        if not rng[0] <= v <= rng[1]:
            add("properties", i, "RANGE", f"{r['cas']} {r['property']} = {v} outside "
                f"{rng[0]}..{rng[1]}")

    if cross_check_db:
        out += _boiling_points_vs_db(tables["properties"])

    by_cas: dict[str, dict[str, float]] = {}
    for r in tables["properties"]:
        try:
            by_cas.setdefault(r["cas"], {})[r["property"]] = float(r["value"])
        except ValueError:
            pass
    for cas, props in by_cas.items():
        if "flash_point_c" in props and "boiling_point_c" in props \
                and props["flash_point_c"] >= props["boiling_point_c"]:
            add("properties", 0, "RANGE", f"{cas}: flash point is not below the boiling point")
        if "lel_pct" in props and "uel_pct" in props and props["lel_pct"] >= props["uel_pct"]:
            add("properties", 0, "RANGE", f"{cas}: LEL is not below UEL")

    for i, r in enumerate(tables["hazards"], start=2):
        codes = [c for c in r.get("h_codes", "").split(";") if c]
        if r.get("kind") == "not_classified" and codes:
            add("hazards", i, "HCODE", "not_classified row with H-codes")
        if r.get("kind") != "not_classified" and not codes:
            add("hazards", i, "HCODE", "classification without H-codes")
        for c in codes:
            if not H_OR_EUH.match(c) or (h_codes_known and c not in h_codes_known
                                         and c[:4] not in h_codes_known):
                add("hazards", i, "HCODE", f"unknown H-code {c!r}")

    for i, r in enumerate(tables["oels"], start=2):
        try:
            if float(r["value"]) <= 0:
                raise ValueError
        except ValueError:
            add("oels", i, "VALUE", f"limit value {r.get('value')!r} is not a positive number")
    out += check_oels(tables["oels"], {r["cas"]: r.get("smiles", "") for r in
                                       tables["substances"]})

    for i, r in enumerate(tables["hansen"], start=2):
        for k, (lo, hi) in (("d", (10, 25)), ("p", (0, 30)), ("h", (0, 45))):
            try:
                v = float(r[k])
            except (KeyError, ValueError):
                add("hansen", i, "VALUE", f"{k} is not a number")
                continue
            if not lo <= v <= hi:
                add("hansen", i, "RANGE", f"{r['cas']} δ{k.upper()} = {v} outside {lo}..{hi}")

    out += check_bundled(root, h_codes_known)

    # one name, one substance
    owner: dict[str, tuple[str, str, int]] = {}
    for i, r in enumerate(tables["substances"], start=2):
        owner.setdefault(name_key(r["name"]), (r["cas"], "substances", i))
    for i, r in enumerate(tables["synonyms"], start=2):
        k = name_key(r.get("synonym"))
        prev = owner.get(k)
        if prev and prev[0] != r.get("cas"):
            add("synonyms", i, "NAME_CLASH", f"{r['synonym']!r} means {r['cas']} here but "
                f"{prev[0]} at {prev[1]}.csv:{prev[2]}")
        owner.setdefault(k, (r.get("cas", ""), "synonyms", i))
    return out


# A ppm / mg/m3 pair that a source prints off the 25 °C conversion, kept on purpose.
PAIR_AS_GIVEN = "kept as the cited source gives them"
PAIR_TOLERANCE = 0.05


def check_oels(rows: list[dict[str, str]], smiles: dict[str, str]) -> list[Problem]:
    """Exposure-limit rules (rows noted `superseded` are history and are not checked for
    pairs or duplicates):
    - OEL_SOURCE: a limit without a source is an error; OEL_YEAR: a limit without a year
      is a warning (its age, so its staleness, is unknown: it is shown as stale);
    - OEL_PAIR: a ppm and a mg/m3 value of one substance, agency, type and source that
      disagree with the molar mass (25 °C, 24.45 L/mol) by more than 5 % (a warning when
      the note says the pair is kept as the source gives it);
    - OEL_DUPLICATE: two values of one agency for one substance, type and unit."""
    from rdkit import Chem, RDLogger
    from rdkit.Chem import Descriptors

    RDLogger.DisableLog("rdApp.*")
    out: list[Problem] = []

    def add(line, code, msg, level="error"):
        out.append(Problem("oels.csv", line, code, msg, level))

    mw: dict[str, float | None] = {}
    seen: dict[tuple, int] = {}
    pairs: dict[tuple, list[tuple[int, dict]]] = {}
    for i, r in enumerate(rows, start=2):
        if not r.get("source"):
            add(i, "OEL_SOURCE", f"{r.get('cas')} {r.get('agency')} limit without a source")
        superseded = r.get("note", "").lower().startswith("superseded")
        if not r.get("year") and not superseded:
            add(i, "OEL_YEAR", f"{r.get('cas')} {r.get('agency')} {r.get('limit_type')}: no "
                "year (shown as stale: its age is unknown)", "warning")
        if superseded:
            continue
        key = (r.get("cas"), r.get("agency"), r.get("limit_type"), r.get("unit"))
        if key in seen:
            add(i, "OEL_DUPLICATE", f"{key[0]} {key[1]} {key[2]} in {key[3]} is also on line "
                f"{seen[key]}: mark the older one 'superseded' or remove one")
        else:
            seen[key] = i
        pairs.setdefault((r.get("cas"), r.get("agency"), r.get("limit_type"),
                          r.get("source")), []).append((i, r))
    for (cas, agency, ltype, _), group in pairs.items():
        ppm = [(i, r) for i, r in group if r.get("unit") == "ppm"]
        mg = [(i, r) for i, r in group if r.get("unit") == "mg/m3"]
        if not ppm or not mg:
            continue
        if cas not in mw:
            mol = Chem.MolFromSmiles(smiles.get(cas) or "") if smiles.get(cas) else None
            mw[cas] = Descriptors.MolWt(mol) if mol is not None else None
        if not mw[cas]:
            continue
        for i, r in ppm:
            try:
                expect = float(r["value"]) * mw[cas] / 24.45
                j, other = min(mg, key=lambda x: abs(float(x[1]["value"]) - expect))
                got = float(other["value"])
            except ValueError:
                continue
            dev = abs(got - expect) / expect
            if dev > PAIR_TOLERANCE:
                as_given = PAIR_AS_GIVEN in r.get("note", "") + other.get("note", "")
                add(i, "OEL_PAIR", f"{cas} {agency} {ltype}: {r['value']} ppm is "
                    f"{expect:.4g} mg/m3 at 25 °C (M = {mw[cas]:.2f}), but line {j} gives "
                    f"{got:g} mg/m3 ({dev:.0%} off)", "warning" if as_given else "error")
    return out


# A reviewed row whose value differs from the database's (say, a reduced-pressure entry there).
ON_PURPOSE = "differs from the chemicals database on purpose"


def _boiling_points_vs_db(rows: list[dict[str, str]]) -> list[Problem]:
    """A curated boiling point far from every compiled value in `chemicals` is a slip
    (kelvin for Celsius, a reduced-pressure value, another substance's row)."""
    from chemicals import phase_change

    out = []
    for i, r in enumerate(rows, start=2):
        if r["property"] != "boiling_point_c" or ON_PURPOSE in r.get("note", ""):
            continue
        try:
            v = float(r["value"])
            methods = [m for m in phase_change.Tb_methods(r["cas"]) if m != "JOBACK"]
        except (ValueError, KeyError, TypeError):
            continue
        known = [phase_change.Tb(r["cas"], method=m) for m in methods]
        known = [k - 273.15 for k in known if k]
        if known and min(abs(v - k) for k in known) > 15:
            out.append(Problem("properties.csv", i, "DB_DISAGREE",
                               f"{r['cas']} boiling point {v} °C is far from every value in "
                               f"the chemicals database ({', '.join(f'{k:.1f}' for k in known)})"))
    return out


# Annex VI notes (1.1.3 of Annex VI: letters A-W for substances and mixtures, numbered
# notes 1-10 for mixtures) and the CLP minimum-classification marks.
ANNEX_NOTES = set("ABCDEFGHJKLMNPQRSTUVW") | {str(n) for n in range(1, 11)}
MIN_CLASS = re.compile(r"^(H\d{3}[A-Za-z]*|EUH\d{3})\*{1,3}$")


def check_bundled(root: Path, h_codes_known: set[str]) -> list[Problem]:
    """The bundled tables: CAS check digits, known H-codes, known Annex VI notes and
    minimum-classification marks, national rows' class vocabulary and consistency
    (a not-classified class is assessed; a code's class is assessed), group rules' kinds.
    A CAS or code the converter already flagged in the row's `check` column is not
    reported again."""
    out: list[Problem] = []

    def known(code: str) -> bool:
        return bool(H_OR_EUH.match(code)) and (not h_codes_known or code in h_codes_known
                                               or code[:4] in h_codes_known)

    for i, r in enumerate(read_records(root / "clp_annex_vi.csv"), start=2):
        flagged = r.get("check", "")
        for cas in (c.strip() for c in r.get("cas", "").split(";") if c.strip()):
            if not parse_cas(cas).valid and cas not in flagged:
                out.append(Problem("clp_annex_vi.csv", i, "CAS", f"{r['index_no']}: CAS {cas!r} "
                                   "fails its check digit"))
        for c in (x for x in (r.get("h_codes", "") + ";" + r.get("suppl_h_codes", ""))
                  .split(";") if x):
            if not known(c) and c not in flagged and "****" not in flagged:
                out.append(Problem("clp_annex_vi.csv", i, "HCODE",
                                   f"{r['index_no']}: unknown H-code {c!r}"))
        for n in (x for x in r.get("notes", "").split(";") if x):
            if n not in ANNEX_NOTES:
                out.append(Problem("clp_annex_vi.csv", i, "NOTE",
                                   f"{r['index_no']}: unknown Annex VI note {n!r}"))
        for m in (x for x in r.get("min_class", "").split(";") if x):
            if not MIN_CLASS.match(m):
                out.append(Problem("clp_annex_vi.csv", i, "MIN_CLASS",
                                   f"{r['index_no']}: minimum classification {m!r} is not "
                                   "a code with * marks"))
    vocab = set(CLASS_KEYS)
    for i, r in enumerate(read_records(root / "national_classifications.csv"), start=2):
        if not parse_cas(r.get("cas")).valid:
            out.append(Problem("national_classifications.csv", i, "CAS",
                               f"CAS {r.get('cas')!r} fails its check digit"))
        if r.get("authority") not in AUTHORITIES:
            out.append(Problem("national_classifications.csv", i, "VOCAB",
                               f"authority {r.get('authority')!r} not one of "
                               f"{sorted(AUTHORITIES)}"))
        assessed = {x for x in r.get("assessed_classes", "").split(";") if x}
        absent = {x for x in r.get("not_classified_classes", "").split(";") if x}
        for k in sorted((assessed | absent) - vocab):
            out.append(Problem("national_classifications.csv", i, "CLASS",
                               f"{r.get('cas')}: unknown class key {k!r}"))
        for k in sorted(absent - assessed):
            out.append(Problem("national_classifications.csv", i, "CLASS",
                               f"{r.get('cas')}: {k} not classified but not assessed"))
        for c in (x for x in r.get("h_codes", "").split(";") if x):
            if not known(c):
                out.append(Problem("national_classifications.csv", i, "HCODE",
                                   f"{r.get('cas')}: unknown H-code {c!r}"))
                continue
            keys = set(classes_of_code(c))
            if keys and not keys & {k for a in assessed for k in (a, *profile_classes(a))} \
                    and not ({"acute_inh"} & keys and assessed & set(INHALATION_FORMS)):
                out.append(Problem("national_classifications.csv", i, "CLASS",
                                   f"{r.get('cas')}: {c} held but its class is not assessed"))
            if keys and keys <= absent:
                out.append(Problem("national_classifications.csv", i, "CLASS",
                                   f"{r.get('cas')}: {c} held in a class marked not classified"))
    for i, r in enumerate(read_records(root / "clp_groups.csv"), start=2):
        if r.get("match") not in ("element", "smarts", "element+oxidation_state"):
            out.append(Problem("clp_groups.csv", i, "VOCAB",
                               f"{r.get('index_no')}: match {r.get('match')!r} unknown"))
        for c in (x for x in r.get("h_codes", "").split(";") if x):
            if not known(c):
                out.append(Problem("clp_groups.csv", i, "HCODE",
                                   f"{r.get('index_no')}: unknown H-code {c!r}"))
    return out
