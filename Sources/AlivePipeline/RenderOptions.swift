public import AliveCore
import AliveMedia
import Foundation

/// Everything one `alive animate` run needs: what the command's flags say, as plain values.
public struct RenderOptions: Sendable {
    public var photo: String
    /// Output path; nil puts `NAME.alive.mp4` next to the photo.
    public var output: String?
    public var prompt: String = ""
    /// A plan read from `--plan`; wins over the prompt.
    public var plan: MotionPlan?
    /// Seconds; nil takes the prompt's duration, else 6.
    public var duration: Double?
    public var fps: Int = 30
    public var width: Int = 1080
    public var height: Int = 1920
    public var fit: Fit = .crop
    public var crf: Double = 20
    public var preset: String = "veryfast"
    public var seed: UInt64 = 0
    /// Render threads; 0 = every core. Rendered frames are identical for any value.
    public var threads: Int = 0
    /// x264's threads; 0 lets x264 choose for the machine. Kept apart from `threads` because
    /// x264's bitstream depends on its thread count: with it fixed, `--threads` never changes
    /// the output file.
    public var encoderThreads: Int = 0
    public var force: Bool = false
    public var maxPixels: Int = 100_000_000
    /// The visible "AI-generated" badge drawn on every frame; nil (`--no-visible-label`)
    /// leaves the picture unmarked (the container tags still say it is generated).
    public var label: LabelStyle? = LabelStyle()
    /// The badge's corner was asked for (`--label-position`): keep it there even over a face.
    /// Otherwise a photo with people gets the first corner clear of their heads.
    public var labelPositionFixed = false
    /// `--loop`: the last frame leads seamlessly into the first.
    public var loop = false
    /// `--loop-period`: seconds per cycle (implies `loop`); the clip holds whole cycles.
    public var loopPeriod: Double?
    /// `--no-face-motion`: every face held still (no blink, smile, head motion or breath).
    public var faceMotion = true
    /// The sound: the plan's or the scene's bed (default), none, or the user's file.
    public var audio: AudioChoice = .automatic
    /// The signed C2PA manifest every video carries.
    public var provenance = ProvenanceOptions()
    /// The moderation gates: prompt rules, policy file, external command.
    public var moderation = ModerationOptions()

    public init(photo: String) { self.photo = photo }

    public static let defaultDuration = 6.0

    /// Where the video goes.
    public var outputPath: String {
        if let output { return output }
        let url = URL(fileURLWithPath: photo)
        return url.deletingPathExtension().path + ".alive.mp4"
    }

    /// The plan this run renders: the given one, or the prompt's.
    public func resolvedPlan() -> MotionPlan {
        var resolved = plan ?? PromptReader.read(prompt)
        if loop || loopPeriod != nil { resolved.loop = Loop(period: loopPeriod ?? resolved.loop?.period) }
        if !faceMotion { resolved = resolved.withoutFaceMotion() }
        return resolved
    }

    /// `1080x1920` as (width, height); nil unless two integers around an x.
    public static func size(parsing text: String) -> (width: Int, height: Int)? {
        let parts = text.lowercased().split(separator: "x").map { Int($0) }
        guard parts.count == 2, let w = parts[0], let h = parts[1] else { return nil }
        return (w, h)
    }

    /// Frames per loop cycle, nil when the clip does not loop.
    public func loopFrames(for plan: MotionPlan) -> Int? {
        guard let loop = plan.loop else { return nil }
        guard let period = loop.period else { return frameCount(for: plan) }
        return max(2, Int((period * Double(fps)).rounded()))
    }

    /// Frames in the clip: round(duration x fps), at least 1.
    public func frameCount(for plan: MotionPlan) -> Int {
        max(1, Int((resolvedDuration(for: plan) * Double(fps)).rounded()))
    }

    public func resolvedDuration(for plan: MotionPlan) -> Double { duration ?? plan.duration ?? Self.defaultDuration }

    /// Checks every value before any work starts.
    public func validate() throws(PipelineError) {
        func bad(_ name: String, _ value: Any, _ reason: String) -> PipelineError {
            .invalidOption(name: name, value: "\(value)", reason: reason)
        }
        let resolved = resolvedPlan()
        if let duration, !(duration > 0 && duration <= 600) { throw bad("--duration", duration, "must be more than 0 and at most 600 seconds") }
        if duration == nil, let d = resolved.duration, !(d > 0 && d <= 600) {
            throw bad("the prompt's duration", d, "must be more than 0 and at most 600 seconds")
        }
        if !(1...120).contains(fps) { throw bad("--fps", fps, "must be 1 to 120") }
        for (name, v) in [("width", width), ("height", height)] {
            if !(16...8192).contains(v) { throw bad("--size", "\(width)x\(height)", "\(name) must be 16 to 8192 pixels") }
            if v % 2 != 0 { throw bad("--size", "\(width)x\(height)", "\(name) must be even (H.264 4:2:0 needs even dimensions)") }
        }
        if !(1...51).contains(crf) { throw bad("--crf", crf, "must be 1 to 51 (0, lossless, needs an H.264 profile phones and browsers do not play)") }
        if !VideoSettings.presets.contains(preset) {
            throw bad("--preset", preset, "must be one of \(VideoSettings.presets.joined(separator: ", "))")
        }
        if !(0...256).contains(threads) { throw bad("--threads", threads, "must be 0 (all cores) to 256") }
        try provenance.validate()
        try moderation.validate()
        if let cycle = loopFrames(for: resolved) {
            let frames = frameCount(for: resolved)
            if cycle < 2 || frames % cycle != 0 {
                throw bad("--loop-period", resolved.loop?.period ?? 0,
                          "the clip (\(frames) frames) must hold a whole number of cycles of at least 2 frames (\(cycle) frames each)")
            }
        }
        if maxPixels < 1 { throw bad("--max-pixels", maxPixels, "must be at least 1") }
        if let camera = plan?.camera, !(camera.zoom > 0.1 && camera.zoom < 10) || !camera.panX.isFinite || !camera.panY.isFinite {
            throw bad("the plan's camera", "zoom \(camera.zoom)", "zoom must be between 0.1 and 10, pans finite")
        }
    }
}
