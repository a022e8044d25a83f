/// Renders frame `i` of a clip: the camera's window at that moment, warped from the plate.
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

    public init(plate: Plate, framing: Framing, frameCount: Int, schedule: RenderSchedule, loopFrames: Int? = nil) {
        precondition(frameCount >= 1 && (loopFrames ?? 2) >= 2)
        self.loopFrames = loopFrames
        self.plate = plate
        self.framing = framing
        self.frameCount = frameCount
        self.schedule = schedule
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

    /// The backward map of frame `index`.
    public func map(forFrame index: Int) -> AffineMap {
        plate.map(showing: framing.path.window(at: time(ofFrame: index)),
                  width: framing.outputWidth, height: framing.outputHeight)
    }

    /// Renders frame `index` into `frame` (of the output's size).
    public func render(frame index: Int, into frame: FrameBuffer) {
        precondition(frame.width == framing.outputWidth && frame.height == framing.outputHeight)
        BilinearWarp.render(source: plate.buffer, map: map(forFrame: index), into: frame, schedule: schedule)
    }
}
