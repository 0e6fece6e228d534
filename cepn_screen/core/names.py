"""Name normalisation: one key for the many ways a chemical name is written."""

from __future__ import annotations

import re
import unicodedata

# Words that describe grade or form, not identity ("acetone, technical grade 99%").
_QUALIFIERS = re.compile(
    r"\b(technical|tech|reagent|analytical|industrial|electronic|semiconductor|anhydrous|"
    r"pure|grade|ar|gr|acs|usp|hplc|extra|dry|glacial)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"[<>≥≤~]?\s*\d+(\.\d+)?\s*%")
_CN_QUALIFIERS = re.compile(r"(工业级|分析纯|电子级|化学纯|优级纯|试剂)")
_PUNCT = re.compile(r"[\s\-‐‑‒–—_,.;:'\"()\[\]{}/\\·・、，（）]+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


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


def name_variants(text: str) -> list[str]:
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
    cleaned = _CN_QUALIFIERS.sub("", _QUALIFIERS.sub("", _PERCENT.sub("", base)))
    add(cleaned)
    outside = re.sub(r"[(（\[].*?[)）\]]", " ", cleaned)
    add(outside)
    for inner in re.findall(r"[(（\[](.*?)[)）\]]", cleaned):
        add(inner)
    return keys
