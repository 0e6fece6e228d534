"""CAS Registry Numbers: normalisation and check-digit validation."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−.／/_]+")
_PREFIX = re.compile(r"^\s*(cas\s*(rn|no\.?|number|#)?\s*[:#]?\s*)", re.IGNORECASE)


@dataclass(frozen=True)
class CasCheck:
    """The outcome of reading a CAS cell.

    `cas` is the canonical form when the text has the shape of a CAS number (even if the
    check digit fails, so a report can show it); `valid` says whether the check digit holds.
    """

    text: str
    cas: str | None
    valid: bool
    problem: str | None  # None | "empty" | "not_a_cas" | "invalid_cas"


def check_digit(body: str) -> int:
    """The CAS check digit for the digits before it (without separators)."""
    total = 0
    for i, d in enumerate(reversed(body), 1):  # a plain loop: this runs for every CAS cell
        total += i * (ord(d) - 48)
    return total % 10


@functools.lru_cache(maxsize=1 << 16)  # pure, and inventories repeat their CAS numbers
def parse_cas(text: str | None) -> CasCheck:
    """Read a CAS number written in any of the ways inventories use.

    Accepts `67-64-1`, `0067-64-1`, `67 64 1`, `67641`, full-width digits, dashes of any
    kind, and a `CAS` prefix.
    """
    raw = "" if text is None else str(text)
    s = unicodedata.normalize("NFKC", raw).strip()
    if not s:
        return CasCheck(raw, None, False, "empty")
    s = _PREFIX.sub("", s)
    # Excel may turn a CAS into a float ("67641.0") if the column was numeric.
    if re.fullmatch(r"\d+\.0", s):
        s = s[:-2]
    parts = [p for p in _SEPARATORS.split(s) if p]
    if not parts or not all(p.isdigit() for p in parts):
        return CasCheck(raw, None, False, "not_a_cas")
    if len(parts) == 3:
        first, second, last = parts
        if len(second) != 2 or len(last) != 1:
            return CasCheck(raw, None, False, "not_a_cas")
    elif len(parts) == 1:
        digits = parts[0]
        if len(digits) < 5:
            return CasCheck(raw, None, False, "not_a_cas")
        first, second, last = digits[:-3], digits[-3:-1], digits[-1]
    else:
        return CasCheck(raw, None, False, "not_a_cas")
    first = first.lstrip("0")
    if not first or len(first) > 7:
        return CasCheck(raw, None, False, "not_a_cas")
    cas = f"{first}-{second}-{last}"
    valid = check_digit(first + second) == int(last)
    return CasCheck(raw, cas, valid, None if valid else "invalid_cas")


@functools.lru_cache(maxsize=1 << 14)
def near_misses(cas: str) -> tuple[str, ...]:
    """Valid CAS numbers one typing slip away: one digit changed or two neighbours swapped.

    Used to suggest what an invalid CAS may have meant; the caller keeps only those it knows.
    """
    digits = cas.replace("-", "")
    out: set[str] = set()
    n = len(digits)

    def emit(d: str) -> None:
        body, last = d[:-1], d[-1]
        if body[0] == "0":
            return
        if check_digit(body) == int(last):
            out.add(f"{body[:-2]}-{body[-2:]}-{last}")

    for i in range(n):
        for c in "0123456789":
            if c != digits[i]:
                emit(digits[:i] + c + digits[i + 1:])
    for i in range(n - 1):
        if digits[i] != digits[i + 1]:
            emit(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
    out.discard(cas)
    return tuple(sorted(out))
