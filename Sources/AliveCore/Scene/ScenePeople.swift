import Foundation

/// The people in a photo, as the face models found them (AliveFaces), in the terms the rest
/// of the clip needs: each head (the face with its hair and a little room above) in photo
/// pixels, and a soft matte of the people at any size.
///
/// People are one rigid layer: the scene maps lose sky, water and foliage where a person is
/// (no cloud drift or ripple ever runs through a face), the person becomes the subject, and
/// each keeps one depth so that parallax moves them whole instead of stretching them. The
/// crop keeps every head whole where it can, and the badge sits in a corner clear of them.
public struct ScenePeople: Sendable {
    /// One head: the face box grown to hold hair and the room above it, photo pixels.
    public typealias Head = Box

    public var heads: [Head]
    /// Each face's features, in the order of `heads`: what face motion warps.
    public var faces: [FaceShape]
    /// The size of the photo the heads are measured in.
    public var photoWidth: Int, photoHeight: Int
    /// The photo file's pixels per pixel of the photo the heads are measured in: the plan
    /// names each face by its box in the file's pixels, whatever size it was decoded at.
    public var fileScale: Double = 1
    /// The people's coverage at `width x height` (the photo stretched to it), 0...255.
    public let matte: @Sendable (_ width: Int, _ height: Int) -> [UInt8]

    public init(heads: [Head], faces: [FaceShape] = [], photoWidth: Int, photoHeight: Int,
                matte: @escaping @Sendable (_ width: Int, _ height: Int) -> [UInt8]) {
        self.heads = heads
        self.faces = faces
        self.photoWidth = photoWidth
        self.photoHeight = photoHeight
        self.matte = matte
    }

    /// The matte at `width x height`, 0...1, with every head box filled, one pixel beyond
    /// its edges (so that the map, enlarged to the photo, is still clear at the box's edge):
    /// a face is covered to its box's corners even where the matte's head ellipse rounds them.
    public func coverage(width: Int, height: Int) -> [Float] {
        var out = matte(width, height).map { Float($0) / 255 }
        let sx = Double(width) / Double(photoWidth), sy = Double(height) / Double(photoHeight)
        for head in heads {
            let x0 = max(0, Int((head.minX * sx).rounded(.down)) - 1), x1 = min(width, Int((head.maxX * sx).rounded(.up)) + 1)
            let y0 = max(0, Int((head.minY * sy).rounded(.down)) - 1), y1 = min(height, Int((head.maxY * sy).rounded(.up)) + 1)
            guard x0 < x1, y0 < y1 else { continue }
            for y in y0..<y1 {
                for x in x0..<x1 { out[y * width + x] = 1 }
            }
        }
        return out
    }

    public var isEmpty: Bool { heads.isEmpty }
}

/// The features of one face that its motion moves, in photo pixels (x right, y down): the
/// face's box (forehead to chin, cheek to cheek), each eyelid's contour and the mouth's corners.
public struct FaceShape: Sendable, Equatable {
    /// One eye: the upper and the lower lid, each from one corner to the other through the
    /// lid's middle (both start and end at the same corners).
    public struct Eye: Sendable, Equatable {
        public var upper: [SIMD2<Double>]
        public var lower: [SIMD2<Double>]
        public init(upper: [SIMD2<Double>], lower: [SIMD2<Double>]) {
            self.upper = upper
            self.lower = lower
        }
    }

    public var box: ScenePeople.Head
    public var eyes: [Eye]
    public var mouthCorners: [SIMD2<Double>]
    /// The chin's lowest point.
    public var chin: SIMD2<Double>

    public init(box: ScenePeople.Head, eyes: [Eye], mouthCorners: [SIMD2<Double>], chin: SIMD2<Double>) {
        self.box = box
        self.eyes = eyes
        self.mouthCorners = mouthCorners
        self.chin = chin
    }

    /// x, y, width, height: how the plan names this face.
    public var planBox: [Double] { [box.minX, box.minY, box.width, box.height] }
}

extension SceneMaps {
    /// These maps with the people kept whole: no sky, water or foliage on them, the people as
    /// (part of) the subject, and one depth over them all, the nearest that the analysis gave
    /// any of them (a person stands in front of what is behind them).
    public func keepingWhole(_ people: ScenePeople) -> SceneMaps {
        guard !people.isEmpty else { return self }
        let (w, h) = (sky.width, sky.height)
        let matte = people.coverage(width: w, height: h)
        var out = self
        var under: [Float] = []
        for i in matte.indices where matte[i] > 0.5 { under.append(depth.values[i]) }
        under.sort()
        let personDepth = under.isEmpty ? 0 : under[under.count / 5]
        for i in matte.indices where matte[i] > 0 {
            let keep = 1 - matte[i]
            out.sky.values[i] *= keep
            out.water.values[i] *= keep
            out.foliage.values[i] *= keep
            out.subject.values[i] = max(out.subject.values[i], matte[i])
            out.depth.values[i] = out.depth.values[i] * keep + personDepth * matte[i]
        }
        return out
    }
}

/// Where the camera looks when a photo has people: the crop is placed so that the first and
/// the last view of the move hold as many heads whole as they can and cut none, the heads'
/// centre as near the middle as that allows; when no view can, the move is eased.
public enum PeopleFraming {
    /// The design and focus for a photo with people: `design` itself when some view holds
    /// every head whole through the whole move; otherwise the least easing of its camera move
    /// (zoom and pan scaled toward none, in quarters) that does; failing that, `design` with
    /// the focus that shows the most heads whole and cuts the fewest.
    public static func fit(_ design: ClipDesign, people: ScenePeople, photoWidth: Int, photoHeight: Int)
        -> (design: ClipDesign, focus: (x: Double, y: Double), easing: Double, allWhole: Bool) {
        let move = design.plan.camera
        var first: (focus: (x: Double, y: Double), allWhole: Bool)?
        for easing in [1.0, 0.75, 0.5, 0.25, 0] {
            var eased = move
            eased.zoom = pow(move.zoom, easing)
            eased.panX = move.panX * easing
            eased.panY = move.panY * easing
            let candidate = easing == 1 ? design : design.replacingCamera(eased)
            let found = focus(for: people, design: candidate, photoWidth: photoWidth, photoHeight: photoHeight)
            if first == nil { first = found }
            if found.allWhole { return (candidate, found.focus, easing, true) }
            if move.zoom == 1 && move.panX == 0 && move.panY == 0 { break }
        }
        return (design, first!.focus, 1, false)
    }

    /// The focus (photo pixels) for `design` on a `photoWidth x photoHeight` photo, and
    /// whether its views hold every head whole.
    public static func focus(for people: ScenePeople, design: ClipDesign,
                             photoWidth: Int, photoHeight: Int) -> (focus: (x: Double, y: Double), allWhole: Bool) {
        let heads = people.heads
        let total = heads.reduce(0) { $0 + $1.area }
        let centre = (x: heads.reduce(0) { $0 + ($1.minX + $1.maxX) / 2 * $1.area } / max(total, 1e-9),
                      y: heads.reduce(0) { $0 + ($1.minY + $1.maxY) / 2 * $1.area } / max(total, 1e-9))
        let (w, h) = (Double(photoWidth), Double(photoHeight))
        var best: (score: Double, focus: (x: Double, y: Double), whole: Int)?
        let steps = 40
        for j in 0...steps / 2 {
            for i in 0...steps {
                let f = (x: w * Double(i) / Double(steps), y: h * Double(j) / Double(steps / 2))
                let framing = design.framing(photoWidth: photoWidth, photoHeight: photoHeight, focus: f)
                let o = framing.photoOrigin
                var score = 0.0, whole = 0
                for t in [0.0, 1.0] {
                    let v = framing.path.window(at: t)
                    let view = Box(minX: v.minX, minY: v.minY, maxX: v.maxX, maxY: v.maxY)
                    for head in heads {
                        let shown = view.intersection(head.offset(o.x, o.y)) / max(head.area, 1e-9)
                        // Whole counts, absent costs nothing, cut costs twice what whole gains.
                        if shown > 0.999 { whole += 1 }
                        score += shown > 0.999 ? head.area : (shown > 0 ? -2 * head.area : 0)
                    }
                }
                let v = framing.path.window(at: 1)
                let dx = (v.centerX - o.x - centre.x) / w, dy = (v.centerY - o.y - centre.y) / h
                score -= 1e-3 * total * (dx * dx + dy * dy)
                if best == nil || score > best!.score { best = (score, f, whole) }
            }
        }
        return (best!.focus, best!.whole == 2 * heads.count)
    }

    /// The heads in output-frame pixels at each of `times` (0...1) of `framing`'s move.
    public static func headsInFrame(_ people: ScenePeople, framing: Framing, times: [Double]) -> [BadgeRect] {
        let o = framing.photoOrigin
        var rects: [BadgeRect] = []
        for t in times {
            let v = framing.path.window(at: t)
            let sx = Double(framing.outputWidth) / v.width, sy = Double(framing.outputHeight) / v.height
            for head in people.heads {
                let x0 = ((head.minX + o.x - v.minX) * sx).rounded(.down), x1 = ((head.maxX + o.x - v.minX) * sx).rounded(.up)
                let y0 = ((head.minY + o.y - v.minY) * sy).rounded(.down), y1 = ((head.maxY + o.y - v.minY) * sy).rounded(.up)
                rects.append(BadgeRect(x: Int(x0), y: Int(y0), width: Int(x1 - x0), height: Int(y1 - y0)))
            }
        }
        return rects
    }
}

extension LabelStyle {
    /// This style with its badge in the first corner (this style's own first, then the other
    /// top corner, then the bottom ones) whose badge overlaps none of `heads` (frame pixels);
    /// if every corner overlaps one, the corner that overlaps least.
    public func clear(of heads: [BadgeRect], frameWidth: Int, frameHeight: Int) -> LabelStyle {
        guard !heads.isEmpty else { return self }
        let order = [position] + [.topLeft, .topRight, .bottomLeft, .bottomRight].filter { $0 != position }
        var best: (overlap: Double, style: LabelStyle)?
        for corner in order {
            var style = self
            style.position = corner
            let badge = LabelRenderer(style: style, frameWidth: frameWidth, frameHeight: frameHeight).badgeRect
            let overlap = heads.reduce(0) { $0 + badge.box.intersection($1.box) }
            if overlap == 0 { return style }
            if best == nil || overlap < best!.overlap { best = (overlap, style) }
        }
        return best!.style
    }
}
