import Foundation
import AliveCore

/// A square, rotated window of the photo, resampled to the network's input: crop pixel
/// (u, v) shows the photo at `centre + R(angle) * ((u - n/2) * step, (v - n/2) * step)`,
/// R rotating the x axis towards y (clockwise on screen). Outside the photo the edge pixels
/// repeat, as MediaPipe's ImageToTensorCalculator does with BORDER_REPLICATE.
struct CropWindow {
    var centre: Point
    /// Side of the window in photo pixels.
    var size: Double
    /// Radians, positive turning the window's x axis towards the photo's y axis.
    var angle: Double

    /// The photo point of a crop coordinate (crop pixels `0...n` across, corner convention).
    func photoPoint(_ p: Point, cropSize n: Int) -> Point {
        let step = size / Double(n)
        let u = (p.x - Double(n) / 2) * step, v = (p.y - Double(n) / 2) * step
        let c = cos(angle), s = sin(angle)
        return Point(centre.x + c * u - s * v, centre.y + s * u + c * v)
    }

    /// Writes the window as `n x n` RGB into `out`, each value `pixel * gain + offset`
    /// (pixel in 0...255). Shrinking windows average a grid of up to 3x3 bilinear taps per
    /// pixel, so a large face is not aliased; past three photo pixels a crop pixel, a grid of
    /// 4x4 nearest pixels (as smooth, and a third of the work: the taps' weights cost more
    /// than their loads).
    func sample(_ photo: Photo, size n: Int, gain: Float, offset: Float, into out: UnsafeMutableBufferPointer<Float>) {
        let step = size / Double(n)
        if step > 3 {
            sampleNearest(photo, size: n, grid: 4, gain: gain, offset: offset, into: out)
            return
        }
        let taps = max(1, min(3, Int(step.rounded(.up))))
        let (origin, du, dv, tapOffsets) = grid(size: n, taps: taps)
        let w = photo.width, h = photo.height
        let maxX = Float(w - 1), maxY = Float(h - 1)
        let tapGain = gain / Float(taps * taps)
        photo.pixels.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!, rowBytes = w * 4
            // One texel: a 4-byte load, through integer lanes (the generic
            // SIMD4<Float>(SIMD4<UInt8>) conversion is not vectorised).
            @inline(__always) func texel(_ at: Int) -> SIMD4<Float> {
                SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: at, as: SIMD4<UInt8>.self)))
            }
            for v in 0..<n {
                var row = origin + dv * Float(v)
                for u in 0..<n {
                    var acc = SIMD4<Float>.zero
                    for o in tapOffsets {
                        let p = row + o
                        let x = min(max(p.x, 0), maxX), y = min(max(p.y, 0), maxY)
                        let x0 = Int(x), y0 = Int(y)
                        let fx = x - Float(x0), fy = y - Float(y0)
                        let at = y0 * rowBytes + x0 * 4
                        let right = x0 < w - 1 ? 4 : 0, down = y0 < h - 1 ? rowBytes : 0
                        let top = texel(at) * (1 - fx) + texel(at + right) * fx
                        let bottom = texel(at + down) * (1 - fx) + texel(at + down + right) * fx
                        acc += top * (1 - fy) + bottom * fy
                    }
                    let i = (v * n + u) * 3
                    out[i] = acc[0] * tapGain + offset
                    out[i + 1] = acc[1] * tapGain + offset
                    out[i + 2] = acc[2] * tapGain + offset
                    row += du
                }
            }
        }
    }

    /// Where an `n x n` crop samples the photo: crop point (u, v) is at
    /// `origin + u * du + v * dv` in pixel-index coordinates (pixel centres at whole numbers),
    /// and each crop pixel's `taps x taps` samples lie at `tapOffsets` from its corner, spread
    /// evenly over its footprint.
    private func grid(size n: Int, taps: Int)
        -> (origin: SIMD2<Float>, du: SIMD2<Float>, dv: SIMD2<Float>, tapOffsets: [SIMD2<Float>]) {
        let step = size / Double(n)
        let c = cos(angle), s = sin(angle)
        let du = SIMD2<Float>(Float(c * step), Float(s * step)), dv = SIMD2<Float>(Float(-s * step), Float(c * step))
        let half = Double(n) / 2 * step
        let origin = SIMD2<Float>(Float(centre.x - c * half + s * half - 0.5), Float(centre.y - s * half - c * half - 0.5))
        var tapOffsets: [SIMD2<Float>] = []
        for ty in 0..<taps {
            for tx in 0..<taps {
                tapOffsets.append(du * Float((Double(tx) + 0.5) / Double(taps)) + dv * Float((Double(ty) + 0.5) / Double(taps)))
            }
        }
        return (origin, du, dv, tapOffsets)
    }

    /// The mean of a `grid x grid` set of nearest photo pixels per crop pixel, spread evenly
    /// over the crop pixel's footprint.
    private func sampleNearest(_ photo: Photo, size n: Int, grid: Int, gain: Float, offset: Float,
                               into out: UnsafeMutableBufferPointer<Float>) {
        // Pixel centres at whole numbers, so the nearest pixel is the rounded point.
        let (origin, du, dv, tapOffsets) = self.grid(size: n, taps: grid)
        let w = photo.width, h = photo.height
        let lo = SIMD2<Float>.zero, hi = SIMD2<Float>(Float(w - 1), Float(h - 1))
        // Adding 1.5 * 2^23 to a float in 0..<2^22 rounds it to a whole number held in the low
        // bits of the sum (no checked conversion to Int in the loop).
        let magic = SIMD2<Float>(repeating: 12_582_912), magicBits = unsafeBitCast(magic, to: SIMD2<Int32>.self)
        let tapGain = gain / Float(grid * grid)
        photo.pixels.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!, rowBytes = w * 4
            for v in 0..<n {
                var row = origin + dv * Float(v)
                for u in 0..<n {
                    var acc = SIMD4<Int32>.zero
                    for o in tapOffsets {
                        let q = unsafeBitCast(pointwiseMin(pointwiseMax(row + o, lo), hi) + magic, to: SIMD2<Int32>.self) &- magicBits
                        let at = Int(q.y) &* rowBytes &+ Int(q.x) &* 4
                        acc &+= SIMD4<Int32>(truncatingIfNeeded: base.loadUnaligned(fromByteOffset: at, as: SIMD4<UInt8>.self))
                    }
                    let f = SIMD4<Float>(acc)
                    let i = (v * n + u) * 3
                    out[i] = f[0] * tapGain + offset
                    out[i + 1] = f[1] * tapGain + offset
                    out[i + 2] = f[2] * tapGain + offset
                    row += du
                }
            }
        }
    }
}
