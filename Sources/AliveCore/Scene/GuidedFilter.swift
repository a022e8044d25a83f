/// The guided filter (He, Sun and Tang, "Guided Image Filtering", ECCV 2010 / TPAMI 2013),
/// with the photo's colour as the guide: it turns a rough mask into one whose edges follow
/// the photo's edges (a tree line, a horizon, the outline of a boat).
///
/// Inside each window the output is modelled as an affine function of the guide colour,
/// q = a . I + b, fitted to the input mask by least squares with a ridge `epsilon`: where
/// the guide has an edge (variance well above epsilon) the mask may jump with it, where the
/// guide is flat (variance below epsilon) the mask is smoothed. Everything is box means, so
/// the cost is linear in pixels and independent of the radius. The guide statistics (means
/// and the inverse of the regularised colour covariance) are computed once and shared by
/// every mask of a photo.
struct GuidedFilter: Sendable {
    let width: Int
    let height: Int
    let radius: Int
    private let red: [Float], green: [Float], blue: [Float]
    private let meanRed: [Float], meanGreen: [Float], meanBlue: [Float]
    /// The symmetric inverse of (covariance + epsilon * identity), six entries a pixel.
    private let inverse: [SIMD8<Float>]

    init(guide: AnalysisImage, radius: Int, epsilon: Float) {
        width = guide.width; height = guide.height; self.radius = radius
        red = guide.red; green = guide.green; blue = guide.blue
        let w = width, h = height
        func mean(_ p: [Float]) -> [Float] { boxMean(p, width: w, height: h, radius: radius) }
        func product(_ p: [Float], _ q: [Float]) -> [Float] { zip(p, q).map { $0 * $1 } }
        meanRed = mean(red); meanGreen = mean(green); meanBlue = mean(blue)
        let rr = mean(product(red, red)), rg = mean(product(red, green)), rb = mean(product(red, blue))
        let gg = mean(product(green, green)), gb = mean(product(green, blue)), bb = mean(product(blue, blue))
        var inverse = [SIMD8<Float>](repeating: .zero, count: w * h)
        for i in 0..<(w * h) {
            let mr = meanRed[i], mg = meanGreen[i], mb = meanBlue[i]
            let a = rr[i] - mr * mr + epsilon, b = rg[i] - mr * mg, c = rb[i] - mr * mb
            let d = gg[i] - mg * mg + epsilon, e = gb[i] - mg * mb, f = bb[i] - mb * mb + epsilon
            // Adjugate of [[a b c] [b d e] [c e f]] over its determinant.
            let i00 = d * f - e * e, i01 = c * e - b * f, i02 = b * e - c * d
            let i11 = a * f - c * c, i12 = b * c - a * e, i22 = a * d - b * b
            let det = a * i00 + b * i01 + c * i02
            let s = 1 / max(det, 1e-12)
            inverse[i] = SIMD8(i00 * s, i01 * s, i02 * s, i11 * s, i12 * s, i22 * s, 0, 0)
        }
        self.inverse = inverse
    }

    /// The mask `input` (width * height values) filtered with the photo as guide.
    func apply(_ input: [Float]) -> [Float] {
        precondition(input.count == width * height, "the mask must match the guide's size")
        let w = width, h = height, r = radius
        func mean(_ p: [Float]) -> [Float] { boxMean(p, width: w, height: h, radius: r) }
        let meanInput = mean(input)
        let ir = mean(zip(red, input).map { $0 * $1 })
        let ig = mean(zip(green, input).map { $0 * $1 })
        let ib = mean(zip(blue, input).map { $0 * $1 })
        var ar = [Float](repeating: 0, count: w * h), ag = ar, ab = ar, offset = ar
        for i in 0..<(w * h) {
            let p = meanInput[i]
            let cr = ir[i] - meanRed[i] * p, cg = ig[i] - meanGreen[i] * p, cb = ib[i] - meanBlue[i] * p
            let m = inverse[i]
            let a0 = m[0] * cr + m[1] * cg + m[2] * cb
            let a1 = m[1] * cr + m[3] * cg + m[4] * cb
            let a2 = m[2] * cr + m[4] * cg + m[5] * cb
            ar[i] = a0; ag[i] = a1; ab[i] = a2
            offset[i] = p - a0 * meanRed[i] - a1 * meanGreen[i] - a2 * meanBlue[i]
        }
        let mar = mean(ar), mag = mean(ag), mab = mean(ab), mb = mean(offset)
        var output = [Float](repeating: 0, count: w * h)
        for i in 0..<(w * h) {
            output[i] = min(1, max(0, mar[i] * red[i] + mag[i] * green[i] + mab[i] * blue[i] + mb[i]))
        }
        return output
    }
}

/// The mean over the (2 radius + 1)^2 window around each pixel, the window cut at the image
/// edges (so the mean is of the pixels that exist). Running sums: linear in pixels.
func boxMean(_ input: [Float], width: Int, height: Int, radius: Int) -> [Float] {
    let w = width, h = height
    var horizontal = [Float](repeating: 0, count: w * h)
    var output = [Float](repeating: 0, count: w * h)
    input.withUnsafeBufferPointer { src in
        horizontal.withUnsafeMutableBufferPointer { mid in
            for y in 0..<h {
                let row = y * w
                var sum: Float = 0
                for x in 0..<min(radius, w) { sum += src[row + x] }
                for x in 0..<w {
                    if x + radius < w { sum += src[row + x + radius] }
                    if x - radius - 1 >= 0 { sum -= src[row + x - radius - 1] }
                    let count = min(x + radius, w - 1) - max(x - radius, 0) + 1
                    mid[row + x] = sum / Float(count)
                }
            }
        }
    }
    var columnSums = [Float](repeating: 0, count: w)
    horizontal.withUnsafeBufferPointer { mid in
        output.withUnsafeMutableBufferPointer { dst in
            columnSums.withUnsafeMutableBufferPointer { sums in
                for y in 0..<min(radius, h) {
                    for x in 0..<w { sums[x] += mid[y * w + x] }
                }
                for y in 0..<h {
                    if y + radius < h {
                        let add = (y + radius) * w
                        for x in 0..<w { sums[x] += mid[add + x] }
                    }
                    if y - radius - 1 >= 0 {
                        let remove = (y - radius - 1) * w
                        for x in 0..<w { sums[x] -= mid[remove + x] }
                    }
                    let scale = 1 / Float(min(y + radius, h - 1) - max(y - radius, 0) + 1)
                    let row = y * w
                    for x in 0..<w { dst[row + x] = sums[x] * scale }
                }
            }
        }
    }
    return output
}
