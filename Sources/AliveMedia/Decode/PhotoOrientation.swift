/// Turns decoded RGBA pixels upright for an EXIF orientation (see `ExifOrientation`).
///
/// The maths: upright pixel (x, y) comes from stored pixel `referenceSource(x, y)` of the
/// W x H stored image; that function is the plain statement and the tests' reference.
/// The schedule: pixels move as whole `UInt32`s. Mirrors and the half turn (2, 3, 4) keep
/// the size and work in place. The transposing orientations (5 to 8) turn each stored row
/// into an upright column, a strip of `stripRows` rows at a time, so a JPEG can be placed
/// strip by strip straight from the decoder without a second full-size buffer.
enum PhotoOrientation {
    /// Rows per strip. Each strip writes this many pixels (128 bytes at 32) into every upright
    /// row; 16 to 128 measured alike on an 8000x6000 photo, within the noise.
    static let stripRows = 32

    /// Makes `pixels` (`width * height * 4` stored bytes) upright; returns the upright size.
    /// `inout` so the mirrors work in the caller's only copy of a 48-megapixel buffer.
    static func makeUpright(
        _ pixels: inout [UInt8], width: Int, height: Int, orientation: Int
    ) -> (width: Int, height: Int) {
        switch orientation {
        case 2, 3, 4:
            pixels.withUnsafeMutableBytes { raw in
                raw.withMemoryRebound(to: UInt32.self) { px in
                    mirrorInPlace(px, width: width, height: height, orientation: orientation)
                }
            }
            return (width, height)
        case 5, 6, 7, 8:
            let turned = [UInt8](unsafeUninitializedCapacity: pixels.count) { out, count in
                pixels.withUnsafeBytes { sourceRaw in
                    let source = sourceRaw.assumingMemoryBound(to: UInt32.self).baseAddress!
                    let destination = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: UInt32.self)
                    for first in stride(from: 0, to: height, by: stripRows) {
                        placeRows(
                            source + first * width, first: first, count: min(stripRows, height - first),
                            width: width, height: height, orientation: orientation, into: destination)
                    }
                }
                count = pixels.count
            }
            pixels = turned
            return (height, width)
        default:
            return (width, height)
        }
    }

    /// Orientations 2, 3, 4: the size stays, so swap pixels within the one buffer.
    private static func mirrorInPlace(
        _ px: UnsafeMutableBufferPointer<UInt32>, width: Int, height: Int, orientation: Int
    ) {
        switch orientation {
        case 2:
            for row in 0..<height { px[row * width..<(row + 1) * width].reverse() }
        case 3:
            var whole = px
            whole.reverse()
        default:  // 4
            guard let base = px.baseAddress else { return }
            for row in 0..<height / 2 {
                let top = base + row * width, bottom = base + (height - 1 - row) * width
                for x in 0..<width { swap(&top[x], &bottom[x]) }
            }
        }
    }

    /// Orientations 5 to 8 only: writes stored rows `first..<first + count` (in `rows`,
    /// `width` pixels each) to their places in the upright `height` x `width` image.
    /// Stored row y becomes upright column y (5, 8) or height-1-y (6, 7); stored column x
    /// becomes upright row x (5, 6) or width-1-x (7, 8).
    static func placeRows(
        _ rows: UnsafePointer<UInt32>, first: Int, count: Int, width: Int, height: Int, orientation: Int,
        into upright: UnsafeMutablePointer<UInt32>
    ) {
        let mirroredColumns = orientation == 6 || orientation == 7
        let mirroredRows = orientation == 7 || orientation == 8
        let uprightWidth = height
        let column = mirroredColumns ? height - 1 - first : first
        let columnStep = mirroredColumns ? -1 : 1
        for x in 0..<width {
            let out = upright + (mirroredRows ? width - 1 - x : x) * uprightWidth + column
            var from = rows + x
            for r in 0..<count {
                out[r * columnStep] = from.pointee
                from += width
            }
        }
    }

    /// Where upright pixel (x, y) comes from in the stored `width` x `height` image.
    /// The plain statement of every orientation, used by tests to check the fast paths.
    static func referenceSource(x: Int, y: Int, width: Int, height: Int, orientation: Int) -> (x: Int, y: Int) {
        switch orientation {
        case 2: (width - 1 - x, y)
        case 3: (width - 1 - x, height - 1 - y)
        case 4: (x, height - 1 - y)
        case 5: (y, x)
        case 6: (y, height - 1 - x)
        case 7: (width - 1 - y, height - 1 - x)
        case 8: (width - 1 - y, x)
        default: (x, y)
        }
    }
}
