public import AliveCore
import AliveMedia
import Foundation

/// A clip ready to render: the photo loaded at the density the video needs, the plan read,
/// the plate built and the camera path solved. `animate` streams every frame of it to the
/// encoder; `frames` renders only the frames asked for. Both draw the same pixels.
public struct Clip: Sendable {
    public let plan: MotionPlan
    /// The frames as they are delivered: the scene, the light grade, the badge (AliveCore).
    public let finished: FinishedFrames
    public var renderer: FrameRenderer { finished.renderer }
    public var label: LabelRenderer? { finished.label }
    /// What the scene analysis found (the sound's default bed is chosen from it too).
    public let scene: SceneMaps
    /// The photo's upright size in the file, and the size it was decoded at.
    public let photoSize: (width: Int, height: Int)
    public let decodedSize: (width: Int, height: Int)

    public var frameCount: Int { renderer.frameCount }
    public var width: Int { renderer.framing.outputWidth }
    public var height: Int { renderer.framing.outputHeight }

    /// The prompt gate → Load → the photo gate → Direct → Understand → Frame. `options` must be
    /// validated. Every command that renders (`animate`, `batch`, `frames`) comes through here,
    /// so none can skip a gate: nothing is decoded for a refused prompt, nothing analysed for a
    /// refused photo.
    public static func prepare(_ options: RenderOptions) throws -> Clip {
        try Moderation.promptGate(options)
        let prompted = options.resolvedPlan()
        let schedule = RenderSchedule(threads: options.threads == 0 ? RenderSchedule.defaultThreads : options.threads)
        let design = ClipDesign(plan: prompted, width: options.width, height: options.height, fit: options.fit,
                                duration: Double(options.frameCount(for: prompted)) / Double(options.fps),
                                loop: options.loopFrames(for: prompted).map { Double($0) / Double(options.fps) })

        // Load at the smallest scale the plate needs (libjpeg's DCT scaling for JPEG).
        var decodeOptions = DecodeOptions()
        decodeOptions.maxPixels = options.maxPixels
        decodeOptions.requiredScale = { design.requiredPhotoScale(photoWidth: $0, photoHeight: $1) }
        // The decoded photo lives only inside this closure: once the plate exists it is freed.
        var people: ScenePeople?
        let (built, photoSize, decodedSize) = try { () throws -> (ClipDesign.Built, (Int, Int), (Int, Int)) in
            let decoded = try PhotoDecoder.decode(path: options.photo, options: decodeOptions)
            decoded.warnings.forEach { PipelineWarning.emit(options.photo, $0) }
            try Moderation.checkPhoto(decoded.photo)   // the photo gate's own check, on what was decoded
            try Moderation.external(.photo, subject: options.photo, options.moderation)
            people = PeopleFinding.people(PeopleFinding.faces(in: decoded.photo), in: decoded.photo,
                                           fullWidth: decoded.fullWidth)
            let built = design.build(photo: decoded.photo, frameCount: options.frameCount(for: prompted),
                                     loopFrames: options.loopFrames(for: prompted), fps: options.fps,
                                     seed: options.seed, schedule: schedule, people: people)
            return (built, (decoded.fullWidth, decoded.fullHeight), (decoded.photo.width, decoded.photo.height))
        }()
        // The badge keeps clear of every head, unless its corner was asked for.
        var label = options.label
        if let style = label, let people, !options.labelPositionFixed {
            let heads = PeopleFraming.headsInFrame(people, framing: built.renderer.framing, times: [0, 0.5, 1])
            label = style.clear(of: heads, frameWidth: options.width, frameHeight: options.height)
        }
        let badge = label.map { LabelRenderer(style: $0, frameWidth: options.width, frameHeight: options.height) }
        return Clip(plan: built.plan,
                    finished: FinishedFrames(renderer: built.renderer, light: built.plan.light, label: badge),
                    scene: built.scene, photoSize: photoSize, decodedSize: decodedSize)
    }

    /// Renders finished frame `index` (light and label) into `frame`: what `alive frames` writes.
    public func render(frame index: Int, into frame: FrameBuffer) {
        finished.render(frame: index, into: frame)
    }

    /// Renders finished frame `index` and converts it into `yuv`: what the encoder receives.
    public func render(frame index: Int, into frame: FrameBuffer, yuv: YUVFrame) {
        finished.render(frame: index, into: frame, yuv: yuv)
    }
}
