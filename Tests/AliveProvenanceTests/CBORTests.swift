import Foundation
import Testing

@testable import AliveProvenance

/// The CBOR encoder against RFC 8949 Appendix A, and its deterministic rules.
@Suite struct CBORTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    static let vectors: [(CBOR, String)] = [
        (.unsigned(0), "00"), (.unsigned(1), "01"), (.unsigned(10), "0a"), (.unsigned(23), "17"),
        (.unsigned(24), "1818"), (.unsigned(25), "1819"), (.unsigned(100), "1864"), (.unsigned(1000), "1903e8"),
        (.unsigned(1_000_000), "1a000f4240"), (.unsigned(1_000_000_000_000), "1b000000e8d4a51000"),
        (.unsigned(UInt64.max), "1bffffffffffffffff"), (.int(-1), "20"), (.int(-10), "29"), (.int(-100), "3863"),
        (.int(-1000), "3903e7"), (.negative(UInt64.max), "3bffffffffffffffff"),
        (.double(0.0), "f90000"), (.double(-0.0), "f98000"), (.double(1.0), "f93c00"), (.double(1.1), "fb3ff199999999999a"),
        (.double(1.5), "f93e00"), (.double(65504.0), "f97bff"), (.double(100000.0), "fa47c35000"),
        (.double(3.4028234663852886e+38), "fa7f7fffff"), (.double(1.0e+300), "fb7e37e43c8800759c"),
        (.double(5.960464477539063e-8), "f90001"), (.double(0.00006103515625), "f90400"), (.double(-4.0), "f9c400"),
        (.double(-4.1), "fbc010666666666666"), (.double(.infinity), "f97c00"), (.double(-.infinity), "f9fc00"),
        (.bool(false), "f4"), (.bool(true), "f5"), (.null, "f6"), (.undefined, "f7"),
        (.tagged(1, .unsigned(1_363_896_240)), "c11a514b67b0"),
        (.bytes([]), "40"), (.bytes([1, 2, 3, 4]), "4401020304"), (.text(""), "60"), (.text("a"), "6161"),
        (.text("IETF"), "6449455446"), (.text("\"\\"), "62225c"), (.text("\u{00fc}"), "62c3bc"), (.text("\u{6c34}"), "63e6b0b4"),
        (.array([]), "80"), (.array([.unsigned(1), .unsigned(2), .unsigned(3)]), "83010203"),
        (.map([]), "a0"), (.map([CBOR.Entry(.unsigned(1), .unsigned(2)), CBOR.Entry(.unsigned(3), .unsigned(4))]), "a201020304"),
        (.textMap(["a": .unsigned(1), "b": .array([.unsigned(2), .unsigned(3)])]), "a26161016162820203"),
    ]

    @Test func encodesRFC8949Examples() {
        for (item, expected) in Self.vectors {
            #expect(Self.hex(item.encoded()) == expected, "\(item)")
        }
    }

    @Test func decodesWhatItEncodes() throws {
        for (item, expected) in Self.vectors {
            let decoded = try CBOR.decode(Self.bytes(expected))
            #expect(decoded.encoded() == item.encoded(), "\(expected)")
        }
        #expect(try CBOR.decode(Self.bytes("f97e00")).encoded() == Self.bytes("f97e00"))  // NaN
    }

    @Test func mapKeysAreSortedByTheirEncoding() throws {
        // RFC 8949 §4.2.1: bytewise order of the encoded keys, so shorter text sorts first.
        let map = CBOR.map([
            CBOR.Entry(.text("aa"), .unsigned(3)), CBOR.Entry(.text("b"), .unsigned(1)), CBOR.Entry(.int(-1), .unsigned(5)),
            CBOR.Entry(.text("a"), .unsigned(2)), CBOR.Entry(.unsigned(10), .unsigned(4)),
        ])
        #expect(Self.hex(map.encoded()) == "a5" + "0a04" + "2005" + "616102" + "616201" + "62616103")
        // The claim's keys land in the order the reference writer uses.
        let claim = CBOR.textMap([
            "claim_generator_info": .null, "created_assertions": .null, "instanceID": .null,
            "signature": .null, "dc:title": .null, "alg": .null,
        ])
        let decoded = try CBOR.decode(claim.encoded())
        guard case .map(let entries) = decoded else { return }
        #expect(entries.compactMap(\.key.textValue) == ["alg", "dc:title", "signature", "instanceID", "created_assertions", "claim_generator_info"])
    }

    @Test func rejectsMalformedInputWithoutAllocating() {
        let bad: [(String, String)] = [
            ("5bffffffffffffffff", "byte string longer than the input"),
            ("9bffffffffffffffff", "array longer than the input"),
            ("bbffffffffffffffff", "map longer than the input"),
            ("7a7fffffff", "text longer than the input"),
            ("9f01ff", "indefinite array"),
            ("5f4101ff", "indefinite bytes"),
            ("1c", "reserved additional info"),
            ("62c328", "invalid UTF-8"),
            ("8301", "truncated array"),
            ("0102", "trailing bytes"),
            ("", "empty"),
        ]
        for (input, why) in bad {
            #expect(throws: CBORDecodingError.self, "\(why)") { try CBOR.decode(Self.bytes(input)) }
        }
        // Nesting: 100 000 one-element arrays must be refused, not overflow the stack.
        #expect(throws: CBORDecodingError.self) { try CBOR.decode([UInt8](repeating: 0x81, count: 100_000) + [0x00]) }
        #expect(throws: CBORDecodingError.self) { try CBOR.decode([UInt8](repeating: 0xC1, count: 100_000) + [0x00]) }
    }

    @Test func jsonBecomesExactCBOR() throws {
        let json = #"{"i":-3,"big":9223372036854775807,"f":0.5,"s":"é\n\u00e9\ud83d\ude00","t":true,"n":null,"a":[1,{"x":[]}]}"#
        let cbor = try JSONToCBOR.convert(Data(json.utf8))
        #expect(cbor["i"] == .int(-3))
        #expect(cbor["big"] == .unsigned(UInt64(Int64.max)))
        #expect(cbor["f"] == .double(0.5))
        #expect(cbor["s"] == .text("é\né😀"))
        #expect(cbor["t"] == .bool(true))
        #expect(cbor["n"] == .null)
        for bad in ["{", "[1,]", #"{"a":1,"a":2}"#, "01x", #""\ud800""#, String(repeating: "[", count: 10_000)] {
            #expect(throws: ProvenanceError.self, "\(bad.prefix(20))") { try JSONToCBOR.convert(Data(bad.utf8)) }
        }
    }
}
