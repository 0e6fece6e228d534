"""Numbers that parse to infinity or NaN are flagged on their row, and no output format
holds a non-finite number (JSON stays valid for a strict parser)."""

import json
import math
import re

import pytest

from cepn_screen.inventory.load import (
    parse_concentration,
    parse_quantity,
    parse_temperature,
    parse_workers,
)
from cepn_screen.report.serialize import finite

HUGE = "9" * 100_000


def strict(text):
    def refuse(name):
        raise ValueError(f"non-finite number {name} in JSON")
    return json.loads(text, parse_constant=refuse)


def test_parsers_flag_non_finite():
    assert parse_concentration(HUGE)[1] == "concentration_unparsed"
    assert parse_concentration(HUGE)[0].low is None
    assert parse_concentration(f"1-{HUGE}")[1] == "concentration_unparsed"
    assert parse_concentration(f"<{HUGE}")[1] == "concentration_unparsed"
    for text in ("inf", "nan", "1e999", HUGE):
        assert parse_quantity(text) == (None, "quantity_unparsed"), text
        assert parse_temperature(text) == (None, "temperature_unparsed"), text
        assert parse_workers(text) == (None, "workers_unparsed"), text


def test_finite_helper():
    assert finite({"a": [1.0, math.inf, {"b": math.nan}], "c": "inf"}) == \
        {"a": [1.0, None, {"b": None}], "c": "inf"}


@pytest.fixture
def inventory(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("Product,Chemical name,CAS No.,Concentration (%),Quantity,"
                    "Process temperature (°C),Workers exposed\n"
                    f"P1,Acetone,67-64-1,{HUGE},1e999,nan,inf\n"
                    f"P1,Toluene,108-88-3,{HUGE},5,20,3\n", encoding="utf-8")
    return path


def test_json_valid_and_rows_flagged(run_main, inventory):
    code, out, err = run_main("assess", inventory, "-f", "json")
    assert code == 0, err
    for d in (strict(out), _compact(inventory)):
        problems = d["rows"][0]["parsed"]["problems"]
        for p in ("concentration_unparsed", "quantity_unparsed", "temperature_unparsed",
                  "workers_unparsed"):
            assert p in problems
        assert "concentration_unparsed" in d["rows"][1]["parsed"]["problems"]


def _compact(inventory):
    """The streamed (compact) JSON writer, used for large inventories."""
    import io

    from cepn_screen.inventory.load import load_inventory
    from cepn_screen.pipeline.assess import assess_rows
    from cepn_screen.report.serialize import write_json

    buf = io.StringIO()
    write_json(assess_rows(load_inventory(inventory)), buf, indent=None)
    return strict(buf.getvalue())


@pytest.mark.parametrize("fmt", ["csv", "md", "table"])
def test_text_formats_hold_no_non_finite(run_main, inventory, fmt):
    code, out, err = run_main("assess", inventory, "-f", fmt)
    assert code == 0, err
    assert not re.search(r"(?<![\w-])-?(inf|infinity|nan)(?![\w-])", out, re.IGNORECASE)


def test_xlsx_holds_no_non_finite(run_main, inventory, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    code, _, err = run_main("assess", inventory, "-f", "xlsx", "-o", out)
    assert code == 0, err
    wb = load_workbook(out, read_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, float) and not math.isfinite(v))
                assert str(v).lower() not in ("inf", "nan", "-inf")
