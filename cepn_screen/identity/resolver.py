"""Resolve an inventory row to one substance, in the documented order:

1. CAS number (check digit validated, normalised),
2. curated names, synonyms, trade names in data/ (all languages),
3. the `chemicals` offline database (cross-checked against a given CAS),
4. SMILES / InChIKey given in the row,
5. PubChem, in online mode only (see identity.pubchem).

A name and a CAS that point at different substances never lead to a silent choice: the
row becomes `ambiguous` with both candidates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cepn_screen.core.cas import near_misses, parse_cas
from cepn_screen.core.models import Candidate, Component, Resolution
from cepn_screen.core.names import name_variants
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


class Resolver:
    """Resolves (name, CAS, SMILES) triples; identical triples are resolved once."""

    def __init__(self, kb: KnowledgeBase, *, use_offline_db: bool = True, online=None):
        self.kb = kb
        self.use_offline_db = use_offline_db
        self.online = online  # a PubChem client, or None for offline mode
        self._memo: dict[tuple, Resolution] = {}

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

    def _by_name(self, text: str) -> tuple[list[_Hit], list[dict]]:
        """Hits for a name; several distinct hits mean the name is ambiguous.
        The second value holds trade-product components when the name is a product."""
        for key in name_variants(text):
            product = self.kb.products.get(key)
            if product:
                return [], product
            found = self.kb.names.get(key)
            if found:
                hits = [self._curated(c) for c in sorted(found)]
                for h in hits:
                    h.source, h.matched = "curated", text
                return hits, []
        # A CAS or InChIKey typed into the name column.
        check = parse_cas(text)
        if check.valid:
            hit = self._by_cas(check.cas)
            return ([hit] if hit else []), []
        if INCHIKEY.match(text.strip()):
            hit = self._by_inchikey(text.strip())
            return ([hit] if hit else []), []
        if self.use_offline_db:
            c = chemdb.by_name(text.strip())
            if c:
                hit = self._curated(c.cas) or _Hit(c.cas, c.name, c.smiles or None,
                                                   c.inchikey or None, "", text, c.pubchem_cid)
                hit.source, hit.matched = "chemicals-db", text
                return [hit], []
        return [], []

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
        r = self._memo[key]
        # Each row gets its own copy so later stages can annotate it.
        return Resolution(**{**r.__dict__, "warnings": list(r.warnings),
                             "candidates": list(r.candidates),
                             "hazards": [dict(h) for h in r.hazards],
                             "components": [replace(c) for c in r.components]})

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
        if name:
            name_hits, components = self._by_name(name)

        smiles_hit = None
        if smiles:
            smiles_hit, problem = self._by_smiles(smiles)
            if problem:
                warnings.append(problem)

        if components and cas_hit is None:
            return self._product(name, components, warnings)

        if len(name_hits) > 1 and cas_hit is None:
            return Resolution(
                "ambiguous", warnings=warnings + ["ambiguous_name"],
                reason=f"the name {name!r} is used for several substances",
                candidates=[Candidate(h.cas, h.name, h.source) for h in name_hits])

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
        hazards: list[dict] = []
        if chosen is None and self.online is not None:
            hit, online_warning = self.online.resolve(name=name, cas=_valid_cas(cas_text),
                                                      smiles=smiles)
            if online_warning:
                warnings.append(online_warning)
                reasons.append("PubChem could not be reached or did not answer in time")
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
