import Foundation

/// The photo as scene analysis sees it: a small copy (longest side a few hundred pixels),
/// area-averaged from the full photo, as sRGB planes and CIE L*a*b* planes, with the
/// colour gradients every detector shares.
///
/// Why small: sky, water and depth are large, smooth structures; at ~320 px they cost a
/// few milliseconds, and the guided filter puts their edges back where the photo's are.
/// Why an area (box) filter: every photo pixel counts exactly once, by the fraction of it
/// each analysis pixel covers, so fine texture (ripples, leaves, sensor noise) averages out
/// instead of aliasing into false edges.
struct AnalysisImage: Sendable {
    let width: Int
    let height: Int
    /// sRGB (gamma-encoded) 0...1, rows top to bottom; the guide of the guided filter.
    var red: [Float], green: [Float], blue: [Float]
    /// CIE L* (0...100), a* (green to red) and b* (blue to yellow), D65: distances here
    /// are roughly perceptual (delta E), so thresholds mean the same in every photo.
    var lightness: [Float], greenRed: [Float], blueYellow: [Float]
    /// Luma (0...1) at twice the analysis size (2 width x 2 height), for the defocus cue;
    /// empty when the photo is smaller than that.
    var fineLightness: [Float] = []

    var count: Int { width * height }

    /// The photo area-averaged so that its longest side is `longestSide` (never enlarged).
    /// Transparent pixels are composited over white, as the renderer does for `--fit crop`.
    /// When the photo has the pixels, it is first averaged to twice that size, whose
    /// lightness the defocus cue reads (`fineLightness`), and each analysis pixel is the mean
    /// of its 2x2 fine pixels: the same area average, since the two grids nest.
    static func downscaled(_ photo: Photo, longestSide: Int) -> AnalysisImage {
        let sourceWidth = photo.width, sourceHeight = photo.height
        let longest = max(sourceWidth, sourceHeight)
        let scale = Double(min(max(longestSide, 1), longest)) / Double(longest)
        let width = min(sourceWidth, max(1, Int((Double(sourceWidth) * scale).rounded())))
        let height = min(sourceHeight, max(1, Int((Double(sourceHeight) * scale).rounded())))
        // Each area sum gathered (sourceWidth / width) * (sourceHeight / height) pixels'
        // worth, in units of 1/255 (opaque) or 1/255^2 (composited over white).
        let unit: Float = photo.hasAlpha ? 255 * 255 : 255
        let norm = Float(width * height) / (Float(sourceWidth) * Float(sourceHeight) * unit)
        let stride = width + 1
        var sums: [SIMD4<Float>]
        var fineLightness: [Float] = []
        if 2 * width <= sourceWidth && 2 * height <= sourceHeight {
            let fine = areaSums(photo, width: 2 * width, height: 2 * height)
            let fineStride = 2 * width + 1
            sums = [SIMD4<Float>](repeating: .zero, count: stride * (height + 1))
            fineLightness = [Float](repeating: 0, count: 4 * width * height)
            // Rec. 601 luma of the fine pixels, 0...1 (a lightness, not L*: only its steps count).
            let luma = SIMD4<Float>(0.299, 0.587, 0.114, 0) * (norm / 4)
            for y in 0..<height {
                for x in 0..<width {
                    let f = 2 * y * fineStride + 2 * x
                    let p = fine[f], q = fine[f + 1], r = fine[f + fineStride], s = fine[f + fineStride + 1]
                    sums[y * stride + x] = (p + q) + (r + s)
                    let o = 2 * y * 2 * width + 2 * x
                    fineLightness[o] = (p * luma).sum(); fineLightness[o + 1] = (q * luma).sum()
                    fineLightness[o + 2 * width] = (r * luma).sum(); fineLightness[o + 2 * width + 1] = (s * luma).sum()
                }
            }
        } else {
            sums = areaSums(photo, width: width, height: height)
        }
        var red = [Float](repeating: 0, count: width * height), green = red, blue = red
        for y in 0..<height {
            for x in 0..<width {
                let s = sums[y * stride + x], i = y * width + x
                red[i] = min(1, s.x * norm)
                green[i] = min(1, s.y * norm)
                blue[i] = min(1, s.z * norm)
            }
        }
        var image = AnalysisImage(width: width, height: height, red: red, green: green, blue: blue,
                                  lightness: [], greenRed: [], blueYellow: [], fineLightness: fineLightness)
        image.computeLab()
        return image
    }


    /// Area sums of the photo on a `width` x `height` grid (RGBA lanes, rows of `width + 1`,
    /// one spare column and row for the zero-weight spill of the last photo pixel). One pass
    /// over the photo, row by row: the photo pixels wholly inside a column are summed as
    /// integers (four lanes at once), and only the one pixel a column boundary splits is
    /// weighted; each row's sums are then shared between the one or two rows it covers.
    private static func areaSums(_ photo: Photo, width: Int, height: Int) -> [SIMD4<Float>] {
        let sourceWidth = photo.width, sourceHeight = photo.height
        let columns = AreaSpans(AreaTaps(source: sourceWidth, target: width))
        let rows = AreaTaps(source: sourceHeight, target: height)
        let stride = width + 1
        var sums = [SIMD4<Float>](repeating: .zero, count: stride * (height + 1))
        var rowSums = [SIMD4<Float>](repeating: .zero, count: stride)
        photo.pixels.withUnsafeBytes { source in
            sums.withUnsafeMutableBufferPointer { sums in
                rowSums.withUnsafeMutableBufferPointer { row in
                    for y in 0..<sourceHeight {
                        let line = UnsafeRawBufferPointer(rebasing: source[(y * sourceWidth * 4)..<((y + 1) * sourceWidth * 4)])
                        columns.accumulate(line, compositeOverWhite: photo.hasAlpha, into: row)
                        let target = Int(rows.index[y]) * stride
                        let share = rows.share[y]
                        if share == 1 {
                            for k in 0..<stride { sums[target + k] += row[k] }
                        } else {
                            let rest = 1 - share
                            for k in 0..<stride {
                                sums[target + k] += row[k] * share
                                sums[target + stride + k] += row[k] * rest
                            }
                        }
                    }
                }
            }
        }
        return sums
    }

    private mutating func computeLab() {
        var l = [Float](repeating: 0, count: count), a = l, b = l
        let linear = ColourTables.linear, cubeRoot = ColourTables.cubeRoot
        for i in 0..<count {
            let r = linear.value(red[i]), g = linear.value(green[i]), bl = linear.value(blue[i])
            let x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047
            let y = 0.2126 * r + 0.7152 * g + 0.0722 * bl
            let z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883
            let fx = cubeRoot.value(x), fy = cubeRoot.value(y), fz = cubeRoot.value(z)
            l[i] = 116 * fy - 16
            a[i] = 500 * (fx - fy)
            b[i] = 200 * (fy - fz)
        }
        lightness = l; greenRed = a; blueYellow = b
    }

    /// Colour gradient (Sobel on L*, a*, b*, scaled to delta E per pixel) and the two
    /// lightness derivatives, which the water detector uses for ripple direction.
    func gradients() -> (magnitude: [Float], alongX: [Float], alongY: [Float]) {
        var magnitude = [Float](repeating: 0, count: count), alongX = magnitude, alongY = magnitude
        let w = width, h = height
        func sobel(_ p: UnsafeBufferPointer<Float>, _ x: Int, _ y: Int) -> (Float, Float) {
            let xm = max(x - 1, 0), xp = min(x + 1, w - 1)
            let ym = max(y - 1, 0) * w, yc = y * w, yp = min(y + 1, h - 1) * w
            let gx = (p[ym + xp] + 2 * p[yc + xp] + p[yp + xp]) - (p[ym + xm] + 2 * p[yc + xm] + p[yp + xm])
            let gy = (p[yp + xm] + 2 * p[yp + x] + p[yp + xp]) - (p[ym + xm] + 2 * p[ym + x] + p[ym + xp])
            return (gx / 8, gy / 8)
        }
        lightness.withUnsafeBufferPointer { l in
            greenRed.withUnsafeBufferPointer { a in
                blueYellow.withUnsafeBufferPointer { b in
                    for y in 0..<h {
                        for x in 0..<w {
                            let (lx, ly) = sobel(l, x, y), (ax, ay) = sobel(a, x, y), (bx, by) = sobel(b, x, y)
                            let i = y * w + x
                            magnitude[i] = (lx * lx + ly * ly + ax * ax + ay * ay + bx * bx + by * by).squareRoot()
                            alongX[i] = lx
                            alongY[i] = ly
                        }
                    }
                }
            }
        }
        return (magnitude, alongX, alongY)
    }
}

/// Where each photo pixel of one axis lands in an area downscale: it covers the interval
/// [x, x + 1) * target / source of analysis pixels, which is at most two of them because the
/// analysis image is never larger. `share` is the part that falls in `index`, the rest goes
/// to `index + 1`.
struct AreaTaps: Sendable {
    var index: [Int32]
    var share: [Float]

    init(source: Int, target: Int) {
        index = [Int32](repeating: 0, count: source)
        share = [Float](repeating: 1, count: source)
        let ratio = Double(target) / Double(source)
        for x in 0..<source {
            let start = Double(x) * ratio, end = Double(x + 1) * ratio
            let j = min(Int(start), target - 1)
            let boundary = Double(j + 1)
            index[x] = Int32(j)
            share[x] = end <= boundary ? 1 : Float((boundary - start) / (end - start))
        }
    }
}

/// `AreaTaps` of one axis regrouped by analysis pixel: the photo pixels wholly inside each
/// one, [start, end), and the pixel after them that a boundary splits with the next one
/// (`split` -1 when none), `share` of it falling in this one.
struct AreaSpans: Sendable {
    var start: [Int], end: [Int], split: [Int]
    var share: [Float]

    init(_ taps: AreaTaps) {
        let target = Int(taps.index.last ?? 0) + 1
        start = [Int](repeating: -1, count: target); end = [Int](repeating: 0, count: target)
        split = [Int](repeating: -1, count: target); share = [Float](repeating: 1, count: target)
        for x in taps.index.indices {
            let j = Int(taps.index[x])
            if taps.share[x] == 1 {
                if start[j] < 0 { start[j] = x }
                end[j] = x + 1
            } else {
                split[j] = x; share[j] = taps.share[x]
            }
        }
        for j in 0..<target where start[j] < 0 { start[j] = 0; end[j] = 0 }
    }

    /// One photo row (RGBA bytes) summed into `row` (one entry per analysis pixel plus a
    /// spare): integer sums over each run, the split pixels weighted.
    func accumulate(_ line: UnsafeRawBufferPointer, compositeOverWhite: Bool,
                    into row: UnsafeMutableBufferPointer<SIMD4<Float>>) {
        @inline(__always) func load(_ x: Int) -> SIMD4<UInt32> {
            let c = SIMD4<UInt32>(truncatingIfNeeded: line.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self))
            guard compositeOverWhite else { return c }
            // In units of 1/255^2: c * a + 255 * (255 - a).
            return c &* c.w &+ 255 &* (255 &- c.w)
        }
        let count = start.count
        start.withUnsafeBufferPointer { start in
            end.withUnsafeBufferPointer { end in
                for j in 0..<count {
                    var sum = SIMD4<UInt32>.zero
                    var x = start[j]
                    if compositeOverWhite {
                        while x < end[j] { sum &+= load(x); x += 1 }
                    } else {
                        // Four pixels a load, summed in 16-bit lanes, emptied into `sum`
                        // every 64 loads (256 pixels of 255 fit in a lane).
                        while x + 4 <= end[j] {
                            var four = SIMD16<UInt16>.zero
                            let stop = min(end[j], x + 256)
                            while x + 4 <= stop {
                                four &+= SIMD16<UInt16>(truncatingIfNeeded: line.loadUnaligned(fromByteOffset: x * 4, as: SIMD16<UInt8>.self))
                                x += 4
                            }
                            let pairs = SIMD8<UInt32>(truncatingIfNeeded: four.lowHalf) &+ SIMD8<UInt32>(truncatingIfNeeded: four.highHalf)
                            sum &+= pairs.lowHalf &+ pairs.highHalf
                        }
                        while x < end[j] {
                            sum &+= SIMD4<UInt32>(truncatingIfNeeded: line.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self))
                            x += 1
                        }
                    }
                    row[j] = SIMD4<Float>(sum)
                }
            }
        }
        row[count] = .zero
        for j in 0..<count where split[j] >= 0 {
            let p = SIMD4<Float>(load(split[j])), s = share[j]
            row[j] += p * s
            row[j + 1] += p * (1 - s)
        }
    }
}

/// A function on 0...1 tabulated at 4096 steps and read with linear interpolation: the sRGB
/// decoding curve and L*a*b*'s cube root cost a multiply-add instead of a `pow` or `cbrt`
/// (errors under 1e-5, far below what a delta E threshold notices).
struct ColourTable: Sendable {
    static let steps = 4096
    private let values: [Float]

    init(_ function: (Double) -> Double) {
        values = (0...(Self.steps + 1)).map { Float(function(min(1, Double($0) / Double(Self.steps)))) }
    }

    @inline(__always)
    func value(_ t: Float) -> Float {
        let position = min(max(t, 0), 1) * Float(Self.steps)
        let k = Int(position), f = position - Float(k)
        return values.withUnsafeBufferPointer { $0[k] + ($0[k + 1] - $0[k]) * f }
    }
}

enum ColourTables {
    /// sRGB (gamma-encoded) to linear light.
    static let linear = ColourTable { v in v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4) }
    /// CIE L*a*b*'s f(t): a cube root, linear near black.
    static let cubeRoot = ColourTable { t in t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0 }
}
