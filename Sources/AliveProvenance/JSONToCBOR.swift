import Foundation

/// Converts JSON text into CBOR, keeping what `JSONSerialization` would blur: integers stay
/// integers (a 64-bit seed survives exactly), `true` stays a boolean, and object members keep
/// their names. Used for the caller's render assertion, which arrives as JSON.
enum JSONToCBOR {
    /// The deepest nesting accepted, so hostile JSON cannot exhaust the stack.
    static let maximumDepth = 64

    static func convert(_ json: Data) throws(ProvenanceError) -> CBOR {
        var parser = Parser(bytes: Array(json))
        do {
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.position == parser.bytes.count else {
                throw CBORDecodingError("unexpected text after the JSON value at byte \(parser.position)")
            }
            return value
        } catch let error as CBORDecodingError {
            throw .invalidRenderAssertion(reason: error.description)
        } catch {
            throw .invalidRenderAssertion(reason: "\(error)")
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var position = 0

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        func fail(_ what: String) -> CBORDecodingError {
            CBORDecodingError("invalid JSON at byte \(position): \(what)")
        }

        mutating func expect(_ literal: String) throws(CBORDecodingError) {
            let utf8 = Array(literal.utf8)
            guard bytes.count - position >= utf8.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
                throw fail("expected \(literal)")
            }
            position += utf8.count
        }

        mutating func parseValue(depth: Int) throws(CBORDecodingError) -> CBOR {
            guard depth < JSONToCBOR.maximumDepth else { throw fail("nesting deeper than \(JSONToCBOR.maximumDepth)") }
            guard position < bytes.count else { throw fail("unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var entries: [CBOR.Entry] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    return .map(entries)
                }
                while true {
                    skipWhitespace()
                    let key = try parseString()
                    skipWhitespace()
                    try expect(":")
                    skipWhitespace()
                    let value = try parseValue(depth: depth + 1)
                    if entries.contains(where: { $0.key == .text(key) }) { throw fail("duplicate key \"\(key)\"") }
                    entries.append(CBOR.Entry(.text(key), value))
                    skipWhitespace()
                    guard position < bytes.count else { throw fail("unterminated object") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    try expect("}")
                    return .map(entries)
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [CBOR] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    return .array(items)
                }
                while true {
                    skipWhitespace()
                    items.append(try parseValue(depth: depth + 1))
                    skipWhitespace()
                    guard position < bytes.count else { throw fail("unterminated array") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    try expect("]")
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .text(try parseString())
            case UInt8(ascii: "t"):
                try expect("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expect("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expect("null")
                return .null
            default:
                return try parseNumber()
            }
        }

        mutating func parseNumber() throws(CBORDecodingError) -> CBOR {
            let start = position
            var isInteger = true
            while position < bytes.count {
                let c = bytes[position]
                if (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
                    position += 1
                } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    isInteger = false
                    position += 1
                } else {
                    break
                }
            }
            guard position > start, let text = String(bytes: bytes[start..<position], encoding: .utf8) else {
                throw fail("unexpected character")
            }
            if isInteger, let n = Int64(text) { return .int(Int(n)) }
            if isInteger, text.allSatisfy({ $0.isNumber || $0 == "-" }) {
                // c2pa-rs rejects CBOR integers outside the signed 64-bit range
                // (assertion.cbor.invalid), so refuse rather than write an invalid manifest.
                throw fail("integer \(text) is outside the signed 64-bit range that C2PA validators accept; write it as a string")
            }
            guard let d = Double(text), d.isFinite else { throw fail("bad number \(text)") }
            return .double(d)
        }

        mutating func parseHex4() throws(CBORDecodingError) -> UInt32 {
            guard bytes.count - position >= 4,
                  let s = String(bytes: bytes[position..<position + 4], encoding: .ascii),
                  let v = UInt32(s, radix: 16)
            else { throw fail("bad \\u escape") }
            position += 4
            return v
        }

        mutating func parseString() throws(CBORDecodingError) -> String {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a string") }
            position += 1
            var out: [UInt8] = []
            while true {
                guard position < bytes.count else { throw fail("unterminated string") }
                let c = bytes[position]
                position += 1
                switch c {
                case UInt8(ascii: "\""):
                    guard let s = String(bytes: out, encoding: .utf8) else { throw fail("string is not UTF-8") }
                    return s
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { throw fail("unterminated escape") }
                    let e = bytes[position]
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try parseHex4()
                        if (0xD800..<0xDC00).contains(scalar) {
                            try expect("\\u")
                            let low = try parseHex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let u = Unicode.Scalar(scalar) else { throw fail("invalid code point") }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: throw fail("bad escape")
                    }
                case 0..<0x20:
                    throw fail("control character in string")
                default:
                    out.append(c)
                }
            }
        }
    }
}
