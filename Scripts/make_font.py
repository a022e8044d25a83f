#!/usr/bin/env python3
"""Extracts the glyphs of alive's visible label from DejaVu Sans Bold into Swift source.

The label is drawn without system fonts, so its typeface is compiled into AliveCore.
This script runs once, by hand, whenever the glyph set changes; its output is
committed as `Sources/AliveCore/Label/BuiltInFont.swift`.

    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools
    /tmp/fontvenv/bin/python Scripts/make_font.py \
        /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
        Sources/AliveCore/Label/BuiltInFont.swift

The font comes from Debian's fonts-dejavu-core. Its licence (Bitstream Vera, plus
the Arev licence for glyphs taken from Arev) allows embedding in a larger program
as long as the notices travel with it, so the generated file carries them.

Output format, per glyph (font units, y up, TrueType's clockwise outer contours):
  .outline(codePoint, advance, verbs, coordinates)
      verbs: "M" starts a contour (the previous one closes by itself), "L" a line,
      "Q" a quadratic Bezier; coordinates: 2 numbers per M or L, 4 per Q
      (control point, then end point). TrueType's implied on-curve points (midway
      between two control points) are written out, so a few end in .5.
  .composite(codePoint, advance, [glyph, dx, dy, ...])
      accented letters: other glyphs of this table, offset (DejaVu builds "é" from
      "e" and "acute"), which keeps the file small.
Code point 0 marks glyphs that are only components or the fallback box (.notdef,
always index 0). Kerning pairs come from the legacy `kern` table, as
[left glyph, right glyph, adjustment] triples.
"""

import sys
import textwrap

from fontTools.ttLib import TTFont

# What a creator may write with --label-text: Latin-1, Latin Extended-A, the
# Romanian comma-below letters, typographic punctuation, the euro sign, and U+2726
# (four-pointed star) which the badge uses as its icon.
RANGES = [
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x0100, 0x017F),
    (0x0218, 0x021B),
    (0x2013, 0x2014),
    (0x2018, 0x201E),
    (0x2022, 0x2022),
    (0x2026, 0x2026),
    (0x2039, 0x203A),
    (0x20AC, 0x20AC),
    (0x2726, 0x2726),
]

LINE_WIDTH = 110


def contour_segments(points, on_curve):
    """TrueType on/off-curve points of one closed contour -> ("M"|"L"|"Q", coords)."""
    n = len(points)
    # Start at an on-curve point; if there is none, at the implied midpoint of the
    # first two off-curve points.
    start = next((i for i in range(n) if on_curve[i]), None)
    if start is None:
        (x0, y0), (x1, y1) = points[0], points[1]
        first = ((x0 + x1) / 2, (y0 + y1) / 2)
        order = list(range(1, n)) + [0]
    else:
        first = points[start]
        order = [(start + 1 + k) % n for k in range(n - 1)]
    segments = [("M", [first])]
    control = None
    for i in order + [None]:  # None: close back to the first point
        p, on = (first, True) if i is None else (points[i], on_curve[i])
        if on:
            if control is None:
                segments.append(("L", [p]))
            else:
                segments.append(("Q", [control, p]))
            control = None
        else:
            if control is not None:
                mid = ((control[0] + p[0]) / 2, (control[1] + p[1]) / 2)
                segments.append(("Q", [control, mid]))
            control = p
    # The closing segment ends where the contour began; drop a final line that goes
    # nowhere (the rasterizer closes every contour anyway).
    if segments[-1][0] == "L":
        segments.pop()
    return segments


def number(v):
    """Font units as a Swift literal: whole numbers, or halves at implied on-curve points."""
    if v * 2 != int(v * 2):
        raise SystemExit(f"coordinate {v} is not a multiple of half a font unit")
    if not -32768 <= v <= 32767:
        raise SystemExit(f"coordinate {v} does not fit Int16")
    return str(int(v)) if v == int(v) else str(v)


def wrap(items, indent):
    lines, line = [], ""
    for item in items:
        piece = item + ","
        if line and len(indent) + len(line) + 1 + len(piece) > LINE_WIDTH:
            lines.append(indent + line)
            line = piece
        else:
            line = piece if not line else line + " " + piece
    if line:
        lines.append(indent + line)
    return lines


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_font.py FONT.ttf OUTPUT.swift")
    font = TTFont(sys.argv[1])
    cmap = font.getBestCmap()
    glyf = font["glyf"]
    hmtx = font["hmtx"]
    names = font["name"]

    code_points = [cp for lo, hi in RANGES for cp in range(lo, hi + 1) if cp in cmap]
    missing = [hex(cp) for lo, hi in RANGES for cp in range(lo, hi + 1) if cp not in cmap]
    if missing:
        print(f"note: not in the font, left out: {' '.join(missing)}", file=sys.stderr)

    # Glyph order: .notdef, the mapped glyphs, then glyphs used only as components.
    order = [".notdef"]
    code_of = {".notdef": 0}
    for cp in code_points:
        name = cmap[cp]
        if name not in code_of:
            order.append(name)
            code_of[name] = cp
    k = 0
    while k < len(order):
        g = glyf[order[k]]
        if g.isComposite():
            for c in g.components:
                if c.glyphName not in code_of:
                    order.append(c.glyphName)
                    code_of[c.glyphName] = 0
        k += 1
    index = {name: i for i, name in enumerate(order)}

    records = []
    for name in order:
        g = glyf[name]
        advance = hmtx[name][0]
        cp = code_of[name]
        label = name if cp == 0 else f"{name} {chr(cp)!r}" if cp > 0x20 else name
        if g.isComposite():
            parts = []
            for c in g.components:
                if hasattr(c, "transform") or hasattr(c, "firstPt"):
                    raise SystemExit(f"{name}: scaled or point-matched component, not supported")
                parts += [str(index[c.glyphName]), str(c.x), str(c.y)]
            records.append((f".composite(0x{cp:04X}, {advance}, [", parts, "]),", label))
        else:
            verbs, coords = "", []
            if g.numberOfContours > 0:
                coordinates, end_points, flags = g.getCoordinates(glyf)
                start = 0
                for end in end_points:
                    pts = [tuple(coordinates[i]) for i in range(start, end + 1)]
                    on = [bool(flags[i] & 1) for i in range(start, end + 1)]
                    start = end + 1
                    if len(pts) < 2:
                        continue
                    for verb, ps in contour_segments(pts, on):
                        verbs += verb
                        for x, y in ps:
                            coords.append(f"{number(x)}, {number(y)}")
            records.append((f'.outline(0x{cp:04X}, {advance}, "{verbs}", [', coords, "]),", label))

    kern = font["kern"].kernTables[0].kernTable
    pairs = sorted((index[a], index[b], v) for (a, b), v in kern.items()
                   if a in index and b in index and v != 0)

    head, os2, hhea = font["head"], font["OS/2"], font["hhea"]
    cap_height = glyf["H"].yMax
    x_height = glyf["x"].yMax
    out = []
    w = out.append
    w(f"// GENERATED by Scripts/make_font.py from {names.getDebugName(4)} "
      f"{names.getDebugName(5).split(' ')[1]} (Debian fonts-dejavu-core).")
    w("// Do not edit by hand: change the script and run it again.")
    w("//")
    w("// A subset of the font's glyphs, unchanged: the code points in make_font.py's RANGES,")
    w("// the components they are built from, and .notdef. The font's licence notice follows,")
    w("// as its licence requires for copies embedded in a larger software package.")
    w("//")
    for line in names.getDebugName(13).replace("\r", "").split("\n"):
        for part in textwrap.wrap(line, 96) or [""]:
            w(("// " + part).rstrip())
    w("")
    w("extension BuiltInFont {")
    w("    /// DejaVu Sans Bold: a wide, open sans with a large x-height and sturdy stems, so the")
    w("    /// label stays readable when a phone shows the video at a third of its size.")
    w("    static let dejaVuSansBold = BuiltInFont(")
    w(f'        name: "{names.getDebugName(4)}", unitsPerEm: {head.unitsPerEm},')
    w(f"        ascender: {hhea.ascent}, descender: {hhea.descent}, capHeight: {cap_height}, xHeight: {x_height},")
    w("        glyphs: dejaVuSansBoldGlyphs, kerning: dejaVuSansBoldKerning)")
    w("")
    w(f"    private static let dejaVuSansBoldGlyphs: [GlyphRecord] = [")
    for i, (opening, numbers, closing, label) in enumerate(records):
        w(f"        // {i}: {label}")
        if len(opening) + len(", ".join(numbers)) + len(closing) + 8 <= LINE_WIDTH:
            w("        " + opening + ", ".join(numbers) + closing)
        else:
            w("        " + opening)
            for line in wrap(numbers, "            "):
                w(line)
            w("        " + closing)
    w("    ]")
    w("")
    w("    /// [left glyph, right glyph, adjustment in font units], sorted.")
    w(f"    private static let dejaVuSansBoldKerning: [Int16] = [")
    for line in wrap([f"{a}, {b}, {v}" for a, b, v in pairs], "        "):
        w(line)
    w("    ]")
    w("}")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(order)} glyphs, {len(pairs)} kerning pairs -> {sys.argv[2]}", file=sys.stderr)


if __name__ == "__main__":
    main()
