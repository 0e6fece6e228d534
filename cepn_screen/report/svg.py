"""Inline-SVG charts for self-contained HTML reports (no scripts, no network). Layout is
computed in report.chartgeom; this module only writes markup. Every chart scales to its
container (viewBox, width 100%), and colours are colour-blind safe with a shape or a printed
value beside each colour, so no reading depends on hue alone."""

from __future__ import annotations

import zlib
from html import escape

from cepn_screen.report.chartgeom import (
    ASCENT,
    DESCENT,
    Box,
    Mark,
    nice_ticks,
    place_labels,
    text_colour,
    text_width,
    tick_text,
)

# ColorBrewer RdYlBu (10 classes) reversed: blue for low CHEM21 scores (safer), red for high.
# A blue-red diverging scheme stays distinct under the common colour-vision deficiencies.
SCORE_FILLS = {1: "#313695", 2: "#4575b4", 3: "#74add1", 4: "#abd9e9", 5: "#e0f3f8",
               6: "#fee090", 7: "#fdae61", 8: "#f46d43", 9: "#d73027", 10: "#a50026"}
# An unknown score is never safe: it gets a grey hatch, unlike any score colour, and a "?".
UNKNOWN_FILLS = ("#f2f2f2", "#a6a6a6")

# Okabe-Ito colours, and a shape per series as well (diamond, filled, light, hollow).
MARKS = {"target": ("#d55e00", "#7a3600", "diamond", 7.0),
         "front": ("#0072b2", "#003f63", "circle", 6.0),
         "candidate": ("#56b4e9", "#0072b2", "circle", 5.0),
         "excluded": ("none", "#6e6e6e", "circle", 4.0)}
LEGEND = {"target": "current solvent", "front": "Pareto front (best trade-offs)",
          "candidate": "other candidate", "excluded": "excluded (name on hover)"}
LABELLED = ("target", "front", "candidate")


def _t(x: float, y: float, text: str, size: float, cls: str, extra: str = "") -> str:
    return (f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" font-size="{size:g}"{extra}>'
            f'{escape(text)}</text>')


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _open(width: float, height: float, title: str, cls: str, style: str = "") -> str:
    """Responsive root: scales with the page (no pixel width), keeps its aspect ratio."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" width="100%" '
            f'preserveAspectRatio="xMidYMid meet"{style} role="img" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>')


def _flow(widths: list[float], x0: float, x1: float, y0: float,
          row: float) -> tuple[list[tuple[float, float]], float]:
    """Left-to-right rows of items of the given widths within x0..x1: their (x, y) top-left
    corners, and the y below the last row."""
    out, x, y = [], x0, y0
    for w in widths:
        if x > x0 and x + w > x1:
            x, y = x0, y + row
        out.append((x, y))
        x += w
    return out, (y + row if widths else y0)


# --------------------------------------------------------------------------------- heat map

def _cell(x: float, y: float, w: float, h: float, value: int | None, size: float,
          cls: str, hatch: str, tip: str = "") -> str:
    """A rect and its centred value; text colour from WCAG contrast with the fill(s)."""
    fills = UNKNOWN_FILLS if value is None else (SCORE_FILLS[min(max(value, 1), 10)],)
    fill = f"url(#{hatch})" if value is None else fills[0]
    text = "?" if value is None else str(value)
    base = y + h / 2 + (ASCENT - DESCENT) * size / 2
    return (f'<g class="{cls}"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" fill="{fill}">'
            + (f"<title>{escape(tip)}</title>" if tip else "") + "</rect>"
            + _t(x + w / 2, base, text, size, "value",
                 f' text-anchor="middle" font-weight="600" fill="{text_colour(*fills)}"')
            + "</g>")


def heatmap(rows: list[tuple[str, list[int | None]]], columns: list[str], title: str) -> str:
    """Rows × scores (CHEM21 1-10: low is safer), with the value printed in every cell and
    a key of all ten colours and the unknown hatch below."""
    fs, gap = 12.0, 2.0
    names = [_short(n, 34) for n, _ in rows]
    cw = max([30.0] + [text_width(c, fs) + 10 for c in columns] + [text_width("10", fs) + 10])
    ch = round((ASCENT + DESCENT) * fs + 10)
    left = max([text_width(n, fs) for n in names] + [0.0]) + 12
    top = 8 + (ASCENT + DESCENT) * fs + 6
    hatch = f"unknown-{zlib.crc32(title.encode()):08x}"
    out = [f'<defs><pattern id="{hatch}" width="6" height="6" '
           'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           f'<rect width="6" height="6" fill="{UNKNOWN_FILLS[0]}"/>'
           f'<rect width="2" height="6" fill="{UNKNOWN_FILLS[1]}"/></pattern></defs>']
    for j, col in enumerate(columns):
        out.append(_t(left + j * cw + (cw - gap) / 2, top - 6, col, fs, "colhead",
                      ' text-anchor="middle"'))
    for i, ((name, values), short) in enumerate(zip(rows, names, strict=True)):
        y = top + i * ch
        out.append(_t(left - 6, y + (ch - gap) / 2 + (ASCENT - DESCENT) * fs / 2, short, fs,
                      "rowlabel", ' text-anchor="end"'))
        for j, v in enumerate(values):
            out.append(_cell(left + j * cw, y, cw - gap, ch - gap, v, fs, "cell", hatch,
                             f"{name}: {columns[j]} {'unknown' if v is None else v}"))
    # key: the ten score colours, the hatch, and what the ends mean
    y = top + len(rows) * ch + 14
    caption = "score (low = safer)"
    x = 4 + text_width(caption, fs) + 8
    out.append(_t(4, y + (ch - gap) / 2 + (ASCENT - DESCENT) * fs / 2, caption, fs,
                  "legend-title"))
    sw = text_width("10", fs) + 10
    for k, v in enumerate([*SCORE_FILLS, None]):
        extra = 8 if v is None else 0
        out.append(_cell(x + k * sw + extra, y, sw - gap, ch - gap, v, fs, "swatch", hatch,
                         "unknown" if v is None else f"score {v}"))
    width = max(left + cw * len(columns), x + 11 * sw + 8) + 6
    height = y + ch + 6
    # at most a third larger than drawn, and never shrunk below 11 px text on a phone
    style = f' style="min-width:{width / 17.5:.1f}em;max-width:{width / 12:.1f}em"'
    return (_open(width, height, title, "heatmap", style)
            + "".join(out) + "</svg>")


# ---------------------------------------------------------------------------------- scatter

def _marker(kind: str, x: float, y: float, tip: str) -> str:
    fill, stroke, shape, r = MARKS.get(kind, MARKS["excluded"])
    title = f"<title>{escape(tip)}</title>"
    if shape == "diamond":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return (f'<polygon class="mark {kind}" points="{pts}" fill="{fill}" stroke="{stroke}" '
                f'stroke-width="1.5">{title}</polygon>')
    return (f'<circle class="mark {kind}" cx="{x:.1f}" cy="{y:.1f}" r="{r:g}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5">{title}</circle>')


def _domain(values: list[float], fixed: float | None) -> list[float]:
    hi = fixed if fixed is not None else max(values + [0.0]) * 1.05 or 1.0
    return nice_ticks(min(values + [0.0]), hi, 6)


def scatter(points: list[dict], x_label: str, y_label: str, title: str,
            x_max: float | None = None, y_max: float | None = None,
            legend: dict[str, str] | None = None,
            labelled: tuple[str, ...] = LABELLED) -> str:
    """Points {x, y, label, kind: target|front|candidate|excluded}; front points joined.
    Labels of `labelled` kinds are placed clear of each other and of every point; those
    without room become numbers explained in a key under the chart."""
    legend = {**LEGEND, **(legend or {})}
    W, fs, right, top, ph = 960.0, 14.0, 24.0, 14.0, 440.0
    xt = _domain([p["x"] for p in points], x_max)
    yt = _domain([p["y"] for p in points], y_max)
    # room for the rotated axis title, then the widest y tick value
    left = 20 + DESCENT * fs + 8 + max(text_width(tick_text(v, yt), fs) for v in yt) + 8
    plot = Box(max(left, 60.0), top, W - right, top + ph)

    def px(x: float) -> float:
        return plot.x0 + (plot.x1 - plot.x0) * (x - xt[0]) / (xt[-1] - xt[0])

    def py(y: float) -> float:
        return plot.y1 - (plot.y1 - plot.y0) * (y - yt[0]) / (yt[-1] - yt[0])

    out = []
    for v in xt:
        out.append(f'<line x1="{px(v):.1f}" y1="{plot.y0}" x2="{px(v):.1f}" y2="{plot.y1}" '
                   'stroke="#e6e6e6"/>')
        # 10 below the axis: clear of the y axis's lowest value at the corner
        out.append(_t(px(v), plot.y1 + 10 + ASCENT * fs, tick_text(v, xt), fs, "tick x",
                      ' text-anchor="middle"'))
    for v in yt:
        out.append(f'<line x1="{plot.x0}" y1="{py(v):.1f}" x2="{plot.x1}" y2="{py(v):.1f}" '
                   'stroke="#e6e6e6"/>')
        out.append(_t(plot.x0 - 8, py(v) + (ASCENT - DESCENT) * fs / 2, tick_text(v, yt), fs,
                      "tick y", ' text-anchor="end"'))
    out.append(f'<path d="M{plot.x0},{plot.y0}V{plot.y1}H{plot.x1}" fill="none" '
               'stroke="#444"/>')
    y_axis = plot.y1 + 10 + (ASCENT + DESCENT) * fs + 8 + ASCENT * fs
    out.append(_t((plot.x0 + plot.x1) / 2, y_axis, x_label, fs, "axis x",
                  ' text-anchor="middle"'))
    mid = (plot.y0 + plot.y1) / 2
    out.append(_t(20, mid, y_label, fs, "axis y",
                  f' text-anchor="middle" transform="rotate(-90 20 {mid:.1f})"'))

    front = sorted((p for p in points if p.get("kind") == "front"), key=lambda p: p["x"])
    if len(front) > 1:
        path = " ".join(f"{px(p['x']):.1f},{py(p['y']):.1f}" for p in front)
        out.append(f'<polyline class="front-line" points="{path}" fill="none" '
                   'stroke="#0072b2" stroke-dasharray="5 4"/>')
    kinds = [p.get("kind") if p.get("kind") in MARKS else "excluded" for p in points]
    marks = [Mark(px(p["x"]), py(p["y"]), MARKS[k][3]) for p, k in zip(points, kinds, strict=True)]
    for p, k, m in zip(points, kinds, marks, strict=True):
        out.append(_marker(k, m.x, m.y, f"{p['label']}: {p['x']:.1f}, {p['y']:.1f}"))
    texts = [_short(p["label"], 28) if k in labelled else None
             for p, k in zip(points, kinds, strict=True)]
    rank = list(MARKS)
    order = sorted(range(len(points)), key=lambda i: (rank.index(kinds[i]), i))
    inner = Box(plot.x0 + 2, plot.y0 + 2, plot.x1 - 2, plot.y1 - 2)
    lay = place_labels(marks, texts, fs, inner, order)
    placed = [(texts[i] or "", pl, "label") for i, pl in lay.labels.items()]
    placed += [(str(n), pl, "label num") for n, pl in lay.numbers.values()]
    for _, pl, _ in placed:  # lines first: names and numbers are drawn over them
        if pl.leader:
            out.append('<line class="leader" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" '
                       'stroke="#555" stroke-width="0.8"/>'.format(*pl.leader))
    for text, pl, cls in placed:
        b = pl.box
        if cls == "label":  # a white halo keeps a name legible over a line passing under it
            out.append(_t(b.x0, pl.baseline, text, fs, cls, ' stroke="#fff" '
                          'stroke-width="3" stroke-linejoin="round" paint-order="stroke"'))
        else:  # a number in a framed badge, so it does not read as part of a name
            out.append(f'<rect class="badge" x="{b.x0:.1f}" y="{b.y0:.1f}" '
                       f'width="{b.x1 - b.x0:.1f}" height="{b.y1 - b.y0:.1f}" rx="3" '
                       'fill="#fff" stroke="#555" stroke-width="0.8"/>')
            out.append(_t((b.x0 + b.x1) / 2, pl.baseline, text, fs, cls,
                          ' text-anchor="middle" font-weight="600"'))

    # legend: one entry per series drawn, and the front line when there is one
    row = (ASCENT + DESCENT) * fs + 8
    used = [k for k in MARKS if k in kinds]
    items = [(k, legend[k]) for k in used] + ([("line", "Pareto front line")]
                                              if len(front) > 1 else [])
    spots, y_end = _flow([24 + text_width(t, fs) + 24 for _, t in items], plot.x0, W - 8,
                         y_axis + DESCENT * fs + 12, row)
    for (k, t), (x, y) in zip(items, spots, strict=True):
        cy = y + row / 2 - 4
        sample = (f'<line x1="{x:.1f}" y1="{cy:.1f}" x2="{x + 18:.1f}" y2="{cy:.1f}" '
                  'stroke="#0072b2" stroke-dasharray="5 4" stroke-width="2"/>' if k == "line"
                  else _marker(k, x + 9, cy, t))
        out.append(f'<g class="legend-entry" data-kind="{k}">' + sample
                   + _t(x + 24, cy + (ASCENT - DESCENT) * fs / 2, t, fs, "legend") + "</g>")
    # key of numbered points (and of any point for which no place was free at all)
    keyed = [f"{n}: {texts[i]}" for i, (n, _) in lay.numbers.items()]
    keyed += [f"{texts[i]} at ({points[i]['x']:.1f}, {points[i]['y']:.1f})"
              for i in lay.unmarked]
    spots, y_end = _flow([text_width(t, fs) + 24 for t in keyed], plot.x0, W - 8, y_end, row)
    for t, (x, y) in zip(keyed, spots, strict=True):
        out.append(_t(x, y + row / 2 - 4 + (ASCENT - DESCENT) * fs / 2, t, fs, "key"))
    return _open(W, y_end + 6, title, "scatter") + "".join(out) + "</svg>"
