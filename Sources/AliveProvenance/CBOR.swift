import Foundation

/// A CBOR data item (RFC 8949), the encoding C2PA uses for claims, assertions and COSE.
///
/// Only what C2PA needs: integers, byte and text strings, arrays, maps, tags, simple values
/// and floats. Maps keep their entries in order; the encoder sorts them (see `encoded()`).
public indirect enum CBOR: Hashable, Sendable {
    /// An unsigned integer (major type 0).
    case unsigned(UInt64)
    /// A negative integer stored as its CBOR argument: the value is `-1 - n` (major type 1).
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBOR])
    case map([Entry])
    case tagged(UInt64, CBOR)
    case bool(Bool)
    case null
    case undefined
    case double(Double)

    /// One key/value pair of a CBOR map.
    public struct Entry: Hashable, Sendable {
        public var key: CBOR
        public var value: CBOR
        public init(_ key: CBOR, _ value: CBOR) {
            self.key = key
            self.value = value
        }
    }

    /// An integer item for any `Int`.
    public static func int(_ value: Int) -> CBOR {
        value >= 0 ? .unsigned(UInt64(value)) : .negative(UInt64(-(value + 1)))
    }

    /// A map with text keys, the shape of every C2PA structure.
    public static func textMap(_ pairs: KeyValuePairs<String, CBOR>) -> CBOR {
        .map(pairs.map { Entry(.text($0.key), $0.value) })
    }

    /// The value for a text key of a map, or nil.
    public subscript(key: String) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == .text(key) }?.value
    }

    /// The value for an integer key of a map (COSE header labels), or nil.
    public subscript(intKey key: Int) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == .int(key) }?.value
    }

    public var textValue: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    public var bytesValue: [UInt8]? {
        if case .bytes(let b) = self { return b }
        return nil
    }

    public var arrayValue: [CBOR]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var intValue: Int? {
        switch self {
        case .unsigned(let n) where n <= UInt64(Int.max): return Int(n)
        case .negative(let n) where n < UInt64(Int.max): return -1 - Int(n)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The item without any tag wrappers.
    public var untagged: CBOR {
        var item = self
        while case .tagged(_, let inner) = item { item = inner }
        return item
    }
}

// MARK: - Encoding

extension CBOR {
    /// The deterministic encoding of RFC 8949 §4.2.1 ("core deterministic"): definite lengths,
    /// the shortest argument form, map keys sorted by the bytewise order of their encodings,
    /// and floats in the shortest of half, single or double precision that keeps the value.
    /// C2PA asks for this encoding for everything a claim generator writes.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        encode(into: &out)
        return out
    }

    func encode(into out: inout [UInt8]) {
        switch self {
        case .unsigned(let n): Self.appendHead(0, n, to: &out)
        case .negative(let n): Self.appendHead(1, n, to: &out)
        case .bytes(let b):
            Self.appendHead(2, UInt64(b.count), to: &out)
            out.append(contentsOf: b)
        case .text(let s):
            let utf8 = Array(s.utf8)
            Self.appendHead(3, UInt64(utf8.count), to: &out)
            out.append(contentsOf: utf8)
        case .array(let items):
            Self.appendHead(4, UInt64(items.count), to: &out)
            for item in items { item.encode(into: &out) }
        case .map(let entries):
            let encodedEntries = entries.map { ($0.key.encoded(), $0.value.encoded()) }
                .sorted { $0.0.lexicographicallyPrecedes($1.0) }
            Self.appendHead(5, UInt64(encodedEntries.count), to: &out)
            for (key, value) in encodedEntries {
                out.append(contentsOf: key)
                out.append(contentsOf: value)
            }
        case .tagged(let tag, let item):
            Self.appendHead(6, tag, to: &out)
            item.encode(into: &out)
        case .bool(let b): out.append(b ? 0xF5 : 0xF4)
        case .null: out.append(0xF6)
        case .undefined: out.append(0xF7)
        case .double(let d): Self.appendFloat(d, to: &out)
        }
    }

    static func appendHead(_ major: UInt8, _ argument: UInt64, to out: inout [UInt8]) {
        let m = major << 5
        switch argument {
        case 0..<24:
            out.append(m | UInt8(argument))
        case 24...0xFF:
            out.append(m | 24)
            out.append(UInt8(argument))
        case 0x100...0xFFFF:
            out.append(m | 25)
            appendBigEndian(argument, byteCount: 2, to: &out)
        case 0x1_0000...0xFFFF_FFFF:
            out.append(m | 26)
            appendBigEndian(argument, byteCount: 4, to: &out)
        default:
            out.append(m | 27)
            appendBigEndian(argument, byteCount: 8, to: &out)
        }
    }

    static func appendBigEndian(_ value: UInt64, byteCount: Int, to out: inout [UInt8]) {
        for shift in stride(from: (byteCount - 1) * 8, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    static func appendFloat(_ d: Double, to out: inout [UInt8]) {
        if let half = halfBits(exactly: d) {
            out.append(0xF9)
            appendBigEndian(UInt64(half), byteCount: 2, to: &out)
        } else if Double(Float(d)) == d {
            out.append(0xFA)
            appendBigEndian(UInt64(Float(d).bitPattern), byteCount: 4, to: &out)
        } else {
            out.append(0xFB)
            appendBigEndian(d.bitPattern, byteCount: 8, to: &out)
        }
    }

    /// The IEEE 754 half-precision bits of `d` when the conversion is exact, else nil.
    /// Written out by hand because `Float16` is missing on Intel Macs.
    static func halfBits(exactly d: Double) -> UInt16? {
        if d.isNaN { return 0x7E00 }
        let sign: UInt16 = d.sign == .minus ? 0x8000 : 0
        if d.isInfinite { return sign | 0x7C00 }
        if d == 0 { return sign }
        let magnitude = abs(d)
        let exponent = magnitude.exponent  // magnitude = significand * 2^exponent, 1 <= significand < 2
        if exponent >= -14 && exponent <= 15 {
            // Normal half: 10 fraction bits.
            let scaled = magnitude / Double(sign: .plus, exponent: exponent - 10, significand: 1)
            guard scaled == scaled.rounded(), scaled >= 1024, scaled < 2048 else { return nil }
            return sign | UInt16(exponent + 15) << 10 | (UInt16(scaled) - 1024)
        }
        if exponent >= -24 && exponent < -14 {
            // Subnormal half: value = m * 2^-24.
            let scaled = magnitude / Double(sign: .plus, exponent: -24, significand: 1)
            guard scaled == scaled.rounded(), scaled >= 1, scaled < 1024 else { return nil }
            return sign | UInt16(scaled)
        }
        return nil
    }
}

// MARK: - Decoding

/// Why a CBOR item could not be decoded.
public struct CBORDecodingError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension CBOR {
    /// The deepest nesting of arrays, maps and tags the decoder follows. C2PA structures
    /// nest a handful of levels; the cap stops hostile input from exhausting the stack.
    public static let maximumDepth = 64

    /// Decodes exactly one item that fills `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(CBORDecodingError) -> CBOR {
        var reader = CBORReader(bytes: bytes)
        let item = try reader.readItem(depth: 0)
        guard reader.position == bytes.count else {
            throw CBORDecodingError("\(bytes.count - reader.position) trailing bytes after the CBOR item")
        }
        return item
    }

    /// Decodes the first item of `bytes` and returns it with the number of bytes it used.
    public static func decodePrefix(_ bytes: [UInt8]) throws(CBORDecodingError) -> (CBOR, Int) {
        var reader = CBORReader(bytes: bytes)
        let item = try reader.readItem(depth: 0)
        return (item, reader.position)
    }
}

/// A bounds-checked cursor: every length is checked against the bytes that are actually
/// left before anything is allocated, so a lying length costs an error, not memory.
struct CBORReader {
    let bytes: [UInt8]
    var position = 0

    var remaining: Int { bytes.count - position }

    mutating func readByte() throws(CBORDecodingError) -> UInt8 {
        guard position < bytes.count else { throw CBORDecodingError("unexpected end of data at byte \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func readBigEndian(_ count: Int) throws(CBORDecodingError) -> UInt64 {
        guard remaining >= count else { throw CBORDecodingError("unexpected end of data at byte \(position)") }
        var value: UInt64 = 0
        for i in 0..<count { value = value << 8 | UInt64(bytes[position + i]) }
        position += count
        return value
    }

    mutating func readArgument(_ info: UInt8) throws(CBORDecodingError) -> UInt64 {
        switch info {
        case 0..<24: return UInt64(info)
        case 24: return try readBigEndian(1)
        case 25: return try readBigEndian(2)
        case 26: return try readBigEndian(4)
        case 27: return try readBigEndian(8)
        case 31: throw CBORDecodingError("indefinite-length item at byte \(position - 1) (C2PA requires definite lengths)")
        default: throw CBORDecodingError("reserved additional information \(info) at byte \(position - 1)")
        }
    }

    /// A length that must fit in the remaining bytes, each element taking at least `minimumSize`.
    mutating func readLength(_ info: UInt8, minimumSize: Int) throws(CBORDecodingError) -> Int {
        let n = try readArgument(info)
        guard n <= UInt64(remaining / max(minimumSize, 1)) else {
            throw CBORDecodingError("length \(n) at byte \(position) exceeds the \(remaining) bytes left")
        }
        return Int(n)
    }

    mutating func readItem(depth: Int) throws(CBORDecodingError) -> CBOR {
        guard depth < CBOR.maximumDepth else {
            throw CBORDecodingError("nesting deeper than \(CBOR.maximumDepth) levels")
        }
        let initial = try readByte()
        let major = initial >> 5
        let info = initial & 0x1F
        switch major {
        case 0: return .unsigned(try readArgument(info))
        case 1: return .negative(try readArgument(info))
        case 2:
            let n = try readLength(info, minimumSize: 1)
            defer { position += n }
            return .bytes(Array(bytes[position..<position + n]))
        case 3:
            let n = try readLength(info, minimumSize: 1)
            guard let s = String(bytes: bytes[position..<position + n], encoding: .utf8) else {
                throw CBORDecodingError("text string at byte \(position) is not valid UTF-8")
            }
            position += n
            return .text(s)
        case 4:
            let n = try readLength(info, minimumSize: 1)
            var items: [CBOR] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try readItem(depth: depth + 1)) }
            return .array(items)
        case 5:
            let n = try readLength(info, minimumSize: 2)
            var entries: [CBOR.Entry] = []
            entries.reserveCapacity(n)
            for _ in 0..<n {
                let key = try readItem(depth: depth + 1)
                let value = try readItem(depth: depth + 1)
                entries.append(CBOR.Entry(key, value))
            }
            return .map(entries)
        case 6:
            let tag = try readArgument(info)
            return .tagged(tag, try readItem(depth: depth + 1))
        default:
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            case 25: return .double(Self.halfToDouble(UInt16(try readBigEndian(2))))
            case 26: return .double(Double(Float(bitPattern: UInt32(try readBigEndian(4)))))
            case 27: return .double(Double(bitPattern: try readBigEndian(8)))
            default: throw CBORDecodingError("unsupported simple value \(info) at byte \(position - 1)")
            }
        }
    }

    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int(bits >> 10 & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
