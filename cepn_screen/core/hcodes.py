"""H-statement codes: parsing and matching, shared by rules, scores, exposure and signals."""

from __future__ import annotations

import functools
import re

# A single code: H360FD (group 1 = H360, group 2 = FD) or EUH066 (group 3).
H_CODE = re.compile(r"^(H\d{3})([A-Za-z]*)$|^(EUH\d{3})$")


@functools.lru_cache(maxsize=8192)
def parent_code(code: str) -> str:
    """H360FD -> H360, H350i -> H350; EUH codes unchanged. Combined codes split by caller."""
    m = re.match(r"^(H\d{3})", code)
    return m.group(1) if m else code


def parent_codes(codes: list[str] | None) -> set[str]:
    """Parent codes of a classification, combined codes split (H300+H310 -> both)."""
    return {parent_code(x) for c in codes or [] for x in c.split("+")}


@functools.lru_cache(maxsize=65536)
def h_code_covers(want: str, have: str) -> bool:
    """Does a held code satisfy a wanted one? `H360` is met by H360FD; `H360D` by H360FD
    and H360Df (the capital letter is category 1, so D by D only), and EUH codes exactly."""
    if want == have:
        return True
    mw, mh = H_CODE.match(want), H_CODE.match(have)
    if not (mw and mh) or mw.group(3) or mh.group(3):
        return False
    if mw.group(1) != mh.group(1):
        return False
    return set(mw.group(2)) <= set(mh.group(2))
