"""Hazard classes: the keys of data/README.md ("Class keys"), which class an H-code belongs
to, which class an EU CLP hazard-class abbreviation names, and the class groups a verdict
needs (flammability, health, environment).

A classification covers (assessed) some classes; for each class a substance's state is
present (a code of it is held), absent (a source that assessed the class found nothing) or
unknown (nobody assessed it). See DESIGN.md, "Unknown, absent, present".
"""

from __future__ import annotations

import functools
import re

PRESENT, ABSENT, UNKNOWN = "present", "absent", "unknown"

# Every key of the data/README.md vocabulary (national_classifications.csv).
CLASS_KEYS = (
    "expl", "flam_gas", "aerosol", "ox_gas", "gas_press", "flam_liq", "flam_sol",
    "self_react", "pyr_liq", "pyr_sol", "pyr_liq_sol", "self_heat", "water_react", "ox_liq",
    "ox_sol", "ox_liq_sol", "org_perox", "met_corr", "desens_expl", "acute_oral",
    "acute_dermal", "acute_inh_gas", "acute_inh_vap", "acute_inh_dust", "acute_inh",
    "skin_corr", "eye_dam", "resp_sens", "skin_sens", "muta", "carc", "repr", "lact",
    "stot_se", "stot_re", "asp", "aq_acute", "aq_chronic", "ozone",
)
# The classes a profile carries a state for: the per-form inhalation keys (Japan assesses
# gas, vapour and dust/mist apart) fold into `acute_inh`, and the state-not-given keys of
# New Zealand into the liquid/solid ones (see profile.hazards).
PROFILE_CLASSES = tuple(k for k in CLASS_KEYS if k not in (
    "acute_inh_gas", "acute_inh_vap", "acute_inh_dust", "pyr_liq_sol", "ox_liq_sol"))
INHALATION_FORMS = ("acute_inh_gas", "acute_inh_vap", "acute_inh_dust")

# What the CHEM21 scores and the substitution checks rest on.
FLAMMABILITY = ("flam_liq", "flam_gas", "flam_sol")
HEALTH = ("acute_oral", "acute_dermal", "acute_inh", "skin_corr", "eye_dam", "resp_sens",
          "skin_sens", "muta", "carc", "repr", "stot_se", "stot_re", "asp")
ENVIRONMENT = ("aq_acute", "aq_chronic")
KEY_CLASSES = FLAMMABILITY[:1] + HEALTH + ENVIRONMENT  # a profile missing one is "partial"

# H-code (parent, three digits) -> class key. GHS codes EU CLP lacks are included (H227,
# H303, H305, H313, H316, H320, H333, H401, H402). EUH codes belong to no class.
_RANGES: list[tuple[int, int, str]] = [
    (200, 205, "expl"), (206, 208, "desens_expl"), (220, 221, "flam_gas"),
    (222, 223, "aerosol"), (229, 229, "aerosol"), (224, 227, "flam_liq"),
    (228, 228, "flam_sol"), (230, 232, "flam_gas"), (250, 250, "pyr_liq"),
    (251, 252, "self_heat"), (260, 261, "water_react"), (270, 270, "ox_gas"),
    (271, 272, "ox_liq"), (280, 281, "gas_press"), (290, 290, "met_corr"),
    (300, 303, "acute_oral"), (304, 305, "asp"), (310, 313, "acute_dermal"),
    (314, 316, "skin_corr"), (317, 317, "skin_sens"), (318, 320, "eye_dam"),
    (330, 333, "acute_inh"), (334, 334, "resp_sens"), (335, 336, "stot_se"),
    (340, 341, "muta"), (350, 351, "carc"), (360, 361, "repr"), (362, 362, "lact"),
    (370, 371, "stot_se"), (372, 373, "stot_re"), (400, 402, "aq_acute"),
    (410, 413, "aq_chronic"), (420, 420, "ozone"),
]
# H240-H242 are shared by self-reactive substances and organic peroxides; H250 by
# pyrophoric liquids and solids, H271/H272 by oxidising liquids and solids: the class text
# of the source decides where it has one, else the code counts for both.
_SHARED = {240: ("self_react", "org_perox"), 241: ("self_react", "org_perox"),
           242: ("self_react", "org_perox"), 250: ("pyr_liq", "pyr_sol"),
           271: ("ox_liq", "ox_sol"), 272: ("ox_liq", "ox_sol")}

_CODE = re.compile(r"^H(\d{3})")


@functools.lru_cache(maxsize=4096)
def classes_of_code(code: str) -> tuple[str, ...]:
    """The class keys an H-code can belong to (combined codes: split by the caller);
    () for EUH and unknown codes."""
    m = _CODE.match(code)
    if not m:
        return ()
    n = int(m.group(1))
    if n in _SHARED:
        return _SHARED[n]
    for lo, hi, key in _RANGES:
        if lo <= n <= hi:
            return (key,)
    return ()


def class_of_code(code: str) -> str | None:
    keys = classes_of_code(code)
    return keys[0] if keys else None


# EU CLP hazard-class abbreviations (Annex VI "hazard class and category code") -> key.
# "Acute Tox." names no route: the route comes from the entry's H-codes.
_CLP_ABBREV = (
    ("unst. expl", "expl"), ("expl.", "expl"), ("desens. expl", "desens_expl"),
    ("flam. gas", "flam_gas"), ("chem. unst. gas", "flam_gas"), ("aerosol", "aerosol"),
    ("ox. gas", "ox_gas"), ("press. gas", "gas_press"), ("flam. liq", "flam_liq"),
    ("flam. sol", "flam_sol"), ("self-react", "self_react"), ("pyr. liq", "pyr_liq"),
    ("pyr. sol", "pyr_sol"), ("self-heat", "self_heat"), ("water-react", "water_react"),
    ("ox. liq", "ox_liq"), ("ox. sol", "ox_sol"), ("org. perox", "org_perox"),
    ("met. corr", "met_corr"), ("skin corr", "skin_corr"), ("skin irrit", "skin_corr"),
    ("eye dam", "eye_dam"), ("eye irrit", "eye_dam"), ("resp. sens", "resp_sens"),
    ("skin sens", "skin_sens"), ("muta", "muta"), ("carc", "carc"), ("repr", "repr"),
    ("lact", "lact"), ("stot se", "stot_se"), ("stot re", "stot_re"), ("asp. tox", "asp"),
    ("aquatic acute", "aq_acute"), ("aquatic chronic", "aq_chronic"), ("ozone", "ozone"),
)


def class_of_clp_abbreviation(text: str) -> str | None:
    """`Flam. Liq. 2` -> flam_liq; `Acute Tox. 4 *` -> None (route unknown from the text)."""
    t = text.strip().lower()
    for prefix, key in _CLP_ABBREV:
        if t.startswith(prefix):
            return key
    return None


# Class groups a curated classification may name in `assessed_classes` (hazards.csv).
CLASS_GROUPS = {"health": (*HEALTH, "lact"), "environment": (*ENVIRONMENT, "ozone")}


def expand_classes(text: str) -> frozenset[str]:
    """`health;environment;flam_liq` -> the class keys those names stand for."""
    out: set[str] = set()
    for part in (x.strip() for x in text.split(";")):
        if part:
            out.update(CLASS_GROUPS.get(part, profile_classes(part)))
    return frozenset(out)


def profile_classes(key: str) -> tuple[str, ...]:
    """The profile's classes for a source's key: per-form inhalation -> acute_inh; a
    state-not-given key (New Zealand 4.2A, 5.1.1) -> both the liquid and the solid class."""
    if key in INHALATION_FORMS:
        return ("acute_inh",)
    return {"pyr_liq_sol": ("pyr_liq", "pyr_sol"),
            "ox_liq_sol": ("ox_liq", "ox_sol")}.get(key, (key,))
