import Foundation

/// Renders CBOR as JSON text for reports: byte strings become base64 (as the C2PA SDK prints
/// them), tags are dropped, non-text map keys are written as their JSON text.
enum CBORJSON {
    static func render(_ item: CBOR) -> String {
        var out = ""
        write(item, into: &out)
        return out
    }

    /// The item as a Foundation JSON object (for embedding in a Codable report).
    static func jsonValue(_ item: CBOR) -> JSONValue {
        switch item {
        case .unsigned(let n): return n <= UInt64(Int64.max) ? .integer(Int64(n)) : .unsigned(n)
        case .negative(let n): return n < UInt64(Int64.max) ? .integer(-1 - Int64(n)) : .number(-1 - Double(n))
        case .bytes(let b): return .string(Data(b).base64EncodedString())
        case .text(let s): return .string(s)
        case .array(let items): return .array(items.map(jsonValue))
        case .map(let entries):
            return .object(entries.map { (key: $0.key.textValue ?? render($0.key), value: jsonValue($0.value)) })
        case .tagged(_, let inner): return jsonValue(inner)
        case .bool(let b): return .bool(b)
        case .null, .undefined: return .null
        case .double(let d): return d.isFinite ? .number(d) : .null
        }
    }

    private static func write(_ item: CBOR, into out: inout String) {
        switch item {
        case .unsigned(let n): out += String(n)
        case .negative(let n): out += n == UInt64.max ? "-18446744073709551616" : "-" + String(n + 1)
        case .bytes(let b): out += quoted(Data(b).base64EncodedString())
        case .text(let s): out += quoted(s)
        case .array(let items):
            out += "["
            for (i, element) in items.enumerated() {
                if i > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case .map(let entries):
            out += "{"
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += "," }
                out += quoted(entry.key.textValue ?? render(entry.key))
                out += ":"
                write(entry.value, into: &out)
            }
            out += "}"
        case .tagged(_, let inner): write(inner, into: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .null, .undefined: out += "null"
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A JSON value that keeps object member order, for the `--json` report.
public indirect enum JSONValue: Sendable, Equatable, Encodable {
    case null
    case bool(Bool)
    case integer(Int64)
    /// An integer above `Int64.max`, kept exact.
    case unsigned(UInt64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.unsigned(let a), .unsigned(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .integer(let n):
            var c = encoder.singleValueContainer()
            try c.encode(n)
        case .unsigned(let n):
            var c = encoder.singleValueContainer()
            try c.encode(n)
        case .number(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let items):
            var c = encoder.unkeyedContainer()
            for item in items { try c.encode(item) }
        case .object(let members):
            var c = encoder.container(keyedBy: Key.self)
            for member in members { try c.encode(member.value, forKey: Key(stringValue: member.key)) }
        }
    }
}
