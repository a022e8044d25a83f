public import AliveCore
import AliveProvenance
import Foundation

/// What the video gate learns from the frames on their way to the encoder: per frame, the
/// median luma and how much the frame differs from the one before, on a grid of one pixel in
/// `step` x `step` of the Y plane (1/64 of the pixels by default). It runs on the encoding
/// thread between frames and costs a few microseconds a frame (README, Moderation).
public final class VideoWatch: @unchecked Sendable {
    public let step: Int
    public private(set) var frames = 0
    /// The median Y' (limited range: 16 is black) of each frame's samples.
    public private(set) var medianLuma: [UInt8] = []
    /// Samples that differ from the previous frame's, summed over the clip.
    public private(set) var changedSamples = 0
    private var previous: [UInt8] = []
    private var current: [UInt8] = []

    public init(step: Int = 8) { self.step = max(1, step) }

    public func observe(_ frame: YUVFrame) {
        let half = step / 2
        let columns = (frame.width - half + step - 1) / step, rows = (frame.height - half + step - 1) / step
        let count = max(0, columns) * max(0, rows)
        let comparable = previous.count == count
        if current.count != count { current = [UInt8](repeating: 0, count: count) }
        var histogram = [Int](repeating: 0, count: 256)
        var changed = 0
        // One pass, one pointer each: no allocation or bounds check per sample.
        frame.y.withUnsafeBufferPointer { y in
            histogram.withUnsafeMutableBufferPointer { h in
                current.withUnsafeMutableBufferPointer { c in
                    previous.withUnsafeBufferPointer { p in
                        var k = 0
                        for row in 0..<rows {
                            var i = (half + row * step) * frame.width + half
                            for _ in 0..<columns {
                                let v = y[i]
                                h[Int(v)] &+= 1
                                if comparable && p[k] != v { changed &+= 1 }
                                c[k] = v
                                k += 1
                                i += step
                            }
                        }
                    }
                }
            }
        }
        var seen = 0, median = 0
        while median < 255 && seen + histogram[median] <= count / 2 {
            seen += histogram[median]
            median += 1
        }
        medianLuma.append(UInt8(median))
        changedSamples += changed
        frames += 1
        swap(&previous, &current)
    }
}

/// The video gate: technical integrity of the frames before signing, and of the signed file
/// before it is renamed into place.
public enum VideoCheck {
    /// What the frame checks cover, as the manifest lists them.
    static let checks = ["frame-count", "not-black", "not-frozen"]
    /// Limited-range black is 16; a frame whose median is at most this is black.
    static let blackLuma: UInt8 = 18

    /// Frames: as many as planned reached the encoder and the watch; not all black unless the
    /// photo is dark itself; not frozen when the plan moves the camera or the light.
    static func checkFrames(_ watch: VideoWatch, planned: Int, encoded: Int, plan: MotionPlan,
                            plate: FrameBuffer) throws(PipelineError) {
        if encoded != planned || watch.frames != planned {
            throw .refused(gate: .video, rule: "video-frame-count",
                           reason: "the encoder received \(encoded) frames and \(watch.frames) were checked, but \(planned) were planned")
        }
        if watch.medianLuma.allSatisfy({ $0 <= blackLuma }) && plateMedianLuma(plate) > 0.06 {
            throw .refused(gate: .video, rule: "video-black", reason: "every frame is black, but the photo is not")
        }
        let moves = !plan.camera.isStill || plan.light != nil
        if moves && planned > 1 && watch.changedSamples == 0 {
            throw .refused(gate: .video, rule: "video-frozen",
                           reason: "the plan moves the camera or the light, but no frame differs from the one before")
        }
    }

    /// The plate's median luma, 0-1, on a coarse grid.
    static func plateMedianLuma(_ plate: FrameBuffer) -> Float {
        var values: [Float] = []
        let step = max(1, Int((Double(plate.pixelCount) / 16_384).squareRoot()))
        plate.withPixels { p in
            var y = step / 2
            while y < plate.height {
                var x = step / 2
                while x < plate.width {
                    let px = p[y * plate.width + x]
                    values.append(0.2126 * px.x + 0.7152 * px.y + 0.0722 * px.z)
                    x += step
                }
                y += step
            }
        }
        values.sort()
        return values.isEmpty ? 0 : values[values.count / 2]
    }

    /// The signed file: its manifest verifies with alive's own reader, it and the XMP declare
    /// the digital source type asked for (AI-generated unless the user chose otherwise), and
    /// the manifest carries the render and moderation assertions. (The visible badge is drawn
    /// on every frame by `LabelRenderer` and not looked for again here.)
    static func checkSigned(_ path: String, sourceType: String) throws(PipelineError) {
        let report = ProvenanceReader.verify(path: path)
        guard report.outcome == .valid || report.outcome == .trusted, let manifest = report.manifest else {
            let why = report.problem ?? report.results.integrityFailures.map(\.code).joined(separator: ", ")
            throw .refused(gate: .video, rule: "video-manifest", reason: "the signed video's manifest does not verify (\(report.outcome.rawValue)\(why.isEmpty ? "" : ": " + why))")
        }
        let declared = manifest.digitalSourceType.flatMap { try? DigitalSourceType(iptcTerm: $0) }
        let asked = try? DigitalSourceType(iptcTerm: sourceType)
        guard let declared, declared == asked else {
            throw .refused(gate: .video, rule: "video-ai-label",
                           reason: "the manifest does not declare the digital source type \(sourceType)")
        }
        guard XMPBox.digitalSourceType(inVideoAt: path) == asked?.uri else {
            throw .refused(gate: .video, rule: "video-ai-label",
                           reason: "the video's XMP does not declare the digital source type \(sourceType)")
        }
        for label in [RenderAssertion.defaultLabel, ModerationRecord.label] where !manifest.assertions.contains(label) {
            throw .refused(gate: .video, rule: "video-manifest", reason: "the manifest lacks the \(label) assertion")
        }
    }
}
