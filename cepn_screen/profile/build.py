"""Profile a resolved substance: structure descriptors (RDKit), physical data, hazards.

Physical data come from the curated data/ first, then from the `chemicals` database by
CAS; anything neither knows stays unknown (absent), never estimated here.
"""

from __future__ import annotations

import functools

from cepn_screen.core.models import Fact, HazardBasis, Profile, Resolution
from cepn_screen.exposure.limits import choose_limit, skin_notation, vapour_hazard_ratio
from cepn_screen.knowledge import chemdb
from cepn_screen.knowledge.base import Classification, KnowledgeBase
from cepn_screen.knowledge.classifications import for_cas
from cepn_screen.profile.chem import molecule
from cepn_screen.profile.hazards import combine, group_classifications

HALOGENS = ("F", "Cl", "Br", "I")
EU_BASIS = "EU harmonised, then REACH registrants'"


@functools.lru_cache(maxsize=65536)
def descriptors(smiles: str) -> tuple[str | None, dict]:
    """Formula and descriptors for a SMILES; (None, {}) when RDKit cannot read it."""
    from rdkit.Chem import Crippen, Descriptors, rdMolDescriptors


    mol = molecule(smiles)  # parsed once per run, shared with the SMARTS rules
    if mol is None:
        return None, {}
    formula = rdMolDescriptors.CalcMolFormula(mol)
    counts = element_counts(mol)
    d = {
        "mw_g_mol": round(Descriptors.MolWt(mol), 3),
        "logp": round(Crippen.MolLogP(mol), 3),
        "tpsa_a2": round(rdMolDescriptors.CalcTPSA(mol), 2),
        "hbd": rdMolDescriptors.CalcNumHBD(mol),
        "hba": rdMolDescriptors.CalcNumHBA(mol),
        "aromatic_rings": rdMolDescriptors.CalcNumAromaticRings(mol),
        "rings": rdMolDescriptors.CalcNumRings(mol),
        "heavy_atoms": mol.GetNumHeavyAtoms(),
        "rotatable_bonds": rdMolDescriptors.CalcNumRotatableBonds(mol),
        "halogen_atoms": sum(counts.get(x, 0) for x in HALOGENS),
        "elements": counts,
    }
    for x in HALOGENS:
        d[f"n_{x.lower()}"] = counts.get(x, 0)
    d["n_c"] = counts.get("C", 0)
    return formula, d


def element_counts(mol) -> dict[str, int]:
    """Atoms per element symbol, implicit hydrogens included (no AddHs: it copies the
    molecule, and this runs for every distinct substance)."""
    counts: dict[str, int] = {}
    hydrogens = 0
    for atom in mol.GetAtoms():
        sym = atom.GetSymbol()
        counts[sym] = counts.get(sym, 0) + 1
        hydrogens += atom.GetTotalNumHs()
    if hydrogens:
        counts["H"] = counts.get("H", 0) + hydrogens
    return counts


def _chemicals_properties(cas: str) -> dict[str, Fact]:
    """Physical data the `chemicals` database holds for a CAS, with the data set named
    (compiled values only; predictions are left out when the index is built)."""
    return {prop: Fact(value, "chemicals-db", "correlation" if method == "HEOS" else "measured",
                       method)
            for prop, (value, method) in chemdb.properties(cas).items()}


def _shares(res: Resolution, row: Classification) -> dict:
    for h in res.hazards:
        if h.ref == row.ref and h.shares:
            return {"shares": dict(h.shares)}
    return {}


def _source_dict(r: Classification, res: Resolution) -> dict:
    d = {"h_codes": list(r.h_codes), "kind": r.kind, "source": r.source, "ref": r.ref,
         "origin": r.origin}
    if r.partial:
        d["partial"] = True
    if r.authority:
        d["authority"] = r.authority
    if r.group:
        d["group_match"] = r.group
    if r.annex_notes:
        d["annex_vi_notes"] = r.annex_notes.split(";")
    if r.min_class:
        d["minimum_classification"] = r.min_class.split(";")
    if r.atp:
        d["atp"] = r.atp
    return {**d, **_shares(res, r)}


def combine_classifications(rows: list[Classification], kb: KnowledgeBase) -> list[str] | None:
    """The H-codes to act on (profile.hazards.combine): a harmonised entry decides the
    classes it covers, other rows fill the rest (the more severe code where they disagree
    on a single-category class). None when nobody has classified the substance."""
    return combine(rows, kb).h_codes


def exposure_descriptors(p: Profile) -> dict:
    """Derived screening figures, each None when its inputs are unknown:
    - lowest_oel_ppm: the lowest 8-h TWA of any agency, in ppm (the most protective; the
      same choice as exposure.choose_limit);
    - vapour_hazard_ratio: saturated vapour concentration at 20 °C over that limit
      (C_sat = P_vap / P_atm x 10^6 ppm; Popendorf's VHR, for ranking only);
    - skin_notation: 1 if any agency marks the limit "skin", 0 if limits exist without;
    - log_kp_potts_guy: log10 skin permeability (cm/h) = -2.7 + 0.71 log Kow - 0.0061 MW,
      with the RDKit Crippen logP standing in for log Kow (an estimate)."""
    mw = p.descriptors.get("mw_g_mol")
    limit = choose_limit(p, "lowest")
    lowest = limit.ppm if limit else None
    vhr = vapour_hazard_ratio(p, limit)
    vhr = None if vhr is None else round(vhr, 1)
    notation = skin_notation(p)
    skin = None if notation is None else int(notation)
    logp = p.descriptors.get("logp")
    kp = None if logp is None or mw is None else round(-2.7 + 0.71 * logp - 0.0061 * mw, 3)
    return {"lowest_oel_ppm": None if lowest is None else round(lowest, 4),
            "vapour_hazard_ratio": vhr, "skin_notation": skin, "log_kp_potts_guy": kp}


def profile(res: Resolution, kb: KnowledgeBase, *, use_offline_db: bool = True) -> Profile:
    cas = res.cas
    rec = kb.substances.get(cas) if cas else None
    smiles = (rec.smiles if rec and rec.smiles else None) or res.smiles
    formula, desc = descriptors(smiles) if smiles else (None, {})
    props: dict[str, Fact] = {}
    if rec is not None:
        # Curated substances use curated data only: a value the curators left out on
        # purpose (e.g. a predicted flash point for trichloroethylene) must stay out.
        props.update(kb.properties.get(cas, {}))
    elif cas and use_offline_db:
        props.update(_chemicals_properties(cas))
    if cas:
        # CHEM21 criteria held as flags (static accumulator, decomposition > 500 J/g)
        for flag, fact in kb.chem21_flags.get(cas, {}).items():
            props.setdefault(flag, fact)
    rows = for_cas(kb, cas)
    if smiles and not any(r.kind == "harmonised" for r in rows):
        # No individual Annex VI entry: the group entries (cyanide salts, Cr(VI), lead
        # compounds, ...) by their matching rule.
        rows = group_classifications(smiles, kb) + rows
    acting = rows
    if not rows and res.hazards:
        # Classifications PubChem gave for a substance the offline data do not cover: act
        # on the first (EU harmonised, else the ECHA notification majority), show all.
        rows = [Classification(h.h_codes, h.kind, h.source, h.ref, h.note, origin="pubchem")
                for h in res.hazards]
        acting = rows[:1]
    facts = combine(acting, kb)
    eu = combine(acting, kb, basis="eu")
    basis = None if eu.h_codes == facts.h_codes and eu.classes == facts.classes else \
        HazardBasis(EU_BASIS, None if eu.h_codes is None else tuple(eu.h_codes), eu.classes,
                    tuple(eu.codes), bool(acting) and eu.partial)
    p = Profile(
        cas=cas,
        name=rec.name if rec else (res.name or smiles or ""),
        smiles=smiles,
        inchikey=(rec.inchikey if rec and rec.inchikey else None) or res.inchikey,
        formula=formula,
        descriptors=desc,
        properties=props,
        h_codes=facts.h_codes,
        hazard_partial=bool(acting) and facts.partial,
        hazard_sources=[_source_dict(r, res) for r in rows],
        hazard_classes=facts.classes,
        hazard_codes=facts.codes,
        exposure_limits=list(kb.oels.get(cas, [])) if cas else [],
        hansen=kb.hansen.get(cas) if cas else None,
        lists=dict(kb.lists.get(cas, {})) if cas else {},
        family=rec.family if rec else None,
        chem21_basis=basis,
    )
    p.descriptors = {**p.descriptors, **exposure_descriptors(p)}
    return p
