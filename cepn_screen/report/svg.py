"""Small inline-SVG charts for self-contained HTML reports (no scripts, no network)."""

from __future__ import annotations

from html import escape

BAND_COLOURS = {None: "#e0e0e0", 1: "#2e7d32", 2: "#43a047", 3: "#7cb342", 4: "#fdd835",
                5: "#fbc02d", 6: "#f9a825", 7: "#e53935", 8: "#c62828", 9: "#b71c1c",
                10: "#7f0000"}


def heatmap(rows: list[tuple[str, list[int | None]]], columns: list[str], title: str) -> str:
    """Rows × scores (1–10, CHEM21 colours: green 1–3, yellow 4–6, red 7–10)."""
    cell, left, top = 26, 230, 40
    width = left + cell * len(columns) + 20
    height = top + cell * len(rows) + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for j, col in enumerate(columns):
        out.append(f'<text x="{left + j * cell + cell / 2}" y="{top - 8}" font-size="11" '
                   f'text-anchor="middle">{escape(col)}</text>')
    for i, (label, values) in enumerate(rows):
        y = top + i * cell
        out.append(f'<text x="{left - 6}" y="{y + cell * 0.65}" font-size="11" '
                   f'text-anchor="end">{escape(label[:34])}</text>')
        for j, v in enumerate(values):
            colour = BAND_COLOURS.get(v, "#e0e0e0")
            out.append(f'<rect x="{left + j * cell}" y="{y}" width="{cell - 2}" '
                       f'height="{cell - 2}" fill="{colour}"><title>{escape(label)}: '
                       f'{escape(columns[j])} {"unknown" if v is None else v}</title></rect>')
            out.append(f'<text x="{left + j * cell + (cell - 2) / 2}" y="{y + cell * 0.65}" '
                       f'font-size="11" text-anchor="middle" fill="#000">'
                       f'{"?" if v is None else v}</text>')
    out.append("</svg>")
    return "".join(out)


def scatter(points: list[dict], x_label: str, y_label: str, title: str,
            x_max: float | None = None, y_max: float | None = None) -> str:
    """Points {x, y, label, kind: target|front|candidate|excluded}; front points joined."""
    w, h, m = 560, 380, 50
    xs = [p["x"] for p in points] or [1]
    ys = [p["y"] for p in points] or [1]
    x_max = x_max or max(max(xs) * 1.1, 1)
    y_max = y_max or max(max(ys) * 1.1, 1)

    def px(x):
        return m + (w - 2 * m) * x / x_max

    def py(y):
        return h - m - (h - 2 * m) * y / y_max

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" role="img" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
           f'<line x1="{m}" y1="{h - m}" x2="{w - m}" y2="{h - m}" stroke="#444"/>',
           f'<line x1="{m}" y1="{m}" x2="{m}" y2="{h - m}" stroke="#444"/>',
           f'<text x="{w / 2}" y="{h - 12}" font-size="12" text-anchor="middle">'
           f'{escape(x_label)}</text>',
           f'<text x="14" y="{h / 2}" font-size="12" text-anchor="middle" '
           f'transform="rotate(-90 14 {h / 2})">{escape(y_label)}</text>']
    for k in range(6):
        xv, yv = x_max * k / 5, y_max * k / 5
        out.append(f'<text x="{px(xv)}" y="{h - m + 16}" font-size="10" '
                   f'text-anchor="middle">{xv:.1f}</text>')
        out.append(f'<text x="{m - 6}" y="{py(yv) + 4}" font-size="10" '
                   f'text-anchor="end">{yv:.1f}</text>')
    front = sorted((p for p in points if p.get("kind") == "front"), key=lambda p: p["x"])
    if len(front) > 1:
        path = " ".join(f"{px(p['x']):.1f},{py(p['y']):.1f}" for p in front)
        out.append(f'<polyline points="{path}" fill="none" stroke="#1565c0" '
                   f'stroke-dasharray="4 3"/>')
    style = {"target": ("#b71c1c", 7), "front": ("#1565c0", 6), "candidate": ("#64b5f6", 5),
             "excluded": ("#bdbdbd", 4)}
    for p in points:
        colour, r = style.get(p.get("kind"), ("#757575", 4))
        out.append(f'<circle cx="{px(p["x"]):.1f}" cy="{py(p["y"]):.1f}" r="{r}" '
                   f'fill="{colour}"><title>{escape(p["label"])}: {p["x"]:.1f}, '
                   f'{p["y"]:.1f}</title></circle>')
        if p.get("kind") in ("target", "front"):
            out.append(f'<text x="{px(p["x"]) + 8:.1f}" y="{py(p["y"]) - 6:.1f}" '
                       f'font-size="10">{escape(p["label"][:24])}</text>')
    out.append("</svg>")
    return "".join(out)
