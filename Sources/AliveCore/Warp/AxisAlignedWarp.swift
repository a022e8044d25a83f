/// Work done on a band of finished rows, on the worker that drew them, while they are still
/// in cache: the band's rows and the worker's index.
public typealias BandFinish = (Range<Int>, Int) -> Void

/// The bilinear warp for a camera that only zooms and pans (an `AffineMap` without rotation):
/// every output column samples the same source columns in every row, and every row the
/// same two source rows across. So the columns' taps and weights are worked out once per
/// frame, each source row is blended horizontally once and kept while the next output row
/// needs it too, and a pixel costs three blends and no index arithmetic.
///
/// The arithmetic is `BilinearWarp.sampleRow`'s, in the same order (the two rows across,
/// then down), so the pixels are the same to the bit.
enum AxisAlignedWarp {
    static func render(source: FrameBuffer, map: AffineMap, into destination: FrameBuffer,
                       schedule: RenderSchedule, finish: BandFinish?) {
        precondition(map.b == 0 && map.d == 0)
        let width = destination.width, sw = source.width, sh = source.height
        let limitX = Float(sw - 1), limitY = Float(sh - 1)
        let lastX = sw - 2, lastY = sh - 2
        // The columns' taps, as sampleRow finds them: left index and weight of the right tap.
        let taps = UnsafeMutablePointer<Int>.allocate(capacity: width)
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: width)
        defer { taps.deallocate(); weights.deallocate() }
        var xs = [Float](repeating: 0, count: width), ys = xs
        xs.withUnsafeMutableBufferPointer { xs in
            ys.withUnsafeMutableBufferPointer { ys in
                map.sourceCoordinates(row: 0, count: width, xs: xs.baseAddress!, ys: ys.baseAddress!)
            }
        }
        for x in 0..<width {
            let fx = max(0, min(xs[x] - 0.5, limitX))
            let ix = min(Int(fx), lastX)
            taps[x] = ix
            weights[x] = fx - Float(ix)
        }
        // Per worker: two source rows blended across (the upper and lower tap rows).
        let scratch = UnsafeMutablePointer<Pixel>.allocate(capacity: 2 * width * schedule.threads)
        defer { scratch.deallocate() }
        source.withPixels { src in
            destination.withMutablePixels { dst in
                schedule.forEachBand(rows: destination.height) { rows, worker in
                    var upper = scratch + 2 * width * worker, lower = upper + width
                    var (upperRow, lowerRow) = (-1, -1)
                    for y in rows {
                        // The row's vertical position, as sampleRow computes it from the map.
                        let sy = map.e * (Float(y) + 0.5) + map.f
                        let fy = max(0, min(sy - 0.5, limitY))
                        let iy = min(Int(fy), lastY)
                        let ty = fy - Float(iy)
                        if upperRow != iy {
                            if lowerRow == iy {
                                // Moving down one row: the lower row becomes the upper.
                                swap(&upper, &lower)
                                swap(&upperRow, &lowerRow)
                            } else {
                                across(src.baseAddress! + iy * sw, taps: taps, weights: weights, count: width, into: upper)
                                upperRow = iy
                            }
                        }
                        if lowerRow != iy + 1 {
                            across(src.baseAddress! + (iy + 1) * sw, taps: taps, weights: weights, count: width,
                                   into: lower)
                            lowerRow = iy + 1
                        }
                        let out = dst.baseAddress! + y * width
                        for x in 0..<width {
                            let top = upper[x]
                            out[x] = top + (lower[x] - top) * ty
                        }
                    }
                    finish?(rows, worker)
                }
            }
        }
    }

    /// One source row blended between each column's two taps.
    @inline(__always)
    static func across(_ row: UnsafePointer<Pixel>, taps: UnsafePointer<Int>, weights: UnsafePointer<Float>,
                       count: Int, into out: UnsafeMutablePointer<Pixel>) {
        for x in 0..<count {
            let p = row + taps[x]
            let left = p[0]
            out[x] = left + (p[1] - left) * weights[x]
        }
    }
}
