"""Chart geometry and colour arithmetic, apart from the SVG markup so that every layout rule
(nice ticks, text boxes, label placement, WCAG contrast) is a pure function tested on numbers.
Coordinates are SVG user units: x to the right, y downwards."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

ASCENT, DESCENT = 0.95, 0.28  # of the font size; above the widest common sans (DejaVu)
GAP = 1.5  # kept free around a label, so rounding coordinates never makes two touch


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle; touching edges do not count as overlap."""

    x0: float
    y0: float
    x1: float
    y1: float

    def intersects(self, other: Box) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)

    def within(self, other: Box) -> bool:
        return (self.x0 >= other.x0 and self.y0 >= other.y0
                and self.x1 <= other.x1 and self.y1 <= other.y1)


@dataclass(frozen=True)
class Mark:
    """A plotted point: its centre and radius (the box it covers, labels keep off it)."""

    x: float
    y: float
    r: float

    def box(self, pad: float = 1.0) -> Box:
        d = self.r + pad
        return Box(self.x - d, self.y - d, self.x + d, self.y + d)


@dataclass(frozen=True)
class Placed:
    """Where a label went: its box (text drawn from the box's left edge) and, when it sits
    away from its point, the leader line (x1, y1, x2, y2) joining them."""

    box: Box
    leader: tuple[float, float, float, float] | None = None

    @property
    def baseline(self) -> float:
        return self.box.y0 + ASCENT * (self.box.y1 - self.box.y0) / (ASCENT + DESCENT)


# ---------------------------------------------------------------------------- axis ticks

def _nice(x: float, round_: bool) -> float:
    """Heckbert's nice number: 1, 2 or 5 × 10^k near x (rounded, or the next one up)."""
    e = math.floor(math.log10(x))
    f = x / 10 ** e
    if round_:
        n = 1 if f < 1.5 else 2 if f < 3 else 5 if f < 7 else 10
    else:
        n = 1 if f <= 1 else 2 if f <= 2 else 5 if f <= 5 else 10
    return n * 10.0 ** e


def nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    """About `count` ticks at a 1-2-5 × 10^k step, the first at or below lo and the last at
    or above hi (Heckbert, Graphics Gems 1990: odd steps such as 2.6 make values hard to read
    off)."""
    if not hi > lo:
        hi = lo + 1.0
    step = _nice(_nice(hi - lo, False) / max(count - 1, 1), True)
    digits = max(0, -math.floor(math.log10(step)))
    first = math.floor(lo / step + 1e-9)
    last = math.ceil(hi / step - 1e-9)
    return [round(k * step, digits) + 0.0 for k in range(first, last + 1)]


def tick_text(value: float, ticks: list[float]) -> str:
    """A tick value with as many decimals as the step needs (0, 5, 10, not 0.0, 5.0)."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    digits = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{value:.{digits}f}"


# -------------------------------------------------------------------------- text extents

def _em(ch: str) -> float:
    """Advance width of one character in em, rounded up so estimated boxes hold the text in
    the common sans fonts (a browser's font is not known when the SVG is written)."""
    if unicodedata.combining(ch):
        return 0.0
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.05  # CJK ideographs and full-width forms are square
    if ch in "mwMW@%":
        return 1.0
    if ch in " ilj.,:;'|!()[]-/fIt":
        return 0.45
    if ch.isupper() or ch.isdigit():
        return 0.78
    return 0.66


def text_width(text: str, size: float) -> float:
    """Conservative width of `text` at font size `size`."""
    return size * sum(_em(ch) for ch in text)


def text_box(text: str, x: float, baseline: float, size: float,
             anchor: str = "start") -> Box:
    """The box a text element covers, from its x, baseline y and text-anchor."""
    w = text_width(text, size)
    x0 = x - (w / 2 if anchor == "middle" else w if anchor == "end" else 0.0)
    return Box(x0, baseline - ASCENT * size, x0 + w, baseline + DESCENT * size)


# ----------------------------------------------------------------------- label placement

# Cartographic preference: above-right first, then the other corners, then the sides.
# Angles in degrees, y downwards (-45 is above-right).
FIRST_RING = (-45, -135, 45, 135, 0, 180, -90, 90)
OUTER_RING = tuple(range(-90, 270, 15))


def _box_towards(m: Mark, w: float, h: float, angle: float, dist: float) -> Box:
    """A w × h box whose near side or corner touches the square ring of half-size `dist`
    around the mark, in the direction `angle` (a square ring, as marks are kept clear as
    squares: a corner on a circle would cut into the mark's own square)."""
    a = math.radians(angle)
    dx, dy = math.cos(a), math.sin(a)
    k = dist / max(abs(dx), abs(dy))
    ax, ay = m.x + dx * k, m.y + dy * k
    x0 = ax if dx > 0.3 else ax - w if dx < -0.3 else ax - w / 2
    y0 = ay if dy > 0.3 else ay - h if dy < -0.3 else ay - h / 2
    return Box(x0, y0, x0 + w, y0 + h)


def _leader(m: Mark, b: Box) -> tuple[float, float, float, float]:
    """From the mark's edge to the nearest point of the box."""
    nx, ny = min(max(m.x, b.x0), b.x1), min(max(m.y, b.y0), b.y1)
    d = math.hypot(nx - m.x, ny - m.y) or 1.0
    return (m.x + (nx - m.x) * m.r / d, m.y + (ny - m.y) * m.r / d, nx, ny)


def crosses(seg: tuple[float, float, float, float], b: Box) -> bool:
    """Whether a line segment passes through a box (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = seg
    t0, t1 = 0.0, 1.0
    for p, q in ((x1 - x2, x1 - b.x0), (x2 - x1, b.x1 - x1),
                 (y1 - y2, y1 - b.y0), (y2 - y1, b.y1 - y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    return t0 < t1


def place_label(m: Mark, text: str, size: float, bounds: Box, taken: list[Box],
                marks: list[Box], rings: int = 0,
                leaders: list[tuple[float, float, float, float]] | None = None,
                leader: bool = False, uncrossed: list[Box] | None = None) -> Placed | None:
    """The first free position for `text` around `m`: the 8 positions next to it, then
    (rings > 0) 24 positions on each of `rings` wider rings, joined by a leader line (by
    one next to it too when `leader`). Free means inside `bounds`, clear of every label
    already placed, of every mark and of every leader line; the new leader line crosses
    none of `uncrossed` (default: all labels placed)."""
    w, h = text_width(text, size), (ASCENT + DESCENT) * size
    leaders = leaders or []
    for ring in range(rings + 1):
        dist = m.r + 2 + GAP + ring * 1.4 * h
        for angle in FIRST_RING if ring == 0 else OUTER_RING:
            b = _box_towards(m, w, h, angle, dist)
            g = Box(b.x0 - GAP, b.y0 - GAP, b.x1 + GAP, b.y1 + GAP)
            if (not b.within(bounds) or any(g.intersects(t) for t in taken)
                    or any(g.intersects(o) for o in marks)
                    or any(crosses(seg, g) for seg in leaders)):
                continue
            if not (ring or leader):
                return Placed(b)
            seg = _leader(m, b)
            if not any(crosses(seg, t) for t in (taken if uncrossed is None else uncrossed)):
                return Placed(b, seg)
    return None


@dataclass(frozen=True)
class Layout:
    """The outcome of placing the labels of a chart: a text label near its point, else a
    number n (explained in a key below the chart), else no mark at all (`unmarked`: no free
    place; the key gives their coordinates)."""

    labels: dict[int, Placed]
    numbers: dict[int, tuple[int, Placed]]
    unmarked: list[int]


def place_labels(marks: list[Mark], texts: list[str | None], size: float, bounds: Box,
                 order: list[int] | None = None, label_rings: int = 2,
                 number_rings: int = 8) -> Layout:
    """Greedy placement in priority `order` (indices; default: input order): labels next to
    their points first, for every point, so the important ones get the best places; then,
    for the points left over, the label on a wider ring with a leader line, else a number
    with a leader line (always: a bare number beside a crowd is ambiguous), which may pass
    under a name when nothing else is free, never through another number. Deterministic:
    no randomness, ties broken by order."""
    order = list(range(len(marks))) if order is None else order
    obstacles = [m.box() for m in marks]
    taken: list[Box] = []
    leaders: list[tuple[float, float, float, float]] = []
    labels: dict[int, Placed] = {}
    numbers: dict[int, tuple[int, Placed]] = {}
    unmarked: list[int] = []
    badges: list[Box] = []

    def keep(p: Placed) -> None:
        taken.append(p.box)
        if p.leader:
            leaders.append(p.leader)

    for i in order:
        if texts[i] is not None and (p := place_label(marks[i], texts[i], size, bounds,
                                                      taken, obstacles)):
            labels[i] = p
            keep(p)
    for i in order:
        text = texts[i]
        if text is None or i in labels:
            continue
        p = place_label(marks[i], text, size, bounds, taken, obstacles, label_rings, leaders)
        if p is not None:  # the name a little further off, with a leader line
            labels[i] = p
            keep(p)
            continue
        n = len(numbers) + 1
        p = place_label(marks[i], str(n), size, bounds, taken, obstacles, number_rings,
                        leaders, leader=True)
        if p is None:  # a crowd ringed by names: the line may pass under a name (its halo)
            p = place_label(marks[i], str(n), size, bounds, taken, obstacles, number_rings,
                            leaders, leader=True, uncrossed=badges)
        if p is None:
            unmarked.append(i)
        else:
            numbers[i] = (n, p)
            keep(p)
            badges.append(p.box)
    return Layout(labels, numbers, unmarked)


# ------------------------------------------------------------------------------- colour

def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    h = hex_colour.lstrip("#")
    r, g, b = (_channel(int(h[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio (1 to 21); normal-size text needs at least 4.5."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour(*fills: str) -> str:
    """Black or white, whichever contrasts more with the worst of the fills (a hatch has
    two). One of them always reaches 4.5:1 with any single fill."""
    return max(("#000000", "#ffffff"), key=lambda t: min(contrast(t, f) for f in fills))
