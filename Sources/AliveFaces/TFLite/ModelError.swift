public import AliveCore

/// Why a TensorFlow Lite model cannot be loaded or run. Models are untrusted bytes, so every
/// structural problem is one of these, never a crash. alive's own models are built in and
/// tested, so for the command any of these is an internal failure (exit 70).
public enum ModelError: ClassifiedError, Equatable, Sendable {
    public var kind: FailureKind { .software }

    /// The bytes are not a well-formed FlatBuffer of the TFLite schema.
    case malformed(String)
    /// The model is well formed but uses something this interpreter does not implement.
    case unsupported(String)
    /// Shapes or types do not fit together (an operator's inputs, a reshape, an input size).
    case invalid(String)

    public var description: String {
        switch self {
        case .malformed(let why): "malformed TFLite model: \(why)"
        case .unsupported(let why): "unsupported TFLite model: \(why)"
        case .invalid(let why): "invalid TFLite model: \(why)"
        }
    }
}
