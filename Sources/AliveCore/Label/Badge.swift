/// The badge's look: a dark, semi-transparent pill with white text and a four-pointed star.
/// Every length is a multiple of the text's cap height, so the badge scales as one piece.
enum BadgeDesign {
    /// Cap height on a frame whose shorter side is 1080 pixels. Shown at a third of that
    /// (360x640, a phone's feed thumbnail) the capitals are still 8 pixels tall.
    static let capHeightAt1080: Float = 24
    /// Below this cap height letters stop being legible; a small frame gets a badge no
    /// smaller than this unless the frame cannot hold it.
    static let minimumCapHeight: Float = 7

    static let height: Float = 2.3
    static let paddingStart: Float = 0.8
    static let iconGap: Float = 0.42
    static let paddingEnd: Float = 0.9
    /// The star, relative to the font's own size for it (a little taller than a capital).
    static let iconScale: Float = 1.0
    /// U+2726 BLACK FOUR POINTED STAR, from the same font.
    static let icon: Character = "\u{2726}"

    /// Near-black, mostly opaque: white text on it keeps a WCAG contrast ratio above 4.5
    /// even over a pure white frame (the fill alone makes white 0.36, luminance 0.11),
    /// while the picture still shows through.
    static let fill = SIMD3<Float>(0.06, 0.06, 0.07)
    static let fillOpacity: Float = 0.68
    static let ink = SIMD3<Float>(1, 1, 1)

    /// Extra stem weight, in pixels per side, for small text. At an em under 16 pixels
    /// DejaVu Bold's stems drop below 3 pixels and anti-aliasing greys them out; a touch of
    /// emboldening (FreeType's technique) keeps them white.
    static func embolden(emPixels: Float) -> Float {
        min(max((16 - emPixels) / 16, 0), 1) * 0.25
    }
}

/// The badge's geometry at one cap height, in pixels with the origin at its top-left.
struct BadgeLayout {
    let capHeight: Float
    let width: Int
    let height: Int
    let baseline: Float
    /// The text and the icon, ready to rasterize.
    let ink: Outline

    init(line: TextLine, showsIcon: Bool, capHeight cap: Float) {
        let font = line.font
        let scale = cap / font.capHeight
        let embolden = BadgeDesign.embolden(emPixels: scale * font.unitsPerEm)
        capHeight = cap
        height = max(1, Int((BadgeDesign.height * cap).rounded()))
        // Capitals centred; whole-pixel baseline (and cap height, see LabelRenderer) so
        // the bottoms and tops of the capitals fall on pixel edges and stay sharp.
        let centred = (Float(height) + cap) / 2
        baseline = cap >= 6 ? centred.rounded() : centred

        var x = BadgeDesign.paddingStart * cap
        var ink = Outline()
        if showsIcon, font.glyphIndex(for: BadgeDesign.icon) != nil {
            let star = TextLine(String(BadgeDesign.icon), font: font)
            let shape = star.outline(origin: .zero, scale: scale * BadgeDesign.iconScale, embolden: embolden)
            if let box = shape.bounds {
                let middle = (box.min.y + box.max.y) / 2
                ink.append(shape.translated(by: SIMD2(x - box.min.x, baseline - cap / 2 - middle)))
                x += box.max.x - box.min.x + BadgeDesign.iconGap * cap
            }
        }
        let text = line.outline(origin: .zero, scale: scale, embolden: embolden)
        if let box = text.bounds {
            ink.append(text.translated(by: SIMD2(x - box.min.x, baseline)))
            x += box.max.x - box.min.x
        }
        x += BadgeDesign.paddingEnd * cap
        width = max(Int(x.rounded(.up)), height)
        self.ink = ink
    }
}

/// The badge drawn once per clip: premultiplied RGBA, ready to lay over every frame.
struct BadgeSprite: Sendable {
    let width: Int
    let height: Int
    /// Premultiplied colour and alpha, rows top to bottom.
    let pixels: [Pixel]
    /// How much of each pixel the text and icon cover.
    let inkCoverage: CoverageMask
    /// How much of each pixel the pill covers.
    let fillCoverage: CoverageMask

    /// Rasterizes `layout` into a `width` x `height` sprite (smaller than the layout only
    /// when the frame is smaller than the badge; the rest is cut off).
    init(layout: BadgeLayout, width: Int, height: Int) {
        self.width = width
        self.height = height
        let pill = Outline.roundedRectangle(x: 0, y: 0, width: Float(layout.width), height: Float(layout.height),
                                            radius: Float(layout.height) / 2)
        fillCoverage = CoverageRasterizer.coverage(of: pill, width: width, height: height)
        inkCoverage = CoverageRasterizer.coverage(of: layout.ink, width: width, height: height)
        let fill = SIMD4(BadgeDesign.fill, 1) * BadgeDesign.fillOpacity
        let ink = SIMD4(BadgeDesign.ink, 1)
        var pixels = [Pixel](repeating: .zero, count: width * height)
        for i in pixels.indices {
            // Ink over fill, both premultiplied; ink only where the pill is.
            let f = fillCoverage.values[i]
            let t = min(inkCoverage.values[i], f)
            pixels[i] = t * ink + (1 - t) * f * fill
        }
        self.pixels = pixels
    }
}
