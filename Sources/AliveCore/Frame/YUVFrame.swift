/// A frame ready for the encoder: 8-bit planar Y'CbCr 4:2:0, BT.709 matrix, limited
/// ("TV") range, even width and height. Owned by Swift; the encoder copies the planes
/// into its own `AVFrame`.
public final class YUVFrame: @unchecked Sendable {
    public let width: Int
    public let height: Int
    /// `width * height` luma samples.
    public var y: [UInt8]
    /// `(width / 2) * (height / 2)` samples each.
    public var cb: [UInt8]
    public var cr: [UInt8]

    public init(width: Int, height: Int) {
        precondition(width > 0 && height > 0 && width % 2 == 0 && height % 2 == 0,
                     "4:2:0 frames have even dimensions")
        self.width = width
        self.height = height
        y = [UInt8](repeating: 16, count: width * height)
        cb = [UInt8](repeating: 128, count: width * height / 4)
        cr = [UInt8](repeating: 128, count: width * height / 4)
    }

    public var chromaWidth: Int { width / 2 }

    /// The three planes' memory, lent for one call so that several workers can each write
    /// their own rows (taking the arrays apart per worker would be overlapping accesses).
    public struct Planes: @unchecked Sendable {
        public let width: Int
        public let y, cb, cr: UnsafeMutablePointer<UInt8>
    }

    /// Lends the planes for writing. The pointers must not escape `body`.
    public func withPlanes<R>(_ body: (Planes) throws -> R) rethrows -> R {
        try y.withUnsafeMutableBufferPointer { y in
            try cb.withUnsafeMutableBufferPointer { cb in
                try cr.withUnsafeMutableBufferPointer { cr in
                    try body(Planes(width: width, y: y.baseAddress!, cb: cb.baseAddress!, cr: cr.baseAddress!))
                }
            }
        }
    }
    public var chromaHeight: Int { height / 2 }
}
