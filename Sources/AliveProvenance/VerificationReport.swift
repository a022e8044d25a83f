import Foundation

/// One validation status, with the C2PA SDK's code (e.g. `assertion.bmffHash.match`).
public struct ValidationStatus: Sendable, Codable, Equatable {
    public var code: String
    /// The JUMBF URI of what was checked.
    public var url: String?
    public var explanation: String?

    public init(code: String, url: String? = nil, explanation: String? = nil) {
        self.code = code
        self.url = url
        self.explanation = explanation
    }
}

/// Status codes sorted the way the C2PA SDK sorts them.
public struct ValidationResults: Sendable, Codable, Equatable {
    public var success: [ValidationStatus] = []
    public var informational: [ValidationStatus] = []
    public var failure: [ValidationStatus] = []

    public init() {}

    /// Failure codes that only say the signer is not on the reader's trust list. A file with
    /// no other failure is `Valid`: intact and signed, by someone the reader does not know.
    public static let trustOnlyFailures: Set<String> = ["signingCredential.untrusted"]

    /// Failures that mean the file or its credentials are broken.
    public var integrityFailures: [ValidationStatus] { failure.filter { !Self.trustOnlyFailures.contains($0.code) } }
}

/// An ingredient as the manifest records it.
public struct IngredientSummary: Sendable, Codable, Equatable {
    public var title: String?
    public var format: String?
    public var relationship: String?
    public var instanceID: String?
}

/// What the active manifest says.
public struct ManifestSummary: Sendable, Encodable {
    public var label: String
    public var claimVersion: Int
    public var title: String?
    public var instanceID: String?
    public var claimGenerator: Generator?
    public var signer: CertificateSummary?
    public var signatureAlgorithm: String?
    /// The `digitalSourceType` of the first action (the creation), as a full IPTC URI.
    public var digitalSourceType: String?
    /// The action names, in order.
    public var actions: [String]
    /// The `softwareAgent` of the first action.
    public var softwareAgent: Generator?
    public var ingredients: [IngredientSummary]
    /// Assertion labels referenced by the claim, in claim order.
    public var assertions: [String]
    /// alive's `org.alive.render` assertion (plan, seed, options), when present.
    public var render: JSONValue?
    /// alive's `org.alive.moderation` assertion (the gates that passed), when present.
    public var moderation: JSONValue? = nil
}

/// The result of checking a file's Content Credentials.
public struct VerificationReport: Sendable, Encodable {
    /// The overall verdict, from best to worst.
    public enum Outcome: String, Sendable, Codable {
        /// Intact, correctly signed, and the signer chains to one of the given trust anchors.
        case trusted
        /// Intact and correctly signed, but the signer is not on the trust list: the normal state
        /// for alive's self-signed identity.
        case valid
        /// A manifest is present but the file was changed after signing or the credentials are
        /// broken.
        case invalid
        /// The file is an MP4 without a C2PA manifest.
        case noManifest
        /// The file cannot be read or is not a well-formed MP4.
        case unreadable
    }

    public var file: String
    public var outcome: Outcome
    /// The SDK's `validation_state`: `Trusted`, `Valid` or `Invalid` (nil without a manifest).
    public var validationState: String?
    /// Why a file is unreadable, or a structural problem found on the way.
    public var problem: String?
    public var manifest: ManifestSummary?
    public var results: ValidationResults

    init(file: String, outcome: Outcome, problem: String? = nil, manifest: ManifestSummary? = nil, results: ValidationResults = ValidationResults()) {
        self.file = file
        self.outcome = outcome
        self.problem = problem
        self.manifest = manifest
        self.results = results
        switch outcome {
        case .trusted: validationState = "Trusted"
        case .valid: validationState = "Valid"
        case .invalid: validationState = "Invalid"
        case .noManifest, .unreadable: validationState = nil
        }
    }

    /// The report in words a creator understands, several lines, no trailing newline.
    public var humanReadable: String {
        var lines: [String] = []
        let name = (file as NSString).lastPathComponent
        switch outcome {
        case .unreadable:
            return "\(name): cannot check: \(problem ?? "unreadable")"
        case .noManifest:
            return "\(name): no Content Credentials (C2PA manifest) found. Nothing says how this video was made."
        case .trusted, .valid:
            lines.append("\(name): Content Credentials are intact.")
        case .invalid:
            lines.append("\(name): Content Credentials are BROKEN: the file was changed after signing, or the credentials were damaged.")
        }
        guard let manifest else { return lines.joined(separator: "\n") }

        var says = "  What it says: "
        if let type = manifest.digitalSourceType {
            let term = type.hasPrefix(DigitalSourceType.iptcPrefix) ? String(type.dropFirst(DigitalSourceType.iptcPrefix.count)) : type
            says += DigitalSourceType.syntheticTerms.contains(term) ? "generated by AI (\(term))" : "made as \(term)"
        } else {
            says += "no statement about how it was made"
        }
        if let photo = manifest.ingredients.first(where: { $0.relationship == "inputTo" || $0.relationship == "parentOf" }) ?? manifest.ingredients.first {
            says += ", from \(photo.format?.hasPrefix("image/") == true ? "photo" : "input") \"\(photo.title ?? "untitled")\""
        }
        if let tool = manifest.softwareAgent ?? manifest.claimGenerator {
            says += ", with \(tool.name)\(tool.version.map { " " + $0 } ?? "")"
        }
        lines.append(says)

        if let signer = manifest.signer {
            var who = "  Signed by:    \(signer.commonName ?? signer.subject)"
            if let org = signer.organization { who += " (\(org))" }
            switch outcome {
            case .trusted: who += ", a signer on your trust list"
            case .valid: who += signer.selfSigned ? ", self-signed: the name is not verified by anyone" : ", not on your trust list (pass --anchors to trust it)"
            default: break
            }
            lines.append(who)
        }

        switch outcome {
        case .trusted, .valid:
            lines.append("  Integrity:    the video has not been changed since it was signed.")
        default:
            for failure in results.integrityFailures {
                lines.append("  Problem:      \(Self.explain(failure.code)) (\(failure.code))")
            }
        }
        let codes = results.success.map(\.code) + results.failure.map(\.code)
        var counted: [(String, Int)] = []
        for code in codes {
            if let i = counted.firstIndex(where: { $0.0 == code }) { counted[i].1 += 1 } else { counted.append((code, 1)) }
        }
        lines.append("  Checks:       " + counted.map { $0.1 > 1 ? "\($0.0) x\($0.1)" : $0.0 }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    static func explain(_ code: String) -> String {
        switch code {
        case "assertion.bmffHash.mismatch": "the video or audio data differs from what was signed"
        case "assertion.hashedURI.mismatch": "a statement in the credentials was edited after signing"
        case "assertion.missing": "a statement the signature covers is missing"
        case "claimSignature.mismatch": "the signature does not match the credentials"
        case "claimSignature.missing": "the credentials are not signed"
        case "signingCredential.invalid": "the signing certificate is not allowed to sign credentials"
        case "signingCredential.expired": "the signing certificate was not valid at the time of checking"
        case "assertion.action.malformed": "the record of how the video was made is malformed"
        case "claim.hardBindings.missing": "the credentials are not bound to the file's content"
        case "claim.missing", "claim.malformed": "the credentials are damaged"
        default: "check failed"
        }
    }
}
