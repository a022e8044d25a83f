/// A filled shape in pixel coordinates (x right, y down), kept as the straight edges the
/// coverage rasterizer consumes. Curves are flattened as they are added, so flattening
/// happens at the size the shape is drawn and adapts to it.
struct Outline: Sendable {
    /// Edges as (x0, y0, x1, y1). Every contour is closed.
    private(set) var edges: [SIMD4<Float>] = []
    private var start = SIMD2<Float>.zero
    private var current = SIMD2<Float>.zero
    private var isOpen = false

    /// How far a flattened curve may stray from the true one, in pixels. A twentieth of a
    /// pixel changes coverage by well under one 8-bit step.
    static let flatness: Float = 0.05

    init() {}

    mutating func move(to point: SIMD2<Float>) {
        close()
        start = point
        current = point
        isOpen = true
    }

    mutating func line(to point: SIMD2<Float>) {
        if point != current { edges.append(SIMD4(current.x, current.y, point.x, point.y)) }
        current = point
    }

    /// A quadratic Bézier from the current point through `control` to `point`, split into
    /// as few lines as keep it within `flatness`: a quadratic's second difference
    /// d = p0 - 2c + p2 is constant, and n equal steps stray at most |d| / (4 n²).
    mutating func quad(control: SIMD2<Float>, to point: SIMD2<Float>) {
        let p0 = current
        let d = p0 - 2 * control + point
        let deviation = (d * d).sum().squareRoot()
        let steps = min(max(Int((deviation / (4 * Self.flatness)).squareRoot().rounded(.up)), 1), 256)
        for i in 1..<steps {
            let t = Float(i) / Float(steps)
            let u = 1 - t
            line(to: u * u * p0 + 2 * u * t * control + t * t * point)
        }
        line(to: point)
    }

    /// Closes the open contour with a straight edge back to its start.
    mutating func close() {
        if isOpen { line(to: start) }
        isOpen = false
    }

    /// The smallest box holding every edge, or nil for an empty outline.
    var bounds: (min: SIMD2<Float>, max: SIMD2<Float>)? {
        guard var lo = edges.first, var hi = edges.first else { return nil }
        for e in edges {
            lo = pointwiseMin(lo, e)
            hi = pointwiseMax(hi, e)
        }
        return (SIMD2(min(lo.x, lo.z), min(lo.y, lo.w)), SIMD2(max(hi.x, hi.z), max(hi.y, hi.w)))
    }

    /// The area enclosed, counting each contour with its sign: exact for the edges held.
    var signedArea: Float {
        var sum: Float = 0
        for e in edges { sum += e.x * e.w - e.z * e.y }
        return sum / 2
    }

    /// The same shape moved by `offset` (exact: edges are straight).
    func translated(by offset: SIMD2<Float>) -> Outline {
        var moved = self
        let o = SIMD4(offset.x, offset.y, offset.x, offset.y)
        for i in moved.edges.indices { moved.edges[i] += o }
        moved.start += offset
        moved.current += offset
        return moved
    }

    /// Adds another outline's contours (for example the glyphs of a line of text).
    mutating func append(_ other: Outline) {
        close()
        edges += other.edges
    }
}

extension Outline {
    /// A rectangle with fully rounded ends (a pill) when `radius` is half its height, or any
    /// rounded rectangle. Each quarter circle is four quadratics: a quadratic arc over
    /// 22.5° strays from the circle by 0.02 % of the radius.
    static func roundedRectangle(x: Float, y: Float, width: Float, height: Float, radius: Float) -> Outline {
        let r = max(0, min(radius, width / 2, height / 2))
        var o = Outline()
        // Corners clockwise on screen from the top-left: (centre, start angle).
        let corners: [(SIMD2<Float>, Float)] = [
            (SIMD2(x + width - r, y + r), -.pi / 2),
            (SIMD2(x + width - r, y + height - r), 0),
            (SIMD2(x + r, y + height - r), .pi / 2),
            (SIMD2(x + r, y + r), .pi),
        ]
        let pieces = 4
        let step = Float.pi / 2 / Float(pieces)
        let reach = r / (step / 2).cosine  // control point distance from the centre
        o.move(to: SIMD2(x + r, y))
        for (centre, startAngle) in corners {
            o.line(to: centre + r * SIMD2(startAngle.cosine, startAngle.sine))
            guard r > 0 else { continue }
            for k in 0..<pieces {
                let a0 = startAngle + Float(k) * step
                let mid = a0 + step / 2, a1 = a0 + step
                o.quad(control: centre + reach * SIMD2(mid.cosine, mid.sine),
                       to: centre + r * SIMD2(a1.cosine, a1.sine))
            }
        }
        o.close()
        return o
    }
}

extension Float {
    // Foundation-free sine and cosine for the few arc points a badge needs: Taylor series
    // after reducing to [-π/4, π/4], good to float precision there.
    fileprivate var sine: Float { Self.sinCos(self).sin }
    fileprivate var cosine: Float { Self.sinCos(self).cos }

    private static func sinCos(_ angle: Float) -> (sin: Float, cos: Float) {
        let x = Double(angle)
        let quadrant = (x / (Double.pi / 2)).rounded()
        let r = x - quadrant * (Double.pi / 2)
        let r2 = r * r
        let s = r * (1 - r2 / 6 * (1 - r2 / 20 * (1 - r2 / 42 * (1 - r2 / 72))))
        let c = 1 - r2 / 2 * (1 - r2 / 12 * (1 - r2 / 30 * (1 - r2 / 56)))
        switch ((Int(quadrant) % 4) + 4) % 4 {
        case 0: return (Float(s), Float(c))
        case 1: return (Float(c), Float(-s))
        case 2: return (Float(-s), Float(-c))
        default: return (Float(-c), Float(s))
        }
    }
}
