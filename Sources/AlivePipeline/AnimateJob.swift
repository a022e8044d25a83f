public import AliveCore
import AliveMedia
import Foundation

/// What a finished `animate` run produced.
public struct AnimateResult: Sendable {
    public var output: String
    public var frames: Int
    public var width: Int
    public var height: Int
    public var plan: MotionPlan
    /// The photo's upright size in the file, and the size it was decoded at.
    public var photoSize: (width: Int, height: Int)
    public var decodedSize: (width: Int, height: Int)
    /// The sound the video carries: a bed's name, "none", or the user's file name.
    public var sound: String
}

/// One photo to one video: Load → Direct → Understand → Animate → Label → Encode → Prove, streaming frames
/// from a render thread to the encoder through a small queue, written to a temporary file
/// and renamed into place when complete.
public enum AnimateJob {
    /// Frames waiting for the encoder at most. Two keep both cores busy; more only cost memory.
    static let queueDepth = 2

    public static func run(_ options: RenderOptions,
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> AnimateResult {
        try options.validate()
        let output = try OutputFile(destination: options.outputPath, force: options.force, input: options.photo)
        defer { output.discard() }   // no-op after commit
        // The signing identity first: a bad key fails before any rendering.
        let identity = try ProveStage.identity(options.provenance)
        // The prompt and photo gates, shared with `frames` (nothing is rendered before they pass).
        let clip = try Clip.prepare(options)
        // The user's sound file next: a bad one fails before any rendering.
        let userSound = try Soundtrack.userSound(options, plan: options.resolvedPlan())
        let (w, h) = (clip.width, clip.height)
        let soundtrack = try Soundtrack.decide(options, plan: clip.plan, frameCount: clip.frameCount,
                                               userSound: userSound, scene: { clip.scene })
        // The plan as rendered: with the bed the scene chose (or none), so the manifest can
        // repeat it; nil for the user's own file, which the plan cannot hold.
        var plan = clip.plan
        plan.sound = soundtrack.sound

        var settings = VideoSettings(width: w, height: h)
        settings.fps = options.fps
        settings.crf = options.crf
        settings.preset = options.preset
        settings.threads = options.encoderThreads
        settings.metadata = [
            "title": URL(fileURLWithPath: options.photo).deletingPathExtension().lastPathComponent + " (alive)",
            "comment": "AI-generated with alive \(AliveVersion.string) from a still photo",
            "encoder": "alive \(AliveVersion.string)",
            "creation_time": creationTime(),
        ]
        let encoder = try VideoEncoder(path: output.temporary, settings: settings, audio: soundtrack.audio)
        let watch = VideoWatch()
        try stream(clip, into: encoder, progress: progress, watch: watch)
        try encoder.finish()
        try VideoCheck.checkFrames(watch, planned: clip.frameCount, encoded: encoder.frameCount, plan: plan,
                                   plate: clip.renderer.plate.buffer)
        let signed = try output.stage("signed")
        try ProveStage.sign(video: output.temporary, into: signed,
                            title: URL(fileURLWithPath: output.destination).lastPathComponent,
                            options: options, plan: plan, identity: identity)
        try Moderation.finalVideoGate(signed: signed, options)
        try output.commit(from: signed)
        return AnimateResult(output: output.destination, frames: clip.frameCount, width: w, height: h, plan: plan,
                             photoSize: clip.photoSize, decodedSize: clip.decodedSize,
                             sound: Self.describe(soundtrack, options: options))
    }

    static func describe(_ soundtrack: Soundtrack.Decision, options: RenderOptions) -> String {
        switch (soundtrack.sound, options.audio) {
        case (.bed(let bed)?, _): bed.rawValue
        case (_, .file(let path)): URL(fileURLWithPath: path).lastPathComponent
        default: "none"
        }
    }

    /// Now, or `SOURCE_DATE_EPOCH` when set (reproducible-builds.org), in ISO 8601.
    static func creationTime() -> String {
        let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: epoch.map { Date(timeIntervalSince1970: $0) } ?? Date())
    }

    /// Renders every frame on a render thread and encodes them here, in order. Frames and
    /// their YUV buffers are recycled, so memory does not grow with the clip's length.
    static func stream(_ clip: Clip, into encoder: VideoEncoder, progress: (@Sendable (Int, Int) -> Void)?,
                       watch: VideoWatch? = nil) throws {
        let w = clip.width, h = clip.height
        let total = clip.frameCount
        let ready = FrameQueue<YUVFrame>(capacity: queueDepth)
        let spare = FrameQueue<YUVFrame>(capacity: queueDepth + 1)
        for _ in 0...queueDepth { spare.push(YUVFrame(width: w, height: h)) }
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            let frame = FrameBuffer(width: w, height: h)
            for index in 0..<total {
                guard let yuv = spare.pop() else { break }
                clip.render(frame: index, into: frame, yuv: yuv)
                if !ready.push(yuv) { break }
            }
            ready.close()
            finished.signal()
        }
        thread.name = "alive.render"
        thread.stackSize = 1 << 20
        thread.start()
        var encoded = 0
        do {
            while let yuv = ready.pop() {
                watch?.observe(yuv)
                try encoder.append(yuv)
                spare.push(yuv)
                encoded += 1
                progress?(encoded, total)
            }
        } catch {
            spare.close()
            ready.close()
            finished.wait()
            throw error
        }
        finished.wait()
        precondition(encoded == total, "every rendered frame reaches the encoder")
    }
}
