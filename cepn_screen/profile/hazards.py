"""A substance's hazard facts, class by class, from every classification held for it.

For each hazard class (core.hazard_classes):
- an EU harmonised entry that covers the class decides it (CLP Art. 4(3)); a harmonised
  entry covers only the classes it lists;
- else the codes of that class from the other classifications are acted on (national
  government, then registrants' and notifiers', then supplier SDS, for the source shown);
  where they disagree on a single-category class the more severe code stays;
- else the class is absent if a source assessed it and found nothing (a full
  classification without the code, a `not_classified` row, a national row's
  not-classified classes), with that source;
- else it is unknown.

A substance with a structure and no individual harmonised entry is matched to the Annex
VI group entries by the rules of clp_groups.csv (element, SMARTS, element + oxidation
state); a matched group acts as a harmonised entry and its codes are marked as group
matches.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from cepn_screen.core.hazard_classes import (
    ABSENT,
    ENVIRONMENT,
    FLAMMABILITY,
    HEALTH,
    PRESENT,
    PROFILE_CLASSES,
    UNKNOWN,
)
from cepn_screen.core.models import ClassState, HazardCode
from cepn_screen.knowledge.base import Classification, KnowledgeBase
from cepn_screen.knowledge.classifications import GroupRule, group_rules
from cepn_screen.profile.chem import molecule

# One shared value: ClassState is frozen, and most classes of most substances are unknown
# (tens of thousands of substances x 34 classes in a large inventory).
_UNKNOWN = ClassState(UNKNOWN)

# Which non-harmonised source is shown first for a class (the codes acted on are the most
# severe of all of them).
TIER = {"harmonised": 0, "national": 1, "registration": 2, "notified": 3, "sds": 4,
        "not_classified": 5}
# The CHEM21 guide scored from the EU system's classifications: the harmonised entry, then
# the REACH registrants' self-classification (as their dossiers, summaries of them or EU
# suppliers' safety data sheets give it). On that basis the codes of another
# jurisdiction's national classification count for nothing; its finding that a class is
# not classified stands only for a class no EU source assessed (see `combine`).
EU_SELF = ("registration", "sds", "notified")
EU_TIER = {"harmonised": 0, "registration": 1, "sds": 2, "notified": 3, "not_classified": 4}
BASES = ("protective", "eu")

# Classes in which a substance has one category: two sources disagreeing (say H302 from
# one, H303 from another) leave the more severe code.
SINGLE_CATEGORY = {"Flammable liquids", "Acute toxicity, oral", "Acute toxicity, dermal",
                   "Acute toxicity, inhalation", "Skin corrosion/irritation",
                   "Serious eye damage/eye irritation", "Aspiration hazard",
                   "Hazardous to the aquatic environment, acute hazard",
                   "Hazardous to the aquatic environment, long-term hazard"}


def _statement(code: str, kb: KnowledgeBase) -> dict | None:
    """The H-statement row of a code; a suffixed code (H360FD) falls back to its base."""
    base = code[:4] if code.startswith("H") else code
    return kb.h_statements.get(code) or kb.h_statements.get(base)


def _hs_class(code: str, kb: KnowledgeBase) -> str | None:
    row = _statement(code, kb)
    return row.get("hazard_class") if row else None


def most_severe_per_class(codes: list[str], kb: KnowledgeBase) -> list[str]:
    best: dict[str, tuple[tuple[int, str], str]] = {}
    for c in codes:
        row = _statement(c, kb)
        cls = row.get("hazard_class") if row else None
        if cls not in SINGLE_CATEGORY:
            continue
        first = (row.get("category") or "9").split(",")[0].strip()
        rank = (int(first[0]) if first[:1].isdigit() else 9, first[1:])
        if cls not in best or rank < best[cls][0]:
            best[cls] = (rank, c)
    keep = {c for _, c in best.values()}
    return [c for c in codes if c in keep or _hs_class(c, kb) not in SINGLE_CATEGORY]



@dataclass
class HazardFacts:
    h_codes: list[str] | None  # None: nobody classified the substance
    codes: list[HazardCode] = field(default_factory=list)
    classes: dict[str, ClassState] = field(default_factory=dict)
    partial: bool = False  # some class a verdict needs is unknown
    groups: list[str] = field(default_factory=list)  # Annex VI group entries matched


def combine(rows: list[Classification], kb: KnowledgeBase,
            basis: str = "protective") -> HazardFacts:
    """Codes to act on, each with its source, and every class's state.

    `protective` (what the tool acts on): outside the harmonised classes, the codes of
    every other source count. `eu` (the CHEM21 method's basis): the harmonised entry, then
    the registrants (or an EU SDS, or the notifiers). A national classification of another
    jurisdiction gives no code on that basis: a class it holds a code in and no EU source
    assessed is unknown (the score says what the code would give). Its finding that a
    class is not classified stands where no EU source assessed that class: positive
    evidence of absence, which the method's default would otherwise replace by a guess."""
    if basis == "eu":
        eu_scope: set[str] = set()
        for r in rows:
            if r.kind == "harmonised" or r.kind in EU_SELF or r.kind == "not_classified":
                eu_scope |= r.scope()[0]
        rows = [r for r in rows if r.kind != "national"] + [
            _absences_only(r, eu_scope) for r in rows if r.kind == "national"]
    if not rows:
        return HazardFacts(None, [], dict.fromkeys(PROFILE_CLASSES, _UNKNOWN), True)
    harmonised = [r for r in rows if r.kind == "harmonised"]
    tier = EU_TIER if basis == "eu" else TIER
    others = sorted((r for r in rows if r.kind != "harmonised"),
                    key=lambda r: tier.get(r.kind, 9))
    covered: set[str] = set()
    for r in harmonised:
        covered |= r.scope()[0]
    out: list[HazardCode] = []
    seen: set[str] = set()
    for r in harmonised:
        for c in r.h_codes:
            if c not in seen:
                seen.add(c)
                keys = r.classes_of(c)
                out.append(HazardCode(c, r.kind, r.source, r.ref, keys[0] if keys else None,
                                      r.group))
    # Korea's 2011 list is read from a third-party parse whose merged CAS cells were
    # filled by the parser (its rows say so), so a row may carry a neighbour's
    # classification: it fills only classes no other source assessed.
    weak = [r for r in others if r.authority == "KR-NIER"]
    firm_scope: set[str] = set()
    for r in others:
        if r not in weak:
            firm_scope |= r.scope()[0]
    extra: list[HazardCode] = []
    for r in others:
        for c in r.h_codes:
            keys = r.classes_of(c)
            if c in seen or (keys and any(k in covered for k in keys)):
                continue
            if r in weak and keys and any(k in firm_scope for k in keys):
                continue
            seen.add(c)
            extra.append(HazardCode(c, r.kind, r.source, r.ref, keys[0] if keys else None))
    keep = set(most_severe_per_class([h.code for h in extra], kb))
    out += [h for h in extra if h.code in keep]
    classes: dict[str, ClassState] = {}
    for key in PROFILE_CLASSES:
        if key in covered:
            held = [h for h in out if h.harmonised and _in_class(h, key, harmonised)]
            r = next(r for r in harmonised if key in r.scope()[0])
            classes[key] = ClassState(PRESENT, tuple(h.code for h in held), r.kind,
                                      r.source, r.ref)
            continue
        held = [h for h in out if not h.harmonised and _in_class(h, key, others)]
        if held:
            classes[key] = ClassState(PRESENT, tuple(h.code for h in held), held[0].kind,
                                      held[0].source, held[0].ref)
            continue
        r = next((r for r in others if key in r.scope()[1]), None)
        classes[key] = ClassState(ABSENT, (), r.kind, r.source, r.ref) if r else \
            _UNKNOWN
    partial = _partial(classes)
    groups = sorted({r.group for r in harmonised if r.group})
    return HazardFacts([h.code for h in out], out, classes, partial, groups)


# GHS categories EU CLP did not adopt: in EU terms a substance in one of them is not
# classified in that class (acute toxicity 5, skin irritation 3, aspiration 2, flammable
# liquid 4, acute aquatic 2 and 3). GHS eye irritation 2B (H320) is not here: CLP's Eye
# Irrit. 2 criteria (reversible within 21 days) take it in.
NON_EU_CATEGORIES = frozenset({"H227", "H303", "H305", "H313", "H316", "H333", "H401",
                               "H402"})


def _absences_only(r: Classification, taken: set[str]) -> Classification:
    """A national row on the EU basis: no codes, and only its not-classified findings for
    classes no EU source assessed. A class it holds only in GHS categories EU CLP lacks
    counts as not classified (in EU terms it is)."""
    assessed, absent = r.scope()
    non_eu = {k for c in r.h_codes if c in NON_EU_CATEGORIES for k in r.classes_of(c)}
    eu_codes = {k for c in r.h_codes if c not in NON_EU_CATEGORIES for k in r.classes_of(c)}
    found = frozenset(((absent | non_eu) & assessed) - eu_codes - taken)
    return replace(r, h_codes=(), assessed=found, not_classified=found)


def _partial(classes: dict[str, ClassState]) -> bool:
    """Would a CHEM21 input rest on a default? Flammability unknown, an aquatic class
    unknown, or no health code held while a health class is unknown."""
    flam = [classes[k].state for k in FLAMMABILITY]
    if PRESENT not in flam and flam[0] != ABSENT and any(f != ABSENT for f in flam):
        return True
    if any(classes[k].state == UNKNOWN for k in ENVIRONMENT):
        return True
    health = [classes[k].state for k in HEALTH]
    return PRESENT not in health and UNKNOWN in health


def _in_class(h: HazardCode, key: str, rows: list[Classification]) -> bool:
    """Does an acted-on code belong to a class (the row it came from decides a code two
    classes share)?"""
    if h.hazard_class == key:
        return True
    for r in rows:
        if r.source == h.source and r.ref == h.ref and h.code in r.h_codes:
            return key in r.classes_of(h.code)
    return False


# ---- Annex VI group entries -------------------------------------------------------------

ALKALI = {"Li", "Na", "K", "Rb", "Cs", "Be", "Mg", "Ca", "Sr", "Ba"}
NON_METALS = {"H", "B", "C", "N", "O", "F", "Si", "P", "S", "Cl", "As", "Se", "Br", "Te",
              "I", "At", "He", "Ne", "Ar", "Kr", "Xe", "Rn"}
THIOCYANATES = {"615-030-00-5": "alkali", "615-032-00-6": "metal", "615-004-00-3": "other"}
# Exceptions the entries name, where a formula says it (Hill order as RDKit writes it).
EXCEPT_FORMULA = {"056-002-00-7": {"BaO4S"}, "080-002-00-6": {"HgS"},
                  "051-003-00-9": {"O4Sb2", "O5Sb2", "S3Sb2", "S5Sb2"}}
# Complex cyanides the cyanide-salts entry excepts (ferro-/ferricyanides): any iron present.
EXCEPT_ELEMENT = {"006-007-00-5": {"Fe"}}
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}


@functools.lru_cache(maxsize=4096)
def _smarts(pattern: str):
    from rdkit import Chem

    return Chem.MolFromSmarts(pattern)


def match_groups(smiles: str | None, rules: list[GroupRule]) -> list[GroupRule]:
    """The group entries a structure falls under, by the rule of each (clp_groups.csv).
    A SMARTS or oxidation-state rule naming an element is more specific than that
    element's general entry (arsenic acid salts before arsenic compounds; lead alkyls
    before lead compounds), so the general one is then left out."""
    mol = molecule(smiles)
    if mol is None:
        return []
    from rdkit import Chem
    from rdkit.Chem import rdMolDescriptors

    atoms = [a.GetSymbol() for a in mol.GetAtoms()]
    elements = set(atoms)
    formula = rdMolDescriptors.CalcMolFormula(mol)
    metals = elements - NON_METALS
    hits: list[GroupRule] = []
    for rule in rules:
        if formula in EXCEPT_FORMULA.get(rule.index_no, ()) or \
                elements & EXCEPT_ELEMENT.get(rule.index_no, set()):
            continue
        if rule.match == "element":
            sym = rule.pattern.split()[0]
            if sym not in elements or (len(elements) == 1 and
                                        sum(a.GetTotalNumHs() for a in mol.GetAtoms()) == 0):
                continue  # absent, or the element itself (not a compound)
            if "no Hg-C" in rule.pattern and _smarts("[Hg][#6]") is not None and \
                    mol.HasSubstructMatch(_smarts("[Hg][#6]")):
                continue
            hits.append(rule)
        elif rule.match == "smarts":
            patt = _smarts(rule.pattern)
            if patt is None or not mol.HasSubstructMatch(patt):
                continue
            if rule.index_no in THIOCYANATES:
                which = "alkali" if metals & ALKALI else "metal" if metals else "other"
                if THIOCYANATES[rule.index_no] != which:
                    continue
            hits.append(rule)
        elif rule.match == "element+oxidation_state":
            m = re.match(r"([A-Z][a-z]?)\((\w+)\)", rule.pattern)
            if not m or m.group(1) not in elements:
                continue
            want = _ROMAN.get(m.group(2))
            copy = Chem.Mol(mol)
            rdMolDescriptors.CalcOxidationNumbers(copy)
            if any(a.GetSymbol() == m.group(1) and a.HasProp("OxidationNumber")
                   and a.GetIntProp("OxidationNumber") == want for a in copy.GetAtoms()):
                hits.append(rule)
    specific = {r.pattern for r in hits if r.match != "element"}
    return [r for r in hits if r.match != "element"
            or not any(f"[{r.pattern.split()[0]}" in p or p.startswith(r.pattern.split()[0])
                       for p in specific)]


def group_classifications(smiles: str | None, kb: KnowledgeBase) -> list[Classification]:
    """Harmonised rows for the group entries a structure matches."""
    out = []
    for rule in match_groups(smiles, group_rules(kb)):
        out.append(Classification(
            rule.h_codes, "harmonised", rule.source, f"group entry {rule.index_no}",
            f"EU CLP Annex VI group entry {rule.index_no} ({rule.name[:80]}), matched by "
            f"rule {rule.match} {rule.pattern}; Annex VI note(s) {rule.notes}",
            origin="clp_groups.csv", group=rule.index_no, annex_notes=rule.notes))
    return out
