/// COSE_Sign1 (RFC 9052) with a detached payload, as C2PA signs claims (c2pa-mp4.md §6).
enum COSE {
    /// COSE algorithm identifiers (IANA "COSE Algorithms").
    enum Algorithm: Int, Sendable {
        case es256 = -7
        case es384 = -35
        case es512 = -36
        case edDSA = -8
        case ps256 = -37
        case ps384 = -38
        case ps512 = -39

        var name: String {
            switch self {
            case .es256: "ES256"
            case .es384: "ES384"
            case .es512: "ES512"
            case .edDSA: "Ed25519"
            case .ps256: "PS256"
            case .ps384: "PS384"
            case .ps512: "PS512"
            }
        }
    }

    static let algorithmLabel = 1
    static let x5chainLabel = 33

    /// The protected header `{1: alg, 33: x5chain}`. One certificate is a bare byte string,
    /// several an array, end-entity first (RFC 9360). C2PA requires x5chain to be protected.
    static func protectedHeader(algorithm: Algorithm, chainDER: [[UInt8]]) -> [UInt8] {
        let chain: CBOR = chainDER.count == 1 ? .bytes(chainDER[0]) : .array(chainDER.map { .bytes($0) })
        return CBOR.map([
            CBOR.Entry(.int(algorithmLabel), .int(algorithm.rawValue)),
            CBOR.Entry(.int(x5chainLabel), chain),
        ]).encoded()
    }

    /// The bytes that get signed: `["Signature1", protected, external_aad = h'', payload]`.
    static func sigStructure(protected: [UInt8], payload: [UInt8]) -> [UInt8] {
        CBOR.array([.text("Signature1"), .bytes(protected), .bytes([]), .bytes(payload)]).encoded()
    }

    /// COSE_Sign1_Tagged with an empty unprotected header and a nil (detached) payload.
    static func sign1(protected: [UInt8], signature: [UInt8]) -> [UInt8] {
        CBOR.tagged(18, .array([.bytes(protected), .map([]), .null, .bytes(signature)])).encoded()
    }

    /// A decoded COSE_Sign1.
    struct Sign1 {
        var protectedBytes: [UInt8]
        var protected: CBOR
        var unprotected: CBOR
        var payload: CBOR
        var signature: [UInt8]

        var algorithm: Int? { protected[intKey: COSE.algorithmLabel]?.intValue }

        /// The DER certificates of x5chain from the protected header (label 33, or the
        /// deprecated text label "x5chain"), end-entity first.
        var chainDER: [[UInt8]]? {
            guard let value = protected[intKey: COSE.x5chainLabel] ?? protected["x5chain"] else { return nil }
            switch value {
            case .bytes(let der): return [der]
            case .array(let items):
                let ders = items.compactMap(\.bytesValue)
                return ders.count == items.count && !ders.isEmpty ? ders : nil
            default: return nil
            }
        }
    }

    static func parseSign1(_ bytes: [UInt8]) throws -> Sign1 {
        let item = try CBOR.decode(bytes)
        var inner = item
        if case .tagged(let tag, let content) = item {
            guard tag == 18 else { throw CBORDecodingError("COSE tag \(tag) is not COSE_Sign1 (18)") }
            inner = content
        }
        guard case .array(let parts) = inner, parts.count == 4,
              case .bytes(let protectedBytes) = parts[0],
              case .bytes(let signature) = parts[3]
        else { throw CBORDecodingError("not a COSE_Sign1 array of four items") }
        let protected = protectedBytes.isEmpty ? CBOR.map([]) : try CBOR.decode(protectedBytes)
        return Sign1(protectedBytes: protectedBytes, protected: protected, unprotected: parts[1], payload: parts[2], signature: signature)
    }
}
