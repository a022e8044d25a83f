import AliveCore

/// alive's exit codes: documented in the README and stable. The numbers follow BSD
/// sysexits.h so shells and batch systems read them the usual way.
enum ExitStatus: Int32 {
    case success = 0
    /// Bad flag or value (EX_USAGE).
    case usage = 64
    /// The photo is not usable: empty, not an image, corrupt, truncated, too large (EX_DATAERR).
    case badInput = 65
    /// The photo does not exist or cannot be opened (EX_NOINPUT).
    case inputMissing = 66
    /// Internal or library failure (EX_SOFTWARE).
    case software = 70
    /// The output cannot be written: folder missing or read-only, file exists (EX_CANTCREAT).
    case cannotWrite = 73
    /// Refused by a moderation gate (EX_NOPERM).
    case refused = 77
    // Interrupted by SIGINT / SIGTERM: 130 / 143, set by the signal handler.

    init(_ kind: FailureKind) {
        switch kind {
        case .usage: self = .usage
        case .badInput: self = .badInput
        case .inputMissing: self = .inputMissing
        case .software: self = .software
        case .cannotWrite: self = .cannotWrite
        case .refused: self = .refused
        }
    }
}
