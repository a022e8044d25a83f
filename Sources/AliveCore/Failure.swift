/// What kind of failure an error is, so the command can map it to a documented exit code
/// without knowing every module's error type.
public enum FailureKind: Sendable {
    /// A flag or option value is wrong (exit 64).
    case usage
    /// The input file does not exist or cannot be opened (exit 66).
    case inputMissing
    /// The input exists but is not a usable photo: empty, wrong type, corrupt, truncated,
    /// too large (exit 65).
    case badInput
    /// The output cannot be created: unwritable folder, exists without --force (exit 73).
    case cannotWrite
    /// A moderation gate refused the job (exit 77).
    case refused
    /// Something inside alive or a library failed (exit 70).
    case software
}

/// An error that knows its `FailureKind` and renders as one line naming the file and the
/// cause, ready for stderr.
public protocol ClassifiedError: Error, CustomStringConvertible {
    var kind: FailureKind { get }
}
