"""Property-based tests (hypothesis) of the CAS parser."""


from hypothesis import given
from hypothesis import strategies as st

from cepn_screen.core.cas import check_digit, near_misses, parse_cas

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
