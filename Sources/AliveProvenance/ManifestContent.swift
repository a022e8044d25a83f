import Crypto
import Foundation

/// What a signed manifest says about a video: how it was made, from what, and by which tool.
public struct ManifestContent: Sendable {
    /// `dc:title` of the claim; the output's file name when nil.
    public var title: String?
    /// The tool that made the video: the claim generator and the `softwareAgent` of the
    /// `c2pa.created` action.
    public var generator: Generator
    /// The IPTC digital source type of the `c2pa.created` action.
    public var digitalSourceType: DigitalSourceType
    /// A sentence for the `c2pa.created` action that a person reading the credentials
    /// understands.
    public var actionDescription: String?
    /// The photo the video was made from, recorded as a `c2pa.ingredient.v3` with relationship
    /// `inputTo`.
    public var sourcePhoto: SourceIngredient?
    /// How the video was rendered (plan, seed, options), as alive's own assertion.
    public var renderAssertion: RenderAssertion?
    /// More assertions of alive's own (label and JSON), after the render assertion: the
    /// moderation gates that passed (`org.alive.moderation`).
    public var additionalAssertions: [RenderAssertion] = []

    public init(
        title: String? = nil,
        generator: Generator,
        digitalSourceType: DigitalSourceType = .trainedAlgorithmicMedia,
        actionDescription: String? = "Video generated from a still photo by alive: the motion is synthetic",
        sourcePhoto: SourceIngredient? = nil,
        renderAssertion: RenderAssertion? = nil
    ) {
        self.title = title
        self.generator = generator
        self.digitalSourceType = digitalSourceType
        self.actionDescription = actionDescription
        self.sourcePhoto = sourcePhoto
        self.renderAssertion = renderAssertion
    }
}

/// A tool name and version, as C2PA's `generator-info-map`.
public struct Generator: Sendable, Equatable, Codable {
    public var name: String
    public var version: String?

    public init(name: String, version: String?) {
        self.name = name
        self.version = version
    }
}

/// An IPTC digital source type (https://cv.iptc.org/newscodes/digitalsourcetype/), the term
/// that tells viewers and platforms how the media came to be.
public struct DigitalSourceType: Sendable, Hashable, Codable, CustomStringConvertible {
    public static let iptcPrefix = "http://cv.iptc.org/newscodes/digitalsourcetype/"

    /// The IPTC terms, as of the 2024 vocabulary.
    public static let knownTerms: Set<String> = [
        "digitalCapture", "computationalCapture", "negativeFilm", "positiveFilm", "print",
        "minorHumanEdits", "humanEdits", "compositeCapture", "algorithmicallyEnhanced",
        "dataDrivenMedia", "digitalArt", "virtualRecording", "compositeSynthetic",
        "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia",
        "screenCapture", "digitalCreation",
    ]

    /// Terms that mark media as synthetic, the set C2PA-aware platforms label as made with AI.
    public static let syntheticTerms: Set<String> = [
        "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia", "algorithmicMedia", "compositeSynthetic",
    ]

    /// The full URI, always with `http://` as IPTC spells its identifiers.
    public let uri: String

    /// The term after the IPTC prefix, e.g. `trainedAlgorithmicMedia`.
    public var term: String { uri.hasPrefix(Self.iptcPrefix) ? String(uri.dropFirst(Self.iptcPrefix.count)) : uri }

    /// Whether the term marks the media as synthetic.
    public var isSynthetic: Bool { Self.syntheticTerms.contains(term) }

    public var description: String { term }

    /// Media "created by software using a model trained on sampled content": the term
    /// platforms show as "AI-generated" / "Made with AI". alive's default.
    public static let trainedAlgorithmicMedia = DigitalSourceType(validatedTerm: "trainedAlgorithmicMedia")
    /// AI output combined with captured content.
    public static let compositeWithTrainedAlgorithmicMedia = DigitalSourceType(validatedTerm: "compositeWithTrainedAlgorithmicMedia")
    /// Media made purely by an algorithm without a trained model.
    public static let algorithmicMedia = DigitalSourceType(validatedTerm: "algorithmicMedia")

    private init(validatedTerm: String) { uri = Self.iptcPrefix + validatedTerm }

    /// A term (`compositeWithTrainedAlgorithmicMedia`) or full IPTC URI (with http or https).
    public init(iptcTerm value: String) throws(ProvenanceError) {
        var term = value
        for prefix in [Self.iptcPrefix, "https://cv.iptc.org/newscodes/digitalsourcetype/"] where term.hasPrefix(prefix) {
            term = String(term.dropFirst(prefix.count))
        }
        guard Self.knownTerms.contains(term) else { throw .unknownDigitalSourceType(value) }
        uri = Self.iptcPrefix + term
    }

    public init(from decoder: any Decoder) throws {
        uri = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(uri)
    }
}

/// The source photo as an ingredient: its name, media type and SHA-256.
///
/// C2PA's ingredient v3 has no field for a plain file hash (its `data` reference must be an
/// http(s) URL or a box inside the manifest), so the hash is recorded as the ingredient's
/// `instanceID` in the standard hash-name URI form of RFC 6920: `ni:///sha-256;<base64url>`.
/// Anyone holding the photo can recompute it; nothing of the photo itself is embedded.
public struct SourceIngredient: Sendable, Equatable {
    /// `dc:title`: the photo's file name (without folders, which could reveal private paths).
    public var title: String
    /// `dc:format`: the IANA media type, e.g. `image/jpeg`.
    public var format: String
    /// SHA-256 of the photo file's bytes.
    public var sha256: [UInt8]

    public init(title: String, format: String, sha256: [UInt8]) {
        self.title = title
        self.format = format
        self.sha256 = sha256
    }

    /// Hashes the file at `path` (streaming) and detects its media type from its first bytes.
    public static func photo(at path: String, title: String? = nil) throws(ProvenanceError) -> SourceIngredient {
        do {
            let file = try FileBytes(path: path)
            var hasher = SHA256()
            try file.stream(from: 0, count: file.size) { hasher.update(data: $0) }
            let head = try file.read(at: 0, count: Int(min(file.size, 32)))
            return SourceIngredient(
                title: title ?? URL(fileURLWithPath: path).lastPathComponent,
                format: mediaType(sniffing: head),
                sha256: Array(hasher.finalize()))
        } catch let error as ProvenanceError {
            throw error
        } catch {
            throw .cannotRead(path: path, reason: "\(error)")
        }
    }

    /// The RFC 6920 named-information URI of the hash, stored as the ingredient's instanceID.
    public var instanceID: String { "ni:///sha-256;" + Base64URL.encode(sha256) }

    static func mediaType(sniffing head: [UInt8]) -> String {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("GIF8".utf8)) { return "image/gif" }
        if starts(Array("ftyp".utf8), at: 4) {
            if starts(Array("avif".utf8), at: 8) { return "image/avif" }
            if starts(Array("heic".utf8), at: 8) || starts(Array("heix".utf8), at: 8) || starts(Array("mif1".utf8), at: 8) {
                return "image/heic"
            }
        }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return "image/tiff" }
        return "application/octet-stream"
    }
}

/// alive's own assertion recording how the video was rendered, so a reader can see (and
/// reproduce) what made it: the motion plan, the seed, the render options.
///
/// The content is whatever JSON the caller passes; it is stored as CBOR with integers kept
/// exact. The prompt is personal text: include it only when the user asked for that.
public struct RenderAssertion: Sendable, Equatable {
    /// The label alive uses: reverse-domain, outside the reserved `c2pa.` namespace.
    public static let defaultLabel = "org.alive.render"

    public var label: String
    /// The assertion content as JSON text.
    public var json: Data

    public init(label: String = RenderAssertion.defaultLabel, json: Data) {
        self.label = label
        self.json = json
    }

    /// `{"plan": <plan JSON>, "seed": "<seed>", "options": <options JSON>, "prompt": <prompt>}`;
    /// `options` and `prompt` are left out when nil.
    ///
    /// The seed is written as decimal text: c2pa-rs rejects a CBOR integer above 2^63-1 as
    /// `assertion.cbor.invalid` (measured with c2pa-rs 0.91.3), and half of all 64-bit seeds
    /// are that large.
    public init(label: String = RenderAssertion.defaultLabel, planJSON: Data, seed: UInt64, optionsJSON: Data? = nil, prompt: String? = nil) throws(ProvenanceError) {
        var entries = [
            CBOR.Entry(.text("plan"), try JSONToCBOR.convert(planJSON)),
            CBOR.Entry(.text("seed"), .text(String(seed))),
        ]
        if let optionsJSON { entries.append(CBOR.Entry(.text("options"), try JSONToCBOR.convert(optionsJSON))) }
        if let prompt { entries.append(CBOR.Entry(.text("prompt"), .text(prompt))) }
        self.label = label
        self.json = Data(CBORJSON.render(.map(entries)).utf8)
    }

    func cbor() throws(ProvenanceError) -> CBOR { try JSONToCBOR.convert(json) }

    /// Checks the label against C2PA's rules for entity-specific labels (C2PA 2.2 §6.2):
    /// dot-separated components of letters, digits, `_` and `-`, not in the `c2pa.` namespace.
    func validateLabel() throws(ProvenanceError) {
        let parts = label.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .invalidLabel(label: label, reason: "use a reverse-domain name such as org.alive.render")
        }
        guard !label.hasPrefix("c2pa.") && !label.hasPrefix("stds.") else {
            throw .invalidLabel(label: label, reason: "the c2pa. and stds. namespaces are reserved")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard label.allSatisfy({ allowed.contains($0) }), label.count <= 256 else {
            throw .invalidLabel(label: label, reason: "only letters, digits, '.', '_' and '-' are allowed")
        }
    }
}

/// Base64url without padding (RFC 4648 §5), as RFC 6920 names hashes.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
