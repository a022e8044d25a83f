/// Converts finished frames to what the encoder takes: Y'CbCr 4:2:0, ITU-R BT.709 matrix,
/// limited range (Y' 16...235, Cb/Cr 16...240), which is what the stream is tagged as.
///
/// Input components are already gamma-encoded (sRGB ≈ BT.709 transfer for display), so no
/// transfer function is applied here. Chroma is the 2x2 average of R'G'B' before the matrix.
public enum BT709 {
    static let kr: Float = 0.2126, kb: Float = 0.0722
    static let kg: Float = 1 - kr - kb

    /// Converts `frame` into `yuv` (same even size).
    public static func convert(_ frame: FrameBuffer, into yuv: YUVFrame, schedule: RenderSchedule = RenderSchedule()) {
        precondition(frame.width == yuv.width && frame.height == yuv.height)
        let w = frame.width, cw = yuv.chromaWidth
        // Bands count chroma rows: each covers two luma rows.
        frame.withPixels { src in
            yuv.y.withUnsafeMutableBufferPointer { yp in
                yuv.cb.withUnsafeMutableBufferPointer { cbp in
                    yuv.cr.withUnsafeMutableBufferPointer { crp in
                        schedule.forEachBand(rows: yuv.chromaHeight) { rows, _ in
                            for cy in rows {
                                convertRowPair(src.baseAddress! + 2 * cy * w, width: w,
                                               y: yp.baseAddress! + 2 * cy * w,
                                               cb: cbp.baseAddress! + cy * cw, cr: crp.baseAddress! + cy * cw)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Rounds v (0 <= v < 2^22) to the nearest integer and keeps its low byte, without
    /// Swift's checked `UInt8(Float)`: adding 1.5 * 2^23 leaves the rounded integer in the
    /// low mantissa bits. The checked conversion made this loop several times slower.
    @inline(__always)
    static func code(_ v: Float) -> UInt8 { UInt8(truncatingIfNeeded: (v + 12_582_912).bitPattern) }

    /// Two luma rows and one chroma row.
    ///
    /// Simple loops, one job each (a luma row; a chroma row from two rows): measured faster
    /// than one loop over 2x2 blocks, which LLVM's vectoriser turned into 180 KB of shuffles,
    /// and than SIMD4 lane transposes, whose float-to-integer conversion is not vectorised.
    /// Inputs are clamped first, so luma codes are in 16...235 and chroma in 16...240.
    static func convertRowPair(_ src: UnsafePointer<Pixel>, width w: Int, y: UnsafeMutablePointer<UInt8>,
                               cb: UnsafeMutablePointer<UInt8>, cr: UnsafeMutablePointer<UInt8>) {
        lumaRow(src, count: w, into: y)
        lumaRow(src + w, count: w, into: y + w)
        chromaRow(src, src + w, count: w / 2, cb: cb, cr: cr)
    }

    @inline(never)
    static func lumaRow(_ src: UnsafePointer<Pixel>, count: Int, into y: UnsafeMutablePointer<UInt8>) {
        let k = Pixel(219 * kr, 219 * kg, 219 * kb, 0)
        for x in 0..<count {
            let p = src[x].clampedToUnit * k
            y[x] = code(16 + p.x + p.y + p.z)
        }
    }

    @inline(never)
    static func chromaRow(_ top: UnsafePointer<Pixel>, _ bottom: UnsafePointer<Pixel>, count: Int,
                          cb: UnsafeMutablePointer<UInt8>, cr: UnsafeMutablePointer<UInt8>) {
        let cbScale = 224 / (2 * (1 - kb)), crScale = 224 / (2 * (1 - kr))
        for cx in 0..<count {
            let x = 2 * cx
            let m = (top[x].clampedToUnit + top[x + 1].clampedToUnit
                + bottom[x].clampedToUnit
                + bottom[x + 1].clampedToUnit) * 0.25
            let luma = kr * m.x + kg * m.y + kb * m.z
            cb[cx] = code(128 + cbScale * (m.z - luma))
            cr[cx] = code(128 + crScale * (m.x - luma))
        }
    }
}
