/// The random numbers of the sound beds: the project's SplitMix64 (`SeededRandom`), seeded
/// from `--seed` and the bed, so the same seed always gives the same samples on every
/// machine. A struct with one word of state, so a voice keeps its own generator inline and
/// nothing is shared.
struct SoundRandom {
    private var core: SeededRandom

    init(seed: UInt64, stream: UInt64 = 0) {
        // Distinct streams from one seed: voices of a bed must not repeat each other.
        core = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 1) &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    @inline(__always) mutating func next() -> UInt64 { core.next() }

    /// Uniform in 0 ..< 1, 24 bits (every value exactly representable).
    @inline(__always) mutating func unit() -> Float {
        Float(next() >> 40) * (1 / 16_777_216)
    }

    /// Uniform in -1 ..< 1: white noise.
    @inline(__always) mutating func bipolar() -> Float { unit() * 2 - 1 }

    /// Uniform in `low ..< high`.
    @inline(__always) mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * unit() }

    /// True with probability `p`.
    @inline(__always) mutating func chance(_ p: Float) -> Bool { unit() < p }
}

/// Pink noise (-3 dB per octave) from white: Paul Kellet's three-pole approximation,
/// within 0.5 dB of 1/f above 10 Hz at 48 kHz. Natural sources (surf, wind, traffic) are
/// closer to pink than to white.
struct PinkNoise {
    private var b0: Float = 0, b1: Float = 0, b2: Float = 0

    @inline(__always) mutating func next(_ white: Float) -> Float {
        b0 = 0.99765 * b0 + white * 0.0990460
        b1 = 0.96300 * b1 + white * 0.2965164
        b2 = 0.57000 * b2 + white * 1.0526913
        return (b0 + b1 + b2 + white * 0.1848) * 0.2
    }
}

/// Brown noise (-6 dB per octave): a leaky integrator of white, for rumbles.
struct BrownNoise {
    private var last: Float = 0

    @inline(__always) mutating func next(_ white: Float) -> Float {
        last = (last + 0.02 * white) / 1.02
        return last * 3.5
    }
}
