/// Stereo sound as the encoder takes it: 32-bit float, planar (one array per channel), full
/// scale ±1. Beds are synthesised into it, `--audio` files are decoded into it, and the
/// mastering steps (`SoundMaster`) work on it in place.
public struct StereoAudio: Sendable, Equatable {
    /// Samples per second per channel (48 000 throughout alive).
    public var sampleRate: Int
    public var left: [Float]
    public var right: [Float]

    /// `count` samples of silence per channel.
    public init(sampleRate: Int = StereoAudio.standardRate, count: Int) {
        self.sampleRate = sampleRate
        left = [Float](repeating: 0, count: count)
        right = [Float](repeating: 0, count: count)
    }

    public init(sampleRate: Int, left: [Float], right: [Float]) {
        precondition(left.count == right.count, "both channels hold the same number of samples")
        self.sampleRate = sampleRate
        self.left = left
        self.right = right
    }

    /// 48 kHz: AAC's usual rate and the one video editors expect.
    public static let standardRate = 48_000

    /// Samples per channel.
    public var count: Int { left.count }

    public var seconds: Double { Double(count) / Double(sampleRate) }

    /// The largest absolute sample value of either channel (1 = full scale).
    public var peak: Float {
        var largest: Float = 0
        for channel in [left, right] {
            for value in channel { largest = max(largest, abs(value)) }
        }
        return largest
    }

    /// The samples in the video of `frames` frames at `fps`: round(frames / fps x rate), so
    /// the sound lasts as long as the picture to within one sample.
    public static func sampleCount(frames: Int, fps: Int, sampleRate: Int = standardRate) -> Int {
        Int((Double(frames) * Double(sampleRate) / Double(fps)).rounded())
    }
}
