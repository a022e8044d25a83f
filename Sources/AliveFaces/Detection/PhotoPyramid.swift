import AliveCore

/// The photo as the detector sees it: float RGB, at a chain of scales each half the one
/// before. The finest level is made once from the 8-bit photo by area averaging (each output
/// pixel the mean of the photo pixels it covers, so nothing aliases however large the photo);
/// each coarser level is the 2x2 mean of the one before it.
struct PhotoPyramid {
    /// One level: `width x height` RGB, values 0...1, and its scale (level pixels per photo pixel).
    struct Level {
        var width: Int, height: Int
        var scale: Double
        var rgb: [Float]
    }

    /// The level at `scale` of the photo (area average when shrinking, bilinear when enlarging).
    static func level(of photo: Photo, scale: Double) -> Level {
        let w = max(1, Int((Double(photo.width) * scale).rounded())), h = max(1, Int((Double(photo.height) * scale).rounded()))
        if scale >= 1 { return enlarged(photo, width: w, height: h, scale: scale) }
        // Separable box filter with fractional edges: rows first (the photo rows under one
        // output row summed into one float row of the photo's width), then columns, from that
        // row to the output. The rows a level row covers whole all weigh the same, so they are
        // summed as integers (16-bit lanes: up to 257 rows) and weighed once; only the two
        // edge rows are weighed apart. Plain loops over bytes, which the compiler vectorises.
        let columns = AreaWeights(source: photo.width, target: w)
        let rows = AreaWeights(source: photo.height, target: h)
        var out = [Float](repeating: 0, count: w * h * 3)
        let count = photo.width * 4
        let a = UnsafeMutablePointer<Float>.allocate(capacity: count), z = UnsafeMutablePointer<UInt16>.allocate(capacity: count)
        defer { a.deallocate(); z.deallocate() }
        photo.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for oy in 0..<h {
                    let (start, n, first) = rows.span(oy)
                    let line = { (k: Int) in src.baseAddress! + (start + k) * count }
                    let weight = { (k: Int) in rows.weights[first + k] / 255 }
                    if n >= 3, n - 2 <= 257 {
                        let l1 = line(1)
                        for i in 0..<count { z[i] = UInt16(l1[i]) }
                        for k in 2..<(n - 1) {
                            let l = line(k)
                            for i in 0..<count { z[i] &+= UInt16(l[i]) }
                        }
                        let l0 = line(0), ln = line(n - 1), w0 = weight(0), wi = weight(1), wn = weight(n - 1)
                        for i in 0..<count { a[i] = Float(l0[i]) * w0 + Float(z[i]) * wi + Float(ln[i]) * wn }
                    } else {
                        for k in 0..<n {
                            let l = line(k), wk = weight(k)
                            if k == 0 {
                                for i in 0..<count { a[i] = Float(l[i]) * wk }
                            } else {
                                for i in 0..<count { a[i] += Float(l[i]) * wk }
                            }
                        }
                    }
                    let o = dst.baseAddress! + oy * w * 3
                    for x in 0..<w {
                        let (start, n, first) = columns.span(x)
                        var r: Float = 0, g: Float = 0, b: Float = 0
                        for k in 0..<n {
                            let p = a + (start + k) * 4, cw = columns.weights[first + k]
                            r += p[0] * cw; g += p[1] * cw; b += p[2] * cw
                        }
                        o[x * 3] = r; o[x * 3 + 1] = g; o[x * 3 + 2] = b
                    }
                }
            }
        }
        return Level(width: w, height: h, scale: Double(w) / Double(photo.width), rgb: out)
    }

    /// Bilinear enlargement, pixel centres aligned.
    private static func enlarged(_ photo: Photo, width w: Int, height h: Int, scale: Double) -> Level {
        var out = [Float](repeating: 0, count: w * h * 3)
        let sx = Double(photo.width) / Double(w), sy = Double(photo.height) / Double(h)
        for y in 0..<h {
            let fy = max(0, min(Double(photo.height - 1), (Double(y) + 0.5) * sy - 0.5))
            let y0 = Int(fy), y1 = min(y0 + 1, photo.height - 1), ty = Float(fy - Double(y0))
            for x in 0..<w {
                let fx = max(0, min(Double(photo.width - 1), (Double(x) + 0.5) * sx - 0.5))
                let x0 = Int(fx), x1 = min(x0 + 1, photo.width - 1), tx = Float(fx - Double(x0))
                for c in 0..<3 {
                    let a = Float(photo.pixels[(y0 * photo.width + x0) * 4 + c]), b = Float(photo.pixels[(y0 * photo.width + x1) * 4 + c])
                    let d = Float(photo.pixels[(y1 * photo.width + x0) * 4 + c]), e = Float(photo.pixels[(y1 * photo.width + x1) * 4 + c])
                    out[(y * w + x) * 3 + c] = ((a * (1 - tx) + b * tx) * (1 - ty) + (d * (1 - tx) + e * tx) * ty) / 255
                }
            }
        }
        return Level(width: w, height: h, scale: Double(w) / Double(photo.width), rgb: out)
    }

    /// The next coarser level: 2x2 means (an odd last row or column is averaged with itself).
    static func halved(_ l: Level) -> Level {
        let w = (l.width + 1) / 2, h = (l.height + 1) / 2
        var out = [Float](repeating: 0, count: w * h * 3)
        l.rgb.withUnsafeBufferPointer { s in
            for y in 0..<h {
                let y0 = 2 * y, y1 = min(2 * y + 1, l.height - 1)
                for x in 0..<w {
                    let x0 = 2 * x, x1 = min(2 * x + 1, l.width - 1)
                    for c in 0..<3 {
                        out[(y * w + x) * 3 + c] = 0.25 * (s[(y0 * l.width + x0) * 3 + c] + s[(y0 * l.width + x1) * 3 + c]
                            + s[(y1 * l.width + x0) * 3 + c] + s[(y1 * l.width + x1) * 3 + c])
                    }
                }
            }
        }
        return Level(width: w, height: h, scale: l.scale * Double(w) / Double(l.width), rgb: out)
    }
}

/// Which source pixels cover each target pixel, and how much, for an area-average resize
/// from `source` to `target` samples (target < source).
struct AreaWeights {
    /// Per target pixel: first source index, count, offset into `weights`.
    private var spans: [(Int, Int, Int)] = []
    var weights: [Float] = []

    init(source: Int, target: Int) {
        let step = Double(source) / Double(target)
        for t in 0..<target {
            let a = Double(t) * step, b = Double(t + 1) * step
            let first = Int(a), last = min(source - 1, Int((b - 1e-9).rounded(.down)))
            spans.append((first, last - first + 1, weights.count))
            for s in first...last {
                let cover = min(b, Double(s + 1)) - max(a, Double(s))
                weights.append(Float(cover / step))
            }
        }
    }

    func span(_ t: Int) -> (start: Int, count: Int, first: Int) { spans[t] }
}
