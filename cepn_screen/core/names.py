"""Name normalisation: one key for the many ways a chemical name is written.

Three things people put into a name cell besides the name:
- grade and purity words, in the five inventory languages ("acetone, technical grade 99%",
  "乙醇 分析纯", "ácido sulfúrico grado reactivo", "asam sulfat teknis", "axit sunfuric kỹ
  thuật"): `strip_grade` removes them;
- two names of one substance ("乙醇 / EtOH", "Ethanol (EtOH)", "DCM, dichloromethane"):
  `split_composite` gives the parts, which the resolver checks agree;
- a formula ("H₂SO₄", "SOCl2", "CuSO4·5H2O"): `parse_formula` reads it into element counts
  and `hill_formula` writes them in Hill order, the order the compound database uses.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Grade and purity words (code vocabulary, not facts): English, Chinese, Spanish, Indonesian,
# Vietnamese. Longest phrases first so that "reagent grade" goes before "reagent".
_GRADE_PHRASES = (
    # English
    "reagent grade", "analytical grade", "analytical reagent", "technical grade",
    "industrial grade", "electronic grade", "semiconductor grade", "laboratory grade",
    "lab grade", "food grade", "pharmaceutical grade", "ultra pure", "ultrapure",
    "high purity", "for analysis", "pro analysis", "extra pure",
    # Spanish
    "grado reactivo", "grado técnico", "grado analítico", "grado industrial",
    "grado electrónico", "para análisis", "químicamente puro", "calidad técnica",
    "técnico", "técnica", "reactivo", "industrial", "puro", "pura",
    # Indonesian
    "pro analisis", "teknis", "murni", "kualitas teknis", "analitik",
    # Vietnamese
    "kỹ thuật", "công nghiệp", "tinh khiết phân tích", "tinh khiết", "phân tích",
    # English single words
    "technical", "tech", "reagent", "analytical", "electronic", "semiconductor",
    "anhydrous", "pure", "grade", "extra", "dry", "glacial",
)
# Abbreviations of grades, matched as whole words and case-sensitively in capitals
# (AR analytical reagent, GR guaranteed reagent, CP chemically pure, LR laboratory reagent,
# ACS, USP, EP/BP pharmacopoeia, HPLC, p.a. pro analysi, QP químicamente puro, RA reactivo
# analítico, TKPT tinh khiết phân tích).
_GRADE_ABBREVIATIONS = ("AR", "GR", "CP", "LR", "ACS", "USP", "EP", "BP", "HPLC", "QP",
                        "RA", "TKPT", "PA", "EL", "UP")
_GRADE_WORDS = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(p) for p in _GRADE_PHRASES) + r")(?![\w])",
    re.IGNORECASE)
_GRADE_ABBR = re.compile(
    r"(?<![\w.])(" + "|".join(_GRADE_ABBREVIATIONS) + r"|p\.\s?a\.?|a\.\s?r\.)(?![\w])")
_PERCENT = re.compile(
    r"[<>≥≤~]?\s*\d+([.,]\d+)?\s*(%|％)\s*(w/w|v/v|wt|vol|p/p|b/b)?", re.IGNORECASE)
_CN_QUALIFIERS = re.compile(
    r"(工业级|工业用|工业品|分析纯|电子级|化学纯|优级纯|试剂级|试剂|色谱纯|高纯|超纯|无水级|"
    r"实验级|食品级|医药级|[（(]\s*(AR|GR|CP|LR)\s*[)）])")
_PUNCT = re.compile(r"[\s\-‐‑‒–—_,.;:'\"()\[\]{}/\\·・、，（）]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def strip_accents(text: str) -> str:
    if text.isascii():  # most names: nothing to decompose
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The name functions are pure and a large inventory repeats its names: each is memoised (the
# bound keeps a hostile file of distinct names from growing the caches without end).
@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str | None) -> str:
    """The lookup key of a name: case, accents, spaces and punctuation folded away.

    Vietnamese "đ" has no decomposition, so it is mapped to "d" by hand.
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower()
    s = s.replace("đ", "d")
    s = strip_accents(s)
    return _PUNCT.sub("", s)


@functools.lru_cache(maxsize=1 << 16)
def strip_grade(text: str) -> str:
    """The name with grade, purity and percentage words taken away ("" if nothing else)."""
    s = unicodedata.normalize("NFC", text)
    s = _PERCENT.sub(" ", s)
    s = _CN_QUALIFIERS.sub(" ", s)
    s = _GRADE_ABBR.sub(" ", s)
    s = _GRADE_WORDS.sub(" ", s)
    s = re.sub(r"[(（\[]\s*[)）\]]", " ", s)  # brackets left empty: "(99%)", "(AR)"
    return re.sub(r"\s+", " ", s).strip(" ,;:-/")


@functools.lru_cache(maxsize=1 << 16)
def name_variants(text: str) -> tuple[str, ...]:
    """Keys to try, most specific first: the name as written, then with grade words,
    percentages and brackets taken away, then the bracketed part alone ("IPA" in
    "isopropyl alcohol (IPA)")."""
    base = unicodedata.normalize("NFKC", text).strip()
    keys: list[str] = []

    def add(s: str) -> None:
        k = name_key(s)
        if k and k not in keys:
            keys.append(k)

    add(base)
    cleaned = strip_grade(base)
    add(cleaned)
    outside = re.sub(r"[(（\[].*?[)）\]]", " ", cleaned)
    add(outside)
    for inner in re.findall(r"[(（\[](.*?)[)）\]]", cleaned):
        add(inner)
    return tuple(keys)


def split_composite(text: str) -> list[str]:
    """The parts of a label that gives one substance under two names, or [] when the text
    is a single name. Separators: a slash or bar with spaces around it ("乙醇 / EtOH"), or
    between a Chinese and a Latin-script part ("乙醇/EtOH"); a comma or semicolon followed
    by a space ("DCM, dichloromethane"), a Chinese comma or 、; a bracketed part
    ("Ethanol (EtOH)"). "Pd/C", "N,N-dimethylformamide", "1,1,1-trichloroethane" and
    "copper(II) sulfate" are single names (no space after the separator, or the bracket
    is glued to the word before it). Grade words are removed from every part; parts that
    are nothing but grade words are dropped."""
    s = unicodedata.normalize("NFKC", text).strip()
    parts = [s]

    def split_all(pattern: str) -> None:
        nonlocal parts
        out: list[str] = []
        for p in parts:
            out.extend(x for x in re.split(pattern, p) if x is not None)
        parts = out

    split_all(r"\s+[/|]\s*|\s*[/|]\s+|[;；，、]\s*|,\s+")
    # A slash without spaces between a Chinese and a Latin-script part.
    out = []
    for p in (strip_grade(x) for x in parts):
        bits = p.split("/")
        if len(bits) == 2 and (
                (_CJK.search(bits[0]) and _LATIN.search(bits[1]) and not _CJK.search(bits[1]))
                or (_CJK.search(bits[1]) and _LATIN.search(bits[0])
                    and not _CJK.search(bits[0]))):
            out.extend(bits)
        else:
            out.append(p)
    parts = [strip_grade(p) for p in out]
    # A bracketed part after a space or after Chinese text: "Ethanol (EtOH)", "乙醇(EtOH)".
    out = []
    for p in parts:
        m = re.fullmatch(r"(.*?\S)(\s+[(（\[]|(?<=[\u3400-\u9fff])[(（\[])(.+?)[)）\]]\s*", p)
        if m and not re.fullmatch(r"[IVX]+|[+-]?\d[+-]?", m.group(3).strip()):
            out.extend([m.group(1), m.group(3)])
        else:
            out.append(p)
    cleaned = []
    for p in out:
        c = strip_grade(p)
        if c and name_key(c) and name_key(c) not in {name_key(x) for x in cleaned}:
            cleaned.append(c)
    return cleaned if len(cleaned) > 1 else []


# ----------------------------------------------------------------------------- formulas
ELEMENTS = frozenset("""
H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se
Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb
Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm
Bk Cf Es Fm Md No Lr""".split())
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_TOKEN = re.compile(r"([A-Z][a-z]?)(\d*)|(\()|(\))(\d*)")


def has_subscript(text: str) -> bool:
    return any(c in "₀₁₂₃₄₅₆₇₈₉" for c in text)


def parse_formula(text: str) -> dict[str, int] | None:
    """Element counts of a molecular formula ("H₂SO₄", "Ca(OH)2", "CuSO4·5H2O"), or None
    when the text is not a formula: every character must belong to an element symbol, a
    count, a bracket or a hydrate dot. A single element symbol is a formula ("Cu")."""
    s = text.strip().translate(_SUBSCRIPTS).replace(" ", "")
    if not s or len(s) > 40:
        return None
    total: dict[str, int] = {}
    for part in re.split(r"[·•.*∙]", s):
        m = re.fullmatch(r"(\d*)(.+)", part)
        if not m:
            return None
        mult = int(m.group(1) or 1)
        counts = _parse_group(m.group(2))
        if counts is None:
            return None
        for el, n in counts.items():
            total[el] = total.get(el, 0) + n * mult
    return total or None


def _parse_group(s: str) -> dict[str, int] | None:
    stack: list[dict[str, int]] = [{}]
    pos = 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        if not m or m.end() == pos:
            return None
        el, count, opening, closing, ccount = m.groups()
        if el:
            if el not in ELEMENTS:
                return None
            stack[-1][el] = stack[-1].get(el, 0) + int(count or 1)
        elif opening:
            stack.append({})
        elif closing:
            if len(stack) < 2:
                return None
            inner = stack.pop()
            for e, n in inner.items():
                stack[-1][e] = stack[-1].get(e, 0) + n * int(ccount or 1)
        pos = m.end()
    if len(stack) != 1:
        return None
    return stack[0]


def hill_formula(counts: dict[str, int]) -> str:
    """Hill order: C, then H, then the rest alphabetically; without carbon, all
    alphabetically (H included)."""
    def term(el: str) -> str:
        n = counts[el]
        return el if n == 1 else f"{el}{n}"

    if "C" in counts:
        order = ["C"] + (["H"] if "H" in counts else []) + sorted(
            e for e in counts if e not in ("C", "H"))
    else:
        order = sorted(counts)
    return "".join(term(e) for e in order)


def looks_like_formula(text: str) -> bool:
    """A query to read as a formula: it parses as one and either has subscript digits,
    a count or bracket, or at least two element symbols ("HCl", "NaOH", "SOCl₂"), or is a
    single element symbol."""
    s = text.strip()
    counts = parse_formula(s)
    if counts is None:
        return False
    return (has_subscript(s) or any(c.isdigit() or c in "()·" for c in s)
            or len(re.findall(r"[A-Z]", s)) >= 2 or s in ELEMENTS)


def is_short_query(text: str) -> bool:
    """An abbreviation-like query: at most 4 letters, or at most 5 characters all capitals
    (digits and the punctuation / , - . ignored): TEA, NaH, Pd/C, IPA, EtOH, PGMEA."""
    s = text.strip()
    if " " in s:
        return False
    letters = [c for c in s if c.isalpha()]
    core = re.sub(r"[\d/,.\-]", "", s)
    if not letters:
        return False
    return len(letters) <= 4 or (len(core) <= 5 and core.isupper())
