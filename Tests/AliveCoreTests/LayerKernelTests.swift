@testable import AliveCore
import Foundation
import Testing

/// The layers' fast row composites against plain per-pixel versions on random input at many
/// widths: the flow composite of the sky (coverage in the land's alpha) and of the water
/// (coverage in the maps), in one phase and in two (one weight, or a weight per pixel, as in a
/// loop's hand-over), with coverage that starts and stops along the row and positions beyond
/// the plate.
@Suite struct LayerKernelTests {
    /// A reproducible pseudo-random stream of floats in 0..<1 (AliveCore's SplitMix64).
    struct Numbers {
        var random: SeededRandom
        init(state: UInt64) { random = SeededRandom(seed: state) }
        mutating func next() -> Float { Float(random.next() >> 40) / Float(1 << 24) }
        mutating func pixel() -> Pixel { Pixel(next(), next(), next(), next()) }
    }

    enum Phases: CaseIterable { case one, two, shared }

    @Test(arguments: [1, 7, 8, 33, 100, 257])
    func flowCompositeMatchesThePlainOne(width: Int) {
        for coverage in [Coverage.sky, .water] {
            for phases in Phases.allCases {
                let variant = Phases.allCases.firstIndex(of: phases)! * 2 + (coverage == .sky ? 0 : 1)
                var r = Numbers(state: UInt64(width * 31 + variant))
                let (pw, ph) = (19, 13)
                let plate = (0..<pw * ph).map { _ in r.pixel() }
                // Coverage: runs of none, a trace under the threshold, partial and full.
                var cover = [Float](repeating: 0, count: width)
                var x = 0
                while x < width {
                    let run = 1 + Int(r.next() * 9), kind = Int(r.next() * 4)
                    for i in x..<min(width, x + run) {
                        cover[i] = [0, 0.001, r.next(), 1][kind]
                    }
                    x += run
                }
                var land = (0..<width).map { _ in r.pixel() }
                var maps = (0..<width).map { _ in r.pixel() }
                for i in 0..<width {
                    if coverage == .sky { land[i].w = cover[i] } else { maps[i].y = cover[i] }
                }
                func position() -> SIMD2<Float> { SIMD2(r.next() * Float(pw + 10) - 5, r.next() * Float(ph + 10) - 5) }
                // Lattices whose row 0 lies at these positions: one node per pixel (step 1).
                func grid(_ points: [SIMD2<Float>]) -> CoordinateGrid {
                    let g = CoordinateGrid(width: width, height: 1, step: 1)
                    g.fill(schedule: .serial) { i, _ in
                        let p = points[min(i, width - 1)]
                        return (p.x, p.y)
                    }
                    return g
                }
                let firstNodes = (0..<width).map { _ in position() }, secondNodes = (0..<width).map { _ in position() }
                let (first, second) = (grid(firstNodes), grid(secondNodes))
                let landAt = (0..<width).map { _ in position() }
                let weight = r.next()
                let weights = (0..<width).map { _ in r.next() }

                // Where the lattices put each pixel (interpolation is the lattice's own business).
                func positions(_ g: CoordinateGrid) -> [SIMD2<Float>] {
                    var xs = [Float](repeating: 0, count: width), ys = xs
                    g.row(0, count: width, xs: &xs, ys: &ys)
                    return zip(xs, ys).map { SIMD2($0, $1) }
                }
                let expected = FlowComposite.reference(
                    land: land, cover: cover, plate: plate, plateWidth: pw, plateHeight: ph,
                    first: positions(first), second: phases == .one ? nil : positions(second), landAt: landAt,
                    weights: phases == .shared ? weights : [Float](repeating: weight, count: width))

                let floats = UnsafeMutablePointer<Float>.allocate(capacity: 7 * width)
                let pixels = UnsafeMutablePointer<Pixel>.allocate(capacity: 5 * width)
                defer { floats.deallocate(); pixels.deallocate() }
                floats.initialize(repeating: .nan, count: 7 * width)
                pixels.initialize(repeating: Pixel(repeating: .nan), count: 5 * width)
                let out = pixels + 4 * width
                for i in 0..<width {
                    out[i] = land[i]
                    pixels[i] = maps[i]
                    (floats[i], floats[width + i]) = (landAt[i].x, landAt[i].y)
                    floats[5 * width + i] = weights[i]
                }
                let row = LayerRow(y: 0, width: width, pixels: out, xs: floats, ys: floats + width,
                                   maps: CoverageRow(land: out, maps: pixels), xs2: floats + 2 * width,
                                   ys2: floats + 3 * width, values: floats + 4 * width, values2: floats + 5 * width,
                                   values3: floats + 6 * width, a: pixels + width, b: pixels + 2 * width,
                                   c: pixels + 3 * width, depth: floats + 4 * width)
                plate.withUnsafeBufferPointer { p in
                    FlowComposite.row(row, cover: row.maps[coverage],
                                      plate: .init(pixels: p.baseAddress!, width: pw, height: ph), first: first,
                                      second: phases == .one ? nil : second, weight: weight,
                                      weights: phases == .shared ? UnsafePointer(floats + 5 * width) : nil)
                }
                var worst: Float = 0
                for i in 0..<width {
                    let e: Pixel = out[i] - expected[i]
                    for d in [e.x, e.y, e.z, e.w] { worst = d.isNaN ? .infinity : max(worst, abs(d)) }
                }
                #expect(worst < 2e-5, "width \(width), \(coverage), \(phases): off by \(worst)")
            }
        }
    }

    /// The land samples the maps only over `MapsBox.columns`: everywhere outside them a sample
    /// must be at or below what the reader acts on (so the 0 written there changes nothing),
    /// and the box must not swallow the whole row when the matte is far away.
    @Test func mapsBoxLeavesOutOnlyWhatNoLayerReads() {
        var r = Numbers(state: 11)
        let (mw, mh) = (40, 30)
        let maps = FrameBuffer(width: mw, height: mh)
        maps.withMutablePixels { m in
            for y in 0..<mh {
                for x in 0..<mw {
                    // Water in a box (x 12...25, y 18...26), a trace under the threshold round it.
                    let inside = (12...25).contains(x) && (18...26).contains(y)
                    m[y * mw + x] = Pixel(r.next(), inside ? 0.002 + r.next() : 0.0019 * r.next(), r.next(), r.next())
                }
            }
        }
        let box = MapsBox(maps: maps, reads: [(.water, FlowComposite.least)])
        let width = 300
        var (xs, ys) = ([Float](repeating: 0, count: width), [Float](repeating: 0, count: width))
        var sampled = [Pixel](repeating: .zero, count: width)
        var skipped = 0
        for row in 0..<200 {
            // Rows that cross the plate at a slant, some beyond its edges, some NaN.
            let (y0, slope) = (r.next() * Float(mh + 10) - 5, r.next() * 0.2 - 0.1)
            for i in 0..<width {
                xs[i] = Float(i) / Float(width) * Float(mw + 10) - 5
                ys[i] = y0 + slope * Float(i)
            }
            if row % 50 == 0 { xs[row % width] = .nan }
            let span = box.columns(xs: xs, ys: ys, count: width)
            maps.withPixels { m in
                BilinearWarp.sampleRow(source: m.baseAddress!, width: mw, height: mh, xs: xs, ys: ys, count: width,
                                       into: &sampled)
            }
            for i in 0..<width where !span.contains(i) {
                #expect(!(sampled[i].y > FlowComposite.least), "row \(row), column \(i): \(sampled[i].y) left out")
            }
            skipped += width - span.count
        }
        #expect(skipped > 200 * width / 3, "the box leaves out \(skipped) of \(200 * width) samples")
        let none = MapsBox(maps: maps, reads: [])
        #expect(none.columns(xs: xs, ys: ys, count: width).isEmpty)
        let depth = MapsBox(maps: maps, reads: [(.depth, 0)])
        #expect(depth.columns(xs: xs, ys: ys, count: width) == 0..<width)
    }
}
