#!/usr/bin/env python3
"""Build data/national_classifications.csv from national GHS classification lists.

One row per substance (CAS) per authority, with the hazard classes the authority assessed
and the H-codes its categories convert to (UN GHS, one code per class and category).

Inputs (files as published or as parsed by a third party; read from paths given on the
command line, never committed):

  --nite FILE   Japan: NITE's integrated list of the Japanese government's GHS
                classifications, list_nite_all.xlsx (sheet "NITE統合版GHS分類結果"; one row
                per substance, one column per hazard class holding the category text).
  --nz FILE     New Zealand: GHScrunch's parse of the EPA's HSNO CCID export of 2013-06-04,
                GHS-nz/output/GHS-nz.csv (one row per HSNO classification, with the GHS
                translation text of the EPA's HSNO-to-GHS correlation).
  --kr FILE     Korea: GHScrunch's parse of NIER's 2011 list of GHS classification and
                labelling of toxic chemicals, GHS-kr/output/GHS-kr.csv (one row per
                classification, class/category text with the H-code).

Columns written:

  cas, authority, year, h_codes, assessed_classes, not_classified_classes, source, ref, note

* ``assessed_classes``: hazard-class keys (vocabulary CLASS_KEYS below) for which the row
  states the outcome: every key listed is either classified (a code of that class is in
  ``h_codes``) or judged not classified (the key is also in ``not_classified_classes``).
  Classes the authority could not classify (分類できない, "classification not possible"),
  declared not applicable (分類対象外), left blank ("-"), or whose category cannot be
  converted to one UN GHS code are NOT listed.
* For New Zealand and Korea the published lists contain only the classes that triggered,
  so ``assessed_classes`` there holds only classified classes and ``not_classified_classes``
  is empty: a missing class says nothing.

Checks: CAS check digit (invalid numbers are reported, counted and skipped), every H-code
must be in data/h_statements.csv, a count summary is printed.  ``--crosscheck N`` compares
N random substances with data/hazards.csv and the EU CLP Annex VI reference table.

Usage:
  python tools/build_national_classifications.py --nite list_nite_all.xlsx \
      --nz GHS-nz.csv --kr GHS-kr.csv [--out data/national_classifications.csv] \
      [--crosscheck 10 --annex-vi ../shared/reference/eu_clp_annex_vi_atp13.csv]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
COLUMNS = [
    "cas",
    "authority",
    "year",
    "h_codes",
    "assessed_classes",
    "not_classified_classes",
    "source",
    "ref",
    "note",
]

# Hazard-class keys, in output order (documented in data/README.md).
CLASS_KEYS = [
    "expl",
    "flam_gas",
    "aerosol",
    "ox_gas",
    "gas_press",
    "flam_liq",
    "flam_sol",
    "self_react",
    "pyr_liq",
    "pyr_sol",
    "pyr_liq_sol",
    "self_heat",
    "water_react",
    "ox_liq",
    "ox_sol",
    "ox_liq_sol",
    "org_perox",
    "met_corr",
    "desens_expl",
    "acute_oral",
    "acute_dermal",
    "acute_inh_gas",
    "acute_inh_vap",
    "acute_inh_dust",
    "acute_inh",
    "skin_corr",
    "eye_dam",
    "resp_sens",
    "skin_sens",
    "muta",
    "carc",
    "repr",
    "lact",
    "stot_se",
    "stot_re",
    "asp",
    "aq_acute",
    "aq_chronic",
    "ozone",
]
ORDER = {k: i for i, k in enumerate(CLASS_KEYS)}


# UN GHS: (class key, category) -> H-code.  Categories are normalised strings
# ("1", "1A", "2B", "A".."G" for types, "1.1".."1.6" for explosive divisions).
def _acute(prefix: str) -> dict[str, str]:
    return {
        "1": f"H{prefix}0",
        "2": f"H{prefix}0",
        "3": f"H{prefix}1",
        "4": f"H{prefix}2",
        "5": f"H{prefix}3",
    }


GHS_CODES: dict[str, dict[str, str | None]] = {
    "expl": {
        "unstable": "H200",
        "1.1": "H201",
        "1.2": "H202",
        "1.3": "H203",
        "1.4": "H204",
        "1.5": "H205",
        "1.6": None,
    },
    "flam_gas": {
        "1": "H220",
        "1A": "H220",
        "1B": "H221",
        "2": "H221",
        "unstable_A": "H230",
        "unstable_B": "H231",
        "pyrophoric": "H232",
    },
    "aerosol": {"1": "H222", "2": "H223", "3": "H229"},
    "ox_gas": {"1": "H270"},
    "gas_press": {
        "compressed": "H280",
        "liquefied": "H280",
        "dissolved": "H280",
        "refrigerated": "H281",
    },
    "flam_liq": {"1": "H224", "2": "H225", "3": "H226", "4": "H227"},
    "flam_sol": {"1": "H228", "2": "H228"},
    "self_react": {
        "A": "H240",
        "B": "H241",
        "C": "H242",
        "D": "H242",
        "E": "H242",
        "F": "H242",
        "G": None,
    },
    "pyr_liq": {"1": "H250"},
    "pyr_sol": {"1": "H250"},
    "pyr_liq_sol": {"1": "H250"},
    "self_heat": {"1": "H251", "2": "H252"},
    "water_react": {"1": "H260", "2": "H261", "3": "H261"},
    "ox_liq": {"1": "H271", "2": "H272", "3": "H272"},
    "ox_sol": {"1": "H271", "2": "H272", "3": "H272"},
    "ox_liq_sol": {"1": "H271", "2": "H272", "3": "H272"},
    "org_perox": {
        "A": "H240",
        "B": "H241",
        "C": "H242",
        "D": "H242",
        "E": "H242",
        "F": "H242",
        "G": None,
    },
    "met_corr": {"1": "H290"},
    "desens_expl": {"1": "H206", "2": "H207", "3": "H207", "4": "H208"},
    "acute_oral": _acute("30"),
    "acute_dermal": _acute("31"),
    "acute_inh_gas": _acute("33"),
    "acute_inh_vap": _acute("33"),
    "acute_inh_dust": _acute("33"),
    "acute_inh": _acute("33"),
    "skin_corr": {"1": "H314", "1A": "H314", "1B": "H314", "1C": "H314", "2": "H315", "3": "H316"},
    "eye_dam": {"1": "H318", "2": "H319", "2A": "H319", "2B": "H320"},
    "resp_sens": {"1": "H334", "1A": "H334", "1B": "H334"},
    "skin_sens": {"1": "H317", "1A": "H317", "1B": "H317"},
    "muta": {"1": "H340", "1A": "H340", "1B": "H340", "2": "H341"},
    "carc": {"1": "H350", "1A": "H350", "1B": "H350", "2": "H351"},
    "repr": {"1": "H360", "1A": "H360", "1B": "H360", "2": "H361"},
    "lact": {"lact": "H362"},
    "stot_se": {"1": "H370", "2": "H371", "3_resp": "H335", "3_narc": "H336"},
    "stot_re": {"1": "H372", "2": "H373"},
    "asp": {"1": "H304", "2": "H305"},
    "aq_acute": {"1": "H400", "2": "H401", "3": "H402"},
    "aq_chronic": {"1": "H410", "2": "H411", "3": "H412", "4": "H413"},
    "ozone": {"1": "H420"},
}
# Categories with no label elements: the class was assessed and nothing is to be labelled,
# so the class counts as not classified.
NO_HAZARD = {("self_react", "G"), ("org_perox", "G"), ("expl", "1.6")}


REFS: dict[str, str] = {}  # input file -> citation text (--*-ref options)


def a_ref(path: Path, default: str) -> str:
    return REFS.get(str(path), default)


# ---------------------------------------------------------------- CAS numbers
def cas_ok(cas: str) -> bool:
    m = re.fullmatch(r"(\d{2,7})-(\d{2})-(\d)", cas)
    if not m:
        return False
    digits = (m.group(1) + m.group(2))[::-1]
    return sum((i + 1) * int(d) for i, d in enumerate(digits)) % 10 == int(m.group(3))


def canon_cas(raw: str) -> str:
    raw = unicodedata.normalize("NFKC", raw).strip()
    m = re.fullmatch(r"0*(\d+)-(\d{2})-(\d)", raw)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else raw


# ---------------------------------------------------------------- minimal xlsx reader
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx_rows(path: Path) -> list[list[str]]:
    """Rows of the first worksheet as lists of strings (stdlib only)."""
    with zipfile.ZipFile(path) as z:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            for si in root.findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
        sheet = sorted(n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))[
            0
        ]
        root = ET.fromstring(z.read(sheet))
    rows: list[list[str]] = []
    for row in root.iter(f"{{{NS['m']}}}row"):
        cells: dict[int, str] = {}
        for c in row.findall("m:c", NS):
            ref = c.get("r", "")
            letters = re.match(r"[A-Z]+", ref).group(0)
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            t = c.get("t")
            v = c.find("m:v", NS)
            if t == "s" and v is not None:
                val = shared[int(v.text)]
            elif t == "inlineStr":
                val = "".join(x.text or "" for x in c.iter(f"{{{NS['m']}}}t"))
            else:
                val = v.text if v is not None and v.text is not None else ""
            cells[col - 1] = val
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i, "") for i in range(width)])
    return rows


# ---------------------------------------------------------------- Japan (NITE)
JP_COLUMNS = {  # column header in list_nite_all.xlsx -> class key
    "爆発物": "expl",
    "可燃性ガス": "flam_gas",
    "エアゾール": "aerosol",
    "酸化性ガス": "ox_gas",
    "高圧ガス": "gas_press",
    "引火性液体": "flam_liq",
    "可燃性固体": "flam_sol",
    "自己反応性化学品": "self_react",
    "自然発火性液体": "pyr_liq",
    "自然発火性固体": "pyr_sol",
    "自己発熱性化学品": "self_heat",
    "水反応可燃性化学品": "water_react",
    "酸化性液体": "ox_liq",
    "酸化性固体": "ox_sol",
    "有機過酸化物": "org_perox",
    "金属腐食性化学品": "met_corr",
    "鈍性化爆発物": "desens_expl",
    "急性毒性（経口）": "acute_oral",
    "急性毒性（経皮）": "acute_dermal",
    "急性毒性（吸入：ガス）": "acute_inh_gas",
    "急性毒性（吸入：蒸気）": "acute_inh_vap",
    "急性毒性（吸入：粉塵、ミスト）": "acute_inh_dust",
    "皮膚腐食性／刺激性": "skin_corr",
    "眼に対する重篤な損傷性／眼刺激性": "eye_dam",
    "呼吸器感作性": "resp_sens",
    "皮膚感作性": "skin_sens",
    "生殖細胞変異原性": "muta",
    "発がん性": "carc",
    "生殖毒性": "repr",
    "特定標的臓器毒性（単回暴露）": "stot_se",
    "特定標的臓器毒性（反復暴露）": "stot_re",
    "誤えん有害性": "asp",
    "水生環境有害性　短期（急性）": "aq_acute",
    "水生環境有害性　長期（慢性）": "aq_chronic",
    "オゾン層への有害性": "ozone",
}
LACT_TEXT = "授乳に対するまたは授乳を介した影響に関する追加区分"


def jp_cell(key: str, text: str) -> tuple[str, list[str], str | None]:
    """Classify one NITE cell.

    Returns (status, categories, problem): status is 'classified', 'not_classified',
    'not_applicable', 'not_possible' or 'blank'; categories are normalised category
    strings (see GHS_CODES); problem is a text when the cell could not be read.
    """
    t = unicodedata.normalize("NFKC", text).strip()
    if t in ("", "-", "ー", "－"):
        return "blank", [], None
    if t.startswith("区分に該当しない"):
        if "分類対象外" in t:
            return "not_applicable", [], None
        return "not_classified", [], None
    if t == "区分外":
        return "not_classified", [], None
    if t == "分類対象外":
        return "not_applicable", [], None
    if t.startswith("分類できない"):
        return "not_possible", [], None
    cats: list[str] = []
    if key == "gas_press":
        if "深冷液化ガス" in t:
            return "classified", ["refrigerated"], None
        if "液化ガス" in t:
            return "classified", ["liquefied"], None
        if "圧縮ガス" in t:
            return "classified", ["compressed"], None
        if "溶解ガス" in t:
            return "classified", ["dissolved"], None
        return "unreadable", [], t
    if key == "expl":
        if "不安定爆発物" in t:
            return "classified", ["unstable"], None
        m = re.search(r"等級\s*(1\.[1-6])", t)
        return ("classified", [m.group(1)], None) if m else ("unreadable", [], t)
    if key in ("self_react", "org_perox"):
        m = re.search(r"タイプ\s*([A-G])", t)
        return ("classified", [m.group(1)], None) if m else ("unreadable", [], t)
    if key == "flam_gas":
        m = re.match(r"区分\s*(1A|1B|1|2)", t)
        if m:
            cats.append(m.group(1))
        if "化学的に不安定なガス区分B" in t or re.search(r"、\s*B$", t):
            cats.append("unstable_B")
        elif "化学的に不安定なガス区分A" in t or re.search(r"、\s*A$", t):
            cats.append("unstable_A")
        return ("classified", cats, None) if cats else ("unreadable", [], t)
    if key == "stot_se":
        # e.g. 区分1（神経系、呼吸器）、区分3（麻酔作用、気道刺激性）
        parts = re.split(r"区分\s*(?=[1-3])", t)
        for p in parts[1:]:
            n = p[0]
            if n in "12":
                cats.append(n)
            else:
                if "気道刺激" in p:
                    cats.append("3_resp")
                if "麻酔" in p:
                    cats.append("3_narc")
                if "気道刺激" not in p and "麻酔" not in p:
                    return "unreadable", [], t
        return ("classified", sorted(set(cats)), None) if cats else ("unreadable", [], t)
    if key == "stot_re":
        cats = sorted(set(re.findall(r"区分\s*([12])", t)))
        return ("classified", cats, None) if cats else ("unreadable", [], t)
    m = re.fullmatch(r"区分\s*([1-5](?:[ABC])?)", t)
    if m and m.group(1) in GHS_CODES[key]:
        return "classified", [m.group(1)], None
    return "unreadable", [], t


def build_jp(path: Path, stats: Counter, problems: list[str]) -> list[dict]:
    rows = read_xlsx_rows(path)
    header = [h.strip() for h in rows[0]]
    col = {h: i for i, h in enumerate(header)}
    missing = [h for h in JP_COLUMNS if h not in col]
    if missing:
        sys.exit(f"NITE list: missing columns {missing}")
    out = []
    for n, r in enumerate(rows[1:], start=2):
        r = r + [""] * (len(header) - len(r))
        raw_cas = r[col["CAS RN"]]
        nite_id = r[col["GHS分類結果_ID"]].strip()
        if not raw_cas.strip():
            stats["JP-NITE rows without CAS (skipped)"] += 1
            continue
        cas_list = [canon_cas(c) for c in re.split(r"[,、，;\s]+", raw_cas) if c.strip()]
        codes: set[str] = set()
        assessed: set[str] = set()
        notcls: set[str] = set()
        notapp: set[str] = set()
        for h, key in JP_COLUMNS.items():
            text = r[col[h]]
            if key == "repr" and LACT_TEXT in unicodedata.normalize("NFKC", text):
                codes.add("H362")
                assessed.add("lact")
                text = unicodedata.normalize("NFKC", text).replace(LACT_TEXT, "").strip("、 ")
                if not text:
                    continue
            status, cats, problem = jp_cell(key, text)
            if status == "unreadable":
                problems.append(f"JP row {n} {nite_id} {key}: cannot read {problem!r}")
                stats["JP-NITE cells unreadable (class left out)"] += 1
                continue
            if status == "not_classified":
                assessed.add(key)
                notcls.add(key)
            elif status == "not_applicable":
                notapp.add(key)
            elif status == "classified":
                new = [GHS_CODES[key][c] for c in cats]
                if all((key, c) in NO_HAZARD for c in cats):
                    assessed.add(key)
                    notcls.add(key)
                    continue
                codes.update(x for x in new if x)
                assessed.add(key)
        note = []
        if len(cas_list) > 1:
            note.append(f"group entry for {len(cas_list)} CAS ({'; '.join(cas_list)})")
        if notapp:
            note.append("not applicable (分類対象外): " + ";".join(sorted(notapp, key=ORDER.get)))
        for cas in cas_list:
            out.append(
                {
                    "cas": cas,
                    "authority": "JP-NITE",
                    "year": "",
                    "h_codes": codes,
                    "assessed": assessed,
                    "not_classified": notcls,
                    "source": "nite-ghs-list-nite-all",
                    "ref": f"{nite_id}; {a_ref(path, 'list_nite_all.xlsx')} row {n}",
                    "note": "; ".join(note),
                    # a group entry whose id is not this CAS's own (m-nite-CAS) gives way
                    "_group": len(cas_list) > 1 and nite_id != f"m-nite-{cas}",
                }
            )
    return out


# ---------------------------------------------------------------- New Zealand (HSNO)
def nz_translate(ghs: str) -> tuple[str, str] | None:
    """(class key, category) from GHScrunch's GHS translation text, or None."""
    t = ghs.replace("GHS: ", "").strip()
    simple = [
        (r"Flammable gases - Category (\d)", "flam_gas"),
        (r"Flammable liquids - Category (\d)", "flam_liq"),
        (r"Flammable solids - Category (\d)", "flam_sol"),
        (r"Self-reactive substances and mixtures - Type ([A-G])", "self_react"),
        (r"Pyrophoric substances - Category (\d)", "pyr_liq_sol"),
        (r"Self-heating substances and mixtures - Category (\d)", "self_heat"),
        (
            r"Substances and mixtures, which in contact with water, emit flammable gases"
            r" - Category (\d)",
            "water_react",
        ),
        (r"Oxidizing liquids/solids - Category (\d)", "ox_liq_sol"),
        (r"Oxidizing gases - Category (\d)", "ox_gas"),
        (r"Organic peroxides - Type ([A-G])", "org_perox"),
        (r"Acute toxicity: Oral - Category (\d)", "acute_oral"),
        (r"Acute toxicity: Dermal - Category (\d)", "acute_dermal"),
        (r"Acute toxicity: Inhalation - Category (\d)", "acute_inh"),
        (r"Skin corrosion/irritation - Category (\d[ABC]?)", "skin_corr"),
        (r"Serious eye damage/eye irritation - Category (\d)", "eye_dam"),
        (r"Respiratory sensitization - Category (\d)", "resp_sens"),
        (r"Skin sensitization - Category (\d)", "skin_sens"),
        (r"Germ cell mutagenicity - Category (\d)", "muta"),
        (r"Carcinogenicity - Category (\d)", "carc"),
        (r"Reproductive toxicity - Category (\d)", "repr"),
        (r"Corrosive to metals - Category (\d)", "met_corr"),
        (r"Aquatic toxicity \(Chronic\) - Category (\d)", "aq_chronic"),
    ]
    for pat, key in simple:
        m = re.fullmatch(pat, t)
        if m:
            return key, m.group(1)
    if t == "Reproductive toxicity - Effects on or via lactation":
        return "lact", "lact"
    return None


def build_nz(path: Path, stats: Counter, problems: list[str]) -> list[dict]:
    by_cas: dict[str, list[dict]] = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            by_cas[r["CASRN"].strip()].append(r)
    out = []
    for raw, recs in by_cas.items():
        if "_" in raw:  # GHScrunch marks solutions/variants as CAS_var0 etc., and no_id
            stats["NZ-EPA variant/solution or no-CAS substances (skipped)"] += 1
            continue
        cas = canon_cas(raw)
        best: dict[str, str] = {}
        unconverted: list[str] = []
        hsno: list[str] = []
        for r in recs:
            code = r["HSNO code"].strip()
            hsno.append(code)
            tr = nz_translate(r["GHS translation"])
            if tr is None:
                unconverted.append(code)
                continue
            key, cat = tr
            prev = best.get(key)
            # several rows per class (e.g. 9.1 per organism): the most severe category holds
            if prev is None or _severity(cat) < _severity(prev):
                best[key] = cat
        codes, assessed = set(), set()
        for key, cat in best.items():
            h = GHS_CODES[key].get(cat)
            if (key, cat) in NO_HAZARD:
                continue
            if h is None:
                problems.append(f"NZ {cas}: no code for {key} {cat}")
                continue
            codes.add(h)
            assessed.add(key)
        note = "HSNO: " + ";".join(sorted(set(hsno)))
        unc = sorted(set(u for u in unconverted if not u.startswith(("9.2", "9.3", "9.4"))))
        if unc:
            note += "; no single GHS code: " + ";".join(unc)
        out.append(
            {
                "cas": cas,
                "authority": "NZ-EPA",
                "year": "2013",
                "h_codes": codes,
                "assessed": assessed,
                "not_classified": set(),
                "source": "nz-epa-hsno-ccid-2013",
                "ref": f"CASRN {raw} ({len(recs)} rows); {a_ref(path, 'GHS-nz.csv')}",
                "note": note,
                "_group": False,
            }
        )
    return out


def _severity(cat: str) -> tuple[int, str]:
    m = re.match(r"(\d)", cat)
    return (int(m.group(1)) if m else 9, cat)


# ---------------------------------------------------------------- Korea (NIER)
KR_CLASSES = {
    "Acute toxicity (oral)": "acute_oral",
    "Acute toxicity (dermal)": "acute_dermal",
    "Acute toxicity (inhalation)": "acute_inh",
    "Aspiration hazard": "asp",
    "Carcinogenicity": "carc",
    "Flammable gases": "flam_gas",
    "Flammable liquids": "flam_liq",
    "Flammable solids": "flam_sol",
    "Gases under pressure": "gas_press",
    "Germ cell mutagenicity": "muta",
    "Hazardous to the aquatic environment (acute)": "aq_acute",
    "Hazardous to the aquatic environment (chronic)": "aq_chronic",
    "Organic peroxides": "org_perox",
    "Oxidizing solids": "ox_sol",
    "Oxidizing liquids": "ox_liq",
    "Reproductive toxicity": "repr",
    "Respiratory sensitization": "resp_sens",
    "Serious eye damage/irritation": "eye_dam",
    "Skin corrosion/irritation": "skin_corr",
    "Skin sensitization": "skin_sens",
    "Specific target organ toxicity - Repeated exposure": "stot_re",
    "Specific target organ toxicity - Single exposure": "stot_se",
    "Substances and mixtures which, in contact with water, emit flammable gases": "water_react",
}


def build_kr(path: Path, stats: Counter, problems: list[str]) -> list[dict]:
    by_cas: dict[str, list[str]] = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            by_cas[r["CASRN"].strip()].append(r["Hazard sublist"].strip())
    out = []
    for raw, subs in by_cas.items():
        cas = canon_cas(raw)
        codes, assessed, listed = set(), set(), set()
        for s in subs:
            m = re.fullmatch(r"(.+?) - (?:Category|Type) (\S+) \[(H\d{3})\b.*\]", s)
            if not m or m.group(1) not in KR_CLASSES:
                problems.append(f"KR {cas}: cannot read {s!r}")
                stats["KR-NIER entries unreadable"] += 1
                continue
            key, cat, listed_h = KR_CLASSES[m.group(1)], m.group(2), m.group(3)
            if key == "gas_press":
                conv = "H280" if listed_h == "H280" else ("H281" if listed_h == "H281" else None)
            elif key == "stot_se" and cat == "3":
                conv = listed_h if listed_h in ("H335", "H336") else None
            else:
                conv = GHS_CODES[key].get(cat)
            if conv != listed_h:
                problems.append(
                    f"KR {cas}: {m.group(1)} {cat} converts to {conv}, list says {listed_h}"
                )
                stats["KR-NIER code differs from conversion (list's code kept)"] += 1
            codes.add(listed_h)
            assessed.add(key)
            listed.add(f"{key} {cat}")
        if not codes:
            continue
        out.append(
            {
                "cas": cas,
                "authority": "KR-NIER",
                "year": "2011",
                "h_codes": codes,
                "assessed": assessed,
                "not_classified": set(),
                "source": "kr-nier-ghs-2011",
                "ref": f"CASRN {raw}; {a_ref(path, 'GHS-kr.csv')}",
                "note": "third-party parse of the Korean spreadsheet "
                "(merged CAS cells filled by the parser)",
                "_group": False,
            }
        )
    return out


# ---------------------------------------------------------------- output and checks
def h_sort(code: str) -> tuple:
    return (int(re.sub(r"\D", "", code[:4]) or 0), code)


def finish(rows: list[dict], known_h: set[str], stats: Counter, problems: list[str]) -> list[dict]:
    final: dict[tuple[str, str], dict] = {}
    for r in rows:
        if not cas_ok(r["cas"]):
            problems.append(f"{r['authority']}: invalid CAS {r['cas']!r} ({r['ref']}) skipped")
            stats[f"{r['authority']} invalid CAS (skipped)"] += 1
            continue
        unknown = sorted(c for c in r["h_codes"] if c not in known_h)
        if unknown:
            problems.append(f"{r['authority']} {r['cas']}: unknown H-codes {unknown}")
            stats["unknown H-codes"] += len(unknown)
        key = (r["cas"], r["authority"])
        prev = final.get(key)
        if prev is not None:
            # the substance's own entry wins over a group entry; otherwise the first is kept
            stats[f"{r['authority']} duplicate CAS (one row kept)"] += 1
            if prev["_group"] and not r["_group"]:
                final[key] = r
            continue
        final[key] = r
    out = []
    for (cas, auth), r in sorted(final.items(), key=lambda kv: (kv[0][1], _cas_key(kv[0][0]))):
        out.append(
            {
                "cas": cas,
                "authority": auth,
                "year": r["year"],
                "h_codes": ";".join(sorted(r["h_codes"], key=h_sort)),
                "assessed_classes": ";".join(sorted(r["assessed"], key=ORDER.get)),
                "not_classified_classes": ";".join(sorted(r["not_classified"], key=ORDER.get)),
                "source": r["source"],
                "ref": r["ref"],
                "note": r["note"],
            }
        )
    return out


def _cas_key(cas: str) -> tuple:
    return tuple(int(x) for x in cas.split("-"))


def write(rows: list[dict], path: Path, drop_note: bool) -> None:
    cols = [c for c in COLUMNS if not (drop_note and c == "note")]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


CLP_TO_KEY = [  # EU CLP class abbreviation -> class key (for the cross-check only)
    ("Flam. Liq.", "flam_liq"),
    ("Flam. Gas", "flam_gas"),
    ("Flam. Sol.", "flam_sol"),
    ("Skin Corr.", "skin_corr"),
    ("Skin Irrit.", "skin_corr"),
    ("Eye Dam.", "eye_dam"),
    ("Eye Irrit.", "eye_dam"),
    ("Resp. Sens.", "resp_sens"),
    ("Skin Sens.", "skin_sens"),
    ("Muta.", "muta"),
    ("Carc.", "carc"),
    ("Repr.", "repr"),
    ("Lact.", "lact"),
    ("STOT SE", "stot_se"),
    ("STOT RE", "stot_re"),
    ("Asp. Tox.", "asp"),
    ("Aquatic Acute", "aq_acute"),
    ("Aquatic Chronic", "aq_chronic"),
    ("Ozone", "ozone"),
    ("Ox. Liq.", "ox_liq"),
    ("Ox. Sol.", "ox_sol"),
    ("Met. Corr.", "met_corr"),
]
H_TO_KEY = {}
for _k, _cats in GHS_CODES.items():
    for _h in _cats.values():
        if _h:
            H_TO_KEY.setdefault(_h, set()).add(_k)


ACUTE_ROUTES = {
    "acute_oral": {"H300", "H301", "H302", "H303"},
    "acute_dermal": {"H310", "H311", "H312", "H313"},
    "acute_inh": {"H330", "H331", "H332", "H333"},
}
INH_KEYS = {"acute_inh", "acute_inh_gas", "acute_inh_vap", "acute_inh_dust"}


def _h_base(code: str) -> str:
    """EU code without CLP's marks and letters (H360FD -> H360, H350i -> H350, H373 ** -> H373)."""
    m = re.match(r"(EU)?H\d{3}", code.strip())
    return m.group(0) if m else code.strip()


def crosscheck(rows: list[dict], n: int, annex_path: Path | None, seed: int) -> None:
    hz = defaultdict(list)
    with open(DATA / "hazards.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            hz[r["cas"]].append(r)
    annex = {}
    if annex_path and annex_path.exists():
        with open(annex_path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                c = r["cas_no"].strip()
                if c and ";" not in c and cas_ok(c):
                    annex[c] = r
    by_cas = defaultdict(dict)
    for r in rows:
        by_cas[r["cas"]][r["authority"]] = r
    # substances with a national row and a row in hazards.csv or in Annex VI
    # prefer the curated substances (rows in data/hazards.csv); else any Annex VI overlap
    pool = sorted(c for c in by_cas if c in hz) or sorted(c for c in by_cas if c in annex)
    rng = random.Random(seed)
    sample = rng.sample(pool, min(n, len(pool)))
    print(
        f"\nCross-check of {len(sample)} random substances (seed {seed}) out of {len(pool)} "
        "with a row in data/hazards.csv (else a single-CAS Annex VI entry):"
    )
    for cas in sorted(sample, key=_cas_key):
        for auth, r in sorted(by_cas[cas].items()):
            mine = set(r["h_codes"].split(";")) - {""}
            print(f"  {cas} {auth}: {r['h_codes'] or '(none)'}  assessed={r['assessed_classes']}")
            for e in hz.get(cas, []):
                theirs = set(e["h_codes"].split(";")) - {""}
                same = (
                    "same"
                    if theirs == mine
                    else f"only here {sorted(mine - theirs)}, only there {sorted(theirs - mine)}"
                )
                print(f"      hazards.csv {e['source']} ({e['kind']}): {e['h_codes']}  -> {same}")
            if cas in annex:
                a = annex[cas]
                eu = {_h_base(x) for x in a["h_codes"].split(";") if x.strip()}
                eu_keys = set()
                for tok in a["hazard_class_category"].split(";"):
                    for abbr, key in CLP_TO_KEY:
                        if tok.strip().startswith(abbr):
                            eu_keys.add(key)
                for h in eu:  # acute toxicity: the route is in the H-code
                    for route, hs in ACUTE_ROUTES.items():
                        if h in hs:
                            eu_keys.add(route)
                assessed = set(r["assessed_classes"].split(";")) - {""}
                for route, members in (("acute_inh", INH_KEYS),):
                    if assessed & members:
                        assessed.add(route)
                # compare per class the EU lists, where the authority assessed the class
                agree, differ, unassessed = [], [], []
                for key in sorted(eu_keys, key=ORDER.get):
                    eu_codes = {h for h in eu if key in H_TO_KEY.get(h, set())}
                    nat_codes = {h for h in mine if key in H_TO_KEY.get(h, set())}
                    if key not in assessed:
                        unassessed.append(key)
                    elif eu_codes == nat_codes:
                        agree.append(key)
                    else:
                        differ.append(f"{key} EU {sorted(eu_codes)} vs {sorted(nat_codes)}")
                print(
                    f"      EU Annex VI {a['index_no']}: {a['h_codes']}  -> agree {agree}; "
                    f"differ {differ}; not assessed here {unassessed}"
                )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nite", type=Path, help="list_nite_all.xlsx")
    ap.add_argument("--nz", type=Path, help="GHScrunch GHS-nz/output/GHS-nz.csv")
    ap.add_argument("--kr", type=Path, help="GHScrunch GHS-kr/output/GHS-kr.csv")
    ap.add_argument(
        "--nite-ref",
        default="list_nite_all.xlsx",
        help="how ref cites the NITE file, e.g. repo path@commit",
    )
    ap.add_argument("--nz-ref", default="GHS-nz.csv")
    ap.add_argument("--kr-ref", default="GHS-kr.csv")
    ap.add_argument("--out", type=Path, default=DATA / "national_classifications.csv")
    ap.add_argument(
        "--max-bytes",
        type=int,
        default=3_000_000,
        help="drop the note column when the file would be larger",
    )
    ap.add_argument("--crosscheck", type=int, default=0, metavar="N")
    annex_default = next(
        (
            d / "shared" / "reference" / "eu_clp_annex_vi_atp13.csv"
            for d in (ROOT.parent, ROOT.parent.parent)
            if (d / "shared" / "reference" / "eu_clp_annex_vi_atp13.csv").exists()
        ),
        None,
    )
    ap.add_argument("--annex-vi", type=Path, default=annex_default)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    if not (a.nite or a.nz or a.kr):
        ap.error("give at least one of --nite, --nz, --kr")
    known_h = set()
    with open(DATA / "h_statements.csv", newline="", encoding="utf-8") as f:
        known_h = {r["code"] for r in csv.DictReader(f)}
    for f, r in ((a.nite, a.nite_ref), (a.nz, a.nz_ref), (a.kr, a.kr_ref)):
        if f:
            REFS[str(f)] = r
    stats: Counter = Counter()
    problems: list[str] = []
    rows: list[dict] = []
    if a.nite:
        rows += build_jp(a.nite, stats, problems)
    if a.nz:
        rows += build_nz(a.nz, stats, problems)
    if a.kr:
        rows += build_kr(a.kr, stats, problems)
    out = finish(rows, known_h, stats, problems)
    write(out, a.out, drop_note=False)
    if a.out.stat().st_size > a.max_bytes:
        print(f"{a.out} exceeds {a.max_bytes} bytes: note column dropped")
        write(out, a.out, drop_note=True)
    for p in problems:
        print("PROBLEM", p)
    print(f"\nWrote {len(out)} rows to {a.out} ({a.out.stat().st_size} bytes)")
    per = Counter(r["authority"] for r in out)
    for auth, k in sorted(per.items()):
        nc = sum(1 for r in out if r["authority"] == auth and not r["h_codes"])
        print(f"  {auth}: {k} substances ({nc} with no hazard code)")
    for k, v in sorted(stats.items()):
        print(f"  {k}: {v}")
    cls = Counter()
    for r in out:
        for key in r["assessed_classes"].split(";"):
            if key:
                cls[(r["authority"], key)] += 1
    print("  assessed classes per authority:")
    for auth in sorted(per):
        print(
            "    "
            + auth
            + ": "
            + ", ".join(f"{k}={cls[(auth, k)]}" for k in CLASS_KEYS if cls[(auth, k)])
        )
    if a.crosscheck:
        crosscheck(out, a.crosscheck, a.annex_vi, a.seed)


if __name__ == "__main__":
    main()
