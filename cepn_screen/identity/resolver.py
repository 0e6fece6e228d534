"""Resolve an inventory row to one substance, in the documented order:

1. CAS number (check digit validated, normalised),
2. curated names, synonyms, trade names in data/ (all languages); a composite label
   ("乙醇 / EtOH", "Ethanol (EtOH)") by its parts, which must agree,
3. a molecular formula ("H₂SO₄", "SOCl2"), matched in Hill order against the curated
   structures and the offline database's formulas,
4. the `chemicals` offline database (cross-checked against a given CAS); a short name or
   abbreviation found there only as a synonym is `ambiguous`, never a silent choice,
5. SMILES / InChIKey given in the row,
6. PubChem, in online mode only (see identity.pubchem).

A name and a CAS that point at different substances never lead to a silent choice: the
row becomes `ambiguous` with both candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cepn_screen.core.cas import near_misses, parse_cas
from cepn_screen.core.models import Candidate, Component, OnlineClassification, Resolution
from cepn_screen.core.names import (
    hill_formula,
    is_short_query,
    looks_like_formula,
    name_key,
    name_variants,
    parse_formula,
    split_composite,
    strip_grade,
)
from cepn_screen.knowledge import chemdb
from cepn_screen.knowledge.base import KnowledgeBase

INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")
# CAS cells that say the number is withheld rather than mistyped.
WITHHELD = re.compile(r"^(n/?a|na|none|-+|/|trade secret|proprietary|confidential|"
                      r"not available|unknown|mixture|保密|商业秘密|无|secreto comercial|"
                      r"confidencial|rahasia|bí mật)$", re.IGNORECASE)


@dataclass
class _Hit:
    cas: str | None
    name: str
    smiles: str | None
    inchikey: str | None
    source: str
    matched: str
    pubchem_cid: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class _Named:
    """What a name gives: hits (several = candidates), or a product's components.
    `ambiguous` is the warning code when the hits are candidates rather than a choice even
    if only one; `soft` when a CAS given in the row may decide (a database synonym guess)."""
    hits: list[_Hit] = field(default_factory=list)
    components: list[dict] = field(default_factory=list)
    ambiguous: str | None = None
    reason: str | None = None
    soft: bool = False
    warnings: list[str] = field(default_factory=list)


class Resolver:
    """Resolves (name, CAS, SMILES) triples; identical triples are resolved once."""

    def __init__(self, kb: KnowledgeBase, *, use_offline_db: bool = True, online=None):
        self.kb = kb
        self.use_offline_db = use_offline_db
        self.online = online  # a PubChem client, or None for offline mode
        self._memo: dict[tuple, Resolution] = {}
        self._name_memo: dict[str, _Named] = {}

    # ------------------------------------------------------------ single sources

    def _curated(self, cas: str) -> _Hit | None:
        rec = self.kb.substances.get(cas)
        if rec is None:
            return None
        return _Hit(rec.cas, rec.name, rec.smiles or None, rec.inchikey or None, "curated",
                    cas)

    def _by_cas(self, cas: str) -> _Hit | None:
        hit = self._curated(cas)
        if hit:
            hit.source = "cas"
            return hit
        if self.use_offline_db:
            c = chemdb.by_cas(cas)
            if c:
                return _Hit(c.cas, c.name, c.smiles or None, c.inchikey or None,
                            "cas:chemicals-db", cas, c.pubchem_cid)
        return None

    def _curated_name(self, text: str) -> _Named | None:
        for key in name_variants(text):
            product = self.kb.products.get(key)
            if product:
                return _Named(components=product)
            found = self.kb.names.get(key)
            if found:
                hits = [self._curated(c) for c in sorted(found)]
                for h in hits:
                    h.source, h.matched = "curated", text
                return _Named(hits, ambiguous="ambiguous_name" if len(hits) > 1 else None)
        return None

    def _by_name(self, text: str) -> _Named:
        """What a name cell gives: curated names first, then a composite label's parts,
        then a CAS / InChIKey typed as a name, a formula, the offline database. Memoised:
        one name comes with many CAS cells (typos too), and the answer is read-only."""
        found = self._name_memo.get(text)
        if found is None:
            if len(self._name_memo) >= 1 << 16:
                self._name_memo.clear()
            found = self._name_memo[text] = self._name_lookup(text)
        return found

    def _name_lookup(self, text: str) -> _Named:
        found = self._curated_name(text)
        if found:
            return found
        parts = split_composite(text)
        if parts:
            return self._composite(text, parts)
        return self._by_single_name(text)

    def _by_single_name(self, text: str) -> _Named:
        found = self._curated_name(text)
        if found:
            return found
        check = parse_cas(text)
        if check.valid:
            hit = self._by_cas(check.cas)
            return _Named([hit] if hit else [])
        if INCHIKEY.match(text.strip()):
            hit = self._by_inchikey(text.strip())
            return _Named([hit] if hit else [])
        query = strip_grade(text) or text.strip()
        db_hits = self._db_name_hits(query) if self.use_offline_db else []
        if _is_formula_query(query):
            formula = self._by_formula(query, db_hits)
            if formula is not None:
                return formula
        if not db_hits:
            return _Named()
        hit = db_hits[0]
        if is_short_query(query) and all(name_key(h.name) != name_key(query) for h in db_hits):
            # An abbreviation the curated names do not decide, known to the database only
            # as a synonym: TEA, NaH, Pd/C have several meanings and the database holds one.
            names = " or ".join(f"{h.name} ({h.cas})" for h in db_hits)
            return _Named(db_hits, ambiguous="ambiguous_abbreviation", soft=True, reason=(
                f"{query!r} is a short name or abbreviation that the curated names do not "
                f"define; the offline database has it only as a synonym of {names}, and it "
                "may mean another substance: give the CAS number or the full name"))
        return _Named([hit])

    def _db_name_hits(self, query: str) -> list[_Hit]:
        """Distinct database records for the query as written, in lower and upper case."""
        hits: list[_Hit] = []
        for q in dict.fromkeys((query, query.lower(), query.upper())):
            c = chemdb.by_name(q)
            if c and all(h.cas != c.cas for h in hits):
                hit = self._curated(c.cas) or _Hit(c.cas, c.name, c.smiles or None,
                                                   c.inchikey or None, "", query,
                                                   c.pubchem_cid)
                hit.source, hit.matched = "chemicals-db", query
                hits.append(hit)
        return hits

    def _curated_formulas(self) -> dict[str, list[str]]:
        if getattr(self, "_formula_index", None) is None:
            from rdkit import Chem, RDLogger
            from rdkit.Chem.rdMolDescriptors import CalcMolFormula

            RDLogger.DisableLog("rdApp.*")
            index: dict[str, list[str]] = {}
            for rec in self.kb.substances.values():
                mol = Chem.MolFromSmiles(rec.smiles) if rec.smiles else None
                counts = parse_formula(CalcMolFormula(mol)) if mol is not None else None
                if counts:  # RDKit writes H first without carbon ("HCl"): Hill order here
                    index.setdefault(hill_formula(counts), []).append(rec.cas)
            self._formula_index = index
        return self._formula_index

    def _by_formula(self, query: str, db_name_hits: list[_Hit]) -> _Named | None:
        """A formula query: resolved where the formula names one substance, else the
        substances that have it are candidates. Inorganic formulas (no carbon) name their
        substance, so one curated substance decides; with carbon, isomers are the rule, so
        the formula must be unique among curated and catalogued substances together.
        None when no substance has the formula (the text may still be a name)."""
        counts = parse_formula(query)
        hill = hill_formula(counts)
        curated = [self._curated(c) for c in sorted(self._curated_formulas().get(hill, []))]
        catalogued = []
        if self.use_offline_db:
            for c in chemdb.by_formula(hill):
                if all(h.cas != c.cas for h in curated + catalogued):
                    catalogued.append(self._curated(c.cas) or _Hit(
                        c.cas, c.name, c.smiles or None, c.inchikey or None, "", query,
                        c.pubchem_cid))
        hits = curated + catalogued
        if not hits:
            return None
        for h in hits:
            h.source = "formula:curated" if h in curated else "formula:chemicals-db"
            h.matched = query
        if "C" not in counts and len(curated) == 1:
            chosen = curated
        else:
            chosen = hits if len(hits) == 1 else []
        others = [h for h in db_name_hits if all(h.cas != c.cas for c in hits)]
        if chosen and not others:
            return _Named(chosen, warnings=["formula_match"])
        if chosen:  # the formula and a database name disagree: NaH
            both = chosen + others
            return _Named(both, ambiguous="ambiguous_formula", reason=(
                f"{query!r} is the formula of {chosen[0].name} ({chosen[0].cas}), but the "
                f"offline database also has it as a name of "
                f"{' or '.join(f'{h.name} ({h.cas})' for h in others)}"))
        shown = hits[:12]
        return _Named(shown, ambiguous="ambiguous_formula", reason=(
            f"{query!r} is read as the formula {hill}, which {len(hits)} substances have"
            + (f" (the first {len(shown)} listed)" if len(hits) > len(shown) else "")))

    def _composite(self, text: str, parts: list[str]) -> _Named:
        """A label naming one substance twice ("乙醇 / EtOH"): the parts that identify one
        substance must agree; parts that identify nothing are noted; parts that disagree
        make the row ambiguous with every candidate."""
        results = [(p, self._by_single_name(p)) for p in parts]
        unique = [(p, r.hits[0]) for p, r in results
                  if len(r.hits) == 1 and not r.ambiguous and not r.components]
        unknown = [p for p, r in results if not r.hits and not r.components]
        unclear = [(p, r) for p, r in results if r.ambiguous or r.components]
        warnings = ["composite_name"]
        if unique:
            distinct = {h.cas or h.inchikey or h.name: h for _, h in unique}
            chosen = next(iter(distinct.values()))
            if len(distinct) == 1 and all(
                    r.soft or any(_same(chosen, h) for h in r.hits) for _, r in unclear):
                hit = replace(chosen, matched=text)
                note = []
                if unknown:
                    warnings.append("composite_part_unknown")
                    note.append(f"part(s) {', '.join(map(repr, unknown))} of {text!r} not "
                                "recognised")
                return _Named([hit], warnings=warnings, reason="; ".join(note) or None)
            cands = list(distinct.values()) + [h for _, r in unclear for h in r.hits
                                               if all(not _same(h, c)
                                                      for c in distinct.values())]
            return _Named(cands, ambiguous="composite_name_mismatch", reason=(
                f"the parts of {text!r} name different substances: " + "; ".join(
                    f"{p!r} is {h.name} ({h.cas})" for p, h in unique)))
        if unclear:
            cands = []
            for _, r in unclear:
                cands += [h for h in r.hits if all(not _same(h, c) for c in cands)]
            reasons = [r.reason for _, r in unclear if r.reason]
            return _Named(cands, ambiguous=unclear[0][1].ambiguous or "ambiguous_name",
                          soft=all(r.soft for _, r in unclear),
                          reason="; ".join(reasons) or None, warnings=warnings)
        return _Named()

    def _by_inchikey(self, key: str) -> _Hit | None:
        cas = self.kb.inchikeys.get(key)
        if cas:
            hit = self._curated(cas)
            hit.source = "inchikey"
            return hit
        if self.use_offline_db:
            c = chemdb.by_inchikey(key)
            if c:
                return _Hit(c.cas, c.name, c.smiles or None, c.inchikey or None,
                            "inchikey:chemicals-db", key, c.pubchem_cid)
        return None

    def _by_smiles(self, smiles: str) -> tuple[_Hit | None, str | None]:
        from rdkit import Chem, RDLogger

        RDLogger.DisableLog("rdApp.*")
        if len(smiles) > 2000:
            return None, "smiles_too_long"
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            return None, "invalid_smiles"
        key = Chem.MolToInchiKey(mol)
        hit = self._by_inchikey(key) if key else None
        if hit:
            hit.source = "smiles"
            return hit, None
        # A structure nobody has catalogued can still be profiled and screened.
        return _Hit(None, Chem.MolToSmiles(mol), Chem.MolToSmiles(mol), key or None,
                    "smiles", smiles), None

    # ------------------------------------------------------------ combination

    def unresolved_offline(self, queries) -> list[tuple]:
        """The (name, CAS, SMILES) queries the offline layers cannot resolve, so that an
        online client can fetch them in batches before rows are resolved one by one."""
        online, self.online = self.online, None
        try:
            out = [q for q in dict.fromkeys(queries)
                   if self._resolve(*q).status == "unresolved"]
        finally:
            self.online = online
        return out

    def resolve(self, name: str | None, cas: str | None, smiles: str | None = None) -> Resolution:
        key = (name or "", cas or "", smiles or "")
        if key not in self._memo:
            self._memo[key] = self._resolve(name, cas, smiles)
        # Rows naming the same thing share one answer (read-only downstream; the one
        # annotation, a component's screened codes, is the same for every row): a copy
        # per row cost about 400 bytes a row on a 100,000-row inventory.
        return self._memo[key]

    def _resolve(self, name: str | None, cas_text: str | None, smiles: str | None
                 ) -> Resolution:
        warnings: list[str] = []
        reasons: list[str] = []
        cas_hit: _Hit | None = None
        suggestions: list[str] = []
        if cas_text:
            check = parse_cas(cas_text)
            if WITHHELD.match(cas_text.strip()):
                warnings.append("cas_withheld")
            elif check.valid:
                cas_hit = self._by_cas(check.cas)
                if cas_hit is None:
                    warnings.append("cas_unknown")
                    reasons.append(f"CAS {check.cas} is valid but not in the offline data")
            else:
                warnings.append("invalid_cas")
                if check.cas:
                    suggestions = [c for c in near_misses(check.cas) if c in self.kb.substances]
                    reasons.append(f"CAS {cas_text.strip()!r} fails the check digit")
                else:
                    reasons.append(f"{cas_text.strip()!r} is not a CAS number")

        name_hits: list[_Hit] = []
        components: list[dict] = []
        named = _Named()
        if name:
            named = self._by_name(name)
            name_hits, components = named.hits, named.components
            warnings += named.warnings
            if named.reason and not named.ambiguous:
                reasons.append(named.reason)

        smiles_hit = None
        if smiles:
            smiles_hit, problem = self._by_smiles(smiles)
            if problem:
                warnings.append(problem)

        if components and cas_hit is None:
            return self._product(name, components, warnings)

        if named.ambiguous and cas_hit is None:
            return Resolution(
                "ambiguous", warnings=warnings + [named.ambiguous],
                reason=named.reason or f"the name {name!r} is used for several substances",
                candidates=[Candidate(h.cas, h.name, h.source) for h in name_hits])
        if named.ambiguous and cas_hit is not None:
            agreeing = [h for h in name_hits if _same(cas_hit, h)]
            if agreeing or named.soft:
                # The CAS decides between the name's candidates, or overrules a database
                # synonym guess for an abbreviation (noted).
                if not agreeing:
                    warnings.append("abbreviation_not_confirmed")
                name_hits = agreeing

        name_hit = name_hits[0] if name_hits else None
        if cas_hit and name_hits and all(not _same(cas_hit, h) for h in name_hits):
            if any(_same_skeleton(cas_hit, h) for h in name_hits):
                # Same structure but for stereo or isotopes: the CAS is the finer identity.
                warnings.append("cas_name_stereo_variant")
                name_hit = cas_hit
            else:
                hits = [cas_hit, *name_hits]
                return Resolution(
                    "ambiguous", warnings=warnings + ["cas_name_mismatch"],
                    reason=(f"CAS {cas_hit.cas} is {cas_hit.name}, but the name {name!r} is "
                            f"{' or '.join(h.name + ' (' + str(h.cas) + ')' for h in name_hits)}"),
                    candidates=[Candidate(h.cas, h.name, h.source) for h in hits])

        chosen = cas_hit or name_hit or smiles_hit
        hazards: list[OnlineClassification] = []
        if chosen is None and self.online is not None:
            answer = self.online.resolve(name=name, cas=_valid_cas(cas_text), smiles=smiles)
            hit, online_warning = answer.hit, answer.warning
            if online_warning:
                warnings.append(online_warning)
                reasons.append(answer.detail)
            if answer.candidates:
                # Several compounds answer to the query: never pick one silently.
                return Resolution(
                    "ambiguous", warnings=warnings, reason=answer.detail,
                    candidates=[Candidate(c.cas, c.name, "pubchem") for c in answer.candidates])
            if hit is not None:
                chosen = _Hit(hit.cas, hit.name, hit.smiles, hit.inchikey, "pubchem",
                              name or cas_text or smiles or "", hit.cid)
                hazards = hit.hazards
            elif not online_warning:
                reasons.append("not found in PubChem")
        if chosen is None:
            if suggestions:
                reasons.append("did you mean " + " or ".join(
                    f"{s} ({self.kb.substances[s].name})" for s in suggestions) + "?")
            if name:
                reasons.append(f"the name {name!r} is not in the curated names or the "
                               "offline database")
            if not (name or cas_text or smiles):
                reasons.append("the row gives no name, CAS or SMILES")
            return Resolution("unresolved", warnings=warnings,
                              reason="; ".join(reasons) or "not found")

        if "invalid_cas" in warnings and chosen is name_hit and chosen.cas in suggestions:
            warnings.append("cas_typo_probable")
        if smiles_hit and smiles_hit is not chosen and not _same_skeleton(smiles_hit, chosen):
            warnings.append("smiles_mismatch")
        if chosen.source == "chemicals-db":
            warnings.append("offline_db_name_match")  # not curated: worth a human check
        source = chosen.source
        if cas_hit and name_hit and chosen is cas_hit:
            source = "cas+name"
        return Resolution(
            "resolved", cas=chosen.cas, name=chosen.name, smiles=chosen.smiles,
            inchikey=chosen.inchikey, pubchem_cid=chosen.pubchem_cid, source=source,
            matched=chosen.matched, warnings=warnings,
            reason="; ".join(reasons) or None, hazards=hazards)

    def _product(self, name: str, components: list[dict], warnings: list[str]) -> Resolution:
        comps = []
        for c in components:
            rec = self.kb.substances.get(c["cas"])
            comps.append(Component(c["cas"], rec.name if rec else None, c["fraction_min"],
                                   c["fraction_max"], c["source"]))
        display = self.kb.product_names.get(name_variants(name)[0], name)
        return Resolution("resolved", name=display, source="curated-product", matched=name,
                          warnings=warnings, components=comps)


def _is_formula_query(text: str) -> bool:
    """Formula notation that is not also a valid SMILES ("SOCl₂", "H2SO4", "NaOH", "HCl");
    "CO" and "CCO" are SMILES and stay names (then SMILES) as before. Subscript digits
    always mean a formula."""
    if not looks_like_formula(text):
        return False
    if any(c in "₀₁₂₃₄₅₆₇₈₉" for c in text):
        return True
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    return Chem.MolFromSmiles(text.strip()) is None


def _valid_cas(text: str | None) -> str | None:
    if not text:
        return None
    check = parse_cas(text)
    return check.cas if check.valid else None


def _same(a: _Hit, b: _Hit) -> bool:
    if a.cas and b.cas:
        return a.cas == b.cas
    return bool(a.inchikey and a.inchikey == b.inchikey)


def _same_skeleton(a: _Hit, b: _Hit) -> bool:
    """Same connectivity (first InChIKey block), differing at most in stereo/isotopes."""
    return bool(a.inchikey and b.inchikey and a.inchikey[:14] == b.inchikey[:14])
