/// The backward warp every frame is made with: for each output pixel, ask a `WarpMap` where
/// it comes from and sample the source there with bilinear interpolation, clamping to the
/// source's edge. Always the source, never the previous frame, so errors never accumulate.
///
/// The per-pixel maths lives in `sampleRow`; how rows are spread over cores lives in
/// `RenderSchedule`. `ReferenceWarp` is the plain version the tests hold this one to.
public enum BilinearWarp {
    /// Renders every row of `destination` from `source` through `map`, then calls `finish`
    /// (if any) on each band of rows on the worker that drew it, while the rows are still in
    /// cache (the pipeline's light, label and Y'CbCr conversion).
    ///
    /// The source must be at least 2x2 (plates are built so).
    public static func render<Map: WarpMap>(source: FrameBuffer, map: Map, into destination: FrameBuffer,
                                            schedule: RenderSchedule, finish: BandFinish? = nil) {
        precondition(source.width >= 2 && source.height >= 2, "warp sources are at least 2x2")
        if let affine = map as? AffineMap, affine.b == 0, affine.d == 0 {
            AxisAlignedWarp.render(source: source, map: affine, into: destination, schedule: schedule,
                                   finish: finish)
            return
        }
        let width = destination.width
        // Per-worker scratch for one row of coordinates, allocated once per call.
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * width * schedule.threads)
        defer { scratch.deallocate() }
        source.withPixels { src in
            destination.withMutablePixels { dst in
                schedule.forEachBand(rows: destination.height) { rows, worker in
                    let xs = scratch + 2 * width * worker
                    let ys = xs + width
                    for y in rows {
                        map.sourceCoordinates(row: y, count: width, xs: xs, ys: ys)
                        sampleRow(source: src.baseAddress!, width: source.width, height: source.height,
                                  xs: xs, ys: ys, count: width, into: dst.baseAddress! + y * width)
                    }
                    finish?(rows, worker)
                }
            }
        }
    }

    /// Samples `count` pixels at (`xs[i]`, `ys[i]`) into `out`.
    ///
    /// Shape chosen by measurement (docs/perf-notes.md in the shared notes): float32 RGBA
    /// storage, one `SIMD4<Float>` per pixel, the four taps loaded straight from the source
    /// and blended with plain multiply-adds (no fused `addingProduct`, which is a library call
    /// on the default x86-64 target). Clamping `max(0, min(v, limit))` also maps NaN to 0.
    @inlinable
    public static func sampleRow(source: UnsafePointer<Pixel>, width: Int, height: Int,
                                 xs: UnsafePointer<Float>, ys: UnsafePointer<Float>, count: Int,
                                 into out: UnsafeMutablePointer<Pixel>) {
        let limitX = Float(width - 1), limitY = Float(height - 1)
        let lastX = width - 2, lastY = height - 2
        for i in 0..<count {
            let fx = max(0, min(xs[i] - 0.5, limitX))
            let fy = max(0, min(ys[i] - 0.5, limitY))
            let ix = min(Int(fx), lastX)
            let iy = min(Int(fy), lastY)
            let tx = fx - Float(ix)
            let ty = fy - Float(iy)
            let p = source + (iy * width + ix)
            let p00 = p[0], p01 = p[1]
            let p10 = p[width], p11 = p[width + 1]
            let top = p00 + (p01 - p00) * tx
            let bottom = p10 + (p11 - p10) * tx
            out[i] = top + (bottom - top) * ty
        }
    }
}

extension BilinearWarp {
    /// `sampleRow` from two sources of one size at the same positions, each position's taps
    /// and weights worked out once (the same values as two calls).
    @inlinable
    public static func sampleRow(source: UnsafePointer<Pixel>, and second: UnsafePointer<Pixel>, width: Int,
                                 height: Int, xs: UnsafePointer<Float>, ys: UnsafePointer<Float>, count: Int,
                                 into out: UnsafeMutablePointer<Pixel>, and out2: UnsafeMutablePointer<Pixel>) {
        let limitX = Float(width - 1), limitY = Float(height - 1)
        let lastX = width - 2, lastY = height - 2
        for i in 0..<count {
            let fx = max(0, min(xs[i] - 0.5, limitX))
            let fy = max(0, min(ys[i] - 0.5, limitY))
            let ix = min(Int(fx), lastX)
            let iy = min(Int(fy), lastY)
            let tx = fx - Float(ix)
            let ty = fy - Float(iy)
            let offset = iy * width + ix
            let p = source + offset, q = second + offset
            let p00 = p[0], p01 = p[1]
            let p10 = p[width], p11 = p[width + 1]
            let top = p00 + (p01 - p00) * tx
            let bottom = p10 + (p11 - p10) * tx
            out[i] = top + (bottom - top) * ty
            let q00 = q[0], q01 = q[1]
            let q10 = q[width], q11 = q[width + 1]
            let qTop = q00 + (q01 - q00) * tx
            let qBottom = q10 + (q11 - q10) * tx
            out2[i] = qTop + (qBottom - qTop) * ty
        }
    }
}

/// The plain, obviously-correct bilinear warp: per pixel, in Double, with explicit floors
/// and clamps. The fast kernel must agree with it on random input at any size.
public enum ReferenceWarp {
    public static func render<Map: WarpMap>(source: FrameBuffer, map: Map, into destination: FrameBuffer) {
        let width = destination.width
        var xs = [Float](repeating: 0, count: width)
        var ys = [Float](repeating: 0, count: width)
        for y in 0..<destination.height {
            xs.withUnsafeMutableBufferPointer { xb in
                ys.withUnsafeMutableBufferPointer { yb in
                    map.sourceCoordinates(row: y, count: width, xs: xb.baseAddress!, ys: yb.baseAddress!)
                }
            }
            for x in 0..<width {
                destination[x, y] = sample(source, x: Double(xs[x]), y: Double(ys[x]))
            }
        }
    }

    /// Bilinear sample at continuous position (x, y), pixel centres at i + 0.5, clamped to the edge.
    public static func sample(_ source: FrameBuffer, x: Double, y: Double) -> Pixel {
        func clampIndex(_ v: Int, _ n: Int) -> Int { Swift.min(Swift.max(v, 0), n - 1) }
        let fx = x.isNaN ? 0 : x - 0.5
        let fy = y.isNaN ? 0 : y - 0.5
        let x0 = Swift.min(Swift.max(fx, 0), Double(source.width - 1))
        let y0 = Swift.min(Swift.max(fy, 0), Double(source.height - 1))
        let ix = Int(x0.rounded(.down)), iy = Int(y0.rounded(.down))
        let tx = x0 - Double(ix), ty = y0 - Double(iy)
        var result = SIMD4<Double>()
        for (dx, dy, w) in [(0, 0, (1 - tx) * (1 - ty)), (1, 0, tx * (1 - ty)),
                            (0, 1, (1 - tx) * ty), (1, 1, tx * ty)] {
            let p = source[clampIndex(ix + dx, source.width), clampIndex(iy + dy, source.height)]
            result += SIMD4<Double>(Double(p.x), Double(p.y), Double(p.z), Double(p.w)) * w
        }
        return Pixel(Float(result.x), Float(result.y), Float(result.z), Float(result.w))
    }
}
