import AliveCore
import AliveProbe
import Foundation
import Testing

@testable import AlivePipeline

/// A loop on a real photo whose sky map is right (Tests/RealPhotos/storm_sunset.jpg: storm
/// clouds over a dark ridge), at the default speed and 960x600, as realcheck.py measures it:
/// the clouds keep drifting the asked way through the hand-over from the forward phase to
/// the backward one, the seam is no harder than an ordinary step, and the hand-over does not
/// ghost.
@Suite struct LoopTests {
    static let photo = FrameZeroTests.folder.appendingPathComponent("storm_sunset.jpg").path

    /// Grey levels (mean of R, G, B, quantised as a PNG would be) of `box` (fractions of the
    /// frame) of each frame.
    static func grey(_ f: FrameBuffer, box: (Double, Double, Double, Double)) -> GrayImage {
        let x0 = Int(box.0 * Double(f.width)), y0 = Int(box.1 * Double(f.height))
        let x1 = Int(box.2 * Double(f.width)), y1 = Int(box.3 * Double(f.height))
        var values = [Float]()
        for y in y0..<y1 {
            for x in x0..<x1 {
                let p = f[x, y]
                func q(_ v: Float) -> Float { (max(0, min(1, v)) * 255).rounded() }
                values.append((q(p.x) + q(p.y) + q(p.z)) / 3)
            }
        }
        return GrayImage(width: x1 - x0, height: y1 - y0, pixels: values)
    }

    /// The fine detail's contrast: the standard deviation of the image minus its 7x7 mean.
    /// Two copies of the clouds a loop's travel apart (42 px here), cross-faded half and half,
    /// keep about 0.7 of it (their details are unrelated at that distance).
    static func detail(_ g: GrayImage) -> Double {
        let r = 3
        var sum = 0.0, squares = 0.0, n = 0.0
        for y in r..<(g.height - r) {
            for x in r..<(g.width - r) {
                var mean: Float = 0
                for dy in -r...r { for dx in -r...r { mean += g[x + dx, y + dy] } }
                let d = Double(g[x, y] - mean / Float((2 * r + 1) * (2 * r + 1)))
                sum += d
                squares += d * d
                n += 1
            }
        }
        return (squares / n - (sum / n) * (sum / n)).squareRoot()
    }

    @Test func cloudsLoopTheAskedWayWithoutGhosting() throws {
        var options = RenderOptions(photo: Self.photo)
        options.prompt = "clouds drift slowly to the right"
        options.width = 960
        options.height = 600
        options.duration = 4
        options.loop = true
        options.label = nil
        options.seed = 7
        let clip = try Clip.prepare(options)
        let n = clip.frameCount
        #expect(n == 120)
        let box = (0.1, 0.05, 0.9, 0.45)   // realcheck's box for the clouds (regions.json)
        var greys: [GrayImage] = [], steps: [Double] = []
        var first: FrameBuffer?, previous: FrameBuffer?
        var seam = 0.0
        func difference(_ a: FrameBuffer, _ b: FrameBuffer) -> Double {
            a.withPixels { pa in b.withPixels { pb in
                var s = 0.0
                for i in pa.indices {
                    func q(_ v: Float) -> Double { Double((max(0, min(1, v)) * 255).rounded()) }
                    s += abs(q(pa[i].x) - q(pb[i].x)) + abs(q(pa[i].y) - q(pb[i].y)) + abs(q(pa[i].z) - q(pb[i].z))
                }
                return s / Double(3 * pa.count)
            } }
        }
        for index in 0..<n {
            let frame = FrameBuffer(width: clip.width, height: clip.height)
            clip.render(frame: index, into: frame)
            greys.append(Self.grey(frame, box: box))
            if let previous { steps.append(difference(previous, frame)) }
            if first == nil { first = frame }
            if index == n - 1, let first { seam = difference(frame, first) }
            previous = frame
        }
        let median = steps.sorted()[steps.count / 2]
        let shifts = stride(from: 0, to: n - 10, by: 10).map { SidewaysShift.best(greys[$0], greys[$0 + 10]) }
        let asked = shifts.filter { $0 >= 0.5 }.count
        // Against the frames where one phase shows alone (the first and last quarter of the
        // cycle, frame 0 left out: a moving texture is resampled, which itself softens it a
        // little), the lowest contrast of any frame.
        let contrast = greys.map(Self.detail)
        let alone = (Array(contrast[1..<(n / 4)]) + Array(contrast[(3 * n / 4)...])).sorted()
        let reference = alone[alone.count / 2]
        let lowest = (contrast.min() ?? 0) / reference
        print("loop on storm_sunset: shifts per 10 frames \(shifts), seam \(seam / median)x the median step "
              + "(\(median)), lowest detail contrast \(lowest) of one phase's: "
              + stride(from: 0, to: n, by: 6).map { String(format: "%.2f", contrast[$0] / reference) }.joined(separator: " "))
        #expect(Double(asked) >= 0.8 * Double(shifts.count), "drift the asked way: \(shifts)")
        #expect(seam <= 1.5 * median, "seam \(seam), median step \(median)")
        #expect(lowest >= 0.85, "the hand-over keeps the clouds' detail (no double exposure)")
    }
}
