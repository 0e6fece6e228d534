import pytest

from cepn_screen.core.errors import InputError
from cepn_screen.inventory.load import load_inventory, parse_concentration

ROWS = [
    ["Chemical name", "CAS No.", "Concentration", "Quantity", "Unit", "Product"],
    ["正己烷", "110-54-3", "60-70", "40", "L/month", "WipeClean"],
    ["丙酮", "67-64-1", "<5", "", "", "WipeClean"],
    ["异丙醇", "67-63-0", ">95", "1,200", "L/year", ""],
    ["Unknown stuff", "", "100", "", "", ""],
]


def write_csv(path, rows, sep=",", encoding="utf-8"):
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def check_rows(rows):
    assert [r.row for r in rows] == [2, 3, 4, 5]  # the header is row 1
    assert [r.name for r in rows] == ["正己烷", "丙酮", "异丙醇", "Unknown stuff"]
    assert rows[0].cas == "110-54-3" and rows[0].product == "WipeClean"
    assert (rows[0].concentration.low, rows[0].concentration.high) == (60, 70)
    assert (rows[1].concentration.low, rows[1].concentration.high) == (0, 5)
    assert (rows[2].concentration.low, rows[2].concentration.high) == (95, 100)
    assert rows[2].quantity == 1200 and rows[2].unit == "L/year"
    assert rows[3].concentration.low == rows[3].concentration.high == 100


@pytest.mark.parametrize("encoding,sep", [
    ("utf-8", ","), ("utf-8-sig", ","), ("utf-8-sig", ";"), ("utf-8", "\t"),
    ("gb18030", ","), ("gb18030", ";"), ("utf-16", "\t"), ("utf-16", ","),
])
def test_csv_encodings_and_delimiters(tmp_path, encoding, sep):
    path = write_csv(tmp_path / "inv.csv", ROWS, sep, encoding)
    check_rows(load_inventory(path))


def test_bom_does_not_leak_into_first_header(tmp_path):
    path = write_csv(tmp_path / "inv.csv", ROWS, ",", "utf-8-sig")
    rows = load_inventory(path)
    assert "Chemical name" in rows[0].cells


def test_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in ROWS:
        ws.append([float(c) if c.isdigit() else c for c in r])
    wb.save(tmp_path / "inv.xlsx")
    rows = load_inventory(tmp_path / "inv.xlsx")
    assert rows[0].quantity == 40 and rows[0].cas == "110-54-3"
    assert [r.name for r in rows] == ["正己烷", "丙酮", "异丙醇", "Unknown stuff"]


def test_xlsx_named_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["nothing here"])
    ws = wb.create_sheet("Inventory")
    for r in ROWS:
        ws.append(r)
    wb.save(tmp_path / "inv.xlsx")
    assert len(load_inventory(tmp_path / "inv.xlsx", sheet="Inventory")) == 4
    with pytest.raises(InputError, match="no sheet named"):
        load_inventory(tmp_path / "inv.xlsx", sheet="Missing")


def test_empty_file(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError, match="empty") as exc:
        load_inventory(tmp_path / "empty.csv")
    assert "empty.csv" in str(exc.value)


def test_file_without_identity_columns(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["Colour", "Size"], ["red", "3"]])
    with pytest.raises(InputError, match="no name, CAS or SMILES column") as exc:
        load_inventory(path)
    assert "x.csv" in str(exc.value) and "'Colour'" in str(exc.value)


def test_header_aliases_and_title_line(tmp_path):
    rows = [["Chemical inventory 2026, plant 3"], [],
            ["CAS#", "Substance Name", "Wt %", "Qty", "UOM", "Line", "Headcount"],
            ["71-43-2", "Benzene", "1", "2", "kg", "L1", "3"]]
    r = load_inventory(write_csv(tmp_path / "t.csv", rows))[0]
    assert (r.cas, r.name, r.area, r.workers, r.unit) == ("71-43-2", "Benzene", "L1", 3, "kg")
    assert r.concentration.high == 1


def test_spanish_headers(tmp_path):
    rows = [["Nombre", "Número CAS", "Concentración", "Área"],
            ["Hexano", "110-54-3", "2,5", "Línea 2"]]
    r = load_inventory(write_csv(tmp_path / "es.csv", rows, ";"))[0]
    assert (r.name, r.cas, r.area) == ("Hexano", "110-54-3", "Línea 2")
    assert r.concentration.low == 2.5


def test_bad_cells_are_flagged_not_dropped(tmp_path):
    rows = [["Name", "CAS", "Concentration", "Quantity"],
            ["Acetone", "67-64-1", "lots", "a few"],
            ["Ethanol", "64-17-5", "150", "-3"],
            ["", "", "", ""],
            ["Toluene"]]
    got = load_inventory(write_csv(tmp_path / "b.csv", rows))
    assert [r.name for r in got] == ["Acetone", "Ethanol", "Toluene"]
    assert "concentration_unparsed" in got[0].problems and "quantity_unparsed" in got[0].problems
    assert "concentration_out_of_range" in got[1].problems
    assert "quantity_out_of_range" in got[1].problems
    assert "missing_cells" in got[2].problems
    # the blank line is not a data row, but numbering still follows the file (header: 1)
    assert [r.row for r in got] == [2, 3, 5]


@pytest.mark.parametrize("text,low,high", [
    ("60-70", 60, 70), ("60 – 70 %", 60, 70), (">95", 95, 100), ("≥ 99.5", 99.5, 100),
    ("<5", 0, 5), ("100", 100, 100), ("5%", 5, 5), ("2,5", 2.5, 2.5), ("70-60", 60, 70),
])
def test_concentration_forms(text, low, high):
    c, problem = parse_concentration(text)
    assert problem is None and (c.low, c.high) == (low, high) and c.text


def test_binary_garbage(tmp_path):
    (tmp_path / "g.csv").write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        load_inventory(tmp_path / "g.csv")


def test_duplicate_headers_use_and_flag(tmp_path):
    """A value only the second `CAS No.` holds is used, not left unresolved unseen; two
    copies that disagree keep the first and flag the row naming both columns."""
    path = tmp_path / "dup.csv"
    path.write_text("Chemical name,CAS No.,Name,CAS No.\n"
                    "Acetone,67-64-1,,\n"          # second copies empty: nothing to say
                    "Ethanol,,,64-17-5\n"          # CAS only in the second copy
                    ",,Toluene,108-88-3\n"         # name only under 'Name'
                    "Water,7732-18-5,Water,64-17-5\n"  # the copies disagree
                    "Methanol,67-56-1,Methanol,67-56-1\n", encoding="utf-8")
    rows = load_inventory(path)
    assert [(r.name, r.cas) for r in rows] == [
        ("Acetone", "67-64-1"), ("Ethanol", "64-17-5"), ("Toluene", "108-88-3"),
        ("Water", "7732-18-5"), ("Methanol", "67-56-1")]
    cas = "duplicate_header:CAS No. / CAS No. (2)"
    name = "duplicate_header:Chemical name / Name"
    assert [r.problems for r in rows] == [[], [cas], [name, cas], [cas], []]
    assert rows[1].cells == {"Chemical name": "Ethanol", "CAS No.": "", "Name": "",
                             "CAS No. (2)": "64-17-5"}


def test_mixed_encodings_decoded_per_row(tmp_path):
    """UTF-8 rows, then rows another program appended in GB18030: each row is read in its
    own encoding (the whole file as GB18030 turned the UTF-8 names into mojibake) and the
    fallback rows say so; a file in one encoding throughout is not flagged."""
    head = "化学品名称,CAS号\n正己烷,110-54-3\n".encode()
    tail = '异丙醇,67-63-0\n"二氯\n甲烷",75-09-2\nWater,7732-18-5\n'.encode("gb18030")
    path = tmp_path / "mixed.csv"
    path.write_bytes(head + tail)
    rows = load_inventory(path)
    assert [r.name for r in rows] == ["正己烷", "异丙醇", "二氯\n甲烷", "Water"]
    assert [r.problems for r in rows] == [[], ["decoded_as:gb18030"],
                                          ["decoded_as:gb18030"], []]
    path.write_bytes(("化学品名称,CAS号\n正己烷,110-54-3\n" + "异丙醇,67-63-0\n"
                      ).encode("gb18030"))
    rows = load_inventory(path)
    assert [r.name for r in rows] == ["正己烷", "异丙醇"] and not rows[0].problems
    # UTF-8 then Windows-1252 (no GB18030 reading of the latter): cp1252 is the fallback
    path.write_bytes("Name,CAS\n正己烷,110-54-3\n".encode() + "Café,64-17-5\n".encode("cp1252"))
    rows = load_inventory(path)
    assert [r.name for r in rows] == ["正己烷", "Café"]
    assert rows[1].problems == ["decoded_as:cp1252"]


def test_gb18030_line_that_is_also_utf8_is_not_mixed(tmp_path):
    """GB18030 C4A3 C4A3 is also valid UTF-8 ('ģģ'): a GB18030 file holding such a line is
    still one encoding, read whole as GB18030, with no row flagged."""
    path = tmp_path / "gb.csv"
    path.write_bytes("化学品名称,CAS号\n正己烷,110-54-3\n".encode("gb18030")
                     + b"\xc4\xa3\xc4\xa3,67-64-1\n")
    rows = load_inventory(path)
    assert rows[1].name == b"\xc4\xa3\xc4\xa3".decode("gb18030")
    assert [r.problems for r in rows] == [[], []]
