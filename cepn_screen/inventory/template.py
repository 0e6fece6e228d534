"""The supplier inventory template (XLSX) in five languages; its headers are part of the
loader's aliases, so a filled template loads into `assess` unchanged."""

from __future__ import annotations

from pathlib import Path

from cepn_screen.core.xlsx import save_workbook
from cepn_screen.inventory.vocabulary import (
    HEADERS,
    PROCESSES,
)

UNITS = ("mL/day", "L/day", "L/week", "L/month", "L/year", "g/day", "kg/day", "kg/week",
         "kg/month", "kg/year")
EXAMPLES = (
    ("1", "SMT-1", 0, "CleanWipe 300", "n-hexane", "110-54-3", "60-70", "40", "L/month", "12",
     ""),
    ("2", "SMT-1", 0, "CleanWipe 300", "acetone", "67-64-1", "30-40", "", "", "", ""),
)
INSTRUCTIONS = {
    "en": ["One row per chemical component. Rows with the same Product are one mixture.",
           "Give the CAS number whenever the safety data sheet (section 3) shows it.",
           "Concentration: a number (100), a range (60-70) or a bound (>95, <5), in %.",
           "Quantity and Unit: how much is used, e.g. 40 and L/month.",
           "Process: choose from the list. Area: the line or workstation.",
           "Workers exposed: how many people handle the chemical."],
    "zh": ["每种化学成分填写一行。产品名称相同的行视为同一混合物。",
           "请填写安全技术说明书(SDS)第3部分中的CAS号。",
           "浓度: 数字(100)、范围(60-70)或界限(>95, <5), 单位为%。",
           "用量和单位: 使用量, 例如 40 和 L/month。",
           "工序: 从列表中选择。区域: 产线或工位。",
           "接触人数: 接触该化学品的人数。"],
    "es": ["Una fila por cada componente químico. Las filas con el mismo Producto son una "
           "mezcla.",
           "Indique el número CAS cuando la hoja de datos de seguridad (sección 3) lo muestre.",
           "Concentración: un número (100), un intervalo (60-70) o un límite (>95, <5), en %.",
           "Cantidad y Unidad: cuánto se usa, p. ej. 40 y L/month.",
           "Proceso: elija de la lista. Área: la línea o el puesto de trabajo.",
           "Trabajadores expuestos: cuántas personas manipulan el producto."],
    "id": ["Satu baris untuk setiap komponen kimia. Baris dengan Produk yang sama adalah "
           "satu campuran.",
           "Isi nomor CAS jika lembar data keselamatan (bagian 3) mencantumkannya.",
           "Konsentrasi: angka (100), rentang (60-70) atau batas (>95, <5), dalam %.",
           "Jumlah dan Satuan: banyaknya yang dipakai, misalnya 40 dan L/month.",
           "Proses: pilih dari daftar. Lokasi: lini atau stasiun kerja.",
           "Jumlah pekerja: berapa orang yang menangani bahan kimia ini."],
    "vi": ["Mỗi thành phần hóa chất một dòng. Các dòng cùng Sản phẩm là một hỗn hợp.",
           "Ghi số CAS nếu phiếu an toàn hóa chất (mục 3) có ghi.",
           "Nồng độ: một số (100), một khoảng (60-70) hoặc giới hạn (>95, <5), theo %.",
           "Số lượng và Đơn vị: lượng sử dụng, ví dụ 40 và L/month.",
           "Công đoạn: chọn từ danh sách. Khu vực: chuyền hoặc vị trí làm việc.",
           "Số công nhân: số người tiếp xúc với hóa chất."],
}
SHEET_NAMES = {"en": ("Inventory", "Instructions"), "zh": ("化学品清单", "填写说明"),
               "es": ("Inventario", "Instrucciones"), "id": ("Inventaris", "Petunjuk"),
               "vi": ("Danh mục", "Hướng dẫn")}


def write_template(path: str | Path, lang: str = "en") -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    inv_name, help_name = SHEET_NAMES[lang]
    wb = Workbook()
    ws = wb.active
    ws.title = inv_name
    ws.append(list(HEADERS[lang]))
    for row in EXAMPLES:
        values = list(row)
        values[2] = PROCESSES[lang][row[2]]
        ws.append(values)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate((8, 14, 20, 18, 28, 14, 16, 10, 12, 12, 14), start=1):
        ws.column_dimensions[chr(64 + i)].width = width
    ws.freeze_panes = "A2"
    for cell in ws["F"][1:]:
        cell.number_format = "@"  # CAS numbers stay text
    last = 1000

    def add(dv, col):
        dv.add(f"{col}2:{col}{last}")
        ws.add_data_validation(dv)

    add(DataValidation(type="list", formula1='"' + ",".join(PROCESSES[lang]) + '"',
                       allow_blank=True), "C")
    add(DataValidation(type="list", formula1='"' + ",".join(UNITS) + '"', allow_blank=True),
        "I")
    conc = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="12",
                          allow_blank=True)
    conc.prompt = "100 | 60-70 | >95 | <5"
    conc.showInputMessage = True
    add(conc, "G")
    add(DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                       allow_blank=True), "H")
    add(DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                       allow_blank=True), "J")
    help_ws = wb.create_sheet(help_name)
    help_ws.column_dimensions["A"].width = 100
    for line in INSTRUCTIONS[lang]:
        help_ws.append([line])
    help_ws.append([])
    help_ws.append([", ".join(UNITS)])
    return save_workbook(wb, path)
