"""The nine GHS pictograms as inline SVG, drawn by this module: a red square set on a point
(the "diamond") with a white ground and a black symbol, as UN GHS Annex 1 and CLP Annex V
prescribe. The shapes are this project's own drawings of the prescribed symbols (flame,
flame over circle, exploding bomb, gas cylinder, corrosion, skull and crossbones,
exclamation mark, health hazard, environment); no artwork file is copied.

The label sits under the diamond, inside the SVG, and is squeezed to fit (textLength), so
that a long label ("harmful / irritant") never spills outside the picture.
"""

from __future__ import annotations

from html import escape

RED = "#e30613"
BLACK = "#000"

# Each symbol is a list of SVG elements inside the 100 x 100 diamond box; the symbol must
# stay within the inner diamond (|x-50| + |y-50| <= 40).
_FLAME = ("M50 24 C57 34 66 41 64 55 C63 63 57 68 50 68 C42 68 36 63 36 55 "
          "C36 48 41 44 43 37 C46 42 48 45 51 46 C53 38 52 31 50 24 Z")
_SYMBOLS: dict[str, list[str]] = {
    "GHS01": [  # exploding bomb: a bomb with a burst and flying fragments
        '<path d="M28 57 a12 12 0 1 0 24 0 a12 12 0 1 0 -24 0 Z" fill="#000"/>',
        '<path d="M47 44 L53 38 L56 41 L50 47 Z" fill="#000"/>',
        '<path d="M55 37 L60 30 M58 39 L66 36 M54 34 L54 26 M60 42 L67 44" '
        'stroke="#000" stroke-width="2.5" stroke-linecap="round" fill="none"/>',
        '<path d="M30 40 L26 36 L31 35 Z M66 56 L72 58 L67 61 Z M46 73 L44 78 L49 76 Z" '
        'fill="#000"/>',
    ],
    "GHS02": [  # flame over a base line
        f'<path d="{_FLAME}" fill="#000"/>',
        '<path d="M36 71 H64 V74 H36 Z" fill="#000"/>',
    ],
    "GHS03": [  # flame over circle
        '<path d="M50 22 C55 29 61 34 60 44 C59 50 55 53 50 53 C45 53 40 50 40 44 '
        'C40 39 43 36 45 31 C47 35 48 37 50 38 C51 33 51 28 50 22 Z" fill="#000"/>',
        '<path d="M50 53 m-11 9 a11 9 0 1 0 22 0 a11 9 0 1 0 -22 0 Z" fill="none" '
        'stroke="#000" stroke-width="5"/>',
        '<path d="M39 73 H61 V76 H39 Z" fill="#000"/>',
    ],
    "GHS04": [  # gas cylinder, lying at a slant
        '<path d="M31 62 L60 39 A7 7 0 0 1 69 50 L40 73 A7 7 0 0 1 31 62 Z" fill="#000"/>',
        '<path d="M63 39 L68 35 L72 40 L67 44 Z M69 34 L73 31 L76 35 L72 38 Z" fill="#000"/>',
    ],
    "GHS05": [  # corrosion: liquid from two tubes attacking a surface and a hand
        '<path d="M38 28 L44 26 L48 42 L42 44 Z M56 26 L62 28 L58 44 L52 42 Z" fill="#000"/>',
        '<path d="M45 48 L45 53 M55 48 L55 53" stroke="#000" stroke-width="3" '
        'stroke-linecap="round"/>',
        '<path d="M28 58 H46 L44 62 L41 60 L39 64 L36 60 L33 64 L31 60 L28 62 Z" '
        'fill="#000"/>',
        '<path d="M54 57 H71 V61 H64 L61 67 H57 L59 61 H54 Z" fill="#000"/>',
        '<path d="M34 69 H66 V72 H34 Z" fill="#000"/>',
    ],
    "GHS06": [  # skull and crossbones
        '<path d="M50 24 C60 24 66 31 66 39 C66 45 62 48 60 49 V54 H40 V49 C38 48 34 45 34 39 '
        'C34 31 40 24 50 24 Z" fill="#000"/>',
        '<path d="M44 37 m-4 0 a4 4 0 1 0 8 0 a4 4 0 1 0 -8 0 Z '
        'M56 37 m-4 0 a4 4 0 1 0 8 0 a4 4 0 1 0 -8 0 Z" fill="#fff"/>',
        '<path d="M35 58 L65 70 M65 58 L35 70" stroke="#000" stroke-width="5" '
        'stroke-linecap="round"/>',
    ],
    "GHS07": [  # exclamation mark
        '<path d="M45 26 H55 L53 58 H47 Z" fill="#000"/>',
        '<path d="M50 63 m-5 0 a5 5 0 1 0 10 0 a5 5 0 1 0 -10 0 Z" fill="#000"/>',
    ],
    "GHS08": [  # health hazard: a person with a star-burst on the chest
        '<path d="M50 27 m-6 0 a6 6 0 1 0 12 0 a6 6 0 1 0 -12 0 Z" fill="#000"/>',
        '<path d="M37 72 C37 50 41 36 50 36 C59 36 63 50 63 72 Z" fill="#000"/>',
        '<path d="M50 45 L53 53 L61 51 L55 57 L61 63 L53 61 L50 69 L47 61 L39 63 L45 57 '
        'L39 51 L47 53 Z" fill="#fff"/>',
    ],
    "GHS09": [  # environment: a dead tree and a dead fish over water
        '<path d="M36 70 V40 M36 52 L29 45 M36 47 L43 39 M36 60 L42 55" stroke="#000" '
        'stroke-width="3.5" stroke-linecap="round" fill="none"/>',
        '<path d="M44 61 C50 54 60 54 66 61 C60 68 50 68 44 61 Z M66 61 L72 56 V66 Z" '
        'fill="#000"/>',
        '<path d="M50 60 m-1.5 0 a1.5 1.5 0 1 0 3 0 a1.5 1.5 0 1 0 -3 0 Z" fill="#fff"/>',
        '<path d="M32 71 H68 V74 H32 Z" fill="#000"/>',
    ],
}
CODES = tuple(_SYMBOLS)


def pictogram_svg(code: str, label: str = "", size: int = 90) -> str:
    """One pictogram as an inline SVG element, with the label under the diamond."""
    if code not in _SYMBOLS:
        raise KeyError(f"no GHS pictogram {code!r}")
    height = 100 + (22 if label else 0)
    text = ""
    if label:
        # squeeze long labels into the picture's width instead of letting them spill out
        width = min(96, max(20, 6.2 * len(label)))
        text = (f'<text x="50" y="116" font-size="11" text-anchor="middle" '
                f'textLength="{width:g}" lengthAdjust="spacingAndGlyphs" fill="#000">'
                f"{escape(label)}</text>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="ghs" data-ghs="{code}" '
            f'width="{size}" height="{size * height // 100}" viewBox="0 0 100 {height}" '
            f'role="img" aria-label="{escape(code)} {escape(label)}">'
            f"<title>{escape(code)} {escape(label)}</title>"
            f'<path d="M50 4 L96 50 L50 96 L4 50 Z" fill="#fff" stroke="{RED}" '
            'stroke-width="6" stroke-linejoin="miter"/>'
            + "".join(_SYMBOLS[code]) + text + "</svg>")
