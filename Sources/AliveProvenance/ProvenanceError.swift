/// Everything that can go wrong while signing a video or managing the signing identity.
/// Each message is one line that names the file and the cause. (Verification never throws:
/// it reports problems in a `VerificationReport`.)
public enum ProvenanceError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file cannot be opened or read.
    case cannotRead(path: String, reason: String)
    /// The output file cannot be created or written.
    case cannotWrite(path: String, reason: String)
    /// The input is not an MP4 alive can sign: no `ftyp` first, box sizes that run past the end,
    /// no `moov`.
    case notMP4(path: String, reason: String)
    /// The MP4 is well formed but uses a layout the signer does not handle (fragmented MP4,
    /// chunk offsets that would overflow 32 bits).
    case unsupportedMP4(path: String, reason: String)
    /// The input already carries a C2PA manifest store; re-signing would leave two.
    case alreadySigned(path: String)
    /// Input and output are the same file; the signer never rewrites its input in place.
    case sameInputAndOutput(path: String)
    /// The render assertion's JSON could not be parsed.
    case invalidRenderAssertion(reason: String)
    /// An assertion label does not follow the C2PA label rules.
    case invalidLabel(label: String, reason: String)
    /// A digital source type that is not an IPTC term.
    case unknownDigitalSourceType(String)
    /// The private key file cannot be read or parsed.
    case keyUnreadable(path: String, reason: String)
    /// The private key is not a P-256 EC key, so it cannot make ES256 signatures.
    case keyNotP256(path: String, found: String)
    /// The certificate file cannot be read or holds no usable certificate.
    case certificateUnreadable(path: String, reason: String)
    /// The private key does not belong to the end-entity (first) certificate.
    case keyDoesNotMatchCertificate(keyPath: String, certificatePath: String)
    /// The end-entity certificate breaks the C2PA certificate profile (CA flag, key usage,
    /// extended key usage, validity), so validators would reject every signature made with it.
    case certificateNotUsable(path: String, reason: String)
    /// `alive keys create` found an identity and was not told to replace it.
    case identityExists(directory: String)
    /// There is no stored signing identity yet.
    case identityMissing(directory: String)
    /// The identity directory or its files cannot be created or secured.
    case identityStorage(path: String, reason: String)
    /// A consistency check inside the signer failed; this is a bug in alive.
    case internalInconsistency(String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): "\(path): cannot read: \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .notMP4(let path, let reason): "\(path): not a usable MP4 file: \(reason)"
        case .unsupportedMP4(let path, let reason): "\(path): MP4 layout not supported for signing: \(reason)"
        case .alreadySigned(let path): "\(path): already carries a C2PA manifest; sign the unsigned original instead"
        case .sameInputAndOutput(let path): "\(path): input and output must be different files"
        case .invalidRenderAssertion(let reason): "render assertion is not valid JSON: \(reason)"
        case .invalidLabel(let label, let reason): "assertion label \"\(label)\" is not allowed: \(reason)"
        case .unknownDigitalSourceType(let value):
            "\"\(value)\" is not an IPTC digital source type (try trainedAlgorithmicMedia or compositeWithTrainedAlgorithmicMedia)"
        case .keyUnreadable(let path, let reason): "\(path): cannot read private key: \(reason)"
        case .keyNotP256(let path, let found):
            "\(path): private key is \(found), but alive signs with ES256 and needs a P-256 (prime256v1) EC key"
        case .certificateUnreadable(let path, let reason): "\(path): cannot read certificate chain: \(reason)"
        case .keyDoesNotMatchCertificate(let keyPath, let certificatePath):
            "\(keyPath): private key does not match the first (end-entity) certificate in \(certificatePath)"
        case .certificateNotUsable(let path, let reason):
            "\(path): certificate cannot sign C2PA manifests: \(reason)"
        case .identityExists(let directory):
            "\(directory): a signing identity already exists (use --force to replace it; videos signed with the old one stay valid but will name a different signer)"
        case .identityMissing(let directory): "\(directory): no signing identity yet (create one with `alive keys create`)"
        case .identityStorage(let path, let reason): "\(path): cannot store signing identity: \(reason)"
        case .internalInconsistency(let what): "internal error in the C2PA signer: \(what)"
        }
    }
}
