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

    var count: Int { width * height }

    /// The photo area-averaged so that its longest side is `longestSide` (never enlarged).
    /// Transparent pixels are composited over white, as the renderer does for `--fit crop`.
    static func downscaled(_ photo: Photo, longestSide: Int) -> AnalysisImage {
        let sourceWidth = photo.width, sourceHeight = photo.height
        let longest = max(sourceWidth, sourceHeight)
        let scale = Double(min(max(longestSide, 1), longest)) / Double(longest)
        let width = min(sourceWidth, max(1, Int((Double(sourceWidth) * scale).rounded())))
        let height = min(sourceHeight, max(1, Int((Double(sourceHeight) * scale).rounded())))
        let columns = AreaTaps(source: sourceWidth, target: width)
        let rows = AreaTaps(source: sourceHeight, target: height)

        // One spare column and row take the zero-weight spill of the last photo pixel.
        let stride = (width + 1) * 3
        var sums = [Float](repeating: 0, count: stride * (height + 1))
        var rowSums = [Float](repeating: 0, count: stride)
        photo.pixels.withUnsafeBufferPointer { source in
            sums.withUnsafeMutableBufferPointer { sums in
                rowSums.withUnsafeMutableBufferPointer { row in
                    for y in 0..<sourceHeight {
                        accumulateRow(source, offset: y * sourceWidth * 4, count: sourceWidth,
                                      hasAlpha: photo.hasAlpha, taps: columns, into: row)
                        let target = Int(rows.index[y]) * stride
                        let share = rows.share[y], rest = 1 - share
                        for k in 0..<stride {
                            sums[target + k] += row[k] * share
                            sums[target + stride + k] += row[k] * rest
                        }
                    }
                }
            }
        }
        // Each analysis pixel gathered (sourceWidth / width) * (sourceHeight / height) pixels' worth.
        let norm = Float(width * height) / (Float(sourceWidth) * Float(sourceHeight) * 255)
        var red = [Float](repeating: 0, count: width * height), green = red, blue = red
        for y in 0..<height {
            for x in 0..<width {
                let s = y * stride + x * 3, i = y * width + x
                red[i] = min(1, sums[s] * norm)
                green[i] = min(1, sums[s + 1] * norm)
                blue[i] = min(1, sums[s + 2] * norm)
            }
        }
        var image = AnalysisImage(width: width, height: height, red: red, green: green, blue: blue,
                                  lightness: [], greenRed: [], blueYellow: [])
        image.computeLab()
        return image
    }

    /// Adds one photo row into `row` (RGB triples, one per analysis column plus a spare).
    private static func accumulateRow(_ source: UnsafeBufferPointer<UInt8>, offset: Int, count: Int,
                                      hasAlpha: Bool, taps: AreaTaps,
                                      into row: UnsafeMutableBufferPointer<Float>) {
        for k in 0..<row.count { row[k] = 0 }
        taps.index.withUnsafeBufferPointer { index in
            taps.share.withUnsafeBufferPointer { share in
                for x in 0..<count {
                    let i = offset + x * 4
                    var r = Float(source[i]), g = Float(source[i + 1]), b = Float(source[i + 2])
                    if hasAlpha {
                        let alpha = Float(source[i + 3]) * (1 / 255)
                        let white = 255 * (1 - alpha)
                        r = r * alpha + white; g = g * alpha + white; b = b * alpha + white
                    }
                    let j = Int(index[x]) * 3, s = share[x], t = 1 - s
                    row[j] += r * s; row[j + 1] += g * s; row[j + 2] += b * s
                    row[j + 3] += r * t; row[j + 4] += g * t; row[j + 5] += b * t
                }
            }
        }
    }

    private mutating func computeLab() {
        var l = [Float](repeating: 0, count: count), a = l, b = l
        func linear(_ v: Float) -> Float {
            v <= 0.04045 ? v / 12.92 : Float(pow(Double((v + 0.055) / 1.055), 2.4))
        }
        func f(_ t: Float) -> Float { t > 0.008856 ? Float(cbrt(Double(t))) : 7.787 * t + 16.0 / 116.0 }
        for i in 0..<count {
            let r = linear(red[i]), g = linear(green[i]), bl = linear(blue[i])
            let x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047
            let y = 0.2126 * r + 0.7152 * g + 0.0722 * bl
            let z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883
            let fx = f(x), fy = f(y), fz = f(z)
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
