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
    /// The guide's colour (red, green, blue, unused) a pixel.
    private let colour: [SIMD4<Float>]
    /// Its window means.
    private let meanColour: [SIMD4<Float>]
    /// The symmetric inverse of (covariance + epsilon * identity), six entries a pixel.
    private let inverse: [SIMD8<Float>]

    init(guide: AnalysisImage, radius: Int, epsilon: Float) {
        width = guide.width; height = guide.height; self.radius = radius
        let w = width, h = height, n = w * h
        var colour = [SIMD4<Float>](repeating: .zero, count: n)
        // The six products of the colour's channels, in two vectors: rr rg rb gg, gb bb.
        var products = [SIMD4<Float>](repeating: .zero, count: n), moreProducts = products
        for i in 0..<n {
            let r = guide.red[i], g = guide.green[i], b = guide.blue[i]
            colour[i] = SIMD4(r, g, b, 0)
            products[i] = SIMD4(r * r, r * g, r * b, g * g)
            moreProducts[i] = SIMD4(g * b, b * b, 0, 0)
        }
        let meanColour = boxMeans(colour, width: w, height: h, radius: radius)
        let meanProducts = boxMeans(products, width: w, height: h, radius: radius)
        let meanMoreProducts = boxMeans(moreProducts, width: w, height: h, radius: radius)
        var inverse = [SIMD8<Float>](repeating: .zero, count: n)
        for i in 0..<n {
            let mr = meanColour[i].x, mg = meanColour[i].y, mb = meanColour[i].z
            let p = meanProducts[i], q = meanMoreProducts[i]
            let a = p[0] - mr * mr + epsilon, b = p[1] - mr * mg, c = p[2] - mr * mb
            let d = p[3] - mg * mg + epsilon, e = q[0] - mg * mb, f = q[1] - mb * mb + epsilon
            // Adjugate of [[a b c] [b d e] [c e f]] over its determinant.
            let i00 = d * f - e * e, i01 = c * e - b * f, i02 = b * e - c * d
            let i11 = a * f - c * c, i12 = b * c - a * e, i22 = a * d - b * b
            let det = a * i00 + b * i01 + c * i02
            let s = 1 / max(det, 1e-12)
            inverse[i] = SIMD8(i00 * s, i01 * s, i02 * s, i11 * s, i12 * s, i22 * s, 0, 0)
        }
        self.colour = colour; self.meanColour = meanColour; self.inverse = inverse
    }

    /// The mask `input` (width * height values) filtered with the photo as guide.
    func apply(_ input: [Float]) -> [Float] {
        precondition(input.count == width * height, "the mask must match the guide's size")
        let w = width, h = height, n = w * h, r = radius
        // The mask times each colour channel, and the mask itself in the last lane.
        var weighted = [SIMD4<Float>](repeating: .zero, count: n)
        for i in 0..<n {
            var v = colour[i] * input[i]
            v[3] = input[i]
            weighted[i] = v
        }
        let means = boxMeans(weighted, width: w, height: h, radius: r)
        // The affine coefficients a pixel: a (one per channel) and the offset in the last lane.
        var coefficients = [SIMD4<Float>](repeating: .zero, count: n)
        for i in 0..<n {
            let p = means[i][3], mean = meanColour[i]
            let cr = means[i][0] - mean[0] * p, cg = means[i][1] - mean[1] * p, cb = means[i][2] - mean[2] * p
            let m = inverse[i]
            let a0 = m[0] * cr + m[1] * cg + m[2] * cb
            let a1 = m[1] * cr + m[3] * cg + m[4] * cb
            let a2 = m[2] * cr + m[4] * cg + m[5] * cb
            coefficients[i] = SIMD4(a0, a1, a2, p - a0 * mean[0] - a1 * mean[1] - a2 * mean[2])
        }
        let meanCoefficients = boxMeans(coefficients, width: w, height: h, radius: r)
        var output = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let m = meanCoefficients[i], c = colour[i]
            output[i] = min(1, max(0, m[0] * c[0] + m[1] * c[1] + m[2] * c[2] + m[3]))
        }
        return output
    }
}

/// The mean over the (2 radius + 1)^2 window around each pixel, the window cut at the image
/// edges (so the mean is of the pixels that exist). Running sums: linear in pixels.
func boxMean(_ input: [Float], width: Int, height: Int, radius: Int) -> [Float] {
    boxMeans(input, width: width, height: height, radius: radius)
}

/// `boxMean` of several planes at once, one lane each (a SIMD4 of Float carries four): one
/// pass over memory instead of four, with the same sums in the same order in every lane.
func boxMeans<Value: BoxSummable>(_ input: [Value], width: Int, height: Int, radius: Int) -> [Value] {
    let w = width, h = height
    var horizontal = [Value](repeating: .zero, count: w * h)
    var output = [Value](repeating: .zero, count: w * h)
    input.withUnsafeBufferPointer { src in
        horizontal.withUnsafeMutableBufferPointer { mid in
            // The middle of each row sees the whole window; only the ends are cut.
            let left = min(radius + 1, w), right = max(left, w - radius)
            let full = Value.Scalar(2 * radius + 1)
            for y in 0..<h {
                let row = y * w
                var sum = Value.zero
                for x in 0..<min(radius, w) { sum = sum.plus(src[row + x]) }
                for x in 0..<left {
                    if x + radius < w { sum = sum.plus(src[row + x + radius]) }
                    mid[row + x] = sum.over(Value.Scalar(min(x + radius, w - 1) + 1))
                }
                for x in left..<right {
                    sum = sum.plus(src[row + x + radius])
                    sum = sum.minus(src[row + x - radius - 1])
                    mid[row + x] = sum.over(full)
                }
                for x in right..<w {
                    if x + radius < w { sum = sum.plus(src[row + x + radius]) }
                    if x - radius - 1 >= 0 { sum = sum.minus(src[row + x - radius - 1]) }
                    mid[row + x] = sum.over(Value.Scalar(min(x + radius, w - 1) - max(x - radius, 0) + 1))
                }
            }
        }
    }
    var columnSums = [Value](repeating: .zero, count: w)
    horizontal.withUnsafeBufferPointer { mid in
        output.withUnsafeMutableBufferPointer { dst in
            columnSums.withUnsafeMutableBufferPointer { sums in
                for y in 0..<min(radius, h) {
                    for x in 0..<w { sums[x] = sums[x].plus(mid[y * w + x]) }
                }
                for y in 0..<h {
                    if y + radius < h {
                        let add = (y + radius) * w
                        for x in 0..<w { sums[x] = sums[x].plus(mid[add + x]) }
                    }
                    if y - radius - 1 >= 0 {
                        let remove = (y - radius - 1) * w
                        for x in 0..<w { sums[x] = sums[x].minus(mid[remove + x]) }
                    }
                    let scale = 1 / Value.Scalar(min(y + radius, h - 1) - max(y - radius, 0) + 1)
                    let row = y * w
                    for x in 0..<w { dst[row + x] = sums[x].times(scale) }
                }
            }
        }
    }
    return output
}

/// What `boxMeans` filters: a Float, or a SIMD vector of them (one plane a lane). Named
/// methods, not operators, so that no operator of this module's own shadows the standard ones.
protocol BoxSummable: Sendable {
    associatedtype Scalar: BinaryFloatingPoint
    static var zero: Self { get }
    func plus(_ other: Self) -> Self
    func minus(_ other: Self) -> Self
    func times(_ factor: Scalar) -> Self
    func over(_ divisor: Scalar) -> Self
}

extension Float: BoxSummable {
    @inline(__always) func plus(_ other: Float) -> Float { self + other }
    @inline(__always) func minus(_ other: Float) -> Float { self - other }
    @inline(__always) func times(_ factor: Float) -> Float { self * factor }
    @inline(__always) func over(_ divisor: Float) -> Float { self / divisor }
}

extension SIMD4: BoxSummable where Scalar == Float {
    @inline(__always) func plus(_ other: Self) -> Self { self + other }
    @inline(__always) func minus(_ other: Self) -> Self { self - other }
    @inline(__always) func times(_ factor: Float) -> Self { self * factor }
    @inline(__always) func over(_ divisor: Float) -> Self { self / divisor }
}
