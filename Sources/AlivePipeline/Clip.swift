public import AliveCore
import AliveMedia
import Foundation

/// A clip ready to render: the photo loaded at the density the video needs, the plan read,
/// the plate built and the camera path solved. `animate` streams every frame of it to the
/// encoder; `frames` renders only the frames asked for. Both draw the same pixels.
public struct Clip: Sendable {
    public let plan: MotionPlan
    public let renderer: FrameRenderer
    public let label: LabelRenderer?
    /// The photo's upright size in the file, and the size it was decoded at.
    public let photoSize: (width: Int, height: Int)
    public let decodedSize: (width: Int, height: Int)

    public var frameCount: Int { renderer.frameCount }
    public var width: Int { renderer.framing.outputWidth }
    public var height: Int { renderer.framing.outputHeight }

    /// Load → Direct → Understand → Frame. `options` must be validated.
    public static func prepare(_ options: RenderOptions) throws -> Clip {
        let plan = options.resolvedPlan()
        let schedule = RenderSchedule(threads: options.threads == 0 ? RenderSchedule.defaultThreads : options.threads)
        let (w, h, fit, camera) = (options.width, options.height, options.fit, plan.camera)

        // Load at the smallest scale the plate needs (libjpeg's DCT scaling for JPEG).
        var decodeOptions = DecodeOptions()
        decodeOptions.maxPixels = options.maxPixels
        decodeOptions.requiredScale = { pw, ph in
            Framing(photoWidth: pw, photoHeight: ph, outputWidth: w, outputHeight: h, fit: fit, move: camera)
                .requiredPhotoScale
        }
        // The decoded photo lives only inside this closure: once the plate exists it is freed.
        let (framing, plate, photoSize, decodedSize) = try { () throws -> (Framing, Plate, (Int, Int), (Int, Int)) in
            let decoded = try PhotoDecoder.decode(path: options.photo, options: decodeOptions)
            let photo = decoded.photo
            try Moderation.checkPhoto(photo)   // the photo gate's own check, on what was decoded
            let framing = Framing(photoWidth: photo.width, photoHeight: photo.height, outputWidth: w, outputHeight: h,
                                  fit: fit, move: camera, focus: CentreOfInterest.estimate(photo))
            return (framing, Plate.build(photo, framing: framing, schedule: schedule),
                    (decoded.fullWidth, decoded.fullHeight), (photo.width, photo.height))
        }()
        let renderer = FrameRenderer(plate: plate, framing: framing, frameCount: options.frameCount(for: plan),
                                     schedule: schedule, loopFrames: options.loopFrames(for: plan))
        return Clip(plan: plan, renderer: renderer,
                    label: options.label.map { LabelRenderer(style: $0, frameWidth: w, frameHeight: h) },
                    photoSize: photoSize, decodedSize: decodedSize)
    }

    /// Renders frame `index` with its light and label into `frame`: what the encoder receives.
    public func render(frame index: Int, into frame: FrameBuffer) {
        renderer.render(frame: index, into: frame)
        if let light = plan.light {
            light.grade(at: renderer.time(ofFrame: index)).apply(to: frame, schedule: renderer.schedule)
        }
        label?.draw(on: frame)
    }
}
