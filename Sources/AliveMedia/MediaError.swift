public import AliveCore

/// Everything that can go wrong while decoding a photo or encoding a video.
/// Each message is one line that names the file and the cause.
public enum MediaError: ClassifiedError, Equatable {
    /// The file does not exist or cannot be opened.
    case cannotOpen(path: String, reason: String)
    /// The file has no bytes.
    case empty(path: String)
    /// The bytes are not a JPEG or PNG.
    case notAnImage(path: String)
    /// The file is a JPEG or PNG but its data is damaged or cut short.
    case corrupt(path: String, format: String, reason: String)
    /// The header promises more pixels than the limit; nothing was allocated.
    case tooLarge(path: String, width: Int, height: Int, limit: Int)
    /// The output file cannot be created or written.
    case cannotWrite(path: String, reason: String)
    /// libavcodec/libavformat failed in `operation`.
    case encoder(path: String, operation: String, reason: String)
    /// The `--audio` file is not usable sound: not an audio file, no audio stream, or
    /// damaged data.
    case badAudio(path: String, reason: String)
    /// A video setting (size, fps, crf, preset, threads) is out of range; nothing was created.
    case invalidVideoSetting(name: String, value: String, reason: String)

    public var kind: FailureKind {
        switch self {
        case .cannotOpen: .inputMissing
        case .empty, .notAnImage, .corrupt, .tooLarge, .badAudio: .badInput
        case .cannotWrite: .cannotWrite
        case .encoder: .software
        case .invalidVideoSetting: .usage
        }
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "\(path): cannot open: \(reason)"
        case .empty(let path): "\(path): file is empty"
        case .notAnImage(let path): "\(path): not a JPEG or PNG image"
        case .corrupt(let path, let format, let reason): "\(path): corrupt or truncated \(format): \(reason)"
        case .tooLarge(let path, let width, let height, let limit):
            "\(path): image is \(width)x\(height) (\(width * height) pixels), over the limit of \(limit) pixels (raise it with --max-pixels)"
        case .badAudio(let path, let reason): "\(path): cannot use as audio: \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .encoder(let path, let operation, let reason): "\(path): video encoder failed in \(operation): \(reason)"
        case .invalidVideoSetting(let name, let value, let reason): "video \(name) \"\(value)\" \(reason)"
        }
    }
}
