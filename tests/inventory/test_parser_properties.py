"""Property-based tests (hypothesis) of the cell parsers and the table loader."""


import csv
import io
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cepn_screen.inventory.load import parse_concentration, rows_from_table

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
    assert [r.row for r in got] == list(range(2, len(rows) + 2))  # the header is row 1


@given(st.lists(st.lists(st.text(max_size=8), max_size=6), max_size=12))
def test_rows_from_table_never_loses_a_nonblank_row(table):
    table = [["Name", "CAS"], *table]
    rows = rows_from_table(table)
    nonblank = [r for r in table[1:] if any(c.strip() for c in r)]
    assert len(rows) == len(nonblank)
