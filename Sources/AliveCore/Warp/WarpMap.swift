/// Where each output pixel comes from: a backward map from output coordinates to source
/// coordinates, written one row at a time.
///
/// Coordinates are continuous pixel units with pixel centres at `i + 0.5` (so the source
/// pixel (0, 0) covers [0, 1) x [0, 1)). A map fills two arrays per row, which the sampler
/// then reads; maps compose (camera, then flows) without knowing how sampling works.
public protocol WarpMap {
    /// Writes the source position of every pixel of output row `y` (pixel centres
    /// `x + 0.5` for `x` in `0..<count`) into `xs` and `ys`.
    func sourceCoordinates(row y: Int, count: Int,
                           xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>)
}

/// An affine backward map, `source = A * (output pixel centre) + b`: zoom, pan and
/// (with the off-diagonal terms) rotation. The camera moves of the foundation are of this form.
public struct AffineMap: WarpMap, Sendable, Equatable {
    public var a: Float, b: Float, c: Float   // sx = a * x + b * y + c
    public var d: Float, e: Float, f: Float   // sy = d * x + e * y + f

    public init(a: Float, b: Float, c: Float, d: Float, e: Float, f: Float) {
        (self.a, self.b, self.c, self.d, self.e, self.f) = (a, b, c, d, e, f)
    }

    /// The map that shows `window` (a rectangle in source pixel units) on an output of
    /// `width` x `height` pixels.
    public init(window: CameraWindow, outputWidth width: Int, outputHeight height: Int) {
        let sx = Float(window.width / Double(width))
        let sy = Float(window.height / Double(height))
        self.init(a: sx, b: 0, c: Float(window.minX),
                  d: 0, e: sy, f: Float(window.minY))
    }

    public static let identity = AffineMap(a: 1, b: 0, c: 0, d: 0, e: 1, f: 0)

    /// The source point of output point (x, y).
    @inline(__always)
    public func source(_ x: Float, _ y: Float) -> SIMD2<Float> { SIMD2(a * x + b * y + c, d * x + e * y + f) }

    @inlinable
    public func sourceCoordinates(row y: Int, count: Int,
                                  xs: UnsafeMutablePointer<Float>, ys: UnsafeMutablePointer<Float>) {
        // Evaluated from the pixel index each time (not accumulated), so a long row carries
        // no drift and every thread computes the same value for the same pixel.
        let cy = Float(y) + 0.5
        let rowX = b * cy + c
        let rowY = e * cy + f
        for x in 0..<count {
            let cx = Float(x) + 0.5
            xs[x] = a * cx + rowX
            ys[x] = d * cx + rowY
        }
    }
}
