import Foundation
public import AliveCore
public import AliveProvenance

/// Errors of the pipeline itself (options and output files); decoding and encoding
/// errors come from `AliveMedia.MediaError`.
public enum PipelineError: ClassifiedError, Equatable {
    /// An option's value is out of range or malformed.
    case invalidOption(name: String, value: String, reason: String)
    /// The output exists and `--force` was not given.
    case outputExists(path: String)
    /// The output folder is missing or not writable.
    case outputFolder(path: String, reason: String)
    /// The output would overwrite the input photo.
    case outputIsInput(path: String)
    /// A plan file could not be read or parsed.
    case badPlan(path: String, reason: String)
    /// The photo does not exist or cannot be read.
    case photoMissing(path: String)
    /// A batch list file could not be read or parsed.
    case badList(path: String, reason: String)
    /// Signing the video, or loading or creating the signing identity, failed.
    case provenance(ProvenanceError)
    /// A moderation gate refused the job: which gate, which rule, and why.
    case refused(gate: Gate, rule: String, reason: String)
    /// A `--policy` file could not be read or is not a valid policy.
    case badPolicy(path: String, reason: String)

    public var kind: FailureKind {
        switch self {
        case .invalidOption: .usage
        case .outputExists, .outputFolder, .outputIsInput: .cannotWrite
        case .badPlan, .badList, .badPolicy: .badInput
        case .refused: .refused
        case .photoMissing: .inputMissing
        case .provenance(let error):
            switch error {
            case .keyUnreadable, .keyNotP256, .certificateUnreadable, .keyDoesNotMatchCertificate, .certificateNotUsable,
                 .cannotRead:
                .badInput
            case .unknownDigitalSourceType, .invalidLabel: .usage
            case .cannotWrite, .identityStorage, .identityExists: .cannotWrite
            case .identityMissing: .inputMissing
            default: .software
            }
        }
    }

    public var description: String {
        switch self {
        case .invalidOption(let name, let value, let reason): "invalid value '\(value)' for \(name): \(reason)"
        case .outputExists(let path): "\(path): output exists (use --force to overwrite)"
        case .outputFolder(let path, let reason): "\(path): cannot write output: \(reason)"
        case .outputIsInput(let path): "\(path): output would overwrite the input photo"
        case .badPlan(let path, let reason): "\(path): cannot use plan: \(reason)"
        case .photoMissing(let path): "\(path): cannot open: no such file, or not readable"
        case .badList(let path, let reason): "\(path): cannot use the list: \(reason)"
        case .provenance(let error): error.description
        case .refused(let gate, let rule, let reason): "refused at the \(gate.rawValue) gate (rule \(rule)): \(reason)"
        case .badPolicy(let path, let reason): "\(path): cannot use the moderation policy: \(reason)"
        }
    }
}

/// Warnings: one line each on stderr, naming the file, for what alive accepted but a user
/// should know (a PNG without its IEND chunk). They never change the exit code.
public enum PipelineWarning {
    public static func emit(_ path: String, _ message: String) {
        FileHandle.standardError.write(Data("alive: warning: \(FileName.displayed(path)): \(message)\n".utf8))
    }
}
