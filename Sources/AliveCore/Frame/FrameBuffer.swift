/// One RGBA pixel of a frame: sRGB-encoded components in 0...1, alpha last.
public typealias Pixel = SIMD4<Float>

/// A float32 RGBA image that owns its memory: the plate the camera looks at, and every
/// frame the renderer produces.
///
/// Storage is one contiguous allocation of `width * height` `Pixel`s, rows top to bottom.
/// Hot loops enter it once per row or tile through `withRows` / `withMutableRows` and
/// work on raw pointers; nothing in a kernel allocates or retains.
///
/// It is a reference type so that a frame can travel through the render→encode queue
/// without copying 33 MB. Ownership is handed over, never shared: a stage that hands a
/// frame on must not touch it again (hence `@unchecked Sendable`).
public final class FrameBuffer: @unchecked Sendable {
    public let width: Int
    public let height: Int
    @usableFromInline let storage: UnsafeMutablePointer<Pixel>

    public init(width: Int, height: Int, fill: Pixel = Pixel(0, 0, 0, 1)) {
        precondition(width > 0 && height > 0, "a frame has at least one pixel")
        self.width = width
        self.height = height
        storage = .allocate(capacity: width * height)
        storage.initialize(repeating: fill, count: width * height)
    }

    deinit { storage.deallocate() }

    public var pixelCount: Int { width * height }

    /// Reads pixel (x, y). For tests and analysis, not for hot loops.
    public subscript(x: Int, y: Int) -> Pixel {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height)
            return storage[y * width + x]
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height)
            storage[y * width + x] = newValue
        }
    }

    /// Lends the whole pixel array for reading. The pointer must not escape `body`.
    @inlinable
    public func withPixels<R>(_ body: (UnsafeBufferPointer<Pixel>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage, count: width * height))
    }

    /// Lends the whole pixel array for writing. The pointer must not escape `body`.
    @inlinable
    public func withMutablePixels<R>(_ body: (UnsafeMutableBufferPointer<Pixel>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: storage, count: width * height))
    }

    /// Lends one row for writing. The pointer must not escape `body`.
    @inlinable
    public func withMutableRow<R>(_ y: Int, _ body: (UnsafeMutableBufferPointer<Pixel>) throws -> R) rethrows -> R {
        precondition(y >= 0 && y < height)
        return try body(UnsafeMutableBufferPointer(start: storage + y * width, count: width))
    }

    /// Sets every pixel to `value` (tests poison frames this way before rendering).
    public func fill(_ value: Pixel) {
        storage.update(repeating: value, count: width * height)
    }

    /// A deep copy.
    public func copy() -> FrameBuffer {
        let other = FrameBuffer(width: width, height: height)
        other.storage.update(from: storage, count: width * height)
        return other
    }
}

extension SIMD4 where Scalar == Float {
    /// Each component clamped to 0...1 (NaN to 0). Written per lane because the standard
    /// `clamped(lowerBound:upperBound:)` goes through generic `pointwiseMin`/`pointwiseMax`
    /// calls that are not inlined (measured at a third of a colour-conversion loop).
    @inlinable @inline(__always)
    public var clampedToUnit: SIMD4<Float> {
        SIMD4(Swift.max(0, Swift.min(x, 1)), Swift.max(0, Swift.min(y, 1)),
              Swift.max(0, Swift.min(z, 1)), Swift.max(0, Swift.min(w, 1)))
    }
}

extension FrameBuffer {
    /// The frame as 8-bit RGB, each component rounded from 0...1 to 0...255 (alpha dropped).
    public func rgb8() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: pixelCount * 3) { out, count in
            withPixels { pixels in
                for i in 0..<pixelCount {
                    var p = pixels[i]
                    p.replace(with: 0, where: p .!= p)   // NaN would trap in the conversion
                    p = p.clampedToUnit * 255 + 0.5
                    out[3 * i] = UInt8(truncatingIfNeeded: Int32(p.x))
                    out[3 * i + 1] = UInt8(truncatingIfNeeded: Int32(p.y))
                    out[3 * i + 2] = UInt8(truncatingIfNeeded: Int32(p.z))
                }
            }
            count = pixelCount * 3
        }
    }
}
