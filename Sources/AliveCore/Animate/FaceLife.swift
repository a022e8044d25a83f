import Foundation

/// Subtle life for the people in a photo: both eyes blink together, the mouth's corners lift
/// a little, the head turns, nods and tilts by a few degrees with the neck following, and the
/// shoulders rise and fall with the breath.
///
/// Every motion is a smooth, local backward warp around the face's landmarks, applied to the
/// plate position each output pixel samples (after the camera and parallax): no pixel is
/// invented, and nothing outside a person's reach moves. Each person has their own timing,
/// drawn from the seed, and every motion is zero at the first frame (frame 0 is the photo)
/// and periodic over the clip or its loop cycle (the frame after the last is the first).
///
/// The lips never part and never move as in speech: the smile only lifts the corners.
public struct FaceLife: Sendable {
    /// One person's features in plate pixels, and their timing.
    struct Person: Sendable {
        let eyes: [Lid]
        let mouth: [SIMD2<Float>]
        let mouthWidth: Float
        /// The face box's centre and half size.
        let centre: SIMD2<Float>, radii: SIMD2<Float>
        /// The neck, below the chin: what the head's tilt turns around.
        let pivot: SIMD2<Float>
        let chin: SIMD2<Float>
        /// Where any of this person's motion reaches.
        let low: SIMD2<Float>, high: SIMD2<Float>
        let motions: FaceMotions
        let timing: Timing
        /// The other faces (centre, half size): this person's head and breath leave them be.
        var others: [(centre: SIMD2<Float>, radii: SIMD2<Float>)] = []

        @inline(__always)
        func reaches(_ q: SIMD2<Float>) -> Bool { q.x > low.x && q.x < high.x && q.y > low.y && q.y < high.y }
    }

    /// One eye's lids as curves y(x) between its corners (plate pixels), and the closing lid
    /// drawn over them.
    ///
    /// Shut, a real eye shows the upper lid's smooth skin from the crease down to the lashes,
    /// which lie on the lower lid as a dark line. So the closing lid is a sheet laid over the
    /// eye: its margin (the lashes, the band just above the upper lid's line) slides down whole
    /// by `closed` times the opening in each column, to just below the lower lid's line, and
    /// above it the skin runs smoothly between the skin's colour above the lashes and below
    /// the lower lid (`skin`), coming in as the eye closes. Skin shifted or mirrored down from
    /// above the lid carried the lashes and the lid's crease into the sheet as lines, and
    /// stretching it drew the brow and the iris into streaks. The sheet fades in over two
    /// lash heights at its top, a pixel or so at its lower edge, and towards the eye's
    /// corners, where the opening and so the slide come to nothing; shut, the lashes' line is
    /// a slightly darker crease.
    struct Lid: Sendable {
        let upper: [SIMD2<Float>], lower: [SIMD2<Float>]   // sorted by x
        let minX: Float, maxX: Float
        /// The lashes' band at the foot of the lid's skin.
        let lash: Float
        /// The widest opening.
        let opening: Float
        /// The box outside which `cover` leaves every point as it is.
        let low: SIMD2<Float>, high: SIMD2<Float>

        init(upper: [SIMD2<Float>], lower: [SIMD2<Float>], photo: FrameBuffer? = nil) {
            self.upper = upper.sorted { $0.x < $1.x }
            self.lower = lower.sorted { $0.x < $1.x }
            minX = max(self.upper.first!.x, self.lower.first!.x)
            maxX = min(self.upper.last!.x, self.lower.last!.x)
            let width = max(1, maxX - minX)
            let lidTop = upper.map(\.y).min() ?? 0
            lash = max(0.5, 0.06 * width)
            var widest: Float = 0
            for x in stride(from: minX, through: maxX, by: max(0.5, width / 16)) {
                widest = max(widest, Self.y(self.lower, x) - Self.y(self.upper, x))
            }
            opening = widest
            let lidBottom = lower.map(\.y).max() ?? 0
            low = SIMD2(minX - 0.1 * width, lidTop - 4 * lash)
            high = SIMD2(maxX + 0.1 * width, lidBottom + 3 * lash)
            // The skin's colour just above the lashes and just below the lower lid, at a
            // quarter, half and three quarters of the way across: the closed lid runs
            // smoothly between them (per column, the lashes and creases made it streaky).
            var above: [Pixel] = [], below: [Pixel] = []
            if let photo {
                let spread = SIMD2(0.06 * width, 0.7 * lash)
                for share in Self.knots {
                    let x = minX + share * width
                    above.append(FaceLife.skin(photo, SIMD2(x, Self.y(self.upper, x) - 3 * lash), spread))
                    below.append(FaceLife.skin(photo, SIMD2(x, Self.y(self.lower, x) + 2.6 * lash), spread))
                }
            }
            skin = (above, below)
        }

        static let knots: [Float] = [0.25, 0.5, 0.75]
        /// The skin's colours above and below the eye at `knots` (none without a photo).
        let skin: (above: [Pixel], below: [Pixel])

        /// The lid's skin colour at `x`, `down` of the way from above the eye to below it.
        @inline(__always)
        func skinColour(_ x: Float, down: Float) -> Pixel {
            let g = min(max((x - minX) / max(1, maxX - minX) * 4 - 1, 0), 2)
            let i = min(Int(g), 1), f = g - Float(i)
            let above = skin.above[i] + (skin.above[i + 1] - skin.above[i]) * f
            let below = skin.below[i] + (skin.below[i + 1] - skin.below[i]) * f
            return above + (below - above) * down
        }

        /// The curve's y at `x` (linear between its points, level beyond its ends).
        @inline(__always)
        static func y(_ curve: [SIMD2<Float>], _ x: Float) -> Float {
            var i = 1
            while i < curve.count - 1 && curve[i].x < x { i += 1 }
            let a = curve[i - 1], b = curve[i]
            let u = b.x > a.x ? min(1, max(0, (x - a.x) / (b.x - a.x))) : 0
            return a.y + (b.y - a.y) * u
        }

        /// The closing lid over one point.
        struct Cover {
            /// Where the lid's margin (its lashes) samples the plate, sliding down.
            var source: SIMD2<Float>
            /// How far down the lid's skin the point is, from its colour above the eye to
            /// its colour below it (0 ... 1), and how much of that skin (rather than the
            /// sliding margin) shows (0 ... 1).
            var down: Float, skin: Float
            /// How much of the lid covers the point (0 ... 1), and how much darker the lashes'
            /// crease makes it (0 ... 1).
            var alpha: Float, shade: Float
        }

        /// The closing lid over `p` with the eye `closed` (0 open ... 1 shut); nil where the
        /// eye shows as it is.
        @inline(__always)
        func cover(_ p: SIMD2<Float>, closed: Float) -> Cover? {
            let width = maxX - minX, feather = 0.08 * width
            let across = FaceLife.Person.smoothstep(minX - feather, minX + feather, p.x)
                * (1 - FaceLife.Person.smoothstep(maxX - feather, maxX + feather, p.x))
            guard across > 0 else { return nil }
            let top = Self.y(upper, p.x), bottom = Self.y(lower, p.x), o = max(0, bottom - top)
            // Shut, the lashes lie just over the lower lid's line; nothing moves at the corners.
            let full = FaceLife.Person.smoothstep(0, 0.4 * opening, o)
            let shift = closed * (o + lash * full)
            let edge = top + shift, sheetTop = top - 2 * lash
            let soft = max(0.4, 0.15 * lash)
            guard p.y > sheetTop - 1.5 * lash && p.y < edge + 3 * soft else { return nil }
            let alpha = across * FaceLife.Person.smoothstep(sheetTop - 1.5 * lash, sheetTop + 0.5 * lash, p.y)
                * (1 - FaceLife.Person.smoothstep(edge - soft, edge + soft, p.y))
            guard alpha > 0 else { return nil }
            let u = edge - p.y
            let crease = (p.y - edge + 0.3 * lash) / max(0.5, 0.3 * lash)
            let end = bottom + lash
            return Cover(source: SIMD2(p.x, p.y - shift),
                         down: min(1, max(0, (p.y - sheetTop) / max(1, end - sheetTop))),
                         skin: skin.above.isEmpty ? 0 : FaceLife.Person.smoothstep(0, 0.3, closed) * FaceLife.Person.smoothstep(0.3 * lash, lash, u),
                         alpha: alpha, shade: 0.3 * closed * full * across * exp(-0.5 * crease * crease))
        }
    }

    /// When one person's motions happen: in seconds within a `period` (the clip, or one loop cycle).
    struct Timing: Sendable {
        let period: Double
        /// Each blink's start and length.
        let blinks: [(start: Double, length: Double)]
        let smileCycles: Double
        /// Tilt, turn and nod: peak angles (radians), cycles per period, phases.
        let angles: SIMD3<Double>, cycles: SIMD3<Double>, phases: SIMD3<Double>
        let breathCycles: Double

        init(period: Double, random: inout SeededRandom) {
            self.period = period
            var blinks: [(Double, Double)] = []
            var start = 0.6 + 1.2 * random.unit()
            while true {
                let length = 0.15 + 0.1 * random.unit()
                guard start + length < period - 0.15 else { break }
                blinks.append((start, length))
                start += length + 2 + 2 * random.unit()
            }
            self.blinks = blinks
            smileCycles = max(1, (period / 7).rounded())
            let degree = Double.pi / 180
            angles = SIMD3(2 + random.unit(), 2.5 + random.unit(), 2 + random.unit()) * degree
            // Each a whole number of slow swings (5-8 s) per period, at least one.
            func swings(_ seconds: Double) -> Double { max(1, (period / seconds).rounded()) }
            cycles = SIMD3(swings(5 + 3 * random.unit()), swings(5 + 3 * random.unit()), swings(4 + 3 * random.unit()))
            phases = SIMD3(random.unit(), random.unit(), random.unit()) * 2 * Double.pi
            // 0.2-0.3 Hz, a whole number of breaths per period.
            breathCycles = max(1, (period * (0.2 + 0.1 * random.unit())).rounded())
        }
    }

    /// One person's motions at one moment: how shut the eyes are, how much the smile and the
    /// breath show (0...1), and the head's tilt, turn and nod (radians).
    struct Pose: Sendable {
        var closed: Float = 0, smile: Float = 0, breath: Float = 0
        var tilt: Float = 0, turn: Float = 0, nod: Float = 0
        /// The smooth part of the motion (head, breath, smile) at this moment, worked out once
        /// on a grid; nil when that part is at rest.
        var field: Field?
        /// Whether the smooth part (head, breath, smile) moves: what `field` is made for.
        var movesSmoothly: Bool { smile != 0 || breath != 0 || tilt != 0 || turn != 0 || nod != 0 }
        var isRest: Bool { closed == 0 && !movesSmoothly }
    }

    /// How far each plate position of a person's reach samples from, for the smooth motions:
    /// worked out on a grid every few plate pixels once per frame and read bilinearly at the
    /// nodes of the rigid layers' lattices (exact where the head moves rigidly, an affine map;
    /// the grid's step is a twentieth of the face's smaller half size, so the fades and the
    /// smile's bump, which span many steps, are kept). The pixels between the nodes are
    /// interpolated with the rest of the land's motion; only the blink is worked out per
    /// pixel, inside the eyes' boxes (per pixel, the whole field made a portrait's clip
    /// slower than a landscape's).
    struct Field: Sendable {
        let origin: SIMD2<Float>, step: Float
        let columns: Int, rows: Int
        let offsets: [SIMD2<Float>]

        init(_ person: Person, _ pose: Pose) {
            step = min(16, max(2, 0.05 * min(person.radii.x, person.radii.y)))
            origin = person.low
            columns = Int(((person.high.x - person.low.x) / step).rounded(.up)) + 2
            rows = Int(((person.high.y - person.low.y) / step).rounded(.up)) + 2
            let rotation = SIMD2(cos(pose.tilt), sin(pose.tilt))
            var offsets: [SIMD2<Float>] = []
            offsets.reserveCapacity(columns * rows)
            for j in 0..<rows {
                for i in 0..<columns {
                    let q = origin + step * SIMD2(Float(i), Float(j))
                    offsets.append(person.smoothSource(q, pose, rotation: rotation) - q)
                }
            }
            self.offsets = offsets
        }

        @inline(__always)
        func offset(_ q: SIMD2<Float>) -> SIMD2<Float> {
            let g = (q - origin) / step
            let x = min(max(g.x, 0), Float(columns - 1)), y = min(max(g.y, 0), Float(rows - 1))
            let i = min(Int(x), columns - 2), j = min(Int(y), rows - 2)
            let fx = x - Float(i), fy = y - Float(j)
            let k = j * columns + i
            let top = offsets[k] + (offsets[k + 1] - offsets[k]) * fx
            let bottom = offsets[k + columns] + (offsets[k + columns + 1] - offsets[k + columns]) * fx
            return top + (bottom - top) * fy
        }
    }

    let people: [Person]
    let loop: Double?

    /// - Parameters:
    ///   - faces: the faces in photo pixels, with the motions each gets (still ones are left out).
    ///   - toPlate: photo pixels to plate pixels.
    ///   - plate: the photo's plate. No one's reach goes further than a few pixels past its
    ///     edges (nothing there is seen; a portrait's breath below the frame was a sixth of
    ///     its face work), and the closed lids take their skin's colour from it.
    init?(faces: [(shape: FaceShape, motions: FaceMotions, index: Int)], toPlate: (SIMD2<Double>) -> SIMD2<Double>,
          plate photo: FrameBuffer? = nil, loop: Double?, duration: Double, seed: UInt64) {
        let moving = faces.filter { !$0.motions.isStill }
        guard !moving.isEmpty else { return nil }
        self.loop = loop
        let period = loop ?? duration
        let size = photo.map { SIMD2(Float($0.width), Float($0.height)) } ?? SIMD2(repeating: .infinity)
        let edge = (low: SIMD2<Float>(repeating: -16), high: size + 16)
        var people = moving.map { face in
            func plate(_ p: SIMD2<Double>) -> SIMD2<Float> { SIMD2<Float>(toPlate(p)) }
            let s = face.shape
            let box = (low: plate(SIMD2(s.box.minX, s.box.minY)), high: plate(SIMD2(s.box.maxX, s.box.maxY)))
            let centre = (box.low + box.high) / 2, radii = (box.high - box.low) / 2
            let chin = plate(s.chin)
            let mouth = s.mouthCorners.map(plate)
            let reach = SIMD2<Float>(4.5 * radii.x, 0)
            var random = SeededRandom(seed: seed ^ (0xFACE_0000 &+ UInt64(face.index) &* 0x9E37_79B9_7F4A_7C15))
            return Person(eyes: s.eyes.map { Lid(upper: $0.upper.map(plate), lower: $0.lower.map(plate), photo: photo) },
                          mouth: mouth, mouthWidth: mouth.count == 2 ? ((mouth[1] - mouth[0]) * (mouth[1] - mouth[0])).sum().squareRoot() : 0,
                          centre: centre, radii: radii, pivot: chin + SIMD2(0, 0.35 * radii.y * 2), chin: chin,
                          low: pointwiseMax(pointwiseMin(centre - SIMD2(2, 2.5) * radii, chin - reach), edge.low),
                          high: pointwiseMin(pointwiseMax(centre + 2 * radii, chin + reach + SIMD2(0, 6 * radii.y)), edge.high),
                          motions: face.motions, timing: Timing(period: period, random: &random))
        }
        // Every face found, moving or not, is kept clear of its neighbours' motion.
        let all = faces.map { face in
            let s = face.shape
            let low = SIMD2<Float>(toPlate(SIMD2(s.box.minX, s.box.minY)))
            let high = SIMD2<Float>(toPlate(SIMD2(s.box.maxX, s.box.maxY)))
            return (index: face.index, centre: (low + high) / 2, radii: (high - low) / 2)
        }
        for (i, face) in moving.enumerated() {
            people[i].others = all.filter { $0.index != face.index }.map { ($0.centre, $0.radii) }
        }
        self.people = people
    }

    /// Each person's pose at `seconds` into the clip.
    func poses(at seconds: Double) -> [Pose] {
        people.map { person in
            let timing = person.timing, m = person.motions
            let period = timing.period
            let t = loop != nil ? seconds - (seconds / period).rounded(.down) * period : seconds
            let phase = 2 * Double.pi * t / period
            func rise(_ cycles: Double) -> Float { Float((1 - cos(cycles * phase)) / 2) }
            var pose = Pose()
            if m.blink {
                for blink in timing.blinks where t > blink.start && t < blink.start + blink.length {
                    // Shut fast (a third of the blink), held a moment, opened more slowly.
                    let u = (t - blink.start) / blink.length
                    let v = u < 0.35 ? u / 0.35 : u < 0.5 ? 1 : (1 - u) / 0.5
                    pose.closed = Float(v * v * (3 - 2 * v))
                }
            }
            if m.smile { pose.smile = rise(timing.smileCycles) }
            if m.breathe { pose.breath = rise(timing.breathCycles) }
            switch m.head {
            case .wander?:
                // Each angle swings within its peak, at rest at the first frame.
                var a = SIMD3<Double>()
                for k in 0..<3 {
                    let p = timing.phases[k]
                    a[k] = timing.angles[k] * (sin(timing.cycles[k] * phase + p) - sin(p)) / (1 + abs(sin(p)))
                }
                (pose.tilt, pose.turn, pose.nod) = (Float(a.x), Float(a.y), Float(a.z))
            case .nod?:
                pose.nod = Float(4 * Double.pi / 180) * rise(max(1, (period / 3).rounded()))
            case .lookLeft?, .lookRight?:
                pose.turn = (m.head == .lookLeft ? -1 : 1) * Float(4 * Double.pi / 180) * rise(1)
            case nil:
                break
            }
            if pose.movesSmoothly { pose.field = Field(person, pose) }
            return pose
        }
    }

    /// Where plate position `q` samples through the people's smooth motions (head, breath,
    /// smile) in `poses`: worked out at the nodes of a lattice (`CoordinateGrid`), so it costs
    /// nothing per pixel.
    @inline(__always)
    func smoothSource(_ q: SIMD2<Float>, poses: [Pose]) -> SIMD2<Float> {
        var s = q
        for (person, pose) in zip(people, poses) {
            guard let field = pose.field, person.reaches(s) else { continue }
            s += field.offset(s)
        }
        return s
    }

    static let luma = Pixel(0.2126, 0.7152, 0.0722, 0)
    /// Where the lid's skin colour is looked for around a point, in `spread`s.
    static let taps: [SIMD2<Float>] = [.zero, SIMD2(-1, 0), SIMD2(1, 0), SIMD2(-2, 0), SIMD2(2, 0), SIMD2(-1.5, -1),
                                       SIMD2(0, -1), SIMD2(1.5, -1), SIMD2(-1.5, 1), SIMD2(0, 1), SIMD2(1.5, 1)]

    /// The skin's colour around `p`: the taps weighted smoothly towards the brightest (skin
    /// rather than lashes, creases and hair).
    @inline(__always)
    static func skin(_ plate: FrameBuffer, _ p: SIMD2<Float>, _ spread: SIMD2<Float>) -> Pixel {
        var brightest: Float = 0
        for tap in taps {
            brightest = max(brightest, (sample(plate, p + tap * spread) * luma).sum())
        }
        var total = Pixel(), weights: Float = 0
        for tap in taps {
            let value = sample(plate, p + tap * spread)
            let w = exp(((value * luma).sum() - brightest) / 0.05)
            total += value * w
            weights += w
        }
        return total / weights
    }

    /// The plate at plate position `p`, bilinear.
    @inline(__always)
    static func sample(_ plate: FrameBuffer, _ p: SIMD2<Float>) -> Pixel {
        var out = Pixel()
        withUnsafePointer(to: p.x) { x in
            withUnsafePointer(to: p.y) { y in
                BilinearWarp.sampleRow(source: plate.storage, width: plate.width, height: plate.height,
                                       xs: x, ys: y, count: 1, into: &out)
            }
        }
        return out
    }

    /// Lays the closing lids in `poses` over a row already sampled from `plate` at the plate
    /// positions `xs`, `ys` (through the smooth motions) into `out`: only positions inside a
    /// closing eye's box do any work. The plate may be premultiplied (the subject's): the
    /// lid is mixed in linearly and its crease darkens the colour, not the coverage.
    func blink(xs: UnsafePointer<Float>, ys: UnsafePointer<Float>, count: Int, poses: [Pose],
               plate: FrameBuffer, into out: UnsafeMutablePointer<Pixel>) {
        for (person, pose) in zip(people, poses) where pose.closed != 0 {
            for eye in person.eyes {
                let (low, high) = (eye.low, eye.high)
                for i in 0..<count {
                    let (x, y) = (xs[i], ys[i])
                    guard x > low.x && x < high.x && y > low.y && y < high.y,
                          let lid = eye.cover(SIMD2(x, y), closed: pose.closed) else { continue }
                    var sheet = Self.sample(plate, lid.source)
                    if lid.skin > 0 {
                        // A lid is rounded: a little lighter down its middle. The plate's own
                        // coverage stays.
                        let light = 1 + 0.04 * sin(Float.pi * lid.down)
                        var skin = eye.skinColour(x, down: lid.down) * light
                        skin.w = sheet.w
                        sheet += (skin - sheet) * lid.skin
                    }
                    var mixed = out[i] + (sheet - out[i]) * lid.alpha
                    let dark = 1 - lid.shade
                    mixed = Pixel(mixed.x * dark, mixed.y * dark, mixed.z * dark, mixed.w)
                    out[i] = mixed
                }
            }
        }
    }
}

extension FaceLife.Person {
    @inline(__always)
    static func smoothstep(_ a: Float, _ b: Float, _ x: Float) -> Float {
        let u = min(1, max(0, (x - a) / (b - a)))
        return u * u * (3 - 2 * u)
    }

    /// Where output position `q` (plate pixels) samples through the smooth motions: the
    /// head's and the shoulders' motion to the still face, then the smile (the blink follows
    /// per pixel, in `blink`). `rotation` is the tilt's cosine and sine.
    func smoothSource(_ q: SIMD2<Float>, _ pose: FaceLife.Pose, rotation: SIMD2<Float>) -> SIMD2<Float> {
        var p = q
        // Nothing of this motion reaches another face's box, and the fading that keeps it
        // off another face falls outside this one's own box (which moves whole), except where
        // the two boxes meet.
        @inline(__always) func boxDistance(_ p: SIMD2<Float>) -> Float { max(Swift.abs(p.x), Swift.abs(p.y)) }
        var near: Float = 1, touching: Float = 1
        for other in others {
            let m = boxDistance((q - other.centre) / other.radii)
            near *= Self.smoothstep(1, 1.4, m)
            touching *= Self.smoothstep(0.95, 1.05, m)
        }
        let clear = max(near, touching * (1 - Self.smoothstep(1, 1.15, boxDistance((q - centre) / radii))))
        if pose.tilt != 0 || pose.turn != 0 || pose.nod != 0 {
            p += (headSource(q, pose, rotation: rotation) - q) * clear
        }
        if pose.breath != 0 {
            p.y += pose.breath * breath(q) * clear
        }
        if pose.smile != 0 {
            p -= smile(p) * pose.smile
        }
        return p
    }

    /// Where the head's motion takes the point at `q` from: the head turns rigidly (tilt
    /// around the neck, turn and nod as a small shift of the whole head, the face's front a
    /// little more than its outline, as on a rounded head) over the face, its hair and just
    /// beside it; the neck follows softly below the chin, and the motion ends within a narrow
    /// band around the head, so the shoulders and the background a little further off stay
    /// (a flagpole behind a head moves with it near the hair, not bent across the frame).
    @inline(__always)
    func headSource(_ q: SIMD2<Float>, _ pose: FaceLife.Pose, rotation: SIMD2<Float>) -> SIMD2<Float> {
        let rel = (q - centre) / radii
        let weight = headWeight(rel)
        guard weight > 0 else { return q }
        // The inverse of: turn by `tilt` around the pivot, then shift.
        let shift = SIMD2(0.5 * pose.turn * radii.x, 0.5 * pose.nod * radii.y)
        let arm = q - shift - pivot
        let (c, s) = (rotation.x, rotation.y)
        var source = pivot + SIMD2(c * arm.x + s * arm.y, -s * arm.x + c * arm.y)
        // The front of the face (its middle) a little further than its outline.
        let r2 = (rel * rel).sum()
        source -= 0.1 * max(0, 1 - r2) * SIMD2(pose.turn * radii.x, pose.nod * radii.y)
        return q + weight * (source - q)
    }

    /// How much of the head's motion reaches a point `rel` (from the face's centre, in its
    /// half sizes): all of it over the face, the hair above and a little beside it; none
    /// from 1.6 half widths aside or 2.4 half heights above. Below the cheeks the reach
    /// narrows with the jaw to the neck's width (0.6 half widths, fading over 0.35), and down
    /// the neck it fades from the chin to 0.7 half heights below it: what is held in front
    /// of the neck and the chest (a glass, a hand) is not the head and stays.
    @inline(__always)
    func headWeight(_ rel: SIMD2<Float>) -> Float {
        if rel.y < 0 {
            return (1 - Self.smoothstep(1.25, 1.6, abs(rel.x))) * (1 - Self.smoothstep(1.9, 2.4, -rel.y))
        }
        let narrowing = min(1, max(0, (rel.y - 0.3) / 0.7))
        let half = 1.25 - 0.65 * narrowing
        return (1 - Self.smoothstep(half, half + 0.35, abs(rel.x))) * (1 - Self.smoothstep(1.05, 1.7, rel.y))
    }

    /// How far a full breath lifts the point at `p`: the shoulders and chest, by a fortieth
    /// of the face's height, from the shoulders' line (a third to two thirds of a face's
    /// height below the chin) down; nothing on the neck and what is held in front of it,
    /// and nothing far below.
    @inline(__always)
    func breath(_ p: SIMD2<Float>) -> Float {
        let h = 2 * radii.y
        let below = (p.y - chin.y) / h
        guard below > 0 && below < 3 else { return 0 }
        let across = 1 - Self.smoothstep(2.5, 4.5, abs(p.x - centre.x) / radii.x)
        let down = Self.smoothstep(0.3, 0.7, below) * (1 - Self.smoothstep(1.5, 3, below))
        return 0.025 * h * across * down
    }

    /// How far a full smile moves the point at `p`: each mouth corner lifts and widens a
    /// little, the cheek around it following.
    @inline(__always)
    func smile(_ p: SIMD2<Float>) -> SIMD2<Float> {
        guard mouth.count == 2, mouthWidth > 0 else { return .zero }
        let sigma = 0.22 * mouthWidth
        let middle = (mouth[0] + mouth[1]) / 2
        var d = SIMD2<Float>.zero
        for corner in mouth {
            let e = p - corner, d2 = (e * e).sum() / (sigma * sigma)
            guard d2 < 16 else { continue }
            let g = exp(-d2 / 2)
            let outward: Float = corner.x < middle.x ? -1 : 1
            d += g * SIMD2(0.025 * outward * mouthWidth, -0.06 * mouthWidth)
        }
        return d
    }
}
