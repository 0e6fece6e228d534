"""Printable A4 hazard cards for workers, in their language.

Hazard statements use the official text of the language where the knowledge base has one
(with its source); otherwise a translation marked as unofficial, with its source; otherwise
the English text, marked as English, and the card says so (report/statements.py). Pictograms
and the signal word follow the GHS from the H-codes. The interface wording is this tool's.
"""

from __future__ import annotations

import re
from html import escape

from cepn_screen.core.hcodes import parent_codes
from cepn_screen.core.models import RowAssessment
from cepn_screen.exposure.limits import sensitiser_flags
from cepn_screen.report.pictograms import pictogram_svg
from cepn_screen.report.statements import MARKS, NOTES, statement

PICTOGRAMS = {  # GHS pictogram -> H-codes (parents) that call for it
    "GHS01": ("H200", "H201", "H202", "H203", "H204", "H205", "H240", "H241"),
    "GHS02": ("H220", "H221", "H222", "H223", "H224", "H225", "H226", "H228", "H241", "H242",
              "H250", "H251", "H252", "H260", "H261"),
    "GHS03": ("H270", "H271", "H272"),
    "GHS04": ("H280", "H281"),
    "GHS05": ("H290", "H314", "H318"),
    "GHS06": ("H300", "H301", "H310", "H311", "H330", "H331"),
    "GHS07": ("H302", "H312", "H332", "H315", "H317", "H319", "H335", "H336", "H420"),
    "GHS08": ("H304", "H334", "H340", "H341", "H350", "H351", "H360", "H361", "H370", "H371",
              "H372", "H373"),
    "GHS09": ("H400", "H410", "H411"),
}
DANGER = ("H200", "H201", "H202", "H203", "H220", "H222", "H224", "H225", "H240", "H241",
          "H250", "H260", "H270", "H271", "H300", "H301", "H310", "H311", "H330", "H331",
          "H314", "H318", "H334", "H340", "H350", "H360", "H370", "H372", "H304")

TEXT = {
    "en": {"danger": "DANGER", "warning": "WARNING", "hazards": "Hazards",
           "todo": "What to do", "limit": "Exposure limit", "firstaid": "First aid",
           "vent": "Ventilation", "gloves": "Gloves", "eyes": "Eyes",
           "gloves_text": "Wear gloves of a material tested for this chemical (safety data "
                          "sheet, section 8). Change them when damaged or soaked.",
           "gloves_skin": "This chemical passes through the skin: never wipe with bare "
                          "hands.",
           "eyes_text": "Wear safety glasses or goggles.",
           "limit_text": "Air you breathe must stay below {v} over a work shift ({src}).",
           "no_limit": "No exposure limit is known for this chemical: keep vapour as low as "
                       "possible.",
           "fa_air": "Breathed in: go to fresh air; get medical help if you feel unwell.",
           "fa_skin": "On skin: take off soaked clothes, wash with plenty of water.",
           "fa_eyes": "In eyes: rinse with water for 15 minutes; remove contact lenses.",
           "fa_mouth": "Swallowed: rinse the mouth; do NOT make the person vomit; get medical "
                       "help.",
           "fallback": "Official text in this language not available; English text shown.",
           "unknown": "Hazards not known: ask your supervisor for the safety data sheet.",
           "approach": {1: "General ventilation is enough with good practice.",
                        2: "Use local exhaust ventilation (extraction at the source).",
                        3: "Work in an enclosed or contained system.",
                        4: "Special control: an expert must assess this task."},
           "symptoms": "Tell your supervisor or clinic at once about numbness, tingling or "
                       "weakness in hands or feet, headaches, dizziness, skin rash or eye "
                       "irritation."},
    "zh": {"danger": "危险", "warning": "警告", "hazards": "危害", "todo": "防护措施",
           "limit": "接触限值", "firstaid": "急救", "vent": "通风", "gloves": "手套",
           "eyes": "眼睛",
           "gloves_text": "佩戴经过该化学品测试的材质的手套(见安全技术说明书第8部分)。"
                          "破损或浸透时立即更换。",
           "gloves_skin": "该化学品可经皮肤吸收: 切勿徒手擦拭。",
           "eyes_text": "佩戴安全眼镜或护目镜。",
           "limit_text": "一个班次内呼吸的空气浓度必须低于 {v} ({src})。",
           "no_limit": "该化学品没有已知的接触限值: 尽量降低蒸气浓度。",
           "fa_air": "吸入: 转移到空气新鲜处; 如感不适, 就医。",
           "fa_skin": "皮肤接触: 脱去污染的衣服, 用大量清水冲洗。",
           "fa_eyes": "眼睛接触: 用水冲洗15分钟; 取出隐形眼镜。",
           "fa_mouth": "食入: 漱口; 不要催吐; 就医。",
           "fallback": "暂无该语言的官方文本, 显示英文原文。",
           "unknown": "危害未知: 请向主管索取安全技术说明书。",
           "approach": {1: "一般通风并遵守良好操作即可。", 2: "使用局部排风(在源头抽风)。",
                        3: "在密闭或隔离的系统中作业。", 4: "特殊控制: 必须由专家评估该作业。"},
           "symptoms": "如出现手脚麻木、刺痛或无力、头痛、头晕、皮疹或眼睛刺激, 请立即告知"
                       "主管或医务室。"},
    "es": {"danger": "PELIGRO", "warning": "ATENCIÓN", "hazards": "Peligros",
           "todo": "Qué hacer", "limit": "Límite de exposición", "firstaid": "Primeros auxilios",
           "vent": "Ventilación", "gloves": "Guantes", "eyes": "Ojos",
           "gloves_text": "Use guantes de un material probado para este químico (hoja de datos "
                          "de seguridad, sección 8). Cámbielos si se dañan o empapan.",
           "gloves_skin": "Este químico atraviesa la piel: nunca limpie con las manos "
                          "desnudas.",
           "eyes_text": "Use gafas de seguridad.",
           "limit_text": "El aire que respira debe quedar por debajo de {v} durante el turno "
                         "({src}).",
           "no_limit": "No se conoce un límite de exposición: mantenga el vapor lo más bajo "
                       "posible.",
           "fa_air": "Inhalado: salga al aire fresco; busque atención médica si se siente mal.",
           "fa_skin": "En la piel: quítese la ropa mojada, lave con mucha agua.",
           "fa_eyes": "En los ojos: enjuague con agua 15 minutos; quite los lentes de contacto.",
           "fa_mouth": "Ingerido: enjuague la boca; NO provoque el vómito; busque atención "
                       "médica.",
           "fallback": "No hay texto oficial en este idioma; se muestra el texto en inglés.",
           "unknown": "Peligros desconocidos: pida la hoja de datos de seguridad a su "
                      "supervisor.",
           "approach": {1: "Basta la ventilación general con buenas prácticas.",
                        2: "Use extracción localizada (en la fuente).",
                        3: "Trabaje en un sistema cerrado o confinado.",
                        4: "Control especial: un experto debe evaluar esta tarea."},
           "symptoms": "Avise de inmediato a su supervisor o al consultorio si siente "
                       "entumecimiento, hormigueo o debilidad en manos o pies, dolor de "
                       "cabeza, mareo, irritación de la piel o de los ojos."},
    "id": {"danger": "BAHAYA", "warning": "PERHATIAN", "hazards": "Bahaya",
           "todo": "Yang harus dilakukan", "limit": "Nilai ambang batas",
           "firstaid": "Pertolongan pertama", "vent": "Ventilasi", "gloves": "Sarung tangan",
           "eyes": "Mata",
           "gloves_text": "Pakai sarung tangan dari bahan yang diuji untuk bahan kimia ini "
                          "(lembar data keselamatan, bagian 8). Ganti bila rusak atau basah.",
           "gloves_skin": "Bahan kimia ini menembus kulit: jangan pernah mengelap dengan "
                          "tangan telanjang.",
           "eyes_text": "Pakai kacamata pelindung.",
           "limit_text": "Udara yang Anda hirup harus tetap di bawah {v} selama satu shift "
                         "({src}).",
           "no_limit": "Tidak ada nilai ambang batas yang diketahui: jaga uap serendah "
                       "mungkin.",
           "fa_air": "Terhirup: pindah ke udara segar; cari bantuan medis bila merasa tidak "
                     "enak badan.",
           "fa_skin": "Kena kulit: lepaskan pakaian yang basah, cuci dengan banyak air.",
           "fa_eyes": "Kena mata: bilas dengan air selama 15 menit; lepaskan lensa kontak.",
           "fa_mouth": "Tertelan: bilas mulut; JANGAN dimuntahkan; cari bantuan medis.",
           "fallback": "Teks resmi dalam bahasa ini belum tersedia; ditampilkan teks bahasa "
                       "Inggris.",
           "unknown": "Bahaya tidak diketahui: minta lembar data keselamatan kepada atasan.",
           "approach": {1: "Ventilasi umum dan cara kerja yang baik sudah cukup.",
                        2: "Gunakan ventilasi isap lokal (pada sumbernya).",
                        3: "Bekerja dalam sistem tertutup.",
                        4: "Pengendalian khusus: tugas ini harus dinilai oleh ahli."},
           "symptoms": "Segera beri tahu atasan atau klinik bila tangan atau kaki terasa "
                       "kebas, kesemutan atau lemah, sakit kepala, pusing, ruam kulit atau "
                       "iritasi mata."},
    "vi": {"danger": "NGUY HIỂM", "warning": "CẢNH BÁO", "hazards": "Mối nguy",
           "todo": "Cần làm gì", "limit": "Giới hạn tiếp xúc", "firstaid": "Sơ cứu",
           "vent": "Thông gió", "gloves": "Găng tay", "eyes": "Mắt",
           "gloves_text": "Đeo găng tay bằng vật liệu đã được thử với hóa chất này (phiếu an "
                          "toàn hóa chất, mục 8). Thay khi bị hỏng hoặc thấm ướt.",
           "gloves_skin": "Hóa chất này thấm qua da: không bao giờ lau bằng tay trần.",
           "eyes_text": "Đeo kính bảo hộ.",
           "limit_text": "Không khí bạn hít thở phải dưới {v} trong một ca làm việc ({src}).",
           "no_limit": "Chưa có giới hạn tiếp xúc: giữ hơi hóa chất ở mức thấp nhất có thể.",
           "fa_air": "Hít phải: ra chỗ thoáng khí; đi khám nếu thấy khó chịu.",
           "fa_skin": "Dính vào da: cởi quần áo bị thấm, rửa bằng nhiều nước.",
           "fa_eyes": "Vào mắt: rửa bằng nước trong 15 phút; tháo kính áp tròng.",
           "fa_mouth": "Nuốt phải: súc miệng; KHÔNG gây nôn; đi khám ngay.",
           "fallback": "Chưa có văn bản chính thức bằng ngôn ngữ này; hiển thị tiếng Anh.",
           "unknown": "Chưa rõ mối nguy: hãy xin phiếu an toàn hóa chất từ quản lý.",
           "approach": {1: "Thông gió chung và thao tác đúng là đủ.",
                        2: "Dùng hút cục bộ (hút tại nguồn).",
                        3: "Làm việc trong hệ thống kín.",
                        4: "Kiểm soát đặc biệt: chuyên gia phải đánh giá công việc này."},
           "symptoms": "Báo ngay cho quản lý hoặc phòng y tế nếu bị tê, ngứa ran hoặc yếu ở "
                       "tay chân, đau đầu, chóng mặt, phát ban da hoặc kích ứng mắt."},
}
# Card sentences for stale limits and sensitisers (written for this project).
_MORE = {
    "en": {"stale": "This value may be out of date: ask your safety officer for the current "
                    "limit, and keep exposure as low as you can.",
           "sens_skin": "Can cause skin allergy: once allergic, even a trace can cause a "
                        "rash. Avoid all skin contact.",
           "sens_resp": "Can cause asthma: once sensitised, even a trace in the air can bring "
                        "on an attack. Use the extraction; report wheezing or a tight chest."},
    "zh": {"stale": "该限值可能已过时: 请向安全负责人确认现行限值, 并尽量减少接触。",
           "sens_skin": "可能引起皮肤过敏: 一旦过敏, 极少量也会引起皮疹。避免任何皮肤接触。",
           "sens_resp": "可能引起哮喘: 一旦致敏, 空气中极少量也会诱发发作。使用排风设施; "
                        "出现喘息或胸闷请报告。"},
    "es": {"stale": "Este valor puede estar desactualizado: pida el límite vigente al "
                    "responsable de seguridad y mantenga la exposición lo más baja posible.",
           "sens_skin": "Puede causar alergia en la piel: una vez alérgico, una cantidad "
                        "mínima causa sarpullido. Evite todo contacto con la piel.",
           "sens_resp": "Puede causar asma: una vez sensibilizado, una cantidad mínima en el "
                        "aire puede provocar una crisis. Use la extracción; avise si tiene "
                        "silbidos o opresión en el pecho."},
    "id": {"stale": "Nilai ini mungkin sudah tidak berlaku: tanyakan nilai yang berlaku kepada "
                    "petugas K3 dan jaga paparan serendah mungkin.",
           "sens_skin": "Dapat menyebabkan alergi kulit: setelah alergi, sedikit saja dapat "
                        "menimbulkan ruam. Hindari semua kontak dengan kulit.",
           "sens_resp": "Dapat menyebabkan asma: setelah peka, sedikit saja di udara dapat "
                        "memicu serangan. Gunakan ventilasi isap; laporkan bila napas berbunyi "
                        "atau dada sesak."},
    "vi": {"stale": "Giá trị này có thể đã cũ: hãy hỏi cán bộ an toàn về giới hạn hiện hành "
                    "và giữ mức tiếp xúc thấp nhất có thể.",
           "sens_skin": "Có thể gây dị ứng da: khi đã dị ứng, chỉ một lượng nhỏ cũng gây phát "
                        "ban. Tránh mọi tiếp xúc với da.",
           "sens_resp": "Có thể gây hen suyễn: khi đã mẫn cảm, chỉ một lượng nhỏ trong không "
                        "khí cũng gây cơn hen. Dùng hệ thống hút; báo cáo nếu thở khò khè hoặc "
                        "tức ngực."},
}
for _lang, _more in _MORE.items():
    TEXT[_lang].update(_more)
PICTO_NAMES = {"GHS01": "explosive", "GHS02": "flammable", "GHS03": "oxidiser",
               "GHS04": "gas under pressure", "GHS05": "corrosive", "GHS06": "toxic",
               "GHS07": "harmful / irritant", "GHS08": "health hazard",
               "GHS09": "environment"}
CSS = """@page{size:A4;margin:12mm}body{font-family:"Noto Sans","Noto Sans CJK SC",
"WenQuanYi Zen Hei",system-ui,sans-serif;margin:0;color:#111}.card{page-break-after:always;
border:4px solid #b71c1c;padding:10mm;min-height:250mm;box-sizing:border-box}
h1{margin:0 0 2mm;font-size:22pt}.sub{color:#444;margin-bottom:4mm}.signal{font-size:24pt;
font-weight:800;color:#b71c1c;margin:3mm 0}.signal.warning{color:#e65100}
.pictos{display:flex;gap:4mm;margin:3mm 0}h2{font-size:15pt;border-bottom:2px solid #333;
margin:5mm 0 2mm}li{margin:1.5mm 0;font-size:12.5pt}.src{font-size:8.5pt;color:#555}
.note{font-size:9.5pt;color:#555;font-style:italic}"""


def _parents(codes) -> set[str]:
    """Parent H-codes (EUH statements carry no pictogram or signal word)."""

    return {c for c in parent_codes(codes) if c.startswith("H")}


def pictograms(codes) -> list[str]:
    parents = _parents(codes)
    found = [g for g, cs in PICTOGRAMS.items() if parents & set(cs)]
    if "GHS06" in found and "GHS07" in found:
        found.remove("GHS07")
    if "GHS05" in found and "GHS07" in found and not (
            parents & {"H302", "H312", "H332", "H317", "H335", "H336", "H420"}):
        found.remove("GHS07")
    if "GHS08" in found and "GHS07" in found and "H334" in parents and not (
            parents & {"H302", "H312", "H332", "H335", "H336", "H420"}):
        found.remove("GHS07")  # CLP Art. 26(1): GHS08 for H334 over GHS07 for skin/eye
    return found


def signal_word(codes) -> str | None:
    parents = _parents(codes)
    if not parents:
        return None
    return "danger" if parents & set(DANGER) else "warning"


def _picto_svg(code: str) -> str:
    return pictogram_svg(code, PICTO_NAMES[code])


def _plain(text: str) -> str:
    """Drop the label-writer's placeholders (<state all organs affected, if known>) that
    official statement texts carry: a worker card cannot fill them in."""
    return re.sub(r"\s*<[^>]*>", "", text).replace(" .", ".").strip()


def card_html(ra: RowAssessment, lang: str, kb) -> str:
    t = TEXT[lang]
    p = ra.profile
    name = p.name
    local = kb.local_names.get((p.cas, lang)) if lang != "en" else None
    codes = p.h_codes
    parts = ["<section class='card'>", f"<h1>{escape(local or name)}</h1>",
             f"<div class='sub'>{escape(name)}" + (f" · CAS {escape(p.cas)}" if p.cas else "")
             + "</div>"]
    word = signal_word(codes)
    if word:
        parts.append(f"<div class='signal {word}'>{escape(t[word])}</div>")
    parts.append("<div class='pictos'>" + "".join(_picto_svg(g) for g in pictograms(codes))
                 + "</div>")
    parts.append(f"<h2>{escape(t['hazards'])}</h2>")
    if codes is None:
        parts.append(f"<p>{escape(t['unknown'])}</p>")
    else:
        fallback = translated = False
        parts.append("<ul>")
        for c in codes:
            st = statement(c, lang, kb)
            mark = MARKS.get(st.kind, {}).get(lang, "")
            fallback = fallback or st.kind in ("english", "none")
            translated = translated or st.kind == "translation"
            src = "; ".join(x for x in (c, mark, st.source if lang != "en" else "") if x)
            parts.append(f"<li data-text='{st.kind}'>{escape(_plain(st.text) if st.text else c)}"
                         f" <span class='src'>({escape(src)})</span></li>")
        parts.append("</ul>")
        if translated and NOTES.get(lang):
            parts.append(f"<p class='note'>{escape(NOTES[lang])}</p>")
        if fallback:
            parts.append(f"<p class='note'>{escape(t['fallback'])}</p>")
    parts.append(f"<h2>{escape(t['todo'])}</h2><ul>")
    band = ra.exposure.control_banding if ra.exposure else None
    if band is not None and band.approach:
        parts.append(f"<li><b>{escape(t['vent'])}:</b> "
                     f"{escape(t['approach'][band.approach])}</li>")
    parts.append(f"<li><b>{escape(t['gloves'])}:</b> {escape(t['gloves_text'])}")
    if p.prop("skin_notation") or any(f.rule_id == "CEPN-SKIN-001" for f in ra.findings):
        parts.append(f" <b>{escape(t['gloves_skin'])}</b>")
    parts.append("</li>")
    for flag in sensitiser_flags(codes):
        key = "sens_skin" if flag == "skin" else "sens_resp"
        parts.append(f"<li class='sensitiser'><b>{escape(t[key])}</b></li>")
    parents = _parents(codes)
    if parents & {"H319", "H318", "H314", "H320"} or codes is None:
        parts.append(f"<li><b>{escape(t['eyes'])}:</b> {escape(t['eyes_text'])}</li>")
    parts.append("</ul>")
    chosen = ra.exposure.oel if ra.exposure and ra.exposure.oel else None
    oel = chosen.limit if chosen else None
    parts.append(f"<h2>{escape(t['limit'])}</h2><p>")
    if oel:
        value = f"{oel.value:g} {oel.unit}"
        src = f"{oel.agency} {oel.limit_type}" + (f" {oel.year}" if oel.year else "")
        parts.append(escape(t["limit_text"].format(v=value, src=src)))
        if chosen.stale:
            parts.append(f" <b class='stale'>{escape(t['stale'])}</b>")
        parts.append(f"<br><span class='src'>{escape(chosen.reason)}</span>")
    else:
        parts.append(escape(t["no_limit"]))
    parts.append(f"</p><h2>{escape(t['firstaid'])}</h2><ul>")
    for key in ("fa_air", "fa_skin", "fa_eyes", "fa_mouth"):
        parts.append(f"<li>{escape(t[key])}</li>")
    parts.append(f"</ul><p><b>{escape(t['symptoms'])}</b></p></section>")
    return "".join(parts)


def cards_page(rows: list[RowAssessment], lang: str, kb) -> str:
    body = "".join(card_html(r, lang, kb) for r in rows)
    title = ", ".join(r.profile.name for r in rows[:3])
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>'
            f"{escape(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n")
