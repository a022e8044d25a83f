/// How far a clip's frame-to-frame motion departs from a smooth curve: the shake a viewer
/// sees. For each frame pair the fitted motion is turned into the displacement of the four
/// corners of the frame; each of those eight series is smoothed (Savitzky–Golay, quadratic,
/// 9 taps) and the RMS of the residual is the jitter, in pixels.
public enum Jitter {
    public static func residualRMS(_ motions: [MotionProbe.FrameMotion], width: Int, height: Int) -> Double {
        let corners = [(0.0, 0.0), (Double(width), 0.0), (0.0, Double(height)), (Double(width), Double(height))]
        var series: [[Double]] = []
        for (x, y) in corners {
            let d = motions.map { $0.displacement(x: x, y: y, width: width, height: height) }
            series.append(d.map(\.0))
            series.append(d.map(\.1))
        }
        var sum = 0.0, count = 0.0
        for s in series {
            let smooth = savitzkyGolay(s)
            for i in 4..<max(4, s.count - 4) {
                let r = s[i] - smooth[i]
                sum += r * r
                count += 1
            }
        }
        return count > 0 ? (sum / count).squareRoot() : 0
    }

    /// Quadratic Savitzky–Golay smoothing over 9 points (edges left as they are).
    static func savitzkyGolay(_ s: [Double]) -> [Double] {
        let c: [Double] = [-21, 14, 39, 54, 59, 54, 39, 14, -21]
        var out = s
        guard s.count >= 9 else { return out }
        for i in 4..<(s.count - 4) {
            var acc = 0.0
            for k in 0..<9 { acc += c[k] * s[i + k - 4] }
            out[i] = acc / 231
        }
        return out
    }
}
