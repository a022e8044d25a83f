import Crypto
import Foundation

/// Builds the C2PA manifest store for one output file, in the layout of c2pa-mp4.md §3:
/// store → manifest → (assertion store, claim, signature).
struct ManifestBuilder {
    static let bmffHashLabel = "c2pa.hash.bmff.v3"
    static let actionsLabel = "c2pa.actions.v2"
    static let ingredientLabel = "c2pa.ingredient.v3"
    static let claimLabel = "c2pa.claim.v2"
    static let signatureLabel = "c2pa.signature"

    let content: ManifestContent
    let title: String
    /// `urn:c2pa:<uuid-v4>`, the label of the manifest superbox.
    let manifestLabel: String
    /// `xmp.iid:<uuid-v4>`, unique per output.
    let instanceID: String
    /// DER certificates for x5chain, end-entity first.
    let chainDER: [[UInt8]]

    init(content: ManifestContent, title: String, chainDER: [[UInt8]]) {
        self.content = content
        self.title = title
        self.manifestLabel = "urn:c2pa:" + UUID().uuidString.lowercased()
        self.instanceID = "xmp.iid:" + UUID().uuidString.lowercased()
        self.chainDER = chainDER
    }

    /// A hashed-URI map pointing at an assertion of this manifest.
    static func hashedURI(label: String, box: [UInt8]) -> CBOR {
        .textMap([
            "url": .text("self#jumbf=c2pa.assertions/\(label)"),
            "hash": .bytes(Array(SHA256.hash(data: box[8...]))),
        ])
    }

    /// The assertion superboxes in store order. The BMFF hash goes last so that every other
    /// assertion is final before the file hash is known.
    func assertionBoxes(bmffHash: [UInt8]) throws(ProvenanceError) -> [(label: String, box: [UInt8])] {
        var boxes: [(label: String, box: [UInt8])] = []

        var ingredientReference: CBOR?
        if let photo = content.sourcePhoto {
            let ingredient = CBOR.textMap([
                "relationship": .text("inputTo"),
                "dc:title": .text(photo.title),
                "dc:format": .text(photo.format),
                "instanceID": .text(photo.instanceID),
            ])
            let box = JUMBF.cborSuperbox(type: JUMBF.cborType, label: Self.ingredientLabel, cbor: ingredient.encoded())
            boxes.append((Self.ingredientLabel, box))
            ingredientReference = Self.hashedURI(label: Self.ingredientLabel, box: box)
        }

        var agent = [CBOR.Entry(.text("name"), .text(content.generator.name))]
        if let version = content.generator.version { agent.append(CBOR.Entry(.text("version"), .text(version))) }
        var created = [
            CBOR.Entry(.text("action"), .text("c2pa.created")),
            CBOR.Entry(.text("digitalSourceType"), .text(content.digitalSourceType.uri)),
            CBOR.Entry(.text("softwareAgent"), .map(agent)),
        ]
        if let description = content.actionDescription {
            created.append(CBOR.Entry(.text("description"), .text(description)))
        }
        if let ingredientReference {
            created.append(CBOR.Entry(.text("parameters"), .textMap(["ingredients": .array([ingredientReference])])))
        }
        let actions = CBOR.textMap(["actions": .array([.map(created)])])
        boxes.append((Self.actionsLabel, JUMBF.cborSuperbox(type: JUMBF.cborType, label: Self.actionsLabel, cbor: actions.encoded())))

        if let render = content.renderAssertion {
            try render.validateLabel()
            let payload = try render.cbor()
            boxes.append((render.label, JUMBF.cborSuperbox(type: JUMBF.cborType, label: render.label, cbor: payload.encoded())))
        }
        for extra in content.additionalAssertions {
            try extra.validateLabel()
            let payload = try extra.cbor()
            boxes.append((extra.label, JUMBF.cborSuperbox(type: JUMBF.cborType, label: extra.label, cbor: payload.encoded())))
        }

        // The mandatory exclusions of C2PA 2.2 §A.5.6; the data match at offset 8 limits the
        // uuid exclusion to the C2PA box (its extended type starts there with a 32-bit size).
        let binding = CBOR.textMap([
            "alg": .text("sha256"),
            "hash": .bytes(bmffHash),
            "name": .text("jumbf manifest"),
            "exclusions": .array([
                .textMap(["xpath": .text("/uuid"), "data": .array([.textMap(["offset": .unsigned(8), "value": .bytes(BMFF.c2paUUID)])])]),
                .textMap(["xpath": .text("/ftyp")]),
                .textMap(["xpath": .text("/mfra")]),
            ]),
        ])
        boxes.append((Self.bmffHashLabel, JUMBF.cborSuperbox(type: JUMBF.cborType, label: Self.bmffHashLabel, cbor: binding.encoded())))
        return boxes
    }

    func claim(assertions: [(label: String, box: [UInt8])]) -> [UInt8] {
        var generator = [CBOR.Entry(.text("name"), .text(content.generator.name))]
        if let version = content.generator.version { generator.append(CBOR.Entry(.text("version"), .text(version))) }
        return CBOR.textMap([
            "instanceID": .text(instanceID),
            "claim_generator_info": .map(generator),
            "signature": .text("self#jumbf=/c2pa/\(manifestLabel)/\(Self.signatureLabel)"),
            "created_assertions": .array(assertions.map { Self.hashedURI(label: $0.label, box: $0.box) }),
            "dc:title": .text(title),
            "alg": .text("sha256"),
        ]).encoded()
    }

    /// The ContentProvenanceBox holding the whole store. `sign` turns the Sig_structure into a
    /// raw 64-byte r‖s signature.
    func provenanceBox(bmffHash: [UInt8], sign: ([UInt8]) throws -> [UInt8]) throws -> [UInt8] {
        let assertions = try assertionBoxes(bmffHash: bmffHash)
        let claimBytes = claim(assertions: assertions)
        let protected = COSE.protectedHeader(algorithm: .es256, chainDER: chainDER)
        let signature = try sign(COSE.sigStructure(protected: protected, payload: claimBytes))
        guard signature.count == 64 else {
            throw ProvenanceError.internalInconsistency("ES256 signature is \(signature.count) bytes, expected 64")
        }
        let store = JUMBF.superbox(type: JUMBF.manifestStoreType, label: "c2pa", contents: [
            JUMBF.superbox(type: JUMBF.manifestType, label: manifestLabel, contents: [
                JUMBF.superbox(type: JUMBF.assertionStoreType, label: "c2pa.assertions", contents: assertions.map(\.box)),
                JUMBF.cborSuperbox(type: JUMBF.claimType, label: Self.claimLabel, cbor: claimBytes),
                JUMBF.cborSuperbox(type: JUMBF.signatureType, label: Self.signatureLabel, cbor: COSE.sign1(protected: protected, signature: signature)),
            ]),
        ])
        return Self.provenanceBox(jumbf: store)
    }

    /// `uuid` box: 32-bit size (never the 64-bit form, pitfall P4), C2PA extended type,
    /// version/flags 0, purpose "manifest", aux offset 0 (no Merkle boxes), then the store.
    static func provenanceBox(jumbf: [UInt8]) -> [UInt8] {
        let payload = BMFF.c2paUUID + [0, 0, 0, 0] + Array("manifest".utf8) + [0] + [UInt8](repeating: 0, count: 8) + jumbf
        return bigEndianBytes(UInt64(8 + payload.count), count: 4) + Array("uuid".utf8) + payload
    }
}
