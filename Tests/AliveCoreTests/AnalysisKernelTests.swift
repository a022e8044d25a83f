@testable import AliveCore
import Foundation
import Testing

/// The scene analysis' fast kernels against plain reference versions on random input at many
/// sizes: the integer area downscale (with and without its twice-size copy, opaque and
/// composited over white), box means of four planes at once, the colour tables; and the
/// defocus cue on a photo that is crisp on one side and blurred on the other.
@Suite struct AnalysisKernelTests {
    /// A reproducible pseudo-random byte stream (AliveCore's SplitMix64).
    struct Bytes {
        var random: SeededRandom
        init(state: UInt64) { random = SeededRandom(seed: state) }
        mutating func next() -> UInt8 { UInt8(truncatingIfNeeded: random.next()) }
    }

    /// The area average by its definition: every photo pixel spread over the analysis pixels
    /// it overlaps, by the overlap, in Double.
    static func referenceDownscale(_ photo: Photo, width: Int, height: Int) -> [SIMD3<Double>] {
        let sx = Double(photo.width) / Double(width), sy = Double(photo.height) / Double(height)
        var sums = [SIMD3<Double>](repeating: .zero, count: width * height)
        func overlaps(_ p: Int, _ ratio: Double, _ count: Int) -> [(Int, Double)] {
            let start = Double(p) / ratio, end = Double(p + 1) / ratio
            var parts: [(Int, Double)] = []
            var j = Int(start)
            while j < count && Double(j) < end {
                let part = min(end, Double(j + 1)) - max(start, Double(j))
                if part > 0 { parts.append((j, part * ratio)) }
                j += 1
            }
            return parts
        }
        for y in 0..<photo.height {
            let rows = overlaps(y, sy, height)
            for x in 0..<photo.width {
                let i = (y * photo.width + x) * 4
                var c = SIMD3<Double>(Double(photo.pixels[i]), Double(photo.pixels[i + 1]), Double(photo.pixels[i + 2]))
                if photo.hasAlpha {
                    let a = Double(photo.pixels[i + 3]) / 255
                    c = c * a + SIMD3(repeating: 255 * (1 - a))
                }
                for (ty, wy) in rows {
                    for (tx, wx) in overlaps(x, sx, width) { sums[ty * width + tx] += c * (wx * wy) }
                }
            }
        }
        return sums.map { $0 / (sx * sy * 255) }
    }

    @Test(arguments: [(37, 23, 16), (64, 64, 32), (101, 47, 48), (530, 211, 64), (333, 480, 40), (90, 60, 80)])
    func downscaleMatchesThePlainAreaAverage(size: (Int, Int, Int)) {
        let (w, h, side) = size
        for alpha in [false, true] {
            var bytes = Bytes(state: UInt64(w * 1000 + h + (alpha ? 7 : 0)))
            let photo = TestImages.photo(width: w, height: h, alpha: alpha) { _, _ in
                SIMD4(bytes.next(), bytes.next(), bytes.next(), alpha ? bytes.next() : 255)
            }
            let image = AnalysisImage.downscaled(photo, longestSide: side)
            let reference = Self.referenceDownscale(photo, width: image.width, height: image.height)
            var worst = 0.0
            for i in 0..<image.count {
                let got = SIMD3<Double>(Double(image.red[i]), Double(image.green[i]), Double(image.blue[i]))
                let d = got - reference[i]
                worst = max(worst, abs(d.x), abs(d.y), abs(d.z))
            }
            #expect(worst < 1e-4, "\(w)x\(h) to \(side), alpha \(alpha): off by \(worst)")
            // The twice-size copy exists exactly when the photo has the pixels for it.
            let fine = 2 * image.width <= w && 2 * image.height <= h
            #expect(image.fineLightness.count == (fine ? 4 * image.count : 0))
        }
    }

    @Test func boxMeansOfFourPlanesMatchOneAtATime() {
        var bytes = Bytes(state: 11)
        for (w, h, r) in [(1, 1, 1), (7, 3, 2), (40, 25, 3), (17, 60, 8), (5, 9, 12)] {
            let planes = (0..<4).map { _ in (0..<(w * h)).map { _ in Float(bytes.next()) / 7 } }
            let packed = (0..<(w * h)).map { SIMD4(planes[0][$0], planes[1][$0], planes[2][$0], planes[3][$0]) }
            let together = boxMeans(packed, width: w, height: h, radius: r)
            for lane in 0..<4 {
                let alone = boxMean(planes[lane], width: w, height: h, radius: r)
                #expect(alone == together.map { $0[lane] }, "\(w)x\(h) radius \(r), lane \(lane)")
            }
            // And the definition: the mean of the window cut at the edges.
            let p = planes[0], mean = boxMean(p, width: w, height: h, radius: r)
            for y in 0..<h {
                for x in 0..<w {
                    var sum: Float = 0, count: Float = 0
                    for v in max(0, y - r)...min(h - 1, y + r) {
                        for u in max(0, x - r)...min(w - 1, x + r) { sum += p[v * w + u]; count += 1 }
                    }
                    #expect(abs(mean[y * w + x] - sum / count) < 1e-3)
                }
            }
        }
    }

    @Test func colourTablesMatchTheirFunctions() {
        for k in 0...1000 {
            let t = Double(k) / 1000
            let linear = t <= 0.04045 ? t / 12.92 : pow((t + 0.055) / 1.055, 2.4)
            let root = t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0
            #expect(abs(Double(ColourTables.linear.value(Float(t))) - linear) < 2e-5)
            #expect(abs(Double(ColourTables.cubeRoot.value(Float(t))) - root) < 2e-5)
        }
    }

    /// Random blocks, crisp on the left half and box-blurred over 15 pixels on the right (as
    /// bokeh is): the left is in focus, the right is not. Too small a photo gives no reading.
    @Test func defocusTellsCrispFromBlurred() {
        let w = 640, h = 360
        var bytes = Bytes(state: 5)
        var grey = [Float](repeating: 0, count: w * h)
        let blocks = (0..<((w / 8) * (h / 8))).map { _ in Float(bytes.next()) }
        for y in 0..<h { for x in 0..<w { grey[y * w + x] = blocks[(y / 8) * (w / 8) + x / 8] } }
        let blurred = boxMean(grey, width: w, height: h, radius: 7)
        let photo = TestImages.photo(width: w, height: h) { x, y in
            let v = UInt8(max(0, min(255, (x < w / 2 ? grey : blurred)[y * w + x].rounded())))
            return SIMD4(v, v, v, 255)
        }
        let image = AnalysisImage.downscaled(photo, longestSide: 160)
        let (focus, evidence) = Defocus.find(in: image)
        var left: Float = 0, right: Float = 0, count: Float = 0
        for y in 10..<(image.height - 10) {
            for x in 10..<30 {
                left += focus[y * image.width + x]; right += focus[y * image.width + image.width - 1 - x]; count += 1
            }
        }
        left /= count; right /= count
        print(String(format: "defocus: crisp half %.3f, blurred half %.3f", left, right))
        #expect(left > 0.7 && left > right + 0.3 && evidence.max() ?? 0 > 0.5)

        let small = AnalysisImage.downscaled(photo, longestSide: 400)
        #expect(Defocus.find(in: small).focus.allSatisfy { $0 == 0 }, "no reading without a twice-size copy")
    }
}
