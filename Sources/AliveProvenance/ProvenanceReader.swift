import Crypto
import Foundation
import X509

/// Checks the C2PA manifest of an MP4 the way the official C2PA SDK (c2pa-rs) does, and
/// reports with the SDK's status codes. Never throws and never trusts a length it has not
/// checked against the bytes that are there.
public enum ProvenanceReader {
    /// The largest C2PA box read; real stores are a few kilobytes.
    static let maximumManifestSize: UInt64 = 64 << 20

    /// Verifies `path`. `trustAnchors` are the certificates the reader trusts (roots, or a
    /// self-signed signer); without them a correctly signed file is `valid`, not `trusted`.
    public static func verify(path: String, trustAnchors: [Certificate] = [], at date: Date = Date()) -> VerificationReport {
        let file: FileBytes
        do {
            file = try FileBytes(path: path)
        } catch {
            return VerificationReport(file: path, outcome: .unreadable, problem: "\(error)")
        }
        let boxes: [BMFF.Box]
        do {
            boxes = try BMFF.topLevelBoxes(of: file)
        } catch {
            return VerificationReport(file: path, outcome: .unreadable, problem: "not a well-formed MP4: \(error)")
        }
        guard boxes.first?.type == "ftyp" else {
            return VerificationReport(file: path, outcome: .unreadable, problem: "not an MP4 file (it does not start with an 'ftyp' box)")
        }
        var verification = Verification(path: path, file: file, boxes: boxes, anchors: trustAnchors, date: date)
        return verification.run()
    }

    /// Verifies `path` trusting the certificates in the PEM file `anchorsFile`, if given.
    /// Throws only when the anchors file is unusable; problems with the video are in the report.
    public static func verify(path: String, anchorsFile: String?) throws(ProvenanceError) -> VerificationReport {
        let anchors = try anchorsFile.map { (file) throws(ProvenanceError) in try loadTrustAnchors(path: file) } ?? []
        return verify(path: path, trustAnchors: anchors)
    }

    /// Loads trust anchors from a PEM file of one or more certificates.
    public static func loadTrustAnchors(path: String) throws(ProvenanceError) -> [Certificate] {
        try SigningIdentity.loadCertificates(path: path)
    }
}

/// One verification run: collects status codes in the SDK's order.
private struct Verification {
    let path: String
    let file: FileBytes
    let boxes: [BMFF.Box]
    let anchors: [Certificate]
    let date: Date
    var results = ValidationResults()

    init(path: String, file: FileBytes, boxes: [BMFF.Box], anchors: [Certificate], date: Date) {
        self.path = path
        self.file = file
        self.boxes = boxes
        self.anchors = anchors
        self.date = date
    }

    mutating func success(_ code: String, _ url: String?, _ explanation: String) {
        results.success.append(ValidationStatus(code: code, url: url, explanation: explanation))
    }

    mutating func informational(_ code: String, _ url: String?, _ explanation: String) {
        results.informational.append(ValidationStatus(code: code, url: url, explanation: explanation))
    }

    mutating func failure(_ code: String, _ url: String?, _ explanation: String) {
        results.failure.append(ValidationStatus(code: code, url: url, explanation: explanation))
    }

    func report(_ outcome: VerificationReport.Outcome, problem: String? = nil, manifest: ManifestSummary? = nil) -> VerificationReport {
        VerificationReport(file: path, outcome: outcome, problem: problem, manifest: manifest, results: results)
    }

    /// A report for credentials too damaged to check further.
    mutating func broken(_ code: String, _ explanation: String, url: String? = nil) -> VerificationReport {
        failure(code, url, explanation)
        return report(.invalid, problem: explanation)
    }

    mutating func run() -> VerificationReport {
        // 1. The ContentProvenanceBox.
        var stores: [BMFF.Box] = []
        for box in boxes where box.isC2PA {
            guard let purpose = try? file.read(at: box.payloadOffset, count: Int(min(box.end - box.payloadOffset, 24))) else { continue }
            // version/flags (4), then the NUL-terminated purpose.
            if purpose.count > 4, let nul = purpose[4...].firstIndex(of: 0), String(decoding: purpose[4..<nul], as: UTF8.self) == "manifest" {
                stores.append(box)
            }
        }
        guard let storeBox = stores.first else { return report(.noManifest) }
        guard stores.count == 1 else {
            return broken("manifest.multipleStores", "the file holds \(stores.count) C2PA manifest stores; exactly one is allowed")
        }
        let jumbfStart = storeBox.payloadOffset + 4 + 9 + 8  // version/flags, "manifest\0", aux offset
        guard jumbfStart <= storeBox.end else { return broken("claim.missing", "the C2PA box is too short to hold a manifest store") }
        guard storeBox.end - jumbfStart <= ProvenanceReader.maximumManifestSize else {
            return broken("claim.malformed", "the manifest store is larger than \(ProvenanceReader.maximumManifestSize) bytes")
        }
        let storeBytes: [UInt8]
        do {
            storeBytes = try file.read(at: jumbfStart, count: Int(storeBox.end - jumbfStart))
        } catch {
            return report(.unreadable, problem: "\(error)")
        }

        // 2. The JUMBF tree. Zero padding after the store is allowed (c2pa-mp4.md §2).
        let store: JUMBF.Superbox
        do {
            let storeLength = storeBytes.count >= 4 ? Int(readUInt32(storeBytes, 0)) : 0
            guard storeLength >= 8, storeLength <= storeBytes.count,
                  storeBytes[storeLength...].allSatisfy({ $0 == 0 })
            else { throw JUMBF.ParseError("the manifest store does not fill the C2PA box") }
            store = try JUMBF.parse(storeBytes[0..<storeLength])
        } catch {
            return broken("claim.malformed", "the manifest store cannot be parsed: \(error)")
        }
        guard store.type == JUMBF.manifestStoreType else { return broken("claim.malformed", "the C2PA box does not hold a 'c2pa' manifest store") }
        let manifests = store.children.filter { $0.type == JUMBF.manifestType || $0.type == JUMBF.updateManifestType }
        guard let manifest = manifests.last, let manifestLabel = manifest.label else {
            return broken("claim.missing", "the manifest store holds no manifest")
        }
        let manifestURI = "self#jumbf=/c2pa/\(manifestLabel)"

        // 3. The claim.
        guard let claimBox = manifest.children(ofType: JUMBF.claimType).first, let claimContent = claimBox.content("cbor") else {
            return broken("claim.missing", "the manifest has no claim", url: manifestURI)
        }
        let claimBytes = Array(claimContent)
        guard let claim = try? CBOR.decode(claimBytes), case .map = claim else {
            return broken("claim.malformed", "the claim is not a CBOR map", url: manifestURI)
        }
        let isV2 = claim["created_assertions"] != nil
        let claimAlg = claim["alg"]?.textValue ?? "sha256"
        var references: [CBOR] = []
        if isV2 {
            references = (claim["created_assertions"]?.arrayValue ?? []) + (claim["gathered_assertions"]?.arrayValue ?? [])
        } else {
            references = claim["assertions"]?.arrayValue ?? []
        }

        var summary = ManifestSummary(
            label: manifestLabel, claimVersion: isV2 ? 2 : 1,
            title: claim["dc:title"]?.textValue, instanceID: claim["instanceID"]?.textValue,
            claimGenerator: Self.generator(isV2 ? claim["claim_generator_info"] : claim["claim_generator_info"]?.arrayValue?.first)
                ?? claim["claim_generator"]?.textValue.map { Generator(name: $0, version: nil) },
            signer: nil, signatureAlgorithm: nil, digitalSourceType: nil, actions: [], softwareAgent: nil,
            ingredients: [], assertions: [], render: nil)

        // 4. The signature: trust first, then the signature itself, in the SDK's order.
        let signatureURI = manifestURI + "/c2pa.signature"
        verifySignature(manifest: manifest, claimBytes: claimBytes, url: signatureURI, summary: &summary)

        // 5. Hashed URIs: every assertion the claim lists must be there, byte for byte.
        let assertionStore = manifest.children(ofType: JUMBF.assertionStoreType).first
        var referenced: [(label: String, box: JUMBF.Superbox)] = []
        for reference in references {
            guard let url = reference["url"]?.textValue, let expected = reference["hash"]?.bytesValue else {
                failure("assertion.missing", manifestURI, "malformed hashed URI in the claim")
                continue
            }
            let label = Self.assertionLabel(url: url, manifestLabel: manifestLabel)
            let absolute = "\(manifestURI)/c2pa.assertions/\(label ?? url)"
            guard let label, let box = assertionStore?.child(labeled: label) else {
                failure("assertion.missing", absolute, "assertion missing: \(url)")
                continue
            }
            let alg = reference["alg"]?.textValue ?? claimAlg
            guard let actual = AnyHasher.hash(alg, box.bytes.dropFirst(8)) else {
                failure("algorithm.unsupported", absolute, "unsupported hash algorithm \(alg)")
                continue
            }
            if actual == expected {
                success("assertion.hashedURI.match", absolute, "hashed uri matched: \(url)")
            } else {
                failure("assertion.hashedURI.mismatch", absolute, "hash does not match assertion data: \(url)")
            }
            referenced.append((label, box))
        }
        summary.assertions = referenced.map(\.label).filter { !$0.hasPrefix("c2pa.ingredient") }

        // 6. What the assertions say.
        readAssertions(referenced, manifestURI: manifestURI, isStandardManifest: manifest.type == JUMBF.manifestType, summary: &summary)

        // 7. The hard binding.
        checkHardBinding(referenced, claimAlg: claimAlg, manifestURI: manifestURI)

        let outcome: VerificationReport.Outcome
        if !results.integrityFailures.isEmpty {
            outcome = .invalid
        } else if results.success.contains(where: { $0.code == "signingCredential.trusted" }) {
            outcome = .trusted
        } else {
            outcome = .valid
        }
        return report(outcome, manifest: summary)
    }

    mutating func verifySignature(manifest: JUMBF.Superbox, claimBytes: [UInt8], url: String, summary: inout ManifestSummary) {
        guard let signatureBox = manifest.children(ofType: JUMBF.signatureType).first,
              let coseBytes = signatureBox.content("cbor")
        else {
            failure("claimSignature.missing", url, "claim signature is missing")
            return
        }
        guard let sign1 = try? COSE.parseSign1(Array(coseBytes)) else {
            failure("claimSignature.mismatch", url, "claim signature is not a COSE_Sign1 structure")
            return
        }
        guard let chainDER = sign1.chainDER,
              let chain = try? chainDER.map({ try Certificate(derEncoded: $0) }), let signer = chain.first
        else {
            failure("signingCredential.invalid", url, "could not find signing certificate chain in the protected header")
            return
        }
        summary.signer = CertificateSummary(signer)

        // Trust: does the chain lead to an anchor?
        if !anchors.isEmpty, Self.chainsToAnchor(chain, anchors: anchors, at: date) {
            success("signingCredential.trusted", url, "signing certificate trusted, found in User trust anchors")
        } else {
            failure("signingCredential.untrusted", url, "signing certificate untrusted")
        }
        // alive never fetches revocation data; the SDK says the same when OCSP is off.
        informational("signingCredential.ocsp.skipped", url, "OCSP fetching skipped")

        let algorithm = sign1.algorithm.flatMap(COSE.Algorithm.init(rawValue:))
        summary.signatureAlgorithm = algorithm?.name
        let sigStructure = COSE.sigStructure(protected: sign1.protectedBytes, payload: claimBytes)
        var verified = false
        switch algorithm {
        case .es256?, .es384?, .es512?:
            let size = algorithm == .es256 ? 64 : algorithm == .es384 ? 96 : 132
            guard sign1.signature.count == size else {
                failure("signingCredential.invalid", url, "EC signature should be in P1363 r|s format")
                break
            }
            verified = Self.verifyECDSA(algorithm!, signature: sign1.signature, data: sigStructure, key: signer.publicKey)
        case .edDSA?:
            if let key = Curve25519.Signing.PublicKey(signer.publicKey) {
                verified = key.isValidSignature(sign1.signature, for: sigStructure)
            }
        default:
            failure("algorithm.unsupported", url, "unsupported signature algorithm \(sign1.algorithm.map(String.init) ?? "none")")
            return
        }
        if verified {
            success("claimSignature.insideValidity", url, "claim signature valid")
            success("claimSignature.validated", url, "claim signature valid")
        } else {
            failure("claimSignature.mismatch", url, "claim signature is not valid")
        }
        switch CertificateProfile.problem(signer: signer, at: date) {
        case .invalid(let reason)?: failure("signingCredential.invalid", url, reason)
        case .expired(let reason)?: failure("signingCredential.expired", url, reason)
        case nil: break
        }
    }

    static func verifyECDSA(_ algorithm: COSE.Algorithm, signature: [UInt8], data: [UInt8], key: Certificate.PublicKey) -> Bool {
        switch algorithm {
        case .es256:
            guard let k = P256.Signing.PublicKey(key), let s = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(s, for: data)
        case .es384:
            guard let k = P384.Signing.PublicKey(key), let s = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(s, for: data)
        case .es512:
            guard let k = P521.Signing.PublicKey(key), let s = try? P521.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return k.isValidSignature(s, for: data)
        default:
            return false
        }
    }

    /// Follows issuer links from the signer through the x5chain to a trust anchor, checking each
    /// signature and validity period. Bounded: a chain longer than ten cannot loop forever.
    static func chainsToAnchor(_ chain: [Certificate], anchors: [Certificate], at date: Date) -> Bool {
        func inValidity(_ c: Certificate) -> Bool { c.notValidBefore <= date && date <= c.notValidAfter }
        func issued(_ child: Certificate, by parent: Certificate) -> Bool {
            child.issuer == parent.subject && parent.publicKey.isValidSignature(child.signature, for: child)
        }
        var current = chain[0]
        var pool = Array(chain.dropFirst())
        for _ in 0..<10 {
            if anchors.contains(current) { return inValidity(current) }
            if let anchor = anchors.first(where: { issued(current, by: $0) }) { return inValidity(anchor) }
            guard let index = pool.firstIndex(where: { issued(current, by: $0) }), inValidity(pool[index]) else { return false }
            current = pool.remove(at: index)
        }
        return false
    }

    /// The assertion label a hashed URI points at, relative (`self#jumbf=c2pa.assertions/x`)
    /// or absolute (`self#jumbf=/c2pa/<manifest>/c2pa.assertions/x`), or nil.
    static func assertionLabel(url: String, manifestLabel: String) -> String? {
        guard url.hasPrefix("self#jumbf=") else { return nil }
        var rest = String(url.dropFirst("self#jumbf=".count))
        let absolutePrefix = "/c2pa/\(manifestLabel)/"
        if rest.hasPrefix(absolutePrefix) { rest = String(rest.dropFirst(absolutePrefix.count)) }
        guard rest.hasPrefix("c2pa.assertions/") else { return nil }
        let label = String(rest.dropFirst("c2pa.assertions/".count))
        return label.isEmpty || label.contains("/") ? nil : label
    }

    static func generator(_ item: CBOR?) -> Generator? {
        guard let name = item?["name"]?.textValue else { return nil }
        return Generator(name: name, version: item?["version"]?.textValue)
    }

    static func baseLabel(_ label: String) -> String {
        // `c2pa.ingredient.v3__1` is the second instance of `c2pa.ingredient.v3`.
        label.range(of: "__").map { String(label[..<$0.lowerBound]) } ?? label
    }

    mutating func readAssertions(_ referenced: [(label: String, box: JUMBF.Superbox)], manifestURI: String, isStandardManifest: Bool, summary: inout ManifestSummary) {
        var sawActions = false
        for (label, box) in referenced {
            let base = Self.baseLabel(label)
            let url = "\(manifestURI)/c2pa.assertions/\(label)"
            let decoded = box.content("cbor").flatMap { try? CBOR.decode(Array($0)) }
            if box.type == JUMBF.cborType && decoded == nil {
                failure("assertion.cbor.invalid", label, "invalid assertion cbor")
                continue
            }
            switch base {
            case "c2pa.actions", "c2pa.actions.v2":
                guard let actions = decoded?["actions"]?.arrayValue else {
                    failure("assertion.action.malformed", url, "actions assertion has no actions array")
                    continue
                }
                summary.actions += actions.compactMap { $0["action"]?.textValue }
                guard !sawActions else { continue }
                sawActions = true
                guard let first = actions.first else { continue }
                let name = first["action"]?.textValue
                if let agent = first["softwareAgent"] {
                    summary.softwareAgent = Self.generator(agent) ?? agent.textValue.map { Generator(name: $0, version: nil) }
                }
                summary.digitalSourceType = first["digitalSourceType"]?.textValue
                if isStandardManifest && name != "c2pa.created" && name != "c2pa.opened" {
                    failure("assertion.action.malformed", url, "first action must be c2pa.created or c2pa.opened")
                } else if name == "c2pa.created" && summary.digitalSourceType == nil {
                    failure("assertion.action.malformed", url, "c2pa.created action must have a digitalSourceType")
                }
            case "c2pa.ingredient", "c2pa.ingredient.v2", "c2pa.ingredient.v3":
                summary.ingredients.append(IngredientSummary(
                    title: decoded?["dc:title"]?.textValue, format: decoded?["dc:format"]?.textValue,
                    relationship: decoded?["relationship"]?.textValue, instanceID: decoded?["instanceID"]?.textValue))
            case RenderAssertion.defaultLabel:
                summary.render = decoded.map(CBORJSON.jsonValue)
            case "org.alive.moderation":
                summary.moderation = decoded.map(CBORJSON.jsonValue)
            default:
                break
            }
        }
        if isStandardManifest && !sawActions {
            failure("assertion.action.malformed", manifestURI, "a standard manifest needs an actions assertion")
        }
    }

    mutating func checkHardBinding(_ referenced: [(label: String, box: JUMBF.Superbox)], claimAlg: String, manifestURI: String) {
        let hardBindingPrefixes = ["c2pa.hash.data", "c2pa.hash.boxes", "c2pa.hash.collection.data", "c2pa.hash.bmff.v2", "c2pa.hash.bmff.v3"]
        let bindings = referenced.filter { item in hardBindingPrefixes.contains(Self.baseLabel(item.label)) }
        guard let (label, box) = bindings.first else {
            failure("claim.hardBindings.missing", manifestURI, "claim is missing a hard binding")
            return
        }
        let url = "\(manifestURI)/c2pa.assertions/\(label)"
        guard bindings.count == 1 else {
            failure("assertion.multipleHardBindings", url, "more than one hard binding assertion")
            return
        }
        guard Self.baseLabel(label).hasPrefix("c2pa.hash.bmff") else {
            failure("assertion.bmffHash.mismatch", url, "\(label) cannot bind an MP4 file")
            return
        }
        guard let item = box.content("cbor").flatMap({ try? CBOR.decode(Array($0)) }),
              let expected = item["hash"]?.bytesValue, let exclusionItems = item["exclusions"]?.arrayValue
        else {
            failure("assertion.bmffHash.malformed", url, "BMFF hash assertion is malformed")
            return
        }
        guard item["merkle"] == nil else {
            failure("assertion.bmffHash.malformed", url, "Merkle-tree BMFF hashes (fragmented MP4) are not supported by alive")
            return
        }
        let exclusions = exclusionItems.compactMap(BMFFHash.Exclusion.init)
        guard exclusions.count == exclusionItems.count else {
            failure("assertion.bmffHash.malformed", url, "a BMFF hash exclusion is malformed")
            return
        }
        let alg = item["alg"]?.textValue ?? claimAlg
        let actual: [UInt8]?
        do {
            actual = try BMFFHash(exclusions: exclusions).hash(file: file, topLevel: boxes, algorithm: alg)
        } catch {
            failure("assertion.bmffHash.mismatch", url, "the file cannot be hashed: \(error)")
            return
        }
        guard let actual else {
            failure("algorithm.unsupported", url, "unsupported hash algorithm \(alg)")
            return
        }
        if actual == expected {
            success("assertion.bmffHash.match", url, "BMFF hash valid")
        } else {
            let name = item["name"]?.textValue.map { "name: \($0), " } ?? ""
            failure("assertion.bmffHash.mismatch", url, "asset hash error, \(name)error: hash verification( BMFF file level hash mismatch )")
        }
        if exclusions.contains(where: { !BMFFHash.Exclusion.mandatoryXPaths.contains($0.xpath) }) {
            informational("assertion.bmffHash.additionalExclusionsPresent", url, "extra BMFF hash exclusion(s) found")
        }
    }
}
