import Crypto
import Foundation

/// The BMFF hard binding (`c2pa.hash.bmff.v2`/`v3`, non-Merkle) as c2pa-rs computes it
/// (c2pa-mp4.md §4.2): for every top-level box not excluded as a whole, its absolute offset as
/// a big-endian u64, then its bytes minus any excluded sub-ranges.
struct BMFFHash {
    /// One entry of the assertion's `exclusions` array.
    struct Exclusion {
        struct PathStep {
            var type: String
            /// 1-based position among siblings of that type, as in XPath.
            var index: Int?
        }

        var xpath: String
        var path: [PathStep]
        var length: UInt64?
        var data: [(offset: UInt64, value: [UInt8])]
        var subset: [(offset: UInt64, length: UInt64)]
        var version: UInt8?
        var flags: [UInt8]?

        /// The exclusions every writer must list (C2PA 2.2 §A.5.6); any other one makes c2pa-rs
        /// add the informational `assertion.bmffHash.additionalExclusionsPresent`.
        static let mandatoryXPaths: Set<String> = ["/uuid", "/ftyp", "/mfra"]

        init?(_ item: CBOR) {
            guard let xpath = item["xpath"]?.textValue, xpath.hasPrefix("/") else { return nil }
            self.xpath = xpath
            var steps: [PathStep] = []
            for component in xpath.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                var type = Substring(component)
                var index: Int?
                if let open = component.firstIndex(of: "["), component.hasSuffix("]") {
                    type = component[..<open]
                    guard let n = Int(component[component.index(after: open)..<component.index(before: component.endIndex)]), n >= 1 else { return nil }
                    index = n
                }
                guard type.utf8.count == 4 else { return nil }
                steps.append(PathStep(type: String(type), index: index))
            }
            guard !steps.isEmpty, steps.count <= BMFF.maximumDepth else { return nil }
            path = steps
            if let l = item["length"] {
                guard case .unsigned(let n) = l else { return nil }
                length = n
            }
            data = []
            for entry in item["data"]?.arrayValue ?? [] {
                guard case .unsigned(let offset)? = entry["offset"], let value = entry["value"]?.bytesValue else { return nil }
                data.append((offset, value))
            }
            subset = []
            for entry in item["subset"]?.arrayValue ?? [] {
                guard case .unsigned(let offset)? = entry["offset"], case .unsigned(let length)? = entry["length"] else { return nil }
                subset.append((offset, length))
            }
            if let v = item["version"] {
                guard case .unsigned(let n) = v, n <= 255 else { return nil }
                version = UInt8(n)
            }
            flags = item["flags"]?.bytesValue
        }
    }

    let exclusions: [Exclusion]

    /// Whether `box` meets the exclusion's length, version, flags and data conditions.
    static func matches(_ exclusion: Exclusion, box: BMFF.Box, file: FileBytes) throws -> Bool {
        if let length = exclusion.length, box.size != length { return false }
        if exclusion.version != nil || exclusion.flags != nil {
            guard box.size >= UInt64(box.headerSize + 4) else { return false }
            let fullBox = try file.read(at: box.payloadOffset, count: 4)
            if let version = exclusion.version, fullBox[0] != version { return false }
            if let flags = exclusion.flags, flags.count == 3, Array(fullBox[1...3]) != flags { return false }
        }
        for (offset, value) in exclusion.data {
            guard offset <= box.size, UInt64(value.count) <= box.size - offset else { return false }
            if try file.read(at: box.offset + offset, count: value.count) != value { return false }
        }
        return true
    }

    /// Boxes matched by the exclusion's path.
    static func boxes(matching exclusion: Exclusion, topLevel: [BMFF.Box], file: FileBytes) throws -> [BMFF.Box] {
        var candidates = topLevel
        for (depth, step) in exclusion.path.enumerated() {
            if depth > 0 {
                // Descend: the children of every candidate box.
                var next: [BMFF.Box] = []
                for parent in candidates {
                    var start = parent.payloadOffset
                    if fullBoxContainers.contains(parent.type) { start += 4 }
                    guard start <= parent.end else { continue }
                    let children = (try? BMFF.readBoxes(from: start, to: parent.end) { try file.read(at: $0, count: $1) }) ?? []
                    next += children
                }
                candidates = next
            }
            var filtered = candidates.filter { $0.type == step.type }
            if let index = step.index { filtered = index <= filtered.count ? [filtered[index - 1]] : [] }
            candidates = filtered
        }
        return try candidates.filter { try matches(exclusion, box: $0, file: file) }
    }

    /// Containers whose payload starts with a version and flags.
    static let fullBoxContainers: Set<String> = ["meta"]

    /// The hash of `file` under these exclusions.
    func hash(file: FileBytes, topLevel: [BMFF.Box], algorithm: String) throws -> [UInt8]? {
        var wholeBoxes = Set<UInt64>()  // offsets of top-level boxes excluded entirely
        var ranges: [(start: UInt64, end: UInt64)] = []
        for exclusion in exclusions {
            for box in try Self.boxes(matching: exclusion, topLevel: topLevel, file: file) {
                if exclusion.subset.isEmpty {
                    if exclusion.path.count == 1 { wholeBoxes.insert(box.offset) } else { ranges.append((box.offset, box.end)) }
                } else {
                    // Offset and length come from the file: clamp to the box before adding,
                    // so a length of 2^64-1 cannot overflow (it used to trap the process).
                    for (offset, length) in exclusion.subset where offset < box.size {
                        let available = box.size - offset
                        let start = box.offset + offset
                        ranges.append((start, start + (length == 0 ? available : min(length, available))))
                    }
                }
            }
        }
        ranges.sort { $0.start < $1.start }

        guard var hasher = AnyHasher(algorithm) else { return nil }
        for box in topLevel where !wholeBoxes.contains(box.offset) {
            hasher.update(bigEndianBytes(box.offset, count: 8))
            var cursor = box.offset
            for range in ranges where range.end > cursor && range.start < box.end {
                if range.start > cursor {
                    try file.stream(from: cursor, count: range.start - cursor) { hasher.update($0) }
                }
                cursor = max(cursor, min(range.end, box.end))
            }
            if cursor < box.end {
                try file.stream(from: cursor, count: box.end - cursor) { hasher.update($0) }
            }
        }
        return hasher.finalize()
    }
}

/// SHA-2 by C2PA algorithm name.
struct AnyHasher {
    private var sha256: SHA256?
    private var sha384: SHA384?
    private var sha512: SHA512?

    init?(_ name: String) {
        switch name {
        case "sha256": sha256 = SHA256()
        case "sha384": sha384 = SHA384()
        case "sha512": sha512 = SHA512()
        default: return nil
        }
    }

    mutating func update(_ bytes: some DataProtocol) {
        sha256?.update(data: bytes)
        sha384?.update(data: bytes)
        sha512?.update(data: bytes)
    }

    func finalize() -> [UInt8] {
        if let sha256 { return Array(sha256.finalize()) }
        if let sha384 { return Array(sha384.finalize()) }
        if let sha512 { return Array(sha512.finalize()) }
        return []
    }

    static func hash(_ name: String, _ bytes: some DataProtocol) -> [UInt8]? {
        guard var hasher = AnyHasher(name) else { return nil }
        hasher.update(bytes)
        return hasher.finalize()
    }
}
