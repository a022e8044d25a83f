/// The EXIF Orientation tag (0x0112) of a photo: how the stored pixels must be turned to
/// stand upright. Values follow the TIFF/EXIF standard (CIPA DC-008, tag 274):
///
///     1 upright          2 mirrored left-right   3 rotated 180       4 mirrored top-bottom
///     5 transposed       6 needs 90 clockwise    7 transversed       8 needs 90 anticlockwise
///
/// Parsing is pure Swift over bytes from the file, which may be hostile: every offset is
/// checked before it is read, nothing is followed beyond IFD0, and anything unexpected
/// means "no orientation" (1), never a crash.
enum ExifOrientation {
    static let tag: UInt16 = 0x0112

    /// The orientation in a JPEG APP1 payload ("Exif\0\0" followed by a TIFF structure).
    static func fromJPEGApp1(_ payload: [UInt8]) -> Int {
        let prefix: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]  // "Exif\0\0"
        guard payload.count >= prefix.count, Array(payload[0..<prefix.count]) == prefix else { return 1 }
        return fromTIFF(Array(payload[prefix.count...]))
    }

    /// The orientation in a bare TIFF structure, as in a PNG eXIf chunk.
    static func fromTIFF(_ tiff: [UInt8]) -> Int {
        guard tiff.count >= 8 else { return 1 }
        let bigEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): bigEndian = false  // "II", Intel
        case (0x4D, 0x4D): bigEndian = true  // "MM", Motorola
        default: return 1
        }
        let reader = TIFFReader(bytes: tiff, bigEndian: bigEndian)
        guard reader.u16(at: 2) == 42, let ifd = reader.u32(at: 4).map(Int.init),
            let entryCount = reader.u16(at: ifd).map(Int.init)
        else { return 1 }
        for index in 0..<entryCount {
            let entry = ifd + 2 + index * 12
            guard let tag = reader.u16(at: entry), let type = reader.u16(at: entry + 2) else { return 1 }
            guard tag == Self.tag else { continue }
            // SHORT is what the standard says; some writers use LONG. The value sits
            // left-justified in the 4-byte value field either way.
            let value: Int?
            switch type {
            case 3: value = reader.u16(at: entry + 8).map(Int.init)
            case 4: value = reader.u32(at: entry + 8).map(Int.init)
            default: value = nil
            }
            guard let value, (1...8).contains(value) else { return 1 }
            return value
        }
        return 1
    }

    /// Whether the orientation swaps width and height (the 90-degree family).
    static func swapsAxes(_ orientation: Int) -> Bool { orientation >= 5 && orientation <= 8 }
}

/// Bounds-checked integer reads in one byte order.
private struct TIFFReader {
    let bytes: [UInt8]
    let bigEndian: Bool

    func u16(at offset: Int) -> UInt16? {
        guard offset >= 0, offset <= bytes.count - 2 else { return nil }
        let a = UInt16(bytes[offset]), b = UInt16(bytes[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(at offset: Int) -> UInt32? {
        guard let first = u16(at: offset), let second = u16(at: offset + 2) else { return nil }
        return bigEndian ? UInt32(first) << 16 | UInt32(second) : UInt32(second) << 16 | UInt32(first)
    }
}
