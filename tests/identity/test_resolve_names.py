"""Names as inventories write them (issue 23): composite labels, grade words, inorganic
names in five languages, abbreviations that must not match silently, formulas."""

import pytest

from cepn_screen.identity.resolver import Resolver
from cepn_screen.inventory.vocabulary import map_headers
from cepn_screen.pipeline.lookup import lookup


@pytest.fixture(scope="module")
def resolver(kb):
    return Resolver(kb)


@pytest.mark.parametrize("label,cas", [
    ("乙醇 / EtOH", "64-17-5"),
    ("Ethanol (EtOH)", "64-17-5"),
    ("DCM, dichloromethane", "75-09-2"),
    ("二氯甲烷 / DCM", "75-09-2"),
    ("乙醇/EtOH 分析纯", "64-17-5"),
])
def test_composite_label_parts_agree(resolver, label, cas):
    r = resolver.resolve(label, None)
    assert r.status == "resolved" and r.cas == cas, (r.status, r.cas, r.reason)


def test_composite_label_parts_disagree_is_ambiguous(resolver):
    r = resolver.resolve("Acetone / Methanol", None)
    assert r.status == "ambiguous" and "composite_name_mismatch" in r.warnings
    assert {c.cas for c in r.candidates} == {"67-64-1", "67-56-1"}


def test_composite_label_with_an_unknown_part_says_so(resolver):
    r = resolver.resolve("Ethanol / Kleenz-X", None)
    assert r.status == "resolved" and r.cas == "64-17-5"
    assert "composite_part_unknown" in r.warnings and "Kleenz-X" in r.reason


def test_composite_label_of_unknown_parts_stays_unresolved(resolver):
    r = resolver.resolve("Kleenz-X / Foo-Bar 7", None)
    assert r.status == "unresolved" and r.cas is None


@pytest.mark.parametrize("name,cas", [
    ("acetone 99%", "67-64-1"),
    ("Acetone AR", "67-64-1"),
    ("Isopropyl alcohol HPLC", "67-63-0"),
    ("toluene, reagent grade", "108-88-3"),
    ("乙醇 分析纯", "64-17-5"),
    ("丙酮 化学纯", "67-64-1"),
    ("甲苯 优级纯", "108-88-3"),
    ("硫酸 工业级", "7664-93-9"),
    ("ácido sulfúrico técnico", "7664-93-9"),
    ("ácido clorhídrico grado reactivo", "7647-01-0"),
    ("Asam Sulfat teknis", "7664-93-9"),
    ("Asam Klorida p.a.", "7647-01-0"),
    ("Axit Sulfuric kỹ thuật", "7664-93-9"),
    ("Natri hydroxit tinh khiết", "1310-73-2"),
])
def test_grade_words_in_each_language(resolver, name, cas):
    r = resolver.resolve(name, None)
    assert r.status == "resolved" and r.cas == cas, (r.status, r.cas, r.reason)


@pytest.mark.parametrize("name,cas", [
    # zh: the 2015 hazardous-chemicals catalogue names
    ("盐酸", "7647-01-0"), ("硫酸", "7664-93-9"), ("硝酸", "7697-37-2"),
    ("氢氟酸", "7664-39-3"), ("氢氧化钠", "1310-73-2"), ("氢氧化钾", "1310-58-3"),
    # es
    ("ácido clorhídrico", "7647-01-0"), ("ácido sulfúrico", "7664-93-9"),
    ("ácido nítrico", "7697-37-2"), ("ácido fluorhídrico", "7664-39-3"),
    ("hidróxido de sodio", "1310-73-2"),
    # id
    ("asam sulfat", "7664-93-9"), ("asam klorida", "7647-01-0"), ("asam nitrat", "7697-37-2"),
    ("natrium hidroksida", "1310-73-2"), ("hidrogen peroksida", "7722-84-1"),
    # vi: Decree 24/2026 names
    ("axit sulfuric", "7664-93-9"), ("axit hydrochloric", "7647-01-0"),
    ("axit nitric", "7697-37-2"), ("natri hydroxit", "1310-73-2"),
    ("hydro peroxit", "7722-84-1"),
])
def test_inorganic_names_in_each_language(resolver, name, cas):
    r = resolver.resolve(name, None)
    assert r.status == "resolved" and r.cas == cas, (r.status, r.cas, r.reason)


@pytest.mark.parametrize("abbr,wrong_cas", [
    ("TEA", "66-40-0"),  # the database says tetraethylammonium; triethylamine is as likely
    ("NaH", "129-64-6"),  # the database says carbic anhydride; the formula says NaH
    ("Pd/C", "2640-94-0"),  # the database says a hydroxy ester; palladium on carbon meant
])
def test_abbreviations_known_only_as_database_synonyms_are_ambiguous(resolver, abbr,
                                                                     wrong_cas):
    r = resolver.resolve(abbr, None)
    assert r.status == "ambiguous" and r.cas is None, (r.status, r.cas)
    assert wrong_cas in {c.cas for c in r.candidates}  # shown, never chosen
    assert {"ambiguous_abbreviation", "ambiguous_formula"} & set(r.warnings)


def test_nah_candidates_include_the_formula_reading(resolver):
    r = resolver.resolve("NaH", None)
    assert "7646-69-7" in {c.cas for c in r.candidates}  # sodium hydride


@pytest.mark.parametrize("abbr,cas", [
    ("IPA", "67-63-0"), ("DCM", "75-09-2"), ("NMP", "872-50-4"), ("EtOH", "64-17-5"),
    ("2-MeTHF", "96-47-9"), ("MeTHF", "96-47-9"),
])
def test_curated_abbreviations_decide(resolver, abbr, cas):
    r = resolver.resolve(abbr, None)
    assert r.status == "resolved" and r.cas == cas and r.source == "curated"


def test_a_cas_decides_an_abbreviation_and_says_the_name_was_not_confirmed(resolver):
    r = resolver.resolve("TEA", "121-44-8")
    assert r.status == "resolved" and r.cas == "121-44-8"
    assert "abbreviation_not_confirmed" in r.warnings


def test_long_names_found_only_in_the_database_still_resolve(resolver):
    r = resolver.resolve("1-chlorobutane", None)
    assert r.status == "resolved" and r.cas == "109-69-3"


@pytest.mark.parametrize("formula,cas", [
    ("SOCl₂", "7719-09-7"), ("H₂SO₄", "7664-93-9"), ("H2SO4", "7664-93-9"),
    ("NaOH", "1310-73-2"), ("HCl", "7647-01-0"), ("KMnO4", "7722-64-7"),
    ("HNO3", "7697-37-2"), ("H₂O₂", "7722-84-1"), ("CuSO4·5H2O", "7758-99-8"),
])
def test_formulas_resolve_where_unique(resolver, formula, cas):
    r = resolver.resolve(formula, None)
    assert r.status == "resolved" and r.cas == cas, (r.status, r.cas, r.reason)
    assert r.source.startswith("formula") and "formula_match" in r.warnings


@pytest.mark.parametrize("formula,some", [
    ("C2H6O", {"64-17-5", "115-10-6"}),  # ethanol, dimethyl ether
    ("C₈H₁₀", {"1330-20-7", "100-41-4"}),  # xylene, ethylbenzene
])
def test_formulas_of_isomers_are_ambiguous(resolver, formula, some):
    r = resolver.resolve(formula, None)
    assert r.status == "ambiguous" and "ambiguous_formula" in r.warnings
    assert some <= {c.cas for c in r.candidates}


def test_formula_nobody_has_is_unresolved_not_guessed(resolver):
    r = resolver.resolve("Xe₇Pu₃", None)
    assert r.status == "unresolved" and r.cas is None


@pytest.mark.parametrize("query", ["SOCl₂", "H₂SO₄"])
def test_lookup_never_reads_a_formula_as_smiles(kb, query):
    ra = lookup(query, kb=kb)
    assert ra.resolution.source != "smiles", ra.resolution
    assert ra.resolution.status == "resolved" and ra.resolution.source.startswith("formula")


def test_lookup_of_a_formula_nobody_has_is_not_a_partial_smiles(kb):
    ra = lookup("SOCl₇", kb=kb)
    assert ra.resolution.status == "unresolved" and ra.resolution.source != "smiles"


def test_lookup_still_reads_plain_smiles(kb):
    ra = lookup("CCCCCC", kb=kb)
    assert ra.resolution.status == "resolved" and ra.resolution.cas == "110-54-3"


@pytest.mark.parametrize("header", ["Solvent", "Substance", "Material", "物质", "Sustancia",
                                    "Bahan", "Vật liệu", "溶剂", "Dung môi", "Pelarut"])
def test_name_headers(header):
    assert map_headers([header, "CAS No."]) == {"name": 0, "cas": 1}
