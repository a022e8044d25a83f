/// One line of text set in a built-in font: which glyph goes where, in font units.
///
/// Setting is deliberately simple, as a short label needs: one glyph per character,
/// pair kerning from the font, optional tracking. Whitespace of any kind becomes a space;
/// a character the font lacks (say "漢" or an emoji) becomes the font's fallback box, so
/// the creator sees that something is missing instead of silently losing it.
struct TextLine: Sendable {
    let font: BuiltInFont
    /// Glyph indices into `font.glyphs`.
    let glyphs: [Int]
    /// Pen position of each glyph, in font units from the line's start.
    let positions: [Float]
    /// Width from the line's start to the pen after its last glyph, in font units.
    let advance: Float
    /// How many characters were drawn as the fallback box.
    let fallbackCount: Int

    init(_ text: String, font: BuiltInFont, tracking: Float = 0) {
        self.font = font
        let space = font.glyphIndex(for: " ") ?? font.fallbackGlyph
        var glyphs: [Int] = [], positions: [Float] = []
        var pen: Float = 0
        var fallbacks = 0
        for character in text {
            let glyph: Int
            if let found = font.glyphIndex(for: character) {
                glyph = found
            } else if character.isWhitespace {
                glyph = space
            } else {
                glyph = font.fallbackGlyph
                fallbacks += 1
            }
            if let previous = glyphs.last { pen += font.kerning(previous, glyph) + tracking }
            glyphs.append(glyph)
            positions.append(pen)
            pen += font.glyphs[glyph].advance
        }
        self.glyphs = glyphs
        self.positions = positions
        self.advance = pen
        self.fallbackCount = fallbacks
    }

    /// The line's outline in pixels: pen start at `origin.x`, baseline at `origin.y`,
    /// `scale` pixels per font unit, stems thickened by `embolden` pixels on each side
    /// (which also widens every advance by twice that, as FreeType's emboldening does, so
    /// the spaces between letters keep their width).
    func outline(origin: SIMD2<Float>, scale: Float, embolden: Float = 0) -> Outline {
        var outline = Outline()
        let strength = embolden / scale
        for (k, (glyph, x)) in zip(glyphs, positions).enumerated() {
            let penX = x + Float(2 * k + 1) * strength
            append(glyph: glyph, to: &outline, penX: penX, origin: origin, scale: scale, strength: strength)
        }
        return outline
    }

    private func append(glyph index: Int, to outline: inout Outline, penX: Float, origin: SIMD2<Float>,
                        scale: Float, strength: Float) {
        let glyph = font.glyphs[index]
        var contours = glyph.contours
        if strength != 0 {
            // TrueType draws outer contours clockwise, so the glyph's total is negative; a
            // glyph drawn the other way round gets the opposite push.
            let total = contours.reduce(0) { $0 + $1.orientationArea }
            let outward: Float = total <= 0 ? 1 : -1
            contours = contours.map { $0.emboldened(by: strength, outward: outward) }
        }
        let flip = SIMD2<Float>(scale, -scale)
        let shift = SIMD2(origin.x + penX * scale, origin.y)
        for contour in contours {
            let points = contour.points.map { $0 * flip + shift }
            let n = points.count
            outline.move(to: points[0])
            var i = 1
            while i <= n {
                if i < n && contour.isControl[i] {
                    outline.quad(control: points[i], to: points[(i + 1) % n])
                    i += 2
                } else {
                    outline.line(to: points[i % n])
                    i += 1
                }
            }
            outline.close()
        }
    }
}
