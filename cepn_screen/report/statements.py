"""Hazard statement texts for worker cards, with what kind of text each one is.

Order: the official text of the language (data/h_statements_i18n.csv, e.g. CLP Annex III
in Spanish); else a translation clearly marked as not official, with its source
(data/h_statements_translated.csv); else the English text, marked as English. A card never
shows English silently."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cepn_screen.knowledge.base import data_dir, read_records

# the marks a card prints beside a statement that is not the official text of its language
MARKS = {
    "translation": {"en": "unofficial translation", "zh": "非官方译文",
                    "es": "traducción no oficial", "id": "terjemahan tidak resmi",
                    "vi": "bản dịch không chính thức"},
    "english": {"en": "", "zh": "英文", "es": "en inglés", "id": "bahasa Inggris",
                "vi": "tiếng Anh"},
}
NOTES = {
    "zh": "标有“非官方译文”的危害说明是本工具根据欧盟CLP英文文本所作的翻译，并非官方文本。",
    "es": "Las frases marcadas «traducción no oficial» son una traducción de esta herramienta "
          "del texto inglés del CLP, no un texto oficial.",
    "id": "Pernyataan bertanda \"terjemahan tidak resmi\" adalah terjemahan alat ini dari teks "
          "bahasa Inggris CLP, bukan teks resmi.",
    "vi": "Các câu ghi \"bản dịch không chính thức\" do công cụ này dịch từ văn bản tiếng Anh "
          "của CLP, không phải văn bản chính thức.",
    "en": "",
}


@dataclass(frozen=True)
class Statement:
    code: str
    text: str | None  # None: no text of any kind is held for the code
    kind: str          # official | translation | english | none
    source: str


@lru_cache(maxsize=4)
def translations(root: Path | None = None) -> dict[tuple[str, str], dict]:
    root = root or data_dir()
    return {(r["code"], r["lang"]): r
            for r in read_records(root / "h_statements_translated.csv")}


def statement(code: str, lang: str, kb) -> Statement:
    """The best text for `code` in `lang`; the sub-coded form (H373 with organs, H360FD)
    falls back to its four-character parent only after the exact code in every kind."""
    if lang == "en":
        en = kb.h_statements.get(code) or kb.h_statements.get(code[:4])
        return Statement(code, en["text"] if en else None, "official" if en else "none",
                         en.get("source", "") if en else "")
    for key in (code, code[:4]):
        tr = kb.h_i18n.get((key, lang))
        if tr:
            return Statement(code, tr["text"], "official", tr.get("source", ""))
        tr = translations().get((key, lang))
        if tr:
            return Statement(code, tr["text"], "translation", tr.get("source", ""))
    en = kb.h_statements.get(code) or kb.h_statements.get(code[:4])
    if en:
        return Statement(code, en["text"], "english", en.get("source", ""))
    return Statement(code, None, "none", "")
