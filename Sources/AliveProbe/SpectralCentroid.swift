import Foundation

/// The mean frequency of a sound weighted by its power: where its energy sits (surf low,
/// crickets high). For tests and benchmarks that tell sounds apart by measurement.
public enum SpectralCentroid {
    /// Hz, from DFTs of 2048-sample Hann windows (every eighth window, every fourth bin) of
    /// the sum of the channels.
    public static func of(left: [Float], right: [Float], sampleRate: Double) -> Double {
        let n = 2048
        let count = min(left.count, right.count)
        let hann: [Double] = (0..<n).map { (i: Int) -> Double in 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(n)) }
        var weighted = 0.0, total = 0.0
        var start = 0
        var frame = [Double](repeating: 0, count: n)
        while start + n <= count {
            for i in 0..<n { frame[i] = (Double(left[start + i]) + Double(right[start + i])) * hann[i] }
            for k in stride(from: 1, to: n / 2, by: 4) {
                // One DFT bin, its twiddle turned by a rotation rather than a cos and sin per sample.
                let w = 2 * Double.pi * Double(k) / Double(n)
                let stepC = cos(w), stepS = sin(w)
                var c = 1.0, s = 0.0, re = 0.0, im = 0.0
                for i in 0..<n {
                    re += frame[i] * c
                    im -= frame[i] * s
                    let next = c * stepC - s * stepS
                    s = s * stepC + c * stepS
                    c = next
                }
                let power = re * re + im * im
                weighted += power * Double(k) * sampleRate / Double(n)
                total += power
            }
            start += n * 8
        }
        return total > 0 ? weighted / total : 0
    }
}
