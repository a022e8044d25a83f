import Foundation

/// A grayscale picture for analysis: 8-bit or float luma, rows top to bottom.
public struct GrayImage: Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [Float]

    public init(width: Int, height: Int, pixels: [Float]) {
        precondition(pixels.count == width * height)
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public init(width: Int, height: Int, bytes: some Collection<UInt8>) {
        self.init(width: width, height: height, pixels: bytes.map(Float.init))
    }

    public subscript(x: Int, y: Int) -> Float { pixels[y * width + x] }
}

/// Measures how the picture moves between two frames, the way a viewer's eye tracks it:
/// cross-correlation of windowed patches on a grid (phase correlation without whitening), refined to 1/50 pixel with the upsampled-DFT
/// method of Guizar-Sicairos et al. (Opt. Lett. 33, 2008; as scikit-image's
/// `phase_cross_correlation`), then a least-squares fit of a zoom-and-shift model.
public enum MotionProbe {
    /// Patch side (a power of two).
    public static let patch = 64
    static let upsample = 50.0

    /// The shift (dx, dy) of `moving`'s patch at (x, y) relative to `reference`'s: content at
    /// p in the reference is at p + (dx, dy) in `moving`.
    ///
    /// A stationary window pulls a correlation peak towards zero in proportion to the shift,
    /// so the estimate is iterated: the moving patch is re-read at the shift found so far
    /// (bilinear) and only the small remainder is measured again.
    public static func shift(reference: GrayImage, moving: GrayImage, x: Int, y: Int) -> (dx: Double, dy: Double) {
        let a = windowed(reference, x: Double(x), y: Double(y))
        var total = (dx: 0.0, dy: 0.0)
        for _ in 0..<4 {
            let b = windowed(moving, x: Double(x) + total.dx, y: Double(y) + total.dy)
            let d = correlationPeak(a, b)
            total = (total.dx + d.dx, total.dy + d.dy)
            if abs(d.dx) < 0.002 && abs(d.dy) < 0.002 { break }
        }
        return total
    }

    /// The peak of the cross-correlation of two windowed patches, to 1/upsample pixel.
    static func correlationPeak(_ a: [Complex], _ b: [Complex]) -> (dx: Double, dy: Double) {
        let n = patch
        var fa = a, fb = b
        FFT.transform2D(&fa, n: n, inverse: false)
        FFT.transform2D(&fb, n: n, inverse: false)
        // Cross-power spectrum of moving against reference. Not whitened: whitening gives the
        // frequencies where a patch has no texture (only window leakage, which does not move)
        // as much say as the rest, and biases sub-pixel shifts towards zero.
        var r = [Complex](repeating: Complex(re: 0, im: 0), count: n * n)
        for i in 0..<(n * n) { r[i] = fb[i] * fa[i].conjugate }
        var corr = r
        FFT.transform2D(&corr, n: n, inverse: true)
        var best = 0, bestValue = -Double.infinity
        for i in 0..<(n * n) where corr[i].re > bestValue { bestValue = corr[i].re; best = i }
        func wrap(_ v: Int) -> Double { Double(v >= n / 2 ? v - n : v) }
        let px = wrap(best % n), py = wrap(best / n)
        // Refine: evaluate the correlation on a 1.5 px square around the peak at 1/upsample steps.
        let points = Int((1.5 * upsample).rounded(.up))
        let half = Double(points / 2)
        var bestFine = (dx: px, dy: py, value: -Double.infinity)
        // Separable matrix DFT: first along x for every frequency row, then along y.
        let freqs = (0..<n).map { Double($0 >= n / 2 ? $0 - n : $0) }
        var partial = [Complex](repeating: Complex(re: 0, im: 0), count: n * points)   // [ky][sx]
        for sx in 0..<points {
            let shiftX = px + (Double(sx) - half) / upsample
            let twiddles = freqs.map { k -> Complex in
                let angle = 2 * Double.pi * k * shiftX / Double(n)
                return Complex(re: cos(angle), im: sin(angle))
            }
            for ky in 0..<n {
                var acc = Complex(re: 0, im: 0)
                for kx in 0..<n { acc = acc + r[ky * n + kx] * twiddles[kx] }
                partial[ky * points + sx] = acc
            }
        }
        for sy in 0..<points {
            let shiftY = py + (Double(sy) - half) / upsample
            let twiddles = freqs.map { k -> Complex in
                let angle = 2 * Double.pi * k * shiftY / Double(n)
                return Complex(re: cos(angle), im: sin(angle))
            }
            for sx in 0..<points {
                var acc = Complex(re: 0, im: 0)
                for ky in 0..<n { acc = acc + partial[ky * points + sx] * twiddles[ky] }
                if acc.re > bestFine.value {
                    bestFine = (px + (Double(sx) - half) / upsample, py + (Double(sy) - half) / upsample, acc.re)
                }
            }
        }
        return (bestFine.dx, bestFine.dy)
    }

    /// The patch with top-left corner (x, y), read bilinearly (clamped to the image), mean
    /// removed, under a Hann window (so its edges do not correlate).
    static func windowed(_ image: GrayImage, x: Double, y: Double) -> [Complex] {
        let n = patch
        var values = [Double](repeating: 0, count: n * n)
        var mean = 0.0
        for j in 0..<n {
            let fy = min(max(y + Double(j), 0), Double(image.height - 1))
            let iy = min(Int(fy), image.height - 2), ty = fy - Double(iy)
            for i in 0..<n {
                let fx = min(max(x + Double(i), 0), Double(image.width - 1))
                let ix = min(Int(fx), image.width - 2), tx = fx - Double(ix)
                let top = Double(image[ix, iy]) * (1 - tx) + Double(image[ix + 1, iy]) * tx
                let bottom = Double(image[ix, iy + 1]) * (1 - tx) + Double(image[ix + 1, iy + 1]) * tx
                let v = top * (1 - ty) + bottom * ty
                values[j * n + i] = v
                mean += v
            }
        }
        mean /= Double(n * n)
        var out = [Complex](repeating: Complex(re: 0, im: 0), count: n * n)
        for j in 0..<n {
            let wy = 0.5 - 0.5 * cos(2 * Double.pi * (Double(j) + 0.5) / Double(n))
            for i in 0..<n {
                let wx = 0.5 - 0.5 * cos(2 * Double.pi * (Double(i) + 0.5) / Double(n))
                out[j * n + i] = Complex(re: (values[j * n + i] - mean) * wx * wy, im: 0)
            }
        }
        return out
    }

    /// The motion between two frames as a zoom about the frame's centre plus a shift: a
    /// point p moves by `(scale - 1) * (p - centre) + (tx, ty)`.
    public struct FrameMotion: Sendable {
        public var scale: Double
        public var tx: Double
        public var ty: Double
        /// The displacement this motion gives point (x, y) of a `width` x `height` frame.
        public func displacement(x: Double, y: Double, width: Int, height: Int) -> (Double, Double) {
            let cx = Double(width) / 2, cy = Double(height) / 2
            return ((scale - 1) * (x - cx) + tx, (scale - 1) * (y - cy) + ty)
        }
    }

    /// One patch of the grid: its centre, how far its content moved, and how much texture
    /// it has (the energy of the windowed, mean-removed reference patch).
    public struct PatchShift: Sendable {
        public var x: Double
        public var y: Double
        public var dx: Double
        public var dy: Double
        public var texture: Double
    }

    /// Shifts of the patches on a `columns` x `rows` grid (margins of half a patch).
    public static func patchShifts(from a: GrayImage, to b: GrayImage, columns: Int, rows: Int) -> [PatchShift] {
        precondition(a.width == b.width && a.height == b.height && a.width >= 2 * patch && a.height >= 2 * patch)
        var out: [PatchShift] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let x = patch / 2 + (a.width - 2 * patch) * c / max(1, columns - 1)
                let y = patch / 2 + (a.height - 2 * patch) * r / max(1, rows - 1)
                let texture = windowed(a, x: Double(x), y: Double(y)).reduce(0) { $0 + $1.re * $1.re }
                let d = shift(reference: a, moving: b, x: x, y: y)
                out.append(PatchShift(x: Double(x + patch / 2), y: Double(y + patch / 2), dx: d.dx, dy: d.dy,
                                      texture: texture))
            }
        }
        return out
    }

    /// Fits `FrameMotion` to patch shifts on a grid. A patch without texture (flat sky, a
    /// blank wall) has no shift to measure, only noise, so patches with less than a tenth of
    /// the median texture of the textured half are left out; then patches that disagree with
    /// the first fit by more than three times the median disagreement are left out and the
    /// motion fitted again.
    public static func frameMotion(from a: GrayImage, to b: GrayImage, columns: Int = 6, rows: Int = 10) -> FrameMotion {
        let all = patchShifts(from: a, to: b, columns: columns, rows: rows)
        let textures = all.map(\.texture).sorted()
        let reference = textures[textures.count * 3 / 4]
        var kept = all.filter { $0.texture >= 0.1 * reference }
        if kept.count < 2 { kept = all }
        let cx = Double(a.width) / 2, cy = Double(a.height) / 2
        var motion = fit(kept, cx: cx, cy: cy)
        let errors = kept.map { p -> Double in
            let d = motion.displacement(x: p.x, y: p.y, width: a.width, height: a.height)
            return ((p.dx - d.0) * (p.dx - d.0) + (p.dy - d.1) * (p.dy - d.1)).squareRoot()
        }
        let limit = max(0.02, 3 * errors.sorted()[errors.count / 2])
        let agreeing = zip(kept, errors).filter { $0.1 <= limit }.map(\.0)
        if agreeing.count >= 2 && agreeing.count < kept.count { motion = fit(agreeing, cx: cx, cy: cy) }
        return motion
    }

    /// Least squares for d = s' * u + t (u = p - centre, s' = scale - 1), x and y stacked:
    /// normal equations in [s', tx, ty].
    static func fit(_ shifts: [PatchShift], cx: Double, cy: Double) -> FrameMotion {
        var suu = 0.0, sux = 0.0, suy = 0.0, n = 0.0, sud = 0.0, sdx = 0.0, sdy = 0.0
        for p in shifts {
            let ux = p.x - cx, uy = p.y - cy
            suu += ux * ux + uy * uy
            sux += ux
            suy += uy
            sud += ux * p.dx + uy * p.dy
            sdx += p.dx
            sdy += p.dy
            n += 1
        }
        let solution = solve3([[suu, sux, suy], [sux, n, 0], [suy, 0, n]], [sud, sdx, sdy])
        return FrameMotion(scale: 1 + solution[0], tx: solution[1], ty: solution[2])
    }

    static func solve3(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a, v = b
        for col in 0..<3 {
            let pivot = (col..<3).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            m.swapAt(col, pivot)
            v.swapAt(col, pivot)
            for row in 0..<3 where row != col && m[col][col] != 0 {
                let f = m[row][col] / m[col][col]
                for k in 0..<3 { m[row][k] -= f * m[col][k] }
                v[row] -= f * v[col]
            }
        }
        return (0..<3).map { m[$0][$0] == 0 ? 0 : v[$0] / m[$0][$0] }
    }
}

extension MotionProbe {
    /// The motion between each frame and the next, measured on all cores.
    public static func motions(_ frames: [GrayImage]) -> [FrameMotion] {
        guard frames.count >= 2 else { return [] }
        let pairs = frames.count - 1
        let results = UnsafeMutableBufferPointer<FrameMotion>.allocate(capacity: pairs)
        defer { results.deallocate() }
        nonisolated(unsafe) let slots = results
        DispatchQueue.concurrentPerform(iterations: pairs) { i in
            (slots.baseAddress! + i).initialize(to: frameMotion(from: frames[i], to: frames[i + 1]))
        }
        return Array(results)
    }
}
