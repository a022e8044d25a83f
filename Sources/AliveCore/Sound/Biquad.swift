import Foundation

/// A second-order IIR filter in transposed direct form II, with the coefficients of Robert
/// Bristow-Johnson's "Audio EQ Cookbook" (https://www.w3.org/TR/audio-eq-cookbook/).
/// `set` changes the coefficients and keeps the state, so a filter can sweep (a gust, a
/// wave's crash) without a click; beds retune at control rate (every `SoundBed.controlBlock`
/// samples), never per sample, because `set` costs a sine and a cosine.
struct Biquad {
    enum Kind { case lowPass, highPass, bandPass }

    private var b0: Float = 1, b1: Float = 0, b2: Float = 0, a1: Float = 0, a2: Float = 0
    private var z1: Float = 0, z2: Float = 0

    init() {}

    init(_ kind: Kind, frequency: Float, q: Float = 0.7071, sampleRate: Float) {
        set(kind, frequency: frequency, q: q, sampleRate: sampleRate)
    }

    /// New coefficients; `frequency` is kept below Nyquist. Band-pass has 0 dB at the centre.
    mutating func set(_ kind: Kind, frequency: Float, q: Float = 0.7071, sampleRate: Float) {
        let f = min(max(frequency, 5), sampleRate * 0.49)
        let w = 2 * Float.pi * f / sampleRate
        let cosw = cos(w), alpha = sin(w) / (2 * max(q, 0.05))
        let a0 = 1 + alpha
        switch kind {
        case .lowPass:
            b0 = (1 - cosw) / 2; b1 = 1 - cosw; b2 = b0
        case .highPass:
            b0 = (1 + cosw) / 2; b1 = -(1 + cosw); b2 = b0
        case .bandPass:
            b0 = alpha; b1 = 0; b2 = -alpha
        }
        a1 = -2 * cosw
        a2 = 1 - alpha
        b0 /= a0; b1 /= a0; b2 /= a0; a1 /= a0; a2 /= a0
    }

    @inline(__always) mutating func process(_ x: Float) -> Float {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }
}
