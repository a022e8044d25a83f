/// The finished frame: the scene as `FrameRenderer` draws it, with the plan's light grade and
/// the "AI-generated" badge over it. This is what the encoder receives and what `alive frames`
/// writes, so every command and every test finishes a frame the same way.
public struct FinishedFrames: Sendable {
    public let renderer: FrameRenderer
    /// The light change of the plan (a grade that moves over the clip); nil keeps the colours.
    public let light: LightChange?
    /// The badge, drawn last; nil for an unlabelled render.
    public let label: LabelRenderer?

    public init(renderer: FrameRenderer, light: LightChange?, label: LabelRenderer?) {
        (self.renderer, self.light, self.label) = (renderer, light, label)
    }

    /// Renders finished frame `index` into `frame`.
    public func render(frame index: Int, into frame: FrameBuffer) {
        renderer.render(frame: index, into: frame)
        light?.grade(at: renderer.time(ofFrame: index)).apply(to: frame, schedule: renderer.schedule)
        label?.draw(on: frame)
    }

    /// Renders finished frame `index` as `render(frame:into:)` does and converts it into `yuv`:
    /// each band of rows is graded, labelled and converted by the worker that drew it while
    /// the band is still in cache (one pass over the frame's memory instead of three).
    public func render(frame index: Int, into frame: FrameBuffer, yuv: YUVFrame) {
        guard renderer.schedule.rowsPerBand % 2 == 0 else {
            // Bands of odd height would split the row pairs that share chroma.
            render(frame: index, into: frame)
            BT709.convert(frame, into: yuv, schedule: renderer.schedule)
            return
        }
        let grade = light.map { $0.grade(at: renderer.time(ofFrame: index)) }
        let label = self.label
        yuv.withPlanes { planes in
            renderer.render(frame: index, into: frame) { rows, _ in
                grade?.apply(to: frame, rows: rows)
                label?.draw(on: frame, rows: rows)
                BT709.convert(frame, rows: rows, into: planes)
            }
        }
    }
}
