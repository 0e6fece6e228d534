import pytest

from cepn_screen.identity.resolver import Resolver


@pytest.fixture(scope="module")
def resolver(kb):
    return Resolver(kb)


@pytest.mark.parametrize("name,cas", [
    ("N-methyl-2-pyrrolidone", "872-50-4"),  # absent from the chemicals name index
    ("NMP", "872-50-4"),
    ("xylene", "1330-20-7"),  # chemicals says o-xylene; the curated layer must win
    ("Xylenes", "1330-20-7"),  # EPA IRIS name of mixed xylenes (curated synonym)
    ("Methyl tetrahydrofuran", "96-47-9"),
    ("正己烷", "110-54-3"),
    ("异丙醇", "67-63-0"),
    ("Tolueno", "108-88-3"),
    ("IPA", "67-63-0"),
    ("Isopropyl alcohol (IPA) 99.9%", "67-63-0"),
    ("acetone technical grade", "67-64-1"),
])
def test_names(resolver, name, cas):
    r = resolver.resolve(name, None)
    if cas is None:  # not known offline: unresolved with the reason, never a guess
        assert r.status == "unresolved" and r.cas is None, (r.status, r.cas)
        assert "not in the curated names or the offline database" in r.reason
    else:
        assert r.status == "resolved" and r.cas == cas, (r.status, r.cas, r.reason)


def test_cas_alone_and_normalised(resolver):
    r = resolver.resolve(None, "0067-64-1")
    assert r.status == "resolved" and r.cas == "67-64-1" and r.source == "cas"


def test_invalid_cas_flagged_even_when_name_resolves(resolver):
    r = resolver.resolve("Acetone", "67-64-2")
    assert r.status == "resolved" and r.cas == "67-64-1"
    assert "invalid_cas" in r.warnings and "cas_typo_probable" in r.warnings


def test_invalid_cas_alone_is_unresolved_with_suggestion(resolver):
    r = resolver.resolve(None, "67-64-2")
    assert r.status == "unresolved" and "invalid_cas" in r.warnings
    assert "67-64-1" in r.reason


def test_unknown_name_is_unresolved_with_reason(resolver):
    r = resolver.resolve("Kleenz-X 2000", None)
    assert r.status == "unresolved" and "Kleenz-X 2000" in r.reason


def test_name_and_cas_disagree_is_ambiguous_not_silent(resolver):
    # Acetone's name with ethanol's CAS: neither may win silently.
    r = resolver.resolve("Acetone", "64-17-5")
    assert r.status == "ambiguous" and "cas_name_mismatch" in r.warnings
    assert {c.cas for c in r.candidates} == {"64-17-5", "67-64-1"}


def test_stereo_variant_is_not_a_mismatch(resolver):
    r = resolver.resolve("ethyl lactate", "687-47-8")
    assert r.status == "resolved" and r.cas == "687-47-8"
    assert "cas_name_stereo_variant" in r.warnings


def test_offline_db_fallback_is_marked(resolver):
    # Not curated, known to the chemicals database.
    r = resolver.resolve("1-chlorobutane", None)
    assert r.status == "resolved" and r.cas == "109-69-3"
    assert r.source == "chemicals-db" and "offline_db_name_match" in r.warnings


def test_smiles_and_inchikey(resolver):
    r = resolver.resolve(None, None, "CCCCCC")
    assert r.status == "resolved" and r.cas == "110-54-3"
    r = resolver.resolve("VLKZOEOYAKHREP-UHFFFAOYSA-N", None)
    assert r.status == "resolved" and r.cas == "110-54-3"
    r = resolver.resolve(None, None, "not a smiles((")
    assert r.status == "unresolved" and "invalid_smiles" in r.warnings


def test_uncatalogued_structure_is_still_screenable(resolver):
    r = resolver.resolve(None, None, "OCC(F)(F)C(F)(F)C(Cl)(Cl)C1CC1OC(C)(C)C#N")
    assert r.status == "resolved" and r.cas is None and r.source == "smiles"


def test_withheld_cas(resolver):
    r = resolver.resolve("Ethanol", "Trade secret")
    assert r.status == "resolved" and "cas_withheld" in r.warnings


def test_trade_product_resolves_to_components(resolver):
    r = resolver.resolve("Novec 7100", None)
    assert r.status == "resolved"
    assert {c.cas for c in r.components} == {"163702-07-6", "163702-08-7"}
