import Foundation

/// A look-ahead peak limiter that works on the whole clip at once (the bed is synthesised
/// before encoding, so nothing needs to be causal): the gain each sample needs to stay under
/// the ceiling, spread to a window of ±`lookAhead` by a minimum filter and smoothed by a
/// moving average of the same width (so the smooth gain is never above what any sample
/// needs), then allowed to recover no faster than `release`. For a loop the windows wrap
/// around, so the gain at the seam is continuous.
public struct Limiter: Sendable {
    /// The largest absolute sample value allowed out (full scale 1).
    public var ceiling: Float
    public var lookAhead: Double = 0.005
    public var release: Double = 0.08

    public init(ceiling: Float) { self.ceiling = ceiling }

    /// -3 dBFS: two decibels under the -1 dBFS promised, for the AAC encoder's overshoot
    /// (decoded crackles and drops peak up to 1.5 dB above their input).
    public static let standard = Limiter(ceiling: 0.708)

    public func apply(to audio: inout StereoAudio, circular: Bool = false) {
        let n = audio.count
        guard n > 0 else { return }
        let half = max(1, Int(lookAhead * Double(audio.sampleRate)))
        // Gain each sample needs; most need none, and only those pay for the minimum filter.
        var spread = [Float](repeating: 1, count: n)
        var anyOver = false
        for i in 0..<n {
            let peak = max(abs(audio.left[i]), abs(audio.right[i]))
            guard peak > ceiling else { continue }
            anyOver = true
            let need = ceiling / peak
            for j in (i - half)...(i + half) {
                let k: Int
                if circular { k = (j % n + n) % n } else if j < 0 || j >= n { continue } else { k = j }
                if spread[k] > need { spread[k] = need }
            }
        }
        guard anyOver else { return }
        // Moving average over the same ±half window: a running sum in Double. Outside a
        // clip that does not loop the edge's gain continues, which keeps the guarantee there.
        func spreadAt(_ j: Int) -> Double {
            if circular { return Double(spread[(j % n + n) % n]) }
            return Double(spread[min(max(j, 0), n - 1)])
        }
        var smooth = [Float](repeating: 1, count: n)
        var running = 0.0
        for j in -half...half { running += spreadAt(j) }
        let width = Double(2 * half + 1)
        for i in 0..<n {
            smooth[i] = min(Float(running / width), 1)
            running += spreadAt(i + half + 1) - spreadAt(i - half)
        }
        // Recovery no faster than `release` (a one-pole rise towards 1); never above `smooth`.
        let rise = Float(1 - exp(-1 / (release * Double(audio.sampleRate))))
        var gain: Float = 1
        if circular {
            // Settle the recursion on the clip's tail first, so the seam is continuous.
            for i in max(0, n - audio.sampleRate)..<n { gain = min(smooth[i], gain + (1 - gain) * rise) }
        }
        for i in 0..<n {
            gain = min(smooth[i], gain + (1 - gain) * rise)
            audio.left[i] *= gain
            audio.right[i] *= gain
        }
    }
}
