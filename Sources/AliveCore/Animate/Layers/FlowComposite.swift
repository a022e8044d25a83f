/// The composite of a flowing layer (sky, water): its own clean plate through its flow, shown
/// through its coverage, in one phase or two blended (a loop's hand-over).
///
/// It adds only its own change, coverage times (flowing plate - the same plate where the land
/// samples): the matting composite I = aF + (1 - a)B with the layer's colour F taken from its
/// clean plate, so the land's part of a soft edge stays with the land, nothing of the land
/// travels with the flow, and where nothing is displaced (frame 0) the frame is the photo.
enum FlowComposite {
    /// Below this coverage a pixel is land only (and its plate is not sampled there).
    static let least: Float = 0.002

    /// The plate where this row's flow samples, as an image and its size.
    struct Plate {
        let pixels: UnsafePointer<Pixel>
        let width: Int, height: Int
    }

    /// Composites one row. `first` (and `second`, for two phases) give where the flow samples;
    /// `weight` (or, per pixel, `weights`) is the first phase's share.
    @inline(__always)
    static func row(_ row: LayerRow, cover: CoverageLane, plate: Plate, first: CoordinateGrid, second: CoordinateGrid?,
                    weight: Float, weights: UnsafePointer<Float>?) {
        // Only the columns from the first to the last covered pixel (often none: the sky and
        // the water each fill part of the frame).
        let (w, y) = (row.width, row.y)
        var start = 0, end = w
        while start < end && !(cover[start] > least) { start += 1 }
        guard start < end else { return }
        while !(cover[end - 1] > least) { end -= 1 }
        let (xs2, ys2, a, b, c) = (row.xs2, row.ys2, row.a, row.b, row.c)
        first.row(y, count: end, from: start, xs: xs2, ys: ys2)
        sampleWhere(cover, plate: plate, xs: xs2, ys: ys2, columns: start..<end, into: a)
        if let second {
            second.row(y, count: end, from: start, xs: xs2, ys: ys2)
            sampleWhere(cover, plate: plate, xs: xs2, ys: ys2, columns: start..<end, into: b)
        }
        sampleWhere(cover, plate: plate, xs: row.xs, ys: row.ys, columns: start..<end, into: c)
        blend(row.pixels, cover: cover, a: a, b: second == nil ? nil : UnsafePointer(b), c: c, columns: start..<end,
              weight: weight, weights: weights)
    }

    /// row += (flowing - c) * cover, where flowing is `a`, or `b + (a - b) * weight` with two phases.
    @inline(__always)
    static func blend(_ out: UnsafeMutablePointer<Pixel>, cover: CoverageLane, a: UnsafePointer<Pixel>,
                      b: UnsafePointer<Pixel>?, c: UnsafePointer<Pixel>, columns: Range<Int>, weight: Float,
                      weights: UnsafePointer<Float>?) {
        if let b {
            for x in columns {
                let k = cover[x]
                guard k > least else { continue }
                let flowing = b[x] + (a[x] - b[x]) * (weights?[x] ?? weight)
                out[x] = out[x] + (flowing - c[x]) * k
            }
        } else {
            for x in columns {
                let k = cover[x]
                guard k > least else { continue }
                out[x] = out[x] + (a[x] - c[x]) * k
            }
        }
    }

    /// Samples only where the coverage is more than `least` (the sky is often a third of the frame).
    @inline(__always)
    static func sampleWhere(_ cover: CoverageLane, plate: Plate, xs: UnsafeMutablePointer<Float>,
                            ys: UnsafeMutablePointer<Float>, columns: Range<Int>, into out: UnsafeMutablePointer<Pixel>) {
        var start = columns.lowerBound
        let count = columns.upperBound
        while start < count {
            while start < count && !(cover[start] > least) { start += 1 }
            var end = start
            while end < count && cover[end] > least { end += 1 }
            if end > start {
                BilinearWarp.sampleRow(source: plate.pixels, width: plate.width, height: plate.height, xs: xs + start,
                                       ys: ys + start, count: end - start, into: out + start)
            }
            start = end
        }
    }

    /// The same composite, plainly: each pixel on its own, the plate sampled bilinearly by its
    /// definition (texel centres at i + 0.5, clamped to the plate), in Double. For tests.
    static func reference(land: [Pixel], cover: [Float], plate: [Pixel], plateWidth: Int, plateHeight: Int,
                          first: [SIMD2<Float>], second: [SIMD2<Float>]?, landAt: [SIMD2<Float>],
                          weights: [Float]) -> [Pixel] {
        func sample(_ p: SIMD2<Float>) -> SIMD4<Double> {
            func clamp(_ v: Double, _ n: Int) -> Double { min(max(v, 0), Double(n - 1)) }
            let fx = clamp(Double(p.x) - 0.5, plateWidth), fy = clamp(Double(p.y) - 0.5, plateHeight)
            let x0 = min(Int(fx.rounded(.down)), plateWidth - 2), y0 = min(Int(fy.rounded(.down)), plateHeight - 2)
            let tx = fx - Double(x0), ty = fy - Double(y0)
            func at(_ x: Int, _ y: Int) -> SIMD4<Double> { SIMD4<Double>(plate[y * plateWidth + x]) }
            let top = at(x0, y0) * (1 - tx) + at(x0 + 1, y0) * tx
            let bottom = at(x0, y0 + 1) * (1 - tx) + at(x0 + 1, y0 + 1) * tx
            return top * (1 - ty) + bottom * ty
        }
        return land.indices.map { x in
            let k = Double(cover[x])
            guard cover[x] > least else { return land[x] }
            var flowing = sample(first[x])
            if let second {
                let wa = Double(weights[x])
                flowing = flowing * wa + sample(second[x]) * (1 - wa)
            }
            return Pixel(SIMD4<Double>(land[x]) + (flowing - sample(landAt[x])) * k)
        }
    }
}
