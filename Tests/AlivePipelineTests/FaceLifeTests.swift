import Foundation
import Testing

@testable import AliveCore
@testable import AlivePipeline

/// Subtle life on real photos of people (issue 13), measured on rendered frames (360 x 640,
/// short clips): the blink closes the eyes (the dark opening between the lids shrinks by 70%
/// or more) and opens them again at the planned times; outside blinks each face stays within
/// SSIM 0.9 of frame 0 after alignment; frame 0 is the photo; each person in a group blinks
/// at their own times; `--no-face-motion` and a plan that switches a face off leave it still.
@Suite struct FaceLifeTests {
    static let people = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("AliveFacesTests/Fixtures/people")

    static func options(_ photo: String, prompt: String, duration: Double = 4, scale: Int = 1) -> RenderOptions {
        var options = RenderOptions(photo: people.appendingPathComponent(photo).path)
        options.prompt = prompt
        options.width = 360 * scale
        options.height = 640 * scale
        options.duration = duration
        options.label = nil
        options.seed = 11
        options.threads = 2
        return options
    }

    static func render(_ clip: Clip, _ index: Int) -> FrameBuffer {
        let frame = FrameBuffer(width: clip.width, height: clip.height)
        clip.render(frame: index, into: frame)
        return frame
    }

    /// Rec. 709 luma of every pixel, 0...255.
    static func luma(_ frame: FrameBuffer) -> [Double] {
        frame.withPixels { p in p.map { 255 * Double(0.2126 * $0.x + 0.7152 * $0.y + 0.0722 * $0.z) } }
    }

    /// An output rectangle (x0, y0, x1, y1) from plate coordinates, through frame 0's camera.
    static func output(_ clip: Clip, _ p: SIMD2<Float>) -> SIMD2<Double> {
        let m = clip.renderer.map(forFrame: 0)
        return SIMD2(Double((p.x - m.c) / m.a) - 0.5, Double((p.y - m.f) / m.e) - 0.5)
    }

    /// One eye in frame coordinates: the band of columns across the middle of its opening and
    /// the rows from the upper lid to the lower one (as the landmarks put them in the photo).
    struct EyeWindow {
        var columns: Range<Int>, rows: Range<Int>
        /// The lid's skin above the opening, as high again as the opening.
        var skinRows: Range<Int>

        init(_ lid: FaceLife.Lid, clip: Clip) {
            let middle = (lid.minX + lid.maxX) / 2, half = 0.2 * (lid.maxX - lid.minX)
            let top = FaceLife.Lid.y(lid.upper, middle), bottom = FaceLife.Lid.y(lid.lower, middle)
            let a = FaceLifeTests.output(clip, SIMD2(middle - half, top))
            let b = FaceLifeTests.output(clip, SIMD2(middle + half, bottom))
            columns = Int(a.x.rounded())..<Int(b.x.rounded()) + 1
            rows = Int(a.y.rounded())..<Int(b.y.rounded()) + 1
            skinRows = max(0, 2 * rows.lowerBound - rows.upperBound)..<rows.lowerBound
        }

        /// Each row's mean luma across the band.
        func profile(_ luma: [Double], width: Int, rows: Range<Int>? = nil) -> [Double] {
            (rows ?? self.rows).map { y in columns.reduce(0) { $0 + luma[y * width + $1] } / Double(columns.count) }
        }

        /// How open the eye is in `frame`, against frame 0 (`first`): see `opening`.
        func opening(_ frame: [Double], first: [Double], width: Int) -> Double {
            let skin = profile(first, width: width, rows: skinRows).sorted()
            return FaceLifeTests.opening(profile(frame, width: width), reference: profile(first, width: width),
                                         skin: skin[skin.count * 3 / 4])
        }
    }

    /// How open an eye is in a frame: the rows of its window nearly as dark as frame 0's
    /// darkest row in the opening (the pupil and iris: darker than a third of the way from it
    /// to the skin just above the lid, `skin`), counted fractionally.
    static func opening(_ profile: [Double], reference: [Double], skin: Double) -> Double {
        let dark = reference.min()!
        let threshold = dark + (skin - dark) / 3
        return profile.reduce(0) { $0 + min(1, max(0, (threshold - $1) / max(1, (threshold - dark) / 2))) }
    }

    /// Mean SSIM of the luma in `rect` between two frames, over 8 x 8 windows every 4 pixels,
    /// `b` shifted by (dx, dy).
    static func ssim(_ a: [Double], _ b: [Double], width: Int, rect: (x: Range<Int>, y: Range<Int>), dx: Int, dy: Int)
        -> Double {
        let c1: Double = 2.55 * 2.55, c2: Double = 7.65 * 7.65
        var total = 0.0, count = 0
        for y0 in stride(from: rect.y.lowerBound, to: rect.y.upperBound - 8, by: 4) {
            for x0 in stride(from: rect.x.lowerBound, to: rect.x.upperBound - 8, by: 4) {
                var (sa, sb, saa, sbb, sab) = (0.0, 0.0, 0.0, 0.0, 0.0)
                for y in y0..<y0 + 8 {
                    for x in x0..<x0 + 8 {
                        let u = a[y * width + x], v = b[(y + dy) * width + x + dx]
                        sa += u; sb += v; saa += u * u; sbb += v * v; sab += u * v
                    }
                }
                let n = 64.0
                let (ma, mb) = (sa / n, sb / n)
                let (va, vb, cov) = (saa / n - ma * ma, sbb / n - mb * mb, sab / n - ma * mb)
                total += (2 * ma * mb + c1) * (2 * cov + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
                count += 1
            }
        }
        return total / Double(max(count, 1))
    }

    /// SSIM of `rect` between `a` and `b` after aligning `b` to `a` by a turn of up to 4
    /// degrees about the rect's centre and a shift of up to 12 pixels, on both halved (2 x 2
    /// means), as the head's small motion needs: the best of a search in whole degrees and
    /// pixels, then refined to a quarter of each (a rigid motion that falls between the grid's
    /// steps is still a rigid motion).
    static func alignedSSIM(_ a: [Double], _ b: [Double], width: Int, rect: (x: Range<Int>, y: Range<Int>)) -> Double {
        let height = a.count / width
        let (w, h) = (width / 2, height / 2)
        func half(_ v: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: w * h)
            for y in 0..<h { for x in 0..<w {
                out[y * w + x] = (v[2 * y * width + 2 * x] + v[2 * y * width + 2 * x + 1]
                    + v[(2 * y + 1) * width + 2 * x] + v[(2 * y + 1) * width + 2 * x + 1]) / 4
            } }
            return out
        }
        let (ha, hb) = (half(a), half(b))
        let r = (x: rect.x.lowerBound / 2 + 2..<rect.x.upperBound / 2 - 2, y: rect.y.lowerBound / 2 + 2..<rect.y.upperBound / 2 - 2)
        let inner = (x: r.x.lowerBound + 6..<r.x.upperBound - 6, y: r.y.lowerBound + 6..<r.y.upperBound - 6)
        let (cx, cy) = (Double(r.x.lowerBound + r.x.upperBound) / 2, Double(r.y.lowerBound + r.y.upperBound) / 2)
        /// `hb` turned by `degrees` about the centre and shifted by (sx, sy), over the rect.
        func moved(_ degrees: Double, _ sx: Double, _ sy: Double) -> [Double] {
            let (c, s) = (cos(degrees * .pi / 180), sin(degrees * .pi / 180))
            var turned = hb
            for y in r.y { for x in r.x {
                let (dx, dy) = (Double(x) - cx, Double(y) - cy)
                let px = min(Double(w - 1), max(0, cx + c * dx - s * dy + sx)), py = min(Double(h - 1), max(0, cy + s * dx + c * dy + sy))
                let (x0, y0) = (Int(px), Int(py)), (fx, fy) = (px - Double(Int(px)), py - Double(Int(py)))
                let (x1, y1) = (min(w - 1, x0 + 1), min(h - 1, y0 + 1))
                turned[y * w + x] = (hb[y0 * w + x0] * (1 - fx) + hb[y0 * w + x1] * fx) * (1 - fy)
                    + (hb[y1 * w + x0] * (1 - fx) + hb[y1 * w + x1] * fx) * fy
            } }
            return turned
        }
        var best = (score: -1.0, degrees: 0.0, dx: 0.0, dy: 0.0)
        for degrees in stride(from: -4.0, through: 4.0, by: 1) {
            let turned = moved(degrees, 0, 0)
            for dy in -6...6 { for dx in -6...6 {
                let score = ssim(ha, turned, width: w, rect: inner, dx: dx, dy: dy)
                // Sampling the turned copy shifted is sampling `hb` shifted by the turned shift.
                let (c, s) = (cos(degrees * .pi / 180), sin(degrees * .pi / 180))
                if score > best.score { best = (score, degrees, c * Double(dx) - s * Double(dy), s * Double(dx) + c * Double(dy)) }
            } }
        }
        for step in [0.5, 0.25] {
            let centre = best
            for i in -1...1 { for j in -1...1 { for k in -1...1 where i != 0 || j != 0 || k != 0 {
                let (degrees, dx, dy) = (centre.degrees + Double(i) * step, centre.dx + Double(j) * step, centre.dy + Double(k) * step)
                let score = ssim(ha, moved(degrees, dx, dy), width: w, rect: inner, dx: 0, dy: 0)
                if score > best.score { best = (score, degrees, dx, dy) }
            } } }
        }
        return best.score
    }

    /// The face's box (plate) in frame pixels, scaled by `share` about its centre, clipped to
    /// the frame less a margin.
    static func faceRect(_ person: FaceLife.Person, clip: Clip, margin: Int = 5, share: Float = 1)
        -> (x: Range<Int>, y: Range<Int>) {
        let a = output(clip, person.centre - share * person.radii), b = output(clip, person.centre + share * person.radii)
        let x0 = max(margin, Int(a.x)), x1 = min(clip.width - margin, Int(b.x))
        let y0 = max(margin, Int(a.y)), y1 = min(clip.height - margin, Int(b.y))
        return (x0..<max(x0, x1), y0..<max(y0, y1))
    }

    /// The frames at the middle of each planned blink of `person`.
    static func blinkFrames(_ person: FaceLife.Person, fps: Int, frames: Int) -> [Int] {
        person.timing.blinks.map { Int((($0.start + 0.425 * $0.length) * Double(fps)).rounded()) }.filter { $0 < frames }
    }

    static func isNearBlink(_ index: Int, _ person: FaceLife.Person, fps: Int) -> Bool {
        let t = Double(index) / Double(fps)
        return person.timing.blinks.contains { t > $0.start - 0.05 && t < $0.start + $0.length + 0.05 }
    }

    @Test(arguments: ["grace_hopper.jpg", "couple_toast.jpg"])
    func blinksCloseTheEyesAndOpenThemAgain(_ photo: String) throws {
        // Twice the usual size: an eye's opening is then 10 to 20 rows.
        let clip = try Clip.prepare(Self.options(photo, prompt: "blink", scale: 2))
        let faces = try #require(clip.plan.faces)
        #expect(!faces.isEmpty && faces.allSatisfy { $0.motions == FaceMotions(blink: true) }, "\(faces)")
        let life = try #require(clip.renderer.animator?.faces)
        let first = Self.luma(Self.render(clip, 0))
        for person in life.people {
            let peaks = Self.blinkFrames(person, fps: 30, frames: clip.frameCount)
            #expect(!peaks.isEmpty, "\(photo): no blink planned in 4 s")
            for peak in peaks {
                let shut = Self.luma(Self.render(clip, peak))
                let after = Self.luma(Self.render(clip, min(clip.frameCount - 1, peak + 8)))
                for lid in person.eyes {
                    let eye = EyeWindow(lid, clip: clip)
                    let open = eye.opening(first, first: first, width: clip.width)
                    let closed = eye.opening(shut, first: first, width: clip.width)
                    let again = eye.opening(after, first: first, width: clip.width)
                    print("\(photo) blink at frame \(peak): opening \(open) -> \(closed) -> \(again) rows")
                    #expect(open >= 2, "\(photo): the eye's opening is too small to measure")
                    #expect(closed <= 0.3 * open, "\(photo) frame \(peak): the eye closed only to \(closed) of \(open) rows")
                    #expect(again >= 0.85 * open, "\(photo) frame \(peak + 8): the eye opened again only to \(again) of \(open)")
                }
            }
        }
    }

    @Test(arguments: ["grace_hopper.jpg", "couple_toast.jpg", "three_friends.jpg"])
    func facesKeepTheirIdentityAndFrameZeroIsThePhoto(_ photo: String) throws {
        for loop in [false, true] {
            var options = Self.options(photo, prompt: "", duration: 3)
            options.loop = loop
            let clip = try Clip.prepare(options)
            #expect(clip.plan.animatesFaces, "\(photo): faces are lively by default")
            #expect(clip.plan.notes.contains { $0.hasPrefix("faces animated") }, "\(clip.plan.notes)")
            let life = try #require(clip.renderer.animator?.faces)
            // Frame 0 is the photo: the flat warp of the plate through the first window.
            let zero = Self.render(clip, 0)
            let flat = FrameBuffer(width: clip.width, height: clip.height)
            let r = clip.renderer
            BilinearWarp.render(source: r.plate.buffer, map: r.map(forFrame: 0), into: flat, schedule: r.schedule)
            let db = FrameZeroTests.psnr(zero, flat)
            #expect(db >= 45, "\(photo)\(loop ? " loop" : ""): frame 0 is \(db) dB from the flat render")
            if loop {
                // The loop closes: the frame after the last is the first.
                let next = FrameBuffer(width: clip.width, height: clip.height)
                r.render(frame: clip.frameCount, into: next)
                #expect(FrameZeroTests.psnr(next, flat) >= 45, "\(photo): the loop does not close")
                continue
            }
            // Aligned: against the same frame without face motion (the same camera, the same
            // scene), shifted by up to 4 pixels for the head's motion.
            options.faceMotion = false
            let still = try Clip.prepare(options)
            for index in stride(from: 10, to: clip.frameCount, by: 10) {
                let first = Self.luma(Self.render(still, index))
                let frame = Self.luma(Self.render(clip, index))
                for person in life.people where !Self.isNearBlink(index, person, fps: 30) {
                    let rect = Self.faceRect(person, clip: clip, margin: 9)
                    guard rect.x.count > 24 && rect.y.count > 24 else { continue }
                    let best = Self.alignedSSIM(first, frame, width: clip.width, rect: rect)
                    print("\(photo) frame \(index): face at \(rect) SSIM \(best) after alignment")
                    #expect(best >= 0.9, "\(photo) frame \(index): the face at \(rect) is SSIM \(best) from frame 0")
                }
            }
        }
    }

    @Test func eachPersonHasTheirOwnTiming() throws {
        let clip = try Clip.prepare(Self.options("couple_toast.jpg", prompt: "blink", duration: 6, scale: 2))
        let life = try #require(clip.renderer.animator?.faces)
        #expect(life.people.count >= 2)
        let blinks = life.people.map { $0.timing.blinks.map(\.start) }
        #expect(Set(blinks.map { $0.map { ($0 * 100).rounded() } }).count == blinks.count, "\(blinks)")
        // And as measured: at each person's first blink, only that person's eyes close.
        let first = Self.luma(Self.render(clip, 0))
        let peaks = life.people.map { Self.blinkFrames($0, fps: 30, frames: clip.frameCount).first }
        for (i, peak) in peaks.enumerated() {
            guard let peak, !life.people.indices.contains(where: { $0 != i && Self.isNearBlink(peak, life.people[$0], fps: 30) })
            else { continue }
            let shut = Self.luma(Self.render(clip, peak))
            for (j, person) in life.people.enumerated() {
                let eye = EyeWindow(person.eyes[0], clip: clip)
                let ratio = eye.opening(shut, first: first, width: clip.width)
                    / max(1e-9, eye.opening(first, first: first, width: clip.width))
                if i == j {
                    #expect(ratio <= 0.3, "person \(i) at their blink: opening \(ratio)")
                } else {
                    #expect(ratio >= 0.7, "person \(j) during person \(i)'s blink: opening \(ratio)")
                }
            }
        }
    }

    /// The largest change of luma inside `rect` from frame 0 to frame `index`.
    static func change(_ clip: Clip, _ rect: (x: Range<Int>, y: Range<Int>), frames: [Int]) -> Double {
        let first = luma(render(clip, 0))
        var worst = 0.0
        for index in frames {
            let frame = luma(render(clip, index))
            for y in rect.y { for x in rect.x { worst = max(worst, abs(frame[y * clip.width + x] - first[y * clip.width + x])) } }
        }
        return worst
    }

    @Test func noFaceMotionKeepsFacesStill() throws {
        let moving = try Clip.prepare(Self.options("grace_hopper.jpg", prompt: "blink, smile, nod, breathe"))
        let person = try #require(moving.renderer.animator?.faces?.people.first)
        let frames = Self.blinkFrames(person, fps: 30, frames: moving.frameCount) + [45, 90]
        let rect = Self.faceRect(person, clip: moving)
        #expect(Self.change(moving, rect, frames: frames) > 20)
        var options = Self.options("grace_hopper.jpg", prompt: "blink, smile, nod, breathe")
        options.faceMotion = false
        let still = try Clip.prepare(options)
        #expect(still.plan.faces?.allSatisfy { $0.motions.isStill } ?? false)
        #expect(!still.plan.animatesFaces)
        #expect(Self.change(still, rect, frames: frames) < 1)
    }

    @Test func anEditedPlanSwitchesOnePersonOff() throws {
        let prompted = try Clip.prepare(Self.options("couple_toast.jpg", prompt: "blink, smile, nod"))
        var plan = prompted.plan
        let faces = try #require(plan.faces)
        #expect(faces.count >= 2)
        // Through JSON, as `alive plan` prints it and `--plan` reads it.
        plan.faces![1].motions = .still
        let edited = try JSONDecoder().decode(MotionPlan.self, from: JSONEncoder().encode(plan))
        var options = Self.options("couple_toast.jpg", prompt: "")
        options.plan = edited
        let clip = try Clip.prepare(options)
        #expect(clip.plan.faces?[1].motions.isStill == true && clip.plan.faces?[0].motions.isStill == false)
        let life = try #require(clip.renderer.animator?.faces)
        #expect(life.people.count == faces.count - 1)
        let all = try #require(prompted.renderer.animator?.faces)
        let off = all.people[1], on = all.people[0]
        let frames = [30, 60, 90, 119] + Self.blinkFrames(off, fps: 30, frames: clip.frameCount)
        // The switched-off face's eyes and mouth, inside its box, away from the other's reach.
        let still = Self.change(clip, Self.faceRect(off, clip: clip, margin: 5, share: 0.8), frames: frames)
        let lively = Self.change(clip, Self.faceRect(on, clip: clip, margin: 5), frames: frames)
        print("switched off: \(still), on: \(lively)")
        #expect(still < 3, "the face switched off changes by \(still)")
        #expect(lively > 10, "the face left on changes by only \(lively)")
    }
}
