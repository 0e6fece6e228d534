"""Online answers are checked before they are used (against the fake server in conftest):
a CID must be a positive integer, data must be for the CID asked, several compounds for
one query make the row ambiguous, and a compound without GHS data has an unknown hazard."""

import pytest

from cepn_screen.identity.cache import Cache
from cepn_screen.identity.pubchem import MAX_CANDIDATES, PubChemClient
from cepn_screen.identity.resolver import Resolver
from cepn_screen.pipeline.assess import assess_rows
from cepn_screen.pipeline.context import Context
from tests.conftest import FAKE_COMPOUNDS


def client(fake, tmp_path):
    return PubChemClient(fake.url, Cache(tmp_path / "cache"), backoff=0.01, retries=0)


def _rows(kb, fake, tmp_path, *names):
    from cepn_screen.inventory.load import load_inventory

    path = tmp_path / "inv.csv"
    path.write_text("Chemical name\n" + "\n".join(names) + "\n", encoding="utf-8")
    ctx = Context.build(kb, None, Resolver(kb, online=client(fake, tmp_path)))
    return assess_rows(load_inventory(path), context=ctx).rows


@pytest.mark.parametrize("bad", ["abc", -5, 0, True, 3.5, None])
def test_a_cid_that_is_not_a_positive_integer_is_refused(fake_pubchem, tmp_path, bad):
    fake_pubchem.script = [("json", {"IdentifierList": {"CID": [bad]}})]
    a = client(fake_pubchem, tmp_path).resolve(name="Frobozz cleaner 9")
    assert a.hit is None and a.warning == "pubchem_invalid_answer"
    assert "positive integer" in a.detail
    # not cached: the next run asks again and gets the real answer
    b = client(fake_pubchem, tmp_path).resolve(name="Frobozz cleaner 9")
    assert b.warning is None and b.hit.cid == 990001


def test_invalid_cid_row_is_unresolved_with_priority_unknown(kb, fake_pubchem, tmp_path):
    fake_pubchem.script = [("json", {"IdentifierList": {"CID": ["180; DROP"]}})]
    (row,) = _rows(kb, fake_pubchem, tmp_path, "Frobozz cleaner 9")
    assert row.resolution.status == "unresolved"
    assert "pubchem_invalid_answer" in row.resolution.warnings
    assert row.priority == "unknown"


def test_properties_of_another_cid_are_refused(fake_pubchem, tmp_path):
    # first request (the CID list) answered normally, then properties for CID 7840
    fake_pubchem.script = ["pass", ("json", {"PropertyTable": {"Properties": [
        {"CID": 7840, "Title": "1-Bromopropane", "SMILES": "CCCBr"}]}})]
    a = client(fake_pubchem, tmp_path).resolve(name="Frobozz cleaner 9")
    assert a.hit is None and a.warning == "pubchem_invalid_answer"
    assert "CID 7840, which was not asked for" in a.detail


def test_a_ghs_record_of_another_cid_is_refused(fake_pubchem, tmp_path):
    # CIDs, properties, synonyms answered normally; the GHS record is 1-bromopropane's
    fake_pubchem.script = ["pass", "pass", "pass", ("json", FAKE_COMPOUNDS[7840]["ghs"])]
    a = client(fake_pubchem, tmp_path).resolve(name="Frobozz cleaner 9")
    assert a.hit is None and a.warning == "pubchem_invalid_answer"
    assert "CID 7840" in a.detail and "990001" in a.detail


def test_two_compounds_for_one_name_make_the_row_ambiguous(kb, fake_pubchem, tmp_path):
    (row,) = _rows(kb, fake_pubchem, tmp_path, "Bromo blend")
    res = row.resolution
    assert res.status == "ambiguous" and "pubchem_ambiguous" in res.warnings
    assert {c.name for c in res.candidates} == {"1-Bromopropane", "Frobozz solvent"}
    assert {c.cas for c in res.candidates} == {"106-94-5", "12345-67-4"}
    assert "2 compounds" in res.reason
    # not silently chosen, not hidden: the candidates' hazards band the row
    assert row.priority in ("medium", "high", "critical")
    assert any(f.rule_id == "CEPN-CMR-001" for f in row.findings)  # if 1-bromopropane


def test_a_huge_cid_list_lists_a_few_candidates(fake_pubchem, tmp_path):
    fake_pubchem.script = [("json", {"IdentifierList": {"CID": list(range(1, 200_001))}})]
    a = client(fake_pubchem, tmp_path).resolve(name="water")
    assert a.hit is None and a.warning == "pubchem_ambiguous"
    assert len(a.candidates) == MAX_CANDIDATES
    assert "200000 compounds" in a.detail and "first 5 listed" in a.detail
    props = [p for _, _, p in fake_pubchem.requests if "/property/" in p]
    assert len(props) == 1  # one batched request for the five, not 200,000


def test_a_compound_without_ghs_data_has_priority_unknown(kb, fake_pubchem, tmp_path):
    (row,) = _rows(kb, fake_pubchem, tmp_path, "Plainsol 4")
    assert row.resolution.status == "resolved" and row.resolution.pubchem_cid == 990002
    assert row.profile.h_codes is None  # unknown, not "no hazard"
    assert row.priority == "unknown"
