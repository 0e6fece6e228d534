"""The streaming XLSX reader gives the rows openpyxl (read-only, cached values) gives, and
a damaged workbook is a one-line InputError, never a traceback."""

import datetime
import zipfile

import pytest

from cepn_screen.core.errors import InputError
from cepn_screen.inventory.read import read_table


def openpyxl_rows(path, sheet=None):
    """The rows as the loader read them with openpyxl before the streaming reader."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    ws.reset_dimensions()
    rows = []
    for r in ws.iter_rows(values_only=True):
        while r and r[-1] is None:
            r = r[:-1]
        rows.append(["" if v is None else str(int(v)) if isinstance(v, float)
                     and v.is_integer() else str(v) for v in r])
    wb.close()
    return rows


@pytest.mark.parametrize("epoch", ["1900", "1904"])
def test_same_rows_as_openpyxl(tmp_path, epoch):
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    wb = Workbook()
    if epoch == "1904":
        wb.epoch = CALENDAR_MAC_1904
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = "Read me first"
    ws = wb.create_sheet("Inventory")
    ws.append(["Chemical name", "CAS No.", "Concentration", "Quantity", "Date", "Flag"])
    ws.append(["Acetone", "67-64-1", "=50+50", 10, datetime.datetime(2026, 3, 2), True])
    ws.append(["正己烷", "110-54-3", 95.5, 1e-7, datetime.date(2025, 1, 5), False])
    ws.append([CellRichText([TextBlock(InlineFont(b=True), "Tolu"), "ene"]), "108-88-3",
               0.1 + 0.2, 12345678901234567890, datetime.time(10, 30), "  spaced  "])
    ws["C9"] = "after a gap"
    ws["H11"] = 7
    ws.merge_cells("A12:B12")
    ws["A12"] = "merged note"
    ws["C13"].number_format = "yyyy-mm-dd"
    ws["C13"] = 45000
    ws["D13"].number_format = "[h]:mm:ss"
    ws["D13"] = 1.5
    path = tmp_path / "book.xlsx"
    wb.save(path)
    assert read_table(path) == openpyxl_rows(path) == [["Read me first"]]
    rows = read_table(path, "Inventory")
    assert rows == openpyxl_rows(path, "Inventory")
    assert rows[1] == ["Acetone", "67-64-1", "", "10", "2026-03-02 00:00:00", "True"]
    assert rows[3][0] == "Toluene" and rows[8] == ["", "", "after a gap"]


def _with_sheet(tmp_path, sheet_xml: str):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Chemical name"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            dst.writestr(info, data)
    return bad


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.mark.parametrize("xml", [
    f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x',  # cut
    f'<worksheet {NS}><sheetData><row r="1"><c r="12" t="inlineStr"><is><t>x</t></is>'
    '</c></row></sheetData></worksheet>',  # a reference without column letters
    f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row>'
    '</sheetData></worksheet>',  # a shared string that is not there
    "not xml at all",
])
def test_damaged_sheet_is_one_line(tmp_path, xml):
    with pytest.raises(InputError, match="cannot open as an Excel workbook") as exc:
        read_table(_with_sheet(tmp_path, xml))
    assert "bad.xlsx" in str(exc.value) and "\n" not in str(exc.value)


def test_past_excel_limits(tmp_path):
    xml = (f'<worksheet {NS}><sheetData><row r="1"><c r="XFE1" t="inlineStr"><is><t>x'
           '</t></is></c></row></sheetData></worksheet>')
    with pytest.raises(InputError, match="past column XFD"):
        read_table(_with_sheet(tmp_path, xml))
    xml = f'<worksheet {NS}><sheetData><row r="1048577"></row></sheetData></worksheet>'
    with pytest.raises(InputError, match="past Excel's last row"):
        read_table(_with_sheet(tmp_path, xml))
