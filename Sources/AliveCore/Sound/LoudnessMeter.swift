import Foundation

/// Integrated loudness (LUFS) by ITU-R BS.1770-4 (https://www.itu.int/rec/R-REC-BS.1770):
/// K-weighting (a high shelf near 1.7 kHz and a high-pass near 38 Hz), mean square per
/// 400 ms block with 75 % overlap, an absolute gate at -70 LUFS and a relative gate 10 LU
/// below the ungated loudness. The filter coefficients are derived for any sample rate as
/// libebur128 does; at 48 kHz they are the standard's. Checked against ffmpeg's `ebur128`
/// filter in the tests.
public enum LoudnessMeter {
    /// The integrated loudness of stereo `audio` (left and right weighted 1), or -infinity
    /// for silence. Clips shorter than one 400 ms block are measured as one block.
    public static func integratedLoudness(_ audio: StereoAudio) -> Double {
        // K-weighted energy per 100 ms step (both channels), streamed: no copy of the clip.
        let step = Int((Double(audio.sampleRate) * 0.1).rounded())
        var left = KWeighting(sampleRate: Double(audio.sampleRate))
        var right = left
        var stepEnergy: [Double] = []
        stepEnergy.reserveCapacity(audio.count / step + 1)
        var sum = 0.0, total = 0.0
        for i in 0..<audio.count {
            let l = left.process(Double(audio.left[i])), r = right.process(Double(audio.right[i]))
            sum += l * l + r * r
            if (i + 1) % step == 0 {
                stepEnergy.append(sum)
                total += sum
                sum = 0
            }
        }
        total += sum
        // 400 ms blocks as four consecutive steps (75 % overlap).
        var blocks: [Double] = []
        if stepEnergy.count >= 4 {
            for b in 0...(stepEnergy.count - 4) {
                blocks.append((stepEnergy[b] + stepEnergy[b + 1] + stepEnergy[b + 2] + stepEnergy[b + 3]) / Double(4 * step))
            }
        } else if audio.count > 0 {
            blocks.append(total / Double(audio.count))
        }
        func loudness(_ energy: Double) -> Double { -0.691 + 10 * log10(energy) }
        let absolute = blocks.filter { loudness($0) > -70 }
        guard !absolute.isEmpty else { return -.infinity }
        let relativeGate = loudness(absolute.reduce(0, +) / Double(absolute.count)) - 10
        let gated = absolute.filter { loudness($0) > relativeGate }
        return loudness(gated.reduce(0, +) / Double(gated.count))
    }

    /// BS.1770's two K-weighting stages for one channel, in Double (direct form II
    /// transposed).
    struct KWeighting {
        private let shelf: Coefficients, highPass: Coefficients
        private var s1 = (0.0, 0.0), s2 = (0.0, 0.0)

        init(sampleRate: Double) { (shelf, highPass) = LoudnessMeter.kWeightingCoefficients(sampleRate: sampleRate) }

        @inline(__always) mutating func process(_ x: Double) -> Double {
            let y = shelf.b.0 * x + s1.0
            s1.0 = shelf.b.1 * x - shelf.a.1 * y + s1.1
            s1.1 = shelf.b.2 * x - shelf.a.2 * y
            let z = highPass.b.0 * y + s2.0
            s2.0 = highPass.b.1 * y - highPass.a.1 * z + s2.1
            s2.1 = highPass.b.2 * y - highPass.a.2 * z
            return z
        }
    }

    typealias Coefficients = (b: (Double, Double, Double), a: (Double, Double, Double))

    /// BS.1770's pre-filter (shelf) and RLB high-pass, from their analogue prototypes.
    static func kWeightingCoefficients(sampleRate: Double) -> (shelf: Coefficients, highPass: Coefficients) {
        var f0 = 1681.974450955533, q = 0.7071752369554196
        let gain = 3.999843853973347
        var k = tan(Double.pi * f0 / sampleRate)
        let vh = pow(10, gain / 20), vb = pow(vh, 0.4996667741545416)
        var a0 = 1 + k / q + k * k
        let shelf: Coefficients = (((vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0),
                                   (1, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0))
        f0 = 38.13547087602444
        q = 0.5003270373238773
        k = tan(Double.pi * f0 / sampleRate)
        a0 = 1 + k / q + k * k
        let highPass: Coefficients = ((1, -2, 1), (1, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0))
        return (shelf, highPass)
    }
}
