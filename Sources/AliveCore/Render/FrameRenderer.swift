/// Renders frame `i` of a clip: the camera's window at that moment, warped from the plate.
///
/// Every frame is computed from the plate alone (never from the previous frame), so any
/// frame can be rendered on its own and errors never accumulate.
public final class FrameRenderer: @unchecked Sendable {
    public let framing: Framing
    public let plate: Plate
    public let frameCount: Int
    public let schedule: RenderSchedule

    public init(plate: Plate, framing: Framing, frameCount: Int, schedule: RenderSchedule) {
        precondition(frameCount >= 1)
        self.plate = plate
        self.framing = framing
        self.frameCount = frameCount
        self.schedule = schedule
    }

    /// Normalised time of frame `index`: 0 for the first frame, 1 for the last.
    public func time(ofFrame index: Int) -> Double {
        frameCount > 1 ? Double(index) / Double(frameCount - 1) : 0
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
