"""The streamed pipeline: the same output as the held one, and no row held while writing."""

from __future__ import annotations

import csv
import io
import weakref

import pytest

from cepn_screen.core.errors import InputError
from cepn_screen.inventory.load import iter_inventory, load_inventory
from cepn_screen.knowledge.base import example_path
from cepn_screen.pipeline.assess import assess_rows, assess_stream
from cepn_screen.report.csv_out import write_csv
from cepn_screen.report.serialize import write_json, write_jsonl

COUNTRIES = ["", "CN", "MX"]  # one per copy: limits differ between them


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    """The plant example three times over, with countries and process temperatures that
    vary between the copies: the same substances under other limits and bands, products
    with their amount on the first row only, an ambiguous name, an unknown one, a trade
    product, and an inventory rule that fires on an area."""
    with example_path("full").open(encoding="utf-8", newline="") as f:
        table = list(csv.reader(f))
    head, body = table[0], table[1:]
    rows = [head + ["Country", "Process temperature (°C)"]]
    n = 0
    for copy in range(3):
        for cells in body:
            n += 1
            cells = [str(n), *cells[1:]]
            if copy:
                cells[3] = cells[3] and f"{cells[3]} ({copy})"  # other products
            rows.append(cells + [COUNTRIES[copy], "" if n % 4 else str(20 + copy * 30)])
    path = tmp_path_factory.mktemp("stream") / "plant3.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _texts(a) -> dict[str, str]:
    out = {}
    for name, write in (("json", lambda a, o: write_json(a, o, indent=None)),
                        ("jsonl", write_jsonl), ("csv", write_csv)):
        buf = io.StringIO()
        write(a, buf)
        out[name] = buf.getvalue()
    return out


def test_streamed_output_is_the_held_output(inventory, kb):
    held = assess_rows(load_inventory(inventory), kb=kb, workers=1,
                       inputs={"file": "x", "rows": None})
    assert held.inventory_findings and held.products
    assert {r.row.country for r in held.rows} >= {None, "CN", "MX"}
    assert {r.resolution.status for r in held.rows} == {"resolved", "ambiguous",
                                                       "unresolved"}
    streamed = assess_stream(lambda: iter_inventory(inventory), kb=kb, workers=1,
                             inputs={"file": "x", "rows": None})
    assert streamed.inputs["rows"] == len(held.rows) == streamed.count
    # The held assessment is written through the id-keyed path, the stream through its
    # planned share keys: both must give the same bytes.
    assert _texts(streamed) == _texts(held)
    worst = sum(1 for r in held.rows for f in r.findings if f.severity in ("high", "critical"))
    assert streamed.findings_at_or_above("high") == worst > 0


def test_no_row_is_held_while_the_rows_are_written(inventory, kb):
    refs: list[weakref.ref] = []  # InventoryRow is unhashable: no WeakSet

    def alive() -> int:
        return sum(r() is not None for r in refs)

    def source():
        for row in iter_inventory(inventory):
            refs.append(weakref.ref(row))
            yield row

    a = assess_stream(source, kb=kb, workers=1)
    assert alive() == 0  # the plan keeps numbers, not rows
    most = 0

    class Out(io.StringIO):
        def write(self, text):
            nonlocal most
            most = max(most, alive())
            return super().write(text)

    for write in (write_csv, write_jsonl, lambda a, o: write_json(a, o, indent=None)):
        write(a, Out())
        assert alive() == 0
    # CSV writes each row as it is made; the JSON writers gather up to 1,000 row texts
    # (texts: the rows themselves are gone once encoded).
    assert 0 < most <= 2 and a.count == 234


def test_an_inventory_that_changes_between_the_reads_is_an_error(inventory, kb, tmp_path):
    path = tmp_path / "inv.csv"
    path.write_bytes(inventory.read_bytes())
    a = assess_stream(lambda: iter_inventory(path), kb=kb, workers=1,
                      inputs={"file": str(path)})
    text = path.read_text(encoding="utf-8").replace("Acetone", "Toluene", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="changed while it was being assessed"):
        write_csv(a, io.StringIO())
    path.write_text("\n".join(text.splitlines()[:-1]) + "\n", encoding="utf-8")  # a row less
    with pytest.raises(InputError, match="changed"):
        write_csv(a, io.StringIO())
