/// Resamples a rectangle of a `Photo` into a float `FrameBuffer` with a proper filter: the
/// one place where a large photo is shrunk (or a small one enlarged), so that the per-frame
/// bilinear warp only ever works near 1:1 and nothing aliases or shimmers.
///
/// Separable Mitchell–Netravali cubic (B = C = 1/3: little ringing, little blur), its support
/// widened by the shrink factor so it integrates over every source pixel a destination pixel
/// covers. Filtering is done on premultiplied alpha, then composited over a background.
/// Work goes in bands of output rows: each band filters horizontally only the source rows it
/// needs, so memory stays small whatever the photo's size.
public enum PlateResampler {
    /// What lies outside the photo for the filter's taps.
    public enum Edge: Sendable {
        /// Repeat the edge pixels (crop framing: the region lies inside the photo).
        case clamp
        /// Transparent (pad framing: the photo sits on a background with soft, exact edges).
        case transparent
    }

    /// What shows through transparent pixels.
    public enum Background {
        case color(Pixel)
        /// A frame of the output's size, composited under the result.
        case frame(FrameBuffer)
    }

    /// Resamples `region` (photo pixel units) of `photo` to `width` x `height` pixels.
    public static func resample(_ photo: Photo, region: CameraWindow, width: Int, height: Int,
                                edge: Edge = .clamp, background: Background = .color(Pixel(1, 1, 1, 1)),
                                schedule: RenderSchedule = RenderSchedule()) -> FrameBuffer {
        let out = FrameBuffer(width: width, height: height)
        if case .frame(let under) = background {
            precondition(under.width == width && under.height == height, "background matches the output")
        }
        let columns = FilterTaps(source: photo.width, origin: region.minX, span: region.width,
                                 destination: width, edge: edge)
        let rows = FilterTaps(source: photo.height, origin: region.minY, span: region.height,
                              destination: height, edge: edge)
        let colRange = columns.sourceRange
        let rowWidth = colRange.count
        // Enough horizontally filtered rows for one band of output rows.
        let bandRows = schedule.rowsPerBand
        let maxSourceRows = rows.maxSourceRows(forBand: bandRows)
        let perWorker = maxSourceRows * width + rowWidth
        let scratch = UnsafeMutablePointer<Pixel>.allocate(capacity: perWorker * schedule.threads)
        defer { scratch.deallocate() }
        let opaque = !photo.hasAlpha

        photo.pixels.withUnsafeBufferPointer { bytes in
            let src = bytes.baseAddress!
            out.withMutablePixels { dst in
                schedule.forEachBand(rows: height) { band, worker in
                    let filtered = scratch + perWorker * worker    // maxSourceRows x width
                    let line = filtered + maxSourceRows * width        // one converted source row
                    let sourceRows = rows.sourceRange(forDestinationRows: band)
                    // 1. Convert and filter horizontally the source rows this band needs.
                    for (k, sy) in sourceRows.enumerated() {
                        convertRow(src + (sy * photo.width + colRange.lowerBound) * 4,
                                   count: rowWidth, opaque: opaque, into: line)
                        columns.apply(line, sourceOffset: colRange.lowerBound, into: filtered + k * width)
                    }
                    // 2. Filter vertically and composite.
                    for y in band {
                        let row = dst.baseAddress! + y * width
                        rows.applyVertical(filtered, rowStride: width, firstSourceRow: sourceRows.lowerBound,
                                           destinationIndex: y, count: width, into: row)
                        switch background {
                        case .color(let bg): compositeOver(row, count: width, background: bg)
                        case .frame(let under):
                            under.withPixels { compositeOver(row, count: width, under: $0.baseAddress! + y * width) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// RGBA8 to premultiplied float. Scalar conversions from integer lanes: the generic
    /// `SIMD4<Float>(SIMD4<UInt8>)` initialiser is not vectorised and costs ~15x more.
    @inline(__always)
    static func convertRow(_ p: UnsafePointer<UInt8>, count: Int, opaque: Bool, into out: UnsafeMutablePointer<Pixel>) {
        let k: Float = 1 / 255
        if opaque {
            for i in 0..<count {
                let q = p + 4 * i
                out[i] = Pixel(Float(q[0]), Float(q[1]), Float(q[2]), 255) * k
            }
        } else {
            for i in 0..<count {
                let q = p + 4 * i
                let a = Float(q[3]) * k
                out[i] = Pixel(Float(q[0]) * k * a, Float(q[1]) * k * a, Float(q[2]) * k * a, a)
            }
        }
    }

    @inline(__always)
    static func compositeOver(_ row: UnsafeMutablePointer<Pixel>, count: Int, background: Pixel) {
        for i in 0..<count {
            let p = row[i].clampedToUnit
            var c = p + background * (1 - p.w)
            c.w = 1
            row[i] = c.clampedToUnit
        }
    }

    @inline(__always)
    static func compositeOver(_ row: UnsafeMutablePointer<Pixel>, count: Int, under: UnsafePointer<Pixel>) {
        for i in 0..<count {
            let p = row[i].clampedToUnit
            var c = p + under[i] * (1 - p.w)
            c.w = 1
            row[i] = c.clampedToUnit
        }
    }
}

/// The taps of a 1-D resampling filter: for each destination index, a fixed number of
/// source indices (already clamped or marked transparent) and normalised weights.
struct FilterTaps {
    let taps: Int
    let destination: Int
    /// `destination * taps` source indices; -1 marks a transparent tap (weight kept).
    let index: [Int32]
    let weight: [Float]
    /// Source indices any tap reads.
    let sourceRange: Range<Int>

    init(source: Int, origin: Double, span: Double, destination: Int, edge: PlateResampler.Edge) {
        let scale = span / Double(destination)          // source pixels per destination pixel
        let widen = max(1, scale)                         // shrinking widens the filter
        let radius = 2 * widen                            // Mitchell's support is [-2, 2]
        let taps = Int((2 * radius).rounded(.up)) + 1
        var index = [Int32](repeating: -1, count: destination * taps)
        var weight = [Float](repeating: 0, count: destination * taps)
        var lo = Int.max, hi = Int.min
        for j in 0..<destination {
            let centre = origin + (Double(j) + 0.5) * scale - 0.5   // in source index space
            let first = Int((centre - radius).rounded(.up))
            var sum = 0.0
            var w = [Double](repeating: 0, count: taps)
            for t in 0..<taps {
                let v = Self.mitchell((Double(first + t) - centre) / widen)
                w[t] = v
                sum += v
            }
            for t in 0..<taps {
                var s = first + t
                if s < 0 || s >= source {
                    switch edge {
                    case .clamp: s = min(max(s, 0), source - 1)
                    case .transparent: s = -1
                    }
                }
                index[j * taps + t] = Int32(s)
                weight[j * taps + t] = Float(w[t] / sum)
                if s >= 0 { lo = min(lo, s); hi = max(hi, s) }
            }
        }
        if lo > hi { lo = 0; hi = 0 }   // the region misses the photo entirely
        self.taps = taps
        self.destination = destination
        self.index = index
        self.weight = weight
        self.sourceRange = lo..<(hi + 1)
    }

    /// Mitchell–Netravali with B = C = 1/3.
    static func mitchell(_ x: Double) -> Double {
        let x = abs(x)
        let b = 1.0 / 3, c = 1.0 / 3
        if x < 1 {
            return ((12 - 9 * b - 6 * c) * x * x * x + (-18 + 12 * b + 6 * c) * x * x + (6 - 2 * b)) / 6
        } else if x < 2 {
            return ((-b - 6 * c) * x * x * x + (6 * b + 30 * c) * x * x + (-12 * b - 48 * c) * x + (8 * b + 24 * c)) / 6
        }
        return 0
    }

    /// Source indices the destination indices `rows` read (transparent taps excluded).
    func sourceRange(forDestinationRows rows: Range<Int>) -> Range<Int> {
        var lo = Int.max, hi = Int.min
        for j in rows {
            for t in 0..<taps {
                let s = Int(index[j * taps + t])
                if s >= 0 { lo = min(lo, s); hi = max(hi, s) }
            }
        }
        return lo > hi ? 0..<0 : lo..<(hi + 1)
    }

    func maxSourceRows(forBand band: Int) -> Int {
        var most = 1
        var j = 0
        while j < destination {
            most = max(most, sourceRange(forDestinationRows: j..<min(destination, j + band)).count)
            j += band
        }
        return most
    }

    /// Filters one row: `line[s - sourceOffset]` holds source pixel `s`.
    func apply(_ line: UnsafePointer<Pixel>, sourceOffset: Int, into out: UnsafeMutablePointer<Pixel>) {
        index.withUnsafeBufferPointer { idx in
            weight.withUnsafeBufferPointer { wt in
                for j in 0..<destination {
                    var acc = Pixel(repeating: 0)
                    let base = j * taps
                    for t in 0..<taps {
                        let s = Int(idx[base + t])
                        if s >= 0 { acc += line[s - sourceOffset] * wt[base + t] }
                    }
                    out[j] = acc
                }
            }
        }
    }

    /// Filters down the columns of `rows` (row `s - firstSourceRow` holds source row `s`).
    func applyVertical(_ rows: UnsafePointer<Pixel>, rowStride: Int, firstSourceRow: Int,
                       destinationIndex j: Int, count: Int, into out: UnsafeMutablePointer<Pixel>) {
        out.update(repeating: Pixel(repeating: 0), count: count)
        let base = j * taps
        for t in 0..<taps {
            let s = Int(index[base + t])
            if s < 0 { continue }
            let w = weight[base + t]
            let row = rows + (s - firstSourceRow) * rowStride
            for x in 0..<count { out[x] += row[x] * w }
        }
    }
}
