@testable import AliveCore
import Foundation
import Testing

/// The visible "AI-generated" badge: the rasterizer's arithmetic, the built-in font, where
/// the badge goes, whether it can be read, and that drawing it touches nothing else.
@Suite struct LabelTests {
    // MARK: Coverage

    static func polygon(_ points: [SIMD2<Float>], into outline: inout Outline) {
        outline.move(to: points[0])
        for p in points.dropFirst() { outline.line(to: p) }
        outline.close()
    }

    static func rectangle(_ x0: Float, _ y0: Float, _ x1: Float, _ y1: Float, clockwise: Bool = true) -> Outline {
        var o = Outline()
        let corners = [SIMD2(x0, y0), SIMD2(x1, y0), SIMD2(x1, y1), SIMD2(x0, y1)]
        polygon(clockwise ? corners : corners.reversed(), into: &o)
        return o
    }

    /// A square with fractional edges covers each pixel by exactly the area inside it.
    @Test func squareCoverageIsExactArea() {
        let mask = CoverageRasterizer.coverage(of: Self.rectangle(10.25, 5.5, 20, 15.75), width: 30, height: 20)
        for y in 6..<15 {
            #expect(mask[10, y] == 0.75, "left edge at x = 10.25, row \(y)")
            #expect(mask[9, y] == 0 && mask[20, y] == 0)
            for x in 11..<20 { #expect(mask[x, y] == 1) }
        }
        for x in 11..<20 {
            #expect(mask[x, 5] == 0.5, "top edge at y = 5.5")
            #expect(mask[x, 15] == 0.75, "bottom edge at y = 15.75")
            #expect(mask[x, 4] == 0 && mask[x, 16] == 0)
        }
        #expect(mask[10, 5] == 0.375)
        #expect(mask[10, 15] == 0.5625)
        #expect(abs(mask.area - 9.75 * 10.25) < 1e-4)
    }

    /// A slanted edge: a right triangle's pixels add up to its area, and a pixel the
    /// hypotenuse halves diagonally is half covered.
    @Test func slantedEdgeCoverageIsExactArea() {
        var o = Outline()
        Self.polygon([SIMD2(2, 2), SIMD2(12, 2), SIMD2(2, 12)], into: &o)
        let mask = CoverageRasterizer.coverage(of: o, width: 16, height: 16)
        #expect(abs(mask.area - 50) < 1e-4)
        #expect(abs(mask[7, 6] - 0.5) < 1e-6)  // x + y = 14 runs corner to corner
        #expect(mask[4, 4] == 1 && mask[8, 8] == 0)
    }

    /// Non-zero winding: overlapping parts drawn the same way count once, a hole drawn the
    /// other way is empty; shapes partly outside the mask are cut at its border.
    @Test func windingAndClipping() {
        var overlap = Self.rectangle(0, 0, 6, 4)
        overlap.append(Self.rectangle(3, 0, 9, 4))
        let both = CoverageRasterizer.coverage(of: overlap, width: 10, height: 4)
        #expect(both.values.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(both.area == 36)

        var ring = Self.rectangle(0, 0, 10, 10)
        ring.append(Self.rectangle(3, 3, 7, 7, clockwise: false))
        let holed = CoverageRasterizer.coverage(of: ring, width: 10, height: 10)
        #expect(holed[5, 5] == 0 && holed[1, 5] == 1 && holed.area == 84)

        let cut = CoverageRasterizer.coverage(of: Self.rectangle(-5.5, -3, 3.5, 2.25), width: 3, height: 3)
        #expect(cut.values == [1, 1, 1, 1, 1, 1, 0.25, 0.25, 0.25])
        let right = CoverageRasterizer.coverage(of: Self.rectangle(1.5, 0, 40, 1), width: 4, height: 1)
        #expect(right.values == [0, 0.5, 1, 1])
        // Degenerate and non-finite input draws nothing and does not trap.
        var odd = Outline()
        Self.polygon([SIMD2(1, 1), SIMD2(.infinity, 2), SIMD2(.nan, 3)], into: &odd)
        _ = CoverageRasterizer.coverage(of: odd, width: 4, height: 4)
        _ = CoverageRasterizer.coverage(of: Self.rectangle(0, 0, 4, 4), width: 0, height: 0)
    }

    /// Area enclosed by a glyph's contours, exactly: the chord polygon plus, for each
    /// quadratic, two thirds of the triangle its control point makes with the chord.
    static func analyticArea(_ glyph: BuiltInFont.Glyph) -> Float {
        var twice: Float = 0
        func cross(_ a: SIMD2<Float>, _ b: SIMD2<Float>) -> Float { a.x * b.y - a.y * b.x }
        for contour in glyph.contours {
            let p = contour.points, n = p.count
            var i = 0
            while i < n {
                if contour.isControl[(i + 1) % n] {
                    let a = p[i], c = p[(i + 1) % n], b = p[(i + 2) % n]
                    twice += cross(a, b) + 2 / 3 * cross(c - a, b - a)
                    i += 2
                } else {
                    twice += cross(p[i], p[(i + 1) % n])
                    i += 1
                }
            }
        }
        return abs(twice) / 2
    }

    /// Rasterized glyphs hold as much ink as their outlines enclose: "I" (straight edges)
    /// and the curved "O", "g", "@" and "é" (a composite), each within 1 %.
    @Test(arguments: ["I", "O", "g", "@", "é"])
    func glyphInkMatchesOutlineArea(character: Character) throws {
        let font = BuiltInFont.dejaVuSansBold
        let index = try #require(font.glyphIndex(for: character))
        let scale: Float = 40 / font.capHeight
        let outline = TextLine(String(character), font: font).outline(origin: SIMD2(3.3, 52.7), scale: scale)
        let mask = CoverageRasterizer.coverage(of: outline, width: 70, height: 70)
        let expected = Self.analyticArea(font.glyphs[index]) * scale * scale
        #expect(expected > 100)
        #expect(abs(mask.area - expected) / expected < 0.01, "\(character): ink \(mask.area), outline \(expected)")
    }

    // MARK: The built-in font

    /// Latin-1 and Latin Extended-A are all there, with well-formed contours; decomposed
    /// input finds the precomposed letter; kerning pulls "AV" together.
    @Test func fontCoversLatinAndIsWellFormed() throws {
        let font = BuiltInFont.dejaVuSansBold
        for scalar in (0x20...0x7E).map({ $0 }) + Array(0xA0...0x17F) {
            let c = Character(Unicode.Scalar(UInt32(scalar))!)
            #expect(font.glyphIndex(for: c) != nil, "U+\(String(scalar, radix: 16))")
        }
        for glyph in font.glyphs {
            for contour in glyph.contours {
                #expect(contour.points.count == contour.isControl.count && contour.points.count >= 2)
                #expect(!contour.isControl[0])
                for i in 1..<contour.isControl.count {
                    #expect(!(contour.isControl[i] && contour.isControl[i - 1]))
                }
            }
        }
        #expect(font.glyphIndex(for: "e\u{301}") == font.glyphIndex(for: "é"))
        #expect(font.glyphIndex(for: "漢") == nil)
        let a = try #require(font.glyphIndex(for: "A")), v = try #require(font.glyphIndex(for: "V"))
        #expect(font.kerning(a, v) < 0)
        #expect(TextLine("AV", font: font).advance < font.glyphs[a].advance + font.glyphs[v].advance)
    }

    /// Emboldening thickens strokes (more ink) and keeps counters open.
    @Test func emboldeningAddsInk() {
        let line = TextLine("Oe", font: .dejaVuSansBold)
        let scale: Float = 10 / BuiltInFont.dejaVuSansBold.capHeight
        let plain = CoverageRasterizer.coverage(of: line.outline(origin: SIMD2(2, 14), scale: scale), width: 24, height: 18)
        let bold = CoverageRasterizer.coverage(of: line.outline(origin: SIMD2(2, 14), scale: scale, embolden: 0.25),
                                               width: 24, height: 18)
        #expect(bold.area > plain.area * 1.08)
        // The middle of the "O" stays empty.
        #expect(bold[6, 9] < 0.05)
    }

    // MARK: The badge

    /// Text edges are anti-aliased (many grey levels, not just on and off), the capitals'
    /// cores are solid, and no ink reaches the badge's border.
    @Test func textIsAntiAliasedAndInsideTheBadge() {
        let r = LabelRenderer(style: LabelStyle(), frameWidth: 1080, frameHeight: 1920)
        let ink = r.sprite.inkCoverage
        let partial = ink.values.filter { $0 > 0.02 && $0 < 0.98 }
        #expect(partial.count > 300)
        #expect(Set(partial.map { Int($0 * 16) }).count >= 15)
        #expect(ink.values.filter { $0 == 1 }.count > 1000)
        #expect(ink.width == r.badgeRect.width && ink.height == r.badgeRect.height)
        let margin = 4
        for y in 0..<ink.height {
            for x in 0..<ink.width where x < margin || x >= ink.width - margin || y < margin || y >= ink.height - margin {
                #expect(ink[x, y] == 0, "ink at the border, (\(x), \(y))")
            }
        }
        // The pill is rounded: its corners are empty, its middle full, its ends soft.
        let fill = r.sprite.fillCoverage
        #expect(fill[0, 0] == 0 && fill[fill.width - 1, fill.height - 1] == 0)
        #expect(fill[fill.width / 2, fill.height / 2] == 1)
        #expect(fill[0, fill.height / 2] > 0 && fill[0, fill.height / 2] < 1)
    }

    static let sizes = [(1080, 1920), (720, 1280), (360, 640), (1920, 1080), (1080, 1080), (64, 64), (1, 1),
                        (7, 300), (300, 7), (2160, 3840)]

    /// At 1080x1920 every position keeps the badge clear of the story apps' buttons: the
    /// top 14 %, the bottom 20 % and the right 15 %; and in its own corner.
    @Test(arguments: LabelPosition.allCases)
    func badgeAvoidsStoryAppInterface(position: LabelPosition) {
        let r = LabelRenderer(style: LabelStyle(position: position), frameWidth: 1080, frameHeight: 1920)
        let b = r.badgeRect
        #expect(Double(b.y) >= 0.14 * 1920 && Double(b.maxY) <= 0.80 * 1920, "\(b)")
        #expect(b.x >= 0 && Double(b.maxX) <= 0.85 * 1080, "\(b)")
        #expect(b.width >= 200 && b.height >= 40, "\(b)")
        switch position {
        case .topLeft: #expect(b.x < 60 && b.y < 320)
        case .topRight: #expect(b.maxX > 860 && b.y < 320)
        case .bottomLeft: #expect(b.x < 60 && b.maxY > 1480)
        case .bottomRight: #expect(b.maxX > 860 && b.maxY > 1480)
        }
    }

    /// Every frame size, every position: the badge lies inside the frame, in the right
    /// half of it, and where there is room, clear of the app zones; drawing never traps.
    @Test(arguments: sizes)
    func badgeFitsEveryFrame(size: (Int, Int)) {
        let (w, h) = size
        for position in LabelPosition.allCases {
            let r = LabelRenderer(style: LabelStyle(position: position), frameWidth: w, frameHeight: h)
            let b = r.badgeRect
            #expect(b.x >= 0 && b.y >= 0 && b.maxX <= w && b.maxY <= h && b.width >= 1 && b.height >= 1,
                    "\(w)x\(h) \(position): \(b)")
            if w >= 64 && h >= 64 {
                #expect(Double(b.y) >= 0.14 * Double(h) && Double(b.maxY) <= 0.80 * Double(h), "\(w)x\(h): \(b)")
                #expect(Double(b.maxX) <= 0.85 * Double(w), "\(w)x\(h): \(b)")
                #expect(position.isLeft ? b.x < w / 2 : b.maxX > w / 2)
                #expect(position.isTop ? b.y < h / 2 : b.maxY > h / 2)
            }
            let frame = FrameBuffer(width: w, height: h, fill: Pixel(1, 1, 1, 1))
            r.draw(on: frame)
        }
    }

    /// The badge grows with the frame: the same share of the shorter side from 720 up.
    @Test func badgeScalesWithTheFrame() {
        let small = LabelRenderer(frameWidth: 720, frameHeight: 1280)
        let story = LabelRenderer(frameWidth: 1080, frameHeight: 1920)
        let uhd = LabelRenderer(frameWidth: 2160, frameHeight: 3840)
        #expect(story.capHeight == 24)
        #expect(small.capHeight == 16 && uhd.capHeight == 48)
        #expect(abs(Double(uhd.badgeRect.width) / Double(story.badgeRect.width) - 2) < 0.02)
        #expect(LabelRenderer(frameWidth: 1920, frameHeight: 1080).capHeight == 24)
    }

    /// A text too long for the free width shrinks to fit instead of running into the buttons.
    @Test func longTextShrinksToFit() {
        let text = "Dieses Video wurde vollständig mit künstlicher Intelligenz erzeugt"
        let r = LabelRenderer(style: LabelStyle(text: text), frameWidth: 1080, frameHeight: 1920)
        #expect(Double(r.badgeRect.maxX) <= 0.85 * 1080)
        #expect(r.capHeight < 24 && r.capHeight >= 10)
    }

    // MARK: Legibility

    static func luminance(_ p: Pixel) -> Double {
        func linear(_ c: Float) -> Double {
            let c = Double(c)
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(p.x) + 0.7152 * linear(p.y) + 0.0722 * linear(p.z)
    }

    /// A 3x box-filtered copy: how a phone shows a 1080x1920 video in a 360x640 thumbnail.
    static func downscaled(_ f: FrameBuffer, by k: Int) -> FrameBuffer {
        let out = FrameBuffer(width: f.width / k, height: f.height / k)
        for y in 0..<out.height {
            for x in 0..<out.width {
                var sum = Pixel.zero
                for dy in 0..<k { for dx in 0..<k { sum += f[x * k + dx, y * k + dy] } }
                out[x, y] = sum / Float(k * k)
            }
        }
        return out
    }

    /// Luminances of the pixels wholly inside the badge, at a third of the size.
    static func badgeLuminances(_ r: LabelRenderer, background: Pixel) -> (values: [Double], width: Int) {
        let frame = FrameBuffer(width: r.frameWidth, height: r.frameHeight, fill: background)
        r.draw(on: frame)
        let small = downscaled(frame, by: 3)
        let b = r.badgeRect
        let x0 = (b.x + 2) / 3, x1 = b.maxX / 3, y0 = (b.y + 2) / 3, y1 = b.maxY / 3
        var values: [Double] = []
        for y in y0..<y1 { for x in x0..<x1 { values.append(luminance(small[x, y])) } }
        return (values, x1 - x0)
    }

    /// Shown at 360x640, the capitals are at least 7 pixels tall.
    @Test func capitalsAreSevenPixelsTallAt360x640() {
        let r = LabelRenderer(style: LabelStyle(text: "HI", showsIcon: false), frameWidth: 1080, frameHeight: 1920)
        #expect(r.capHeight == LabelRenderer(frameWidth: 1080, frameHeight: 1920).capHeight)
        let (values, width) = Self.badgeLuminances(r, background: Pixel(0.5, 0.5, 0.5, 1))
        let pill = values.sorted()[values.count / 4], text = values.max()!
        let threshold = (pill + text) / 2
        let inkRows = Set(values.indices.filter { values[$0] > threshold }.map { $0 / width })
        let height = inkRows.max()! - inkRows.min()! + 1
        #expect(height >= 7, "cap height \(height) px at 360x640")
        #expect(inkRows.count == height)  // one solid run
    }

    /// Text against its pill keeps WCAG's 4.5:1 contrast at 360x640, on white (the worst
    /// case), grey and black frames, measured on the pixels.
    @Test(arguments: [Pixel(1, 1, 1, 1), Pixel(0.5, 0.5, 0.5, 1), Pixel(0, 0, 0, 1), Pixel(1, 0.9, 0.2, 1)])
    func textContrastMeetsWCAG(background: Pixel) {
        let r = LabelRenderer(frameWidth: 1080, frameHeight: 1920)
        let (values, _) = Self.badgeLuminances(r, background: background)
        let pill = values.sorted()[values.count / 2]  // most of the badge is bare pill
        let text = values.max()!
        let ratio = (text + 0.05) / (pill + 0.05)
        #expect(ratio >= 4.5, "contrast \(ratio) on \(background)")
        // And the pill is visibly darker than a bright frame behind it.
        #expect(pill < 0.2)
    }

    // MARK: Text

    /// Other languages' labels set without fallbacks, one glyph per character, accents
    /// adding ink and width; decomposed input looks the same as precomposed.
    @Test func accentedTextRenders() {
        for text in ["Generato con IA", "KI-generiert", "Généré par IA", "Gerado por IA", "Generado por IA",
                     "Wygenerowane przez SI: żółć", "Vytvořeno umělou inteligencí", "Yapay zekâ ile üretildi ğış",
                     "Generat de IA: ș ț", "Mesterséges intelligencia ő ű"] {
            let r = LabelRenderer(style: LabelStyle(text: text), frameWidth: 1080, frameHeight: 1920)
            #expect(r.fallbackCount == 0, "\(text)")
            #expect(r.glyphCount == text.count, "\(text)")
        }
        let plain = LabelRenderer(style: LabelStyle(text: "Genere par IA"), frameWidth: 1080, frameHeight: 1920)
        let accented = LabelRenderer(style: LabelStyle(text: "Généré par IA"), frameWidth: 1080, frameHeight: 1920)
        #expect(accented.sprite.inkCoverage.area > plain.sprite.inkCoverage.area + 50)
        let longer = LabelRenderer(style: LabelStyle(text: "Généré par IA !"), frameWidth: 1080, frameHeight: 1920)
        #expect(longer.badgeRect.width > accented.badgeRect.width)
        let decomposed = LabelRenderer(style: LabelStyle(text: "Ge\u{301}ne\u{301}re\u{301} par IA"),
                                       frameWidth: 1080, frameHeight: 1920)
        #expect(decomposed.sprite.pixels == accented.sprite.pixels)
    }

    /// Characters the font lacks show as a box (ink, counted), and nothing odd traps;
    /// blank text falls back to the default label.
    @Test func unknownCharactersShowAsBoxes() {
        let r = LabelRenderer(style: LabelStyle(text: "漢"), frameWidth: 1080, frameHeight: 1920)
        #expect(r.fallbackCount == 1 && r.glyphCount == 1)
        let boxOnly = LabelRenderer(style: LabelStyle(text: "漢", showsIcon: false), frameWidth: 1080, frameHeight: 1920)
        #expect(boxOnly.sprite.inkCoverage.area > 100)
        for text in ["😀🇮🇹 AI", "\u{301}", "a\u{0}b\u{7}", "\u{200B}", "Ελληνικά", "日本語のラベル", String(repeating: "W", count: 500)] {
            let odd = LabelRenderer(style: LabelStyle(text: text), frameWidth: 1080, frameHeight: 1920)
            #expect(odd.badgeRect.maxX <= 1080 && odd.badgeRect.width > 0, "\(text.prefix(20))")
        }
        let blank = LabelRenderer(style: LabelStyle(text: " \n\t "), frameWidth: 1080, frameHeight: 1920)
        #expect(blank.sprite.pixels == LabelRenderer(frameWidth: 1080, frameHeight: 1920).sprite.pixels)
    }

    // MARK: Drawing

    /// Every pixel outside the badge is left exactly as it was, and so is alpha; inside, the
    /// badge shows.
    @Test(arguments: LabelPosition.allCases)
    func drawLeavesTheRestOfTheFrameAlone(position: LabelPosition) {
        let r = LabelRenderer(style: LabelStyle(position: position), frameWidth: 540, frameHeight: 960)
        let frame = TestImages.random(width: 540, height: 960, seed: 42)
        let before = frame.copy()
        r.draw(on: frame)
        var changedInside = 0
        for y in 0..<960 {
            for x in 0..<540 {
                if r.badgeRect.contains(x: x, y: y) {
                    if frame[x, y] != before[x, y] { changedInside += 1 }
                    #expect(frame[x, y].w == before[x, y].w)
                } else if frame[x, y] != before[x, y] {
                    Issue.record("pixel (\(x), \(y)) outside \(r.badgeRect) changed")
                    return
                }
            }
        }
        #expect(changedInside > r.badgeRect.width * r.badgeRect.height / 2)
    }

    /// The row kernel matches a plain per-pixel "over" on random frames at many sizes.
    @Test func drawMatchesReferenceComposite() {
        for (i, (w, h)) in [(1080, 1920), (333, 517), (64, 64), (1921, 1081), (17, 900)].enumerated() {
            let r = LabelRenderer(style: LabelStyle(position: LabelPosition.allCases[i % 4]), frameWidth: w, frameHeight: h)
            let frame = TestImages.random(width: w, height: h, seed: UInt64(i))
            let expected = frame.copy()
            let b = r.badgeRect
            for y in 0..<b.height {
                for x in 0..<b.width {
                    let s = r.sprite.pixels[y * b.width + x]
                    let d = expected[b.x + x, b.y + y]
                    expected[b.x + x, b.y + y] = Pixel(s.x + (1 - s.w) * d.x, s.y + (1 - s.w) * d.y,
                                                       s.z + (1 - s.w) * d.z, d.w)
                }
            }
            r.draw(on: frame)
            var worst: Float = 0
            frame.withPixels { a in
                expected.withPixels { e in
                    for k in a.indices {
                        let d = a[k] - e[k]
                        worst = max(worst, abs(d.x), abs(d.y), abs(d.z), abs(d.w))
                    }
                }
            }
            #expect(worst < 1e-6, "\(w)x\(h)")
        }
    }

    /// Same inputs, same pixels.
    @Test func drawingIsDeterministic() {
        let a = LabelRenderer(style: LabelStyle(text: "KI-generiert", position: .bottomLeft), frameWidth: 720, frameHeight: 1280)
        let b = LabelRenderer(style: LabelStyle(text: "KI-generiert", position: .bottomLeft), frameWidth: 720, frameHeight: 1280)
        #expect(a.badgeRect == b.badgeRect && a.sprite.pixels == b.sprite.pixels)
        let f = TestImages.random(width: 720, height: 1280, seed: 7), g = f.copy()
        a.draw(on: f)
        b.draw(on: g)
        f.withPixels { p in g.withPixels { q in #expect(Array(p) == Array(q)) } }
    }
}
