"""The symptom lexicon: what workers write, in five languages, read from data/symptoms.csv.

A phrase in the lexicon is a small pattern (see data/README.md):

- words are matched after normalisation: NFKC (full-width letters and digits become
  ASCII), case folding, accents removed, apostrophes dropped, a plural ``s``/``es`` stripped;
  Vietnamese single words keep their tone marks (``ho`` cough is not ``họ`` they);
- ``word*`` matches any word starting with ``word`` (``tingl*``: tingle, tingling);
- ``a|b`` are alternatives, ``part + part`` must all occur in one clause, in any order;
- a phrase in Chinese (or any CJK text) is matched as a substring;
- ``=phrase`` matches only a whole entry (a cell of the symptoms column, or a clause);
- the symptom ``not`` marks text that is never a symptom (``đầu gối`` knee, which contains
  ``đau đầu`` headache): it is removed before matching.

A symptom (not an absence such as ``no gloves``) preceded in its clause by a negation
("no headache today", 今天没有头痛) is not counted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cepn_screen.knowledge.base import data_dir, read_records

BLOCK = "not"
CLAUSE = re.compile(r"[,.;:!?()\[\]{}\n\r\t，。；：！？、（）|/]+|\s(?:but|pero|tapi|nhưng|"
                    r"nhung|namun)\s|但是|但|可是")
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3040-\u30ff]")
WORD = re.compile(r"[^\W_]+")
NEGATION = frozenset({"no", "not", "dont", "didnt", "doesnt", "never", "without", "none",
                      "sin", "nunca", "ningun", "ninguna", "tampoco", "tidak", "tak",
                      "nggak", "gak", "enggak", "bukan", "belum", "tanpa", "khong",
                      "chua", "chang"})
CJK_NEGATION = ("没", "无", "不", "未")
STOP = frozenset({"and", "y", "e", "dan", "serta", "va", "or", "o", "atau", "hoac"})


def fold(text: str) -> str:
    """NFKC, case folded, apostrophes dropped (can't -> cant)."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"['’‘`´]", "", t)


def plain(word: str) -> str:
    """A word without accents (đ -> d) and without a simple plural ending."""
    w = "".join(c for c in unicodedata.normalize("NFD", word)
                if unicodedata.category(c) != "Mn").replace("đ", "d")
    if len(w) > 4 and w.endswith("es") and w[-3] in "rlndzj":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@dataclass(frozen=True)
class Clause:
    text: str                           # folded, for CJK substrings
    accented: tuple[str, ...]           # folded words (NFC), for Vietnamese single words
    words: tuple[str, ...]              # plain(word)


def _clause(text: str) -> Clause:
    t = fold(text).strip()
    acc = tuple(unicodedata.normalize("NFC", w) for w in WORD.findall(CJK.sub(" ", t)))
    return Clause(t, acc, tuple(plain(w) for w in acc))


@dataclass(frozen=True)
class Pattern:
    symptom: str
    lang: str
    parts: tuple[tuple[tuple[str, ...], ...], ...]  # part -> alternatives -> words
    whole: bool
    raw: str

    def find(self, c: Clause) -> int | None:
        """Where the pattern starts in the clause (word or character index), or None."""
        starts = []
        for part in self.parts:
            at = [i for i in (self._find_alt(alt, c) for alt in part) if i is not None]
            if not at:
                return None
            starts.append(min(at))
        return min(starts)

    def _find_alt(self, alt: tuple[str, ...], c: Clause) -> int | None:
        if len(alt) == 1 and CJK.search(alt[0]):
            if self.whole:
                return 0 if c.text == alt[0] else None
            i = c.text.find(alt[0])
            return i if i >= 0 else None
        accented = self.lang == "vi" and len(alt) == 1
        seq = c.accented if accented else c.words
        want = [w if accented else (w if w.endswith("*") else plain(w)) for w in alt]
        if self.whole:
            return 0 if len(seq) == len(want) and _same(want, seq) else None
        for i in range(len(seq) - len(want) + 1):
            if _same(want, seq[i:i + len(want)]):
                return i
        return None

    @property
    def cjk(self) -> bool:
        return any(CJK.search(a[0]) for part in self.parts for a in part if len(a) == 1)


def _same(want, seq) -> bool:
    return all(s.startswith(plain(w[:-1])) if w.endswith("*") else s == w
               for w, s in zip(want, seq, strict=True))


def parse(symptom: str, lang: str, phrase: str) -> Pattern:
    whole = phrase.startswith("=")
    body = phrase[1:] if whole else phrase
    parts = []
    for part in body.split(" + "):
        alts = []
        for alt in part.split("|"):
            alt = fold(alt).strip()
            alts.append((alt,) if CJK.search(alt) else tuple(alt.split()))
        parts.append(tuple(a for a in alts if a and a[0]))
    return Pattern(symptom, lang, tuple(parts), whole, phrase)


@dataclass(frozen=True)
class Lexicon:
    patterns: tuple[Pattern, ...]
    kinds: dict  # symptom -> symptom | observation | absence

    def codes(self, text: str) -> list[str]:
        """The symptom codes found in a text, in order of first appearance."""
        found: list[tuple[int, int, str]] = []
        for ci, piece in enumerate(CLAUSE.split(text or "")):
            c = _clause(piece)
            if not c.text:
                continue
            c = self._unblocked(c)
            for p in self.patterns:
                if p.symptom == BLOCK:
                    continue
                at = p.find(c)
                if at is None or (self.kinds.get(p.symptom) != "absence"
                                  and _negated(c, at, p.cjk)):
                    continue
                found.append((ci, at, p.symptom))
        return list(dict.fromkeys(code for _, _, code in sorted(found)))

    def _unblocked(self, c: Clause) -> Clause:
        text, acc, words = c.text, list(c.accented), list(c.words)
        for p in self.patterns:
            if p.symptom != BLOCK:
                continue
            for part in p.parts:
                for alt in part:
                    if CJK.search(alt[0]):
                        text = text.replace(alt[0], " ")
                        continue
                    want = [plain(w) for w in alt]
                    for i in range(len(words) - len(want) + 1):
                        if words[i:i + len(want)] == want:
                            words[i:i + len(want)] = ["\0"] * len(want)
                            acc[i:i + len(want)] = ["\0"] * len(want)
        return Clause(text, tuple(acc), tuple(words))


def _negated(c: Clause, at: int, cjk: bool) -> bool:
    if cjk:
        return any(n in c.text[max(0, at - 3):at] for n in CJK_NEGATION)
    for w in reversed(c.words[max(0, at - 3):at]):
        if w in STOP:
            return False
        if w in NEGATION:
            return True
    return False


@lru_cache(maxsize=4)
def load_lexicon(root: Path | None = None) -> Lexicon:
    root = root or data_dir()
    patterns = tuple(parse(r["symptom"], r["lang"], r["phrase"])
                     for r in read_records(root / "symptoms.csv") if r.get("phrase"))
    kinds = {r["symptom"]: r.get("kind", "symptom")
             for r in read_records(root / "symptom_signals.csv")}
    return Lexicon(patterns, kinds)
