/// Source positions at a coarse lattice of output pixels, interpolated bilinearly for the
/// pixels between: the smooth motions (depth parallax, drifting sky, rippling water) are
/// worked out at one point in `step` x `step` and cost two multiply-adds a pixel after that.
/// The camera's own map is affine, so it is exact under interpolation; the motions vary
/// slowly across a cell, so the error is a small fraction of a pixel.
///
/// A lattice can also carry one number a node (fog density) in `xs` alone.
public final class CoordinateGrid: @unchecked Sendable {
    public let step: Int
    public let columns: Int, rows: Int
    var xs: [Float], ys: [Float]
    /// Per output column: the lattice column to its left and the weight of the one to its right.
    private let left: [Int32], weight: [Float]

    public init(width: Int, height: Int, step: Int) {
        self.step = step
        columns = width / step + 2
        rows = height / step + 2
        xs = [Float](repeating: 0, count: columns * rows)
        ys = xs
        var left = [Int32](repeating: 0, count: width), weight = [Float](repeating: 0, count: width)
        for x in 0..<width {
            let u = (Float(x) + 0.5) / Float(step)
            left[x] = Int32(u)
            weight[x] = u - Float(Int(u))
        }
        self.left = left
        self.weight = weight
    }

    /// The output position of node (i, j).
    @inline(__always)
    public func position(_ i: Int, _ j: Int) -> (x: Float, y: Float) { (Float(i * step), Float(j * step)) }

    /// Sets every node from `body(i, j)`, node rows spread over `schedule`.
    public func fill(schedule: RenderSchedule, _ body: (Int, Int) -> (Float, Float)) {
        let columns = self.columns
        xs.withUnsafeMutableBufferPointer { xs in
            ys.withUnsafeMutableBufferPointer { ys in
                schedule.forEachBand(rows: rows) { band, _ in
                    for j in band {
                        for i in 0..<columns {
                            let (x, y) = body(i, j)
                            xs[j * columns + i] = x
                            ys[j * columns + i] = y
                        }
                    }
                }
            }
        }
    }

    /// Writes the interpolated positions of output row `y` (`count` pixels).
    @inline(__always)
    public func row(_ y: Int, count: Int, xs outX: UnsafeMutablePointer<Float>, ys outY: UnsafeMutablePointer<Float>) {
        let v = (Float(y) + 0.5) / Float(step)
        let j = Int(v)
        let ty = v - Float(j)
        let columns = self.columns
        xs.withUnsafeBufferPointer { xs in
            ys.withUnsafeBufferPointer { ys in
                left.withUnsafeBufferPointer { left in
                    weight.withUnsafeBufferPointer { weight in
                        let top = j * columns, bottom = top + columns
                        for x in 0..<count {
                            let i = Int(left[x]), t = weight[x]
                            let ax = xs[top + i] + (xs[top + i + 1] - xs[top + i]) * t
                            let bx = xs[bottom + i] + (xs[bottom + i + 1] - xs[bottom + i]) * t
                            let ay = ys[top + i] + (ys[top + i + 1] - ys[top + i]) * t
                            let by = ys[bottom + i] + (ys[bottom + i + 1] - ys[bottom + i]) * t
                            outX[x] = ax + (bx - ax) * ty
                            outY[x] = ay + (by - ay) * ty
                        }
                    }
                }
            }
        }
    }
}
