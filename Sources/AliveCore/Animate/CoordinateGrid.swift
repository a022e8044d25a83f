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
    /// The output's size: the last column and row of nodes lie on its far edges.
    let width: Int, height: Int
    var xs: [Float], ys: [Float]

    public init(width: Int, height: Int, step: Int) {
        self.step = step
        (self.width, self.height) = (width, height)
        columns = width / step + 2
        rows = height / step + 2
        xs = [Float](repeating: 0, count: columns * rows)
        ys = xs
    }

    /// The output position of node (i, j): every `step` pixels, and the last ones on the
    /// output's far edges (not beyond them), so that every node maps inside the view. A node
    /// beyond the view can map outside the plate, where a layer folds its position back: the
    /// pixels interpolated towards it would then not be where the land's are, even where
    /// nothing moves (frame 0 would not be the photo in the last, partial cell).
    @inline(__always)
    public func position(_ i: Int, _ j: Int) -> (x: Float, y: Float) {
        (Float(min(i * step, width)), Float(min(j * step, height)))
    }

    /// The position held at node (i, j).
    @inline(__always)
    func node(_ i: Int, _ j: Int) -> SIMD2<Float> {
        let k = j * columns + i
        return SIMD2(xs[k], ys[k])
    }

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

    /// Writes the interpolated positions of output row `y` (`count` pixels); with `from`, only
    /// from the cell that holds pixel `from` on (the values are the same as the whole row's).
    ///
    /// Cell by cell: the two node rows are blended once per cell corner, then the `step`
    /// pixels of the cell lie at fixed fractions `(k + 0.5) / step` between its corners (the
    /// last, partial cell of a row or column spans only the pixels left).
    @inline(__always)
    public func row(_ y: Int, count: Int, from: Int = 0, xs outX: UnsafeMutablePointer<Float>,
                    ys outY: UnsafeMutablePointer<Float>) {
        let j = y / step
        let ty = (Float(y - j * step) + 0.5) / Float(max(1, min(step, height - j * step)))
        let columns = self.columns, step = self.step
        xs.withUnsafeBufferPointer { xs in
            ys.withUnsafeBufferPointer { ys in
                var i = from / step
                let top = j * columns, bottom = top + columns
                var x0 = xs[top + i] + (xs[bottom + i] - xs[top + i]) * ty
                var y0 = ys[top + i] + (ys[bottom + i] - ys[top + i]) * ty
                var start = i * step
                let width = self.width
                while start < count {
                    let x1 = xs[top + i + 1] + (xs[bottom + i + 1] - xs[top + i + 1]) * ty
                    let y1 = ys[top + i + 1] + (ys[bottom + i + 1] - ys[top + i + 1]) * ty
                    let (dx, dy) = (x1 - x0, y1 - y0)
                    let inverse = 1 / Float(max(1, min(step, width - start)))
                    for k in 0..<min(step, count - start) {
                        let t = (Float(k) + 0.5) * inverse
                        outX[start + k] = x0 + dx * t
                        outY[start + k] = y0 + dy * t
                    }
                    (x0, y0) = (x1, y1)
                    start += step
                    i += 1
                }
            }
        }
    }
}
