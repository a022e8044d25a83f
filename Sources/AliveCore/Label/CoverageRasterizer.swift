/// How much of each pixel a shape covers, 0...1, rows top to bottom.
struct CoverageMask: Sendable, Equatable {
    let width: Int
    let height: Int
    var values: [Float]

    subscript(x: Int, y: Int) -> Float { values[y * width + x] }

    /// Total covered area in pixels.
    var area: Float { values.reduce(0, +) }
}

/// Exact-area anti-aliased rasterization, the signed-area accumulation of font-rs and
/// stb_truetype v2 (https://medium.com/@raphlinus/inside-the-fastest-font-renderer-in-the-world-75ae5270c445).
///
/// Each edge deposits, in the cells of the rows it crosses, the change in coverage it
/// causes from that cell rightwards: for the part of the edge inside a pixel, the area of
/// the pixel to the edge's right, signed by the edge's direction (down +, up -). A running
/// sum along each row then gives the signed area covered by the shape in every pixel, exact
/// for straight edges. Its absolute value, clamped to 1, is the coverage under the
/// non-zero winding rule: overlapping contours of the same direction (a glyph's parts,
/// kerned neighbours) count once, opposite ones (a letter's counter) cancel.
///
/// Edges may lie anywhere: the parts left of the mask still count (they cover whole rows to
/// their right), the parts right of, above or below it are dropped. Nothing is written
/// outside the mask.
enum CoverageRasterizer {
    static func coverage(of outline: Outline, width: Int, height: Int) -> CoverageMask {
        precondition(width >= 0 && height >= 0)
        var cells = Cells(width: width, height: height)
        for e in outline.edges { cells.addEdge(from: SIMD2(e.x, e.y), to: SIMD2(e.z, e.w)) }
        return cells.coverage()
    }

    /// The accumulation buffer: one row of `width + 2` cells per pixel row, so that an edge
    /// on the right border (x == width) can write its cell and the one after without a
    /// bounds check.
    private struct Cells {
        let width: Int
        let height: Int
        let stride: Int
        var cells: [Float]

        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            stride = width + 2
            cells = Array(repeating: 0, count: stride * height)
        }

        /// Splits the edge where it crosses x = 0 and x = width and presses the outer parts
        /// onto those borders: a vertical edge at x = 0 covers its rows entirely, one at
        /// x = width covers nothing inside. Both keep the winding of what lies between.
        mutating func addEdge(from p0: SIMD2<Float>, to p1: SIMD2<Float>) {
            guard p0.y != p1.y, p0.x.isFinite, p0.y.isFinite, p1.x.isFinite, p1.y.isFinite else { return }
            let w = Float(width)
            var t0: Float = 2, t1: Float = 2  // crossing parameters, 2 = none
            if p0.x != p1.x {
                let a = (0 - p0.x) / (p1.x - p0.x), b = (w - p0.x) / (p1.x - p0.x)
                if a > 0 && a < 1 { t0 = a }
                if b > 0 && b < 1 { t1 = b }
                if t1 < t0 { swap(&t0, &t1) }
            }
            var from = p0, tFrom: Float = 0
            for t in [t0, t1, 1] where t <= 1 && t > tFrom {
                let to = t == 1 ? p1 : p0 + (p1 - p0) * t
                addClampedLine(from: from, to: to)
                from = to
                tFrom = t
            }
        }

        private mutating func addClampedLine(from a: SIMD2<Float>, to b: SIMD2<Float>) {
            let w = Float(width)
            let x0 = min(max(a.x, 0), w), x1 = min(max(b.x, 0), w)
            accumulate(SIMD2(x0, a.y), SIMD2(x1, b.y))
        }

        /// font-rs's `draw_line`, for an edge with 0 <= x <= width.
        private mutating func accumulate(_ p0: SIMD2<Float>, _ p1: SIMD2<Float>) {
            guard p0.y != p1.y else { return }
            let (direction, top, bottom): (Float, SIMD2<Float>, SIMD2<Float>) =
                p0.y < p1.y ? (1, p0, p1) : (-1, p1, p0)
            let yStart = max(top.y, 0), yEnd = min(bottom.y, Float(height))
            guard yStart < yEnd else { return }
            let dxdy = (bottom.x - top.x) / (bottom.y - top.y)
            let w = Float(width)
            var x = top.x + (yStart - top.y) * dxdy
            var row = Int(yStart)
            cells.withUnsafeMutableBufferPointer { cells in
                while row < height && Float(row) < yEnd {
                    let line = row * stride
                    let rowTop = Float(row)
                    let dy = min(rowTop + 1, yEnd) - max(rowTop, yStart)
                    let xNext = min(max(x + dxdy * dy, 0), w)
                    let d = dy * direction
                    let (xa, xb) = x < xNext ? (x, xNext) : (xNext, x)
                    let xaFloor = xa.rounded(.down)
                    let xai = Int(xaFloor)
                    let xbCeil = xb.rounded(.up)
                    let xbi = Int(xbCeil)
                    if xbi <= xai + 1 {
                        // Within one pixel column: the area right of the edge's midpoint.
                        let xm = 0.5 * (x + xNext) - xaFloor
                        cells[line + xai] += d - d * xm
                        cells[line + xai + 1] += d * xm
                    } else {
                        // Across several columns: a triangle in the first, trapezoids in
                        // between (s per column), the rest in the last.
                        let s = 1 / (xb - xa)
                        let xaFrac = xa - xaFloor
                        let a0 = 0.5 * s * (1 - xaFrac) * (1 - xaFrac)
                        let xbFrac = xb - xbCeil + 1
                        let am = 0.5 * s * xbFrac * xbFrac
                        cells[line + xai] += d * a0
                        if xbi == xai + 2 {
                            cells[line + xai + 1] += d * (1 - a0 - am)
                        } else {
                            let a1 = s * (1.5 - xaFrac)
                            cells[line + xai + 1] += d * (a1 - a0)
                            for xi in (xai + 2)..<(xbi - 1) { cells[line + xi] += d * s }
                            let a2 = a1 + Float(xbi - xai - 3) * s
                            cells[line + xbi - 1] += d * (1 - a2 - am)
                        }
                        cells[line + xbi] += d * am
                    }
                    x = xNext
                    row += 1
                }
            }
        }

        /// Running sums along each row (restarted per row, so rounding never leaks from one
        /// row to the next), then non-zero coverage. Sums within `snap` of empty or full are
        /// rounding left over from edges that cancelled, and are made exactly 0 or 1.
        func coverage() -> CoverageMask {
            let snap: Float = 1.0 / 4096
            var values = [Float](repeating: 0, count: width * height)
            for y in 0..<height {
                var sum: Float = 0
                for x in 0..<width {
                    sum += cells[y * stride + x]
                    let c = min(abs(sum), 1)
                    values[y * width + x] = c < snap ? 0 : (c > 1 - snap ? 1 : c)
                }
            }
            return CoverageMask(width: width, height: height, values: values)
        }
    }
}
