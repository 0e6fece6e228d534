"""Property-based test (hypothesis): condition trees follow boolean algebra."""


from hypothesis import given
from hypothesis import strategies as st

from cepn_screen.core.models import Profile
from cepn_screen.rules.conditions import All, Any_, CasIn, Not


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
