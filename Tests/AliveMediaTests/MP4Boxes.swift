/// A small reader for ISO BMFF (MP4) boxes, enough for the encoder tests to check the
/// layout the muxer wrote: box order at the top level, `colr`, `avcC` and `stts` inside
/// `moov` (ISO/IEC 14496-12 and 14496-15).
struct MP4Box {
    /// The four-character type, e.g. "moov".
    let type: String
    /// Where the box starts in the file.
    let offset: Int
    /// The bytes after the box header.
    let payload: Range<Int>
}

struct MP4Boxes {
    let bytes: [UInt8]

    enum ReadError: Error { case truncated(at: Int), missing(String) }

    /// The boxes that follow one another in `range`, without descending.
    func boxes(in range: Range<Int>) throws -> [MP4Box] {
        var result: [MP4Box] = []
        var offset = range.lowerBound
        while offset + 8 <= range.upperBound {
            var size = Int(uint32(at: offset))
            let type = String(decoding: bytes[offset + 4 ..< offset + 8], as: UTF8.self)
            var header = 8
            if size == 1 {   // a 64-bit "largesize" follows the type
                guard offset + 16 <= range.upperBound else { throw ReadError.truncated(at: offset) }
                size = Int(uint32(at: offset + 8)) << 32 | Int(uint32(at: offset + 12))
                header = 16
            } else if size == 0 {   // the box runs to the end
                size = range.upperBound - offset
            }
            guard size >= header, offset + size <= range.upperBound else { throw ReadError.truncated(at: offset) }
            result.append(MP4Box(type: type, offset: offset, payload: offset + header ..< offset + size))
            offset += size
        }
        guard offset == range.upperBound else { throw ReadError.truncated(at: offset) }
        return result
    }

    var topLevel: [MP4Box] { get throws { try boxes(in: 0 ..< bytes.count) } }

    /// The first box at the end of a path of types, e.g. ["moov", "trak", "mdia"].
    func find(_ path: [String], in range: Range<Int>? = nil) throws -> MP4Box {
        var range = range ?? 0 ..< bytes.count
        var found: MP4Box?
        for type in path {
            guard let box = try boxes(in: range).first(where: { $0.type == type }) else {
                throw ReadError.missing(path.joined(separator: "/"))
            }
            found = box
            range = box.payload
        }
        guard let found else { throw ReadError.missing("") }
        return found
    }

    /// The visual sample entry ("avc1") inside `stsd`, and the boxes after its fixed fields.
    func videoSampleEntry() throws -> (entry: MP4Box, children: [MP4Box]) {
        let stsd = try find(["moov", "trak", "mdia", "minf", "stbl", "stsd"])
        // A full box: version and flags (4 bytes), then the entry count (4 bytes).
        guard let entry = try boxes(in: stsd.payload.lowerBound + 8 ..< stsd.payload.upperBound).first else {
            throw ReadError.missing("stsd entry")
        }
        // VisualSampleEntry's fixed fields are 78 bytes: reserved and data reference index
        // (8), pre-defined and reserved (16), width and height (4), resolutions (8),
        // reserved (4), frame count (2), compressor name (32), depth (2), pre-defined (2).
        let children = try boxes(in: entry.payload.lowerBound + 78 ..< entry.payload.upperBound)
        return (entry, children)
    }

    func uint32(at offset: Int) -> UInt32 {
        bytes[offset ..< offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    func uint16(at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    func fourCC(at offset: Int) -> String {
        String(decoding: bytes[offset ..< offset + 4], as: UTF8.self)
    }
}
