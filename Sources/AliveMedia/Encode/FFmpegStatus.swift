internal import CFFmpeg

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A libav* return code: negative is an `AVERROR`, zero or more is success (some calls
/// return a count). One place reads these, so every failure carries av_strerror's text.
struct FFmpegStatus: Equatable {
    let code: Int32

    /// The encoder wants more input before it can give a packet (`AVERROR(EAGAIN)`).
    static let again = FFmpegStatus(code: cffmpeg_averror(EAGAIN))
    /// The encoder is drained (`AVERROR_EOF`).
    static let endOfFile = FFmpegStatus(code: cffmpeg_averror_eof())

    var isFailure: Bool { code < 0 }

    /// The POSIX errno inside an `AVERROR(e)`, or nil for FFmpeg's own FOURCC codes.
    var errno: Int32? {
        // FFmpeg's own codes are negated FOURCCs, far outside the errno range.
        code < 0 && -code < 4096 ? -code : nil
    }

    /// av_strerror's text, e.g. "Permission denied" or "Invalid argument".
    var message: String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
            guard let base = buffer.baseAddress else { return "error \(code)" }
            if av_strerror(code, base, buffer.count) < 0 { return "error \(code)" }
            return String(cString: base)
        }
    }
}

extension MediaError {
    /// The one place an FFmpeg status becomes a Swift error: the output's path, the
    /// failing call's name and av_strerror's text, as swift-nio's `syscall(where:)` does for
    /// errno.
    static func ffmpeg(_ status: FFmpegStatus, path: String, operation: String) -> MediaError {
        .encoder(path: path, operation: operation, reason: status.message)
    }
}

/// Runs one FFmpeg call and throws `MediaError.encoder` naming `operation` if it fails.
/// Returns the non-negative status for calls that return a count.
@discardableResult
func ffmpegCall(_ operation: String, path: String, _ call: () -> Int32) throws(MediaError) -> Int32 {
    let status = FFmpegStatus(code: call())
    if status.isFailure { throw .ffmpeg(status, path: path, operation: operation) }
    return status.code
}
