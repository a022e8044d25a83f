/// Draws the visible "AI-generated" badge on every frame of a clip.
///
/// Everything that depends only on the clip (badge size, placement, glyph outlines,
/// coverage) is worked out once in `init` and kept as a small premultiplied sprite;
/// `draw(on:)` lays that sprite over the badge's rectangle of each finished frame, one
/// multiply-add per badge pixel (about 18 000 for the default badge at 1080x1920).
/// The text is set in a font compiled into the program (`BuiltInFont`), never a system
/// font, so the same inputs give the same pixels on every machine.
public struct LabelRenderer: Sendable {
    public let style: LabelStyle
    public let frameWidth: Int
    public let frameHeight: Int
    /// Where the badge is, in frame pixels; `draw(on:)` changes nothing outside it.
    public let badgeRect: BadgeRect
    /// Height of the text's capitals, in frame pixels.
    public let capHeight: Float
    /// Glyphs set, spaces included.
    public let glyphCount: Int
    /// Characters the built-in font lacks, drawn as a box (the command may warn about them).
    public let fallbackCount: Int
    let sprite: BadgeSprite

    /// Lays out the badge for frames of `frameWidth` x `frameHeight` pixels.
    ///
    /// Size: the cap height is 24 pixels per 1080 pixels of the frame's shorter side. For
    /// the 9:16 story format that is the same as following the height (1920 → 24 px, a
    /// 360x640 preview → 8 px); taking the shorter side keeps landscape and square videos'
    /// badges the same size relative to the screen they fill. Frames under 315 pixels
    /// still get 7-pixel capitals, and a badge that does not fit the free area (long
    /// text, tiny frames) shrinks until it does.
    public init(style: LabelStyle = LabelStyle(), frameWidth: Int, frameHeight: Int) {
        precondition(frameWidth > 0 && frameHeight > 0, "a frame has at least one pixel")
        self.style = style
        self.frameWidth = frameWidth
        self.frameHeight = frameHeight
        let line = TextLine(style.displayText, font: .dejaVuSansBold)
        glyphCount = line.glyphs.count
        fallbackCount = line.fallbackCount

        let layout = Self.fittedLayout(line: line, showsIcon: style.showsIcon,
                                       frameWidth: frameWidth, frameHeight: frameHeight)
        capHeight = layout.capHeight
        let width = min(layout.width, frameWidth), height = min(layout.height, frameHeight)
        let origin = LabelPlacement.origin(position: style.position, width: width, height: height,
                                           frameWidth: frameWidth, frameHeight: frameHeight)
        badgeRect = BadgeRect(x: origin.x, y: origin.y, width: width, height: height)
        sprite = BadgeSprite(layout: layout, width: width, height: height)
    }

    /// Composites the badge onto `frame` (premultiplied "over", in the frame's sRGB-encoded
    /// values, as players and editors blend overlays). Pixels outside `badgeRect` are not
    /// touched; alpha stays as it was.
    public func draw(on frame: FrameBuffer) {
        precondition(frame.width == frameWidth && frame.height == frameHeight,
                     "label laid out for \(frameWidth)x\(frameHeight), frame is \(frame.width)x\(frame.height)")
        draw(on: frame, rows: 0..<frame.height)
    }

    /// Composites the part of the badge that lies in rows `rows` of `frame` (a band just
    /// drawn, while it is in cache).
    public func draw(on frame: FrameBuffer, rows: Range<Int>) {
        precondition(frame.width == frameWidth && frame.height == frameHeight,
                     "label laid out for \(frameWidth)x\(frameHeight), frame is \(frame.width)x\(frame.height)")
        let rect = badgeRect
        let first = max(0, rows.lowerBound - rect.y), last = min(rect.height, rows.upperBound - rect.y)
        guard first < last else { return }
        sprite.pixels.withUnsafeBufferPointer { badge in
            for row in first..<last {
                frame.withMutableRow(rect.y + row) { pixels in
                    Self.blend(badge: badge, row: row * rect.width, width: rect.width, into: pixels, at: rect.x)
                }
            }
        }
    }

    @inline(__always)
    private static func blend(badge: UnsafeBufferPointer<Pixel>, row start: Int, width: Int,
                              into pixels: UnsafeMutableBufferPointer<Pixel>, at x: Int) {
        for i in 0..<width {
            let s = badge[start + i]
            let d = pixels[x + i]
            var out = s + (1 - s.w) * d
            out.w = d.w
            pixels[x + i] = out
        }
    }

    /// The largest layout at the designed size that fits the free area of the frame.
    static func fittedLayout(line: TextLine, showsIcon: Bool, frameWidth: Int, frameHeight: Int) -> BadgeLayout {
        let shorter = Float(min(frameWidth, frameHeight))
        var cap = max(BadgeDesign.capHeightAt1080 * shorter / 1080, BadgeDesign.minimumCapHeight)
        if cap >= 6 { cap.round() }
        var layout = BadgeLayout(line: line, showsIcon: showsIcon, capHeight: cap)
        let room = LabelPlacement.room(frameWidth: frameWidth, frameHeight: frameHeight)
        func fits(_ l: BadgeLayout) -> Bool {
            Double(l.width) <= room.width && Double(l.height) <= room.height
        }
        guard !fits(layout) else { return layout }
        // Everything but the rounding to whole pixels scales with the cap height, so one
        // proportional step lands close; a few small steps absorb the rounding.
        let ratio = min(room.width / Double(layout.width), room.height / Double(layout.height))
        cap *= Float(ratio)
        if cap >= 6 { cap.round(.down) }
        layout = BadgeLayout(line: line, showsIcon: showsIcon, capHeight: cap)
        var steps = 0
        while !fits(layout) && steps < 40 {
            cap = cap >= 7 ? cap - 1 : cap * 0.95
            layout = BadgeLayout(line: line, showsIcon: showsIcon, capHeight: cap)
            steps += 1
        }
        return layout
    }
}
