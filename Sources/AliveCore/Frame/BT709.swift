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
        // Bands count chroma rows: each covers two luma rows.
        yuv.withPlanes { planes in
            schedule.forEachBand(rows: yuv.chromaHeight) { rows, _ in
                convert(frame, rows: 2 * rows.lowerBound..<2 * rows.upperBound, into: planes)
            }
        }
    }

    /// Converts rows `rows` of `frame` (an even start and an even count) into `planes`: a band
    /// of rows just drawn, converted by the worker that drew it while they are still in cache.
    public static func convert(_ frame: FrameBuffer, rows: Range<Int>, into planes: YUVFrame.Planes) {
        precondition(frame.width == planes.width && rows.lowerBound % 2 == 0 && rows.count % 2 == 0)
        let w = frame.width, cw = w / 2
        frame.withPixels { src in
            var y = rows.lowerBound
            while y < rows.upperBound {
                let row = src.baseAddress! + y * w
                lumaRow(row, count: w, into: planes.y + y * w)
                lumaRow(row + w, count: w, into: planes.y + (y + 1) * w)
                chromaRow(row, row + w, count: cw, cb: planes.cb + y / 2 * cw, cr: planes.cr + y / 2 * cw)
                y += 2
            }
        }
    }

    /// Rounds v (0 <= v < 2^22) to the nearest integer and keeps its low byte, without
    /// Swift's checked `UInt8(Float)`: adding 1.5 * 2^23 leaves the rounded integer in the
    /// low mantissa bits. The checked conversion made this loop several times slower.
    @inline(__always)
    static func code(_ v: Float) -> UInt8 { UInt8(truncatingIfNeeded: (v + 12_582_912).bitPattern) }

    @inline(__always)
    static func unit(_ v: Float) -> Float { Swift.max(0, Swift.min(v, 1)) }

    /// One luma row. Components are read as plain floats four apart (not as `SIMD4` pixels
    /// summed across lanes), which the vectoriser turns into wide loads and shuffles: about
    /// seven times faster than the per-pixel lane sums. Inputs are clamped first, so luma
    /// codes are in 16...235.
    @inline(never)
    static func lumaRow(_ src: UnsafePointer<Pixel>, count: Int, into y: UnsafeMutablePointer<UInt8>) {
        let f = UnsafeRawPointer(src).assumingMemoryBound(to: Float.self)
        let (r, g, b) = (219 * kr, 219 * kg, 219 * kb)
        for x in 0..<count {
            y[x] = code(16 + r * unit(f[4 * x]) + g * unit(f[4 * x + 1]) + b * unit(f[4 * x + 2]))
        }
    }

    /// One chroma row from two luma rows: the 2x2 average of R'G'B', then the matrix. Codes
    /// are in 16...240.
    @inline(never)
    static func chromaRow(_ top: UnsafePointer<Pixel>, _ bottom: UnsafePointer<Pixel>, count: Int,
                          cb: UnsafeMutablePointer<UInt8>, cr: UnsafeMutablePointer<UInt8>) {
        let t = UnsafeRawPointer(top).assumingMemoryBound(to: Float.self)
        let u = UnsafeRawPointer(bottom).assumingMemoryBound(to: Float.self)
        // The sums of four pixels: the average's 1/4 folded into the scales.
        let cbScale = 224 / (2 * (1 - kb)) * 0.25, crScale = 224 / (2 * (1 - kr)) * 0.25
        for cx in 0..<count {
            let i = 8 * cx
            let red = unit(t[i]) + unit(t[i + 4]) + unit(u[i]) + unit(u[i + 4])
            let green = unit(t[i + 1]) + unit(t[i + 5]) + unit(u[i + 1]) + unit(u[i + 5])
            let blue = unit(t[i + 2]) + unit(t[i + 6]) + unit(u[i + 2]) + unit(u[i + 6])
            let luma = kr * red + kg * green + kb * blue
            cb[cx] = code(128 + cbScale * (blue - luma))
            cr[cx] = code(128 + crScale * (red - luma))
        }
    }
}
