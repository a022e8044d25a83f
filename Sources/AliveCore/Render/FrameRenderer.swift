/// Renders frame `i` of a clip: the camera's window at that moment, warped from the plate,
/// and, when the scene moves, its layers composed by a `SceneAnimator`.
///
/// Every frame is computed from the plate alone (never from the previous frame), so any
/// frame can be rendered on its own and errors never accumulate.
public final class FrameRenderer: @unchecked Sendable {
    public let framing: Framing
    public let plate: Plate
    public let frameCount: Int
    public let schedule: RenderSchedule
    /// Frames per loop cycle; nil plays the motion once over the clip.
    public let loopFrames: Int?
    /// The scene's own motion (sky, water, parallax, ...); nil for a camera-only clip.
    public let animator: SceneAnimator?
    public let fps: Int

    public init(plate: Plate, framing: Framing, frameCount: Int, schedule: RenderSchedule, loopFrames: Int? = nil,
                animator: SceneAnimator? = nil, fps: Int = 30) {
        precondition(frameCount >= 1 && (loopFrames ?? 2) >= 2 && fps >= 1)
        self.loopFrames = loopFrames
        self.plate = plate
        self.framing = framing
        self.frameCount = frameCount
        self.schedule = schedule
        self.animator = animator
        self.fps = fps
    }

    /// Normalised time of frame `index`: 0 for the first frame, 1 for the last. In a loop,
    /// time goes 0 -> 1 -> 0 over each cycle of `loopFrames` frames, so frame `loopFrames`
    /// (the one after the last of a cycle) is frame 0 again; the moves' easing makes the
    /// turn at each end smooth.
    public func time(ofFrame index: Int) -> Double {
        if let cycle = loopFrames {
            let phase = Double(index % cycle) / Double(cycle)
            return phase <= 0.5 ? 2 * phase : 2 - 2 * phase
        }
        return frameCount > 1 ? Double(index) / Double(frameCount - 1) : 0
    }

    /// Seconds into the clip of frame `index`, for motions that go on (clouds, water).
    public func seconds(ofFrame index: Int) -> Double { Double(index) / Double(fps) }

    /// The backward map of frame `index`.
    public func map(forFrame index: Int) -> AffineMap {
        plate.map(showing: framing.path.window(at: time(ofFrame: index)),
                  width: framing.outputWidth, height: framing.outputHeight)
    }

    /// The camera's state at frame `index`, in plate pixels, for depth parallax.
    public func moment(forFrame index: Int) -> DepthParallax.Moment {
        let t = time(ofFrame: index)
        let first = framing.path.window(at: 0), now = framing.path.window(at: t)
        let region = plate.region
        let sx = Float(Double(plate.buffer.width) / region.width), sy = Float(Double(plate.buffer.height) / region.height)
        let move = framing.path.move
        return DepthParallax.Moment(
            travel: SIMD2(Float(now.centerX - first.centerX) * sx, Float(now.centerY - first.centerY) * sy),
            centre: SIMD2(Float(now.centerX - region.minX) * sx, Float(now.centerY - region.minY) * sy),
            magnification: Float(first.width / now.width),
            orbit: Float(move.orbit * first.width * move.easing(t)) * sx)
    }

    /// Renders frame `index` into `frame` (of the output's size), calling `finish` on each
    /// band of finished rows on the worker that drew it.
    public func render(frame index: Int, into frame: FrameBuffer, finish: BandFinish? = nil) {
        precondition(frame.width == framing.outputWidth && frame.height == framing.outputHeight)
        if let animator {
            animator.render(map: map(forFrame: index), moment: moment(forFrame: index),
                            seconds: seconds(ofFrame: index), into: frame, schedule: schedule, finish: finish)
        } else {
            BilinearWarp.render(source: plate.buffer, map: map(forFrame: index), into: frame, schedule: schedule,
                                finish: finish)
        }
    }
}
