import Testing

import AliveCore
@testable import AliveMedia

@Suite struct ExifOrientationTests {
    /// A TIFF structure with IFD0 holding a description and the orientation tag.
    static func tiff(orientation: UInt32, bigEndian: Bool, type: UInt16 = 3) -> [UInt8] {
        func u16(_ v: UInt16) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 0xFF)] : [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: UInt32) -> [UInt8] {
            let high = u16(UInt16(v >> 16)), low = u16(UInt16(v & 0xFFFF))
            return bigEndian ? high + low : low + high
        }
        let value = type == 3 ? u16(UInt16(orientation)) + [0, 0] : u32(orientation)
        return (bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]) + u16(42) + u32(8) + u16(2)
            + u16(0x010E) + u16(2) + u32(4) + Array("abc\0".utf8)
            + u16(0x0112) + u16(type) + u32(1) + value + u32(0)
    }

    @Test(arguments: [false, true])
    func readsEveryOrientationInBothByteOrders(bigEndian: Bool) {
        for orientation in UInt32(1)...8 {
            let tiff = Self.tiff(orientation: orientation, bigEndian: bigEndian)
            #expect(ExifOrientation.fromTIFF(tiff) == Int(orientation))
            #expect(ExifOrientation.fromJPEGApp1(Array("Exif\0\0".utf8) + tiff) == Int(orientation))
            #expect(ExifOrientation.fromTIFF(Self.tiff(orientation: orientation, bigEndian: bigEndian, type: 4)) == Int(orientation))
        }
    }

    @Test func oddValuesMeanUpright() {
        #expect(ExifOrientation.fromTIFF(Self.tiff(orientation: 0, bigEndian: false)) == 1)
        #expect(ExifOrientation.fromTIFF(Self.tiff(orientation: 9, bigEndian: true)) == 1)
        #expect(ExifOrientation.fromTIFF(Self.tiff(orientation: 6, bigEndian: true, type: 7)) == 1)
        #expect(ExifOrientation.fromJPEGApp1(Self.tiff(orientation: 6, bigEndian: true)) == 1, "no Exif prefix")
        #expect(ExifOrientation.fromTIFF([]) == 1)
    }

    /// Every prefix of a valid structure, and damaged offsets and counts, read as 1 or the
    /// right value and never trap.
    @Test func survivesTruncatedAndHostileInput() {
        let tiff = Self.tiff(orientation: 6, bigEndian: true)
        for length in 0..<tiff.count {
            // The orientation's value ends at byte 32; the next-IFD offset after it is unused.
            #expect(ExifOrientation.fromTIFF(Array(tiff.prefix(length))) == (length >= 32 ? 6 : 1))
        }
        var farIFD = tiff
        farIFD.replaceSubrange(4..<8, with: [0xFF, 0xFF, 0xFF, 0xF0])
        #expect(ExifOrientation.fromTIFF(farIFD) == 1)
        var manyEntries = tiff
        manyEntries.replaceSubrange(8..<10, with: [0xFF, 0xFF])
        #expect(ExifOrientation.fromTIFF(manyEntries) == 6)  // found before running off the end
        manyEntries.replaceSubrange(22..<24, with: [0x01, 0x0F])  // no orientation tag at all
        #expect(ExifOrientation.fromTIFF(manyEntries) == 1)

        var random = SeededRandom(seed: 42)
        for _ in 0..<20_000 {
            var bytes = tiff
            for _ in 0..<Int(random.next() % 6) {
                bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
            }
            bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
            #expect((1...8).contains(ExifOrientation.fromTIFF(bytes)))
        }
    }
}
