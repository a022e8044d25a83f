import Testing

import AliveCore
@testable import AliveMedia

@Suite struct PhotoOrientationTests {
    /// The fast in-place and tiled paths against the plain per-pixel statement, at sizes
    /// around the tile size and degenerate ones.
    @Test(arguments: 1...8)
    func fastPathMatchesReference(orientation: Int) {
        var random = SeededRandom(seed: UInt64(orientation))
        let sizes = [(1, 1), (1, 7), (7, 1), (2, 3), (63, 65), (64, 64), (65, 130), (130, 3), (3, 200)]
        for (width, height) in sizes {
            let source = (0..<width * height * 4).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var pixels = source
            let upright = PhotoOrientation.makeUpright(&pixels, width: width, height: height, orientation: orientation)
            let swaps = orientation >= 5
            #expect(upright.width == (swaps ? height : width) && upright.height == (swaps ? width : height))
            var mismatches = 0
            for y in 0..<upright.height {
                for x in 0..<upright.width {
                    let from = PhotoOrientation.referenceSource(x: x, y: y, width: width, height: height, orientation: orientation)
                    let s = (from.y * width + from.x) * 4, d = (y * upright.width + x) * 4
                    if source[s..<s + 4] != pixels[d..<d + 4] { mismatches += 1 }
                }
            }
            #expect(mismatches == 0, "\(width)x\(height)")
        }
    }
}

@Suite struct CMYKConversionTests {
    /// Every (ink, black) pair against the rounded product, for both storage conventions.
    @Test(arguments: [false, true])
    func convertsEveryPairExactly(inverted: Bool) {
        var pixels = [UInt8]()
        for a in 0...255 {
            for k in 0...255 { pixels += [UInt8(a), UInt8(255 - a), UInt8(a), UInt8(k)] }
        }
        let stored = pixels
        pixels.withUnsafeMutableBufferPointer { JPEGPhotoDecoder.convertCMYKToRGBA($0, inverted: inverted) }
        var mismatches = 0
        for i in stride(from: 0, to: stored.count, by: 4) {
            let k = Double(inverted ? Int(stored[i + 3]) : 255 - Int(stored[i + 3]))
            for c in 0..<3 {
                let ink = Double(inverted ? Int(stored[i + c]) : 255 - Int(stored[i + c]))
                if pixels[i + c] != UInt8((ink * k / 255).rounded()) { mismatches += 1 }
            }
            if pixels[i + 3] != 255 { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
