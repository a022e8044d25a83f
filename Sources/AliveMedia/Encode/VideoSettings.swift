/// How to encode a video: H.264 (libx264) in yuv420p, BT.709, limited range, in MP4.
public struct VideoSettings: Sendable, Equatable {
    /// The picture size in pixels; both even (4:2:0 halves the chroma planes).
    public var width: Int
    public var height: Int
    /// Frames per second; the video has a constant frame rate of `fps/1`.
    public var fps: Int = 30
    /// x264's constant rate factor, 0 (lossless) to 51; lower is better and larger.
    public var crf: Double = 20
    /// An x264 preset name (one of `presets`); slower presets compress better.
    public var preset: String = "veryfast"
    /// x264 threads; 0 lets x264 decide (about 1.5 per core).
    public var threads: Int = 0
    /// Container tags (MP4 `udta`/`ilst`), as ffprobe shows them in `format.tags`: `title`,
    /// `comment`, `description`, `encoder`, `creation_time` (ISO 8601, e.g.
    /// "2026-11-03T10:15:00Z", written into `mvhd`), and so on. A passed `encoder` replaces
    /// libavformat's own "Lavf…" string.
    public var metadata: [String: String] = [:]

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// x264's preset names, fastest first (`x264_preset_names` in x264.h).
    public static let presets = [
        "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo",
    ]

    /// The largest side H.264 level 6.2 allows (8192 x 4320 luma samples per frame).
    static let maximumSide = 8192

    /// Checks every value, so a bad one fails before any file is created or work is done.
    public func validate() throws(MediaError) {
        func bad(_ name: String, _ value: Any, _ reason: String) -> MediaError {
            .invalidVideoSetting(name: name, value: "\(value)", reason: reason)
        }
        for (name, side) in [("width", width), ("height", height)] {
            if !(2...Self.maximumSide).contains(side) { throw bad(name, side, "must be 2 to \(Self.maximumSide) pixels") }
            if side % 2 != 0 { throw bad(name, side, "must be even (4:2:0 chroma has half the width and height)") }
        }
        if !(1...240).contains(fps) { throw bad("fps", fps, "must be 1 to 240") }
        if !(crf >= 1 && crf <= 51) { throw bad("crf", crf, "must be 1 to 51 (lossless needs a profile players lack)") }
        if !Self.presets.contains(preset) {
            throw bad("preset", preset, "is not an x264 preset; use one of \(Self.presets.joined(separator: ", "))")
        }
        if !(0...256).contains(threads) { throw bad("threads", threads, "must be 0 (let x264 decide) to 256") }
    }
}
