import AliveCore
import Foundation

/// ISO BMFF (MP4) box parsing for signing and verification.
///
/// Every length read from the file is checked against the bytes that are really there before
/// it is used, recursion has a fixed depth limit, and the number of boxes is capped, so a
/// hostile file costs an error, never a crash, a hang or a huge allocation.
enum BMFF {
    /// The deepest box nesting followed. Real files nest about eight levels (moov/trak/mdia/
    /// minf/stbl/stsd/avc1/avcC).
    static let maximumDepth = 32
    /// The most boxes accepted at one level; a 20-minute video has a few dozen at the top.
    static let maximumBoxesPerLevel = 1_000_000

    /// The extended type of the C2PA ContentProvenanceBox (C2PA 2.2 §11.3.4).
    static let c2paUUID: [UInt8] = [
        0xD8, 0xFE, 0xC3, 0xD6, 0x1B, 0x0E, 0x48, 0x3C, 0x92, 0x97, 0x58, 0x28, 0x87, 0x7E, 0xC4, 0x81,
    ]

    /// A box's position and header, read without its payload.
    struct Box: Equatable {
        /// The four-character type, e.g. "moov".
        var type: String
        /// Absolute offset of the first header byte.
        var offset: UInt64
        /// Total size including the header.
        var size: UInt64
        /// 8, or 16 with a 64-bit size; plus 16 for a `uuid` box's extended type.
        var headerSize: Int
        /// The extended type of a `uuid` box.
        var userType: [UInt8]?

        var end: UInt64 { offset + size }
        var payloadOffset: UInt64 { offset + UInt64(headerSize) }
        var isC2PA: Bool { type == "uuid" && userType == BMFF.c2paUUID }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func fourCC(_ bytes: some Collection<UInt8>) -> String {
        String(decoding: bytes.map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    /// Parses the box header at `offset` from `readAt`, which returns exactly the bytes asked
    /// for or throws. `limit` is the end of the enclosing range (file or parent box).
    static func readHeader(
        at offset: UInt64, limit: UInt64, readAt: (UInt64, Int) throws -> [UInt8]
    ) throws -> Box {
        guard limit >= offset, limit - offset >= 8 else {
            throw ParseError("truncated box header at offset \(offset) (\(limit - min(limit, offset)) bytes left)")
        }
        let head = try readAt(offset, 8)
        let size32 = UInt64(readUInt32(head, 0))
        let type = fourCC(head[4..<8])
        var headerSize = 8
        var size: UInt64
        switch size32 {
        case 0:
            size = limit - offset
        case 1:
            guard limit - offset >= 16 else { throw ParseError("box '\(type)' at offset \(offset): truncated 64-bit size") }
            size = readUInt64(try readAt(offset + 8, 8), 0)
            headerSize = 16
        default:
            size = size32
        }
        var userType: [UInt8]?
        if type == "uuid" {
            guard limit - offset >= UInt64(headerSize + 16) else {
                throw ParseError("box 'uuid' at offset \(offset): truncated extended type")
            }
            userType = try readAt(offset + UInt64(headerSize), 16)
            headerSize += 16
        }
        guard size >= UInt64(headerSize) else {
            throw ParseError("box '\(type)' at offset \(offset) claims \(size) bytes, less than its own header")
        }
        guard size <= limit - offset else {
            throw ParseError("box '\(type)' at offset \(offset) claims \(size) bytes but only \(limit - offset) remain")
        }
        return Box(type: type, offset: offset, size: size, headerSize: headerSize, userType: userType)
    }

    /// The boxes that tile `start..<end`, in order.
    static func readBoxes(
        from start: UInt64, to end: UInt64, readAt: (UInt64, Int) throws -> [UInt8]
    ) throws -> [Box] {
        var boxes: [Box] = []
        var offset = start
        while offset < end {
            guard boxes.count < maximumBoxesPerLevel else { throw ParseError("more than \(maximumBoxesPerLevel) boxes") }
            let box = try readHeader(at: offset, limit: end, readAt: readAt)
            boxes.append(box)
            offset = box.end
        }
        return boxes
    }

    /// The top-level boxes of a file.
    static func topLevelBoxes(of file: FileBytes) throws -> [Box] {
        try readBoxes(from: 0, to: file.size) { try file.read(at: $0, count: $1) }
    }

    /// The child boxes of a box held in memory (`bytes` is the whole box).
    static func children(of bytes: [UInt8], payloadStart: Int) throws -> [Box] {
        try readBoxes(from: UInt64(payloadStart), to: UInt64(bytes.count)) { offset, count in
            Array(bytes[Int(offset)..<Int(offset) + count])
        }
    }

    // MARK: Chunk offsets

    /// Containers on the way from `moov` to the chunk offset tables. Chunk offsets live only in
    /// `stbl`; nothing else in a non-fragmented MP4 written by ffmpeg or AVAssetWriter holds an
    /// absolute file offset.
    static let offsetContainers: Set<String> = ["moov", "trak", "mdia", "minf", "stbl"]

    /// Adds `delta` to every `stco` and `co64` entry of every track in a `moov` box held in
    /// memory. Returns the number of tables patched.
    @discardableResult
    static func shiftChunkOffsets(inMoov moov: inout [UInt8], by delta: UInt64, path: String) throws -> Int {
        var patched = 0
        func visit(start: Int, end: Int, depth: Int) throws {
            guard depth < maximumDepth else { throw ParseError("boxes nested deeper than \(maximumDepth) levels") }
            let boxes = try readBoxes(from: UInt64(start), to: UInt64(end)) { offset, count in
                Array(moov[Int(offset)..<Int(offset) + count])
            }
            for box in boxes {
                let payload = Int(box.payloadOffset)
                let boxEnd = Int(box.end)
                switch box.type {
                case "stco", "co64":
                    let entrySize = box.type == "stco" ? 4 : 8
                    guard boxEnd - payload >= 8 else { throw ParseError("'\(box.type)' at offset \(box.offset) is truncated") }
                    let count = Int(readUInt32(moov, payload + 4))
                    guard count <= (boxEnd - payload - 8) / entrySize else {
                        throw ParseError("'\(box.type)' at offset \(box.offset) lists \(count) entries but has room for fewer")
                    }
                    for i in 0..<count {
                        let at = payload + 8 + i * entrySize
                        if entrySize == 4 {
                            let value = UInt64(readUInt32(moov, at)) + delta
                            guard value <= UInt64(UInt32.max) else {
                                throw ProvenanceError.unsupportedMP4(
                                    path: path,
                                    reason: "a 32-bit chunk offset would pass 4 GiB after inserting the manifest (re-encode with 64-bit co64 offsets)")
                            }
                            writeUInt32(UInt32(value), into: &moov, at: at)
                        } else {
                            let (value, overflow) = readUInt64(moov, at).addingReportingOverflow(delta)
                            guard !overflow else { throw ParseError("'co64' entry overflows") }
                            writeUInt64(value, into: &moov, at: at)
                        }
                    }
                    patched += 1
                case let type where offsetContainers.contains(type):
                    try visit(start: payload, end: boxEnd, depth: depth + 1)
                default:
                    break
                }
            }
        }
        guard moov.count >= 8 else { throw ParseError("'moov' is truncated") }
        let header = try readHeader(at: 0, limit: UInt64(moov.count)) { offset, count in
            Array(moov[Int(offset)..<Int(offset) + count])
        }
        try visit(start: header.headerSize, end: moov.count, depth: 1)
        return patched
    }
}

// MARK: - Big-endian helpers

func readUInt32(_ bytes: some RandomAccessCollection<UInt8>, _ at: Int) -> UInt32 {
    let base = bytes.index(bytes.startIndex, offsetBy: at)
    var value: UInt32 = 0
    for i in 0..<4 { value = value << 8 | UInt32(bytes[bytes.index(base, offsetBy: i)]) }
    return value
}

func readUInt64(_ bytes: some RandomAccessCollection<UInt8>, _ at: Int) -> UInt64 {
    let base = bytes.index(bytes.startIndex, offsetBy: at)
    var value: UInt64 = 0
    for i in 0..<8 { value = value << 8 | UInt64(bytes[bytes.index(base, offsetBy: i)]) }
    return value
}

func writeUInt32(_ value: UInt32, into bytes: inout [UInt8], at: Int) {
    for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(i))) }
}

func writeUInt64(_ value: UInt64, into bytes: inout [UInt8], at: Int) {
    for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64(i))) }
}

func bigEndianBytes(_ value: UInt64, count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(count - 1 - $0))) }
}

// MARK: - File access

/// Read-only random access to a file, owning its handle. Reads return exactly the bytes
/// asked for or throw, so callers never see a short read.
final class FileBytes {
    let path: String
    let size: UInt64
    private let handle: FileHandle

    init(path: String) throws {
        self.path = path
        // By the name's bytes (FileName): a photo whose name is not UTF-8 is hashed too.
        guard let info = FileName.status(path) else {
            throw ProvenanceError.cannotRead(path: path, reason: "no such file")
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw ProvenanceError.cannotRead(path: path, reason: "is a directory") }
        let fd = FileName.withOSName(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            throw ProvenanceError.cannotRead(path: path, reason: "permission denied or not a regular file")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        self.handle = handle
        do {
            self.size = try handle.seekToEnd()
        } catch {
            try? handle.close()
            throw ProvenanceError.cannotRead(path: path, reason: "cannot determine the file size: \(error.localizedDescription)")
        }
    }

    deinit { try? handle.close() }

    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        guard count >= 0, offset <= size, UInt64(count) <= size - offset else {
            throw BMFF.ParseError("read of \(count) bytes at offset \(offset) runs past the end of the \(size)-byte file")
        }
        if count == 0 { return [] }
        do {
            try handle.seek(toOffset: offset)
            var out: [UInt8] = []
            out.reserveCapacity(count)
            while out.count < count {
                guard let chunk = try handle.read(upToCount: count - out.count), !chunk.isEmpty else {
                    throw ProvenanceError.cannotRead(path: path, reason: "file shrank while reading at offset \(offset + UInt64(out.count))")
                }
                out.append(contentsOf: chunk)
            }
            return out
        } catch let error as ProvenanceError {
            throw error
        } catch {
            throw ProvenanceError.cannotRead(path: path, reason: error.localizedDescription)
        }
    }

    /// Calls `body` with consecutive pieces of `offset..<offset+count`, at most `chunkSize`
    /// bytes each, so large `mdat` boxes stream through a fixed-size buffer.
    func stream(from offset: UInt64, count: UInt64, chunkSize: Int = 1 << 20, _ body: ([UInt8]) throws -> Void) throws {
        var done: UInt64 = 0
        while done < count {
            let n = Int(min(UInt64(chunkSize), count - done))
            try body(try read(at: offset + done, count: n))
            done += UInt64(n)
        }
    }
}
