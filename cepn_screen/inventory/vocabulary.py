"""The inventory's vocabulary: column headers in five languages (the loader's aliases and
the supplier template's own headers, declared once), and the process names people write."""

from __future__ import annotations

import re
import unicodedata

LANGS = ("en", "zh", "es", "id", "vi")
FIELDS = ("id", "area", "process", "product", "name", "cas", "concentration", "quantity",
          "unit", "workers", "process_temperature_c")
# Column headers per language (interface labels written for this template).
HEADERS = {
    "en": ("Item No.", "Area", "Process", "Product", "Chemical name", "CAS No.",
           "Concentration (%)", "Quantity", "Unit", "Workers exposed",
           "Process temperature (°C)"),
    "zh": ("序号", "区域", "工序", "产品", "化学品名称", "CAS号", "浓度(%)", "用量", "单位",
           "接触人数", "工作温度(°C)"),
    "es": ("Nº", "Área", "Proceso", "Producto", "Nombre químico", "Número CAS",
           "Concentración (%)", "Cantidad", "Unidad", "Trabajadores expuestos",
           "Temperatura de proceso (°C)"),
    "id": ("No.", "Lokasi", "Proses", "Produk", "Nama bahan kimia", "Nomor CAS",
           "Konsentrasi (%)", "Jumlah", "Satuan", "Jumlah pekerja", "Suhu proses (°C)"),
    "vi": ("STT", "Khu vực", "Công đoạn", "Sản phẩm", "Tên hóa chất", "Số CAS", "Nồng độ (%)",
           "Số lượng", "Đơn vị", "Số công nhân", "Nhiệt độ quy trình (°C)"),
}
# Process choices per language; the first word of each maps to a substitution profile.
PROCESSES = {
    "en": ("Wiping", "Flux cleaning", "Vapour degreasing", "Immersion cleaning",
           "Resist stripping", "Thinning", "Other"),
    "zh": ("擦拭", "助焊剂清洗", "蒸汽脱脂", "浸泡清洗", "去胶", "稀释", "其他"),
    "es": ("Limpieza manual", "Limpieza de fundente", "Desengrase por vapor",
           "Limpieza por inmersión", "Decapado de resina", "Dilución", "Otro"),
    "id": ("Pengelapan", "Pembersihan fluks", "Degreasing uap", "Pembersihan rendam",
           "Pengupasan resist", "Pengenceran", "Lainnya"),
    "vi": ("Lau chùi", "Tẩy rửa chất trợ hàn", "Tẩy dầu bằng hơi", "Ngâm rửa",
           "Bóc lớp cản quang", "Pha loãng", "Khác"),
}
PROCESS_PROFILES = ("wiping", "flux-cleaning", "vapour-degreasing", "immersion",
                    "resist-strip", "general", "general")
def template_aliases() -> dict[str, tuple[str, ...]]:
    """Template headers of every language, per canonical field (for the loader)."""
    return {f: tuple(HEADERS[lang][i] for lang in LANGS) for i, f in enumerate(FIELDS)}


def process_words() -> tuple[tuple[str, str], ...]:
    return tuple((label.lower(), prof) for lang in LANGS
                 for label, prof in zip(PROCESSES[lang], PROCESS_PROFILES, strict=True)
                 if prof != "general")


# Canonical field -> header aliases (compared after header_key()). Languages beside English
# are those of the supplier template: Chinese, Spanish, Indonesian, Vietnamese.
_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "chemical", "chemical name", "substance", "substance name", "component",
             "component name", "ingredient", "ingredient name", "chemical substance",
             "名称", "化学品名称", "物质名称", "成分", "成分名称", "化学品", "组分",
             "nombre", "sustancia", "componente", "ingrediente", "nombre químico",
             "nama", "nama bahan kimia", "bahan kimia", "komponen", "nama zat",
             "tên", "tên hóa chất", "hóa chất", "thành phần", "tên chất",
             # what a column of chemicals is headed in practice: Solvent, Material, ...
             "solvent", "solvent name", "material", "material name", "chemical substance name",
             "物质", "溶剂", "材料", "物料", "物料名称", "材料名称",
             "sustancia química", "disolvente", "solvente", "nombre de la sustancia",
             "bahan", "nama bahan", "pelarut", "zat",
             "vật liệu", "dung môi", "chất", "tên vật liệu"),
    "cas": ("cas", "cas no", "cas no.", "cas number", "casrn", "cas rn", "cas#", "cas #",
            "cas registry number", "cas号", "cas 号", "cas编号", "cas 编号", "número cas",
            "no cas", "nomor cas", "số cas", "mã cas"),
    "smiles": ("smiles",),
    "product": ("product", "product name", "trade name", "mixture", "产品", "产品名称",
                "商品名", "混合物", "producto", "nombre comercial", "mezcla", "produk",
                "nama produk", "nama dagang", "sản phẩm", "tên sản phẩm", "tên thương mại"),
    "concentration": ("concentration", "wt %", "wt%", "%", "percent", "% w/w", "weight %",
                      "conc", "conc.", "浓度", "含量", "含量%", "含量(%)", "浓度(%)",
                      "concentración", "concentracion", "% p/p", "konsentrasi", "kadar",
                      "nồng độ", "hàm lượng"),
    "quantity": ("quantity", "qty", "amount", "annual use", "usage", "用量", "数量", "年用量",
                 "cantidad", "consumo", "jumlah", "kuantitas", "số lượng", "lượng sử dụng"),
    "unit": ("unit", "units", "uom", "单位", "unidad", "satuan", "đơn vị"),
    "process": ("process", "use", "operation", "task", "application", "工序", "用途", "工艺",
                "proceso", "uso", "operación", "proses", "penggunaan", "quy trình",
                "công đoạn", "mục đích sử dụng"),
    "area": ("area", "line", "workstation", "location", "department", "区域", "车间", "产线",
             "工位", "área", "línea", "ubicación", "departamento", "lokasi", "lini",
             "departemen", "khu vực", "chuyền", "bộ phận", "vị trí"),
    "workers": ("workers", "workers exposed", "headcount", "接触人数", "人数", "作业人数",
                "trabajadores", "trabajadores expuestos", "pekerja", "jumlah pekerja",
                "công nhân", "số công nhân"),
    "id": ("id", "item", "item no.", "item no", "no.", "no", "序号", "编号", "número", "nº",
           "stt"),
    "country": ("country", "país", "pais", "国家", "negara", "quốc gia", "jurisdiction",
                "country code"),
    "process_temperature_c": ("process temperature", "process temperature c",
                              "process temperature (°c)", "temperature", "工作温度",
                              "temperatura", "suhu", "nhiệt độ"),
}


# The template's own headers are aliases too, so a filled template loads unchanged.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    field: _ALIASES.get(field, ()) + template_aliases().get(field, ())
    for field in {**_ALIASES, **template_aliases()}}


def header_key(text: str) -> str:
    s = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    s = s.replace("\u00a0", " ").rstrip(":：").strip()
    return re.sub(r"\s+", " ", s)


_ALIAS_INDEX = {header_key(a): field for field, aliases in HEADER_ALIASES.items()
                for a in aliases}


def header_columns(headers: list[str]) -> dict[str, list[int]]:
    """Canonical field -> the indices of every column that names it, in file order (two
    `CAS No.` columns, or `Name` and `Chemical name`, both map to one field)."""
    mapping: dict[str, list[int]] = {}
    for i, h in enumerate(headers):
        field = _ALIAS_INDEX.get(header_key(h))
        if field is None:
            # "CAS No. (Chemical Abstracts)" and similar: a recognisable first word.
            k = header_key(h)
            if k.startswith("cas"):
                field = "cas"
        if field:
            mapping.setdefault(field, []).append(i)
    return mapping


def map_headers(headers: list[str]) -> dict[str, int]:
    """Canonical field -> column index; the first column wins when two map to one field."""
    return {field: cols[0] for field, cols in header_columns(headers).items()}


# Country cell -> jurisdiction code (exposure.limits.JURISDICTIONS holds which agencies'
# limits bind in each). Names in the template's languages and ISO 3166 codes.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "CN": ("cn", "chn", "china", "中国", "中华人民共和国", "prc", "tiongkok", "trung quốc"),
    "MX": ("mx", "mex", "mexico", "méxico", "墨西哥", "meksiko", "mê-hi-cô", "mexicô"),
    "ID": ("id", "idn", "indonesia", "印度尼西亚", "印尼", "in-đô-nê-xi-a"),
    "VN": ("vn", "vnm", "vietnam", "viet nam", "việt nam", "越南"),
    "US": ("us", "usa", "united states", "美国", "estados unidos", "amerika serikat", "mỹ"),
    "US-CA": ("us-ca", "california", "加利福尼亚", "加州"),
    "EU": ("eu", "european union", "欧盟", "unión europea", "uni eropa", "liên minh châu âu"),
    "DE": ("de", "deu", "germany", "deutschland", "德国", "alemania", "jerman", "đức"),
    "CA-ON": ("ca-on", "ontario", "安大略"),
}
_COUNTRY_INDEX = {header_key(a): code for code, names in COUNTRY_NAMES.items()
                  for a in names}


def country_code(text: str | None) -> str | None:
    """The jurisdiction code of a country cell or option, None when not recognised."""
    if not text:
        return None
    k = header_key(text)
    return _COUNTRY_INDEX.get(k) or _COUNTRY_INDEX.get(k.replace("_", "-"))
