import AliveCore
import Testing

@Suite struct WarpTests {
    /// The fast kernel agrees with the reference on random input at many sizes and maps,
    /// including maps that reach outside the source (clamping) and NaN coordinates.
    @Test(arguments: [(1, 1), (2, 2), (3, 5), (7, 1), (17, 9), (64, 33), (129, 70), (250, 3)])
    func fastKernelMatchesReference(size: (Int, Int)) {
        let (w, h) = size
        let source = TestImages.random(width: 37, height: 23, seed: UInt64(w * 1000 + h))
        var rng = SeededRandom(seed: UInt64(w + h))
        for trial in 0..<6 {
            let map = AffineMap(a: Float.random(in: -0.9...2.5, using: &rng), b: Float.random(in: -0.4...0.4, using: &rng),
                                c: Float.random(in: -8...30, using: &rng),
                                d: Float.random(in: -0.4...0.4, using: &rng), e: Float.random(in: -0.9...2.5, using: &rng),
                                f: Float.random(in: -8...20, using: &rng))
            let fast = FrameBuffer(width: w, height: h, fill: Pixel(-7, -7, -7, -7))
            let reference = FrameBuffer(width: w, height: h)
            let schedule = RenderSchedule(threads: 1 + trial % 3, rowsPerBand: 1 + trial * 3)
            BilinearWarp.render(source: source, map: map, into: fast, schedule: schedule)
            ReferenceWarp.render(source: source, map: map, into: reference)
            var worst: Float = 0
            for y in 0..<h { for x in 0..<w { worst = max(worst, difference(fast[x, y], reference[x, y])) } }
            #expect(worst < 2e-5, "trial \(trial): max difference \(worst)")
        }
    }

    @Test func nanCoordinatesSampleTheEdgeNotGarbage() {
        struct NaNMap: WarpMap {
            func sourceCoordinates(row y: Int, count: Int, xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>) {
                for x in 0..<count { xs[x] = .nan; ys[x] = x % 2 == 0 ? .infinity : -.infinity }
            }
        }
        let source = TestImages.random(width: 8, height: 8, seed: 3)
        let out = FrameBuffer(width: 4, height: 2, fill: Pixel(-1, -1, -1, -1))
        BilinearWarp.render(source: source, map: NaNMap(), into: out, schedule: .serial)
        for y in 0..<2 { for x in 0..<4 { #expect(out[x, y].min() >= 0) } }
    }

    /// The pixels do not depend on how work is split over threads and bands.
    @Test func scheduleDoesNotChangePixels() {
        let source = TestImages.random(width: 300, height: 200, seed: 9)
        let map = AffineMap(a: 0.71, b: 0.05, c: 13.3, d: -0.04, e: 0.69, f: 7.9)
        let one = FrameBuffer(width: 333, height: 251)
        BilinearWarp.render(source: source, map: map, into: one, schedule: .serial)
        for (threads, rows) in [(2, 1), (2, 7), (4, 32), (3, 250)] {
            let other = FrameBuffer(width: 333, height: 251)
            BilinearWarp.render(source: source, map: map, into: other, schedule: RenderSchedule(threads: threads, rowsPerBand: rows))
            let same = one.withPixels { a in other.withPixels { b in a.elementsEqual(b) } }
            #expect(same, "threads \(threads), rows \(rows)")
        }
    }

    /// Identity at 1:1 reproduces the source exactly (pixel centres line up).
    @Test func identityIsExact() {
        let source = TestImages.random(width: 31, height: 17, seed: 5)
        let out = FrameBuffer(width: 31, height: 17)
        BilinearWarp.render(source: source, map: AffineMap.identity, into: out, schedule: .serial)
        let same = source.withPixels { a in out.withPixels { b in a.elementsEqual(b) } }
        #expect(same)
    }
}
