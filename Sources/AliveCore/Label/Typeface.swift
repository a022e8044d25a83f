/// A typeface compiled into the program, so the label looks the same on every machine and
/// never depends on the fonts one happens to have. The glyph data lives in the generated
/// `BuiltInFont.swift` (see `Scripts/make_font.py`); this file turns it into drawable
/// outlines once per process.
struct BuiltInFont: Sendable {
    /// One glyph as the generator wrote it: either an outline (verbs "M", "L", "Q" over
    /// `coordinates` in font units, y up) or a composite of other glyphs.
    struct GlyphRecord: Sendable {
        let codePoint: UInt32
        let advance: Int16
        let verbs: String
        let coordinates: [Float]
        /// [glyph index, dx, dy] triples.
        let components: [Int16]

        static func outline(_ codePoint: UInt32, _ advance: Int16, _ verbs: String,
                            _ coordinates: [Float]) -> GlyphRecord {
            GlyphRecord(codePoint: codePoint, advance: advance, verbs: verbs, coordinates: coordinates,
                        components: [])
        }

        static func composite(_ codePoint: UInt32, _ advance: Int16, _ components: [Int16]) -> GlyphRecord {
            GlyphRecord(codePoint: codePoint, advance: advance, verbs: "", coordinates: [], components: components)
        }
    }

    /// One closed contour in TrueType's quadratic form, in font units (y up): `points[0]` is
    /// on the curve, a control point is always followed by an on-curve point or by the
    /// return to `points[0]`, and no point repeats the start. Keeping the points (rather
    /// than flattened edges) lets `emboldened(by:)` move them the way FreeType does.
    struct Contour: Sendable, Equatable {
        var points: [SIMD2<Float>]
        var isControl: [Bool]
    }

    /// A glyph ready to draw: composites merged into plain contours.
    struct Glyph: Sendable {
        let advance: Float
        let contours: [Contour]
    }

    let name: String
    let unitsPerEm: Float
    let ascender: Float
    let descender: Float
    let capHeight: Float
    let xHeight: Float
    let glyphs: [Glyph]
    /// Index 0, TrueType's `.notdef`: an empty box, drawn for characters the font lacks.
    let fallbackGlyph = 0
    private let glyphForCharacter: [Character: Int]
    private let kerningPairs: [UInt32: Float]

    init(name: String, unitsPerEm: Int, ascender: Int, descender: Int, capHeight: Int, xHeight: Int,
         glyphs records: [GlyphRecord], kerning: [Int16]) {
        self.name = name
        self.unitsPerEm = Float(unitsPerEm)
        self.ascender = Float(ascender)
        self.descender = Float(descender)
        self.capHeight = Float(capHeight)
        self.xHeight = Float(xHeight)

        var resolved: [[Contour]?] = Array(repeating: nil, count: records.count)
        func contours(of index: Int) -> [Contour] {
            if let done = resolved[index] { return done }
            let record = records[index]
            var result = Self.decode(verbs: record.verbs, coordinates: record.coordinates)
            var k = 0
            while k + 2 < record.components.count {
                let offset = SIMD2<Float>(Float(record.components[k + 1]), Float(record.components[k + 2]))
                for var contour in contours(of: Int(record.components[k])) {
                    for i in contour.points.indices { contour.points[i] += offset }
                    result.append(contour)
                }
                k += 3
            }
            resolved[index] = result
            return result
        }
        self.glyphs = records.indices.map { Glyph(advance: Float(records[$0].advance), contours: contours(of: $0)) }

        var map: [Character: Int] = [:]
        for (index, record) in records.enumerated() where record.codePoint != 0 {
            if let scalar = Unicode.Scalar(record.codePoint) { map[Character(scalar)] = index }
        }
        glyphForCharacter = map

        var pairs: [UInt32: Float] = [:]
        var k = 0
        while k + 2 < kerning.count {
            pairs[UInt32(UInt16(kerning[k])) << 16 | UInt32(UInt16(kerning[k + 1]))] = Float(kerning[k + 2])
            k += 3
        }
        kerningPairs = pairs
    }

    /// The glyph for one character, or nil when the font lacks it. `Character` compares by
    /// canonical equivalence, so a decomposed "e" + U+0301 finds the precomposed "é".
    func glyphIndex(for character: Character) -> Int? {
        glyphForCharacter[character]
    }

    /// The kerning adjustment between two glyphs, in font units.
    func kerning(_ left: Int, _ right: Int) -> Float {
        kerningPairs[UInt32(left) << 16 | UInt32(right)] ?? 0
    }

    private static func decode(verbs: String, coordinates: [Float]) -> [Contour] {
        var contours: [Contour] = []
        var current = Contour(points: [], isControl: [])
        var c = 0
        func point() -> SIMD2<Float> {
            defer { c += 2 }
            return SIMD2(coordinates[c], coordinates[c + 1])
        }
        func finish() {
            // The generator ends a contour that closes with a curve on its own start point;
            // drop that repeat so every point is distinct from its neighbours.
            if current.points.count > 1, current.points.last == current.points.first {
                current.points.removeLast()
                current.isControl.removeLast()
            }
            if current.points.count > 1 { contours.append(current) }
            current = Contour(points: [], isControl: [])
        }
        for verb in verbs.utf8 {
            switch verb {
            case UInt8(ascii: "M"):
                finish()
                current.points.append(point()); current.isControl.append(false)
            case UInt8(ascii: "L"):
                current.points.append(point()); current.isControl.append(false)
            default:  // "Q"
                current.points.append(point()); current.isControl.append(true)
                current.points.append(point()); current.isControl.append(false)
            }
        }
        finish()
        return contours
    }
}

extension BuiltInFont.Contour {
    /// The contour with every point pushed outwards by `strength` font units, along the
    /// bisector of its two edges' normals (mitred, with the mitre limited at sharp corners).
    /// Outer contours grow and counters shrink, so stems thicken by 2 × strength; this is
    /// FreeType's `FT_Outline_EmboldenXY`, which keeps small text from looking spindly.
    /// `outward` is +1 for TrueType's clockwise outer contours (y up), -1 for the reverse.
    func emboldened(by strength: Float, outward: Float) -> Self {
        let n = points.count
        guard strength != 0, n > 2 else { return self }
        var moved = points
        for i in 0..<n {
            let p = points[i]
            let incoming = p - points[(i + n - 1) % n]
            let outgoing = points[(i + 1) % n] - p
            let li = (incoming * incoming).sum().squareRoot(), lo = (outgoing * outgoing).sum().squareRoot()
            guard li > 0, lo > 0 else { continue }
            let a = incoming / li, b = outgoing / lo
            // For a clockwise contour in y-up space, (-dy, dx) points out of the shape.
            let na = SIMD2(-a.y, a.x) * outward, nb = SIMD2(-b.y, b.x) * outward
            let cosine = (a * b).sum()
            // Miter length is 1 / cos(half angle) = sqrt(2 / (1 + cos)); limit it to 2.
            let d = max(1 + cosine, 0.5)
            moved[i] = p + (na + nb) * (strength / d)
        }
        return Self(points: moved, isControl: isControl)
    }

    /// Twice the signed area of the control polygon: negative for TrueType's clockwise outer
    /// contours (y up). Enough to tell the orientation.
    var orientationArea: Float {
        var sum: Float = 0
        for i in points.indices {
            let a = points[i], b = points[(i + 1) % points.count]
            sum += a.x * b.y - b.x * a.y
        }
        return sum
    }
}
