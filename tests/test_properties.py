"""Property-based tests (hypothesis) for the parsers, the loader and rule logic."""

import csv
import io
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cepn_screen.core.cas import check_digit, near_misses, parse_cas
from cepn_screen.core.models import Profile
from cepn_screen.inventory.load import parse_concentration, rows_from_table
from cepn_screen.rules.conditions import All, Any_, CasIn, Not

bodies = st.tuples(st.integers(10, 9_999_999), st.integers(0, 99))


@given(bodies)
def test_cas_canonical_round_trip(body):
    first, second = body
    digits = f"{first}{second:02d}"
    cas = f"{first}-{second:02d}-{check_digit(digits)}"
    for written in (cas, f"00{cas}", cas.replace("-", " "), cas.replace("-", ""),
                    f"CAS {cas}", cas.replace("-", "–")):
        got = parse_cas(written)
        assert got.valid and got.cas == cas, written


@given(bodies, st.integers(1, 9))
def test_cas_wrong_check_digit_is_invalid(body, shift):
    first, second = body
    good = check_digit(f"{first}{second:02d}")
    bad = parse_cas(f"{first}-{second:02d}-{(good + shift) % 10}")
    assert not bad.valid and bad.problem == "invalid_cas"
    assert all(parse_cas(c).valid for c in near_misses(bad.cas))


@given(st.text(max_size=40))
def test_cas_parser_never_raises(text):
    got = parse_cas(text)
    assert got.problem in (None, "empty", "not_a_cas", "invalid_cas")
    assert got.valid == (got.problem is None)


values = st.decimals(min_value=0, max_value=100, places=1).map(float)


@given(values, values)
def test_concentration_ranges(a, b):
    lo, hi = min(a, b), max(a, b)
    c, problem = parse_concentration(f"{a:g}-{b:g}")
    assert problem is None and (c.low, c.high) == (lo, hi)
    c, _ = parse_concentration(f">{a:g}")
    assert (c.low, c.high) == (a, 100)
    c, _ = parse_concentration(f"<{a:g}%")
    assert (c.low, c.high) == (0, a)


@given(st.text(max_size=30))
def test_concentration_parser_never_raises(text):
    c, problem = parse_concentration(text)
    if not text.strip():
        assert (c, problem) == (None, None)  # an empty cell: nothing given, nothing wrong
        return
    # Anything written comes back with its text; a value not understood is flagged.
    assert c is not None and c.text == unicodedata.normalize("NFKC", text).strip()
    if problem is None:
        assert 0 <= c.low <= c.high <= 100
    else:
        assert problem in ("concentration_unparsed", "concentration_out_of_range")
        if problem == "concentration_unparsed":
            assert c.low is None and c.high is None


names = st.text(alphabet=st.characters(categories=("L", "N"), include_characters=" -,()"),
                min_size=1, max_size=30).map(str.strip).filter(bool)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(names, st.sampled_from(["67-64-1", "", "110-54-3", "x"])),
                min_size=1, max_size=15),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_inventory_round_trip(tmp_path_factory, rows, delimiter, encoding):
    from cepn_screen.inventory.load import load_inventory

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(["Chemical name", "CAS No."])
    w.writerows(rows)
    path = tmp_path_factory.mktemp("inv") / "inv.csv"
    path.write_bytes(buf.getvalue().encode(encoding))
    got = load_inventory(path)
    assert [(r.name, r.cas or "") for r in got] == rows
    assert [r.row for r in got] == list(range(1, len(rows) + 1))


@given(st.lists(st.lists(st.text(max_size=8), max_size=6), max_size=12))
def test_rows_from_table_never_loses_a_nonblank_row(table):
    table = [["Name", "CAS"], *table]
    rows = rows_from_table(table)
    nonblank = [r for r in table[1:] if any(c.strip() for c in r)]
    assert len(rows) == len(nonblank)


def leaf(truth: bool) -> CasIn:
    return CasIn(frozenset({"1-00-0" if truth else "2-00-0"}))


def trees(depth=3):
    base = st.booleans().map(lambda b: (leaf(b), b))
    return st.recursive(base, lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=4).map(
            lambda xs: (All([x for x, _ in xs]), all(v for _, v in xs))),
        st.lists(inner, min_size=1, max_size=4).map(
            lambda xs: (Any_([x for x, _ in xs]), any(v for _, v in xs))),
        inner.map(lambda x: (Not(x[0]), not x[1]))), max_leaves=12)


@given(trees())
def test_condition_logic_matches_boolean_algebra(tree):
    cond, expected = tree
    p = Profile(cas="1-00-0", name="x", smiles=None, inchikey=None)
    assert cond.evaluate(p) is expected
